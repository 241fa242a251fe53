// The diff between two revisions: unifiedDiff against GNU `diff -u`, the revision diff against
// the texts `kubectl rollout history --revision=N` prints, and the RevisionDiffWidget over a real
// rollout.
#include "history/revisiondiffwidget.h"
#include "kubectl/kubectl.h"
#include "kubectl/textdiff.h"
#include "models/rollouthistorymodel.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

QString gnuDiff(const QString& a, const QString& b)
{
    QTemporaryDir dir;
    for (const auto& [name, text] : {std::pair {QStringLiteral("a"), a}, std::pair {QStringLiteral("b"), b}}) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write");
        f.write(text.toUtf8());
    }
    QProcess p;
    p.start(QStringLiteral("diff"),
        {"-u", "--label", "A", "--label", "B", dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("b"))});
    if (!p.waitForFinished(10000))
        return QStringLiteral("diff did not finish");
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString lines(int from, int to, const QString& tag = QString())
{
    QString s;
    for (int i = from; i <= to; ++i)
        s += QStringLiteral("line %1%2\n").arg(i).arg(tag);
    return s;
}

} // namespace

class TestRevisionDiff : public QObject
{
    Q_OBJECT

private slots:
    void unifiedDiffLikeGnuDiff_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        const QString base = lines(1, 30);
        QTest::newRow("equal") << base << base;
        QTest::newRow("one change") << base << QString(base).replace("line 15\n", "line fifteen\n");
        QTest::newRow("first line") << base << QString(base).replace("line 1\n", "LINE 1\n");
        QTest::newRow("last line") << base << QString(base).replace("line 30\n", "line 30!\n");
        QTest::newRow("insert at start") << base << "new\n" + base;
        QTest::newRow("append") << base << base + "new 1\nnew 2\n";
        QTest::newRow("delete block") << base << lines(1, 9) + lines(15, 30);
        QTest::newRow("two hunks") << base << QString(base).replace("line 3\n", "x\n").replace("line 25\n", "y\n");
        QTest::newRow("merged hunks (6 apart)")
            << base << QString(base).replace("line 10\n", "x\n").replace("line 17\n", "y\n");
        QTest::newRow("separate hunks (7 apart)")
            << base << QString(base).replace("line 10\n", "x\n").replace("line 18\n", "y\n");
        QTest::newRow("from empty") << QString() << lines(1, 3);
        QTest::newRow("to empty") << lines(1, 3) << QString();
        QTest::newRow("replace all") << lines(1, 5) << lines(1, 5, QStringLiteral("b"));
        QTest::newRow("tabs") << "Image:\tluksa/kiada:0.6\nPort:\t8080/TCP\n"
                              << "Image:\tluksa/kiada:0.7\nPort:\t8080/TCP\n";
    }

    void unifiedDiffLikeGnuDiff()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QCOMPARE(unifiedDiff(a, b, QStringLiteral("A"), QStringLiteral("B")), gnuDiff(a, b));
    }

    void revisionDiffOfARollout()
    {
        Simulation sim(5);
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(kLesson);
        runner.setThinkTime(0);
        runner.runScript(QStringLiteral(
            "kubectl apply -f images.yaml\nkubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
            "kubectl rollout status deployment kiada\n"
            "kubectl annotate deployment kiada kubernetes.io/change-cause='Update to 0.7'\n"
            "kubectl set image deployment kiada kiada=luksa/kiada:0.7\nkubectl rollout status deployment kiada\n"
            "kubectl set image deployment kiada kiada=luksa/kiada:0.8\nsleep 2\n"));

        // the templates as `kubectl rollout history --revision=N` prints them, without the name line
        auto revisionText = [&](int n) {
            Kubectl k(sim);
            k.run({"rollout", "history", "deployment/kiada", QStringLiteral("--revision=%1").arg(n)});
            QString t = k.out();
            return t.mid(t.indexOf('\n') + 1).chopped(1); // name line and the blank line after
        };
        const QString r1 = revisionText(1);
        const QString r2 = revisionText(2);
        QVERIFY(r1.contains("luksa/kiada:0.6"));
        QVERIFY(r2.contains("luksa/kiada:0.7") && r2.contains("Update to 0.7"));

        RevisionDiffWidget w;
        w.setSimulation(&sim);
        w.setDeployment(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(w.revisions(), QStringList({"1", "2", "3"}));
        QCOMPARE(w.fromRevision(), 2); // the last two by default
        QCOMPARE(w.toRevision(), 3);
        w.setRevisions(1, 2);
        QCOMPARE(w.diffText(),
            unifiedDiff(r1, r2, "deployment.apps/kiada revision #1", "deployment.apps/kiada revision #2"));
        QCOMPARE(w.diffText().section('\n', 2), gnuDiff(r1, r2).section('\n', 2)); // hunks as diff -u
        QVERIFY(w.diffText().contains("\n-    Image:\tluksa/kiada:0.6\n+    Image:\tluksa/kiada:0.7\n"));

        // the history table is kubectl's
        RolloutHistoryModel* m = w.historyModel();
        QCOMPARE(m->rowCount(), 3);
        QCOMPARE(m->index(1, 1).data().toString(), QStringLiteral("Update to 0.7"));
        QCOMPARE(m->index(0, 1).data().toString(), QStringLiteral("<none>"));

        // selecting a row compares it with the previous revision
        QTableView* table = w.findChild<QTableView*>();
        QVERIFY(table);
        table->setCurrentIndex(m->index(2, 0));
        QCOMPARE(w.fromRevision(), 2);
        QCOMPARE(w.toRevision(), 3);
        QVERIFY(w.diffText().contains("+    Image:\tluksa/kiada:0.8"));

        // a rollback to revision 1: revision 1 disappears (it becomes 4), the widget follows
        runner.runScript(QStringLiteral("kubectl rollout undo deployment kiada --to-revision=1\nsleep 1\n"));
        w.refresh();
        QCOMPARE(w.revisions(), QStringList({"2", "3", "4"}));
        w.setRevisions(3, 4);
        QVERIFY(w.diffText().contains("+    Image:\tluksa/kiada:0.6"));
        w.setRevisions(4, 4);
        QCOMPARE(w.diffText(), QString());

        const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR");
        w.setRevisions(2, 3);
        w.resize(720, 460);
        const QImage image = w.grab().toImage();
        QVERIFY(!image.isNull());
        if (!dir.isEmpty())
            QVERIFY(image.save(QDir(dir).filePath("revisiondiff.png")));
    }
};

QTEST_MAIN(TestRevisionDiff)
#include "tst_revisiondiff.moc"
