#include "api/cow.h"

#include <QString>
#include <QTest>

#include <thread>

using namespace rl;

namespace {
struct Spec
{
    QString node;
    int replicas = 0;
    bool operator==(const Spec&) const = default;
};
} // namespace

class TestCow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void copiesShareUntilOneIsEdited()
    {
        // A Pod's versions copy its spec: the copies share one block, and an edit of one leaves
        // the others as they were.
        const Cow<Spec> a(Spec {QStringLiteral("node1"), 3});
        Cow<Spec> b = a;
        QVERIFY(b.isSharedWith(a));
        QCOMPARE(&b.get(), &a.get());
        b.edit().node = QStringLiteral("node2");
        QVERIFY(!b.isSharedWith(a));
        QCOMPARE(a->node, QStringLiteral("node1"));
        QCOMPARE(b->node, QStringLiteral("node2"));
        QCOMPARE((*b).replicas, 3);
        const Spec& view = b; // reads as a const Spec&
        QCOMPARE(view.node, QStringLiteral("node2"));
        Spec* own = &b.edit();
        QCOMPARE(&b.edit(), own); // its own block already: no copy
    }

    void defaultAssignmentMoveAndEquality()
    {
        Cow<Spec> empty;
        QCOMPARE(empty->replicas, 0); // a default one reads as Spec {}
        QVERIFY(empty->node.isNull());
        QVERIFY(empty == Spec {});
        QVERIFY(empty == Cow<Spec>(Spec {})); // equal values in two blocks
        empty.edit().replicas = 2; // a block of its own
        QCOMPARE(empty->replicas, 2);
        QCOMPARE(Cow<Spec>()->replicas, 0); // the shared default is untouched

        Cow<Spec> a(Spec {QStringLiteral("n"), 1});
        Cow<Spec> b;
        b = a;
        QVERIFY(b.isSharedWith(a));
        b = b; // self-assignment keeps the value
        QCOMPARE(b->node, QStringLiteral("n"));
        Cow<Spec> c = std::move(b);
        QVERIFY(b == Spec {}); // NOLINT(bugprone-use-after-move): moved-from is the default
        QVERIFY(c.isSharedWith(a));
        QVERIFY(!(c == Cow<Spec>(Spec {QStringLiteral("n"), 2})));
        c.swap(empty);
        QCOMPARE(c->replicas, 2);
        QVERIFY(empty.isSharedWith(a));
    }

    void copiesOnTwoThreads()
    {
        // The count is atomic once a second thread runs: copies made and dropped on both threads
        // leave the block alive and free it once (the sanitizer build checks that).
        const Cow<Spec> shared(Spec {QStringLiteral("kiada"), 1});
        auto churn = [&shared] {
            for (int i = 0; i < 200000; ++i) {
                Cow<Spec> copy = shared;
                if (copy->replicas != 1)
                    return false;
            }
            return true;
        };
        bool otherOk = false;
        std::thread other([&] { otherOk = churn(); });
        const bool ok = churn();
        other.join();
        QVERIFY(ok && otherOk);
        Cow<Spec> last = shared;
        last.edit().node = QStringLiteral("changed"); // detaches: the count came back to the two of us
        QCOMPARE(shared->node, QStringLiteral("kiada"));
    }
};

QTEST_APPLESS_MAIN(TestCow)
#include "tst_cow.moc"
