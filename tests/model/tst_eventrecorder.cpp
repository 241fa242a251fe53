// EventRecorder against client-go tools/record rules (spec 3.14).
#include "controllers/eventrecorder.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QTest>

#include <functional>

using namespace rl;

namespace {
ObjectReference deploymentRef()
{
    return {QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("kiada"), QStringLiteral("uid-1"),
        QStringLiteral("apps/v1"), QStringLiteral("1"), {}};
}
const QString kComp = QStringLiteral("deployment-controller");
const QString kNormal = QStringLiteral("Normal");
const QString kReason = QStringLiteral("ScalingReplicaSet");

/// Records the same Event about a Deployment named `name` (another object than kiada's).
void recordAbout(Simulation& sim, const QString& name)
{
    ObjectReference ref = deploymentRef();
    ref.name = name;
    sim.recorder().record(ref, kNormal, kReason, QStringLiteral("m"), kComp);
}

std::vector<EventPtr> events(Simulation& sim)
{
    std::vector<EventPtr> out;
    for (const auto& [k, e] : sim.store().all<Event>())
        out.push_back(e);
    std::sort(out.begin(), out.end(),
        [](const EventPtr& a, const EventPtr& b) { return a->metadata.name < b->metadata.name; });
    return out;
}

/// Steps the clock to just before and to each expiry (`goneAtSeconds[i]` after t0, that of the
/// Event labelled `labels[i]`), in time order, and checks each time that exactly the Events whose
/// expiry has not come are there.
void checkExpiries(Simulation& sim, Millis t0, const QList<int>& goneAtSeconds, const QStringList& labels,
    const std::function<QString(const Event&)>& label)
{
    auto present = [&] {
        QStringList out;
        for (const EventPtr& e : events(sim))
            out << label(*e);
        out.sort();
        return out;
    };
    auto expected = [&] {
        QStringList out;
        for (int i = 0; i < labels.size(); ++i) {
            if (t0 + goneAtSeconds[i] * 1000 > sim.now())
                out << labels[i];
        }
        out.sort();
        return out;
    };
    QList<int> times = goneAtSeconds;
    std::sort(times.begin(), times.end());
    for (int s : times) {
        const Millis gone = t0 + s * 1000;
        for (const Millis at : {gone - 1, gone}) {
            if (sim.now() < at) {
                sim.advance(at - sim.now());
                QCOMPARE(present(), expected());
            }
        }
    }
    QVERIFY(present().isEmpty());
}

/// Records an Event about each of "a", "b" and "c" at `writtenAtSeconds` after the start, the
/// cluster at `versions[i]` for the i-th write, and checks that each is gone exactly at its
/// `goneAtSeconds`.
void checkThreeWrites(const QStringList& versions, const QList<int>& writtenAtSeconds, const QList<int>& goneAtSeconds)
{
    Simulation sim;
    const Millis t0 = sim.now();
    const QStringList names {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    for (int i = 0; i < 3; ++i) {
        sim.profile().setKubernetesVersion(versions[i]);
        sim.advance(t0 + writtenAtSeconds[i] * 1000 - sim.now());
        recordAbout(sim, names[i]);
    }
    checkExpiries(sim, t0, goneAtSeconds, names, [](const Event& e) { return e.involvedObject->name; });
}
} // namespace

class TestEventRecorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsEvent();
    void reportingFields_data();
    void reportingFields();
    void deduplicates();
    void aggregatesSimilar();
    void spamFilter();
    void expiry_data();
    void expiry();
    void leaseReuse_data();
    void leaseReuse();
    void leaseObjectCap_data();
    void leaseObjectCap();
    void expiryAfterResync_data();
    void expiryAfterResync();
    void expiryAcrossVersionChange_data();
    void expiryAcrossVersionChange();
    void lruEviction_data();
    void lruEviction();
};

void TestEventRecorder::createsEvent()
{
    Simulation sim;
    sim.recorder().record(
        deploymentRef(), kNormal, kReason, QStringLiteral("Scaled up replica set kiada-58df67c6f6 from 0 to 1"), kComp);
    const auto ev = events(sim);
    QCOMPARE(ev.size(), std::size_t(1));
    const Event& e = *ev[0];
    QVERIFY(e.metadata.name.startsWith(QLatin1String("kiada.")));
    QCOMPARE(e.metadata.namespace_, QStringLiteral("default"));
    QCOMPARE(e.count, 1);
    QCOMPARE(e.reason, kReason);
    QCOMPARE(e.type, kNormal);
    QCOMPARE(e.emitter->sourceComponent, kComp);
    QCOMPARE(e.involvedObject->name, QStringLiteral("kiada"));
    QCOMPARE(e.firstTimestamp, Simulation::kDefaultStart);
    QCOMPARE(e.lastTimestamp, Simulation::kDefaultStart);
}

void TestEventRecorder::reportingFields_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("instance");
    // generateEvent copies the source into reportingComponent/Instance since client-go v1.28.
    QTest::newRow("v1.27") << QStringLiteral("1.27") << QString() << QString();
    QTest::newRow("v1.28") << QStringLiteral("1.28") << QStringLiteral("kubelet") << QStringLiteral("node1");
    QTest::newRow("v1.32") << QStringLiteral("1.32") << QStringLiteral("kubelet") << QStringLiteral("node1");
}

void TestEventRecorder::reportingFields()
{
    QFETCH(QString, version);
    QFETCH(QString, component);
    QFETCH(QString, instance);
    Simulation sim;
    sim.profile().setKubernetesVersion(version);
    sim.recorder().record(deploymentRef(), kNormal, QStringLiteral("Pulling"), QStringLiteral("Pulling image"),
        QStringLiteral("kubelet"), QStringLiteral("node1"));
    const auto ev = events(sim);
    QCOMPARE(ev.size(), std::size_t(1));
    QCOMPARE(ev[0]->emitter->sourceComponent, QStringLiteral("kubelet"));
    QCOMPARE(ev[0]->emitter->sourceHost, QStringLiteral("node1"));
    QCOMPARE(ev[0]->emitter->reportingController, component);
    QCOMPARE(ev[0]->emitter->reportingInstance, instance);
    QCOMPARE(ev[0]->emitter->action, QString());
    QCOMPARE(ev[0]->eventTime, kNoTime);
}

void TestEventRecorder::deduplicates()
{
    Simulation sim;
    const QString msg = QStringLiteral("Scaled down replica set kiada-5d5c5f9d76 from 3 to 2");
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    sim.advance(5500);
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    const auto ev = events(sim);
    QCOMPARE(ev.size(), std::size_t(1));
    QCOMPARE(ev[0]->count, 2);
    QCOMPARE(ev[0]->firstTimestamp, Simulation::kDefaultStart);
    QCOMPARE(ev[0]->lastTimestamp, Simulation::kDefaultStart + 5000); // second precision
}

void TestEventRecorder::aggregatesSimilar()
{
    Simulation sim;
    for (int i = 1; i <= 9; ++i)
        sim.recorder().record(deploymentRef(), kNormal, kReason,
            QStringLiteral("Scaled up replica set a from %1 to %2").arg(i - 1).arg(i), kComp);
    QCOMPARE(events(sim).size(), std::size_t(9));
    sim.recorder().record(
        deploymentRef(), kNormal, kReason, QStringLiteral("Scaled up replica set a from 9 to 10"), kComp);
    auto ev = events(sim);
    QCOMPARE(ev.size(), std::size_t(10));
    int combined = 0;
    for (const auto& e : ev) {
        if (e->message == QLatin1String("(combined from similar events): Scaled up replica set a from 9 to 10"))
            ++combined;
    }
    QCOMPARE(combined, 1);
    // The 11th distinct message updates the combined event instead of creating one.
    sim.recorder().record(
        deploymentRef(), kNormal, kReason, QStringLiteral("Scaled up replica set a from 10 to 11"), kComp);
    ev = events(sim);
    QCOMPARE(ev.size(), std::size_t(10));
    bool found = false;
    for (const auto& e : ev) {
        if (e->message == QLatin1String("(combined from similar events): Scaled up replica set a from 10 to 11")) {
            QCOMPARE(e->count, 2);
            found = true;
        }
    }
    QVERIFY(found);
    // After 10 minutes of silence the group starts afresh.
    sim.advance(601 * 1000);
    sim.recorder().record(
        deploymentRef(), kNormal, kReason, QStringLiteral("Scaled up replica set b from 0 to 1"), kComp);
    QCOMPARE(events(sim).back()->message.startsWith(QLatin1String("(combined")), false);
}

void TestEventRecorder::spamFilter()
{
    Simulation sim;
    const QString msg = QStringLiteral("Scaled up replica set a from 0 to 1");
    for (int i = 0; i < 30; ++i)
        sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    // 25 tokens: 1 create + 24 updates; the other 5 are dropped (but counted by the cache).
    QCOMPARE(events(sim).front()->count, 25);
    sim.advance(299 * 1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    QCOMPARE(events(sim).front()->count, 25);
    sim.advance(2 * 1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    QCOMPARE(events(sim).front()->count, 32);
}

void TestEventRecorder::expiry_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("lifeMs"); // from the last write to the Event's removal
    // v1.8-v1.11: a lease of the TTL (1 h) for every write. From v1.12 the API server grants
    // the TTL plus min(60 s, 5 % of 1 h) = 60 s, and reuses that lease for 60 s of writes.
    QTest::newRow("v1.8") << QStringLiteral("1.8") << 3600 * 1000;
    QTest::newRow("v1.11") << QStringLiteral("1.11") << 3600 * 1000;
    QTest::newRow("v1.12") << QStringLiteral("1.12") << 3660 * 1000;
    QTest::newRow("v1.32") << QStringLiteral("1.32") << 3660 * 1000;
}

void TestEventRecorder::expiry()
{
    // An update attaches the Event to a lease of its own time: it lives on from its last write.
    QFETCH(QString, version);
    QFETCH(int, lifeMs);
    Simulation sim;
    sim.profile().setKubernetesVersion(version);
    sim.recorder().record(deploymentRef(), kNormal, kReason, QStringLiteral("m"), kComp);
    sim.advance(1800 * 1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, QStringLiteral("m"), kComp);
    QCOMPARE(events(sim).front()->count, 2);
    sim.advance(lifeMs - 1);
    QCOMPARE(events(sim).size(), std::size_t(1));
    sim.advance(1);
    QCOMPARE(events(sim).size(), std::size_t(0));
}

void TestEventRecorder::leaseReuse_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QList<int>>("goneAtSeconds"); // of the Events written at 0 s, 59 s and 60 s
    // v1.8: each goes 1 h after its write. v1.32: the writes at 0 s and 59 s share the lease
    // granted at 0 s (1 h 1 min); the write at 60 s no longer fits in it and gets a new one.
    QTest::newRow("v1.8") << QStringLiteral("1.8") << QList<int> {3600, 3659, 3660};
    QTest::newRow("v1.32") << QStringLiteral("1.32") << QList<int> {3660, 3660, 3720};
}

void TestEventRecorder::leaseReuse()
{
    QFETCH(QString, version);
    QFETCH(QList<int>, goneAtSeconds);
    checkThreeWrites({version, version, version}, {0, 59, 60}, goneAtSeconds);
}

void TestEventRecorder::leaseObjectCap_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("leftAfterFirstLease");
    // 1,000 Events at 0 s fill a lease; the Event at 30 s would still fit in its time, but from
    // v1.21 a lease holds at most 1,000 writes, so it gets a lease of its own and outlives them.
    QTest::newRow("v1.20") << QStringLiteral("1.20") << 0;
    QTest::newRow("v1.21") << QStringLiteral("1.21") << 1;
}

void TestEventRecorder::leaseObjectCap()
{
    QFETCH(QString, version);
    QFETCH(int, leftAfterFirstLease);
    Simulation sim;
    sim.profile().setKubernetesVersion(version);
    const Millis t0 = sim.now();
    for (int i = 0; i < 1000; ++i)
        recordAbout(sim, QStringLiteral("d%1").arg(i));
    sim.advance(30 * 1000);
    recordAbout(sim, QStringLiteral("d1000"));
    sim.advance(t0 + 3660 * 1000 - 1 - sim.now());
    QCOMPARE(events(sim).size(), std::size_t(1001));
    sim.advance(1);
    QCOMPARE(events(sim).size(), std::size_t(leftAfterFirstLease));
    sim.advance(30 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(0));
}

void TestEventRecorder::expiryAfterResync_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QList<int>>("goneAtSeconds"); // of "shop" (written at 0 s), "other" (500 s), "default" (600 s)
    QTest::newRow("v1.8") << QStringLiteral("1.8") << QList<int> {3600, 4100, 4200};
    QTest::newRow("v1.32") << QStringLiteral("1.32") << QList<int> {3660, 4160, 4260};
}

void TestEventRecorder::expiryAfterResync()
{
    // After a resync (the components start over from the store, as after `sim load`), every
    // Event goes again after the lease of its last update: those the recorder made, in any
    // namespace, and one loaded as it is.
    QFETCH(QString, version);
    QFETCH(QList<int>, goneAtSeconds);
    Simulation sim;
    sim.profile().setKubernetesVersion(version);
    const Millis t0 = sim.now();
    ObjectReference shop = deploymentRef();
    shop.namespace_ = QStringLiteral("shop");
    sim.recorder().record(shop, kNormal, kReason, QStringLiteral("m"), kComp);
    sim.advance(600 * 1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, QStringLiteral("m"), kComp);
    Event loaded;
    loaded.metadata.namespace_ = QStringLiteral("other");
    loaded.metadata.name = QStringLiteral("web.1");
    loaded.involvedObject = deploymentRef();
    loaded.reason = kReason;
    loaded.lastTimestamp = sim.now() - 100 * 1000;
    sim.store().load(loaded);
    sim.setAutomatic(false);
    sim.setAutomatic(true);
    QCOMPARE(events(sim).size(), std::size_t(3));
    checkExpiries(sim, t0, goneAtSeconds, {QStringLiteral("shop"), QStringLiteral("other"), QStringLiteral("default")},
        [](const Event& e) { return e.metadata.namespace_; });
}

void TestEventRecorder::lruEviction_data()
{
    QTest::addColumn<int>("others");
    QTest::addColumn<QString>("otherComponent");
    QTest::addColumn<QString>("otherHost");
    QTest::addColumn<int>("expectedCount");
    QTest::addColumn<int>("expectedEvents");
    // client-go's caches hold 4096 keys (maxLruCacheEntries): 4095 other keys leave the first
    // event's observation in the cache (its second occurrence counts 2); 4096 push it out, and the
    // second occurrence is a new Event with count 1.
    QTest::newRow("4095 others") << 4095 << kComp << QString() << 2 << 1;
    QTest::newRow("4096 others") << 4096 << kComp << QString() << 1 << 2;
    // Each emitting process has caches of its own (an EventCorrelator per broadcaster): keys of
    // another controller, or of a kubelet, push nothing out of the deployment controller's.
    QTest::newRow("4096 of another controller")
        << 4096 << QStringLiteral("replicaset-controller") << QString() << 2 << 1;
    QTest::newRow("4096 of a kubelet") << 4096 << QStringLiteral("kubelet") << QStringLiteral("node-1") << 2 << 1;
}

void TestEventRecorder::lruEviction()
{
    QFETCH(int, others);
    QFETCH(QString, otherComponent);
    QFETCH(QString, otherHost);
    QFETCH(int, expectedCount);
    QFETCH(int, expectedEvents);
    Simulation sim;
    const QString msg = QStringLiteral("Scaled up replica set a from 0 to 1");
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    // Other objects (each its own spam bucket and aggregate group, one observation each).
    for (int i = 0; i < others; ++i) {
        ObjectReference ref = deploymentRef();
        ref.name = QStringLiteral("other-%1").arg(i);
        ref.uid = QStringLiteral("uid-other-%1").arg(i);
        sim.recorder().record(ref, kNormal, kReason, msg, otherComponent, otherHost);
    }
    sim.advance(1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, msg, kComp);
    std::vector<EventPtr> mine;
    for (const EventPtr& e : events(sim)) {
        if (e->involvedObject->name == QLatin1String("kiada"))
            mine.push_back(e);
    }
    QCOMPARE(int(mine.size()), expectedEvents);
    QCOMPARE(mine.back()->count, expectedCount);
    QCOMPARE(mine.back()->emitter->sourceComponent, kComp);
}

void TestEventRecorder::expiryAcrossVersionChange_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QList<int>>("goneAtSeconds"); // of "a" (written at 0 s), "b" (10 s) and "c" (20 s)
    // "a" is written before the version changes, "b" and "c" after it. A v1.32 API server keeps
    // "a" 1 h 1 min; after a downgrade to v1.8 "b" and "c" go 1 h after their writes, before
    // "a". In the other rows the new API server (another minor or patch release) grants "b" a
    // lease of its own, which "c" reuses.
    QTest::newRow("v1.32 to v1.8") << QStringLiteral("1.32") << QStringLiteral("1.8") << QList<int> {3660, 3610, 3620};
    QTest::newRow("v1.8 to v1.32") << QStringLiteral("1.8") << QStringLiteral("1.32") << QList<int> {3600, 3670, 3670};
    QTest::newRow("v1.32 to v1.31") << QStringLiteral("1.32") << QStringLiteral("1.31")
                                    << QList<int> {3660, 3670, 3670};
    QTest::newRow("v1.32.0 to v1.32.1") << QStringLiteral("1.32.0") << QStringLiteral("1.32.1")
                                        << QList<int> {3660, 3670, 3670};
}

void TestEventRecorder::expiryAcrossVersionChange()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QList<int>, goneAtSeconds);
    checkThreeWrites({before, after, after}, {0, 10, 20}, goneAtSeconds);
}

QTEST_GUILESS_MAIN(TestEventRecorder)
#include "tst_eventrecorder.moc"
