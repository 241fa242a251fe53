// Shared<T>: an immutable value in one shared block (api/shared.h).

#include "api/objects.h"
#include "api/shared.h"

#include <QTest>

using namespace rl;

class TestShared : public QObject
{
    Q_OBJECT

private slots:
    void defaultIsAnEmptyValue()
    {
        const Shared<ObjectReference> a;
        const Shared<ObjectReference> b;
        QCOMPARE(*a, ObjectReference {});
        QVERIFY(a == b);
        QVERIFY(a == Shared<ObjectReference>(ObjectReference {}));
    }

    void copiesShareOneBlock()
    {
        const Shared<ObjectReference> a(ObjectReference {QStringLiteral("Pod"), QStringLiteral("default"),
            QStringLiteral("kiada"), QStringLiteral("u1"), QStringLiteral("v1"), {}, {}});
        const Shared<ObjectReference> copy = a;
        QCOMPARE(&copy.get(), &a.get());
        QCOMPARE(copy->name, QStringLiteral("kiada"));
    }

    void equalityComparesValues()
    {
        ObjectReference r {QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("kiada"), {}, {}, {}, {}};
        const Shared<ObjectReference> a(r);
        const Shared<ObjectReference> b(r); // another block, the same value
        QVERIFY(&a.get() != &b.get());
        QVERIFY(a == b);
        r.fieldPath = QStringLiteral("spec.containers{kiada}");
        const Shared<ObjectReference> c(r);
        QVERIFY(!(a == c));
        // Two Events that differ only in where their involvedObject is held are equal.
        Event e1;
        e1.involvedObject = a;
        Event e2;
        e2.involvedObject = b;
        QVERIFY(e1 == e2);
        e2.involvedObject = c;
        QVERIFY(!(e1 == e2));
    }

    void assigningLeavesOtherCopiesAlone()
    {
        Shared<ObjectReference> a(ObjectReference {QStringLiteral("Pod"), {}, QStringLiteral("a"), {}, {}, {}, {}});
        const Shared<ObjectReference> keep = a;
        a = ObjectReference {QStringLiteral("Pod"), {}, QStringLiteral("b"), {}, {}, {}, {}};
        QCOMPARE(a->name, QStringLiteral("b"));
        QCOMPARE(keep->name, QStringLiteral("a"));
    }
};

QTEST_GUILESS_MAIN(TestShared)
#include "tst_shared.moc"
