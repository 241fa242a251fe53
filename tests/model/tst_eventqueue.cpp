#include "sim/eventqueue.h"

#include <QTest>

using namespace rl;

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
};

QTEST_GUILESS_MAIN(TestEventQueue)
#include "tst_eventqueue.moc"
