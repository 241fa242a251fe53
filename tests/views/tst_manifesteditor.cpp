// ManifestEditor: validation as you type through kubectl apply's own path (the marked line and the
// message equal what `kubectl apply -f` prints for the same file and cluster), the apply preview
// checked against what the controllers then really do, Ctrl+Return, failed applies keep the text,
// undo/redo and the modified flag.
#include "editor/manifesteditor.h"
#include "kubectl/kubectl.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <Qsci/qsciscintilla.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

QString readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

const char* kValid = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
)";

} // namespace

class TestManifestEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeTemp(const QString& name, const QString& text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text.toUtf8());
        return path;
    }

    /// "Types" the text: the editor sees a text change and validates after its debounce.
    static void type(ManifestEditor& editor, const QString& text) { editor.textEdit()->setText(text); }

private slots:
    void validatesAsYouType_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line"); // 1-based, as kubectl prints it

        const QString valid = QString::fromLatin1(kValid);
        QTest::newRow("negative replicas") << QString(valid).replace("replicas: 2", "replicas: -1") << 6;
        QTest::newRow("yaml syntax") << QString(valid).replace("  name: web\n", "  name: web\n bad: 1\n") << 5;
        QTest::newRow("unknown field") << QString(valid).replace("replicas: 2", "replica: 2") << 6;
        QTest::newRow("selector mismatch")
            << QString(valid).replace("        app: web\n    spec", "        app: api\n    spec") << 12;
        QTest::newRow("image missing") << QString(valid).replace("        image: nginx:1.27\n", "") << 16;
        QTest::newRow("recreate with rollingUpdate") << QString(valid).replace("  replicas: 2\n",
            "  replicas: 2\n  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n")
                                                     << 9;
        QTest::newRow("unserved apiVersion") << QString(valid).replace("apps/v1", "extensions/v1beta1") << 2;
    }

    void validatesAsYouType()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        Simulation sim;
        ManifestEditor editor;
        editor.setSimulation(&sim);
        const QString path = writeTemp(QStringLiteral("bad.yaml"), text);
        editor.setFilePath(path);
        editor.validateNow();
        QVERIFY(editor.errorLines().isEmpty());

        QSignalSpy validated(&editor, &ManifestEditor::validated);
        type(editor, text);
        QVERIFY(editor.isValidationPending()); // debounced: nothing yet
        QVERIFY(editor.errorLines().isEmpty());
        QVERIFY(validated.wait(2000)); // ~300 ms
        QCOMPARE(validated.count(), 1);
        QCOMPARE(validated.first().first().toBool(), false);

        // what kubectl apply prints for the same file on the same cluster
        Kubectl k(sim);
        QCOMPARE(k.run({"apply", "-f", path}), 1);
        const QString kubectlErr = k.err();
        QCOMPARE(editor.plan().errorText(), kubectlErr);
        QCOMPARE(editor.statusText(), kubectlErr.trimmed());
        QVERIFY2(kubectlErr.contains(QStringLiteral("%1:%2").arg(path).arg(line)), qPrintable(kubectlErr));
        QCOMPARE(editor.errorLines(), QList<int>({line - 1}));
        const QString annotation = editor.annotationText(line - 1);
        QVERIFY(!annotation.isEmpty());
        // the annotation carries the API server's (or kubectl's) message for that line
        const QString firstLine = kubectlErr.section('\n', 0, 0);
        const QString cause = firstLine.section(QStringLiteral(": "), 1);
        QVERIFY2(annotation.contains(cause.section(QStringLiteral(": "), -2)) || firstLine.contains(annotation),
            qPrintable(annotation + " / " + firstLine));

        // fixing the text clears the mark
        type(editor, QString::fromLatin1(kValid));
        QVERIFY(validated.wait(2000));
        QVERIFY(editor.errorLines().isEmpty());
        QCOMPARE(editor.statusText(), QStringLiteral("deployment.apps/web created (revision 1)"));
    }

    void updateErrorsComeFromTheLiveObject()
    {
        // an immutable field of an existing Deployment: only the update path rejects it
        Simulation sim;
        ScriptRunner runner(sim);
        runner.runScript(QStringLiteral("kubectl apply -f - <<EOF\n") + QString::fromLatin1(kValid) + "EOF\n");
        QVERIFY(sim.store().get<Deployment>("default", "web"));
        const QString text = QString::fromLatin1(kValid).replace("app: web", "app: web2");
        const QString path = writeTemp(QStringLiteral("web.yaml"), text);
        ManifestEditor editor;
        editor.setSimulation(&sim);
        editor.setFilePath(path);
        editor.setText(text);
        Kubectl k(sim);
        QCOMPARE(k.run({"apply", "-f", path}), 1);
        QVERIFY2(k.err().contains("field is immutable"), qPrintable(k.err()));
        QCOMPARE(editor.plan().errorText(), k.err());
        QVERIFY(!editor.errorLines().isEmpty());
    }

    void previewMatchesWhatTheControllersDo()
    {
        Simulation sim(3);
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(kLesson);
        runner.setThinkTime(0);
        runner.runScript(
            QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                           "kubectl rollout status deployment kiada\n"));
        const QString v6 = readFile(kLesson + "/deploy.kiada.0.6.recreate.yaml");
        const QString v7 = readFile(kLesson + "/deploy.kiada.0.7.rolling-update.yaml");
        ManifestEditor editor;
        editor.setSimulation(&sim);
        editor.setFilePath(QStringLiteral("deploy.yaml"));

        editor.setText(v6); // as applied: kubectl says unchanged
        QCOMPARE(editor.statusText(), QStringLiteral("deployment.apps/kiada unchanged"));
        QVERIFY(editor.previewDiff().isEmpty());

        editor.setText(QString(v6).replace("replicas: 3", "replicas: 5"));
        QCOMPARE(editor.statusText(), QStringLiteral("deployment.apps/kiada configured: scale 3 -> 5"));

        editor.setText(v7);
        QVERIFY2(editor.statusText().startsWith(
                     QStringLiteral("deployment.apps/kiada configured: pod template changed -> new revision 2")),
            qPrintable(editor.statusText()));
        QVERIFY(editor.statusText().endsWith(
            QStringLiteral("; strategy Recreate -> RollingUpdate; minReadySeconds 0 -> 10")));
        if (const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR"); !dir.isEmpty()) {
            editor.resize(900, 420);
            QVERIFY(editor.grab().save(QDir(dir).filePath("manifesteditor-preview.png")));
        }
        QVERIFY2(editor.previewDiff().contains(QStringLiteral("\n-    Image:\tluksa/kiada:0.6"))
                && editor.previewDiff().contains(QStringLiteral("\n+    Image:\tluksa/kiada:0.7")),
            qPrintable(editor.previewDiff()));

        runner.runScript(QStringLiteral("kubectl apply -f deploy.kiada.0.7.rolling-update.yaml\n"
                                        "kubectl rollout status deployment kiada\n"));
        editor.setText(v6); // back to 0.6: the old ReplicaSet's template
        QVERIFY2(editor.statusText().startsWith(QStringLiteral(
                     "deployment.apps/kiada configured: pod template equals revision 1 -> rollback (it becomes "
                     "revision 3)")),
            qPrintable(editor.statusText()));
        // and that is what the Deployment controller does
        runner.runScript(QStringLiteral("kubectl apply -f deploy.kiada.0.6.recreate.yaml\nsleep 1\n"));
        Kubectl k(sim);
        k.run({"get", "rs", "-L", "ver"});
        QCOMPARE(k.out().count('\n'), 3); // header + the two ReplicaSets: no third one
        k.run({"rollout", "history", "deployment/kiada"});
        QVERIFY2(k.out().contains(QStringLiteral("\n2         <none>\n3         <none>\n")), qPrintable(k.out()));
    }

    void previewFollowsTheCluster()
    {
        Simulation sim;
        ScriptRunner runner(sim);
        ManifestEditor editor;
        editor.setSimulation(&sim);
        editor.setText(QString::fromLatin1(kValid));
        QCOMPARE(editor.statusText(), QStringLiteral("deployment.apps/web created (revision 1)"));
        editor.refresh(); // nothing changed: no validation
        QVERIFY(!editor.isValidationPending());
        // the shell applies it (unsaved: -f - with the text) and refreshes the views
        runner.runArgv({"kubectl", "apply", "-f", "-"}, editor.text());
        editor.refresh();
        QVERIFY(editor.isValidationPending());
        QSignalSpy validated(&editor, &ManifestEditor::validated);
        QVERIFY(validated.wait(2000));
        QCOMPARE(editor.statusText(), QStringLiteral("deployment.apps/web unchanged"));
    }

    void ctrlReturnRequestsApply()
    {
        ManifestEditor editor;
        editor.setFilePath(QStringLiteral("/tmp/web.yaml"));
        editor.setText(QString::fromLatin1(kValid));
        QSignalSpy spy(&editor, &ManifestEditor::applyRequested);
        QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toString(), QString::fromLatin1(kValid));
        QCOMPARE(spy.first().at(1).toString(), QStringLiteral("/tmp/web.yaml"));
        QCOMPARE(editor.text(), QString::fromLatin1(kValid)); // no newline typed
    }

    void failedApplyKeepsTheText()
    {
        ManifestEditor editor;
        const QString text = QString::fromLatin1(kValid);
        editor.setFilePath(QStringLiteral("web.yaml"));
        editor.setText(text);
        QTest::keyClicks(editor.textEdit(), QStringLiteral("# edited"));
        const QString edited = editor.text();
        QVERIFY(editor.isModified());
        const QString err = QStringLiteral(
            "The Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value\n"
            "  at web.yaml:16:9 (spec.template.spec.containers[0].image)\n");
        editor.setApplyResult(false, err);
        QCOMPARE(editor.text(), edited);
        QVERIFY(editor.isModified());
        QCOMPARE(editor.errorLines(), QList<int>({15}));
        QVERIFY(editor.annotationText(15).contains(QStringLiteral("Required value")));
        QCOMPARE(editor.statusText(), err.trimmed());
        editor.setApplyResult(true, QStringLiteral("deployment.apps/web configured\n"));
        QVERIFY(editor.errorLines().isEmpty());
        QCOMPARE(editor.text(), edited);
    }

    void undoRedo()
    {
        ManifestEditor editor;
        const QString text = QString::fromLatin1(kValid);
        editor.setText(text);
        QVERIFY(!editor.isModified());
        QSignalSpy modified(&editor, &ManifestEditor::modificationChanged);
        editor.textEdit()->setCursorPosition(0, 0);
        QTest::keyClicks(editor.textEdit(), QStringLiteral("# x"));
        QTest::keyClick(editor.textEdit(), Qt::Key_Return);
        QVERIFY(editor.text() != text);
        QVERIFY(editor.isModified());
        QCOMPARE(modified.count(), 1);
        QCOMPARE(modified.last().first().toBool(), true);
        for (int i = 0; i < 10 && editor.text() != text; ++i)
            QTest::keyClick(editor.textEdit(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.text(), text);
        QVERIFY(!editor.isModified());
        QCOMPARE(modified.last().first().toBool(), false);
        QTest::keyClick(editor.textEdit(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(editor.text() != text);
        // setText (opening a file) starts a fresh undo history
        editor.setText(text);
        QTest::keyClick(editor.textEdit(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.text(), text);
    }

    void render()
    {
        const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR");
        Simulation sim;
        for (bool dark : {false, true}) {
            ManifestEditor editor;
            if (dark) {
                QPalette p;
                p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
                p.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
                p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
                p.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
                p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
                p.setColor(QPalette::LinkVisited, QColor(0xd0, 0x9c, 0xff));
                editor.setPalette(p);
            }
            editor.setSimulation(&sim);
            editor.setFilePath(QStringLiteral("web.yaml"));
            editor.setText(QString::fromLatin1(kValid).replace("replicas: 2", "replicas: -1"));
            editor.resize(760, 460);
            const QImage image = editor.grab().toImage();
            QVERIFY(!image.isNull());
            QCOMPARE(editor.errorLines(), QList<int>({5}));
            if (!dir.isEmpty())
                QVERIFY(image.save(QDir(dir).filePath(dark ? "manifesteditor-dark.png" : "manifesteditor.png")));
        }
    }
};

QTEST_MAIN(TestManifestEditor)
#include "tst_manifesteditor.moc"
