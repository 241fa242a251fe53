#include "manifest/defaults.h"
#include "manifest/manifest.h"
#include "manifest/validation.h"

#include <QTest>

using namespace rl;

namespace {

// Line numbers below refer to this manifest.
const QByteArray kBase = "apiVersion: apps/v1\n" // 1
                         "kind: Deployment\n" // 2
                         "metadata:\n" // 3
                         "  name: kiada\n" // 4
                         "spec:\n" // 5
                         "  replicas: 3\n" // 6
                         "  minReadySeconds: 10\n" // 7
                         "  strategy:\n" // 8
                         "    type: RollingUpdate\n" // 9
                         "    rollingUpdate:\n" // 10
                         "      maxSurge: 1\n" // 11
                         "      maxUnavailable: 0\n" // 12
                         "  selector:\n" // 13
                         "    matchLabels:\n" // 14
                         "      app: kiada\n" // 15
                         "  template:\n" // 16
                         "    metadata:\n" // 17
                         "      labels:\n" // 18
                         "        app: kiada\n" // 19
                         "    spec:\n" // 20
                         "      containers:\n" // 21
                         "      - name: kiada\n" // 22
                         "        image: luksa/kiada:0.6\n" // 23
                         "        ports:\n" // 24
                         "        - containerPort: 8080\n"; // 25

AdmitResult admitText(const QByteArray& text, const ApiObject* old = nullptr)
{
    const ParseResult r = parseManifests(text, QStringLiteral("d.yaml"));
    if (!r.ok())
        qFatal("parse failed: %s", qPrintable(r.errors.at(0).message));
    return admit(r.documents.at(0), ClusterVersion {1, 32}, old);
}

const QString kPercent = QStringLiteral(
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
    "validation is '[0-9]+%')");

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void baseIsValid()
    {
        const AdmitResult a = admitText(kBase);
        QVERIFY2(a.ok(), qPrintable(a.message));
        QVERIFY(a.warnings.isEmpty());
    }

    // Messages: pkg/apis/apps/validation/validation.go, pkg/apis/core/validation/validation.go,
    // apimachinery pkg/util/validation (spec 1.5), rendered by kubectl's StandardErrorMessage (spec 7.1).
    void invalid_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("location");
        const QString head = QStringLiteral("The Deployment \"kiada\" is invalid: ");

        QTest::newRow("V1 replicas") << QByteArray("replicas: 3") << QByteArray("replicas: -1")
                                     << head
                + QStringLiteral("spec.replicas: Invalid value: -1: must be greater than or equal to 0")
                                     << QStringLiteral("d.yaml:6:13");
        QTest::newRow("V2+V5 no selector")
            << QByteArray("  selector:\n    matchLabels:\n      app: kiada\n") << QByteArray()
            << head
                + QStringLiteral("\n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: "
                                 "map[string]string{\"app\":\"kiada\"}: `selector` does not match template `labels`")
            << QStringLiteral("d.yaml:5:1");
        QTest::newRow("V3 empty selector")
            << QByteArray("  selector:\n    matchLabels:\n      app: kiada\n") << QByteArray("  selector: {}\n")
            << head
                + QStringLiteral(
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                    "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")
            << QStringLiteral("d.yaml:13:3");
        QTest::newRow("V5 mismatch") << QByteArray("      app: kiada\n  template")
                                     << QByteArray("      app: other\n  template")
                                     << head
                + QStringLiteral("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":"
                                 "\"kiada\"}: `selector` does not match template `labels`")
                                     << QStringLiteral("d.yaml:18:7");
        QTest::newRow("V6 restartPolicy")
            << QByteArray("    spec:\n") << QByteArray("    spec:\n      restartPolicy: Never\n")
            << head
                + QStringLiteral("spec.template.spec.restartPolicy: Unsupported value: \"Never\": "
                                 "supported values: \"Always\"")
            << QStringLiteral("d.yaml:21:22");
        QTest::newRow("V7 activeDeadlineSeconds")
            << QByteArray("    spec:\n") << QByteArray("    spec:\n      activeDeadlineSeconds: 10\n")
            << head
                + QStringLiteral("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in "
                                 "ReplicaSet is not Supported")
            << QStringLiteral("d.yaml:21:30");
        QTest::newRow("V8 unknown type") << QByteArray(
            "    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n")
                                         << QByteArray("    type: Blue\n")
                                         << head
                + QStringLiteral("spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Blue\", "
                                 "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", "
                                 "\"RollingUpdate\"")
                                         << QStringLiteral("d.yaml:8:3");
        QTest::newRow("V9 Recreate with rollingUpdate")
            << QByteArray("type: RollingUpdate") << QByteArray("type: Recreate")
            << head
                + QStringLiteral(
                    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'")
            << QStringLiteral("d.yaml:10:5");
        QTest::newRow("V11 negative maxSurge") << QByteArray("maxSurge: 1") << QByteArray("maxSurge: -1")
                                               << head
                + QStringLiteral("spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be "
                                 "greater than or equal to 0")
                                               << QStringLiteral("d.yaml:11:17");
        QTest::newRow("V12+V13 bad percent") << QByteArray("maxSurge: 1") << QByteArray("maxSurge: 25x")
                                             << head
                + QStringLiteral(
                    "\n* spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, "
                    "StrVal:\"25x\"}: ")
                + kPercent
                + QStringLiteral("\n* spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                                 "intstr.IntOrString{Type:0, IntVal:0, "
                                 "StrVal:\"\"}: may not be 0 when `maxSurge` is 0")
                                             << QStringLiteral("d.yaml:11:17");
        QTest::newRow("V13 both zero") << QByteArray("maxSurge: 1") << QByteArray("maxSurge: 0%")
                                       << head
                + QStringLiteral("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                                 "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when "
                                 "`maxSurge` is 0")
                                       << QStringLiteral("d.yaml:12:23");
        QTest::newRow("V14 over 100%") << QByteArray("maxUnavailable: 0") << QByteArray("maxUnavailable: 150%")
                                       << head
                + QStringLiteral("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                                 "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be "
                                 "greater than 100%")
                                       << QStringLiteral("d.yaml:12:23");
        QTest::newRow("V15 minReadySeconds")
            << QByteArray("minReadySeconds: 10") << QByteArray("minReadySeconds: -1")
            << head + QStringLiteral("spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0")
            << QStringLiteral("d.yaml:7:20");
        QTest::newRow("V16 revisionHistoryLimit")
            << QByteArray("  replicas: 3\n") << QByteArray("  replicas: 3\n  revisionHistoryLimit: -1\n")
            << head + QStringLiteral("spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0")
            << QStringLiteral("d.yaml:7:25");
        QTest::newRow("V17+V18 negative deadline")
            << QByteArray("  replicas: 3\n") << QByteArray("  replicas: 3\n  progressDeadlineSeconds: -1\n")
            << head
                + QStringLiteral(
                    "\n* spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0\n"
                    "* spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds")
            << QStringLiteral("d.yaml:7:28");
        QTest::newRow("V18 deadline = minReady")
            << QByteArray("  replicas: 3\n") << QByteArray("  replicas: 3\n  progressDeadlineSeconds: 10\n")
            << head
                + QStringLiteral(
                    "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds")
            << QStringLiteral("d.yaml:7:28");
        QTest::newRow("V20 name")
            << QByteArray("name: kiada") << QByteArray("name: Kiada")
            << QStringLiteral("The Deployment \"Kiada\" is invalid: metadata.name: Invalid value: \"Kiada\": a "
                              "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                              "'-' or '.', and must start and end with an alphanumeric character (e.g. "
                              "'example.com', regex used for validation is "
                              "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
            << QStringLiteral("d.yaml:4:9");
        QTest::newRow("no containers") << QByteArray(
            "      containers:\n      - name: kiada\n        image: luksa/kiada:0.6\n"
            "        ports:\n        - containerPort: 8080\n")
                                       << QByteArray("      containers: []\n")
                                       << head + QStringLiteral("spec.template.spec.containers: Required value")
                                       << QStringLiteral("d.yaml:21:7");
        QTest::newRow("image missing") << QByteArray("        image: luksa/kiada:0.6\n") << QByteArray()
                                       << head
                + QStringLiteral("spec.template.spec.containers[0].image: Required value")
                                       << QStringLiteral("d.yaml:22:9");
        QTest::newRow("container name") << QByteArray("- name: kiada") << QByteArray("- name: Kiada_1")
                                        << head
                + QStringLiteral("spec.template.spec.containers[0].name: Invalid value: \"Kiada_1\": a "
                                 "lowercase RFC 1123 label must consist of lower case alphanumeric "
                                 "characters or '-', and must start and end with an alphanumeric "
                                 "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                                 "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
                                        << QStringLiteral("d.yaml:22:15");
        QTest::newRow("duplicate container")
            << QByteArray("        - containerPort: 8080\n")
            << QByteArray("        - containerPort: 8080\n      - name: kiada\n        image: luksa/kiada:0.7\n")
            << head + QStringLiteral("spec.template.spec.containers[1].name: Duplicate value: \"kiada\"")
            << QStringLiteral("d.yaml:26:15");
        QTest::newRow("port range") << QByteArray("containerPort: 8080") << QByteArray("containerPort: 70000")
                                    << head
                + QStringLiteral("spec.template.spec.containers[0].ports[0].containerPort: Invalid value: "
                                 "70000: must be between 1 and 65535, inclusive")
                                    << QStringLiteral("d.yaml:25:26");
        QTest::newRow("protocol") << QByteArray("containerPort: 8080")
                                  << QByteArray("containerPort: 8080\n          protocol: tcp")
                                  << head
                + QStringLiteral("spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "
                                 "\"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"")
                                  << QStringLiteral("d.yaml:26:21");
        QTest::newRow("probe period")
            << QByteArray("        ports:\n")
            << QByteArray("        readinessProbe:\n          periodSeconds: -1\n          httpGet:\n"
                          "            port: 8080\n        ports:\n")
            << head
                + QStringLiteral("spec.template.spec.containers[0].readinessProbe.periodSeconds: Invalid "
                                 "value: -1: must be greater than or equal to 0")
            << QStringLiteral("d.yaml:25:26");
        QTest::newRow("label key") << QByteArray("  name: kiada\n")
                                   << QByteArray("  name: kiada\n  labels:\n    a b: x\n")
                                   << head
                + QStringLiteral("metadata.labels: Invalid value: \"a b\": name part must consist of "
                                 "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                 "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                                 "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
                                   << QStringLiteral("d.yaml:5:3");
    }

    void invalid()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, message);
        QFETCH(QString, location);
        QByteArray text = kBase;
        QVERIFY(text.contains(from));
        text.replace(text.indexOf(from), from.size(), to);
        const AdmitResult a = admitText(text);
        QVERIFY(!a.ok());
        QCOMPARE(a.message, message);
        QCOMPARE(a.errors.at(0).locationText(), location);
        QCOMPARE(a.errors.at(0).reason, QStringLiteral("Invalid"));
    }

    void selectorImmutable()
    {
        const AdmitResult first = admitText(kBase);
        QVERIFY(first.ok());
        QByteArray text = kBase;
        text.replace("      app: kiada\n  template", "      app: kiada\n      tier: web\n  template");
        text.replace("        app: kiada\n", "        app: kiada\n        tier: web\n");
        const AdmitResult a = admitText(text, &*first.object);
        QCOMPARE(a.message,
            QStringLiteral("The Deployment \"kiada\" is invalid: spec.selector: Invalid value: "
                           "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"kiada\", \"tier\":\"web\"}, "
                           "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"));
    }

    void newerClustersRenderJson()
    {
        Deployment d = std::get<Deployment>(*admitText(kBase).object);
        d.spec.strategy.rollingUpdate->maxSurge = IntOrString::fromInt(0);
        const auto errs = validate(d, nullptr, ClusterVersion {1, 34});
        QCOMPARE(errs.size(), size_t(1));
        QCOMPARE(errs.at(0).toString(),
            QStringLiteral(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"));
    }

    void nameWarning()
    {
        QByteArray text = kBase;
        text.replace("name: kiada\nspec", "name: kiada.v1\nspec");
        const AdmitResult a = admitText(text);
        QVERIFY(a.ok());
        QCOMPARE(a.warnings,
            QStringList {QStringLiteral(
                "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a "
                "DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric "
                "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]")});
    }

    void statusSanity()
    {
        Deployment d = std::get<Deployment>(*admitText(kBase).object);
        d.status.replicas = 2;
        d.status.readyReplicas = 2;
        d.status.availableReplicas = 3;
        d.status.collisionCount = 0;
        Deployment old = d;
        old.status.collisionCount = 1;
        QStringList msgs;
        for (const auto& e : validateStatus(d, &old, ClusterVersion()))
            msgs << e.toString();
        QCOMPARE(msgs,
            (QStringList {
                QStringLiteral("status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas"),
                QStringLiteral("status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas"),
                QStringLiteral("status.collisionCount: Invalid value: 0: cannot be decremented")}));
    }
    void generateNameIsAPrefix_data()
    {
        // apimachinery ValidateObjectMeta validates generateName with prefix = true: the trailing
        // '-' that ReplicaSets append is masked before the DNS-1123 subdomain check.
        QTest::addColumn<QString>("generateName");
        QTest::addColumn<QStringList>("errors");
        QTest::newRow("replicaset pod prefix") << QStringLiteral("kiada-98d84cfcf-") << QStringList();
        QTest::newRow("uppercase") << QStringLiteral("Kiada-")
                                   << QStringList {QStringLiteral(
                                          "metadata.generateName: Invalid value: \"Kiada-\": a lowercase RFC 1123 "
                                          "subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                                          "and must start and end with an alphanumeric character (e.g. "
                                          "'example.com', regex used for validation is "
                                          "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")};
    }
    void generateNameIsAPrefix()
    {
        QFETCH(QString, generateName);
        QFETCH(QStringList, errors);
        Pod p;
        p.metadata.name = QStringLiteral("kiada-98d84cfcf-xgb6d");
        p.metadata.generateName = generateName;
        p.spec.edit().containers.push_back(Container {});
        p.spec.edit().containers.back().name = QStringLiteral("kiada");
        p.spec.edit().containers.back().image = QStringLiteral("luksa/kiada:0.6");
        applyDefaults(p);
        QStringList got;
        for (const auto& e : validate(p, nullptr, ClusterVersion()))
            if (e.field == QLatin1String("metadata.generateName"))
                got << e.toString();
        QCOMPARE(got, errors);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
