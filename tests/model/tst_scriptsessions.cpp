#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace rl;

// The seeds' terminal sessions as scripts (tests/scripts/), played by the script runner with the
// default think time of 1 s. Expected values are the lines the seeds show: the book chapter's
// `kubectl get rs -L ver` tables (DESIRED/CURRENT/READY per version), its `rollout status` and
// `rollout history` lines (seed 002), and the workshop's stuck rollout with 9 old + 2 new pods on a
// Kubernetes 1.8 cluster (seeds 000/001); revision renumbering on undo follows spec 7.4.
namespace {

struct Session
{
    QString transcript;
    /// One entry per command: the echoed command line and its output.
    QList<QPair<QString, QString>> commands;
};

Session play(const QString& script)
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setEcho(true);
    Session s;
    runner.setSink([&s](const QString& text, bool) { s.transcript += text; });
    const QString path = QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts/") + script;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    runner.setWorkingDirectory(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts"));
    runner.runScript(QString::fromUtf8(f.readAll()));
    QString text = s.transcript;
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("$ ")))
            s.commands.append({line.mid(2), QString()});
        else if (!s.commands.isEmpty() && !line.startsWith(QLatin1String("> ")))
            s.commands.last().second += line + QLatin1Char('\n');
    }
    return s;
}

/// "DESIRED CURRENT READY VER" of every row of a `get rs -L ver` table, sorted by VER.
QStringList rsStates(const QString& table)
{
    static const QRegularExpression row(QStringLiteral("^\\S+\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+(\\S+)$"));
    QStringList out;
    for (const QString& line : table.split(QLatin1Char('\n'))) {
        const auto m = row.match(line);
        if (m.hasMatch())
            out << QStringLiteral("%1: %2 %3 %4").arg(m.captured(4), m.captured(1), m.captured(2), m.captured(3));
    }
    out.sort();
    return out;
}

QList<QStringList> tablesOf(const Session& s, const QString& command)
{
    QList<QStringList> out;
    for (const auto& [cmd, output] : s.commands)
        if (cmd == command)
            out << rsStates(output);
    return out;
}

QStringList outputsOf(const Session& s, const QString& command)
{
    QStringList out;
    for (const auto& [cmd, output] : s.commands)
        if (cmd == command)
            out << output;
    return out;
}

} // namespace

class TestScriptSessions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bookKiada()
    {
        const Session s = play(QStringLiteral("book-kiada.sh"));
        const QList<QStringList> tables = tablesOf(s, QStringLiteral("kubectl get rs -L ver"));
        QVERIFY2(tables.size() == 8, qPrintable(s.transcript));
        // Recreate 0.5 -> 0.6 done: "kiada-5d5c5f9d76 3 3 3 13m 0.6 / kiada-7bffb9bf96 0 0 0 16m 0.5"
        QCOMPARE(tables[0], (QStringList {"0.5: 0 0 0", "0.6: 3 3 3"}));
        // 0.6 -> 0.7 with maxSurge 0, maxUnavailable 1, minReadySeconds 10: the book's four tables.
        QCOMPARE(tables[1], (QStringList {"0.5: 0 0 0", "0.6: 2 2 2", "0.7: 1 1 0"}));
        QCOMPARE(tables[2], (QStringList {"0.5: 0 0 0", "0.6: 2 2 2", "0.7: 1 1 1"}));
        QCOMPARE(tables[3], (QStringList {"0.5: 0 0 0", "0.6: 1 1 1", "0.7: 2 2 1"}));
        QCOMPARE(tables[4], (QStringList {"0.5: 0 0 0", "0.6: 0 0 0", "0.7: 3 3 2"}));
        // paused: applying 0.8 creates no ReplicaSet
        QCOMPARE(tables[5], (QStringList {"0.5: 0 0 0", "0.6: 0 0 0", "0.7: 3 3 3"}));
        // resumed, 60 s later: one 0.8 pod that never becomes available (minReadySeconds 60)
        QCOMPARE(tables[6], (QStringList {"0.5: 0 0 0", "0.6: 0 0 0", "0.7: 2 2 2", "0.8: 1 1 0"}));

        const QStringList status = outputsOf(s, QStringLiteral("kubectl rollout status deploy kiada"));
        QVERIFY(status.size() >= 5);
        QVERIFY(status[0].endsWith(QStringLiteral("deployment \"kiada\" successfully rolled out\n")));
        // 0.7, run when the third new pod is starting: "2 of 3 updated replicas are available..."
        QVERIFY(status[2].startsWith(QStringLiteral(
            "Waiting for deployment \"kiada\" rollout to finish: 2 of 3 updated replicas are available...\n")));
        QVERIFY(status[2].endsWith(QStringLiteral("deployment \"kiada\" successfully rolled out\n")));
        // 0.8 after the progress deadline (book: "1 out of 3 new replicas have been updated..." then the error)
        QCOMPARE(status[3],
            QStringLiteral("Waiting for deployment \"kiada\" rollout to finish: 1 out of 3 new replicas have been "
                           "updated...\nerror: deployment \"kiada\" exceeded its progress deadline\n"));

        const QStringList pause = outputsOf(s, QStringLiteral("kubectl rollout pause deployment kiada"));
        QCOMPARE(pause, QStringList {QStringLiteral("deployment.apps/kiada paused\n")});
        QCOMPARE(outputsOf(s, QStringLiteral("kubectl rollout resume deployment kiada")),
            QStringList {QStringLiteral("deployment.apps/kiada resumed\n")});
        QCOMPARE(outputsOf(s, QStringLiteral("kubectl rollout undo deployment kiada")),
            QStringList {QStringLiteral("deployment.apps/kiada rolled back\n")});

        // Revisions 1 (0.5), 2 (0.6), 3 (0.7), 4 (0.8); undo re-labels 0.7 as 5; --to-revision=2 makes
        // 0.6 revision 6.
        const QStringList history = outputsOf(s, QStringLiteral("kubectl rollout history deploy kiada"));
        QCOMPARE(history.size(), 2);
        QCOMPARE(history[0],
            QStringLiteral("deployment.apps/kiada \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
                           "4         <none>\n5         <none>\n\n"));
        QCOMPARE(history[1],
            QStringLiteral("deployment.apps/kiada \nREVISION  CHANGE-CAUSE\n1         <none>\n4         <none>\n"
                           "5         <none>\n6         <none>\n\n"));
        const QStringList rev2 = outputsOf(s, QStringLiteral("kubectl rollout history deploy kiada --revision 2"));
        QCOMPARE(rev2.size(), 1);
        QVERIFY(rev2[0].startsWith(QStringLiteral("deployment.apps/kiada with revision #2\nPod Template:\n")));
        QVERIFY(rev2[0].contains(QStringLiteral("    Image:\tluksa/kiada:0.6\n")));
        QCOMPARE(outputsOf(s, QStringLiteral("kubectl rollout restart deployment kiada")),
            QStringList {QStringLiteral("deployment.apps/kiada restarted\n")});
        // after the restart a new ReplicaSet with the 0.6 template runs all three pods
        QVERIFY(tables.last().contains(QStringLiteral("0.6: 3 3 3")));
    }

    void workshopWorker()
    {
        const Session s = play(QStringLiteral("workshop-worker.sh"));
        QCOMPARE(
            outputsOf(s, QStringLiteral("kubectl apply -f ../../resources/lessons/04-dockercoins-worker/worker.yaml")),
            QStringList {QStringLiteral("deployment.apps/worker created\n")});
        // v0.3 does not exist: 9 old pods available + 2 new ones (maxSurge 1, maxUnavailable 1)
        const QStringList stuck = outputsOf(s, QStringLiteral("kubectl rollout status deploy worker --timeout=60s"));
        QCOMPARE(stuck.size(), 1);
        QVERIFY(stuck[0].endsWith(QStringLiteral("error: timed out waiting for the condition\n")));
        const QStringList rs = outputsOf(s, QStringLiteral("kubectl get rs"));
        QCOMPARE(rs.size(), 1);
        static const QRegularExpression row(QStringLiteral("^worker-\\S+\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+$"));
        QStringList states;
        for (const QString& line : rs[0].split(QLatin1Char('\n')))
            if (const auto m = row.match(line); m.hasMatch())
                states << QStringLiteral("%1 %2 %3").arg(m.captured(1), m.captured(2), m.captured(3));
        states.sort();
        QCOMPARE(states, (QStringList {"0 0 0", "2 2 0", "9 9 9"}));
        const QStringList deploy = outputsOf(s, QStringLiteral("kubectl get deploy worker"));
        QCOMPARE(deploy.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("\nworker\\s+9/10\\s+2\\s+9\\s+\\S+\n")).match(deploy[0]).hasMatch(),
            qPrintable(deploy[0]));
        // undo, then the patch: both rollouts finish
        for (const QString& cmd : {QStringLiteral("kubectl rollout status deploy worker"),
                 QStringLiteral("kubectl rollout status deployment worker")})
            for (const QString& out : outputsOf(s, cmd))
                QVERIFY2(
                    out.endsWith(QStringLiteral("deployment \"worker\" successfully rolled out\n")), qPrintable(out));
        QCOMPARE(outputsOf(s, QStringLiteral("kubectl get deploy worker -o jsonpath='{.spec.strategy}{\"\\n\"}'")),
            QStringList {QStringLiteral(
                "{\"rollingUpdate\":{\"maxSurge\":3,\"maxUnavailable\":0},\"type\":\"RollingUpdate\"}\n")});
        // v0.1 (1), v0.2 (2), v0.3 (3); undo makes v0.2 revision 4, the patch back to v0.1 revision 5.
        QCOMPARE(outputsOf(s, QStringLiteral("kubectl rollout history deployment worker")),
            QStringList {QStringLiteral("deployment.apps/worker \nREVISION  CHANGE-CAUSE\n3         <none>\n4         "
                                        "<none>\n5         <none>\n\n")});
    }
};

QTEST_GUILESS_MAIN(TestScriptSessions)
#include "tst_scriptsessions.moc"
