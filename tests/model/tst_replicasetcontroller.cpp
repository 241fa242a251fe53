// ReplicaSet controller (spec section 5; kubernetes/kubernetes pkg/controller/replicaset and
// controller_utils.go ActivePodsWithRanks). Automatic mode off: syncs are called by hand and pod
// states are loaded by the test as the kubelet would write them.
#include "controllers/replicasetcontroller.h"
#include "sim/simulation.h"

#include <QTest>

#include <functional>

using namespace rl;

namespace {
const QString kNs = QStringLiteral("default");

struct Fixture
{
    Simulation sim;
    Fixture() { sim.setAutomatic(false); }

    ReplicaSet rs(qint32 replicas, qint32 minReady = 0)
    {
        ReplicaSet r;
        r.metadata.name = QStringLiteral("kiada-58df67c6f6");
        r.metadata.namespace_ = kNs;
        r.metadata.uid = QStringLiteral("rs-uid");
        r.metadata.generation = 1;
        r.spec.replicas = replicas;
        r.spec.minReadySeconds = minReady;
        r.spec.template_.metadata.labels[QStringLiteral("app")] = QStringLiteral("kiada");
        r.spec.template_.metadata.labels[keys::PodTemplateHash] = QStringLiteral("58df67c6f6");
        Container c;
        c.name = QStringLiteral("kiada");
        c.image = QStringLiteral("luksa/kiada:0.7");
        r.spec.template_.spec.containers.push_back(c);
        LabelSelector sel;
        sel.matchLabels = r.spec.template_.metadata.labels;
        r.spec.selector = sel;
        return r;
    }

    Pod pod(const QString& name, const QString& uid, const QString& phase, Millis readySince,
        const QString& node = QStringLiteral("node1"))
    {
        Pod p;
        p.metadata.name = name;
        p.metadata.namespace_ = kNs;
        p.metadata.uid = uid;
        p.metadata.creationTimestamp = sim.store().apiNow() - 3600 * 1000;
        p.metadata.labels[QStringLiteral("app")] = QStringLiteral("kiada");
        p.metadata.labels[keys::PodTemplateHash] = QStringLiteral("58df67c6f6");
        p.metadata.ownerReferences.push_back({QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"),
            QStringLiteral("kiada-58df67c6f6"), QStringLiteral("rs-uid"), true, true});
        p.spec.edit().nodeName = node;
        Container c;
        c.name = QStringLiteral("kiada");
        p.spec.edit().containers.push_back(c);
        p.status.phase = phase;
        if (readySince != kNoTime)
            p.status.conditions.push_back(
                {QStringLiteral("Ready"), QStringLiteral("True"), kNoTime, readySince, {}, {}});
        return p;
    }

    void sync() { sim.replicaSetController().syncReplicaSet(QStringLiteral("default/kiada-58df67c6f6")); }
    ReplicaSetPtr get() const { return sim.store().get<ReplicaSet>(kNs, QStringLiteral("kiada-58df67c6f6")); }
    QStringList livePods() const
    {
        QStringList out;
        for (const auto& [k, p] : sim.store().all<Pod>()) {
            if (!p->metadata.isDeleting())
                out << p->metadata.name;
        }
        return out;
    }
    QStringList events(const QString& reason) const
    {
        QStringList out;
        for (const auto& [k, e] : sim.store().all<Event>()) {
            if (e->reason == reason)
                out << e->message;
        }
        return out;
    }
};
} // namespace

class TestReplicaSetController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsPods();
    void burst();
    void deletionRanking_data();
    void deletionRanking();
    void deletionRankingAcrossNodes();
    void deletionRankingByRestartsThenUid_data();
    void deletionRankingByRestartsThenUid();
    void deletionRankingSeesRestartsCountedAfterIndexing();
    void statusAndMinReadySeconds();
    void followsEditsOfIndexedPods();
};

void TestReplicaSetController::createsPods()
{
    Fixture f;
    f.sim.store().load(f.rs(3));
    f.sync();
    const auto pods = f.sim.store().all<Pod>();
    QCOMPARE(pods.size(), std::size_t(3));
    for (const auto& [k, p] : pods) {
        QVERIFY(p->metadata.name.startsWith(QLatin1String("kiada-58df67c6f6-")));
        QCOMPARE(p->metadata.name.size(), 22); // 5 random characters
        QCOMPARE(p->metadata.generateName, QStringLiteral("kiada-58df67c6f6-"));
        QCOMPARE(p->metadata.labels.value(keys::PodTemplateHash), QStringLiteral("58df67c6f6"));
        QCOMPARE(p->metadata.controllerRef()->name, QStringLiteral("kiada-58df67c6f6"));
        QVERIFY(p->metadata.controllerRef()->blockOwnerDeletion);
        QCOMPARE(p->spec->containers[0].image, QStringLiteral("luksa/kiada:0.7"));
    }
    QCOMPARE(f.events(QStringLiteral("SuccessfulCreate")).size(), 3);
    QVERIFY(f.events(QStringLiteral("SuccessfulCreate"))
                .first()
                .startsWith(QLatin1String("Created pod: kiada-58df67c6f6-")));
    // The status of this sync counts the pods listed before creating (replica_set.go), the next one sees them.
    QCOMPARE(f.get()->status.replicas, 0);
    QCOMPARE(f.get()->status.observedGeneration, qint64(1));
    f.sync();
    QCOMPARE(f.get()->status.replicas, 3);
    QCOMPARE(f.get()->status.fullyLabeledReplicas, 3);
    QCOMPARE(f.get()->status.readyReplicas, 0);
}

void TestReplicaSetController::burst()
{
    Fixture f;
    f.sim.store().load(f.rs(1200));
    f.sync();
    QCOMPARE(int(f.sim.store().all<Pod>().size()), 500); // burstReplicas
    f.sync();
    QCOMPARE(int(f.sim.store().all<Pod>().size()), 1000);
}

void TestReplicaSetController::deletionRanking_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QStringList>("kept");
    // Pods: a Running ready for 1 h; b Running not ready; c Pending; d unscheduled; e Running ready 10 s.
    QTest::newRow("unscheduled first") << 4
                                       << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                              QStringLiteral("e")};
    QTest::newRow("then pending") << 3 << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("e")};
    QTest::newRow("then not ready") << 2 << QStringList {QStringLiteral("a"), QStringLiteral("e")};
    QTest::newRow("then most recently ready") << 1 << QStringList {QStringLiteral("a")};
    QTest::newRow("all") << 0 << QStringList {};
}

void TestReplicaSetController::deletionRanking()
{
    QFETCH(int, replicas);
    QFETCH(QStringList, kept);
    Fixture f;
    f.sim.store().load(f.rs(replicas));
    const Millis now = f.sim.store().apiNow();
    f.sim.store().load(f.pod(QStringLiteral("a"), QStringLiteral("u5"), QStringLiteral("Running"), now - 3600 * 1000));
    f.sim.store().load(f.pod(QStringLiteral("b"), QStringLiteral("u4"), QStringLiteral("Running"), kNoTime));
    f.sim.store().load(f.pod(QStringLiteral("c"), QStringLiteral("u3"), QStringLiteral("Pending"), kNoTime));
    f.sim.store().load(f.pod(QStringLiteral("d"), QStringLiteral("u2"), QStringLiteral("Pending"), kNoTime, QString()));
    f.sim.store().load(f.pod(QStringLiteral("e"), QStringLiteral("u1"), QStringLiteral("Running"), now - 10 * 1000));
    f.sync();
    QCOMPARE(f.livePods(), kept);
    QCOMPARE(f.events(QStringLiteral("SuccessfulDelete")).size(), 5 - replicas);
}

void TestReplicaSetController::deletionRankingAcrossNodes()
{
    // Rank 5 (pods of the owner on the same node) ties between node1 and node2; the tie is broken
    // by the logarithmic ready-time buckets, so the victims come from both nodes. A pod that stops
    // being ready after it was indexed goes first (rank 3).
    Fixture f;
    f.sim.store().load(f.rs(7));
    const Millis now = f.sim.store().apiNow();
    const Millis hour = now - 3600 * 1000;
    const QString n1 = QStringLiteral("node1"), n2 = QStringLiteral("node2"), n3 = QStringLiteral("node3");
    const QString running = QStringLiteral("Running");
    f.sim.store().load(f.pod(QStringLiteral("p1"), QStringLiteral("u1"), running, hour, n1));
    f.sim.store().load(f.pod(QStringLiteral("p2"), QStringLiteral("u2"), running, now - 100 * 1000, n1));
    f.sim.store().load(f.pod(QStringLiteral("p3"), QStringLiteral("u3"), running, hour, n1));
    f.sim.store().load(f.pod(QStringLiteral("p4"), QStringLiteral("u4"), running, hour, n2));
    f.sim.store().load(f.pod(QStringLiteral("p5"), QStringLiteral("u5"), running, now - 10 * 1000, n2));
    f.sim.store().load(f.pod(QStringLiteral("p6"), QStringLiteral("u6"), running, hour, n2));
    f.sim.store().load(f.pod(QStringLiteral("p7"), QStringLiteral("u7"), running, hour, n3));
    f.sync();
    QCOMPARE(f.livePods().size(), 7);
    f.sim.store().load(f.pod(QStringLiteral("p7"), QStringLiteral("u7"), running, kNoTime, n3)); // not ready now
    f.sim.store().load(f.rs(4));
    f.sync();
    QCOMPARE(f.livePods(),
        (QStringList {QStringLiteral("p1"), QStringLiteral("p3"), QStringLiteral("p4"), QStringLiteral("p6")}));
    QCOMPARE(f.events(QStringLiteral("SuccessfulDelete")),
        (QStringList {
            QStringLiteral("Deleted pod: p7"), QStringLiteral("Deleted pod: p5"), QStringLiteral("Deleted pod: p2")}));
}

void TestReplicaSetController::deletionRankingByRestartsThenUid_data()
{
    // Four pods alike up to their restarts and UIDs (Running, ready for an hour, one node): the
    // most restarted go first, then the lowest UIDs. Restart counts of 2^28 and more take the
    // ranking's unpacked key, which must choose the same.
    QTest::addColumn<QList<int>>("restarts");
    QTest::addColumn<QStringList>("uids");
    QTest::addColumn<QStringList>("deleted");
    const QStringList uids {QStringLiteral("u4"), QStringLiteral("u3"), QStringLiteral("u2"), QStringLiteral("u1")};
    QTest::newRow("restarts") << QList<int> {0, 5, 2, 0} << uids
                              << QStringList {QStringLiteral("Deleted pod: p2"), QStringLiteral("Deleted pod: p3")};
    QTest::newRow("restarts beyond 2^28") << QList<int> {0, 300000000, 2,
        0} << uids << QStringList {QStringLiteral("Deleted pod: p2"), QStringLiteral("Deleted pod: p3")};
    QTest::newRow("then the UID") << QList<int> {0, 0, 0, 0} << uids
                                  << QStringList {QStringLiteral("Deleted pod: p4"), QStringLiteral("Deleted pod: p3")};
    QTest::newRow("UIDs alike in four units")
        << QList<int> {0, 0, 0, 0}
        << QStringList {QStringLiteral("uid-d"), QStringLiteral("uid-b"), QStringLiteral("uid-c"),
               QStringLiteral("uid-a")}
        << QStringList {QStringLiteral("Deleted pod: p4"), QStringLiteral("Deleted pod: p2")};
    QTest::newRow("UIDs alike, restarts beyond 2^28")
        << QList<int> {300000000, 0, 0, 300000000}
        << QStringList {QStringLiteral("uid-d"), QStringLiteral("uid-b"), QStringLiteral("uid-c"),
               QStringLiteral("uid-a")}
        << QStringList {QStringLiteral("Deleted pod: p4"), QStringLiteral("Deleted pod: p1")};
}

void TestReplicaSetController::deletionRankingByRestartsThenUid()
{
    QFETCH(QList<int>, restarts);
    QFETCH(QStringList, uids);
    QFETCH(QStringList, deleted);
    Fixture f;
    f.sim.store().load(f.rs(4));
    const Millis hour = f.sim.store().apiNow() - 3600 * 1000;
    for (int i = 0; i < 4; ++i) {
        Pod p = f.pod(QStringLiteral("p%1").arg(i + 1), uids[i], QStringLiteral("Running"), hour);
        ContainerStatus cs;
        cs.name = QStringLiteral("kiada");
        cs.ready = true;
        cs.restartCount = restarts[i];
        p.status.containerStatuses.push_back(cs);
        f.sim.store().load(p);
    }
    f.sync();
    QCOMPARE(f.livePods().size(), 4);
    f.sim.store().load(f.rs(2));
    f.sync();
    QCOMPARE(f.events(QStringLiteral("SuccessfulDelete")), deleted);
}

void TestReplicaSetController::deletionRankingSeesRestartsCountedAfterIndexing()
{
    // A container that restarts changes no count and no group of its pod, but its ranking: the
    // scale-down must see the restarts of the pod's last write.
    Fixture f;
    f.sim.store().load(f.rs(3));
    const Millis hour = f.sim.store().apiNow() - 3600 * 1000;
    auto withRestarts = [&](const QString& name, const QString& uid, int restarts) {
        Pod p = f.pod(name, uid, QStringLiteral("Running"), hour);
        ContainerStatus cs;
        cs.name = QStringLiteral("kiada");
        cs.ready = true;
        cs.restartCount = restarts;
        p.status.containerStatuses.push_back(cs);
        return p;
    };
    f.sim.store().load(withRestarts(QStringLiteral("p1"), QStringLiteral("u1"), 0));
    f.sim.store().load(withRestarts(QStringLiteral("p2"), QStringLiteral("u2"), 0));
    f.sim.store().load(withRestarts(QStringLiteral("p3"), QStringLiteral("u3"), 0));
    f.sync();
    f.sim.store().load(withRestarts(QStringLiteral("p3"), QStringLiteral("u3"), 7));
    f.sim.store().load(f.rs(2));
    f.sync();
    QCOMPARE(f.events(QStringLiteral("SuccessfulDelete")), QStringList {QStringLiteral("Deleted pod: p3")});
}

void TestReplicaSetController::statusAndMinReadySeconds()
{
    Fixture f;
    f.sim.store().load(f.rs(2, 10));
    const Millis now = f.sim.store().apiNow();
    f.sim.store().load(f.pod(QStringLiteral("a"), QStringLiteral("u1"), QStringLiteral("Running"), now - 20 * 1000));
    f.sim.store().load(f.pod(QStringLiteral("b"), QStringLiteral("u2"), QStringLiteral("Running"), now));
    f.sync();
    QCOMPARE(f.get()->status.replicas, 2);
    QCOMPARE(f.get()->status.readyReplicas, 2);
    QCOMPARE(f.get()->status.availableReplicas, 1);
    // readySince + 10 s < now is strict: at exactly +10 s not yet, 1 ms later available.
    f.sim.advance(10 * 1000);
    f.sync();
    QCOMPARE(f.get()->status.availableReplicas, 1);
    f.sim.advance(1);
    f.sync();
    QCOMPARE(f.get()->status.availableReplicas, 2);
    // In automatic mode the controller re-syncs by itself at that instant.
    Fixture g;
    g.sim.store().load(g.rs(1, 10));
    g.sim.store().load(
        g.pod(QStringLiteral("a"), QStringLiteral("u1"), QStringLiteral("Running"), g.sim.store().apiNow()));
    g.sim.setAutomatic(true);
    g.sim.advance(10 * 1000);
    QCOMPARE(g.get()->status.availableReplicas, 0);
    g.sim.advance(5);
    QCOMPARE(g.get()->status.availableReplicas, 1);
}

void TestReplicaSetController::followsEditsOfIndexedPods()
{
    // Pods edited as controllers edit them, by copying the stored object: the controller's index
    // reuses what comes from fields the copy still shares (labels, node name, annotations) and
    // must still see every change of them.
    Fixture f;
    f.sim.store().load(f.rs(3));
    const Millis hour = f.sim.store().apiNow() - 3600 * 1000;
    for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        f.sim.store().load(f.pod(name, QStringLiteral("u-") + name, QStringLiteral("Running"), hour));
    auto edit = [&](const QString& name, const std::function<void(Pod&)>& change) {
        Pod p = *f.sim.store().get<Pod>(kNs, name);
        change(p);
        QVERIFY(f.sim.store().update(std::move(p)));
    };
    f.sync();
    QCOMPARE(f.get()->status.fullyLabeledReplicas, 3);
    QCOMPARE(f.get()->status.readyReplicas, 3);

    // A status write: nothing counted changes.
    edit(QStringLiteral("a"), [](Pod& p) { p.status.podIP = QStringLiteral("10.244.1.7"); });
    // A label taken away: b is no longer fully labeled.
    edit(QStringLiteral("b"), [](Pod& p) { p.metadata.labels.remove(QStringLiteral("app")); });
    // Not ready any more.
    edit(QStringLiteral("c"), [](Pod& p) { p.status.conditions.clear(); });
    f.sync();
    QCOMPARE(f.get()->status.replicas, 3);
    QCOMPARE(f.get()->status.fullyLabeledReplicas, 2);
    QCOMPARE(f.get()->status.readyReplicas, 2);

    // The template gains a label none of the pods has; a later status write keeps that count.
    ReplicaSet rs = f.rs(3);
    rs.spec.template_.metadata.labels[QStringLiteral("tier")] = QStringLiteral("web");
    f.sim.store().load(rs);
    f.sync();
    QCOMPARE(f.get()->status.fullyLabeledReplicas, 0);
    edit(QStringLiteral("a"), [](Pod& p) { p.status.podIP = QStringLiteral("10.244.1.8"); });
    f.sync();
    QCOMPARE(f.get()->status.fullyLabeledReplicas, 0);

    // A deletion cost set on a (ready, otherwise ranked with b and after c) makes it go first.
    edit(QStringLiteral("c"), [&](Pod& p) {
        p.status.conditions.push_back({QStringLiteral("Ready"), QStringLiteral("True"), kNoTime, hour, {}, {}});
    });
    edit(QStringLiteral("a"), [](Pod& p) { p.metadata.annotations[keys::PodDeletionCost] = QStringLiteral("-100"); });
    rs.spec.replicas = 2;
    f.sim.store().load(rs);
    f.sync();
    QCOMPARE(f.livePods(), (QStringList {QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(f.events(QStringLiteral("SuccessfulDelete")), QStringList {QStringLiteral("Deleted pod: a")});
}

QTEST_GUILESS_MAIN(TestReplicaSetController)
#include "tst_replicasetcontroller.moc"
