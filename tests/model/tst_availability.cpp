#include "analysis/rolloutanalysis.h"
#include "api/json.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "sim/snapshot.h"

#include <QFile>
#include <QTest>

#include <map>

using namespace rl;

// The availability series, markers and floor/ceiling of RolloutAnalysis against values recomputed
// independently: the object set at each sampled moment is rebuilt by replaying the watch history
// up to that moment, and the pods are counted from it with the Kubernetes definitions (active,
// Ready condition, podutil.IsPodAvailable with the ReplicaSet's minReadySeconds, the new
// ReplicaSet as the oldest one whose template equals the Deployment's).
namespace {

QString lessonDir(const QString& lesson)
{
    return QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/") + lesson;
}

struct Played
{
    std::unique_ptr<Simulation> sim = std::make_unique<Simulation>();
    /// Simulated time before and after each command, by its source text.
    std::vector<std::tuple<QString, Millis, Millis>> commands;

    Millis before(const QString& prefix, int nth = 0) const
    {
        for (const auto& [src, b, a] : commands)
            if (src.startsWith(prefix) && nth-- == 0)
                return b;
        qFatal("no command %s", qPrintable(prefix));
    }
    Millis after(const QString& prefix, int nth = 0) const
    {
        for (const auto& [src, b, a] : commands)
            if (src.startsWith(prefix) && nth-- == 0)
                return a;
        qFatal("no command %s", qPrintable(prefix));
    }
};

/// Plays a script command by command (think time 1 s, as rolloutctl), recording the times.
Played play(const QString& dir, const QString& script)
{
    Played p;
    ScriptRunner runner(*p.sim);
    runner.setWorkingDirectory(dir);
    runner.setSink([](const QString&, bool) {});
    for (const ScriptCommand& c : runner.parser().parse(script)) {
        const Millis before = p.sim->now();
        runner.runCommand(c);
        p.commands.emplace_back(c.source, before, p.sim->now());
        p.sim->advance(runner.thinkTime());
    }
    return p;
}

Played playLesson(const QString& lesson)
{
    QFile f(lessonDir(lesson) + QStringLiteral("/lesson.sh"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read lesson %s", qPrintable(lesson));
    return play(lessonDir(lesson), QString::fromUtf8(f.readAll()));
}

struct Objects
{
    std::map<QString, DeploymentPtr> deployments;
    std::map<QString, ReplicaSetPtr> replicaSets;
    std::map<QString, PodPtr> pods;
};

/// The objects as they were at `t`: every history event at or before t applied in order.
Objects replay(const std::vector<WatchEvent>& history, Millis t)
{
    Objects o;
    for (const WatchEvent& e : history) {
        if (e.time > t)
            break;
        auto put = [&](auto& map, const auto& ptr) {
            const QString key = objectKey(ptr->metadata.namespace_, ptr->metadata.name);
            if (e.type == WatchType::Deleted)
                map.erase(key);
            else
                map[key] = ptr;
        };
        if (e.kind == Kind::Deployment)
            put(o.deployments, std::get<DeploymentPtr>(e.object));
        else if (e.kind == Kind::ReplicaSet)
            put(o.replicaSets, std::get<ReplicaSetPtr>(e.object));
        else if (e.kind == Kind::Pod)
            put(o.pods, std::get<PodPtr>(e.object));
    }
    return o;
}

struct Counts
{
    int total = 0, ready = 0, available = 0, updated = 0, old = 0, terminating = 0;
    bool operator==(const Counts&) const = default;
};

QString toString(const Counts& c)
{
    return QStringLiteral("total=%1 ready=%2 available=%3 updated=%4 old=%5 terminating=%6")
        .arg(c.total)
        .arg(c.ready)
        .arg(c.available)
        .arg(c.updated)
        .arg(c.old)
        .arg(c.terminating);
}

Counts recount(const Objects& o, const QString& deployment, Millis t)
{
    Counts c;
    auto dit = o.deployments.find(objectKey(QStringLiteral("default"), deployment));
    std::map<QString, ReplicaSetPtr> owned;
    for (const auto& [key, rs] : o.replicaSets) {
        const OwnerReference* ref = rs->metadata.controllerRef();
        if (ref && ref->kind == QLatin1String("Deployment") && ref->name == deployment)
            owned[rs->metadata.name] = rs;
    }
    QString newRs;
    Millis newCreated = 0;
    if (dit != o.deployments.end()) {
        for (const auto& [name, rs] : owned) {
            if (!equalIgnoreHash(rs->spec.template_, dit->second->spec.template_))
                continue;
            if (newRs.isEmpty() || rs->metadata.creationTimestamp < newCreated) {
                newRs = name;
                newCreated = rs->metadata.creationTimestamp;
            }
        }
    }
    for (const auto& [key, pod] : o.pods) {
        const OwnerReference* ref = pod->metadata.controllerRef();
        if (!ref || !owned.count(ref->name))
            continue;
        const ReplicaSet& rs = *owned[ref->name];
        if (pod->metadata.deletionTimestamp != kNoTime)
            ++c.terminating;
        const bool active = pod->metadata.deletionTimestamp == kNoTime && pod->status.phase != QLatin1String("Failed")
            && pod->status.phase != QLatin1String("Succeeded");
        if (!active)
            continue;
        ++c.total;
        const PodCondition* ready = pod->status.condition(QStringLiteral("Ready"));
        if (ready && ready->status == QLatin1String("True")) {
            ++c.ready;
            const qint32 m = rs.spec.minReadySeconds;
            if (m == 0 || ready->lastTransitionTime + Millis(m) * 1000 < t)
                ++c.available;
        }
        if (ref->name == newRs)
            ++c.updated;
        else
            ++c.old;
    }
    return c;
}

Counts fromSample(const AvailabilitySample& s)
{
    return Counts {s.total, s.ready, s.available, s.updated, s.old, s.terminating};
}

/// Every moment where something may change, and 1 ms before it, plus a 250 ms grid.
std::vector<Millis> sampleTimes(const Simulation& sim, const RolloutAnalysis& a)
{
    std::vector<Millis> times;
    for (Millis t = sim.startTime(); t <= sim.now(); t += 250)
        times.push_back(t);
    for (const auto& s : a.samples()) {
        times.push_back(s.time);
        times.push_back(s.time - 1);
    }
    for (const auto& e : sim.store().history())
        times.push_back(e.time);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

QString deploymentYaml(int replicas, const QString& strategy)
{
    return QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: %1\n"
                          "  selector:\n    matchLabels: {app: web}\n  strategy:\n%2\n"
                          "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
                          "      containers:\n      - name: web\n        image: nginx:1.25\n")
        .arg(replicas)
        .arg(strategy);
}

} // namespace

class TestAvailability : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seriesEqualReplayedCounts_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::newRow("01 recreate") << QStringLiteral("01-kiada-recreate");
        QTest::newRow("02 rolling update") << QStringLiteral("02-kiada-rolling-update");
        QTest::newRow("03 faulty version, deadline, undo") << QStringLiteral("03-kiada-faulty-version");
    }
    void seriesEqualReplayedCounts()
    {
        QFETCH(QString, lesson);
        const Played p = playLesson(lesson);
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(p.sim->store().history(), p.sim->now());
        QVERIFY(a.samples().size() > 5);
        const auto& history = p.sim->store().history();
        int checked = 0;
        for (Millis t : sampleTimes(*p.sim, a)) {
            const Counts expected = recount(replay(history, t), QStringLiteral("kiada"), t);
            const Counts actual = fromSample(a.at(t));
            if (!(actual == expected))
                QFAIL(qPrintable(QStringLiteral("at %1 ms: analysis %2, replay %3")
                                     .arg(t - p.sim->startTime())
                                     .arg(toString(actual), toString(expected))));
            ++checked;
        }
        QVERIFY(checked > 100);
        // Samples are in time order and each differs from the one before.
        for (std::size_t i = 1; i < a.samples().size(); ++i) {
            QVERIFY(a.samples()[i - 1].time < a.samples()[i].time);
            QVERIFY(!a.samples()[i - 1].sameValues(a.samples()[i]));
        }
    }

    void incrementalEqualsOnePass()
    {
        // Fed in pieces while the lesson plays, the analysis ends where one pass over the whole
        // history ends.
        QFile f(lessonDir(QStringLiteral("02-kiada-rolling-update")) + QStringLiteral("/lesson.sh"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        Simulation sim;
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(lessonDir(QStringLiteral("02-kiada-rolling-update")));
        runner.setSink([](const QString&, bool) {});
        RolloutAnalysis live(QStringLiteral("default"), QStringLiteral("kiada"));
        for (const ScriptCommand& c : runner.parser().parse(QString::fromUtf8(f.readAll()))) {
            runner.runCommand(c);
            for (int i = 0; i < 4; ++i) {
                sim.advance(250);
                live.update(sim.store().history(), sim.now());
            }
        }
        RolloutAnalysis once(QStringLiteral("default"), QStringLiteral("kiada"));
        once.update(sim.store().history(), sim.now());
        QCOMPARE(live.samples(), once.samples());
        QCOMPARE(live.markers(), once.markers());
        QCOMPARE(live.pods(), once.pods());
    }

    void restartsOnAnotherHistory()
    {
        const Played one = playLesson(QStringLiteral("01-kiada-recreate"));
        const Played two = playLesson(QStringLiteral("02-kiada-rolling-update"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(one.sim->store().history(), one.sim->now());
        a.update(two.sim->store().history(), two.sim->now());
        RolloutAnalysis fresh(QStringLiteral("default"), QStringLiteral("kiada"));
        fresh.update(two.sim->store().history(), two.sim->now());
        QCOMPARE(a.samples(), fresh.samples());
        QCOMPARE(a.pods().size(), fresh.pods().size());
    }

    void followsSnapshotRestore()
    {
        // Scrubbing back: a snapshot restored into the same simulation truncates the history and
        // moves time back; the analysis ends where a fresh one over the restored history ends.
        Simulation sim;
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(lessonDir(QStringLiteral("02-kiada-rolling-update")));
        runner.setSink([](const QString&, bool) {});
        runner.runScript(
            QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                           "kubectl rollout status deployment kiada\n"
                           "kubectl apply -f deploy.kiada.0.7.rolling-update.yaml\n"));
        sim.advance(3000);
        const SimulationSnapshot snap = SimulationSnapshot::take(sim);
        sim.advance(12000); // a new pod becomes ready; its availability is 10 s later
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(sim.store().history(), sim.now());
        snap.restoreInto(sim);
        a.update(sim.store().history(), sim.now());
        RolloutAnalysis fresh(QStringLiteral("default"), QStringLiteral("kiada"));
        fresh.update(sim.store().history(), sim.now());
        QCOMPARE(a.samples(), fresh.samples());
        QVERIFY(a.samples().back().time <= sim.now());
        // And continues the same way after the restore.
        sim.advance(20000);
        a.update(sim.store().history(), sim.now());
        RolloutAnalysis again(QStringLiteral("default"), QStringLiteral("kiada"));
        again.update(sim.store().history(), sim.now());
        QCOMPARE(a.samples(), again.samples());
    }

    void floorAndCeiling_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("floor");
        QTest::addColumn<int>("ceiling");
        // Spec 10.1: R = 10, 25 %/25 % -> min available 8, max total 13.
        QTest::newRow("10, 25%/25%") << 10
                                     << QStringLiteral("    type: RollingUpdate\n    rollingUpdate: {maxSurge: "
                                                       "\"25%\", maxUnavailable: \"25%\"}")
                                     << 8 << 13;
        QTest::newRow("10, defaults") << 10 << QStringLiteral("    type: RollingUpdate") << 8 << 13;
        QTest::newRow("3, defaults (surge 1, unavailable 0)")
            << 3 << QStringLiteral("    type: RollingUpdate") << 3 << 4;
        QTest::newRow("3, 0/1") << 3
                                << QStringLiteral(
                                       "    type: RollingUpdate\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 1}")
                                << 2 << 3;
        QTest::newRow("3, 1/1") << 3
                                << QStringLiteral(
                                       "    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}")
                                << 2 << 4;
        QTest::newRow("10, 3/0") << 10
                                 << QStringLiteral(
                                        "    type: RollingUpdate\n    rollingUpdate: {maxSurge: 3, maxUnavailable: 0}")
                                 << 10 << 13;
        QTest::newRow("3, unavailable 5 clamped") << 3
                                                  << QStringLiteral("    type: RollingUpdate\n    rollingUpdate: "
                                                                    "{maxSurge: 0, maxUnavailable: 5}")
                                                  << 0 << 3;
        QTest::newRow("3, Recreate") << 3 << QStringLiteral("    type: Recreate") << 0 << 3;
    }
    void floorAndCeiling()
    {
        QFETCH(int, replicas);
        QFETCH(QString, strategy);
        QFETCH(int, floor);
        QFETCH(int, ceiling);
        Simulation sim;
        ScriptRunner runner(sim);
        QString out;
        runner.setSink([&](const QString& t, bool) { out += t; });
        QCOMPARE(runner.runArgv({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                     deploymentYaml(replicas, strategy)),
            0);
        sim.advance(30000);
        RolloutAnalysis a; // follows the first Deployment
        a.update(sim.store().history(), sim.now());
        QCOMPARE(a.deploymentName(), QStringLiteral("web"));
        const AvailabilitySample s = a.at(sim.now());
        QCOMPARE(s.desired, replicas);
        QCOMPARE(s.floor, floor);
        QCOMPARE(s.ceiling, ceiling);
        QCOMPARE(s.available, replicas);
        // Scaling changes the bands from that moment on, as the spec then was.
        const Millis scaledAt = sim.now();
        QCOMPARE(runner.runArgv({QStringLiteral("scale"), QStringLiteral("deployment"), QStringLiteral("web"),
                     QStringLiteral("--replicas=%1").arg(replicas * 2)}),
            0);
        sim.advance(1000);
        a.update(sim.store().history(), sim.now());
        QCOMPARE(a.at(scaledAt - 1).desired, replicas);
        QCOMPARE(a.at(scaledAt).desired, replicas * 2);
        QVERIFY(a.at(scaledAt).ceiling >= replicas * 2);
        const auto& m = a.markers();
        QVERIFY(std::any_of(m.begin(), m.end(),
            [&](const RolloutMarker& x) { return x.kind == RolloutMarkerKind::Scaled && x.time == scaledAt; }));
    }

    void markersOfLesson03()
    {
        const Played p = playLesson(QStringLiteral("03-kiada-faulty-version"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(p.sim->store().history(), p.sim->now());
        std::vector<std::pair<RolloutMarkerKind, Millis>> got;
        for (const auto& m : a.markers())
            got.emplace_back(m.kind, m.time);
        const QString apply06 = QStringLiteral("kubectl apply -f deploy.kiada.0.6");
        const QString apply07 = QStringLiteral("kubectl apply -f deploy.kiada.0.7");
        const QString apply08 = QStringLiteral("kubectl apply -f deploy.kiada.0.8");
        const QString status = QStringLiteral("kubectl rollout status");
        const QString undo = QStringLiteral("kubectl rollout undo");
        // Each rollout-status command returns at the moment it printed its last line: "successfully
        // rolled out" (complete) or the progress-deadline error.
        const std::vector<std::pair<RolloutMarkerKind, Millis>> expected = {
            {RolloutMarkerKind::Created, p.before(apply06)},
            {RolloutMarkerKind::Complete, p.after(status, 0)},
            {RolloutMarkerKind::Update, p.before(apply07)},
            {RolloutMarkerKind::Complete, p.after(status, 1)},
            {RolloutMarkerKind::Update, p.before(apply08)},
            {RolloutMarkerKind::DeadlineExceeded, p.after(status, 2)},
            {RolloutMarkerKind::Rollback, p.before(undo)},
            {RolloutMarkerKind::Complete, p.after(status, 3)},
        };
        QCOMPARE(got, expected);
        // The rollback goes back to the 0.7 ReplicaSet, revision 2 at that moment.
        QCOMPARE(a.markers()[6].detail, QStringLiteral("revision 2"));
        QCOMPARE(a.markers()[4].detail, QStringLiteral("luksa/kiada:0.8"));
    }

    void pauseAndResumeMarkers()
    {
        const QString script = QStringLiteral("kubectl apply -f images.yaml\n"
                                              "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                              "kubectl rollout status deployment kiada\n"
                                              "kubectl rollout pause deployment kiada\n"
                                              "kubectl set image deployment kiada kiada=luksa/kiada:0.7\n"
                                              "sleep 20\n"
                                              "kubectl rollout resume deployment kiada\n"
                                              "kubectl rollout status deployment kiada\n");
        const Played p = play(lessonDir(QStringLiteral("02-kiada-rolling-update")), script);
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(p.sim->store().history(), p.sim->now());
        std::vector<std::pair<RolloutMarkerKind, Millis>> got;
        for (const auto& m : a.markers())
            got.emplace_back(m.kind, m.time);
        const std::vector<std::pair<RolloutMarkerKind, Millis>> expected = {
            {RolloutMarkerKind::Created, p.before(QStringLiteral("kubectl apply -f deploy"))},
            {RolloutMarkerKind::Complete, p.after(QStringLiteral("kubectl rollout status"), 0)},
            {RolloutMarkerKind::Paused, p.before(QStringLiteral("kubectl rollout pause"))},
            {RolloutMarkerKind::Update, p.before(QStringLiteral("kubectl set image"))},
            {RolloutMarkerKind::Resumed, p.before(QStringLiteral("kubectl rollout resume"))},
            {RolloutMarkerKind::Complete, p.after(QStringLiteral("kubectl rollout status"), 1)},
        };
        QCOMPARE(got, expected);
        // While paused nothing rolls out: no updated pod until the resume.
        const Millis resumed = p.before(QStringLiteral("kubectl rollout resume"));
        QCOMPARE(a.at(resumed - 1).updated, 0);
        QCOMPARE(a.at(resumed - 1).available, 3);
    }

    void recreateGoesToZero()
    {
        const Played p = playLesson(QStringLiteral("01-kiada-recreate"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(p.sim->store().history(), p.sim->now());
        const Millis patched = p.before(QStringLiteral("kubectl patch"));
        QCOMPARE(a.at(patched - 1).available, 3);
        // The controller's sync a few ms later scales the old ReplicaSet to 0 at once.
        const Millis soon = patched + 500;
        QCOMPARE(a.at(soon).available, 0);
        QCOMPARE(a.at(soon).total, 0);
        QCOMPARE(a.at(soon).terminating, 3);
        QCOMPARE(a.at(soon).floor, 0);
        QCOMPARE(a.at(soon).ceiling, 3);
        QCOMPARE(a.at(p.sim->now()).updated, 3);
        QCOMPARE(a.at(p.sim->now()).available, 3);
        // Never a new pod while an old one exists.
        for (const auto& s : a.samples())
            QVERIFY2(!(s.updated > 0 && (s.old > 0 || s.terminating > 0) && s.time > patched),
                qPrintable(QString::number(s.time)));
    }
};

QTEST_GUILESS_MAIN(TestAvailability)
#include "tst_availability.moc"
