#include "kubectl/patch.h"
#include "manifest/yamljson.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace rl;

namespace {

QString dataDir()
{
    return QStringLiteral(ROLLOUT_TEST_DATA "/patch/");
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readFile(path)).object();
}

// kubectl prints objects after a round trip through its decoder: nulls do not survive it.
QJsonValue withoutNulls(const QJsonValue& v)
{
    if (v.isObject()) {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (!it.value().isNull())
                o.insert(it.key(), withoutNulls(it.value()));
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const auto& e : v.toArray())
            a.append(withoutNulls(e));
        return a;
    }
    return v;
}

// JSON written with single quotes, to keep the tables readable.
QByteArray j(const char* s)
{
    return QByteArray(s).replace('\'', '"');
}
QString js(const char* s)
{
    return QString::fromUtf8(j(s));
}

PatchType typeOf(const QString& t)
{
    if (t == QLatin1String("merge"))
        return PatchType::Merge;
    if (t == QLatin1String("json"))
        return PatchType::Json;
    return PatchType::Strategic;
}

struct Case
{
    QString name, input, type;
};

QList<Case> cases()
{
    QList<Case> out;
    const QStringList lines
        = QString::fromUtf8(readFile(dataDir() + QStringLiteral("cases.txt"))).split(QLatin1Char('\n'));
    for (const auto& l : lines) {
        if (l.isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        const QStringList p = l.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (p.size() == 3)
            out.append({p[0], p[1], p[2]});
    }
    return out;
}

} // namespace

class TestPatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void againstKubectlFiles_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("name");
        const auto all = cases();
        QVERIFY(all.size() >= 40);
        for (const auto& c : all)
            QTest::newRow(c.name.toUtf8().constData()) << c.input << c.type << c.name;
    }
    void againstKubectlFiles()
    {
        QFETCH(QString, input);
        QFETCH(QString, type);
        QFETCH(QString, name);
        const QJsonObject original = readJson(dataDir() + QStringLiteral("in/%1.json").arg(input));
        QVERIFY(!original.isEmpty());
        const QString patch = QString::fromUtf8(readFile(dataDir() + QStringLiteral("patches/%1.txt").arg(name)));
        const PatchResult r = Patch::apply(original, patch, typeOf(type));
        const QString errFile = dataDir() + QStringLiteral("expected/%1.err").arg(name);
        if (QFile::exists(errFile)) {
            QVERIFY2(!r.ok(), "kubectl rejects this patch");
            QCOMPARE(QStringLiteral("error: ") + r.message + QLatin1Char('\n'), QString::fromUtf8(readFile(errFile)));
            return;
        }
        QVERIFY2(r.ok(), qPrintable(r.message));
        const QJsonObject expected = readJson(dataDir() + QStringLiteral("expected/%1.json").arg(name));
        QVERIFY(!expected.isEmpty());
        if (withoutNulls(r.object) != withoutNulls(expected)) {
            qWarning().noquote() << "ours:  " << QJsonDocument(r.object).toJson(QJsonDocument::Compact);
            qWarning().noquote() << "kubectl:" << QJsonDocument(expected).toJson(QJsonDocument::Compact);
        }
        QCOMPARE(withoutNulls(r.object), withoutNulls(expected));
        QCOMPARE(r.changed, name != QLatin1String("kiada-no-change"));
    }

    void againstLiveKubectl_data() { againstKubectlFiles_data(); }
    void againstLiveKubectl()
    {
        const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (kubectl.isEmpty())
            QSKIP("kubectl is not on PATH");
        QFETCH(QString, input);
        QFETCH(QString, type);
        QFETCH(QString, name);
        const QString inFile = dataDir() + QStringLiteral("in/%1.json").arg(input);
        const QString patch = QString::fromUtf8(readFile(dataDir() + QStringLiteral("patches/%1.txt").arg(name)));
        QProcess p;
        p.start(kubectl,
            {QStringLiteral("patch"), QStringLiteral("--local"), QStringLiteral("-f"), inFile, QStringLiteral("--type"),
                type, QStringLiteral("-p"), patch, QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(30000));
        const PatchResult r = Patch::apply(readJson(inFile), patch, typeOf(type));
        if (p.exitCode() != 0) {
            QVERIFY(!r.ok());
            QCOMPARE(
                QStringLiteral("error: ") + r.message + QLatin1Char('\n'), QString::fromUtf8(p.readAllStandardError()));
            return;
        }
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(withoutNulls(r.object), withoutNulls(QJsonDocument::fromJson(p.readAllStandardOutput()).object()));
    }

    // What kubectl prints when the API server (our simulation) rejects a patch.
    void serverErrors_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected");
        // apiserver handlers/patch.go: JSON patch apply errors are a 422 without details.
        QTest::newRow("json test failed")
            << "json" << js("[{'op':'test','path':'/spec/replicas','value':2}]")
            << "The request is invalid: the server rejected our request due to an error in our request";
        QTest::newRow("json remove missing")
            << "json" << js("[{'op':'remove','path':'/spec/foo'}]")
            << "The request is invalid: the server rejected our request due to an error in our request";
        QTest::newRow("json not an array")
            << "json" << js("{'op':'remove'}")
            << "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of "
               "type []handlers.jsonPatchOp";
        // strategic merge patch errors are plain errors: a 500 without a reason.
        QTest::newRow("missing merge key")
            << "strategic" << js("{'spec':{'template':{'spec':{'containers':[{'image':'httpd'}]}}}}")
            << "Error from server: map: map[image:httpd] does not contain declared merge key: name";
        QTest::newRow("unknown directive")
            << "strategic" << js("{'spec':{'template':{'spec':{'containers':[{'$patch':'foo','name':'kiada'}]}}}}")
            << "Error from server: unknown patch type: foo in map: map[$patch:foo name:kiada]";
        QTest::newRow("parse")
            << "strategic"
            << "spec: [" << js("error: unable to parse 'spec: [': yaml: line 1: did not find expected node content");
    }
    void serverErrors()
    {
        QFETCH(QString, type);
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        const PatchResult r = Patch::apply(readJson(dataDir() + QStringLiteral("in/kiada.json")), patch, typeOf(type));
        QVERIFY(!r.ok());
        QCOMPARE(r.kubectlError(), expected);
    }

    void parseYamlScalars_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("unquoted 0.6 is a number") << "a: 0.6" << j("{'a':0.6}");
        QTest::newRow("quoted 0.6 is a string") << "a: \"0.6\"" << j("{'a':'0.6'}");
        QTest::newRow("int") << "a: 10" << j("{'a':10}");
        QTest::newRow("percent") << "a: 25%" << j("{'a':'25%'}");
        QTest::newRow("yaml 1.1 bool") << "a: yes\nb: off" << j("{'a':true,'b':false}");
        QTest::newRow("null") << "a: null\nb: ~\nc:" << j("{'a':null,'b':null,'c':null}");
        QTest::newRow("image with colon") << "- image: luksa/kiada:0.6" << j("[{'image':'luksa/kiada:0.6'}]");
        QTest::newRow("json") << js("{'a': [1, 'x']}") << j("{'a':[1,'x']}");
    }
    void parseYamlScalars()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, json);
        QJsonValue v;
        QString err;
        QVERIFY2(Patch::parse(text, v, err), qPrintable(err));
        QCOMPARE(toGoJson(v), json);
    }

    void goFormatting_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("map sorted") << j("{'name':'kiada','$patch':'foo'}") << "map[$patch:foo name:kiada]";
        QTest::newRow("nested") << j("{'a':[1,2.5,true,null],'b':{}}") << "map[a:[1 2.5 true <nil>] b:map[]]";
        QTest::newRow("big float") << j("{'a':1000000}") << "map[a:1e+06]";
        QTest::newRow("port") << j("{'containerPort':8080}") << "map[containerPort:8080]";
    }
    void goFormatting()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QCOMPARE(Patch::goFormat(QJsonDocument::fromJson(json).object()), expected);
    }

    void goQuoting()
    {
        const QString in = QStringLiteral("spec:\n  a: \"b\"\t\\");
        const QString expected = QStringLiteral("\"spec:\\n  a: \\\"b\\\"\\t\\\\\"");
        QCOMPARE(Patch::goQuote(in), expected);
    }

    // strategicpatch.CreateTwoWayMergePatch: what `kubectl set image` / `edit` send.
    void twoWayPatch_data()
    {
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QByteArray>("modified");
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("equal") << j("{'spec':{'replicas':1}}") << j("{'spec':{'replicas':1}}") << QByteArray("{}");
        QTest::newRow("image")
            << j("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x:1'},{'name':'b','image':'y'}]}}}}")
            << j("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x:2'},{'name':'b','image':'y'}]}}}}")
            << j("{'spec':{'template':{'spec':{'$setElementOrder/"
                 "containers':[{'name':'a'},{'name':'b'}],'containers':[{'image':'x:2','name':'a'}]}}}}");
        QTest::newRow("container removed")
            << j("{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}}}")
            << j("{'spec':{'template':{'spec':{'containers':[{'name':'a'}]}}}}")
            << j("{'spec':{'template':{'spec':{'$setElementOrder/"
                 "containers':[{'name':'a'}],'containers':[{'$patch':'delete','name':'b'}]}}}}");
        QTest::newRow("strategy retainKeys")
            << j("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}")
            << j("{'spec':{'strategy':{'type':'Recreate'}}}")
            << j("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}");
        QTest::newRow("finalizer removed")
            << j("{'metadata':{'finalizers':['a','b']}}") << j("{'metadata':{'finalizers':['a']}}")
            << j("{'metadata':{'$deleteFromPrimitiveList/finalizers':['b'],'$setElementOrder/finalizers':['a']}}");
    }
    void twoWayPatch()
    {
        QFETCH(QByteArray, original);
        QFETCH(QByteArray, modified);
        QFETCH(QByteArray, patch);
        QJsonObject o = QJsonDocument::fromJson(original).object();
        QJsonObject m = QJsonDocument::fromJson(modified).object();
        o.insert(QStringLiteral("kind"), QStringLiteral("Deployment"));
        m.insert(QStringLiteral("kind"), QStringLiteral("Deployment"));
        const QJsonObject p = Patch::createTwoWayMergePatch(o, m, QStringLiteral("Deployment"));
        QCOMPARE(toGoJson(p), patch);
        // and applying it yields `modified`
        const PatchResult r = Patch::strategicMerge(o, p);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.object, m);
    }

    // strategicpatch.CreateThreeWayMergePatch: `kubectl apply`.
    void threeWayPatch_data()
    {
        QTest::addColumn<QByteArray>("lastApplied");
        QTest::addColumn<QByteArray>("modified");
        QTest::addColumn<QByteArray>("current");
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("unchanged, server fields kept")
            << j("{'spec':{'replicas':3}}") << j("{'spec':{'replicas':3}}")
            << j("{'spec':{'replicas':3,'paused':false},'status':{'replicas':3}}") << QByteArray("{}");
        QTest::newRow("field dropped from manifest is deleted")
            << j("{'spec':{'replicas':3,'minReadySeconds':10}}") << j("{'spec':{'replicas':3}}")
            << j("{'spec':{'replicas':3,'minReadySeconds':10}}") << j("{'spec':{'minReadySeconds':null}}");
        QTest::newRow("scale by someone else is reverted only when declared")
            << j("{'spec':{'replicas':3}}") << j("{'spec':{'replicas':3}}") << j("{'spec':{'replicas':5}}")
            << j("{'spec':{'replicas':3}}");
        QTest::newRow("switch to Recreate")
            << j("{'spec':{'strategy':{'type':'RollingUpdate'}}}") << j("{'spec':{'strategy':{'type':'Recreate'}}}")
            << j("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}"
                 "}}}")
            << j("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
    }
    void threeWayPatch()
    {
        QFETCH(QByteArray, lastApplied);
        QFETCH(QByteArray, modified);
        QFETCH(QByteArray, current);
        QFETCH(QByteArray, patch);
        QString err;
        const QJsonObject p = Patch::createThreeWayMergePatch(QJsonDocument::fromJson(lastApplied).object(),
            QJsonDocument::fromJson(modified).object(), QJsonDocument::fromJson(current).object(),
            QStringLiteral("Deployment"), &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(toGoJson(p), patch);
    }

    void noChangeIsReported()
    {
        const QJsonObject d = readJson(dataDir() + QStringLiteral("in/worker.json"));
        const PatchResult same = Patch::apply(d, QStringLiteral("spec:\n  replicas: 10"), PatchType::Strategic);
        QVERIFY(same.ok());
        QVERIFY(!same.changed);
        const PatchResult other = Patch::apply(d, QStringLiteral("spec:\n  replicas: 11"), PatchType::Strategic);
        QVERIFY(other.changed);
        QCOMPARE(other.object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(), 11);
    }
};

QTEST_GUILESS_MAIN(TestPatch)
#include "tst_patch.moc"
