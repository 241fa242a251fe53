// EventRecorder against client-go tools/record rules (spec 3.14).
#include "controllers/eventrecorder.h"
#include "sim/simulation.h"

#include <QTest>

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

std::vector<EventPtr> events(Simulation& sim)
{
    std::vector<EventPtr> out;
    for (const auto& [k, e] : sim.store().all<Event>())
        out.push_back(e);
    std::sort(out.begin(), out.end(),
        [](const EventPtr& a, const EventPtr& b) { return a->metadata.name < b->metadata.name; });
    return out;
}
} // namespace

class TestEventRecorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsEvent();
    void deduplicates();
    void aggregatesSimilar();
    void spamFilter();
    void expiry();
    void expiryAfterResync();
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
    QCOMPARE(e.sourceComponent, kComp);
    QCOMPARE(e.involvedObject->name, QStringLiteral("kiada"));
    QCOMPARE(e.firstTimestamp, Simulation::kDefaultStart);
    QCOMPARE(e.lastTimestamp, Simulation::kDefaultStart);
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

void TestEventRecorder::expiry()
{
    Simulation sim;
    sim.recorder().record(deploymentRef(), kNormal, kReason, QStringLiteral("m"), kComp);
    sim.advance(1800 * 1000);
    sim.recorder().record(deploymentRef(), kNormal, kReason, QStringLiteral("m"), kComp);
    sim.advance(3599 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(1));
    sim.advance(2 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(0));
}

void TestEventRecorder::expiryAfterResync()
{
    // After a resync (the components start over from the store, as after `sim load`), every
    // Event still goes 1 h after its last update: those the recorder made, in any namespace, and
    // one loaded as it is.
    Simulation sim;
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
    sim.advance(2999 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(3));
    sim.advance(1 * 1000); // 1 h after the first
    QCOMPARE(events(sim).size(), std::size_t(2));
    for (const EventPtr& e : events(sim))
        QVERIFY(e->metadata.namespace_ != QLatin1String("shop"));
    sim.advance(500 * 1000); // 1 h after the loaded one's last update
    QCOMPARE(events(sim).size(), std::size_t(1));
    QCOMPARE(events(sim).front()->metadata.namespace_, QStringLiteral("default"));
    sim.advance(99 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(1));
    sim.advance(1 * 1000);
    QCOMPARE(events(sim).size(), std::size_t(0));
}

void TestEventRecorder::lruEviction_data()
{
    QTest::addColumn<int>("others");
    QTest::addColumn<int>("expectedCount");
    QTest::addColumn<int>("expectedEvents");
    // client-go's caches hold 4096 keys (maxLruCacheEntries): 4095 other keys leave the first
    // event's observation in the cache (its second occurrence counts 2); 4096 push it out, and the
    // second occurrence is a new Event with count 1.
    QTest::newRow("4095 others") << 4095 << 2 << 1;
    QTest::newRow("4096 others") << 4096 << 1 << 2;
}

void TestEventRecorder::lruEviction()
{
    QFETCH(int, others);
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
        sim.recorder().record(ref, kNormal, kReason, msg, kComp);
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
}

QTEST_GUILESS_MAIN(TestEventRecorder)
#include "tst_eventrecorder.moc"
