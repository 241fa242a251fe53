#include "kubectl/kubectl.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace rl;

namespace {
QString localDir()
{
    return QStringLiteral(ROLLOUT_TEST_DATA "/local/");
}

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Rollout Lab's own "  at FILE:LINE:COL" lines (README, kubectl section), which kubectl does not
// print: taken out of `err`, they are returned on their own.
QString takePositionLines(QString& err)
{
    QString kubectlPart, positions;
    for (const QString& line : err.split(u'\n', Qt::KeepEmptyParts)) {
        if (line.startsWith(QLatin1String("  at ")))
            positions += line + u'\n';
        else
            kubectlPart += line + u'\n';
    }
    kubectlPart.chop(1);
    err = kubectlPart;
    return positions;
}

// A field of tests/data/local/cases.txt written $'...' is decoded as bash decodes it (\n, \t, \r,
// \\, \', \"), as regenerate.sh does: the patch texts with line breaks or tabs.
QString caseField(const QString& field)
{
    if (!field.startsWith(QLatin1String("$'")) || !field.endsWith(u'\'') || field.size() < 3)
        return field;
    QString out;
    const QString body = field.mid(2, field.size() - 3);
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body.at(i);
        if (c != u'\\' || i + 1 == body.size()) {
            out += c;
            continue;
        }
        const QChar e = body.at(++i);
        out += e == u'n' ? QChar(u'\n') : e == u't' ? QChar(u'\t') : e == u'r' ? QChar(u'\r') : e;
    }
    return out;
}

// A cluster of one node with room for one pod, and a Deployment of two there: one pod stays
// pending.
struct FullCluster
{
    Simulation sim;
    Kubectl k {sim};
    FullCluster()
    {
        sim.profile().setNodeNames({QStringLiteral("node1")});
        sim.profile().setMaxPodsPerNode(1);
        QCOMPARE(k.run({"create", "deployment", "web", "--image=nginx", "--replicas=2"}), 0);
    }
    QStringList pendingPods() const
    {
        QStringList names;
        for (const auto& [key, p] : sim.store().all<Pod>()) {
            if (p->spec->nodeName.isEmpty())
                names << p->metadata.name;
        }
        return names;
    }
};
} // namespace

// Expected texts: kubectl 1.32 itself (flag errors, run against the installed binary), or the
// spec's kubectl rules (7.1-7.9).
class TestKubectl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void errors_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<QString>("err");
        QTest::newRow("unknown flag") << QStringList {
            "get", "--foo"} << QStringLiteral("Error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
        QTest::newRow("bad duration") << QStringList {"rollout", "status", "deploy", "x", "--timeout=abc"}
                                      << QStringLiteral(
                                             "Error: invalid argument \"abc\" for \"--timeout\" flag: time: invalid "
                                             "duration \"abc\"\nSee 'kubectl rollout status --help' for usage.\n");
        QTest::newRow("status without resource")
            << QStringList {"rollout", "status"} << QStringLiteral("error: required resource not specified\n");
        QTest::newRow("not found") << QStringList {"get", "deploy",
            "kiada"} << QStringLiteral("Error from server (NotFound): deployments.apps \"kiada\" not found\n");
        QTest::newRow("not found TYPE/NAME") << QStringList {"kubectl", "get",
            "rs/x"} << QStringLiteral("Error from server (NotFound): replicasets.apps \"x\" not found\n");
        QTest::newRow("unknown type") << QStringList {"get", "foo"}
                                      << QStringLiteral("error: the server doesn't have a resource type \"foo\"\n");
        // cobra's required-flag error reaches kubectl's main, which logs it through klog (simulated
        // time and pid).
        QTest::newRow("scale without replicas")
            << QStringList {"scale", "deploy", "x"}
            << QStringLiteral("E0101 10:00:00.000000    4242 run.go:72] \"command failed\" err=\"required flag(s) "
                              "\\\"replicas\\\" not set\"\n");
        QTest::newRow("set image without images") // Validate(), printed by CheckErr
            << QStringList {"set", "image", "deploy/x"}
            << QStringLiteral("error: at least one image update is required\n");
        QTest::newRow("empty list") << QStringList {"get", "pods"}
                                    << QStringLiteral("No resources found in default namespace.\n");
        QTest::newRow("unknown command, a suggestion")
            << QStringList {"rolout"}
            << QStringLiteral("Error: unknown command \"rolout\" for "
                              "\"kubectl\"\n\nDid you mean this?\n\trollout\n\n");
        QTest::newRow("unknown command, SuggestFor")
            << QStringList {"rm", "x"}
            << QStringLiteral("Error: unknown command \"rm\" for \"kubectl\"\n\n"
                              "Did you mean this?\n\trun\n\tdelete\n\tcp\n\n");
        QTest::newRow("unknown command, none") << QStringList {"rolling-update", "x", "--image",
            "y"} << QStringLiteral("Error: unknown command \"rolling-update\" for \"kubectl\"\n");
        QTest::newRow("unknown rollout subcommand")
            << QStringList {"rollout", "foo", "bar"}
            << QStringLiteral("error: unknown command \"foo bar\"\nSee 'kubectl rollout -h' for help and examples\n");
        QTest::newRow("unknown set subcommand") << QStringList {"set",
            "foo"} << QStringLiteral("error: unknown command \"foo\"\nSee 'kubectl set -h' for help and examples\n");
        QTest::newRow("set image without resources")
            << QStringList {"set", "image", "nginx=nginx:1.27"}
            << QStringLiteral("error: You must provide one or more resources by argument or filename.\nExample "
                              "resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   "
                              "'<resource> <name>'\n   '<resource>'\n");
        QTest::newRow("label without resources")
            << QStringList {"label", "a=b"}
            << QStringLiteral(
                   "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n");
        QTest::newRow("undo negative") << QStringList {"rollout", "history", "deploy", "x",
            "--revision=-1"} << QStringLiteral("Error from server (NotFound): deployments.apps \"x\" not found\n");
    }
    void errors()
    {
        QFETCH(QStringList, argv);
        QFETCH(QString, err);
        Simulation sim;
        Kubectl k(sim);
        const int rc = k.run(argv);
        QCOMPARE(k.err(), err);
        QCOMPARE(rc, err.startsWith(QLatin1String("No resources")) ? 0 : 1);
    }

    // Errors kubectl gives before it talks to a server, against the installed kubectl 1.32.
    void offlineErrorsMatchKubectl_data()
    {
        QTest::addColumn<QStringList>("argv");
        for (const char* line : {"foo", "ge", "rolout", "rm", "list", "ps", "api", "apires", "ROLOUT",
                 "rolling-update x", "rollout", "rollout foo bar", "set", "set foo", "set image", "set image nginx=x",
                 "label a=b", "label pods foo", "annotate pods foo", "get", "describe", "edit", "wait",
                 "scale --replicas=3", "create", "apply", "patch", "delete", "create deployment --image=nginx",
                 "create deployment x y --image=nginx", "create deployment x --image=nginx -o foo",
                 "create deployment x --image=nginx --replicas=3 --port=80 --dry-run=client -o json",
                 "create deployment x --image=nginx --image=redis -n foo --dry-run=client -o json",
                 "create deployment x --image=nginx --dry-run=client -o "
                 "jsonpath={.spec.template.spec.containers[0].name}",
                 "create -f nope.yaml --dry-run=client --validate=false", "apply -f x.yaml --validate=foo",
                 "create deployment x --image=nginx --validate=bad --dry-run=client -o name",
                 "create deployment x --image=nginx --validate --dry-run=client -o name",
                 "create deployment x --image=nginx --validate=warn --dry-run=client -o name",
                 "expose deploy x --port=80 --validate=bad",
                 "create service clusterip kiada --tcp=80:8080 --dry-run=client -o yaml",
                 "create service clusterip kiada --tcp=80:8080 --tcp=443:https --dry-run=client -o json",
                 "create service nodeport web --tcp=80 --node-port=30080 --dry-run=client -o json",
                 "create service loadbalancer lb --tcp=80:8080 --dry-run=client -o yaml",
                 "create service clusterip x --dry-run=client",
                 "create service clusterip x --tcp=80:HTTP --dry-run=client",
                 "create service nodeport x --clusterip=None --tcp=80 --dry-run=client", "expose", "create service",
                 "create service foo bar"})
            QTest::newRow(line) << QString::fromLatin1(line).split(u' ');
    }
    void offlineErrorsMatchKubectl()
    {
        QFETCH(QStringList, argv);
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not on PATH");
        QProcess real;
        real.start(QStringLiteral("kubectl"), argv);
        QVERIFY(real.waitForFinished(30000));
        Simulation sim;
        Kubectl k(sim);
        const int rc = k.run(argv);
        QCOMPARE(k.out(), QString::fromUtf8(real.readAllStandardOutput()));
        QCOMPARE(k.err(), QString::fromUtf8(real.readAllStandardError()));
        QCOMPARE(rc, real.exitCode());
    }

    // --local: set image, label, annotate and patch edit the objects of -f files on the client
    // and print them (tests/data/local: each case's argv, and kubectl 1.32's output for it).
    void localEdits_data()
    {
        QTest::addColumn<QStringList>("argv");
        QFile cases(localDir() + QStringLiteral("cases.txt"));
        QVERIFY(cases.open(QIODevice::ReadOnly));
        for (const QString& line : QString::fromUtf8(cases.readAll()).split(u'\n', Qt::SkipEmptyParts)) {
            QStringList fields = line.split(u'\t');
            const QString name = fields.takeFirst();
            for (QString& field : fields)
                field = caseField(field);
            QTest::newRow(qPrintable(name)) << fields;
        }
    }
    void localEdits()
    {
        QFETCH(QStringList, argv);
        const QString base = localDir() + QStringLiteral("expected/") + QString::fromLatin1(QTest::currentDataTag());
        Simulation sim;
        Kubectl k(sim);
        k.setWorkingDirectory(localDir());
        const int rc = k.run(argv);
        QCOMPARE(k.out(), readText(base + QStringLiteral(".out")));
        // kubectl's stderr, then the positions Rollout Lab adds to it (expected/NAME.at, written by
        // hand from the case's manifest; none when there is no such file).
        QString err = k.err();
        const QString positions = takePositionLines(err);
        QCOMPARE(err, readText(base + QStringLiteral(".err")));
        QCOMPARE(positions, readText(base + QStringLiteral(".at")));
        QCOMPARE(rc, readText(base + QStringLiteral(".rc")).trimmed().toInt());
    }
    void localEditsLive_data() { localEdits_data(); }
    void localEditsLive()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not on PATH");
        QFETCH(QStringList, argv);
        QProcess real;
        real.setWorkingDirectory(localDir());
        real.start(QStringLiteral("kubectl"), argv);
        QVERIFY(real.waitForFinished(30000));
        Simulation sim;
        Kubectl k(sim);
        k.setWorkingDirectory(localDir());
        const int rc = k.run(argv);
        QCOMPARE(k.out(), QString::fromUtf8(real.readAllStandardOutput()));
        QString err = k.err();
        takePositionLines(err);
        QCOMPARE(err, QString::fromUtf8(real.readAllStandardError()));
        QCOMPARE(rc, real.exitCode());
    }

    // kubectl expose: a Service selecting what the Deployment selects, labelled as it is, on --port
    // or on each port of its containers (port-1, port-2, ...), with the targetPort given or the port.
    void exposeDeployment()
    {
        Simulation sim;
        Kubectl k(sim);
        k.setWorkingDirectory(localDir());
        QCOMPARE(k.run({"apply", "-f", "deploy.yaml"}), 0);
        QCOMPARE(k.run({"expose", "deployment", "kiada", "--port=80", "--target-port=8080"}), 0);
        QCOMPARE(k.out(), QStringLiteral("service/kiada exposed\n"));
        auto svc = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("kiada"));
        QVERIFY(svc);
        QCOMPARE(svc->spec.selector, (Labels {{"app", "kiada"}, {"rel", "stable"}}));
        QCOMPARE(svc->metadata.labels, (Labels {{"app", "kiada"}, {"rel", "stable"}}));
        QCOMPARE(svc->spec.ports.size(), std::size_t(1));
        QCOMPARE(svc->spec.ports[0].name, QString());
        QCOMPARE(svc->spec.ports[0].port, 80);
        QCOMPARE(svc->spec.ports[0].targetPort->intVal, 8080);
        QVERIFY(!svc->spec.clusterIP.isEmpty());
        QCOMPARE(k.run({"expose", "deployment", "kiada", "--port=80"}), 1);
        QCOMPARE(k.err(), QStringLiteral("Error from server (AlreadyExists): services \"kiada\" already exists\n"));

        QCOMPARE(k.run({"expose", "deploy/kiada", "--name=all", "--type=NodePort"}), 0);
        svc = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("all"));
        QStringList ports;
        for (const ServicePort& p : svc->spec.ports)
            ports << QStringLiteral("%1 %2>%3/%4").arg(p.name).arg(p.port).arg(p.targetPort->toString(), p.protocol)
                    + (p.nodePort >= 30000 ? QString() : QStringLiteral(" no node port"));
        QCOMPARE(ports, (QStringList {"port-1 8080>8080/TCP", "port-2 8443>8443/TCP", "port-3 9901>9901/TCP"}));

        sim.advance(60000);
        QCOMPARE(k.run({"describe", "svc", "kiada"}), 0);
        QVERIFY(k.out().contains(QRegularExpression(QStringLiteral("\nEndpoints: +10\\.244\\.[0-9.]+:8080,"))));
        // A selector with expressions has no map form.
        const QString withExpressions = QStringLiteral(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: expr\nspec:\n  selector:\n    "
            "matchExpressions:\n"
            "    - {key: app, operator: In, values: [a, b]}\n  template:\n    metadata:\n      labels: {app: a}\n"
            "    spec:\n      containers:\n      - {name: c, image: nginx}\n");
        QCOMPARE(k.run({"apply", "-f", "-"}, withExpressions), 0);
        QCOMPARE(k.run({"expose", "deployment", "expr", "--port=80"}), 1);
        QCOMPARE(k.err(),
            QStringLiteral("error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert "
                           "expressions - \"[{Key:app Operator:In Values:[a b]}]\" to map-based selector format\n"
                           "See 'kubectl expose -h' for help and examples\n"));
        QCOMPARE(k.run({"expose", "deployment", "nope", "--port=80"}), 1);
        QCOMPARE(k.err(), QStringLiteral("Error from server (NotFound): deployments.apps \"nope\" not found\n"));
    }

    // The endpoints controller's Endpoints object as kubectl shows it: get (NAME ENDPOINTS AGE,
    // formatEndpoints), -o yaml, describe, the short name; deleting it brings it back at once,
    // and writes to it are refused rather than silently lost.
    void endpointsAsKubectlShowsThem()
    {
        Simulation sim;
        Kubectl k(sim);
        k.setWorkingDirectory(localDir());
        QCOMPARE(k.run({"apply", "-f", "deploy.yaml"}), 0);
        QCOMPARE(k.run({"expose", "deployment", "kiada", "--port=80", "--target-port=8080"}), 0);
        sim.advance(1000);
        QCOMPARE(k.run({"get", "endpoints"}), 0);
        QCOMPARE(k.out(), QStringLiteral("NAME    ENDPOINTS   AGE\nkiada   <none>      1s\n"));
        sim.advance(60000);
        QStringList ips;
        for (const auto& [key, pod] : sim.store().all<Pod>())
            ips << pod->status.podIP;
        std::sort(ips.begin(), ips.end()); // by the text, as RepackSubsets sorts
        QCOMPARE(k.run({"get", "ep", "kiada"}), 0);
        const QString column = ips.join(QStringLiteral(":8080,")) + QStringLiteral(":8080");
        QCOMPARE(k.out(),
            QStringLiteral("NAME    ENDPOINTS%1   AGE\nkiada   %2   61s\n")
                .arg(QString(column.size() - 9, u' '), column));
        QCOMPARE(k.run({"get", "endpoints/kiada", "-o", "jsonpath={.subsets[0].addresses[*].targetRef.kind}"}), 0);
        QCOMPARE(k.out(), QStringLiteral("Pod Pod Pod"));
        QCOMPARE(k.run({"get", "ep", "kiada", "-o", "yaml"}), 0);
        QVERIFY(k.out().startsWith(QStringLiteral("apiVersion: v1\nkind: Endpoints\nmetadata:\n  annotations:\n    "
                                                  "endpoints.kubernetes.io/last-change-trigger-time: ")));
        QVERIFY(k.out().contains(QStringLiteral("  labels:\n    app: kiada\n    rel: stable\n")));
        QVERIFY(k.out().contains(QStringLiteral("  ports:\n  - port: 8080\n    protocol: TCP\n")));
        QCOMPARE(k.run({"describe", "endpoints", "kiada"}), 0);
        QVERIFY(k.out().contains(QStringLiteral("Subsets:\n  Addresses:          %1\n  NotReadyAddresses:  <none>\n"
                                                "  Ports:\n    Name     Port  Protocol\n    ----     ----  --------\n"
                                                "    <unset>  8080  TCP\n\nEvents:  <none>\n")
                                     .arg(ips.join(u','))));

        QCOMPARE(k.run({"delete", "ep", "kiada"}), 0);
        QCOMPARE(k.out(), QStringLiteral("endpoints \"kiada\" deleted\n"));
        sim.advance(1000);
        QCOMPARE(k.run({"get", "ep"}), 0);
        QVERIFY(k.out().contains(QStringLiteral("   1s\n")));
        QCOMPARE(k.run({"label", "ep", "kiada", "a=b"}), 1);
        QCOMPARE(k.err(), QStringLiteral("error: Rollout Lab does not simulate writes to endpoints\n"));
        QCOMPARE(k.run({"delete", "svc", "kiada"}), 0);
        sim.advance(1000);
        QCOMPARE(k.run({"get", "endpoints", "kiada"}), 1);
        QCOMPARE(k.err(), QStringLiteral("Error from server (NotFound): endpoints \"kiada\" not found\n"));
    }

    // From v1.33 the API server answers every request for v1 Endpoints with a deprecation
    // warning, which kubectl prints once before the output.
    void endpointsDeprecatedSinceV133_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("warned");
        QTest::newRow("v1.33") << QStringLiteral("v1.33.1") << true;
        QTest::newRow("v1.32") << QStringLiteral("v1.32.0") << false;
    }
    void endpointsDeprecatedSinceV133()
    {
        QFETCH(QString, version);
        QFETCH(bool, warned);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        k.setWorkingDirectory(localDir());
        QCOMPARE(k.run({"apply", "-f", "deploy.yaml"}), 0);
        QCOMPARE(k.run({"expose", "deployment", "kiada", "--port=80"}), 0);
        sim.advance(1000);
        const QString warning = warned
            ? QStringLiteral("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n")
            : QString();
        for (const QStringList& argv : {QStringList {"get", "svc,ep"}, QStringList {"get", "ep", "kiada"},
                 QStringList {"describe", "ep"}, QStringList {"delete", "endpoints", "kiada"}}) {
            QCOMPARE(k.run(argv), 0);
            QCOMPARE(k.err(), warning);
        }
        QCOMPARE(k.run({"get", "svc"}), 0);
        QCOMPARE(k.err(), QString());
    }

    // describe's Tolerations (printTolerationsMultilineWithIndent): sorted by key, with value,
    // effect, op=Exists (without a leading space when it tolerates everything) and seconds.
    void describeTolerations()
    {
        Simulation sim;
        Kubectl k(sim);
        const QString pod = QStringLiteral(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"
            "  tolerations:\n  - key: zone\n    operator: Equal\n    value: a\n    effect: NoSchedule\n"
            "  - operator: Exists\n");
        QCOMPARE(k.run({"apply", "-f", "-"}, pod), 0);
        QCOMPARE(k.run({"describe", "pod", "p"}), 0);
        const QString out = k.out();
        const qsizetype at = out.indexOf(QStringLiteral("Tolerations:"));
        QVERIFY(at >= 0);
        // The key-less Exists toleration tolerates not-ready and unreachable: DefaultTolerationSeconds
        // adds nothing.
        const QStringList lines = out.mid(at).split(u'\n').mid(0, 3);
        QStringList cells;
        for (const QString& l : lines)
            cells << l.section(QRegularExpression(QStringLiteral("\\s{2,}")), -1);
        QCOMPARE(cells, (QStringList {"op=Exists", "zone=a:NoSchedule", "<none>"})); // then Events: <none>
    }

    void createAndRollout()
    {
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5", "--replicas=3"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps/kiada created\n"));
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5"}), 1);
        QCOMPARE(
            k.err(), QStringLiteral("error: failed to create deployment: deployments.apps \"kiada\" already exists\n"));
        QCOMPARE(k.run({"rollout", "status", "deploy/kiada"}), 0);
        QVERIFY(k.out().endsWith(QStringLiteral("deployment \"kiada\" successfully rolled out\n")));
        QCOMPARE(k.run({"set", "image", "deploy/kiada", "kiada=luksa/kiada:0.5"}), 0);
        QCOMPARE(k.out(), QString()); // same image: empty patch, no output (spec 7.7 item 5)
        QCOMPARE(k.run({"set", "image", "deploy/kiada", "nope=luksa/kiada:0.6"}), 1);
        QCOMPARE(k.err(), QStringLiteral("error: unable to find container named \"nope\"\n"));
        QCOMPARE(k.run({"rollout", "pause", "deployment", "kiada"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps/kiada paused\n"));
        QCOMPARE(k.run({"rollout", "pause", "deployment", "kiada"}), 1);
        QCOMPARE(k.err(), QStringLiteral("error: deployments.apps \"kiada\" is already paused\n"));
        QCOMPARE(k.run({"rollout", "restart", "deployment", "kiada"}), 1);
        QCOMPARE(k.err(),
            QStringLiteral("error: deployments.apps \"kiada\" can't restart paused deployment (run rollout "
                           "resume first)\n"));
        QCOMPARE(k.run({"rollout", "resume", "deployment", "kiada"}), 0);
        QCOMPARE(k.run({"rollout", "undo", "deployment", "kiada"}), 1);
        QCOMPARE(k.err(), QStringLiteral("error: no rollout history found for deployment \"kiada\"\n"));
        QCOMPARE(k.run({"rollout", "history", "deployment", "kiada", "--revision=7"}), 1);
        QCOMPARE(k.err(), QStringLiteral("error: unable to find the specified revision\n"));
        QCOMPARE(k.run({"get", "deploy", "kiada", "-o", "name"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps/kiada\n"));
        QCOMPARE(k.run({"scale", "deploy", "kiada", "--replicas=5"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps/kiada scaled\n"));
        QCOMPARE(k.run({"delete", "deploy", "kiada"}), 0);
        QCOMPARE(k.out(), QStringLiteral("deployment.apps \"kiada\" deleted\n"));
    }

    // kubectl's YAML printer writes "---" before every object after its first. set image,
    // annotate and scale print every object through one printer; label, patch and rollout
    // pause make a printer for each object, so theirs never separates them (kubectl 1.32's
    // --local output shows both, see localEdits).
    void yamlSeparatorsOfManyObjects()
    {
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "a", "--image=nginx"}), 0);
        QCOMPARE(k.run({"create", "deployment", "b", "--image=nginx"}), 0);
        const auto separators = [&](const QStringList& argv) {
            if (k.run(argv) != 0)
                return -1;
            return int(k.out().count(QStringLiteral("\n---\n")) + (k.out().startsWith(QStringLiteral("---")) ? 1 : 0));
        };
        QCOMPARE(separators({"scale", "deploy", "a", "b", "--replicas=2", "-o", "yaml"}), 1);
        QCOMPARE(separators({"annotate", "deploy", "a", "b", "x=y", "-o", "yaml"}), 1);
        QCOMPARE(separators({"set", "image", "deploy", "a", "b", "nginx=nginx:2", "-o", "yaml"}), 1);
        QCOMPARE(separators({"label", "deploy", "a", "b", "x=y", "-o", "yaml"}), 0);
        QCOMPARE(separators({"patch", "deploy", "a", "-p", R"({"spec":{"minReadySeconds":1}})", "-o", "yaml"}), 0);
        QCOMPARE(separators({"rollout", "pause", "deploy", "a", "b", "-o", "yaml"}), 0);
        QCOMPARE(separators({"scale", "deploy", "a", "--replicas=3", "-o", "yaml"}), 0);
        QCOMPARE(k.out().count(QStringLiteral("kind: Deployment\n")), 1);
    }

    void rolloutHistoryTable()
    {
        Simulation sim;
        Kubectl k(sim);
        k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.5"});
        k.run({"rollout", "status", "deploy/kiada"});
        k.run({"set", "image", "deploy/kiada", "kiada=luksa/kiada:0.6", "--record"});
        QCOMPARE(
            k.err(), QStringLiteral("Flag --record has been deprecated, --record will be removed in the future\n"));
        k.run({"rollout", "status", "deploy/kiada"});
        QCOMPARE(k.run({"rollout", "history", "deploy/kiada"}), 0);
        // spec 7.3 / 7.12: name line with trailing space, tabwriter padding 2, blank line.
        QCOMPARE(k.out(),
            QStringLiteral("deployment.apps/kiada \nREVISION  CHANGE-CAUSE\n1         <none>\n"
                           "2         kubectl set image deploy/kiada kiada=luksa/kiada:0.6 --record=true\n\n"));
    }

    // A pod that finds no room, 12 minutes on (v1.32): the scheduler tried it at 0.1 s, 5.5 min
    // and 11 min. Its second Event is a series of two; the first stays a single one (the pod's status
    // had changed in between, and the scheduler's Events are keyed by the pod's version).
    void pendingPodEvents()
    {
        FullCluster c;
        Simulation& sim = c.sim;
        Kubectl& k = c.k;
        sim.advance(12 * 60 * 1000);
        QCOMPARE(c.pendingPods().size(), 1);
        const QString pending = c.pendingPods().front();
        QCOMPARE(k.run({"describe", "pod", pending}), 0);
        const QString message = QStringLiteral("0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are "
                                               "available: 1 No preemption victims found for incoming pod.");
        const QString describe = k.out();
        // Ages from eventTime to the millisecond: 11m59.9s is "11m", as Go's HumanDuration has it.
        QVERIFY2(
            describe.endsWith(
                QStringLiteral("Events:\n"
                               "  Type     Reason            Age                  From               Message\n"
                               "  ----     ------            ----                 ----               -------\n"
                               "  Warning  FailedScheduling  11m                  default-scheduler  ")
                + message + QStringLiteral("\n  Warning  FailedScheduling  59s (x2 over 6m29s)  default-scheduler  ")
                + message + QStringLiteral("\n")),
            qPrintable(describe.right(600)));

        // -o wide: the reporting controller and instance stand in for the empty source; FIRST SEEN
        // is the eventTime, COUNT the series' count, 1 for the single one.
        QCOMPARE(k.run({"get", "events", "-o", "wide"}), 0);
        QStringList rows;
        for (const QString& line : k.out().split(QLatin1Char('\n'))) {
            if (line.contains(QLatin1String("FailedScheduling")))
                rows << line.simplified().remove(message).simplified();
        }
        QCOMPARE(rows.size(), 2);
        QVERIFY2(rows[0].startsWith(QStringLiteral("11m Warning FailedScheduling pod/") + pending
                     + QStringLiteral(" default-scheduler, default-scheduler-node1 11m 1 ")),
            qPrintable(rows[0]));
        QVERIFY2(rows[1].startsWith(QStringLiteral("59s Warning FailedScheduling pod/") + pending
                     + QStringLiteral(" default-scheduler, default-scheduler-node1 6m29s 2 ")),
            qPrintable(rows[1]));

        // -o yaml as the API server returns an events.k8s.io Event through core/v1.
        QCOMPARE(k.run({"get", "events", "-o", "yaml"}), 0);
        const QString yaml = k.out();
        const QString series = QStringLiteral("  reason: FailedScheduling\n"
                                              "  reportingComponent: default-scheduler\n"
                                              "  reportingInstance: default-scheduler-node1\n"
                                              "  series:\n"
                                              "    count: 2\n"
                                              "    lastObservedTime: \"2026-01-01T10:11:00.100000Z\"\n"
                                              "  source: {}\n"
                                              "  type: Warning\n");
        QVERIFY2(yaml.contains(series), qPrintable(yaml));
        QVERIFY(yaml.contains(QStringLiteral("- action: Scheduling\n  apiVersion: v1\n"
                                             "  eventTime: \"2026-01-01T10:05:30.100000Z\"\n"
                                             "  firstTimestamp: null\n")));
    }

    // Applying a ClusterProfile with more nodes is a Node/Add to the scheduler: the pending pod is
    // scheduled at once (its back-off is long over), not at the next deletion or 5-minute flush.
    void clusterProfileWithMoreNodesSchedulesPendingPods()
    {
        FullCluster c;
        c.sim.advance(20 * 1000);
        QCOMPARE(c.pendingPods().size(), 1);
        QCOMPARE(c.k.run({"apply", "-f", "-"},
                     QStringLiteral("apiVersion: rolloutlab.dev/v1alpha1\nkind: ClusterProfile\nmetadata:\n"
                                    "  name: bigger\nspec:\n  nodeNames: [node1, node2]\n")),
            0);
        c.sim.advance(1000);
        QVERIFY(c.pendingPods().isEmpty());
    }

    // A pod as the API server's admission made it: the service account's token volume mounted in
    // its container, the two default tolerations and the priority, in describe and -o yaml.
    void podAsAdmitted_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("v1.32")
            << QStringLiteral("1.32")
            << QStringList {"\nPriority:         0\n", "\nService Account:  default\n",
                   "  Mounts:\n    /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-",
                   "    Type:                    Projected (a volume that contains injected data from "
                   "multiple sources)\n    TokenExpirationSeconds:  3607\n    ConfigMapName:           "
                   "kube-root-ca.crt\n    ConfigMapOptional:       <nil>\n    DownwardAPI:             true\n",
                   "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
                   "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"}
            << QStringList {"default-token-"};
        QTest::newRow("v1.8")
            << QStringLiteral("1.8")
            << QStringList {"\nService Account:  default\n",
                   "  Mounts:\n    /var/run/secrets/kubernetes.io/serviceaccount from default-token-",
                   "    Type:        Secret (a volume populated by a Secret)\n    SecretName:  default-token-",
                   "Tolerations:     node.alpha.kubernetes.io/notReady:NoExecute op=Exists for 300s\n"
                   "                 node.alpha.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"}
            << QStringList {"Priority:", "kube-api-access-"};
    }
    void podAsAdmitted()
    {
        QFETCH(QString, version);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        // apps/v1 came with v1.9; v1.8 serves apps/v1beta2
        const QString group
            = version == QLatin1String("1.8") ? QStringLiteral("apps/v1beta2") : QStringLiteral("apps/v1");
        QCOMPARE(k.run({"create", "-f", "-"},
                     QStringLiteral("apiVersion: ") + group
                         + QStringLiteral("\nkind: Deployment\nmetadata:\n  name: web\n"
                                          "spec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n"
                                          "  template:\n    metadata:\n      labels:\n        app: web\n"
                                          "    spec:\n      containers:\n      - name: web\n        image: nginx\n")),
            0);
        sim.advance(10 * 1000);
        QCOMPARE(k.run({"describe", "pods"}), 0);
        const QString describe = k.out();
        for (const QString& text : present)
            QVERIFY2(describe.contains(text), qPrintable(text + QStringLiteral("\n---\n") + describe));
        for (const QString& text : absent)
            QVERIFY2(!describe.contains(text), qPrintable(text + QStringLiteral("\n---\n") + describe));
        // -o yaml names the same volume in the spec's volumes and in the container's mounts.
        QCOMPARE(k.run({"get", "pods", "-o",
                     "jsonpath={.items[0].spec.volumes[0].name} "
                     "{.items[0].spec.containers[0].volumeMounts[0].name} "
                     "{.items[0].spec.serviceAccount}"}),
            0);
        const QStringList names = k.out().split(u' ');
        QCOMPARE(names.size(), 3);
        QCOMPARE(names[0], names[1]);
        QVERIFY(describe.contains(QStringLiteral(" from ") + names[0] + QStringLiteral(" (ro)\n")));
        QCOMPARE(names[2], QStringLiteral("default"));
        // The container's status reports its mounts since v1.31 (RecursiveReadOnlyMounts).
        QCOMPARE(k.run({"get", "pods", "-o",
                     "jsonpath={.items[0].status.containerStatuses[0].volumeMounts[0].name}/"
                     "{.items[0].status.containerStatuses[0].volumeMounts[0].recursiveReadOnly}"}),
            0);
        QCOMPARE(
            k.out(), version == QLatin1String("1.8") ? QStringLiteral("/") : names[0] + QStringLiteral("/Disabled"));
        // A pod that opts out of the token gets no volume; kubectl create goes through admission too.
        QCOMPARE(k.run({"create", "-f", "-"},
                     QStringLiteral(
                         "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n"
                         "  automountServiceAccountToken: false\n  containers:\n  - name: c\n    image: nginx\n")),
            0);
        QCOMPARE(k.run({"get", "pod", "solo", "-o",
                     "jsonpath={.spec.serviceAccountName}/{.spec.volumes}/{.spec.tolerations[*].key}"}),
            0);
        QCOMPARE(k.out().section(u'/', 0, 1), QStringLiteral("default/"));
        QVERIFY2(k.out().contains(QLatin1String("unreachable")), qPrintable(k.out()));
    }

    // metadata.selfLink: filled by the API server until v1.20 (RemoveSelfLink), in the group and
    // version of the object as returned.
    void selfLinkUntilV120_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("podLink");
        QTest::addColumn<QString>("deploymentLink");
        QTest::newRow("v1.19") << QStringLiteral("1.19") << QStringLiteral("/api/v1/namespaces/default/pods/solo")
                               << QStringLiteral("/apis/apps/v1/namespaces/default/deployments/web");
        QTest::newRow("v1.20") << QStringLiteral("1.20") << QString() << QString();
    }
    void selfLinkUntilV120()
    {
        QFETCH(QString, version);
        QFETCH(QString, podLink);
        QFETCH(QString, deploymentLink);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "web", "--image=nginx"}), 0);
        QCOMPARE(k.run({"create", "-f", "-"},
                     QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n"
                                    "  containers:\n  - name: c\n    image: nginx\n")),
            0);
        QCOMPARE(k.run({"get", "pod", "solo", "-o", "jsonpath={.metadata.selfLink}"}), 0);
        QCOMPARE(k.out(), podLink);
        QCOMPARE(k.run({"get", "deploy", "web", "-o", "jsonpath={.metadata.selfLink}"}), 0);
        QCOMPARE(k.out(), deploymentLink);
    }

    // A v1.8 API server's core/v1 Event has no eventTime, series, action or reporting fields
    // (they came with v1.9); v1.9 and later print the two reporting fields empty.
    void eventFieldsOfTheServerVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("tail"); // the end of the Event, from its message
        QTest::newRow("v1.8") << QStringLiteral("1.8")
                              << QStringLiteral("  reason: ScalingReplicaSet\n"
                                                "  source:\n"
                                                "    component: deployment-controller\n"
                                                "  type: Normal\n");
        QTest::newRow("v1.9") << QStringLiteral("1.9")
                              << QStringLiteral("  reason: ScalingReplicaSet\n"
                                                "  reportingComponent: \"\"\n"
                                                "  reportingInstance: \"\"\n"
                                                "  source:\n"
                                                "    component: deployment-controller\n"
                                                "  type: Normal\n");
    }
    void eventFieldsOfTheServerVersion()
    {
        QFETCH(QString, version);
        QFETCH(QString, tail);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        // extensions/v1beta1, which both serve (apps/v1 came with v1.9).
        QCOMPARE(k.run({"create", "-f", "-"},
                     QStringLiteral("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n"
                                    "spec:\n  template:\n    metadata:\n      labels:\n        app: web\n"
                                    "    spec:\n      containers:\n      - name: web\n        image: nginx\n")),
            0);
        sim.advance(1000);
        QCOMPARE(k.run({"get", "events", "-o", "yaml"}), 0);
        const QString yaml = k.out();
        const qsizetype from = yaml.indexOf(QStringLiteral("  reason: ScalingReplicaSet\n"));
        QVERIFY2(from >= 0, qPrintable(yaml));
        const qsizetype to = yaml.indexOf(QStringLiteral("  type: Normal\n"), from);
        QVERIFY(to > from);
        QCOMPARE(yaml.mid(from, to + 15 - from), tail);
        QCOMPARE(yaml.contains(QLatin1String("eventTime")), version != QLatin1String("1.8"));
    }
};

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"
