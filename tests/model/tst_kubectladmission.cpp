#include "api/objects.h"
#include "kubectl/kubectl.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rl;

// Every write of the command layer goes through API-server admission. Expected texts: the API
// server's messages (kubernetes pkg/apis/apps/validation, apimachinery field.Error) as kubectl 1.32
// prints them (cmd/util/helpers.go StandardErrorMessage), kubectl's RESTMapper error for kinds the
// cluster version does not serve, and the defaults of pkg/apis/extensions/v1beta1/defaults.go. The
// "  at FILE:LINE:COL (PATH)" line is Rollout Lab's own addition (README, kubectl section); its
// numbers are read off the manifests below.
namespace {

const char* kKiada = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: kiada
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kiada
  template:
    metadata:
      labels:
        app: kiada
    spec:
      containers:
      - name: kiada
        image: luksa/kiada:0.5
)";

const char* kRecreateWithRollingUpdate = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: kiada
spec:
  replicas: 3
  strategy:
    type: Recreate
    rollingUpdate:
      maxSurge: 1
  selector:
    matchLabels:
      app: kiada
  template:
    metadata:
      labels:
        app: kiada
    spec:
      containers:
      - name: kiada
        image: luksa/kiada:0.5
)";

const char* kWorker = R"(apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 10
  template:
    metadata:
      labels:
        run: worker
    spec:
      containers:
      - name: worker
        image: localhost:30000/worker:v0.1
)";

const char* kWorkshopCluster = R"(apiVersion: rolloutlab.dev/v1alpha1
kind: ClusterProfile
metadata:
  name: workshop
spec:
  kubernetesVersion: "1.8"
)";

struct Fixture
{
    QTemporaryDir dir;
    Simulation sim;
    Kubectl k {sim};
    Fixture() { k.setWorkingDirectory(dir.path()); }
    void write(const QString& name, const char* text)
    {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
};

} // namespace

class TestKubectlAdmission : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejectedWrites_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("err");
        QTest::newRow("patch replicas -1")
            << QStringList {"patch", "deploy", "kiada", "-p", R"({"spec":{"replicas":-1}})"}
            << QStringLiteral("The Deployment \"kiada\" is invalid: spec.replicas: "
                              "Invalid value: -1: must be greater than or equal to 0\n");
        QTest::newRow("patch Recreate keeping rollingUpdate")
            << QStringList {"patch", "deploy", "kiada", "-p", R"({"spec":{"strategy":{"type":"Recreate"}}})"}
            << QStringLiteral("The Deployment \"kiada\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not "
                              "be specified when strategy `type` is 'Recreate'\n");
        QTest::newRow("patch selector (immutable in apps/v1)") << QStringList {"patch", "deploy", "kiada", "-p",
            R"({"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}})"}
                                                               << QStringLiteral(
                                                                      "The Deployment \"kiada\" is invalid: "
                                                                      "spec.selector: Invalid value: "
                                                                      "v1.LabelSelector{MatchLabels:map[string]string{"
                                                                      "\"app\":\"other\"}, "
                                                                      "MatchExpressions:[]v1.LabelSelectorRequirement("
                                                                      "nil)}: field is immutable\n");
        QTest::newRow("label value too long")
            << QStringList {"label", "deploy", "kiada", "tier=" + QString(64, QLatin1Char('a'))}
            << QStringLiteral("The Deployment \"kiada\" is invalid: metadata.labels: Invalid value: \"%1\": must be "
                              "no more than 63 characters\n")
                   .arg(QString(64, QLatin1Char('a')));
        QTest::newRow("scale rs negative is client-side")
            << QStringList {"scale", "rs", "nosuch", "--replicas=-1"}
            << QStringLiteral(
                   "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n");
    }
    void rejectedWrites()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, err);
        Fixture fx;
        fx.write(QStringLiteral("kiada.yaml"), kKiada);
        QCOMPARE(fx.k.run({"apply", "-f", "kiada.yaml"}), 0);
        const auto before = fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(fx.k.run(argv), 1);
        QCOMPARE(fx.k.err(), err);
        QCOMPARE(fx.k.out(), QString());
        // nothing changed
        QCOMPARE(*fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada")), *before);
    }

    void applyInvalidPrintsLocation()
    {
        Fixture fx;
        fx.write(QStringLiteral("recreate.yaml"), kRecreateWithRollingUpdate);
        QCOMPARE(fx.k.run({"apply", "-f", "recreate.yaml"}), 1);
        // rollingUpdate is a mapping: the error points at its key, line 9 column 5.
        QCOMPARE(fx.k.err(),
            QStringLiteral("The Deployment \"kiada\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be "
                           "specified when strategy `type` is 'Recreate'\n"
                           "  at recreate.yaml:9:5 (spec.strategy.rollingUpdate)\n"));
        QVERIFY(!fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada")));
    }

    void unservedApiVersion()
    {
        Fixture fx;
        fx.write(QStringLiteral("worker.yaml"), kWorker);
        QCOMPARE(fx.k.run({"apply", "-f", "worker.yaml"}), 1);
        QVERIFY2(fx.k.err().startsWith(QStringLiteral(
                     "error: resource mapping not found for name: \"worker\" namespace: \"\" from \"worker.yaml\": no "
                     "matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed "
                     "first\n")),
            qPrintable(fx.k.err()));
        QVERIFY(fx.sim.store().all<Deployment>().empty());
    }

    void workshopClusterServesExtensions()
    {
        Fixture fx;
        fx.write(QStringLiteral("cluster.yaml"), kWorkshopCluster);
        fx.write(QStringLiteral("worker.yaml"), kWorker);
        QCOMPARE(fx.k.run({"apply", "-f", "cluster.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("clusterprofile.rolloutlab.dev/workshop created\n"));
        QCOMPARE(fx.k.run({"apply", "-f", "cluster.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("clusterprofile.rolloutlab.dev/workshop unchanged\n"));
        QCOMPARE(fx.sim.profile().kubernetesVersion(), QStringLiteral("1.8"));
        QCOMPARE(fx.k.run({"apply", "-f", "worker.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("deployment.apps/worker created\n"));
        const auto d = fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("worker"));
        QVERIFY(d);
        // extensions/v1beta1 defaults
        QCOMPARE(d->spec.strategy.type, QStringLiteral("RollingUpdate"));
        QVERIFY(d->spec.strategy.rollingUpdate.has_value());
        QCOMPARE(d->spec.strategy.rollingUpdate->maxSurge, std::optional(IntOrString::fromInt(1)));
        QCOMPARE(d->spec.strategy.rollingUpdate->maxUnavailable, std::optional(IntOrString::fromInt(1)));
        // v1.8 defaulted neither (both came to extensions/v1beta1 later: see extensionsDefaultsByVersion)
        QCOMPARE(d->spec.revisionHistoryLimit, std::nullopt);
        QCOMPARE(d->spec.progressDeadlineSeconds, std::nullopt);
        QVERIFY(d->spec.selector.has_value());
        QCOMPARE(d->spec.selector->matchLabels.value(QStringLiteral("run")), QStringLiteral("worker"));
        QCOMPARE(d->metadata.generation, qint64(1));
        // the controllers act on it
        fx.sim.advance(30000);
        qint32 replicas = 0;
        for (const auto& [key, rs] : fx.sim.store().all<ReplicaSet>())
            replicas += rs->spec.replicas.value_or(0);
        QCOMPARE(replicas, 10);
    }

    void imageBehaviorOutcomes()
    {
        Fixture fx;
        fx.write(QStringLiteral("a.yaml"),
            "apiVersion: rolloutlab.dev/v1alpha1\nkind: ImageBehavior\nmetadata:\n  name: w\nspec:\n  image: w:1\n");
        fx.write(QStringLiteral("b.yaml"),
            "apiVersion: rolloutlab.dev/v1alpha1\nkind: ImageBehavior\nmetadata:\n  name: w\nspec:\n  image: w:1\n"
            "  exists: false\n");
        QCOMPARE(fx.k.run({"apply", "-f", "a.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("imagebehavior.rolloutlab.dev/w created\n"));
        QCOMPARE(fx.k.run({"apply", "-f", "a.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("imagebehavior.rolloutlab.dev/w unchanged\n"));
        QCOMPARE(fx.k.run({"apply", "-f", "b.yaml"}), 0);
        QCOMPARE(fx.k.out(), QStringLiteral("imagebehavior.rolloutlab.dev/w configured\n"));
        QVERIFY(!fx.sim.profile().findImageBehavior(QStringLiteral("w:1"))->exists);
    }

    void generation_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<qint64>("generation");
        // spec 1.4: spec or annotation changes bump the generation, labels alone do not.
        QTest::newRow("label") << QStringList {"label", "deploy", "kiada", "tier=web"} << qint64(1);
        QTest::newRow("annotate") << QStringList {"annotate", "deploy", "kiada", "note=x"} << qint64(2);
        QTest::newRow("scale") << QStringList {"scale", "deploy", "kiada", "--replicas=5"} << qint64(2);
        QTest::newRow("set image") << QStringList {"set", "image", "deploy/kiada", "kiada=luksa/kiada:0.6"}
                                   << qint64(2);
        QTest::newRow("pause") << QStringList {"rollout", "pause", "deploy/kiada"} << qint64(2);
        QTest::newRow("patch no change") << QStringList {"patch", "deploy", "kiada", "-p", R"({"spec":{"replicas":3}})"}
                                         << qint64(1);
    }
    void generation()
    {
        QFETCH(QStringList, argv);
        QFETCH(qint64, generation);
        Fixture fx;
        fx.write(QStringLiteral("kiada.yaml"), kKiada);
        QCOMPARE(fx.k.run({"apply", "-f", "kiada.yaml"}), 0);
        QCOMPARE(fx.k.run(argv), 0);
        const auto d = fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(d->metadata.generation, generation);
    }

    // extensions/v1beta1's two limits by cluster version: unset before v1.10; progressDeadlineSeconds
    // 600 in v1.10-v1.11 (kubernetes#66135), MaxInt32 from v1.12 (#66581); revisionHistoryLimit
    // MaxInt32 from v1.13 (#66605). apps/v1beta1 kept 2 and 600 throughout.
    void extensionsDefaultsByVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<int>("revisionHistoryLimit"); // -1: unset
        QTest::addColumn<int>("progressDeadlineSeconds");
        const QString ext = QStringLiteral("extensions/v1beta1");
        QTest::newRow("v1.8") << QStringLiteral("1.8") << ext << -1 << -1;
        QTest::newRow("v1.9") << QStringLiteral("1.9") << ext << -1 << -1;
        QTest::newRow("v1.10") << QStringLiteral("1.10") << ext << -1 << 600;
        QTest::newRow("v1.11") << QStringLiteral("1.11") << ext << -1 << 600;
        QTest::newRow("v1.12") << QStringLiteral("1.12") << ext << -1 << 2147483647;
        QTest::newRow("v1.13") << QStringLiteral("1.13") << ext << 2147483647 << 2147483647;
        QTest::newRow("v1.15") << QStringLiteral("1.15") << ext << 2147483647 << 2147483647;
        QTest::newRow("apps/v1beta1 v1.8") << QStringLiteral("1.8") << QStringLiteral("apps/v1beta1") << 2 << 600;
    }
    void extensionsDefaultsByVersion()
    {
        QFETCH(QString, version);
        QFETCH(QString, apiVersion);
        QFETCH(int, revisionHistoryLimit);
        QFETCH(int, progressDeadlineSeconds);
        Fixture fx;
        fx.sim.profile().setKubernetesVersion(version);
        QByteArray manifest(kWorker);
        manifest.replace("extensions/v1beta1", apiVersion.toLatin1());
        fx.write(QStringLiteral("worker.yaml"), manifest.constData());
        QCOMPARE(fx.k.run({"apply", "-f", "worker.yaml"}), 0);
        const auto d = fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("worker"));
        QVERIFY(d);
        const auto opt = [](int v) { return v < 0 ? std::optional<qint32>() : std::optional<qint32>(v); };
        QCOMPARE(d->spec.revisionHistoryLimit, opt(revisionHistoryLimit));
        QCOMPARE(d->spec.progressDeadlineSeconds, opt(progressDeadlineSeconds));
        // and -o json shows what is set, nothing else
        QCOMPARE(fx.k.run({"get", "deploy", "worker", "-o", "json"}), 0);
        QCOMPARE(fx.k.out().contains(QLatin1String("\"revisionHistoryLimit\"")), revisionHistoryLimit >= 0);
        QCOMPARE(fx.k.out().contains(QLatin1String("\"progressDeadlineSeconds\"")), progressDeadlineSeconds >= 0);
    }

    void createDeploymentIsDefaulted()
    {
        Fixture fx;
        QCOMPARE(fx.k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5"}), 0);
        const auto d = fx.sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QVERIFY(d);
        QCOMPARE(d->spec.revisionHistoryLimit, std::optional<qint32>(10));
        QCOMPARE(d->spec.progressDeadlineSeconds, std::optional<qint32>(600));
        QCOMPARE(d->spec.template_.spec.containers.at(0).imagePullPolicy, QStringLiteral("IfNotPresent"));
        QCOMPARE(fx.k.run({"create", "deployment", "Kiada", "--image=luksa/kiada:0.5"}), 1);
        QVERIFY2(fx.k.err().startsWith(QStringLiteral(
                     "The Deployment \"Kiada\" is invalid: metadata.name: Invalid value: \"Kiada\": a lowercase RFC "
                     "1123 subdomain must consist of lower case alphanumeric characters")),
            qPrintable(fx.k.err()));
    }
};

QTEST_GUILESS_MAIN(TestKubectlAdmission)
#include "tst_kubectladmission.moc"
