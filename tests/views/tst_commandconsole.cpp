// CommandConsole: echo, history, completion from the model's command table and the simulation,
// and output identity with rolloutctl: the same lines typed into the console and run through a
// ScriptRunner show exactly what `rolloutctl run --echo` prints for the same script.
#include "console/commandconsole.h"
#include "kubectl/commands.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "style/statuspalette.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

void typeLine(CommandConsole& console, const QString& line)
{
    console.lineEdit()->clear();
    QTest::keyClicks(console.lineEdit(), line);
    QTest::keyClick(console.lineEdit(), Qt::Key_Return);
}

/// The console's text in the error colour (what it shows as stderr).
QString errorText(const CommandConsole& console)
{
    const QColor error = StatusPalette(console.palette()).error();
    QString out;
    for (QTextBlock b = console.outputView()->document()->begin(); b.isValid(); b = b.next()) {
        bool lastWasError = false;
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            lastWasError = it.fragment().charFormat().foreground().color() == error;
            if (lastWasError)
                out += it.fragment().text();
        }
        if (lastWasError)
            out += '\n';
    }
    return out;
}

} // namespace

class TestCommandConsole : public QObject
{
    Q_OBJECT

private slots:
    void echoAndCommandEntered()
    {
        CommandConsole console;
        QCOMPARE(console.currentLine(), QStringLiteral("kubectl "));
        QSignalSpy spy(&console, &CommandConsole::commandEntered);
        QTest::keyClicks(console.lineEdit(), QStringLiteral("get rs -L ver"));
        QTest::keyClick(console.lineEdit(), Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("kubectl get rs -L ver"));
        QCOMPARE(console.outputText(), QStringLiteral("$ kubectl get rs -L ver\n"));
        QCOMPARE(console.currentLine(), QStringLiteral("kubectl ")); // a fresh prompt
        console.appendOutput(QStringLiteral("No resources found in default namespace.\n"), true);
        console.echoCommand(QStringLiteral("kubectl delete pod x"));
        QCOMPARE(console.outputText(),
            QStringLiteral(
                "$ kubectl get rs -L ver\nNo resources found in default namespace.\n$ kubectl delete pod x\n"));
        QCOMPARE(errorText(console), QStringLiteral("No resources found in default namespace.\n"));
        // an empty line echoes an empty prompt and runs nothing
        QTest::keyClick(console.lineEdit(), Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QVERIFY(console.outputText().endsWith(QStringLiteral("$ \n")));
        QTest::keyClick(console.lineEdit(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(console.outputText(), QString());
    }

    void history()
    {
        CommandConsole console;
        typeLine(console, QStringLiteral("kubectl get pods"));
        typeLine(console, QStringLiteral("kubectl get rs"));
        typeLine(console, QStringLiteral("kubectl get rs")); // a repeat is kept once, as bash's ignoredups
        typeLine(console, QStringLiteral("sim time"));
        QCOMPARE(console.history(), QStringList({"kubectl get pods", "kubectl get rs", "sim time"}));
        QLineEdit* in = console.lineEdit();
        in->setText(QStringLiteral("kubectl desc")); // the draft survives a walk through the history
        QTest::keyClick(in, Qt::Key_Up);
        QCOMPARE(in->text(), QStringLiteral("sim time"));
        QTest::keyClick(in, Qt::Key_Up);
        QTest::keyClick(in, Qt::Key_Up);
        QTest::keyClick(in, Qt::Key_Up); // stops at the oldest
        QCOMPARE(in->text(), QStringLiteral("kubectl get pods"));
        QTest::keyClick(in, Qt::Key_Down);
        QCOMPARE(in->text(), QStringLiteral("kubectl get rs"));
        QTest::keyClick(in, Qt::Key_Down);
        QTest::keyClick(in, Qt::Key_Down);
        QCOMPARE(in->text(), QStringLiteral("kubectl desc"));

        CommandConsole next; // the shell restores it in the next session
        next.setHistory(console.history());
        QTest::keyClick(next.lineEdit(), Qt::Key_Up);
        QCOMPARE(next.currentLine(), QStringLiteral("sim time"));
        next.setHistoryLimit(2);
        QCOMPARE(next.history(), QStringList({"kubectl get rs", "sim time"}));
    }

    void completionChoices_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("choices");
        QTest::newRow("script verb") << "kub" << QStringList {"kubectl"};
        QTest::newRow("sim verb") << "sim ad" << QStringList {"advance"};
        QTest::newRow("kubectl verb") << "kubectl ro" << QStringList {"rollout"};
        QTest::newRow("verbs after a global flag") << "kubectl -n default sc" << QStringList {"scale"};
        QTest::newRow("subcommands") << "kubectl rollout "
                                     << QStringList {"history", "pause", "restart", "resume", "status", "undo"};
        QTest::newRow("create") << "kubectl create " << QStringList {"deployment", "service"};
        QTest::newRow("set") << "kubectl set " << QStringList {"image"};
        QTest::newRow("resource types") << "kubectl rollout status deploy"
                                        << QStringList {"deploy", "deployment", "deployments"};
        QTest::newRow("short names") << "kubectl get r" << QStringList {"replicaset", "replicasets", "rs"};
        QTest::newRow("names") << "kubectl scale deployment " << QStringList {"kiada"};
        QTest::newRow("pod names") << "kubectl delete po kiada-" << QStringList {"kiada-a", "kiada-b"};
        QTest::newRow("type/name") << "kubectl rollout undo deploy/k" << QStringList {"deploy/kiada"};
        QTest::newRow("names in another namespace") << "kubectl -n other get deploy " << QStringList {};
        QTest::newRow("get flags") << "kubectl get rs --sh" << QStringList {"--show-kind", "--show-labels"};
        QTest::newRow("apply flags") << "kubectl apply --fi" << QStringList {"--filename"};
        QTest::newRow("global flags") << "kubectl get pods --names" << QStringList {"--namespace"};
        QTest::newRow("output formats") << "kubectl get pods -o "
                                        << QStringList {"custom-columns=", "json", "jsonpath=", "name", "wide", "yaml"};
        QTest::newRow("rollout flags") << "kubectl rollout undo deploy/kiada --to" << QStringList {"--to-revision"};
        QTest::newRow("nothing after a name") << "kubectl scale deployment kiada x" << QStringList {};
    }

    void completionChoices()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, choices);
        Simulation sim;
        ScriptRunner runner(sim);
        runner.runScript(QStringLiteral("kubectl create deployment kiada --image=luksa/kiada:0.6 --replicas=2"));
        // two pods with known names
        for (const char* n : {"kiada-a", "kiada-b"}) {
            Pod p;
            p.metadata.name = QString::fromLatin1(n);
            p.metadata.namespace_ = QStringLiteral("default");
            sim.store().create(p);
        }
        CommandConsole console;
        console.setSimulation(&sim);
        const CommandCompleter::Result r = console.completer().complete(line, int(line.size()));
        QStringList got = r.choices;
        if (QTest::currentDataTag() == QByteArray("pod names")) // the Deployment's own pods too, when the sim ran
            got.removeIf([](const QString& s) { return s != "kiada-a" && s != "kiada-b"; });
        QCOMPARE(got, choices);
    }

    void completionCoversTheModelsCommands()
    {
        // every verb and every flag of the model's command table is offered
        Simulation sim;
        const CommandCompleter c(&sim);
        for (const KubectlCommandInfo& cmd : kubectlCommands()) {
            QVERIFY(c.complete(QStringLiteral("kubectl "), 8).choices.contains(cmd.name));
            for (const FlagSpec& f : commandFlags(cmd.name)) {
                const QString line = QStringLiteral("kubectl %1 --%2").arg(cmd.name, f.name);
                QVERIFY2(c.complete(line, int(line.size())).choices.contains("--" + f.name), qPrintable(line));
            }
        }
    }

    void tabCompletes()
    {
        Simulation sim;
        ScriptRunner runner(sim);
        runner.runScript(QStringLiteral("kubectl create deployment kiada --image=luksa/kiada:0.6"));
        CommandConsole console;
        console.setSimulation(&sim);
        QLineEdit* in = console.lineEdit();
        in->setText(QStringLiteral("kubectl ro"));
        QTest::keyClick(in, Qt::Key_Tab);
        QCOMPARE(in->text(), QStringLiteral("kubectl rollout "));
        QTest::keyClick(in, Qt::Key_Tab); // several choices, no common prefix: nothing yet
        QCOMPARE(in->text(), QStringLiteral("kubectl rollout "));
        QCOMPARE(console.outputText(), QString());
        QTest::keyClick(in, Qt::Key_Tab); // the second Tab lists them
        QCOMPARE(console.outputText(),
            QStringLiteral("$ kubectl rollout \nhistory  pause  restart  resume  status  undo\n"));
        QTest::keyClicks(in, QStringLiteral("st"));
        QTest::keyClick(in, Qt::Key_Tab);
        QTest::keyClicks(in, QStringLiteral("deploy/"));
        QTest::keyClick(in, Qt::Key_Tab);
        QCOMPARE(in->text(), QStringLiteral("kubectl rollout status deploy/kiada "));
        in->setText(QStringLiteral("kubectl get deploym"));
        QTest::keyClick(in, Qt::Key_Tab); // common prefix of deployment, deployments
        QCOMPARE(in->text(), QStringLiteral("kubectl get deployment"));
    }

    void outputIdenticalToRolloutctl()
    {
        QTemporaryDir dir;
        const QStringList lines {
            "kubectl apply -f " + kLesson + "/images.yaml",
            "kubectl apply -f " + kLesson + "/svc.kiada.yaml",
            "kubectl apply -f " + kLesson + "/deploy.kiada.0.6.recreate.yaml",
            "kubectl get rs -L ver",
            "sleep 5",
            "kubectl get pods",
            "kubectl rollout status deployment kiada",
            "kubectl get deploy nonexistent",
            "kubectl set image deployment kiada kiada=luksa/kiada:0.7",
            "kubectl get rs -L ver",
            "kubectl rollout status deployment kiada",
            "kubectl rollout history deployment/kiada",
            "kubectl get events",
            "kubectl frobnicate",
            "kubectl scale deployment kiada --replicas=x",
            "sim time",
        };
        const QString scriptPath = dir.filePath(QStringLiteral("session.sh"));
        {
            QFile f(scriptPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(lines.join('\n').toUtf8() + '\n');
        }
        QProcess merged;
        merged.setProcessChannelMode(QProcess::MergedChannels);
        merged.start(QStringLiteral(ROLLOUTCTL_PATH), {"run", "--echo", "--think-time", "1s", scriptPath});
        QVERIFY(merged.waitForFinished(60000));
        const QString expected = QString::fromUtf8(merged.readAll());
        QProcess separate;
        separate.start(QStringLiteral(ROLLOUTCTL_PATH), {"run", "--echo", "--think-time", "1s", scriptPath});
        QVERIFY(separate.waitForFinished(60000));
        const QString expectedErr = QString::fromUtf8(separate.readAllStandardError());
        QVERIFY(expectedErr.contains("NotFound") && expectedErr.contains("unknown command"));

        // the shell's wiring: the console's lines go to a ScriptRunner, its output comes back
        Simulation sim(1);
        ScriptRunner runner(sim);
        runner.setThinkTime(1000);
        runner.setWorkingDirectory(dir.path());
        CommandConsole console;
        console.setSimulation(&sim);
        runner.setSink([&](const QString& text, bool isError) { console.appendOutput(text, isError); });
        connect(
            &console, &CommandConsole::commandEntered, &console, [&](const QString& line) { runner.runScript(line); });
        for (const QString& line : lines)
            typeLine(console, line);
        if (console.outputText() != expected) {
            const QStringList a = console.outputText().split('\n');
            const QStringList b = expected.split('\n');
            for (int i = 0; i < std::min(a.size(), b.size()); ++i)
                QCOMPARE(a[i], b[i]);
        }
        QCOMPARE(console.outputText(), expected);
        QCOMPARE(errorText(console), expectedErr);
    }

    // The newest output stays in view, as in a terminal, even when a long line brings the
    // horizontal scroll bar (which shrinks the viewport after the text was appended); once the user
    // scrolls up, new output no longer moves the view.
    void followsOutput()
    {
        CommandConsole console;
        console.resize(420, 200);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        QScrollBar* bar = console.outputView()->verticalScrollBar();
        for (int i = 0; i < 40; ++i)
            console.appendOutput(QStringLiteral("line %1\n").arg(i), false);
        console.appendOutput(QString(300, QLatin1Char('x')) + QLatin1Char('\n'), false);
        console.appendOutput(QStringLiteral("last line\n"), false);
        QCoreApplication::processEvents();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());

        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        QCOMPARE(bar->value(), 0);
        console.appendOutput(QStringLiteral("more\n"), false);
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), 0);

        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        console.appendOutput(QStringLiteral("and more\n"), false);
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), bar->maximum());
    }

    void render()
    {
        const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR");
        for (bool dark : {false, true}) {
            CommandConsole console;
            if (dark) {
                QPalette p;
                p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
                p.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
                p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
                p.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
                console.setPalette(p);
            }
            Simulation sim;
            ScriptRunner runner(sim);
            runner.setWorkingDirectory(kLesson);
            runner.setSink([&](const QString& text, bool isError) { console.appendOutput(text, isError); });
            connect(&console, &CommandConsole::commandEntered, &console,
                [&](const QString& line) { runner.runScript(line); });
            console.setSimulation(&sim);
            for (const char* l : {"kubectl apply -f images.yaml", "kubectl apply -f deploy.kiada.0.6.recreate.yaml",
                     "sleep 10", "kubectl get rs -L ver", "kubectl get deploy nope"})
                typeLine(console, QString::fromLatin1(l));
            console.lineEdit()->setText(QStringLiteral("kubectl rollout "));
            QTest::keyClick(console.lineEdit(), Qt::Key_Tab);
            QTest::keyClick(console.lineEdit(), Qt::Key_Tab);
            console.resize(760, 360);
            const QImage image = console.grab().toImage();
            QVERIFY(!image.isNull());
            if (!dir.isEmpty())
                QVERIFY(image.save(QDir(dir).filePath(dark ? "commandconsole-dark.png" : "commandconsole.png")));
        }
    }
};

QTEST_MAIN(TestCommandConsole)
#include "tst_commandconsole.moc"
