#include "kubectl/customcolumns.h"
#include "kubectl/patch.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace rl;

namespace {

QJsonValue load(const QString& name)
{
    QFile f(QStringLiteral(ROLLOUT_TEST_DATA "/output/in/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonValue v;
    QString error;
    Patch::parse(QString::fromUtf8(f.readAll()), v, error);
    return v;
}

} // namespace

// Expected values follow k8s.io/cli-runtime/pkg/printers/customcolumn.go (kubectl 1.32); kubectl only
// offers custom-columns on `get`, which needs a server, so there is no local kubectl to compare with.
class TestCustomColumns : public QObject
{
    Q_OBJECT

private slots:
    void relaxed_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("ok");
        QTest::newRow("bare") << "metadata.name"
                              << "{.metadata.name}" << true;
        QTest::newRow("dot") << ".metadata.name"
                             << "{.metadata.name}" << true;
        QTest::newRow("braces") << "{metadata.name}"
                                << "{.metadata.name}" << true;
        QTest::newRow("full") << "{.metadata.name}"
                              << "{.metadata.name}" << true;
        QTest::newRow("array") << ".spec.containers[*].image"
                               << "{.spec.containers[*].image}" << true;
        QTest::newRow("double braces") << "{{.a}}"
                                       << "" << false;
        QTest::newRow("empty") << ""
                               << "" << true;
    }
    void relaxed()
    {
        QFETCH(QString, expr);
        QFETCH(QString, expected);
        QFETCH(bool, ok);
        QString out, error;
        QCOMPARE(CustomColumnsPrinter::relaxedJsonPathExpression(expr, out, &error), ok);
        QCOMPARE(out, expected);
        if (!ok)
            QCOMPARE(error,
                QStringLiteral("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                               "'{name1.name2}' or '{.name1.name2}'"));
    }

    void specErrors_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << ""
                               << "custom-columns format specified but no custom columns given";
        QTest::newRow("no colon") << "NAME"
                                  << "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>";
        QTest::newRow("second column") << "NAME:.metadata.name,IMAGE"
                                       << "unexpected custom-columns spec: IMAGE, expected <header>:<json-path-expr>";
        QTest::newRow("comma inside brackets") << "X:.metadata['name','namespace']"
                                               << "unexpected custom-columns spec: 'namespace'], expected "
                                                  "<header>:<json-path-expr>";
    }
    void specErrors()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        CustomColumnsPrinter p;
        QString e;
        QVERIFY(!p.parseSpec(spec, &e));
        QCOMPARE(e, error);
    }

    void print_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("list") << "list.yaml"
                              << "NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image,"
                                 "REPLICAS:spec.replicas,MISSING:.nope"
                              << "NAME   IMAGE   REPLICAS   MISSING\n"
                                 "a      x:1     2          <none>\n"
                                 "b      y:2     3          <none>\n";
        QTest::newRow("values as %v") << "kiada.yaml"
                                      << "LABELS:.metadata.labels,CREATED:.metadata.creationTimestamp,"
                                         "PORTS:{.spec.template.spec.containers[*].name}"
                                      << "LABELS           CREATED   PORTS\n"
                                         "map[app:kiada]   <nil>     kiada\n";
    }
    void print()
    {
        QFETCH(QString, input);
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        CustomColumnsPrinter p;
        QString error;
        QVERIFY2(p.parseSpec(spec, &error), qPrintable(error));
        QString out;
        QVERIFY2(p.print({load(input)}, out, &error), qPrintable(error));
        QCOMPARE(out, expected);
    }

    void file()
    {
        CustomColumnsPrinter p;
        QString error;
        QVERIFY(p.parseTemplate(
            QStringLiteral("NAME   IMAGE\n{.metadata.name}  .spec.template.spec.containers[0].image\n"), &error));
        QString out;
        QVERIFY(p.print({load(QStringLiteral("list.yaml"))}, out, &error));
        QCOMPARE(out, QStringLiteral("NAME   IMAGE\na      x:1\nb      y:2\n"));
        QVERIFY(!p.parseTemplate(QStringLiteral("A B\n.a\n"), &error));
        QCOMPARE(error, QStringLiteral("number of headers (2) and field specifications (1) don't match"));
    }

    void noHeadersAndErrors()
    {
        CustomColumnsPrinter p;
        QString error;
        QVERIFY(p.parseSpec(QStringLiteral("R:.spec.replicas[0]"), &error));
        QString out;
        QVERIFY(!p.print({load(QStringLiteral("kiada.yaml"))}, out, &error));
        QCOMPARE(error, QStringLiteral("int64 is not array or slice"));
        QVERIFY(p.parseSpec(QStringLiteral("N:.metadata.name"), &error));
        p.setNoHeaders(true);
        out.clear();
        QVERIFY(p.print({load(QStringLiteral("kiada.yaml"))}, out, &error));
        QCOMPARE(out, QStringLiteral("kiada\n"));
    }
};

QTEST_GUILESS_MAIN(TestCustomColumns)
#include "tst_customcolumns.moc"
