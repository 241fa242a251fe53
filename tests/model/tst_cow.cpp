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

    void editsOnTwoThreads()
    {
        // Two threads that each edit their own copies of one value, at once: each edit detaches
        // (the count says the block is shared) and leaves the value the others read as it was;
        // every block is freed once (the sanitizer build checks that).
        const Cow<Spec> shared(Spec {QStringLiteral("kiada"), 1});
        auto edits = [&shared](int replicas) {
            for (int i = 0; i < 100000; ++i) {
                Cow<Spec> copy = shared;
                copy.edit().replicas = replicas;
                if (copy.isSharedWith(shared) || copy->replicas != replicas || shared->replicas != 1)
                    return false;
            }
            return true;
        };
        bool otherOk = false;
        std::thread other([&] { otherOk = edits(2); });
        const bool ok = edits(3);
        other.join();
        QVERIFY(ok && otherOk);
        QCOMPARE(shared->node, QStringLiteral("kiada"));
        QCOMPARE(shared->replicas, 1);
    }
};

QTEST_APPLESS_MAIN(TestCow)
#include "tst_cow.moc"
