#include "kubectl/jsonpath.h"
#include "kubectl/kubectl.h"
#include "kubectl/patch.h"
#include "sim/simulation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace rl;

namespace {

QString dataDir()
{
    return QStringLiteral(ROLLOUT_TEST_DATA "/output/");
}

QString readText(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

struct Case
{
    QString name, input, output;
};

std::vector<Case> cases()
{
    std::vector<Case> out;
    for (const QString& line : readText(dataDir() + QStringLiteral("cases.txt")).split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList parts = line.split(QLatin1Char('\t'));
        if (parts.size() == 3)
            out.push_back({parts[0], parts[1], parts[2]});
    }
    return out;
}

/// The objects `kubectl patch --local -f <input>` prints, one by one (a List is flattened).
QJsonArray objects(const QString& input)
{
    QJsonValue v;
    QString error;
    Patch::parse(readText(dataDir() + QStringLiteral("in/") + input), v, error);
    const QJsonObject o = v.toObject();
    if (o.value(QStringLiteral("kind")).toString() == QLatin1String("List"))
        return o.value(QStringLiteral("items")).toArray();
    return QJsonArray {o};
}

struct Run
{
    QString out, err;
    int rc = 0;
};

/// Our printer on each object, with kubectl's "error: " framing on stderr.
Run ours(const QString& output, const QJsonArray& objs, JsonPath::NumberStyle style)
{
    Run r;
    const QString format = output.section(QLatin1Char('='), 0, 0);
    const QString tmpl = output.section(QLatin1Char('='), 1);
    for (const auto& o : objs) {
        QString text, error;
        if (!JsonPath::print(format, tmpl, o, style, true, text, error)) {
            r.err = QStringLiteral("error: ") + error + (error.endsWith(QLatin1Char('\n')) ? QString() : "\n");
            r.rc = 1;
            break;
        }
        r.out += text;
    }
    return r;
}

} // namespace

class TestJsonPath : public QObject
{
    Q_OBJECT

private slots:
    void checkedIn_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        for (const Case& c : cases())
            QTest::newRow(qPrintable(c.name)) << c.input << c.output;
    }
    void checkedIn()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        const QString base = dataDir() + QStringLiteral("expected/") + QString::fromLatin1(QTest::currentDataTag());
        const Run r = ours(output, objects(input), JsonPath::NumberStyle::Unstructured);
        QCOMPARE(r.out, readText(base + QStringLiteral(".out")));
        QCOMPARE(r.err, readText(base + QStringLiteral(".err")));
        QCOMPARE(r.rc, readText(base + QStringLiteral(".rc")).trimmed().toInt());
    }

    void live_data() { checkedIn_data(); }
    void live()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not on PATH");
        QFETCH(QString, input);
        QFETCH(QString, output);
        QProcess p;
        p.start(QStringLiteral("kubectl"),
            {QStringLiteral("patch"), QStringLiteral("--local"), QStringLiteral("-f"),
                dataDir() + QStringLiteral("in/") + input, QStringLiteral("-p"), QStringLiteral("{}"),
                QStringLiteral("-o"), output});
        QVERIFY(p.waitForFinished(30000));
        const Run r = ours(output, objects(input), JsonPath::NumberStyle::Unstructured);
        QCOMPARE(r.out, QString::fromUtf8(p.readAllStandardOutput()));
        QCOMPARE(r.err, QString::fromUtf8(p.readAllStandardError()));
        QCOMPARE(r.rc, p.exitCode());
    }

    /// Typed objects reach the engine after a json round trip: numbers are float64.
    void typedObject()
    {
        const QString base = dataDir() + QStringLiteral("expected/typed-not-array");
        const Run r = ours(QStringLiteral("jsonpath={.spec.replicas[0]}"), objects(QStringLiteral("kiada.yaml")),
            JsonPath::NumberStyle::Typed);
        QCOMPARE(r.err, readText(base + QStringLiteral(".err")));
        QCOMPARE(r.rc, 1);
    }

    /// `kubectl get -o jsonpath|custom-columns` on the simulated cluster.
    void kubectlGet_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("rc");
        QTest::newRow("object") << QStringList {"get", "deploy", "kiada", "-o",
            "jsonpath={.spec.template.spec.containers[0].image}"}
                                << "luksa/kiada:0.6"
                                << "" << 0;
        QTest::newRow("list") << QStringList {"get", "deployments", "-o", "jsonpath={.kind} {.items[*].metadata.name}"}
                              << "List kiada"
                              << "" << 0;
        QTest::newRow("parse error") << QStringList {"get", "deploy", "kiada", "-o", "jsonpath={.foo"} << ""
                                     << "error: error parsing jsonpath {.foo, unclosed action\n"
                                     << 1;
        QTest::newRow("missing key not allowed") << QStringList {"get", "deploy", "kiada",
            "--allow-missing-template-keys=false", "-o", "jsonpath-as-json={.nope}"}
                                                 << ""
                                                 << "" << 1;
        QTest::newRow("custom-columns") << QStringList {"get", "deploy", "-o",
            "custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas"}
                                        << "NAME    REPLICAS\nkiada   3\n"
                                        << "" << 0;
        QTest::newRow("custom-columns no headers")
            << QStringList {"get", "deploy", "--no-headers", "-o", "custom-columns=NAME:.metadata.name"} << "kiada\n"
            << "" << 0;
        QTest::newRow("unknown format")
            << QStringList {"get", "deploy", "-o", "jsonpathx={.a}"} << ""
            << "error: unable to match a printer suitable for the output format \"jsonpathx={.a}\", "
               "allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,"
               "json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"
            << 1;
    }
    void kubectlGet()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, rc);
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.6", "--replicas=3"}), 0);
        QCOMPARE(k.run(argv), rc);
        QCOMPARE(k.out(), out);
        if (!err.isEmpty() || rc == 0)
            QCOMPARE(k.err(), err);
        else
            QVERIFY(k.err().startsWith(QLatin1String(
                "error: error executing jsonpath \"{.nope}\": Error executing template: nope is not found.")));
    }

    /// Rules from client-go's jsonpath_test.go / parser_test.go on a small document.
    void rules_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<bool>("allowMissing");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("slice step") << "{.a[0:4:2]}" << true << "1 3"
                                    << "";
        QTest::newRow("slice open end") << "{.a[2:]}" << true << "3 4"
                                        << "";
        QTest::newRow("negative start") << "{.a[-2:]}" << true << "3 4"
                                        << "";
        QTest::newRow("empty slice") << "{.a[1:1]}" << true << ""
                                     << "";
        QTest::newRow("union index") << "{.a[0,3]}" << true << "1 4"
                                     << "";
        QTest::newRow("filter lt") << "{.b[?(@.n<2)].s}" << true << "x"
                                   << "";
        QTest::newRow("filter ge") << "{.b[?(@.n>=2)].s}" << true << "y z"
                                   << "";
        QTest::newRow("filter bool") << "{.b[?(@.ok==true)].s}" << true << "z"
                                     << "";
        QTest::newRow("nested range") << "{range .b[*]}{.s}:{range .t[*]}{@},{end};{end}" << true << "x:;y:1,2,;z:;"
                                      << "";
        QTest::newRow("missing not allowed") << "{.nope}" << false << ""
                                             << "nope is not found";
        QTest::newRow("step zero") << "{.a[0:2:0]}" << true << ""
                                   << "step must be > 0";
        QTest::newRow("start after end") << "{.a[3:1]}" << true << ""
                                         << "starting index 3 is greater than ending index 1";
        QTest::newRow("compare many") << "{.b[?(@.t[*]==1)]}" << true << ""
                                      << "can only compare one element at a time";
        QTest::newRow("float literal") << "{.b[?(@.n==1.0)]}" << true << ""
                                       << "incompatible types for comparison";
        QTest::newRow("bool less") << "{.b[?(@.ok<true)]}" << true << ""
                                   << "invalid type for comparison";
        QTest::newRow("double recursive") << "{....a}" << true << ""
                                          << "invalid multiple recursive descent";
        QTest::newRow("unrecognized character") << "{.a[0]#}" << true << ""
                                                << "unrecognized character in action: U+0023 '#'";
        QTest::newRow("unterminated filter") << "{.b[?(@.n}" << true << ""
                                             << "unterminated filter";
        QTest::newRow("unclosed filter bracket") << "{.b[?(@.n)x}" << true << ""
                                                 << "unclosed array expect ]";
        QTest::newRow("escapes") << R"({"a\tb\u00e9"})" << true << QStringLiteral("a\tb\u00e9") << "";
    }
    void rules()
    {
        QFETCH(QString, tmpl);
        QFETCH(bool, allowMissing);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        QJsonValue doc;
        QString perr;
        QVERIFY(Patch::parse(QStringLiteral("{\"a\": [1,2,3,4], \"b\": [{\"n\": 1, \"s\": \"x\"}, {\"n\": 2, \"s\": "
                                            "\"y\", \"t\": [1,2]}, {\"n\": 3, \"s\": \"z\", \"ok\": true}]}"),
            doc, perr));
        JsonPath jp;
        QString err;
        QString out;
        if (jp.parse(tmpl, &err)) {
            jp.setAllowMissingKeys(allowMissing);
            jp.execute(doc, out, &err);
        }
        QCOMPARE(err, error);
        QCOMPARE(out, expected);
    }
};

QTEST_GUILESS_MAIN(TestJsonPath)
#include "tst_jsonpath.moc"
