// The bad-input corpus of issue 7 (tests/data/bad-inputs): every entry is run in process (a
// ScriptRunner on a fresh Simulation) and through the rolloutctl binary, and must give exactly the
// expected standard error and exit status. Also: state files that rolloutctl must refuse and leave
// untouched, the simulation limits, and the crashes the fuzz targets found (regression inputs).

#include "kubectl/limits.h"
#include "scenario/scriptrunner.h"
#include "scenario/workspace.h"
#include "sim/simulation.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace rl;

namespace {
const QString kDir = QStringLiteral(ROLLOUT_TEST_DATA "/bad-inputs");

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList splitCommand(const QString& line)
{
    ScriptParser parser;
    const auto cmds = parser.parse(line);
    return cmds.empty() ? QStringList() : cmds.front().argv;
}

struct Outcome
{
    int status = -1;
    QString out;
    QString err;
};

/// rolloutctl COMMAND run in process: `run FILE` plays the script as RolloutCtl does.
Outcome runInProcess(const QStringList& argv, const QString& dir)
{
    Simulation sim(1);
    ScriptRunner runner(sim);
    Outcome o;
    runner.setSink([&](const QString& text, bool isError) { (isError ? o.err : o.out) += text; });
    runner.setWorkingDirectory(dir);
    if (argv.value(0) == QLatin1String("run")) {
        runner.setThinkTime(1000);
        o.status = runner.runScript(QString::fromUtf8(readFile(dir + QLatin1Char('/') + argv.value(1))));
    } else {
        runner.setThinkTime(0);
        o.status = runner.runArgv(argv);
    }
    return o;
}

Outcome runRolloutctl(const QStringList& argv, const QString& dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral(ROLLOUTCTL_PATH), argv);
    Outcome o;
    if (!p.waitForFinished(600'000))
        return o;
    o.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
}

/// ok.yaml with a 50 MB annotation: made at test time, never committed.
QString makeBigFile(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("big50.yaml"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QByteArray text = readFile(kDir + QStringLiteral("/ok.yaml"));
    text.replace("  name: web\n", "  name: web\n  annotations:\n    blob: " + QByteArray(50 * 1024 * 1024, 'x') + "\n");
    f.write(text);
    return path;
}
} // namespace

class TestBadInputs : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_bigDir;

    void corpusData()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("dir");
        const QStringList lines
            = QString::fromUtf8(readFile(kDir + QStringLiteral("/cases.txt"))).split(QLatin1Char('\n'));
        int count = 0;
        for (const QString& line : lines) {
            if (line.trimmed().isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QString name = line.section(QLatin1Char(' '), 0, 0);
            const int status = line.section(QLatin1Char(' '), 1, 1).toInt();
            const QStringList argv = splitCommand(line.section(QLatin1Char(' '), 2));
            const QString expected = QString::fromUtf8(readFile(kDir + QStringLiteral("/expected/%1.err").arg(name)));
            const bool big = argv.contains(QStringLiteral("big50.yaml"));
            QTest::newRow(qPrintable(name)) << argv << status << expected << (big ? m_bigDir.path() : kDir);
            ++count;
        }
        QVERIFY(count >= 35);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_bigDir.isValid());
        QVERIFY(!makeBigFile(m_bigDir).isEmpty());
        QCOMPARE(QFileInfo(m_bigDir.filePath(QStringLiteral("big50.yaml"))).size() / (1024 * 1024), 50);
    }

    void corpus_data() { corpusData(); }
    void corpus()
    {
        QFETCH(QStringList, argv);
        QFETCH(int, status);
        QFETCH(QString, expected);
        QFETCH(QString, dir);
        QVERIFY(!expected.isEmpty());
        if (dir == m_bigDir.path())
            QSKIP("the 50 MB file is read through rolloutctl only (it takes seconds)");
        const Outcome o = runInProcess(argv, dir);
        QCOMPARE(o.err, expected);
        QCOMPARE(o.status, status);
    }

    void rolloutctl_data() { corpusData(); }
    void rolloutctl()
    {
        QFETCH(QStringList, argv);
        QFETCH(int, status);
        QFETCH(QString, expected);
        QFETCH(QString, dir);
        const Outcome o = runRolloutctl(argv, dir);
        QCOMPARE(o.err, expected);
        QCOMPARE(o.status, status);
    }

    // A state file rolloutctl cannot read is refused with exit status 1 and left byte for byte as it
    // was; a missing one is created as a workspace and the cluster carries over to the next call.
    void stateRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("why");
        QTest::newRow("damaged") << QByteArray("{\"format\": \"rollout-lab-workspace\", \"version\": 1, \"se")
                                 << QStringLiteral("the file is damaged: unterminated string at byte 54");
        QTest::newRow("newer") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 7, "seed": "1", "time": 0, "commands": []})")
                               << QStringLiteral(
                                      "the workspace was saved by a newer Rollout Lab (format 7; this one reads 1)");
        QTest::newRow("older, unversioned")
            << QByteArray(R"({"seed": "1", "commands": [{"argv": ["create", "deployment", "x", "--image=i"]}]})")
            << QStringLiteral("the file was saved by an older Rollout Lab (a state file without a format version; "
                              "this one reads format 1)");
        QTest::newRow("foreign json") << QByteArray(R"({"apiVersion": "apps/v1", "kind": "Deployment"})")
                                      << QStringLiteral("this is not a Rollout Lab workspace");
        QTest::newRow("manifest") << readFile(kDir + QStringLiteral("/ok.yaml"))
                                  << QStringLiteral("the file is damaged: illegal value at byte 1");
        QTest::newRow("binary") << readFile(kDir + QStringLiteral("/binary-garbage.bin"))
                                << QStringLiteral("the file is damaged: illegal value at byte 1");
        QTest::newRow("bad command") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 1, "seed": "1", "time": 5,
                "commands": [{"at": 1, "argv": "get pods"}]})")
                                     << QStringLiteral("the file is damaged: commands[0].argv must be a list");
    }
    void stateRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("class.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const QFileInfo before(path);
        const QDateTime modified = before.lastModified();
        const Outcome o
            = runRolloutctl({QStringLiteral("--state"), path, QStringLiteral("create"), QStringLiteral("deployment"),
                                QStringLiteral("web"), QStringLiteral("--image=nginx")},
                dir.path());
        QCOMPARE(o.status, 1);
        QCOMPARE(o.out, QString());
        QCOMPARE(o.err,
            QStringLiteral("rolloutctl: cannot use the state file %1: %2\nrolloutctl: the file was left unchanged\n")
                .arg(path, why));
        QCOMPARE(readFile(path), content);
        QCOMPARE(QFileInfo(path).lastModified(), modified);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {QStringLiteral("class.json")});
    }

    void stateNotAFile()
    {
        QTemporaryDir dir;
        const Outcome o = runRolloutctl(
            {QStringLiteral("--state"), QStringLiteral("/dev/zero"), QStringLiteral("get"), QStringLiteral("pods")},
            dir.path());
        QCOMPARE(o.status, 1);
        QCOMPARE(o.err,
            QStringLiteral("rolloutctl: cannot use the state file /dev/zero: this is not a Rollout Lab workspace (not "
                           "a regular file)\nrolloutctl: the file was left unchanged\n"));
    }

    void stateCarriesOver()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("class.json"));
        auto ctl = [&](const QStringList& args) {
            return runRolloutctl(QStringList {QStringLiteral("--state"), path} + args, dir.path());
        };
        Outcome o = ctl({QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("web"),
            QStringLiteral("--image=nginx"), QStringLiteral("--replicas=2")});
        QCOMPARE(o.out, QStringLiteral("deployment.apps/web created\n"));
        QCOMPARE(o.status, 0);
        o = ctl({QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("deployment/web")});
        QCOMPARE(o.status, 0);
        QVERIFY2(o.out.endsWith(QStringLiteral("deployment \"web\" successfully rolled out\n")), qPrintable(o.out));
        QString error;
        const auto w = Workspace::load(path, &error);
        QVERIFY2(w.has_value(), qPrintable(error));
        QCOMPARE(w->commands.size(), std::size_t(2));
        QVERIFY(w->time > 0); // rollout status waited in simulated time
        QCOMPARE(w->commands.at(1).at, w->commands.at(0).at);
        // The same cluster after a replay: the deployment is there, with its two ready replicas.
        o = ctl({QStringLiteral("get"), QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-o"),
            QStringLiteral("jsonpath={.status.readyReplicas}")});
        QCOMPARE(o.out, QStringLiteral("2"));
        // An empty file (e.g. made by `touch`) starts a new cluster.
        QFile::resize(path, 0);
        o = ctl({QStringLiteral("get"), QStringLiteral("deployments")});
        QCOMPARE(o.err, QStringLiteral("No resources found in default namespace.\n"));
        QCOMPARE(o.status, 0);
    }

    void stateBadSeed()
    {
        const Outcome o = runRolloutctl(
            {QStringLiteral("--seed"), QStringLiteral("x1"), QStringLiteral("get"), QStringLiteral("pods")},
            QDir::tempPath());
        QCOMPARE(o.status, 1);
        QCOMPARE(o.err,
            QStringLiteral(
                "rolloutctl: invalid argument \"x1\" for --seed: must be a number from 0 to 18446744073709551615\n"));
    }

    // --trace is written atomically: a run that cannot finish writing leaves the old trace intact.
    void traceIsAtomic()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("trace.jsonl"));
        QFile::copy(kDir + QStringLiteral("/ok.yaml"), dir.filePath(QStringLiteral("ok.yaml")));
        {
            QFile f(dir.filePath(QStringLiteral("play.sh")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("apply -f ok.yaml\nrollout status deployment/web\n");
        }
        Outcome o = runRolloutctl(
            {QStringLiteral("run"), QStringLiteral("--trace"), trace, dir.filePath(QStringLiteral("play.sh"))},
            dir.path());
        QCOMPARE(o.status, 0);
        const QByteArray first = readFile(trace);
        QVERIFY(first.count('\n') > 10);
        QVERIFY(first.startsWith("{\"time\":"));
        // A second run that fails before its end (a missing script) keeps the first trace.
        o = runRolloutctl({QStringLiteral("run"), QStringLiteral("--trace"), trace,
                              dir.filePath(QStringLiteral("play.sh")), dir.filePath(QStringLiteral("missing.sh"))},
            dir.path());
        QCOMPARE(o.status, 1);
        QCOMPARE(readFile(trace), first);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 3);
    }

    // Total pods: a cluster-wide cap (small here) counts every workload's replicas.
    void podLimit()
    {
        Simulation sim(1);
        ScriptRunner runner(sim);
        QString err;
        runner.setSink([&](const QString& text, bool isError) {
            if (isError)
                err += text;
        });
        runner.setThinkTime(0);
        runner.kubectl().setLimits({10, 25});
        QCOMPARE(runner.runScript(QStringLiteral("create deployment a --image=nginx --replicas=10\n"
                                                 "create deployment b --image=nginx --replicas=10\n")),
            0);
        QCOMPARE(err, QString());
        QCOMPARE(runner.runScript(QStringLiteral("create deployment c --image=nginx --replicas=6\n")), 1);
        QCOMPARE(err,
            QStringLiteral("error: Rollout Lab limit: deployments.apps \"c\": spec.replicas: Forbidden: the cluster "
                           "would have to run 26 pods: Rollout Lab simulates at most 25 pods in all (a limit of the "
                           "simulator, not of Kubernetes)\n"));
        err.clear();
        QCOMPARE(runner.runScript(QStringLiteral("scale deployment b --replicas=11\n")), 1);
        QCOMPARE(err,
            QStringLiteral("error: Rollout Lab limit: deployments.apps \"b\": spec.replicas: Invalid value: 11: must "
                           "be less than or equal to 10: Rollout Lab simulates at most 10 replicas per Deployment or "
                           "ReplicaSet (a limit of the simulator, not of Kubernetes)\n"));
        // Lowering is always allowed, and frees room for others.
        err.clear();
        QCOMPARE(runner.runScript(QStringLiteral("scale deployment a --replicas=2\n"
                                                 "create deployment c --image=nginx --replicas=6\n")),
            0);
        QCOMPARE(err, QString());
        QCOMPARE(desiredPods(sim.store()), qint64(18));
        sim.advance(60'000);
        QCOMPARE(qint64(sim.store().all<Pod>().size()), qint64(18));
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_badinputs.moc"
