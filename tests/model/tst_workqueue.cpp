// controllers/workqueue.h: client-go's delaying work queue on the virtual clock.

#include "controllers/workqueue.h"

#include <QTest>

using namespace rl;

namespace {
struct Fixture
{
    EventQueue queue {1000};
    QStringList handled; // "key@time"
    WorkQueue work {
        queue, [this](const QString& key) { handled << key + QLatin1Char('@') + QString::number(queue.now()); }};
};
} // namespace

class TestWorkQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A waiting key keeps its earlier time; an earlier time moves it forward; each wait ends in
    // one call of the handler.
    void aKeyWaitsOnceAtItsEarliestTime()
    {
        Fixture f;
        const QString key = QStringLiteral("default/web");
        f.work.add(key, 1500);
        f.work.add(key, 1800); // the very same text, later: nothing changes
        f.work.add(QString(key), 1700); // an equal text, later: nothing changes either
        QVERIFY(f.work.isPending(key));
        f.work.add(QStringLiteral("default/web"), 1200); // earlier: moved
        f.work.add(QStringLiteral("default/db"), 1300);
        f.queue.advanceTo(2000);
        QCOMPARE(f.handled, (QStringList {QStringLiteral("default/web@1200"), QStringLiteral("default/db@1300")}));
        QVERIFY(!f.work.isPending(key));
        QCOMPARE(f.queue.size(), std::size_t(0));
    }

    // After its call, the same key (the same text included) waits again when added.
    void aKeyWaitsAgainAfterItsCall()
    {
        Fixture f;
        const QString key = QStringLiteral("default/web");
        f.work.add(key, 1100);
        f.queue.advanceTo(1100);
        f.work.add(key, 1200);
        f.work.add(key, 1300);
        f.queue.advanceTo(2000);
        QCOMPARE(f.handled, (QStringList {QStringLiteral("default/web@1100"), QStringLiteral("default/web@1200")}));
    }

    // A time already past waits until now; clear() drops every waiting key, and a key added
    // after it waits again.
    void clearDropsTheWaitingKeys()
    {
        Fixture f;
        const QString key = QStringLiteral("default/web");
        f.queue.advanceTo(1500);
        f.work.add(key, 1000);
        f.work.addAfter(QStringLiteral("default/db"), 100);
        f.work.clear();
        QVERIFY(!f.work.isPending(key));
        QCOMPARE(f.queue.size(), std::size_t(0));
        f.work.add(key, 1000);
        f.queue.advanceTo(2000);
        QCOMPARE(f.handled, (QStringList {QStringLiteral("default/web@1500")}));
    }
};

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
