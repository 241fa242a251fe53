#include "kubectl/kubectl.h"
#include "kubectl/patch.h"
#include "sim/simulation.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace rl;

// --dry-run=client|server|none of the mutating commands. Expected texts: kubectl 1.32 itself for
// the client-side cases (tests/data/dryrun, regenerate.sh), the name printer rule of spec 7.1 and
// kubectl's sources (pkg/cmd/delete/delete.go PrintObj, pkg/cmd/scale/scale.go, pkg/cmd/util/helpers.go
// GetDryRunStrategy) for the cases that need a cluster.
class TestDryRun : public QObject
{
    Q_OBJECT

    static QString data(const QString& name)
    {
        QFile f(QStringLiteral(ROLLOUT_TEST_DATA "/dryrun/") + name);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing test data %s", qPrintable(name));
        return QString::fromUtf8(f.readAll());
    }
    /// The klog warning without its time and pid ("W1123 15:59:42.359844    3448 helpers.go:702] m").
    static QString klogMessage(const QString& err)
    {
        static const QRegularExpression re(
            QStringLiteral("^W\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ (.*)$"), QRegularExpression::MultilineOption);
        const auto m = re.match(err);
        return m.hasMatch() ? m.captured(1) : QStringLiteral("<no klog line in: %1>").arg(err);
    }
    /// Everything a dry run must leave alone.
    static QString state(Simulation& sim)
    {
        Kubectl k(sim);
        k.run({"get", "deployments,replicasets,pods,services", "-o", "json"});
        return k.out();
    }
    static void setUp(Simulation& sim)
    {
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5", "--replicas=3"}), 0);
        sim.queue().advanceTo(sim.now() + 60 * 1000);
        QCOMPARE(k.run({"set", "image", "deployment/kiada", "kiada=luksa/kiada:0.6"}), 0);
        sim.queue().advanceTo(sim.now() + 120 * 1000);
    }

private Q_SLOTS:
    void nameLines_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("out");
        const QString d = QStringLiteral("deployment.apps/kiada");
        for (const QString mode : {"client", "server"}) {
            const QString sfx
                = mode == QLatin1String("client") ? QStringLiteral(" (dry run)") : QStringLiteral(" (server dry run)");
            const QString dr = QStringLiteral("--dry-run=") + mode;
            const auto row = [&](const char* name) -> QTestData& {
                return QTest::newRow(qPrintable(mode + QLatin1Char(' ') + name));
            };
            row("set image") << QStringList {"set", "image", "deploy/kiada", "kiada=luksa/kiada:0.7", dr}
                             << d + " image updated" + sfx + "\n";
            row("scale") << QStringList {"scale", "deploy/kiada", "--replicas=5", dr} << d + " scaled" + sfx + "\n";
            row("patch") << QStringList {"patch", "deploy", "kiada", "-p", R"({"spec":{"replicas":4}})", dr}
                         << d + " patched" + sfx + "\n";
            row("annotate") << QStringList {"annotate", "deploy", "kiada", "team=blue", dr}
                            << d + " annotated" + sfx + "\n";
            row("label") << QStringList {"label", "deploy", "kiada", "tier=web", dr} << d + " labeled" + sfx + "\n";
            row("delete") << QStringList {"delete", "deployment", "kiada", dr}
                          << "deployment.apps \"kiada\" deleted" + sfx + "\n";
            row("delete force") << QStringList {"delete", "deployment", "kiada", "--grace-period=0", "--force", dr}
                                << "deployment.apps \"kiada\" force deleted" + sfx + "\n";
            row("create deployment") << QStringList {"create", "deployment", "web", "--image=nginx:1.27", dr}
                                     << "deployment.apps/web created" + sfx + "\n";
            row("rollout undo") << QStringList {"rollout", "undo", "deploy/kiada", "--dry-run=server"}
                                << d + " rolled back (server dry run)\n";
        }
        QTest::newRow("none") << QStringList {"scale", "deploy/kiada", "--replicas=3", "--dry-run=none"}
                              << QStringLiteral("deployment.apps/kiada scaled\n");
        QTest::newRow("-o name") << QStringList {"scale", "deploy/kiada", "--replicas=5", "--dry-run=client", "-o",
            "name"} << QStringLiteral("deployment.apps/kiada\n");
        QTest::newRow("delete -o name") << QStringList {"delete", "deploy/kiada", "--dry-run=server", "-o", "name"}
                                        << QStringLiteral("deployment.apps/kiada\n");
    }
    void nameLines()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, out);
        Simulation sim;
        setUp(sim);
        const QString before = state(sim);
        Kubectl k(sim);
        QCOMPARE(k.run(argv), 0);
        // delete.go prints the --force warning before it looks at --dry-run
        QCOMPARE(k.err(),
            argv.contains(QStringLiteral("--force"))
                ? QStringLiteral("Warning: Immediate deletion does not wait for confirmation that the running resource "
                                 "has been terminated. The resource may continue to run on the cluster indefinitely.\n")
                : QString());
        QCOMPARE(k.out(), out);
        if (!argv.contains(QStringLiteral("--dry-run=none")))
            QCOMPARE(state(sim), before);
        else
            QVERIFY(state(sim) != before);
    }

    void createClientYaml()
    {
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5", "--replicas=3", "--dry-run=client",
                     "-o", "yaml"}),
            0);
        QCOMPARE(k.out(), data("create-client-yaml.out"));
        QVERIFY(!sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada")));
    }
    void createClientJsonWithNamespace()
    {
        // Same object; kubectl prints the typed object's field order, we print keys sorted.
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5", "-n", "default", "--dry-run=client",
                     "-o", "json"}),
            0);
        QCOMPARE(QJsonDocument::fromJson(k.out().toUtf8()),
            QJsonDocument::fromJson(data("create-client-ns-json.out").toUtf8()));
    }
    void kubectlCases_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("-o name") << "create-client-name"
                                 << QStringList {"create", "deployment", "web", "--image=nginx:1.27", "--port=80",
                                        "--dry-run=client", "-o", "name"};
        QTest::newRow("client") << "create-client"
                                << QStringList {
                                       "create", "deployment", "web", "--image=nginx:1.27", "--dry-run=client"};
        QTest::newRow("deprecated bare flag")
            << "create-deprecated" << QStringList {"create", "deployment", "web", "--image=nginx:1.27", "--dry-run"};
        QTest::newRow("deprecated boolean")
            << "create-bool-true"
            << QStringList {"create", "deployment", "web", "--image=nginx:1.27", "--dry-run=true"};
        QTest::newRow("last value wins") << "create-bool-false-client-yaml"
                                         << QStringList {"create", "deployment", "web", "--image=nginx:1.27",
                                                "--dry-run=false", "-o", "name", "--dry-run=client"};
        QTest::newRow("invalid value") << "create-invalid"
                                       << QStringList {
                                              "create", "deployment", "web", "--image=nginx:1.27", "--dry-run=foo"};
        QTest::newRow("rollout restart has no --dry-run")
            << "restart-dry-run" << QStringList {"rollout", "restart", "deployment/kiada", "--dry-run=client"};
        QTest::newRow("rollout pause has no --dry-run")
            << "pause-dry-run" << QStringList {"rollout", "pause", "deployment/kiada", "--dry-run=server"};
    }
    void kubectlCases()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, argv);
        Simulation sim;
        setUp(sim);
        const QString before = state(sim);
        Kubectl k(sim);
        QCOMPARE(k.run(argv), data(name + ".rc").trimmed().toInt());
        QCOMPARE(k.out(), data(name + ".out"));
        const QString err = data(name + ".err");
        if (err.startsWith(QLatin1Char('W')))
            QCOMPARE(klogMessage(k.err()), klogMessage(err));
        else
            QCOMPARE(k.err(), err);
        QCOMPARE(state(sim), before);
    }

    void serverDryRunIsAdmitted()
    {
        // The API server validates a server dry run like a real write and stores nothing.
        Simulation sim;
        setUp(sim);
        const QString before = state(sim);
        Kubectl k(sim);
        QCOMPARE(k.run({"patch", "deploy", "kiada", "-p", R"({"spec":{"replicas":-1}})", "--dry-run=server"}), 1);
        QCOMPARE(k.err(),
            QStringLiteral(
                "The Deployment \"kiada\" is invalid: spec.replicas: Invalid value: -1: must be greater than "
                "or equal to 0\n"));
        QCOMPARE(k.run({"patch", "deploy", "kiada", "-p", R"({"spec":{"replicas":-1}})", "--dry-run=client"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps/kiada patched (dry run)\n"));
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=x", "--dry-run=server"}), 1);
        QCOMPARE(
            k.err(), QStringLiteral("error: failed to create deployment: deployments.apps \"kiada\" already exists\n"));
        QCOMPARE(k.run({"delete", "deploy", "nope", "--dry-run=client"}), 1);
        QCOMPARE(k.err(), QStringLiteral("Error from server (NotFound): deployments.apps \"nope\" not found\n"));
        QCOMPARE(state(sim), before);
    }

    void outputObjects()
    {
        Simulation sim;
        setUp(sim);
        const QString before = state(sim);
        Kubectl k(sim);
        auto live = [&] {
            Kubectl g(sim);
            g.run({"get", "deploy", "kiada", "-o", "json"});
            return QJsonDocument::fromJson(g.out().toUtf8()).object();
        };
        const QJsonObject current = live();
        // scale.go: a client dry run prints the object as read, not scaled
        QCOMPARE(k.run({"scale", "deploy/kiada", "--replicas=5", "--dry-run=client", "-o", "json"}), 0);
        QCOMPARE(QJsonDocument::fromJson(k.out().toUtf8()).object(), current);
        // server dry run: the server's answer, with the new value and a bumped generation
        QCOMPARE(k.run({"scale", "deploy/kiada", "--replicas=5", "--dry-run=server", "-o", "json"}), 0);
        const QJsonObject scaled = QJsonDocument::fromJson(k.out().toUtf8()).object();
        QCOMPARE(scaled.value("spec").toObject().value("replicas").toInt(), 5);
        QCOMPARE(scaled.value("metadata").toObject().value("generation").toInt(),
            current.value("metadata").toObject().value("generation").toInt() + 1);
        // set image: the client's object carries the new image
        QCOMPARE(k.run({"set", "image", "deploy/kiada", "kiada=luksa/kiada:0.7", "--dry-run=client", "-o", "yaml"}), 0);
        QVERIFY2(k.out().contains(QStringLiteral("- image: luksa/kiada:0.7\n")), qPrintable(k.out()));
        QCOMPARE(state(sim), before);
    }
};

QTEST_GUILESS_MAIN(TestDryRun)
#include "tst_dryrun.moc"
