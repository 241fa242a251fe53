#include "api/json.h"
#include "manifest/defaults.h"
#include "manifest/manifest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace rl;

namespace {

Deployment minimal(bool withSelector)
{
    Deployment d;
    d.metadata.name = QStringLiteral("kiada");
    d.spec.template_.metadata.labels.insert(QStringLiteral("app"), QStringLiteral("kiada"));
    if (withSelector) {
        LabelSelector s;
        s.matchLabels.insert(QStringLiteral("app"), QStringLiteral("kiada"));
        d.spec.selector = s;
    }
    Container c;
    c.name = QStringLiteral("kiada");
    c.image = QStringLiteral("luksa/kiada:0.6");
    d.spec.template_.spec.containers.push_back(c);
    return d;
}

QString ios(const std::optional<IntOrString>& v)
{
    return v ? v->toString() : QStringLiteral("<nil>");
}

} // namespace

class TestDefaults : public QObject
{
    Q_OBJECT

private slots:
    // Spec 1.3 table (pkg/apis/apps/{v1,v1beta2,v1beta1}/defaults.go, extensions/v1beta1/defaults.go).
    void deploymentPerVersion_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("maxSurge");
        QTest::addColumn<QString>("maxUnavailable");
        QTest::addColumn<int>("revisionHistoryLimit");
        QTest::addColumn<int>("progressDeadlineSeconds");
        QTest::addColumn<bool>("selectorDefaulted");
        QTest::newRow("apps/v1") << QStringLiteral("apps/v1") << QStringLiteral("25%") << QStringLiteral("25%") << 10
                                 << 600 << false;
        QTest::newRow("apps/v1beta2") << QStringLiteral("apps/v1beta2") << QStringLiteral("25%")
                                      << QStringLiteral("25%") << 10 << 600 << false;
        QTest::newRow("apps/v1beta1") << QStringLiteral("apps/v1beta1") << QStringLiteral("25%")
                                      << QStringLiteral("25%") << 2 << 600 << true;
        QTest::newRow("extensions/v1beta1") << QStringLiteral("extensions/v1beta1") << QStringLiteral("1")
                                            << QStringLiteral("1") << kMaxInt32 << kMaxInt32 << true;
    }

    void deploymentPerVersion()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, maxSurge);
        QFETCH(QString, maxUnavailable);
        QFETCH(int, revisionHistoryLimit);
        QFETCH(int, progressDeadlineSeconds);
        QFETCH(bool, selectorDefaulted);
        Deployment d = minimal(false);
        applyDefaults(d, apiVersion);
        QCOMPARE(d.spec.replicas, std::optional<qint32>(1));
        QCOMPARE(d.spec.strategy.type, QStringLiteral("RollingUpdate"));
        QVERIFY(d.spec.strategy.rollingUpdate);
        QCOMPARE(ios(d.spec.strategy.rollingUpdate->maxSurge), maxSurge);
        QCOMPARE(ios(d.spec.strategy.rollingUpdate->maxUnavailable), maxUnavailable);
        QCOMPARE(d.spec.revisionHistoryLimit, std::optional<qint32>(revisionHistoryLimit));
        QCOMPARE(d.spec.progressDeadlineSeconds, std::optional<qint32>(progressDeadlineSeconds));
        QCOMPARE(d.spec.selector.has_value(), selectorDefaulted);
        QCOMPARE(
            d.metadata.labels.value(QStringLiteral("app")), selectorDefaulted ? QStringLiteral("kiada") : QString());
    }

    void onlyMissingFieldsAreDefaulted_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("hasRollingUpdate");
        QTest::addColumn<QString>("maxSurge");
        QTest::addColumn<QString>("maxUnavailable");
        // Rule 2: maxSurge 0 given, maxUnavailable defaulted.
        QTest::newRow("apps/v1 surge 0") << QStringLiteral("apps/v1") << QString() << true << QStringLiteral("0")
                                         << QStringLiteral("25%");
        // Rule 1: Recreate gets no rollingUpdate in apps/v1 ...
        QTest::newRow("apps/v1 Recreate") << QStringLiteral("apps/v1") << QStringLiteral("Recreate") << false
                                          << QStringLiteral("<nil>") << QStringLiteral("<nil>");
        // ... but extensions/v1beta1 defaults a rollingUpdate that is present, whatever the type.
        QTest::newRow("extensions Recreate+ru") << QStringLiteral("extensions/v1beta1") << QStringLiteral("Recreate")
                                                << true << QStringLiteral("0") << QStringLiteral("1");
    }

    void onlyMissingFieldsAreDefaulted()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, type);
        QFETCH(bool, hasRollingUpdate);
        QFETCH(QString, maxSurge);
        QFETCH(QString, maxUnavailable);
        Deployment d = minimal(true);
        d.spec.strategy.type = type;
        if (hasRollingUpdate)
            d.spec.strategy.rollingUpdate = RollingUpdateDeployment {std::nullopt, IntOrString::fromInt(0)};
        applyDefaults(d, apiVersion);
        const auto ru = d.spec.strategy.rollingUpdate.value_or(RollingUpdateDeployment());
        QCOMPARE(ios(ru.maxSurge), maxSurge);
        QCOMPARE(ios(ru.maxUnavailable), maxUnavailable);
    }

    void podTemplate()
    {
        Deployment d = minimal(true);
        Probe p;
        p.handler = QJsonObject {{QStringLiteral("httpGet"), QJsonObject {{QStringLiteral("port"), 8080}}}};
        d.spec.template_.spec.containers[0].readinessProbe = p;
        d.spec.template_.spec.containers[0].ports.push_back(ContainerPort {QString(), 8080, 0, QString(), QString()});
        applyDefaults(d, QStringLiteral("apps/v1"));
        const PodSpec& s = d.spec.template_.spec;
        QCOMPARE(s.restartPolicy, QStringLiteral("Always"));
        QCOMPARE(s.dnsPolicy, QStringLiteral("ClusterFirst"));
        QCOMPARE(s.terminationGracePeriodSeconds, std::optional<qint64>(30));
        QCOMPARE(s.schedulerName, QStringLiteral("default-scheduler"));
        QVERIFY(s.hasSecurityContext);
        const Container& c = s.containers.at(0);
        QCOMPARE(c.terminationMessagePath, QStringLiteral("/dev/termination-log"));
        QCOMPARE(c.terminationMessagePolicy, QStringLiteral("File"));
        QCOMPARE(c.imagePullPolicy, QStringLiteral("IfNotPresent"));
        QCOMPARE(c.ports.at(0).protocol, QStringLiteral("TCP"));
        const Probe& rp = *c.readinessProbe;
        QCOMPARE(rp.initialDelaySeconds, 0);
        QCOMPARE(rp.timeoutSeconds, 1);
        QCOMPARE(rp.periodSeconds, 10);
        QCOMPARE(rp.successThreshold, 1);
        QCOMPARE(rp.failureThreshold, 3);
        QCOMPARE(rp.handler.value(QStringLiteral("httpGet")).toObject().value(QStringLiteral("scheme")).toString(),
            QStringLiteral("HTTP"));
        QCOMPARE(rp.handler.value(QStringLiteral("httpGet")).toObject().value(QStringLiteral("path")).toString(),
            QStringLiteral("/"));
        // `securityContext: {}` is printed.
        QVERIFY(toJson(s).contains(QStringLiteral("securityContext")));
    }

    void imagePullPolicy_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("policy");
        QTest::newRow("tag") << QStringLiteral("luksa/kiada:0.6") << QStringLiteral("IfNotPresent");
        QTest::newRow("latest") << QStringLiteral("nginx:latest") << QStringLiteral("Always");
        QTest::newRow("no tag") << QStringLiteral("nginx") << QStringLiteral("Always");
        QTest::newRow("registry port no tag") << QStringLiteral("127.0.0.1:5000/worker") << QStringLiteral("Always");
        QTest::newRow("registry port tag")
            << QStringLiteral("127.0.0.1:5000/worker:v0.1") << QStringLiteral("IfNotPresent");
        QTest::newRow("digest") << QStringLiteral("nginx@sha256:abc") << QStringLiteral("IfNotPresent");
    }

    void imagePullPolicy()
    {
        QFETCH(QString, image);
        QFETCH(QString, policy);
        Container c;
        c.name = QStringLiteral("c");
        c.image = image;
        applyContainerDefaults(c);
        QCOMPARE(c.imagePullPolicy, policy);
    }

    void replicaSetAndService()
    {
        ReplicaSet rs;
        rs.spec.template_.metadata.labels.insert(QStringLiteral("app"), QStringLiteral("x"));
        applyDefaults(rs, QStringLiteral("apps/v1"));
        QCOMPARE(rs.spec.replicas, std::optional<qint32>(1));
        QVERIFY(!rs.spec.selector);

        Service s;
        s.spec.ports.push_back(ServicePort {QStringLiteral("http"), QString(), 80, std::nullopt, 0});
        applyDefaults(s);
        QCOMPARE(s.spec.type, QStringLiteral("ClusterIP"));
        QCOMPARE(s.spec.sessionAffinity, QStringLiteral("None"));
        QCOMPARE(s.spec.ports.at(0).protocol, QStringLiteral("TCP"));
        QCOMPARE(s.spec.ports.at(0).targetPort, std::optional<IntOrString>(IntOrString::fromInt(80)));
    }

    void workerSeedThroughAdmit()
    {
        // The workshop's worker on a v1.15 cluster: extensions/v1beta1 defaults (spec 12, seed discrepancies).
        const QByteArray text
            = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 10\n"
              "  template:\n    metadata:\n      labels:\n        run: worker\n    spec:\n      containers:\n"
              "      - name: worker\n        image: 127.0.0.1:5000/worker:v0.1\n";
        const ParseResult r = parseManifests(text, QStringLiteral("worker.yaml"));
        const AdmitResult a = admit(r.documents.at(0), ClusterVersion {1, 15});
        QVERIFY2(a.ok(), qPrintable(a.message));
        const Deployment& d = std::get<Deployment>(*a.object);
        QCOMPARE(ios(d.spec.strategy.rollingUpdate->maxSurge), QStringLiteral("1"));
        QCOMPARE(ios(d.spec.strategy.rollingUpdate->maxUnavailable), QStringLiteral("1"));
        QCOMPARE(d.spec.progressDeadlineSeconds, std::optional<qint32>(kMaxInt32));
        QCOMPARE(d.spec.selector->toString(), QStringLiteral("run=worker"));
        QCOMPARE(d.metadata.labels.value(QStringLiteral("run")), QStringLiteral("worker"));
    }

    // The admission plugins of a pod create, by cluster version (ServiceAccount,
    // DefaultTolerationSeconds, Priority) and SetDefaults_Pod's enableServiceLinks.
    void admitPod_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("tolerationsIn"); // keys the pod tolerates already ("*": all)
        QTest::addColumn<bool>("optOut"); // automountServiceAccountToken: false
        QTest::addColumn<QString>("tokenVolume"); // kube-api-access-*, default-token-* or ""
        QTest::addColumn<QStringList>("tolerationKeys"); // after admission
        QTest::addColumn<QStringList>("extraKeys"); // priority, preemptionPolicy, enableServiceLinks
        const QStringList now {
            QStringLiteral("node.kubernetes.io/not-ready"), QStringLiteral("node.kubernetes.io/unreachable")};
        QTest::newRow("v1.32") << QStringLiteral("1.32") << QString() << false << QStringLiteral("kube-api-access-")
                               << now
                               << QStringList {"enableServiceLinks", "preemptionPolicy", "priority", "tolerations"};
        QTest::newRow("v1.21") << QStringLiteral("1.21") << QString() << false << QStringLiteral("kube-api-access-")
                               << now
                               << QStringList {"enableServiceLinks", "preemptionPolicy", "priority", "tolerations"};
        QTest::newRow("v1.20") << QStringLiteral("1.20") << QString() << false << QStringLiteral("default-token-")
                               << now
                               << QStringList {"enableServiceLinks", "preemptionPolicy", "priority", "tolerations"};
        QTest::newRow("v1.12") << QStringLiteral("1.12") << QString() << false << QStringLiteral("default-token-")
                               << now << QStringList {"priority", "tolerations"};
        QTest::newRow("v1.8") << QStringLiteral("1.8") << QString() << false << QStringLiteral("default-token-")
                              << QStringList {"node.alpha.kubernetes.io/notReady",
                                     "node.alpha.kubernetes.io/unreachable"}
                              << QStringList {"tolerations"};
        QTest::newRow("opted out") << QStringLiteral("1.32") << QString() << true << QString() << now
                                   << QStringList {"automountServiceAccountToken", "enableServiceLinks",
                                          "preemptionPolicy", "priority", "tolerations"};
        QTest::newRow("tolerates not-ready")
            << QStringLiteral("1.32") << QStringLiteral("node.kubernetes.io/not-ready") << false
            << QStringLiteral("kube-api-access-") << now
            << QStringList {"enableServiceLinks", "preemptionPolicy", "priority", "tolerations"};
        QTest::newRow("tolerates everything")
            << QStringLiteral("1.32") << QStringLiteral("*") << false << QStringLiteral("kube-api-access-")
            << QStringList {QString()}
            << QStringList {"enableServiceLinks", "preemptionPolicy", "priority", "tolerations"};
    }
    void admitPod()
    {
        QFETCH(QString, version);
        QFETCH(QString, tolerationsIn);
        QFETCH(bool, optOut);
        QFETCH(QString, tokenVolume);
        QFETCH(QStringList, tolerationKeys);
        QFETCH(QStringList, extraKeys);
        Pod p;
        p.metadata.name = QStringLiteral("web");
        p.metadata.namespace_ = QStringLiteral("default");
        p.metadata.uid = QStringLiteral("9afcd44d-14cf-4bfe-b476-cf8a4baa5dc0");
        Container c;
        c.name = QStringLiteral("web");
        c.image = QStringLiteral("nginx:1.27");
        p.spec.edit().containers.push_back(c);
        if (optOut)
            p.spec.edit().extra.insert(QStringLiteral("automountServiceAccountToken"), false);
        if (!tolerationsIn.isEmpty()) {
            QJsonObject t {{QStringLiteral("operator"), QStringLiteral("Exists")}};
            if (tolerationsIn != QLatin1String("*"))
                t.insert(QStringLiteral("key"), tolerationsIn);
            p.spec.edit().extra.insert(QStringLiteral("tolerations"), QJsonArray {t});
        }
        const int minor = version.section(QLatin1Char('.'), 1).toInt();
        rl::admitPod(p, minor);
        QCOMPARE(p.spec->serviceAccountName, QStringLiteral("default"));
        const PodSpec s = effectiveSpec(p);
        const QJsonObject json = toJson(p).value(QStringLiteral("spec")).toObject();
        QCOMPARE(json.value(QStringLiteral("serviceAccount")).toString(), QStringLiteral("default"));
        if (tokenVolume.isEmpty()) {
            QVERIFY(s.volumes.isEmpty());
            QVERIFY(s.containers[0].volumeMounts.isEmpty());
        } else {
            QCOMPARE(s.volumes.size(), 1);
            const QString name = s.volumes[0].toObject().value(QStringLiteral("name")).toString();
            QVERIFY2(name.startsWith(tokenVolume) && name.size() == tokenVolume.size() + 5, qPrintable(name));
            QCOMPARE(s.volumes[0].toObject().contains(QStringLiteral("projected")), tokenVolume.startsWith(u'k'));
            const QJsonObject mount = s.containers[0].volumeMounts.at(0).toObject();
            QCOMPARE(mount.value(QStringLiteral("name")).toString(), name);
            QCOMPARE(mount.value(QStringLiteral("mountPath")).toString(), kServiceAccountMountPath);
            QVERIFY(mount.value(QStringLiteral("readOnly")).toBool());
            QCOMPARE(json.value(QStringLiteral("volumes")).toArray(), s.volumes);
            QCOMPARE(tokenVolumeName(p), name);
            // admitted once: a second admission adds nothing
            rl::admitPod(p, minor);
            QCOMPARE(effectiveSpec(p).volumes.size(), 1);
        }
        QStringList keys;
        for (const QJsonValue& t : s.extra.value(QStringLiteral("tolerations")).toArray())
            keys << t.toObject().value(QStringLiteral("key")).toString();
        if (!tolerationsIn.isEmpty())
            keys.removeFirst(); // the pod's own
        if (tolerationsIn == QLatin1String("node.kubernetes.io/not-ready"))
            tolerationKeys.removeFirst();
        if (tolerationsIn == QLatin1String("*"))
            tolerationKeys.clear();
        QCOMPARE(keys, tolerationKeys);
        QStringList extra = s.extra.keys();
        QCOMPARE(extra, extraKeys);
    }
};

QTEST_GUILESS_MAIN(TestDefaults)
#include "tst_defaults.moc"
