#include "podgrid/podstate.h"
#include "scenario.h"

#include "controllers/kubelet.h"

#include <QTest>

using namespace rl;
using namespace rl::testing;

class TestPodState : public QObject
{
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void scenario_data();
    void scenario();
    void minReadyProgress();
    void terminationCountdown();
    void pullingOnlyFromEvents();
};

namespace {

QString label(const PodStateInfo& i)
{
    static const char* names[]
        = {"Pending", "Pulling", "Creating", "Running", "Ready", "Available", "Terminating", "Failed"};
    QString s = QString::fromLatin1(names[int(i.state)]);
    if (i.state == PodVisualState::Failed)
        s += QLatin1Char(':') + i.reason;
    return s;
}

Pod basePod()
{
    Pod p;
    p.metadata.name = QStringLiteral("web-1");
    p.metadata.uid = QStringLiteral("uid-1");
    Container c;
    c.name = QStringLiteral("app");
    c.image = QStringLiteral("demo:1");
    p.spec.edit().containers.push_back(c);
    return p;
}

ContainerStatus waiting(const QString& reason)
{
    ContainerStatus cs;
    cs.name = QStringLiteral("app");
    cs.state.kind = ContainerState::Kind::Waiting;
    cs.state.reason = reason;
    return cs;
}

/// The first pod of the store (the tests run one).
PodPtr onlyPod(const Simulation& sim)
{
    const auto& pods = sim.store().all<Pod>();
    return pods.empty() ? nullptr : pods.begin()->second;
}

/// True if `expected` appears in `seen` in this order (other entries may sit in between).
bool subsequence(const QStringList& seen, const QStringList& expected)
{
    int i = 0;
    for (const QString& s : seen)
        if (i < expected.size() && s == expected[i])
            ++i;
    return i == expected.size();
}

} // namespace

// Hand-built pods, shaped as the kubelet writes them (see model/controllers/kubelet.cpp buildStatus).
void TestPodState::rules_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("minReady");
    QTest::addColumn<QString>("expected");
    QTest::newRow("new pod, no status") << "new" << 0 << "Pending";
    QTest::newRow("admitted, ContainerCreating") << "creating" << 0 << "Creating";
    QTest::newRow("ErrImagePull") << "ErrImagePull" << 0 << "Failed:ErrImagePull";
    QTest::newRow("ImagePullBackOff") << "ImagePullBackOff" << 0 << "Failed:ImagePullBackOff";
    QTest::newRow("CrashLoopBackOff") << "CrashLoopBackOff" << 0 << "Failed:CrashLoopBackOff";
    QTest::newRow("terminated Error, awaiting restart") << "terminated" << 0 << "Failed:Error";
    QTest::newRow("running, not ready") << "running" << 0 << "Running";
    QTest::newRow("ready, minReadySeconds 0") << "ready" << 0 << "Available";
    QTest::newRow("ready 5s, minReadySeconds 10") << "ready" << 10 << "Ready";
    QTest::newRow("ready 5s, minReadySeconds 5 (strict <)") << "ready" << 5 << "Ready";
    QTest::newRow("ready 5s, minReadySeconds 4") << "ready" << 4 << "Available";
    QTest::newRow("deleting, still ready") << "deleting" << 0 << "Terminating";
    QTest::newRow("phase Failed") << "failed" << 0 << "Failed:Failed";
}

void TestPodState::rules()
{
    QFETCH(QString, shape);
    QFETCH(int, minReady);
    QFETCH(QString, expected);
    const Millis now = 1'000'000;
    Pod p = basePod();
    p.status.phase = QStringLiteral("Pending");
    if (shape == QLatin1String("creating")) {
        p.spec.edit().nodeName = QStringLiteral("node1");
        p.status.containerStatuses.push_back(waiting(QStringLiteral("ContainerCreating")));
    } else if (shape == QLatin1String("ErrImagePull") || shape == QLatin1String("ImagePullBackOff")
        || shape == QLatin1String("CrashLoopBackOff")) {
        p.spec.edit().nodeName = QStringLiteral("node1");
        if (shape == QLatin1String("CrashLoopBackOff"))
            p.status.phase = QStringLiteral("Running");
        p.status.containerStatuses.push_back(waiting(shape));
    } else if (shape == QLatin1String("terminated")) {
        p.status.phase = QStringLiteral("Running");
        ContainerStatus cs;
        cs.name = QStringLiteral("app");
        cs.state.kind = ContainerState::Kind::Terminated;
        cs.state.reason = QStringLiteral("Error");
        cs.state.exitCode = 1;
        p.status.containerStatuses.push_back(cs);
    } else if (shape == QLatin1String("running") || shape == QLatin1String("ready")
        || shape == QLatin1String("deleting")) {
        p.status.phase = QStringLiteral("Running");
        ContainerStatus cs;
        cs.name = QStringLiteral("app");
        cs.state.kind = ContainerState::Kind::Running;
        cs.ready = shape != QLatin1String("running");
        p.status.containerStatuses.push_back(cs);
        p.status.conditions.push_back({QStringLiteral("Ready"),
            cs.ready ? QStringLiteral("True") : QStringLiteral("False"), kNoTime, now - 5000, {}, {}});
        if (shape == QLatin1String("deleting")) {
            p.metadata.deletionTimestamp = now + 20'000;
            p.metadata.deletionGracePeriodSeconds = 30;
        }
    } else if (shape == QLatin1String("failed")) {
        p.status.phase = QStringLiteral("Failed");
    }
    QCOMPARE(label(classifyPod(p, minReady, now)), expected);
}

// A real Simulation plays each case; the pod's state is sampled every 100 ms of simulated time.
void TestPodState::scenario_data()
{
    QTest::addColumn<QStringList>("docs");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QStringList>("expected"); // in this order (a subsequence of what was seen)
    QTest::addColumn<QStringList>("never");

    const QString slow = QStringLiteral("  pullSeconds: 3\n  startupSeconds: 2\n");
    QTest::newRow("image pulled, probe, minReadySeconds 5")
        << QStringList {imageYaml(QStringLiteral("demo"), QStringLiteral("demo:1"), slow),
               deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:1"), 1, 5, {}, true)}
        << 20 << QStringList {"Pending", "Creating", "Pulling", "Creating", "Running", "Ready", "Available"}
        << QStringList {"Terminating"};
    QTest::newRow("default image, no probe, minReadySeconds 0")
        << QStringList {deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:2"), 1)} << 15
        << QStringList {"Pending", "Creating", "Pulling", "Creating", "Available"} << QStringList {"Ready", "Running"};
    QTest::newRow("missing image")
        << QStringList {imageYaml(
                            QStringLiteral("gone"), QStringLiteral("demo:404"), QStringLiteral("  exists: false\n")),
               deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:404"), 1)}
        << 90
        // A retried pull keeps the last error as the waiting reason (the kubelet writes the status
        // when the sync ends), so after the first failure the tile alternates between the errors.
        << QStringList {"Pending", "Creating", "Pulling", "Failed:ErrImagePull", "Failed:ImagePullBackOff",
               "Failed:ErrImagePull", "Failed:ImagePullBackOff"}
        << QStringList {"Running", "Ready", "Available"};
    QTest::newRow("crashing image") << QStringList {imageYaml(QStringLiteral("crash"), QStringLiteral("demo:crash"),
                                                        QStringLiteral("  crash: {afterSeconds: 3, exitCode: 1}\n")),
        deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:crash"), 1)}
                                    << 60
                                    << QStringList {"Creating", "Available", "Failed:Error", "Available",
                                           "Failed:CrashLoopBackOff", "Available"}
                                    << QStringList {"Terminating"};
}

void TestPodState::scenario()
{
    QFETCH(QStringList, docs);
    QFETCH(int, seconds);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, never);
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner, docs), 0);
    PodEventIndex events;
    QStringList seen;
    for (int i = 0; i < seconds * 10; ++i) {
        sim.advance(100);
        const PodPtr pod = onlyPod(sim);
        if (!pod)
            continue;
        const auto rs = sim.store().all<ReplicaSet>().begin()->second;
        events.rebuild(sim.store().all<Event>(), sim.store().resourceVersion());
        const QString s
            = label(classifyPod(*pod, rs->spec.minReadySeconds, sim.now(), events.isPulling(pod->metadata.uid)));
        if (seen.isEmpty() || seen.last() != s)
            seen << s;
    }
    if (!subsequence(seen, expected))
        qWarning() << "seen" << seen;
    QVERIFY(subsequence(seen, expected));
    for (const QString& n : never)
        QVERIFY2(!seen.contains(n), qPrintable(n + QStringLiteral(" seen in ") + seen.join(QLatin1Char(' '))));
}

void TestPodState::minReadyProgress()
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner, {deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:1"), 1, 10)}), 0);
    QVERIFY(sim.advanceUntil(
        [&] {
            const PodPtr p = onlyPod(sim);
            return p && p->isReady();
        },
        60'000));
    const PodPtr pod = onlyPod(sim);
    const Millis since = pod->readySince();
    QVERIFY(since != kNoTime);
    // Halfway through minReadySeconds: Ready with the ring half full.
    const PodStateInfo half = classifyPod(*pod, 10, since + 5000);
    QCOMPARE(half.state, PodVisualState::Ready);
    QCOMPARE(half.readyProgress, 0.5);
    // At exactly readySince + 10 s it is not available yet (IsPodAvailable is strict), just after it is.
    QCOMPARE(classifyPod(*pod, 10, since + 10'000).state, PodVisualState::Ready);
    QCOMPARE(classifyPod(*pod, 10, since + 10'001).state, PodVisualState::Available);
    // Moving the same pod in time gives what classifying it anew gives.
    for (const Millis dt : {0, 2500, 5000, 9999, 10'000, 10'001, 60'000})
        QCOMPARE(advancePodState(half, *pod, 10, since + dt), classifyPod(*pod, 10, since + dt));
    // And the ReplicaSet agrees once the controller has seen it.
    sim.advance(12'000);
    QCOMPARE(sim.store().all<ReplicaSet>().begin()->second->status.availableReplicas, 1);
    QCOMPARE(classifyPod(*onlyPod(sim), 10, sim.now()).state, PodVisualState::Available);
}

void TestPodState::terminationCountdown()
{
    // A process that ignores SIGTERM stays Terminating for its whole grace period (lesson 04).
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner,
                 {imageYaml(QStringLiteral("worker"), QStringLiteral("worker:*"),
                      QStringLiteral("  shutdown:\n    ignoresSigterm: true\n")),
                     deploymentYaml(QStringLiteral("worker"), QStringLiteral("worker:1"), 1)}),
        0);
    sim.advance(20'000);
    const PodPtr before = onlyPod(sim);
    QVERIFY(before);
    QCOMPARE(classifyPod(*before, 0, sim.now()).state, PodVisualState::Available);
    const QString name = before->metadata.name;
    QCOMPARE(
        runner.runArgv({QStringLiteral("delete"), QStringLiteral("pod"), name, QStringLiteral("--wait=false")}), 0);
    const Millis deleted = sim.now();
    PodPtr pod = sim.store().get<Pod>(QStringLiteral("default"), name);
    QVERIFY(pod && pod->metadata.isDeleting());
    QCOMPARE(pod->metadata.deletionGracePeriodSeconds.value_or(-1), 30);
    PodStateInfo i = classifyPod(*pod, 0, sim.now());
    QCOMPARE(i.state, PodVisualState::Terminating);
    QCOMPARE(i.graceSecondsLeft, 30);
    sim.advance(10'000);
    pod = sim.store().get<Pod>(QStringLiteral("default"), name);
    QVERIFY(pod);
    i = classifyPod(*pod, 0, sim.now());
    QCOMPARE(i.state, PodVisualState::Terminating);
    // deletionTimestamp has whole seconds: 20 s (or 21 s when the delete fell mid-second) left.
    const qint64 expectLeft = (pod->metadata.deletionTimestamp - sim.now() + 999) / 1000;
    QCOMPARE(i.graceSecondsLeft, expectLeft);
    QVERIFY(i.graceSecondsLeft == 20 || i.graceSecondsLeft == 19);
    QVERIFY(qAbs(i.graceLeft - double(pod->metadata.deletionTimestamp - sim.now()) / 30000.0) < 1e-9);
    for (const Millis dt : {0, 999, 1000, 15'000, 40'000})
        QCOMPARE(advancePodState(i, *pod, 0, sim.now() + dt), classifyPod(*pod, 0, sim.now() + dt));
    // SIGKILL at the end of the grace period, then the pod object goes away.
    sim.advance(25'000);
    QVERIFY(!sim.store().get<Pod>(QStringLiteral("default"), name));
    Q_UNUSED(deleted);
}

void TestPodState::pullingOnlyFromEvents()
{
    // While the image is pulled the kubelet reports ContainerCreating, as a real one does: the
    // status alone says Creating, the Pulling event says Pulling.
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner,
                 {imageYaml(QStringLiteral("demo"), QStringLiteral("demo:1"), QStringLiteral("  pullSeconds: 10\n")),
                     deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:1"), 1)}),
        0);
    sim.advance(5000);
    const PodPtr pod = onlyPod(sim);
    QVERIFY(pod);
    QCOMPARE(pod->status.containerStatuses.size(), std::size_t(1));
    QCOMPARE(pod->status.containerStatuses[0].state.reason, QStringLiteral("ContainerCreating"));
    QCOMPARE(classifyPod(*pod, 0, sim.now()).state, PodVisualState::Creating);
    PodEventIndex events;
    events.rebuild(sim.store().all<Event>(), sim.store().resourceVersion());
    QCOMPARE(events.latestReason(pod->metadata.uid), QStringLiteral("Pulling"));
    QCOMPARE(classifyPod(*pod, 0, sim.now(), events.isPulling(pod->metadata.uid)).state, PodVisualState::Pulling);
    sim.advance(10'000);
    events.rebuild(sim.store().all<Event>(), sim.store().resourceVersion());
    QVERIFY(!events.isPulling(pod->metadata.uid));
    QCOMPARE(events.latestReason(pod->metadata.uid), QStringLiteral("Started"));
}

QTEST_GUILESS_MAIN(TestPodState)
#include "tst_podstate.moc"
