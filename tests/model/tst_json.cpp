#include "api/json.h"
#include "manifest/yamljson.h"

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

/// What `kubectl create deployment kiada --image=luksa/kiada:0.6` builds.
Deployment createdKiada()
{
    Deployment d;
    d.metadata.name = QStringLiteral("kiada");
    d.metadata.labels.insert(QStringLiteral("app"), QStringLiteral("kiada"));
    d.spec.replicas = 1;
    LabelSelector sel;
    sel.matchLabels.insert(QStringLiteral("app"), QStringLiteral("kiada"));
    d.spec.selector = sel;
    d.spec.template_.metadata.labels.insert(QStringLiteral("app"), QStringLiteral("kiada"));
    Container c;
    c.name = QStringLiteral("kiada");
    c.image = QStringLiteral("luksa/kiada:0.6");
    d.spec.template_.spec.containers.push_back(c);
    return d;
}

QJsonObject parseJson(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestJson : public QObject
{
    Q_OBJECT

private slots:
    void createDeploymentYaml()
    {
        // Expected bytes: `kubectl create deployment kiada --image=luksa/kiada:0.6 --dry-run=client -o yaml`.
        QCOMPARE(toKubectlYaml(toJson(createdKiada())), readData(QStringLiteral("create-kiada.kubectl.yaml")));
    }

    void createDeploymentJsonSorted()
    {
        // `... -o json | kubectl patch --local -f - -p '{}' --type merge -o json` (unstructured: sorted keys).
        QCOMPARE(toKubectlJson(toJson(createdKiada())), readData(QStringLiteral("create-kiada.sorted.kubectl.json")));
    }

    void timestamps_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00Z");
        QTest::newRow("sim start") << qint64(1767261600000) << QStringLiteral("2026-01-01T10:00:00Z");
        QTest::newRow("truncates ms") << qint64(1767261600999) << QStringLiteral("2026-01-01T10:00:00Z");
    }

    void timestamps()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatTimestamp(ms), text);
        QCOMPARE(parseTimestamp(text), ms / 1000 * 1000);
    }

    void omitEmpty()
    {
        Deployment d = createdKiada();
        const QJsonObject o = toJson(d);
        QCOMPARE(o.value(QStringLiteral("status")).toObject(), QJsonObject());
        QCOMPARE(
            o.value(QStringLiteral("spec")).toObject().value(QStringLiteral("strategy")).toObject(), QJsonObject());
        QVERIFY(o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("creationTimestamp")).isNull());

        ReplicaSet rs;
        rs.metadata.name = QStringLiteral("kiada-1");
        // apps/v1 ReplicaSetStatus.replicas has no omitempty.
        QCOMPARE(toJson(rs).value(QStringLiteral("status")).toObject(), QJsonObject({{QStringLiteral("replicas"), 0}}));

        PodSpec ps;
        ps.hasSecurityContext = true;
        QCOMPARE(toJson(ps).value(QStringLiteral("securityContext")).toObject(), QJsonObject());
        ps.extra.insert(QStringLiteral("tolerations"), QJsonArray());
        QVERIFY(toJson(ps).contains(QStringLiteral("tolerations")));

        Event e;
        const QJsonObject eo = toJson(e);
        QVERIFY(eo.value(QStringLiteral("eventTime")).isNull());
        QCOMPARE(eo.value(QStringLiteral("reportingComponent")).toString(QStringLiteral("x")), QString());
        QVERIFY(!eo.contains(QStringLiteral("series")));
        QVERIFY(!eo.contains(QStringLiteral("action")));
    }

    // An Event written through events.k8s.io/v1, as core/v1 returns it: count (omitempty) absent,
    // firstTimestamp and lastTimestamp null, source {}, eventTime and series.lastObservedTime as
    // MicroTime (six decimals).
    void eventsApiEvent()
    {
        Event e;
        e.count = 0;
        e.eventTime = 1767261600250; // 2026-01-01T10:00:00.250Z
        e.seriesCount = 3;
        e.seriesLastObservedTime = 1767261660007;
        e.emitter = EventEmitter {{}, {}, QStringLiteral("default-scheduler"),
            QStringLiteral("default-scheduler-node1"), QStringLiteral("Scheduling")};
        const QJsonObject o = toJson(e);
        QVERIFY(!o.contains(QStringLiteral("count")));
        QVERIFY(o.value(QStringLiteral("firstTimestamp")).isNull());
        QVERIFY(o.value(QStringLiteral("lastTimestamp")).isNull());
        QCOMPARE(o.value(QStringLiteral("source")).toObject(), QJsonObject());
        QCOMPARE(o.value(QStringLiteral("eventTime")).toString(), QStringLiteral("2026-01-01T10:00:00.250000Z"));
        QCOMPARE(o.value(QStringLiteral("series")).toObject(),
            QJsonObject({{QStringLiteral("count"), 3},
                {QStringLiteral("lastObservedTime"), QStringLiteral("2026-01-01T10:01:00.007000Z")}}));
        QCOMPARE(o.value(QStringLiteral("action")).toString(), QStringLiteral("Scheduling"));
        QCOMPARE(o.value(QStringLiteral("reportingComponent")).toString(), QStringLiteral("default-scheduler"));
        QCOMPARE(o.value(QStringLiteral("reportingInstance")).toString(), QStringLiteral("default-scheduler-node1"));
    }

    void roundTrip()
    {
        Deployment d = createdKiada();
        d.metadata.creationTimestamp = 1767261600000;
        d.spec.strategy.type = QStringLiteral("RollingUpdate");
        d.spec.strategy.rollingUpdate
            = RollingUpdateDeployment {IntOrString::fromString(QStringLiteral("25%")), IntOrString::fromInt(1)};
        d.spec.progressDeadlineSeconds = 600;
        Probe p;
        p.handler = parseJson(R"({"httpGet":{"path":"/healthz/ready","port":8080,"scheme":"HTTP"}})");
        p.periodSeconds = 5;
        d.spec.template_.spec.containers[0].readinessProbe = p;
        d.spec.template_.spec.containers[0].extra.insert(
            QStringLiteral("securityContext"), QJsonObject({{QStringLiteral("runAsUser"), 1000}}));
        Condition c {QStringLiteral("Available"), QStringLiteral("True"), 1767261600000, 1767261600000,
            QStringLiteral("MinimumReplicasAvailable"), QStringLiteral("Deployment has minimum availability.")};
        d.status.conditions.push_back(c);
        d.status.replicas = 1;

        Deployment back;
        DecodeError err;
        QVERIFY2(fromJson(toJson(d), back, err), qPrintable(err.message));
        QCOMPARE(back, d);
    }

    void decodeErrors_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const QString head = QStringLiteral(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},)");
        QTest::newRow("unknown spec field")
            << head + QStringLiteral(R"("spec":{"replica":3}})") << QStringLiteral("spec.replica")
            << QStringLiteral(R"(strict decoding error: unknown field "spec.replica")");
        QTest::newRow("unknown container field")
            << head + QStringLiteral(R"("spec":{"template":{"spec":{"containers":[{"name":"a","imagee":"b"}]}}}})")
            << QStringLiteral("spec.template.spec.containers[0].imagee")
            << QStringLiteral(R"(strict decoding error: unknown field "spec.template.spec.containers[0].imagee")");
        QTest::newRow("two unknown fields")
            << head + QStringLiteral(R"("spec":{"strategy":{"rollingUpdate":{"maxUnaivailable":1}}},"foo":1})")
            << QStringLiteral("foo")
            << QStringLiteral(
                   R"(strict decoding error: unknown field "foo", unknown field "spec.strategy.rollingUpdate.maxUnaivailable")");
        // The server decodes the JSON kubectl sends, whose keys encoding/json sorted: it meets
        // fields depth first in key order, whatever the Go struct's order.
        QTest::newRow("unknown fields in the server's order")
            << QStringLiteral(
                   R"({"zzz":1,"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","bogus":true},)"
                   R"("spec":{"template":{"spec":{"containers":[{"name":"a","imagee":"b"}]}},"aaa":2}})")
            << QStringLiteral("metadata.bogus")
            << QStringLiteral(R"(strict decoding error: unknown field "metadata.bogus", unknown field "spec.aaa", )"
                              R"(unknown field "spec.template.spec.containers[0].imagee", unknown field "zzz")");
        QTest::newRow("first type error in key order")
            << head + QStringLiteral(R"("spec":{"replicas":"3","minReadySeconds":"ten"}})")
            << QStringLiteral("spec.minReadySeconds")
            << QStringLiteral("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.minReadySeconds "
                              "of type int32");
        QTest::newRow("first type error by list index")
            << head
                + QStringLiteral(R"("spec":{"template":{"spec":{"terminationGracePeriodSeconds":"30","containers":)"
                                 R"([{"name":"a","image":"b","ports":[{"containerPort":80},{"containerPort":"81"}]},)"
                                 R"({"name":2}]}}}})")
            << QStringLiteral("spec.template.spec.containers[0].ports[1].containerPort")
            << QStringLiteral("json: cannot unmarshal string into Go struct field "
                              "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32");
        QTest::newRow("metadata.app") << QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{"app":"x"}})")
                                      << QStringLiteral("metadata.app")
                                      << QStringLiteral(R"(strict decoding error: unknown field "metadata.app")");
        QTest::newRow("replicas string")
            << head + QStringLiteral(R"("spec":{"replicas":"3"}})") << QStringLiteral("spec.replicas")
            << QStringLiteral(
                   "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
        QTest::newRow("replicas fraction")
            << head + QStringLiteral(R"("spec":{"replicas":1.5}})") << QStringLiteral("spec.replicas")
            << QStringLiteral(
                   "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32");
        QTest::newRow("int64 overflow") << QStringLiteral(
            R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x",)"
            R"("generation":9223372036854775808}})")
                                        << QStringLiteral("metadata.generation")
                                        << QStringLiteral(
                                               "json: cannot unmarshal number 9223372036854775808 into Go struct field "
                                               "ObjectMeta.metadata.generation of type int64");
        QTest::newRow("env value bool") << head
                + QStringLiteral(
                    R"("spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"A","value":true}]}]}}}})")
                                        << QStringLiteral("spec.template.spec.containers[0].env[0].value")
                                        << QStringLiteral(
                                               "json: cannot unmarshal bool into Go struct field "
                                               "EnvVar.spec.template.spec.containers.env.value of type string");
        QTest::newRow("spec string")
            << head + QStringLiteral(R"("spec":"x"})") << QStringLiteral("spec")
            << QStringLiteral(
                   "json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec");
    }

    void decodeErrors()
    {
        QFETCH(QString, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        QVERIFY(!o.isEmpty());
        DecodeError err;
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("Pod")) {
            Pod p;
            QVERIFY(!fromJson(o, p, err));
        } else {
            Deployment d;
            QVERIFY(!fromJson(o, d, err));
        }
        QCOMPARE(err.message, message);
        QCOMPARE(err.path, path);
    }

    void knownExtraFieldsAreKept()
    {
        const QJsonObject o = parseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
            "spec":{"tolerations":[{"key":"k"}],"containers":[{"name":"a","image":"b","lifecycle":{"preStop":{}}}]}})");
        Pod p;
        DecodeError err;
        QVERIFY2(fromJson(o, p, err), qPrintable(err.message));
        QVERIFY(p.spec.edit().extra.contains(QStringLiteral("tolerations")));
        QVERIFY(p.spec.edit().containers.at(0).extra.contains(QStringLiteral("lifecycle")));
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
