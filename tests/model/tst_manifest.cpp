#include "manifest/manifest.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace rl;

namespace {

QByteArray readData(const QString& name)
{
    QFile f(QStringLiteral(ROLLOUT_TEST_DATA "/manifests/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return f.readAll();
}

} // namespace

class TestManifest : public QObject
{
    Q_OBJECT

private slots:
    // Expected bytes were produced by `kubectl patch --local -f <file> -p '{}' --type merge -o yaml|json`.
    void printerMatchesKubectl_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tricky yaml") << QStringLiteral("tricky.json") << QStringLiteral("tricky.kubectl.yaml");
        QTest::newRow("tricky json") << QStringLiteral("tricky.json") << QStringLiteral("tricky.kubectl.json");
        QTest::newRow("status, literal block, folding")
            << QStringLiteral("status-conditions.json") << QStringLiteral("status-conditions.kubectl.yaml");
        QTest::newRow("timestamps are quoted")
            << QStringLiteral("timestamps.json") << QStringLiteral("timestamps.kubectl.yaml");
        QTest::newRow("kiada 0.8") << QStringLiteral("kiada-0.8-readiness.yaml")
                                   << QStringLiteral("kiada-0.8-readiness.kubectl.yaml");
        QTest::newRow("worker") << QStringLiteral("worker-extensions-v1beta1.yaml")
                                << QStringLiteral("worker-extensions-v1beta1.kubectl.yaml");
        QTest::newRow("blog deployment+service")
            << QStringLiteral("rolling-update-test.yaml") << QStringLiteral("rolling-update-test.kubectl.yaml");
    }

    void printerMatchesKubectl()
    {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        const ParseResult r = parseManifests(readData(source), source);
        QVERIFY(r.ok());
        QVERIFY(!r.documents.empty());
        QByteArray out;
        for (const auto& d : r.documents)
            out += expected.endsWith(QLatin1String(".json")) ? toKubectlJson(d.json) : toKubectlYaml(d.json);
        QCOMPARE(out, readData(expected));
    }

    void yamlRoundTrip()
    {
        // Printing and re-reading gives the same JSON.
        const ParseResult r = parseManifests(readData(QStringLiteral("tricky.json")), QStringLiteral("tricky.json"));
        QVERIFY(r.ok());
        const ParseResult again = parseManifests(toKubectlYaml(r.documents.at(0).json), QStringLiteral("again.yaml"));
        QVERIFY(again.ok());
        QCOMPARE(again.documents.at(0).json, r.documents.at(0).json);
    }

    // Expected messages: `kubectl create --dry-run=client -f <file>` (kubectl 1.32), without "error: ".
    void syntaxErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray pod = "apiVersion: v1\nkind: Pod\n";
        QTest::newRow("bad indentation") << pod + "metadata:\n  name: x\n labels: a\n"
                                         << QStringLiteral("yaml: line 4: did not find expected key");
        QTest::newRow("tab") << pod + "metadata:\n  name: x\n\tlabels: a\n"
                             << QStringLiteral("yaml: line 5: found a tab character that violates indentation");
        QTest::newRow("open flow seq") << pod + "metadata:\n  name: [x\n"
                                       << QStringLiteral("yaml: line 4: did not find expected ',' or ']'");
        QTest::newRow("open double quote") << pod + "metadata:\n  name: \"x\n"
                                           << QStringLiteral("yaml: line 5: found unexpected end of stream");
        QTest::newRow("open single quote") << pod + "metadata:\n  name: 'x\nspec: {}\n"
                                           << QStringLiteral("yaml: line 6: found unexpected end of stream");
        QTest::newRow("indentless seq misaligned")
            << pod + "spec:\n  containers:\n  - name: a\n    image: b\n   - name: c\n"
            << QStringLiteral("yaml: line 6: did not find expected key");
        QTest::newRow("seq misaligned") << pod + "spec:\n  containers:\n    - name: a\n      image: b\n     foo: c\n"
                                        << QStringLiteral("yaml: line 6: did not find expected '-' indicator");
        QTest::newRow("missing colon") << pod + "spec:\n  containers:\n  - name: a\n  image: b\n  foo\n"
                                       << QStringLiteral("yaml: line 8: could not find expected ':'");
        QTest::newRow("missing colon before key") << pod + "metadata:\n  name: x\n  foo\n  bar: 1\n"
                                                  << QStringLiteral("yaml: line 6: could not find expected ':'");
        QTest::newRow("open flow map") << pod + "metadata: {name: x\n"
                                       << QStringLiteral("yaml: line 3: did not find expected ',' or '}'");
        QTest::newRow("colon in value") << pod + "metadata:\n  name: x: y\n"
                                        << QStringLiteral(
                                               "yaml: line 4: mapping values are not allowed in this context");
        QTest::newRow("over-indented key")
            << pod + "metadata:\n  name: x\n    labels: 1\n"
            << QStringLiteral("yaml: line 5: mapping values are not allowed in this context");
        QTest::newRow("seq after map") << pod + "metadata:\n  labels:\n    a: b\n  - c\n"
                                       << QStringLiteral("yaml: line 5: did not find expected key");
        QTest::newRow("at sign") << pod + "metadata:\n  name: @x\n"
                                 << QStringLiteral("yaml: line 4: found character that cannot start any token");
        QTest::newRow("extra brace") << pod + "metadata: {name: x}}\n"
                                     << QStringLiteral("yaml: line 2: did not find expected key");
        QTest::newRow("unknown anchor") << pod + "metadata:\n  name: *x\n"
                                        << QStringLiteral("yaml: unknown anchor 'x' referenced");
    }

    void syntaxErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const ParseResult r = parseManifests(text, QStringLiteral("e.yaml"));
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(
            r.errors.at(0).message, QStringLiteral("error parsing e.yaml: error converting YAML to JSON: ") + message);
        QVERIFY(r.errors.at(0).pos.isValid());
    }

    // go-yaml's line numbers count from the document, the position Rollout Lab adds counts from the
    // file; kubectl's builder reads the documents before the bad one (patch --local prints them).
    void syntaxErrorInSecondDocument()
    {
        const QByteArray text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n# b\napiVersion: v1\n"
                                "kind: Pod\nmetadata:\n  name: b: c\n";
        const ParseResult r = parseManifests(text, QStringLiteral("m.yaml"));
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(r.errors.at(0).message,
            QStringLiteral("error parsing m.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not "
                           "allowed in this context"));
        QCOMPARE(r.errors.at(0).pos, (SourcePos {10, 10}));
        QCOMPARE(r.documents.size(), size_t(1));
        QCOMPARE(r.documentsBeforeError, size_t(1));
    }

    void notAnObject()
    {
        const ParseResult r
            = parseManifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n42\n", QStringLiteral("n.yaml"));
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(r.documentsBeforeError, size_t(1));
        QCOMPARE(r.errors.at(0).jsonType, QStringLiteral("number"));
        QCOMPARE(decodeErrorText(r.errors.at(0), false),
            QStringLiteral("unable to decode \"n.yaml\": json: cannot unmarshal number into Go value of type "
                           "unstructured.detector"));
    }

    void duplicateKeysLastWins()
    {
        const ParseResult r
            = parseManifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", QStringLiteral("d.yaml"));
        QVERIFY(r.ok());
        QCOMPARE(r.documents.at(0).name, QStringLiteral("b"));
    }

    void validYamlIsAccepted_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("multi-line plain") << QByteArray("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n    y\n");
        QTest::newRow("block scalar") << QByteArray(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: |\n      foo\n      bar\n  name: x\n");
        QTest::newRow("flow over lines") << QByteArray(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: x,\n  labels: {a: b}}\n");
        QTest::newRow("seq items") << QByteArray(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    args:\n    - x\n    - y\n");
    }

    void validYamlIsAccepted()
    {
        QFETCH(QByteArray, text);
        const ParseResult r = parseManifests(text, QStringLiteral("ok.yaml"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.errors.at(0).message));
        QCOMPARE(r.documents.size(), size_t(1));
    }

    void documentErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("kind missing")
            << QByteArray("apiVersion: apps/v1\nmetadata:\n  name: kiada\n") << QStringLiteral("nokind.yaml")
            << QStringLiteral("error validating \"nokind.yaml\": error validating data: kind not set; "
                              "if you choose to ignore these errors, turn validation off with --validate=false");
        QTest::newRow("apiVersion missing")
            << QByteArray("kind: Pod\n") << QStringLiteral("e11.yaml")
            << QStringLiteral("error validating \"e11.yaml\": error validating data: apiVersion not set; "
                              "if you choose to ignore these errors, turn validation off with --validate=false");
        QTest::newRow("list document")
            << QByteArray("- a\n- b\n") << QStringLiteral("l.yaml")
            << QStringLiteral("error validating \"l.yaml\": error validating data: invalid object to validate; "
                              "if you choose to ignore these errors, turn validation off with --validate=false");
        QTest::newRow("bad separator") << QByteArray("apiVersion: v1\nkind: Pod\n--- x\n") << QStringLiteral("m2.yaml")
                                       << QStringLiteral("error parsing m2.yaml: invalid Yaml document separator: x");
        QTest::newRow("json trailing comma")
            << QByteArray("{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"x\",}}\n")
            << QStringLiteral("j1.json")
            << QStringLiteral("error parsing j1.json: json: offset 63: invalid character '}' looking for beginning of "
                              "object key string");
        QTest::newRow("json truncated") << QByteArray(
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"x\"}\n")
                                        << QStringLiteral("j2.json")
                                        << QStringLiteral("error parsing j2.json: unexpected EOF");
    }

    void documentErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, file);
        QFETCH(QString, message);
        const ParseResult r = parseManifests(text, file);
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(r.errors.at(0).message, message);
        QCOMPARE(kubectlErrorText(r.errors.at(0)), QStringLiteral("error: ") + message);
    }

    void multiDocumentAndList()
    {
        const QByteArray text
            = "# comment only\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n"
              "  metadata:\n    name: a\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: b\n"
              "---\n---\napiVersion: rolloutlab.dev/v1alpha1\nkind: ImageBehavior\nmetadata:\n  name: img\nspec:\n"
              "  anything: [1, 2]\n";
        const ParseResult r = parseManifests(text, QStringLiteral("m.yaml"));
        QVERIFY(r.ok());
        QCOMPARE(r.documents.size(), size_t(3));
        QCOMPARE(r.documents.at(0).kind, QStringLiteral("Service"));
        QCOMPARE(r.documents.at(1).name, QStringLiteral("b"));
        QCOMPARE(r.documents.at(1).positionOf(QStringLiteral("metadata.name")), (SourcePos {13, 11}));
        QCOMPARE(r.documents.at(2).kind, QStringLiteral("ImageBehavior"));
        QCOMPARE(r.documents.at(2).pos, (SourcePos {16, 1}));
        QCOMPARE(
            r.documents.at(2).json.value(QStringLiteral("spec")).toObject().value(QStringLiteral("anything")).toArray(),
            QJsonArray({1, 2}));
    }

    void sourceMap()
    {
        const ParseResult r
            = parseManifests(readData(QStringLiteral("kiada-0.8-readiness.yaml")), QStringLiteral("k.yaml"));
        QVERIFY(r.ok());
        const ManifestDocument& d = r.documents.at(0);
        QCOMPARE(d.positionOf(QStringLiteral("spec.template.spec.containers[0].image")), (SourcePos {25, 16}));
        QCOMPARE(d.keyPositionOf(QStringLiteral("spec.minReadySeconds")), (SourcePos {13, 3}));
        // Missing paths fall back to the nearest ancestor.
        QCOMPARE(d.positionOf(QStringLiteral("spec.template.spec.containers[0].imagePullPolicy")), (SourcePos {24, 9}));
    }

    // go-yaml v2 scalar resolution (resolve.go) as sigs.k8s.io/yaml applies it.
    void resolve_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("int") << QStringLiteral("3") << QJsonValue(3);
        QTest::newRow("float") << QStringLiteral("0.6") << QJsonValue(0.6);
        QTest::newRow("exp") << QStringLiteral("1e3") << QJsonValue(1000);
        QTest::newRow("octal") << QStringLiteral("0777") << QJsonValue(511);
        QTest::newRow("hex") << QStringLiteral("0x1F") << QJsonValue(31);
        QTest::newRow("underscore") << QStringLiteral("1_000") << QJsonValue(1000);
        QTest::newRow("yes") << QStringLiteral("yes") << QJsonValue(true);
        QTest::newRow("Off") << QStringLiteral("Off") << QJsonValue(false);
        QTest::newRow("y") << QStringLiteral("y") << QJsonValue(true);
        QTest::newRow("tilde") << QStringLiteral("~") << QJsonValue(QJsonValue::Null);
        QTest::newRow("version") << QStringLiteral("0.6.1") << QJsonValue(QStringLiteral("0.6.1"));
        QTest::newRow("date") << QStringLiteral("2024-01-01") << QJsonValue(QStringLiteral("2024-01-01"));
        QTest::newRow("percent") << QStringLiteral("25%") << QJsonValue(QStringLiteral("25%"));
        QTest::newRow("image") << QStringLiteral("luksa/kiada:0.6") << QJsonValue(QStringLiteral("luksa/kiada:0.6"));
    }

    void resolve()
    {
        QFETCH(QString, plain);
        QFETCH(QJsonValue, value);
        QCOMPARE(resolvePlainScalar(plain), value);
    }

    void goYamlKeyOrder()
    {
        QStringList keys = {QStringLiteral("a10"), QStringLiteral("a2"), QStringLiteral("A"), QStringLiteral("_u"),
            QStringLiteral("-dash"), QStringLiteral("10"), QStringLiteral("9"), QStringLiteral("a1b")};
        std::sort(keys.begin(), keys.end(), goYamlKeyLess);
        // Order taken from kubectl's tricky.kubectl.yaml.
        QCOMPARE(keys,
            (QStringList {QStringLiteral("-dash"), QStringLiteral("_u"), QStringLiteral("9"), QStringLiteral("10"),
                QStringLiteral("A"), QStringLiteral("a1b"), QStringLiteral("a2"), QStringLiteral("a10")}));
    }

    void served_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("minor");
        QTest::addColumn<bool>("served");
        QTest::newRow("apps/v1 1.32") << QStringLiteral("apps/v1") << QStringLiteral("Deployment") << 32 << true;
        QTest::newRow("extensions 1.32") << QStringLiteral("extensions/v1beta1") << QStringLiteral("Deployment") << 32
                                         << false;
        QTest::newRow("extensions 1.15") << QStringLiteral("extensions/v1beta1") << QStringLiteral("Deployment") << 15
                                         << true;
        QTest::newRow("apps/v1beta1 1.16")
            << QStringLiteral("apps/v1beta1") << QStringLiteral("Deployment") << 16 << false;
        QTest::newRow("apps/v1beta2 1.15")
            << QStringLiteral("apps/v1beta2") << QStringLiteral("Deployment") << 15 << true;
        QTest::newRow("typo") << QStringLiteral("apps/v1") << QStringLiteral("Deploymnt") << 32 << false;
        QTest::newRow("lower case") << QStringLiteral("apps/v1") << QStringLiteral("deployment") << 32 << false;
        QTest::newRow("service") << QStringLiteral("v1") << QStringLiteral("Service") << 32 << true;
    }

    void served()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, kind);
        QFETCH(int, minor);
        QFETCH(bool, served);
        QCOMPARE(isServed(apiVersion, kind, ClusterVersion {1, minor}), served);
    }

    void noMatchesForKind()
    {
        const ParseResult r
            = parseManifests(readData(QStringLiteral("worker-extensions-v1beta1.yaml")), QStringLiteral("worker.yaml"));
        QVERIFY(r.ok());
        const AdmitResult a = admit(r.documents.at(0), ClusterVersion {1, 32});
        QVERIFY(!a.ok());
        QCOMPARE(a.message,
            QStringLiteral(
                "error: resource mapping not found for name: \"worker\" namespace: \"\" from \"worker.yaml\": "
                "no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\n"
                "ensure CRDs are installed first"));
        const AdmitResult old = admit(r.documents.at(0), ClusterVersion {1, 15});
        QVERIFY(old.ok());
    }

    void strictDecodingThroughAdmit()
    {
        const QByteArray text
            = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kiada\nspec:\n  replica: 3\n"
              "  selector:\n    matchLabels:\n      app: kiada\n  template:\n    metadata:\n      labels:\n"
              "        app: kiada\n    spec:\n      containers:\n      - name: kiada\n        imagee: luksa/kiada:0.6\n"
              "  foo: 1\n";
        const ParseResult r = parseManifests(text, QStringLiteral("d.yaml"));
        QVERIFY(r.ok());
        const AdmitResult a = admit(r.documents.at(0), ClusterVersion());
        QVERIFY(!a.ok());
        QCOMPARE(a.errors.size(), size_t(1));
        // Document order, as Go's decoder walks the JSON kubectl sent (which keeps the YAML order).
        QCOMPARE(a.message,
            QStringLiteral("Error from server (BadRequest): error when creating \"d.yaml\": Deployment in version "
                           "\"v1\" cannot be handled as a Deployment: strict decoding error: unknown field "
                           "\"spec.replica\", unknown field \"spec.template.spec.containers[0].imagee\", "
                           "unknown field \"spec.foo\""));
        QCOMPARE(a.errors.at(0).locationText(), QStringLiteral("d.yaml:6:3"));
    }

    void typeErrorThroughAdmit()
    {
        const QByteArray text
            = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kiada\nspec:\n  replicas: \"3\"\n";
        const ParseResult r = parseManifests(text, QStringLiteral("d.yaml"));
        const AdmitResult a = admit(r.documents.at(0), ClusterVersion());
        QCOMPARE(a.message,
            QStringLiteral("Error from server (BadRequest): error when creating \"d.yaml\": Deployment in version "
                           "\"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct "
                           "field DeploymentSpec.spec.replicas of type int32"));
        QCOMPARE(a.errors.at(0).locationText(), QStringLiteral("d.yaml:6:13"));
    }
};

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
