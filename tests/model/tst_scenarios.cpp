// End-to-end seed scenarios (/work/shared/seeds): Deployment controller + ReplicaSet controller +
// kubelet on the virtual clock, checked against the sequences and invariants the seeds and spec
// section 10 describe.
#include "controllers/deploymentcontroller.h"
#include "manifest/defaults.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QTest>

using namespace rl;

namespace {
const QString kNs = QStringLiteral("default");

Deployment makeDeployment(
    const QString& name, qint32 replicas, const QString& image, const QString& apiVersion = QStringLiteral("apps/v1"))
{
    Deployment d;
    d.metadata.name = name;
    d.metadata.namespace_ = kNs;
    d.spec.replicas = replicas;
    LabelSelector sel;
    sel.matchLabels[QStringLiteral("app")] = name;
    d.spec.selector = sel;
    d.spec.template_.metadata.labels[QStringLiteral("app")] = name;
    Container c;
    c.name = name;
    c.image = image;
    d.spec.template_.spec.containers.push_back(c);
    applyDefaults(d, apiVersion);
    return d;
}

struct Cluster
{
    Simulation sim;
    explicit Cluster(quint64 seed = 7)
        : sim(seed)
    { }

    DeploymentPtr d(const QString& name) const { return sim.store().get<Deployment>(kNs, name); }
    bool complete(const QString& name) const
    {
        auto dep = d(name);
        if (!dep)
            return false;
        const qint32 r = dep->spec.replicas.value_or(1);
        const auto& s = dep->status;
        return s.observedGeneration >= dep->metadata.generation && s.updatedReplicas == r && s.replicas == r
            && s.availableReplicas == r;
    }
    bool runUntilComplete(const QString& name, Millis limit = 600 * 1000)
    {
        return sim.advanceUntil([&] { return complete(name); }, limit);
    }
    /// Applies a template change as `kubectl set image` / `apply` would (generation + 1).
    void update(const std::function<void(Deployment&)>& change, const QString& name)
    {
        Deployment dep = *d(name);
        change(dep);
        applyDefaults(dep, QStringLiteral("apps/v1"));
        dep.metadata.generation += 1;
        sim.store().update(dep);
    }
    std::vector<ReplicaSetPtr> replicaSets() const
    {
        std::vector<ReplicaSetPtr> out;
        for (const auto& [k, rs] : sim.store().all<ReplicaSet>())
            out.push_back(rs);
        return out;
    }
    ReplicaSetPtr rsWithImage(const QString& image) const
    {
        for (const auto& rs : replicaSets()) {
            if (rs->spec.template_.spec.containers[0].image == image)
                return rs;
        }
        return nullptr;
    }
    int activePods() const
    {
        int n = 0;
        for (const auto& [k, p] : sim.store().all<Pod>())
            n += p->metadata.isDeleting() ? 0 : 1;
        return n;
    }
    int availablePods(qint32 minReadySeconds) const
    {
        int n = 0;
        for (const auto& [k, p] : sim.store().all<Pod>())
            n += (!p->metadata.isDeleting() && p->isAvailable(minReadySeconds, sim.now())) ? 1 : 0;
        return n;
    }
    QStringList events(const QString& reason) const
    {
        std::vector<EventPtr> ev;
        for (const auto& [k, e] : sim.store().all<Event>()) {
            if (e->reason == reason)
                ev.push_back(e);
        }
        std::sort(ev.begin(), ev.end(),
            [](const EventPtr& a, const EventPtr& b) { return a->metadata.name < b->metadata.name; });
        QStringList out;
        for (const auto& e : ev)
            out << e->message;
        return out;
    }
};

QString rsLine(const ReplicaSetPtr& rs)
{
    return QStringLiteral("%1 %2 %3")
        .arg(rs->spec.replicas.value_or(1))
        .arg(rs->status.replicas)
        .arg(rs->status.readyReplicas);
}

bool isSubsequence(const QStringList& needle, const QStringList& hay)
{
    int i = 0;
    for (const QString& s : hay) {
        if (i < needle.size() && s == needle[i])
            ++i;
    }
    return i == needle.size();
}
} // namespace

class TestScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kiadaRecreate();
    void kiadaSurge0Unavailable1();
    void tenReplicasDefaults();
    void surge1Unavailable0();
    void dockercoinsStuckAndUndo();
    void stuckRequeuePacedByRateLimiter();
    void progressDeadlineExceeded();
    void pauseResume();
    void determinism();

private:
    QStringList runDeterministic();
};

void TestScenarios::kiadaRecreate()
{
    Cluster c;
    Deployment d = makeDeployment(QStringLiteral("kiada"), 3, QStringLiteral("luksa/kiada:0.5"));
    d.spec.strategy.type = QStringLiteral("Recreate");
    d.spec.strategy.rollingUpdate.reset();
    c.sim.store().create(d);
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    // Spec 10.5: no new pod exists while any old pod (terminating included) exists.
    bool overlap = false;
    const int listener = c.sim.store().addListener([&](const WatchEvent& ev) {
        if (ev.kind != Kind::Pod || ev.type != WatchType::Added)
            return;
        for (const auto& [k, p] : c.sim.store().all<Pod>()) {
            if (p->spec->containers[0].image == QLatin1String("luksa/kiada:0.5"))
                overlap = true;
        }
    });
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.6"); },
        QStringLiteral("kiada"));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.sim.store().removeListener(listener);
    QVERIFY(!overlap);
    const auto b = c.rsWithImage(QStringLiteral("luksa/kiada:0.6"));
    const auto a = c.rsWithImage(QStringLiteral("luksa/kiada:0.5"));
    QCOMPARE(c.events(QStringLiteral("ScalingReplicaSet")).mid(1),
        (QStringList {QStringLiteral("Scaled down replica set %1 from 3 to 0").arg(a->metadata.name),
            QStringLiteral("Scaled up replica set %1 from 0 to 3").arg(b->metadata.name)}));
    QCOMPARE(c.d(QStringLiteral("kiada"))->metadata.annotations.value(keys::Revision), QStringLiteral("2"));
}

void TestScenarios::kiadaSurge0Unavailable1()
{
    // Seed 002: kiada 0.6 -> 0.7 with maxSurge 0, maxUnavailable 1, minReadySeconds 10.
    Cluster c;
    c.sim.store().create(makeDeployment(QStringLiteral("kiada"), 3, QStringLiteral("luksa/kiada:0.6")));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    const QString oldName = c.replicaSets().front()->metadata.name;
    QStringList seen;
    QString newName;
    int maxPods = 0, minAvailable = 3;
    const int listener = c.sim.store().addListener([&](const WatchEvent& ev) {
        if (ev.kind == Kind::ReplicaSet) {
            auto a = c.sim.store().get<ReplicaSet>(kNs, oldName);
            ReplicaSetPtr b;
            for (const auto& rs : c.replicaSets()) {
                if (rs->metadata.name != oldName)
                    b = rs;
            }
            if (a && b) {
                newName = b->metadata.name;
                seen << rsLine(b) + QStringLiteral(" | ") + rsLine(a);
            }
        }
        maxPods = std::max(maxPods, c.activePods());
        minAvailable = std::min(minAvailable, c.availablePods(0));
    });
    c.update(
        [](Deployment& x) {
            x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.7");
            x.spec.strategy.rollingUpdate = RollingUpdateDeployment {IntOrString::fromInt(1), IntOrString::fromInt(0)};
            x.spec.minReadySeconds = 10;
        },
        QStringLiteral("kiada"));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.sim.advance(5000);
    c.sim.store().removeListener(listener);
    // The `get rs` tables of the seed, in order (B first, then A): DESIRED CURRENT READY.
    const QStringList expected {QStringLiteral("1 1 0 | 2 2 2"), QStringLiteral("1 1 1 | 2 2 2"),
        QStringLiteral("2 2 1 | 1 1 1"), QStringLiteral("3 3 2 | 0 0 0"), QStringLiteral("3 3 3 | 0 0 0")};
    QVERIFY2(isSubsequence(expected, seen), qPrintable(seen.join(QLatin1Char('\n'))));
    QVERIFY(maxPods <= 3);
    QVERIFY(minAvailable >= 2);
    QCOMPARE(c.d(QStringLiteral("kiada"))->status.conditions.back().reason, QStringLiteral("NewReplicaSetAvailable"));
}

void TestScenarios::tenReplicasDefaults()
{
    Cluster c;
    c.sim.store().create(makeDeployment(QStringLiteral("kiada"), 10, QStringLiteral("luksa/kiada:0.1")));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    int maxPods = 0, minAvailable = 10;
    const int listener = c.sim.store().addListener([&](const WatchEvent&) {
        maxPods = std::max(maxPods, c.activePods());
        minAvailable = std::min(minAvailable, c.availablePods(0));
    });
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.2"); },
        QStringLiteral("kiada"));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.sim.store().removeListener(listener);
    QVERIFY2(maxPods <= 13, qPrintable(QString::number(maxPods)));
    QVERIFY2(minAvailable >= 8, qPrintable(QString::number(minAvailable)));
    QVERIFY(maxPods == 13); // the surge is used
}

void TestScenarios::surge1Unavailable0()
{
    Cluster c;
    Deployment d = makeDeployment(QStringLiteral("kiada"), 3, QStringLiteral("luksa/kiada:0.1"));
    d.spec.strategy.rollingUpdate = RollingUpdateDeployment {IntOrString::fromInt(0), IntOrString::fromInt(1)};
    c.sim.store().create(d);
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    int maxPods = 0, minAvailable = 3;
    const int listener = c.sim.store().addListener([&](const WatchEvent&) {
        maxPods = std::max(maxPods, c.activePods());
        minAvailable = std::min(minAvailable, c.availablePods(0));
    });
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.2"); },
        QStringLiteral("kiada"));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.sim.store().removeListener(listener);
    QCOMPARE(maxPods, 4);
    QCOMPARE(minAvailable, 3);
}

void TestScenarios::dockercoinsStuckAndUndo()
{
    // Seeds 000/001: extensions/v1beta1 defaults (1/1, no deadline), image v0.3 does not exist.
    Cluster c;
    ImageBehavior missing;
    missing.image = QStringLiteral("dockercoins/worker:v0.3");
    missing.exists = false;
    c.sim.profile().addImageBehavior(missing);
    c.sim.store().create(makeDeployment(
        QStringLiteral("worker"), 10, QStringLiteral("dockercoins/worker:v0.2"), QStringLiteral("extensions/v1beta1")));
    QVERIFY(c.runUntilComplete(QStringLiteral("worker")));
    const PodTemplateSpec good = c.d(QStringLiteral("worker"))->spec.template_;
    c.update(
        [](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("dockercoins/worker:v0.3"); },
        QStringLiteral("worker"));
    c.sim.advance(900 * 1000);
    auto a = c.rsWithImage(QStringLiteral("dockercoins/worker:v0.2"));
    auto b = c.rsWithImage(QStringLiteral("dockercoins/worker:v0.3"));
    QCOMPARE(rsLine(a), QStringLiteral("9 9 9"));
    QCOMPARE(rsLine(b), QStringLiteral("2 2 0"));
    auto dep = c.d(QStringLiteral("worker"));
    QCOMPARE(dep->status.availableReplicas, 9);
    QCOMPARE(dep->status.updatedReplicas, 2);
    QVERIFY(!dep->status.condition(QStringLiteral("Progressing")));
    QCOMPARE(dep->status.condition(QStringLiteral("Available"))->status, QStringLiteral("True"));
    // rollout undo: the template goes back to v0.2, whose ReplicaSet is reused with revision 3.
    c.update([&](Deployment& x) { x.spec.template_ = good; }, QStringLiteral("worker"));
    QVERIFY(c.runUntilComplete(QStringLiteral("worker")));
    a = c.rsWithImage(QStringLiteral("dockercoins/worker:v0.2"));
    QCOMPARE(a->metadata.annotations.value(keys::Revision), QStringLiteral("3"));
    QCOMPARE(a->metadata.annotations.value(keys::RevisionHistory), QStringLiteral("1"));
    QCOMPARE(c.replicaSets().size(), std::size_t(2));
    // The workshop's patch: maxUnavailable 0, maxSurge 3, minReadySeconds 10, back to v0.1 (new RS).
    c.update(
        [](Deployment& x) {
            x.spec.template_.spec.containers[0].image = QStringLiteral("dockercoins/worker:v0.1");
            x.spec.strategy.rollingUpdate = RollingUpdateDeployment {IntOrString::fromInt(0), IntOrString::fromInt(3)};
            x.spec.minReadySeconds = 10;
        },
        QStringLiteral("worker"));
    int maxPods = 0, minAvailable = 10;
    const int listener = c.sim.store().addListener([&](const WatchEvent&) {
        maxPods = std::max(maxPods, c.activePods());
        minAvailable = std::min(minAvailable, c.availablePods(0));
    });
    QVERIFY(c.runUntilComplete(QStringLiteral("worker")));
    c.sim.store().removeListener(listener);
    QCOMPARE(maxPods, 13);
    QVERIFY(minAvailable >= 10);
}

void TestScenarios::progressDeadlineExceeded()
{
    Cluster c;
    ImageBehavior missing;
    missing.image = QStringLiteral("luksa/kiada:9.9");
    missing.exists = false;
    c.sim.profile().addImageBehavior(missing);
    c.sim.store().create(makeDeployment(QStringLiteral("kiada"), 3, QStringLiteral("luksa/kiada:0.5")));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:9.9"); },
        QStringLiteral("kiada"));
    const Millis start = c.sim.now();
    QVERIFY(c.sim.advanceUntil(
        [&] {
            const Condition* p = c.d(QStringLiteral("kiada"))->status.condition(QStringLiteral("Progressing"));
            return p && p->reason == QLatin1String("ProgressDeadlineExceeded");
        },
        700 * 1000));
    const Millis took = c.sim.now() - start;
    QVERIFY2(took > 600 * 1000 && took < 603 * 1000, qPrintable(QString::number(took)));
    const Condition* p = c.d(QStringLiteral("kiada"))->status.condition(QStringLiteral("Progressing"));
    QCOMPARE(p->status, QStringLiteral("False"));
}

void TestScenarios::pauseResume()
{
    Cluster c;
    c.sim.store().create(makeDeployment(QStringLiteral("kiada"), 3, QStringLiteral("luksa/kiada:0.5")));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    c.update([](Deployment& x) { x.spec.paused = true; }, QStringLiteral("kiada"));
    c.sim.advance(1000);
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.6"); },
        QStringLiteral("kiada"));
    c.update(
        [](Deployment& x) {
            x.spec.template_.spec.containers[0].env.push_back({QStringLiteral("A"), QStringLiteral("1"), {}});
        },
        QStringLiteral("kiada"));
    c.sim.advance(60 * 1000);
    QCOMPARE(c.replicaSets().size(), std::size_t(1));
    QCOMPARE(c.d(QStringLiteral("kiada"))->status.updatedReplicas, 0);
    QCOMPARE(c.d(QStringLiteral("kiada"))->status.condition(QStringLiteral("Progressing"))->reason,
        QStringLiteral("DeploymentPaused"));
    c.update([](Deployment& x) { x.spec.paused = false; }, QStringLiteral("kiada"));
    QVERIFY(c.runUntilComplete(QStringLiteral("kiada")));
    QCOMPARE(c.replicaSets().size(), std::size_t(2)); // both changes in one new revision
    QCOMPARE(c.d(QStringLiteral("kiada"))->metadata.annotations.value(keys::Revision), QStringLiteral("2"));
}

QStringList TestScenarios::runDeterministic()
{
    Cluster c(42);
    c.sim.store().create(makeDeployment(QStringLiteral("kiada"), 10, QStringLiteral("luksa/kiada:0.1")));
    c.runUntilComplete(QStringLiteral("kiada"));
    c.update([](Deployment& x) { x.spec.template_.spec.containers[0].image = QStringLiteral("luksa/kiada:0.2"); },
        QStringLiteral("kiada"));
    c.runUntilComplete(QStringLiteral("kiada"));
    c.sim.advance(60 * 1000);
    QStringList out;
    for (const auto& ev : c.sim.store().history()) {
        QString name;
        std::visit(
            [&](const auto& p) {
                name = kindName(std::decay_t<decltype(*p)>::kind) + QLatin1Char('/') + p->metadata.name
                    + QLatin1Char('@') + p->metadata.resourceVersion;
            },
            ev.object);
        out << QString::number(ev.time) + QLatin1Char(' ') + watchTypeName(ev.type) + QLatin1Char(' ') + name;
    }
    return out;
}

void TestScenarios::determinism()
{
    const QStringList a = runDeterministic();
    const QStringList b = runDeterministic();
    QVERIFY(a.size() > 100);
    QCOMPARE(a, b);
}

void TestScenarios::stuckRequeuePacedByRateLimiter()
{
    // A Deployment that completed (Progressing: NewReplicaSetAvailable) and then loses availability is
    // requeued by requeueStuckDeployment for ever: its deadline estimate lies in the past and
    // DeploymentTimedOut ignores NewReplicaSetAvailable (progress.go). client-go paces those
    // rate-limited requeues with the queue's token bucket (10/s, burst 100), not every 5 ms.
    Cluster c;
    ImageBehavior crash;
    crash.image = QStringLiteral("crashy:1");
    crash.crashAfter = 20'000;
    c.sim.profile().addImageBehavior(crash);
    Deployment dep = makeDeployment(QStringLiteral("crashy"), 2, QStringLiteral("crashy:1"));
    dep.spec.progressDeadlineSeconds = 10;
    c.sim.store().create(dep);
    QVERIFY(c.runUntilComplete(QStringLiteral("crashy")));
    c.sim.advance(600'000); // crash loops; the burst is spent
    const auto before = c.sim.queue().executed();
    c.sim.advance(600'000);
    const auto executed = c.sim.queue().executed() - before;
    const auto current = c.d(QStringLiteral("crashy"));
    QVERIFY(!c.complete(QStringLiteral("crashy")) || current->status.availableReplicas < 2);
    QCOMPARE(
        current->status.condition(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetAvailable"));
    // About 10 syncs a second for 600 s plus the kubelet's crash-loop work; at a 5 ms pace it would
    // be over 120,000.
    QVERIFY2(executed > 5'000 && executed < 9'000, qPrintable(QString::number(executed)));
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
