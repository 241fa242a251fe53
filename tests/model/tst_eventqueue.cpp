#include "sim/eventqueue.h"

#include <QTest>

#include <vector>

using namespace rl;

namespace {
QStringList* prefetchLog = nullptr;
void logPrefetch(const void* hint)
{
    *prefetchLog << QStringLiteral("prefetch ") + *static_cast<const QString*>(hint);
}
} // namespace

class TestEventQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsInTimeThenScheduleOrder()
    {
        EventQueue q(1000);
        QStringList log;
        q.scheduleAt(3000, [&] { log << QStringLiteral("c"); });
        q.scheduleAt(2000, [&] { log << QStringLiteral("a"); });
        q.scheduleAt(2000, [&] { log << QStringLiteral("b"); });
        q.advanceTo(2500);
        QCOMPARE(log, (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(q.now(), 2500);
        QVERIFY(q.step());
        QCOMPARE(q.now(), 3000);
        QCOMPARE(log.size(), 3);
        QVERIFY(!q.step());
    }
    void cancelAndPastEvents()
    {
        EventQueue q(0);
        int ran = 0;
        auto id = q.scheduleAfter(10, [&] { ++ran; });
        q.scheduleAt(-5, [&] { ran += 10; }); // clamped to now
        q.cancel(id);
        q.advanceTo(100);
        QCOMPARE(ran, 10);
    }
    void staleIdDoesNotCancelALaterEvent()
    {
        // A cancelled or run event's slot is reused; its old Id must not reach the new event.
        EventQueue q(0);
        QStringList log;
        const auto first = q.scheduleAt(10, [&] { log << QStringLiteral("first"); });
        q.cancel(first);
        q.scheduleAt(10, [&] { log << QStringLiteral("second"); }); // takes the freed slot
        q.cancel(first); // stale: must do nothing
        const auto ran = q.scheduleAt(5, [&] { log << QStringLiteral("third"); });
        q.advanceTo(6);
        q.cancel(ran); // already ran: must do nothing
        q.scheduleAt(10, [&] { log << QStringLiteral("fourth"); });
        QCOMPARE(q.size(), std::size_t(2));
        q.advanceTo(100);
        QCOMPARE(log, (QStringList {QStringLiteral("third"), QStringLiteral("second"), QStringLiteral("fourth")}));
        QVERIFY(q.isEmpty());
        QCOMPARE(q.nextTime(), kNoTime);
    }
    void eventsScheduledForNowRunAfterThoseAlreadyDue()
    {
        // FIFO within an instant, also for events an event schedules at its own instant, and a
        // cancelled event in the middle of an instant is skipped.
        EventQueue q(0);
        QStringList log;
        q.scheduleAt(7, [&] {
            log << QStringLiteral("a");
            q.scheduleAt(7, [&] { log << QStringLiteral("d"); });
        });
        const auto b = q.scheduleAt(7, [&] { log << QStringLiteral("b"); });
        q.scheduleAt(7, [&] { log << QStringLiteral("c"); });
        q.cancel(b);
        QCOMPARE(q.size(), std::size_t(2));
        QCOMPARE(q.nextTime(), Millis(7));
        q.advanceTo(7);
        QCOMPARE(log, (QStringList {QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(q.executed(), quint64(3));
    }
    void advanceUntilStopsAtPredicate()
    {
        EventQueue q(0);
        int n = 0;
        for (int i = 1; i <= 10; ++i)
            q.scheduleAt(i * 100, [&] { ++n; });
        QVERIFY(q.advanceUntil([&] { return n == 4; }, 5000));
        QCOMPARE(q.now(), 400);
        QVERIFY(!q.advanceUntil([&] { return n == 100; }, 800));
        QCOMPARE(q.now(), 800);
        QCOMPARE(n, 8);
    }
    void actionsKnowWhichSchedulingTheyAre()
    {
        // running() is the Id that scheduleAt() returned for the event now running, whatever the
        // hint, also for an event scheduled by a running one; 0 between events.
        EventQueue q(0);
        std::vector<std::pair<EventQueue::Id, EventQueue::Id>> seen; // (returned, running)
        std::vector<EventQueue::Id> ids;
        int object = 0;
        for (int i = 0; i < 6; ++i) {
            ids.push_back(q.scheduleAt(
                10 + i % 2, [&, i] { seen.emplace_back(ids[std::size_t(i)], q.running()); },
                i % 3 ? &object : nullptr));
        }
        EventQueue::Id inner = 0;
        EventQueue::Id outer = 0;
        outer = q.scheduleAt(10, [&] {
            inner = q.scheduleAt(10, [&] { seen.emplace_back(inner, q.running()); });
            seen.emplace_back(outer, q.running()); // still this event after scheduling another
        });
        q.cancel(ids[2]); // a cancelled event never runs
        QCOMPARE(q.running(), EventQueue::Id(0));
        q.advanceTo(20);
        QCOMPARE(q.running(), EventQueue::Id(0));
        QCOMPARE(seen.size(), std::size_t(7));
        for (const auto& [returned, running] : seen)
            QCOMPARE(running, returned);
    }
    void prefetcherRunsOneEventAhead()
    {
        // An event's prefetcher is called with its hint as the event before it in the same
        // instant starts; not for a cancelled event, nor past one (d), nor across instants; and
        // the events run as they would without it.
        EventQueue q(0);
        QStringList log;
        prefetchLog = &log;
        const QStringList names {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")};
        std::vector<EventQueue::Id> ids;
        for (const QString& name : names)
            ids.push_back(q.scheduleAt(
                10, [&log, &name] { log << QStringLiteral("run ") + name; }, &name, sizeof name, logPrefetch));
        q.scheduleAt(
            20, [&log] { log << QStringLiteral("run later"); }, &names.front(), sizeof(QString), logPrefetch);
        q.cancel(ids[2]);
        q.advanceTo(30);
        prefetchLog = nullptr;
        QCOMPARE(log,
            (QStringList {QStringLiteral("prefetch b"), QStringLiteral("run a"), QStringLiteral("run b"),
                QStringLiteral("run d"), QStringLiteral("run later")}));
    }
};

QTEST_GUILESS_MAIN(TestEventQueue)
#include "tst_eventqueue.moc"
