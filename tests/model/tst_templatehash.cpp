// api/hash: EqualIgnoreHash (deployment/util), as the Deployment controller uses it to find the
// ReplicaSet of its template.

#include "api/json.h"

#include <QTest>

using namespace rl;

namespace {
// Kubernetes' definition, spelled out: both templates without the label, then compared.
bool reference(PodTemplateSpec a, PodTemplateSpec b)
{
    a.metadata.labels.remove(keys::PodTemplateHash);
    b.metadata.labels.remove(keys::PodTemplateHash);
    return a == b;
}

Labels parseLabels(const QString& text) // "k=v,k2=v2"
{
    Labels out;
    for (const QString& pair : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        out.insert(pair.left(eq), pair.mid(eq + 1));
    }
    return out;
}

PodTemplateSpec templateOf(const QString& labels, const QString& image)
{
    PodTemplateSpec t;
    t.metadata.labels = parseLabels(labels);
    Container c;
    c.name = QStringLiteral("app");
    c.image = image;
    t.spec.containers.push_back(c);
    return t;
}
} // namespace

class TestTemplateHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // One template, two cluster versions: the same ReplicaSet name, and the label the decimal sum
    // before v1.12 (kubernetes#66094), the name's suffix after.
    void hashLabelOfTheVersion()
    {
        const PodTemplateSpec t = templateOf(QStringLiteral("app=kiada"), QStringLiteral("luksa/kiada:0.1"));
        const TemplateHash old = podTemplateHash(t, std::nullopt, 8);
        const TemplateHash now = podTemplateHash(t, std::nullopt, 32);
        QCOMPARE(old.nameSuffix, now.nameSuffix);
        QCOMPARE(now.label, now.nameSuffix);
        bool numeric = false;
        old.label.toUInt(&numeric);
        QVERIFY2(numeric, qPrintable(old.label));
        QCOMPARE(old.label.size(), old.nameSuffix.size());
        // SafeEncodeString maps each digit: 0-9 -> 4 5 6 7 8 9 b c d f.
        for (qsizetype i = 0; i < old.label.size(); ++i)
            QCOMPARE(old.nameSuffix.at(i), QStringLiteral("456789bcdf").at(old.label.at(i).digitValue()));
        QCOMPARE(podTemplateHash(t, std::nullopt, 11).label, old.label);
        QCOMPARE(podTemplateHash(t, std::nullopt, 12).label, now.label);
        QVERIFY(podTemplateHash(t, 1, 32).nameSuffix != now.nameSuffix); // the collision count counts
    }
    void equalIgnoreHash_data()
    {
        QTest::addColumn<QString>("labelsA");
        QTest::addColumn<QString>("imageA");
        QTest::addColumn<QString>("labelsB");
        QTest::addColumn<QString>("imageB");
        QTest::addColumn<bool>("equal");
        const QString v1 = QStringLiteral("kiada:0.6");
        const QString v2 = QStringLiteral("kiada:0.7");
        QTest::newRow("deployment vs its replicaset")
            << "app=kiada" << v1 << "app=kiada,pod-template-hash=58df67c6f6" << v1 << true;
        QTest::newRow("replicaset vs deployment")
            << "app=kiada,pod-template-hash=58df67c6f6" << v1 << "app=kiada" << v1 << true;
        QTest::newRow("other image") << "app=kiada" << v1 << "app=kiada,pod-template-hash=58df67c6f6" << v2 << false;
        QTest::newRow("other label value")
            << "app=kiada" << v1 << "app=other,pod-template-hash=58df67c6f6" << v1 << false;
        QTest::newRow("extra label") << "app=kiada" << v1 << "app=kiada,pod-template-hash=1,tier=web" << v1 << false;
        QTest::newRow("missing label") << "app=kiada,tier=web" << v1 << "app=kiada,pod-template-hash=1" << v1 << false;
        QTest::newRow("labels around the hash key") << "a=1,z=2" << v1 << "a=1,pod-template-hash=x,z=2" << v1 << true;
        QTest::newRow("different hashes")
            << "app=kiada,pod-template-hash=1" << v1 << "app=kiada,pod-template-hash=2" << v1 << true;
        QTest::newRow("same hash") << "app=kiada,pod-template-hash=1" << v1 << "app=kiada,pod-template-hash=1" << v1
                                   << true;
        QTest::newRow("same hash, other image")
            << "app=kiada,pod-template-hash=1" << v1 << "app=kiada,pod-template-hash=1" << v2 << false;
        QTest::newRow("no labels at all") << "" << v1 << "pod-template-hash=1" << v1 << true;
        QTest::newRow("only the hash on one side, a label on the other")
            << "app=kiada" << v1 << "pod-template-hash=1" << v1 << false;
    }
    void equalIgnoreHash()
    {
        QFETCH(QString, labelsA);
        QFETCH(QString, imageA);
        QFETCH(QString, labelsB);
        QFETCH(QString, imageB);
        QFETCH(bool, equal);
        const PodTemplateSpec a = templateOf(labelsA, imageA);
        const PodTemplateSpec b = templateOf(labelsB, imageB);
        QCOMPARE(reference(a, b), equal); // the table itself follows Kubernetes' definition
        QCOMPARE(rl::equalIgnoreHash(a, b), equal);
        QCOMPARE(rl::equalIgnoreHash(b, a), equal);
    }

    // Metadata other than labels counts too (annotations differ: not equal).
    void annotationsCount()
    {
        PodTemplateSpec a = templateOf(QStringLiteral("app=kiada"), QStringLiteral("kiada:0.6"));
        PodTemplateSpec b = templateOf(QStringLiteral("app=kiada,pod-template-hash=1"), QStringLiteral("kiada:0.6"));
        QVERIFY(rl::equalIgnoreHash(a, b));
        b.metadata.annotations.insert(QStringLiteral("note"), QStringLiteral("x"));
        QVERIFY(!rl::equalIgnoreHash(a, b));
        QVERIFY(!reference(a, b));
    }
};

QTEST_GUILESS_MAIN(TestTemplateHash)
#include "tst_templatehash.moc"
