#include "appsettings.h"
#include "console/commandconsole.h"
#include "deploymentactions.h"
#include "editor/manifesteditor.h"
#include "mainwindow.h"
#include "models/objecttablemodel.h"
#include "scenario/lesson.h"
#include "scenario/session.h"
#include "scenario/workspace.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <deque>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

/// A window with its own settings and data folder, scripted answers and collected errors.
struct Fixture
{
    explicit Fixture(const QString& dataDir = {})
        : settings(dir.filePath(QStringLiteral("settings.ini")))
    {
        MainWindow::Options o;
        o.settings = &settings;
        o.dataDirectory = dataDir.isEmpty() ? dir.filePath(QStringLiteral("data")) : dataDir;
        o.frameTimer = false; // the tests drive the frames: simulated time never depends on the wall clock
        o.ask = [this](const QString& title, const QString&, QMessageBox::StandardButtons) {
            questions << title;
            if (answers.empty())
                return QMessageBox::Cancel;
            const auto a = answers.front();
            answers.pop_front();
            return a;
        };
        o.error = [this](const QString& title, const QString& text) { errors << title + QStringLiteral(": ") + text; };
        window = std::make_unique<MainWindow>(o);
        window->resize(1280, 720);
    }
    ~Fixture()
    {
        answers.push_back(QMessageBox::Discard);
        window->close();
    }

    Session& session() { return window->session(); }
    const ObjectStore& store() { return window->session().viewSimulation().store(); }
    int replicaSets() { return int(store().all<ReplicaSet>().size()); }
    /// Plays `simMs` of simulated time through the window's frames (1x speed, 40 ms frames).
    void play(Millis simMs)
    {
        window->setPlaying(true);
        const double speed = window->speed();
        for (Millis t = 0; t < simMs; t += Millis(40 * speed))
            window->frame(40);
    }
    /// Lets the coalesced changed() reach the views (the event loop does it in the application).
    void settle() { QCoreApplication::processEvents(); }
    QAbstractItemModel* table(const char* name)
    {
        settle();
        return window->tableModel(QString::fromLatin1(name));
    }
    /// Frames until the commands of the steps played so far have run.
    void waitStep()
    {
        window->setPlaying(true);
        for (int i = 0; i < 100'000 && session().pendingCommands() > 0; ++i)
            window->frame(40);
    }
    /// Next, then wait for the step, as a class plays a lesson. False when no step is left.
    bool runStep()
    {
        if (!window->action(QStringLiteral("nextStep"))->isEnabled())
            return false;
        window->action(QStringLiteral("nextStep"))->trigger();
        waitStep();
        return true;
    }
    void lessonToEnd()
    {
        QVERIFY(window->openLesson(kLesson));
        window->setSpeed(100);
        waitStep();
        while (runStep()) { }
        QCOMPARE(session().pendingCommands(), 0);
        QCOMPARE(window->nextLessonStepIndex(), window->lesson()->stepCount());
    }
    /// Every table model of the window, checked by QAbstractItemModelTester as it changes.
    void testModels()
    {
        for (const char* name : {"Deployments", "ReplicaSets", "Pods", "Events", "History"}) {
            QAbstractItemModel* m = window->tableModel(QString::fromLatin1(name));
            QVERIFY(m);
            testers.push_back(
                std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::QtTest));
        }
    }
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;

    QTemporaryDir dir;
    AppSettings settings;
    std::unique_ptr<MainWindow> window;
    std::deque<QMessageBox::StandardButton> answers;
    QStringList questions;
    QStringList errors;
};

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opensALessonAndPlaysItStepByStep()
    {
        Fixture f;
        f.testModels();
        QVERIFY(f.window->openLesson(kLesson));
        QVERIFY(f.window->isPlaying());
        QVERIFY(f.window->windowTitle().startsWith(QStringLiteral("02-kiada-rolling-update")));
        // The first step's first command ran at once; the others wait for their moment.
        QVERIFY(f.window->transcript().startsWith(QStringLiteral("$ kubectl apply -f images.yaml\n")));
        QVERIFY(f.session().pendingCommands() > 0);
        auto* title = f.window->findChild<QLabel*>(QStringLiteral("lessonTitle"));
        auto* note = f.window->findChild<QLabel*>(QStringLiteral("lessonNote"));
        QVERIFY(title && note);
        const Lesson* lesson = f.window->lesson();
        QVERIFY(lesson);
        QCOMPARE(lesson->stepCount(), 4);
        QVERIFY2(title->text().endsWith(QStringLiteral("step 1 of 4: The starting point: version 0.6")),
            qPrintable(title->text()));
        QCOMPARE(note->text(), lesson->steps()[0].note);
        QVERIFY(note->text().startsWith(QStringLiteral("kiada runs three pods of version 0.6")));
        f.window->setSpeed(100);
        f.waitStep();
        QCOMPARE(f.replicaSets(), 1);
        QVERIFY(f.runStep());
        QVERIFY(title->text().endsWith(QStringLiteral("step 2 of 4: A rolling update to 0.7")));
        while (f.runStep()) { }
        QVERIFY(!f.window->action(QStringLiteral("nextStep"))->isEnabled());
        QVERIFY(f.window->transcript().contains(QStringLiteral("deployment \"kiada\" successfully rolled out")));
        QCOMPARE(f.replicaSets(), 2);
        QCOMPARE(f.table("ReplicaSets")->rowCount(), 2);
        QVERIFY(!f.window->isWindowModified()); // watching a lesson is not a change

        // Played step by step, the console shows what `rolloutctl run --echo` prints for the lesson
        // when each Next comes as soon as the previous step ended (the lessons' golden transcript
        // test covers the whole-run equality; here the think time between steps is ours).
        QVERIFY(f.window->transcript().contains(QStringLiteral("$ kubectl get deploy kiada\n")));
    }

    void playAllRunsTheRest()
    {
        Fixture f;
        QVERIFY(f.window->openLesson(kLesson));
        f.window->action(QStringLiteral("playLesson"))->trigger();
        QCOMPARE(f.session().pendingCommands(), 0);
        QCOMPARE(f.window->nextLessonStepIndex(), 4);
        // All at once: exactly rolloutctl run --echo's transcript of the lesson.
        QFile golden(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/cli/expected/02-kiada-rolling-update.txt"));
        if (golden.open(QIODevice::ReadOnly))
            QCOMPARE(f.window->transcript(), QString::fromUtf8(golden.readAll()));
        QCOMPARE(f.replicaSets(), 2);
    }

    void setImageActionEchoesAndMakesAReplicaSet()
    {
        Fixture f;
        f.testModels();
        f.lessonToEnd();
        QCOMPARE(f.table("ReplicaSets")->rowCount(), 2);
        QCOMPARE(f.replicaSets(), 2);
        f.window->setDialogHandler([](QDialog* d) {
            auto* dialog = qobject_cast<SetImageDialog*>(d);
            if (!dialog)
                return false;
            dialog->setImage(QStringLiteral("kiada"), QStringLiteral("luksa/kiada:0.8"));
            return true;
        });
        const qsizetype before = f.window->transcript().size();
        f.window->action(QStringLiteral("setImage"))->trigger();
        const QString out = f.window->transcript().mid(before);
        f.play(2000); // the controllers act as time passes
        QCOMPARE(out,
            QStringLiteral("$ kubectl set image deployment/kiada kiada=luksa/kiada:0.8\n"
                           "deployment.apps/kiada image updated\n"));
        QCOMPARE(f.replicaSets(), 3);
        QCOMPARE(f.table("ReplicaSets")->rowCount(), 3); // a new ReplicaSet row
        QVERIFY(f.window->isWindowModified());
    }

    void strategyScaleAndRolloutActions()
    {
        Fixture f;
        f.lessonToEnd();
        f.window->setDialogHandler([](QDialog* d) {
            if (auto* s = qobject_cast<StrategyDialog*>(d))
                s->setStrategy({QStringLiteral("RollingUpdate"), QStringLiteral("1"), QStringLiteral("0"), 5});
            else if (auto* s = qobject_cast<ScaleDialog*>(d))
                s->setReplicas(5);
            return true;
        });
        qsizetype at = f.window->transcript().size();
        f.window->action(QStringLiteral("strategy"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl patch deployment kiada -p "
                           "'{\"spec\":{\"minReadySeconds\":5,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,"
                           "\"maxUnavailable\":0},\"type\":\"RollingUpdate\"}}}'\n"
                           "deployment.apps/kiada patched\n"));
        auto d = f.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(d->spec.minReadySeconds, 5);
        QCOMPARE(d->spec.strategy.rollingUpdate->maxSurge->intVal, 1);

        at = f.window->transcript().size();
        f.window->action(QStringLiteral("scale"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl scale deployment kiada --replicas=5\ndeployment.apps/kiada scaled\n"));

        // Pause, resume, undo: kubectl's own words.
        at = f.window->transcript().size();
        f.window->action(QStringLiteral("pause"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl rollout pause deployment kiada\ndeployment.apps/kiada paused\n"));
        QVERIFY(f.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"))->spec.paused);
        at = f.window->transcript().size();
        f.window->action(QStringLiteral("resume"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl rollout resume deployment kiada\ndeployment.apps/kiada resumed\n"));
        QVERIFY(!f.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"))->spec.paused);
        at = f.window->transcript().size();
        f.window->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl rollout undo deployment kiada\ndeployment.apps/kiada rolled back\n"));
        d = f.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(d->spec.template_.spec.containers.front().image, QStringLiteral("luksa/kiada:0.6"));
    }

    void recreateStrategyRemovesRollingUpdate()
    {
        // The API server forbids rollingUpdate with type Recreate: the patch sets it to null.
        Fixture f;
        f.lessonToEnd();
        f.window->setDialogHandler([](QDialog* d) {
            auto* s = qobject_cast<StrategyDialog*>(d);
            if (s)
                s->setStrategy({QStringLiteral("Recreate"), QStringLiteral("1"), QStringLiteral("0"), 0});
            return s != nullptr;
        });
        const qsizetype at = f.window->transcript().size();
        f.window->action(QStringLiteral("strategy"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral(
                "$ kubectl patch deployment kiada -p "
                "'{\"spec\":{\"minReadySeconds\":0,\"strategy\":{\"rollingUpdate\":null,\"type\":\"Recreate\"}}}'\n"
                "deployment.apps/kiada patched\n"));
        const auto d = f.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(d->spec.strategy.type, QStringLiteral("Recreate"));
        QVERIFY(!d->spec.strategy.rollingUpdate);
    }

    void consoleRunsTypedLinesThroughTheSession()
    {
        Fixture f;
        f.lessonToEnd();
        CommandConsole* console = f.window->console();
        console->clearOutput();
        const qsizetype at = f.window->transcript().size();
        console->setCurrentLine(QStringLiteral("kubectl scale deployment kiada --replicas=4"));
        console->submit();
        // Echoed once (by the console), kubectl's answer after it; the session logged the command.
        QCOMPARE(console->outputText(),
            QStringLiteral("$ kubectl scale deployment kiada --replicas=4\ndeployment.apps/kiada scaled\n"));
        QCOMPARE(f.window->transcript().mid(at), console->outputText());
        QCOMPARE(f.session().commands().back().argv,
            (QStringList {QStringLiteral("kubectl"), QStringLiteral("scale"), QStringLiteral("deployment"),
                QStringLiteral("kiada"), QStringLiteral("--replicas=4")}));
        // An action shows in the console as the command it equals.
        f.window->action(QStringLiteral("pause"))->trigger();
        QVERIFY(console->outputText().endsWith(
            QStringLiteral("$ kubectl rollout pause deployment kiada\ndeployment.apps/kiada paused\n")));
        // The history is remembered.
        f.answers.push_back(QMessageBox::Discard);
        f.window->close();
        QCOMPARE(f.settings.consoleHistory().value(0), QStringLiteral("kubectl scale deployment kiada --replicas=4"));
    }

    void trafficThroughTheService()
    {
        Fixture f;
        f.lessonToEnd();
        QVERIFY(!f.session().traffic());
        f.window->runConsoleLine(QStringLiteral("sim traffic kiada 10"));
        f.play(5000);
        QVERIFY(f.session().traffic());
        QVERIFY(f.session().traffic()->sent() >= 45);
        // The charts show while their dock is up.
        QTabWidget* charts = f.window->charts();
        QVERIFY(charts);
        QCOMPARE(charts->count(), 4);
        f.window->runConsoleLine(QStringLiteral("sim traffic off"));
        QVERIFY(!f.session().traffic());
    }

    void exportsPngAndSvg()
    {
        Fixture f;
        f.lessonToEnd();
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        const QString png = f.dir.filePath(QStringLiteral("w.png"));
        QVERIFY(f.window->exportWidget(nullptr, png, 2));
        QImage image(png);
        QCOMPARE(image.size(), f.window->size() * 2);
        const QString svg = f.dir.filePath(QStringLiteral("w.svg"));
        QVERIFY(f.window->exportWidget(nullptr, svg, 1));
        QVERIFY(readFile(svg).contains(QStringLiteral("<svg")));
        QVERIFY(f.errors.isEmpty());
    }

    void dropOpensFiles()
    {
        Fixture f;
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(kLesson)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(f.window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(f.window.get(), &drop);
        QVERIFY(f.window->lesson());
        QCOMPARE(f.session().lesson(), QFileInfo(kLesson).absoluteFilePath());
        delete mime;

        // Not a Rollout Lab file: a message, nothing else changes.
        QVERIFY(!f.window->openPath(f.dir.filePath(QStringLiteral("missing.yaml"))));
        QCOMPARE(f.errors.size(), 1);
        QVERIFY(f.errors.first().contains(QStringLiteral("No such file or directory")));
        QVERIFY(f.window->lesson());
    }

    void presentationModeAndThemes()
    {
        Fixture f;
        const qreal base = QApplication::font().pointSizeF();
        f.window->action(QStringLiteral("presentation"))->trigger();
        QVERIFY(QApplication::font().pointSizeF() >= base * 1.5 - 0.01);
        QVERIFY(f.settings.presentationMode());
        f.window->action(QStringLiteral("theme2"))->trigger(); // dark
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 60);
        QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::white)); // high contrast
        QCOMPARE(f.settings.theme(), AppSettings::Theme::Dark);
        f.window->action(QStringLiteral("presentation"))->trigger();
        QCOMPARE(QApplication::font().pointSizeF(), base);
        f.window->action(QStringLiteral("theme0"))->trigger();
        QCOMPARE(f.settings.theme(), AppSettings::Theme::System);
    }

    void undoToRevisionOffersTheHistory()
    {
        Fixture f;
        f.lessonToEnd();
        int revisions = 0;
        f.window->setDialogHandler([&](QDialog* d) {
            auto* r = qobject_cast<RevisionDialog*>(d);
            revisions = r ? r->revisionCount() : -1;
            if (r)
                r->setRevision(1);
            return r != nullptr;
        });
        const qsizetype at = f.window->transcript().size();
        f.window->action(QStringLiteral("undoTo"))->trigger();
        QCOMPARE(revisions, 2);
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl rollout undo deployment kiada --to-revision=1\n"
                           "deployment.apps/kiada rolled back\n"));
    }

    void scrubBackAndActFromThePast()
    {
        Fixture f;
        f.testModels();
        f.lessonToEnd();
        // Find a moment before the 0.7 manifest was applied.
        Millis before = -1;
        for (const auto& c : f.session().commands())
            if (c.stdinText.contains(QStringLiteral("kind: Deployment"))
                && c.stdinText.contains(QStringLiteral("luksa/kiada:0.7"))) {
                before = c.at - 500;
                break;
            }
        QVERIFY(before > 0);
        const Millis present = f.session().elapsed();
        const std::size_t commands = f.session().commands().size();

        f.window->scrubTo(before);
        QVERIFY(f.session().isViewingPast());
        QCOMPARE(f.replicaSets(), 1); // the views see the older state
        QCOMPARE(f.table("ReplicaSets")->rowCount(), 1);
        QCOMPARE(f.session().simulation().store().all<ReplicaSet>().size(), std::size_t(2));
        QVERIFY(f.window->action(QStringLiteral("present"))->isEnabled());

        // Cancelled: nothing changes.
        f.answers = {QMessageBox::Cancel};
        f.window->setDialogHandler([](QDialog* d) {
            if (auto* s = qobject_cast<ScaleDialog*>(d))
                s->setReplicas(6);
            return true;
        });
        f.window->action(QStringLiteral("scale"))->trigger();
        QCOMPARE(f.questions.size(), 1);
        QVERIFY(f.session().isViewingPast());
        QCOMPARE(f.session().commands().size(), commands);

        // Confirmed: a new future from that moment.
        f.answers = {QMessageBox::Yes};
        f.window->action(QStringLiteral("scale"))->trigger();
        QVERIFY(!f.session().isViewingPast());
        QVERIFY(f.session().elapsed() < present);
        QVERIFY(f.session().commands().size() < commands);
        QVERIFY(f.window->transcript().endsWith(
            QStringLiteral("$ kubectl scale deployment kiada --replicas=6\ndeployment.apps/kiada scaled\n")));
        f.play(30'000);
        QCOMPARE(f.store().all<Pod>().size(), std::size_t(6));
        QCOMPARE(f.replicaSets(), 1);

        // Edit > Undo restores the future that was set aside; Redo sets it aside again.
        QVERIFY(f.window->undoStack()->canUndo());
        f.window->action(QStringLiteral("editUndo"))->trigger();
        QCOMPARE(f.session().elapsed(), present);
        QCOMPARE(f.session().commands().size(), commands);
        QCOMPARE(f.replicaSets(), 2);
        f.window->action(QStringLiteral("editRedo"))->trigger();
        QCOMPARE(f.store().all<Pod>().size(), std::size_t(6));
    }

    void failedApplyKeepsTheEditorText()
    {
        Fixture f;
        f.lessonToEnd();
        ManifestEditor* editor = f.window->editor();
        QVERIFY(editor);
        const QString text = readFile(kLesson + QStringLiteral("/deploy.kiada.0.7.rolling-update.yaml"))
                                 .replace(QStringLiteral("maxSurge: 0"), QStringLiteral("maxSurge: -1"));
        editor->setText(text);
        const qsizetype at = f.window->transcript().size();
        f.window->action(QStringLiteral("apply"))->trigger();
        const QString out = f.window->transcript().mid(at);
        QVERIFY2(out.startsWith(QStringLiteral("$ kubectl apply -f -\nThe Deployment \"kiada\" is invalid: ")),
            qPrintable(out));
        QCOMPARE(editor->text(), text);
        QVERIFY(!editor->errorLines().isEmpty()); // the editor marks where
        f.play(2000);
        QCOMPARE(f.replicaSets(), 2);

        // Fixed, it applies.
        editor->setText(readFile(kLesson + QStringLiteral("/deploy.kiada.0.7.rolling-update.yaml"))
                            .replace(QStringLiteral("luksa/kiada:0.7"), QStringLiteral("luksa/kiada:0.8")));
        f.window->action(QStringLiteral("apply"))->trigger();
        f.play(2000);
        QVERIFY(f.window->transcript().endsWith(QStringLiteral("deployment.apps/kiada configured\n")));
        QCOMPARE(f.replicaSets(), 3);
        QCOMPARE(f.table("ReplicaSets")->rowCount(), 3);
    }

    void openedManifestAppliesFromItsFile()
    {
        Fixture f;
        f.lessonToEnd();
        const QString path = kLesson + QStringLiteral("/deploy.kiada.0.6.recreate.yaml");
        QVERIFY(f.window->openPath(path));
        QCOMPARE(f.window->editor()->text(), readFile(path));
        const qsizetype at = f.window->transcript().size();
        f.window->action(QStringLiteral("apply"))->trigger();
        QCOMPARE(f.window->transcript().mid(at),
            QStringLiteral("$ kubectl apply -f %1\ndeployment.apps/kiada configured\n").arg(path));
    }

    void workspaceRoundTripLosesNothing()
    {
        Fixture a;
        a.lessonToEnd();
        ManifestEditor* editor = a.window->editor();
        editor->setText(QStringLiteral("# not applied yet\nkind: Deployment\n"));
        a.window->runConsoleLine(QStringLiteral("kubectl scale deployment kiada --replicas=4"));
        a.play(7'000);
        a.window->setSpeed(5);
        const QString path = a.dir.filePath(QStringLiteral("class.rolloutlab"));
        QVERIFY(a.window->saveWorkspace(path));
        QVERIFY(!a.window->isWindowModified());
        QVERIFY(a.window->windowTitle().startsWith(QStringLiteral("class.rolloutlab")));

        Fixture b;
        QVERIFY(b.window->openWorkspace(path));
        QCOMPARE(b.session().elapsed(), a.session().elapsed());
        QCOMPARE(b.session().commands(), a.session().commands());
        QCOMPARE(b.window->speed(), 5.0);
        QCOMPARE(b.window->editor()->text(), editor->text());
        const auto& pa = a.session().simulation().store().all<Pod>();
        const auto& pb = b.session().simulation().store().all<Pod>();
        QCOMPARE(pb.size(), pa.size());
        for (auto ia = pa.begin(), ib = pb.begin(); ia != pa.end(); ++ia, ++ib)
            QVERIFY(*ia->second == *ib->second);
        QCOMPARE(b.session().simulation().store().history().size(), a.session().simulation().store().history().size());
        QVERIFY(b.errors.isEmpty());
        QCOMPARE(b.window->transcript(), a.window->transcript()); // the console shows what it showed
    }

    void workspaceSavedMidLessonGoesOn()
    {
        // Saved while a lesson step plays, reopened, played on: as if never interrupted.
        Fixture whole;
        whole.lessonToEnd();

        Fixture a;
        QVERIFY(a.window->openLesson(kLesson));
        a.window->setSpeed(100);
        a.waitStep();
        QVERIFY(a.runStep());
        a.window->action(QStringLiteral("nextStep"))->trigger(); // step 3: sleeps between get rs
        a.window->frame(40);
        a.window->frame(40);
        QVERIFY(a.session().pendingCommands() > 0);
        const QString path = a.dir.filePath(QStringLiteral("mid.rolloutlab"));
        QVERIFY(a.window->saveWorkspace(path));

        Fixture b;
        QVERIFY(b.window->openWorkspace(path));
        QCOMPARE(b.session().pendingCommands(), a.session().pendingCommands());
        QCOMPARE(b.window->nextLessonStepIndex(), 3);
        QCOMPARE(b.window->speed(), 100.0);
        b.waitStep();
        while (b.runStep()) { }
        QCOMPARE(b.window->transcript(), whole.window->transcript());
    }

    void damagedWorkspaceIsRefusedAndLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("message");
        QTest::newRow("damaged") << QByteArray("{\"format\": \"rollout-lab-workspace\", \"version\": 1, \"se")
                                 << QStringLiteral("the file is damaged");
        QTest::newRow("newer") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 99, "seed": "1", "time": 0})")
                               << QStringLiteral("saved by a newer Rollout Lab");
        QTest::newRow("older") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 0, "seed": "1", "time": 0})")
                               << QStringLiteral("unknown format version 0");
    }
    void damagedWorkspaceIsRefusedAndLeftUntouched()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, message);
        Fixture f;
        f.lessonToEnd();
        const std::size_t commands = f.session().commands().size();
        const QString path = f.dir.filePath(QStringLiteral("bad.rolloutlab"));
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(data);
        }
        QVERIFY(!f.window->openWorkspace(path));
        QCOMPARE(f.errors.size(), 1);
        QVERIFY2(f.errors.first().contains(message), qPrintable(f.errors.first()));
        QVERIFY(f.errors.first().contains(path));
        QFile in(path);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QCOMPARE(in.readAll(), data); // untouched
        QCOMPARE(f.session().commands().size(), commands); // the session goes on
    }

    void autosaveIsOfferedAfterAnUncleanExit()
    {
        QTemporaryDir data;
        QString autosaved;
        std::vector<WorkspaceCommand> commands;
        {
            Fixture a(data.path());
            QVERIFY(!a.window->hasCrashAutosave());
            a.lessonToEnd();
            a.window->runConsoleLine(QStringLiteral("kubectl scale deployment kiada --replicas=2"));
            QVERIFY(a.window->autosave());
            autosaved = a.window->autosavePath();
            commands = a.session().commands();
            QVERIFY(QFile::exists(autosaved));
            // A second window while the first runs: it does not claim the autosave.
            Fixture other(data.path());
            QVERIFY(!other.window->hasCrashAutosave());
            QVERIFY(!other.window->autosave());
        }
        // A clean exit: nothing to offer.
        {
            Fixture b(data.path());
            QVERIFY(!b.window->hasCrashAutosave());
            QVERIFY(!b.window->offerRestore());
            QVERIFY(b.window->autosave());
            b.window->close();
        }
        // A crash leaves its lock behind (a process that no longer exists).
        {
            QFile lock(data.filePath(QStringLiteral("running.lock")));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write("999999\nrollout-lab\n\n");
        }
        {
            QVERIFY(QFile::exists(autosaved));
            Workspace w;
            w.seed = 1;
            w.commands = commands;
            w.time = commands.back().at + 1000;
            QString error;
            QVERIFY(w.save(autosaved, &error));
        }
        Fixture c(data.path());
        QVERIFY(c.window->hasCrashAutosave());
        c.answers = {QMessageBox::Yes};
        QVERIFY(c.window->offerRestore());
        QCOMPARE(c.questions, QStringList {QStringLiteral("Restore the last session?")});
        QCOMPARE(c.session().commands(), commands);
        QCOMPARE(c.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada"))->spec.replicas, 2);
        QVERIFY(c.window->isWindowModified());
    }

    void damagedAutosaveIsNotRestored()
    {
        QTemporaryDir data;
        {
            QFile lock(data.filePath(QStringLiteral("running.lock")));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write("999999\nrollout-lab\n\n");
            QFile a(data.filePath(QStringLiteral("autosave.rolloutlab")));
            QVERIFY(a.open(QIODevice::WriteOnly));
            a.write("{\"format\": \"rollout-lab-workspace\"");
        }
        Fixture f(data.path());
        QVERIFY(f.window->hasCrashAutosave());
        f.answers = {QMessageBox::Yes};
        QVERIFY(!f.window->offerRestore());
        QCOMPARE(f.errors.size(), 1);
        QVERIFY(f.errors.first().contains(QStringLiteral("the file is damaged")));
        QCOMPARE(readFile(data.filePath(QStringLiteral("autosave.rolloutlab"))),
            QStringLiteral("{\"format\": \"rollout-lab-workspace\""));
    }

    void settingsAreRemembered()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("s.ini"));
        {
            AppSettings s(ini);
            MainWindow::Options o;
            o.settings = &s;
            o.dataDirectory = dir.filePath(QStringLiteral("data"));
            MainWindow w(o);
            w.setSpeed(25);
            QVERIFY(w.openLesson(kLesson));
            w.close();
        }
        AppSettings s(ini);
        QCOMPARE(s.speed(), 25.0);
        QCOMPARE(s.recentFiles().value(0), QFileInfo(kLesson).absoluteFilePath());
        QVERIFY(!s.geometry().isEmpty());
        QVERIFY(!s.windowState().isEmpty());
        MainWindow::Options o;
        o.settings = &s;
        o.dataDirectory = dir.filePath(QStringLiteral("data"));
        MainWindow w(o);
        QCOMPARE(w.speed(), 25.0);
    }

    void screenshotsMidRollout_data()
    {
        QTest::addColumn<int>("theme");
        QTest::newRow("light") << int(AppSettings::Theme::Light);
        QTest::newRow("dark") << int(AppSettings::Theme::Dark);
        QTest::newRow("charts") << int(AppSettings::Theme::Light);
        QTest::newRow("presentation") << int(AppSettings::Theme::Dark);
    }
    void screenshotsMidRollout()
    {
        // The window mid-rollout at 1280x720; saved as PNG when ROLLOUT_SCREENSHOTS_DIR is set.
        QFETCH(int, theme);
        Fixture f;
        f.window->action(QStringLiteral("theme%1").arg(theme))->trigger();
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        QVERIFY(f.window->openLesson(kLesson));
        f.window->setSpeed(10);
        f.waitStep();
        f.window->action(QStringLiteral("nextStep"))->trigger(); // the rolling update to 0.7
        // Until the first new pod is ready: two ReplicaSets, the rollout half done.
        auto newReady = [&] {
            const auto& all = f.session().simulation().store().all<ReplicaSet>();
            for (const auto& [key, rs] : all)
                if (rs->metadata.labels.value(QStringLiteral("ver")) == QLatin1String("0.7"))
                    return rs->status.readyReplicas >= 1;
            return false;
        };
        for (int i = 0; i < 2000 && !newReady(); ++i)
            f.window->frame(40);
        QVERIFY(newReady());
        f.window->frame(40);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        if (tag == QLatin1String("charts")) {
            f.window->runConsoleLine(QStringLiteral("sim traffic kiada 5"));
            for (int i = 0; i < 100; ++i)
                f.window->frame(40);
            f.window->findChild<QDockWidget*>(QStringLiteral("chartsDock"))->raise();
        }
        if (tag == QLatin1String("presentation"))
            f.window->action(QStringLiteral("presentation"))->trigger();
        f.window->setPlaying(false);
        QTest::qWait(100); // layout after font and palette changes (GUI events only: the clock is not running)
        const QImage shot = f.window->grab().toImage();
        QCOMPARE(shot.size() / shot.devicePixelRatio(), QSize(1280, 720));
        const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOTS_DIR");
        if (!dir.isEmpty())
            QVERIFY(shot.save(QStringLiteral("%1/window-%2-%3x.png")
                                  .arg(dir, QString::fromLatin1(QTest::currentDataTag()))
                                  .arg(shot.devicePixelRatio())));
        if (tag == QLatin1String("presentation"))
            f.window->action(QStringLiteral("presentation"))->trigger();
        f.window->action(QStringLiteral("theme0"))->trigger();
    }

    void timeBarFrames()
    {
        Fixture f;
        f.window->setSpeed(0.25);
        f.window->setPlaying(true);
        for (int i = 0; i < 10; ++i)
            f.window->frame(10); // 2.5 ms each: fractions carry over
        QCOMPARE(f.session().elapsed(), Millis(25));
        f.window->setPlaying(false);
        f.window->frame(1000);
        QCOMPARE(f.session().elapsed(), Millis(25));
        f.window->setSpeed(1000); // clamped to 100x
        QCOMPARE(f.window->speed(), 100.0);
        f.window->setPlaying(true);
        f.window->frame(100);
        QCOMPARE(f.session().elapsed(), Millis(10'025));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
