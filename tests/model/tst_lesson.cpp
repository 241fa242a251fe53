#include "scenario/lesson.h"
#include "scenario/lessonplayer.h"
#include "scenario/rolloutctl.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rl;

namespace {

const QString kLessons = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons");

QString readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

bool writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text.toUtf8()) >= 0;
}

/// A terminal's view of a run: stdout and stderr merged in the order produced.
struct Terminal
{
    QString text;
    Kubectl::Sink sink()
    {
        return [this](const QString& t, bool) { text += t; };
    }
};

/// The whole script played at once, as `rolloutctl run --echo` did before lessons had steps.
QString playWhole(const Lesson& lesson, bool stopOnError = false, bool echo = true)
{
    Simulation sim(1);
    ScriptRunner runner(sim);
    Terminal term;
    runner.setSink(term.sink());
    runner.setEcho(echo);
    runner.setStopOnError(stopOnError);
    runner.setWorkingDirectory(lesson.directory());
    runner.runScript(lesson.script());
    return term.text;
}

class FakeObserver : public LessonStepObserver
{
public:
    struct Log
    {
        int starts = 0;
        QString directory;
        QStringList files;
        QList<int> indexes;
        QStringList outputAtStep; // terminal text when each step was reported
    };
    FakeObserver(Log& log, const QString& dir, const QString* terminal)
        : m_log(log)
        , m_terminal(terminal)
    {
        m_log.directory = dir;
    }
    bool start(Simulation& sim, QString*) override
    {
        ++m_log.starts;
        return sim.now() == sim.startTime();
    }
    bool stepPlayed(const Lesson&, int index, const QString& fileName, QString* error) override
    {
        m_log.indexes << index;
        m_log.files << fileName;
        m_log.outputAtStep << *m_terminal;
        if (fileName.startsWith(QLatin1String("03-")) && failAtThird) {
            *error = QStringLiteral("cannot write %1").arg(fileName);
            return false;
        }
        return true;
    }
    bool failAtThird = false;

private:
    Log& m_log;
    const QString* m_terminal;
};

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepsTitlesAndNotes()
    {
        const QString script = QStringLiteral("# title: Updating kiada\n" // 1
                                              "# A short description\n" // 2
                                              "# on two lines.\n" // 3
                                              "\n" // 4
                                              "## The starting point: version 0.6\n" // 5
                                              "# Three pods run 0.6.\n" // 6
                                              "#\n" // 7
                                              "# Nothing else.\n" // 8
                                              "kubectl apply -f deploy.yaml\n" // 9
                                              "# an ordinary comment\n" // 10
                                              "\n" // 11
                                              "## No note here\n" // 12
                                              "kubectl get rs\n" // 13
                                              "\n" // 14
                                              "# not a note: a blank line came first\n" // 15
                                              "## Multi-line commands\n" // 16
                                              "# Their lines are never titles.\n" // 17
                                              "kubectl patch deploy kiada -p '\n" // 18
                                              "## inside a quoted argument\n" // 19
                                              "spec: {}'\n" // 20
                                              "sim load -f - <<EOF\n" // 21
                                              "## inside a here-document\n" // 22
                                              "EOF\n"); // 23
        const Lesson lesson = Lesson::fromScript(script, QStringLiteral("/tmp"), QStringLiteral("01-kiada"));
        QCOMPARE(lesson.title(), QStringLiteral("Updating kiada"));
        QCOMPARE(lesson.description(), QStringLiteral("A short description\non two lines."));
        QCOMPARE(lesson.directory(), QStringLiteral("/tmp"));
        QCOMPARE(lesson.stepCount(), 3);
        const auto& s = lesson.steps();
        QCOMPARE(s[0].title, QStringLiteral("The starting point: version 0.6"));
        QCOMPARE(s[0].note, QStringLiteral("Three pods run 0.6.\n\nNothing else."));
        QCOMPARE(s[0].firstLine, 5);
        QCOMPARE(s[0].lastLine, 10); // trailing blank lines are not part of the step
        QCOMPARE(s[0].script,
            QStringLiteral("## The starting point: version 0.6\n# Three pods run 0.6.\n#\n"
                           "# Nothing else.\nkubectl apply -f deploy.yaml\n# an ordinary comment\n"));
        QCOMPARE(s[1].title, QStringLiteral("No note here"));
        QCOMPARE(s[1].note, QString());
        QCOMPARE(s[1].firstLine, 12);
        QCOMPARE(s[1].lastLine, 15);
        QCOMPARE(s[2].title, QStringLiteral("Multi-line commands"));
        QCOMPARE(s[2].note, QStringLiteral("Their lines are never titles."));
        QCOMPARE(s[2].firstLine, 16);
        QCOMPARE(s[2].lastLine, 23);
    }

    void preambleCommandsAndPlainScripts()
    {
        // Commands before the first title form a first step named like the lesson.
        const Lesson a
            = Lesson::fromScript(QStringLiteral("# Setup first\nkubectl apply -f x.yaml\n## Then\nkubectl get rs\n"),
                {}, QStringLiteral("02-my-own-lesson"));
        QCOMPARE(a.title(), QStringLiteral("My own lesson"));
        QCOMPARE(a.description(), QStringLiteral("Setup first"));
        QCOMPARE(a.stepCount(), 2);
        QCOMPARE(a.steps()[0].title, QStringLiteral("My own lesson"));
        QCOMPARE(a.steps()[0].firstLine, 1);
        QCOMPARE(a.steps()[0].lastLine, 2);
        QCOMPARE(a.steps()[1].title, QStringLiteral("Then"));

        // A script without titles is one step; its title comes from the file name.
        const Lesson b
            = Lesson::fromScript(QStringLiteral("kubectl get rs\nsleep 5\n"), {}, QStringLiteral("book-kiada.sh"));
        QCOMPARE(b.title(), QStringLiteral("Book kiada"));
        QCOMPARE(b.stepCount(), 1);
        QCOMPARE(b.steps()[0].title, QStringLiteral("Book kiada"));
        QCOMPARE(b.steps()[0].lastLine, 2);

        // CRLF line ends (a script written on Windows).
        const Lesson crlf = Lesson::fromScript(
            QStringLiteral("# title: Windows\r\n## First\r\n# A note.\r\n#\r\n# More.\r\nkubectl get rs\r\n"), {},
            QStringLiteral("x"));
        QCOMPARE(crlf.title(), QStringLiteral("Windows"));
        QCOMPARE(crlf.stepCount(), 1);
        QCOMPARE(crlf.steps()[0].title, QStringLiteral("First"));
        QCOMPARE(crlf.steps()[0].note, QStringLiteral("A note.\n\nMore."));

        // Comments only before the first title: no extra step.
        const Lesson c
            = Lesson::fromScript(QStringLiteral("# about\n\n## One\nkubectl get rs\n"), {}, QStringLiteral("x"));
        QCOMPARE(c.stepCount(), 1);
        QCOMPARE(c.steps()[0].title, QStringLiteral("One"));
    }

    void titleFromReadme()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("10-blue-green"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeFile(dir + QStringLiteral("/lesson.sh"), QStringLiteral("## Step\nkubectl get rs\n")));
        auto lesson = Lesson::load(dir);
        QVERIFY(lesson);
        QCOMPARE(lesson->title(), QStringLiteral("Blue green")); // the folder name
        QCOMPARE(lesson->scriptPath(), QDir(dir).filePath(QStringLiteral("lesson.sh")));
        QCOMPARE(lesson->directory(), QDir(dir).absolutePath());

        QVERIFY(writeFile(dir + QStringLiteral("/README.md"),
            QStringLiteral("Intro line\n# Blue-green deployments\n\nTwo Deployments and one Service.\n")));
        lesson = Lesson::load(dir);
        QVERIFY(lesson);
        QCOMPARE(lesson->title(), QStringLiteral("Blue-green deployments"));
        QCOMPARE(lesson->description(), QStringLiteral("Two Deployments and one Service."));

        // "# title:" in the script wins over the README.
        QVERIFY(writeFile(
            dir + QStringLiteral("/lesson.sh"), QStringLiteral("# Title: Blue and green\n## Step\nkubectl get rs\n")));
        lesson = Lesson::load(dir);
        QVERIFY(lesson);
        QCOMPARE(lesson->title(), QStringLiteral("Blue and green"));
    }

    void loadErrors()
    {
        QString error;
        QVERIFY(!Lesson::load(QStringLiteral("/nonexistent/lesson"), &error));
        QCOMPARE(error, QStringLiteral("/nonexistent/lesson: No such file or directory"));
        QTemporaryDir tmp;
        QVERIFY(!Lesson::load(tmp.path(), &error));
        QCOMPARE(error, QStringLiteral("%1: not a lesson: it has no lesson.sh").arg(tmp.path()));
    }

    void bundledLesson()
    {
        QString error;
        const auto lesson = Lesson::load(kLessons + QStringLiteral("/02-kiada-rolling-update"), &error);
        QVERIFY2(lesson, qPrintable(error));
        QCOMPARE(lesson->title(), QStringLiteral("A rolling update, one pod at a time"));
        QCOMPARE(lesson->stepCount(), 4);
        QCOMPARE(lesson->steps()[0].title, QStringLiteral("The starting point: version 0.6"));
        QCOMPARE(lesson->steps()[0].note,
            QStringLiteral("kiada runs three pods of version 0.6, deployed with the Recreate strategy."));
        QCOMPARE(lesson->steps()[1].title, QStringLiteral("A rolling update to 0.7"));
        QVERIFY(lesson->steps()[1].note.contains(QLatin1Char('\n'))); // a two-line note
        QCOMPARE(lesson->steps()[3].title, QStringLiteral("Until the update completes"));
        QCOMPARE(lesson->steps()[3].note, QString());
    }

    void everyBundledLessonHasStepsAndNotes()
    {
        const QStringList folders = Lesson::lessonFolders(kLessons);
        QVERIFY(folders.size() >= 9);
        QCOMPARE(QFileInfo(folders.first()).fileName(), QStringLiteral("01-kiada-recreate"));
        for (const QString& folder : folders) {
            const auto lesson = Lesson::load(folder);
            QVERIFY(lesson);
            QVERIFY2(lesson->stepCount() >= 3, qPrintable(folder));
            QVERIFY2(!lesson->title().isEmpty(), qPrintable(folder));
            for (const LessonStep& step : lesson->steps()) {
                QVERIFY2(!step.title.isEmpty(), qPrintable(folder));
                QVERIFY2(step.script.startsWith(QLatin1String("## ")), qPrintable(folder + step.title));
            }
        }
    }

    void playingStepsEqualsWholeRun_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& folder : Lesson::lessonFolders(kLessons))
            QTest::newRow(qPrintable(QFileInfo(folder).fileName())) << folder;
        QTest::newRow("book-kiada.sh") << QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts/book-kiada.sh");
        QTest::newRow("workshop-worker.sh") << QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts/workshop-worker.sh");
        QTest::newRow("errors.sh") << QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts/errors.sh");
    }
    void playingStepsEqualsWholeRun()
    {
        QFETCH(QString, path);
        const auto lesson = Lesson::load(path);
        QVERIFY(lesson);
        const QString whole = playWhole(*lesson);
        QVERIFY(whole.size() > 100);

        Simulation sim(1);
        ScriptRunner runner(sim);
        Terminal term;
        runner.setSink(term.sink());
        runner.setEcho(true);
        LessonPlayer player(runner, *lesson);
        QSignalSpy played(&player, &LessonPlayer::stepPlayed);
        QSignalSpy finished(&player, &LessonPlayer::finished);
        QList<int> reported;
        player.setStepCallback([&](int index, const LessonStep& step) {
            reported << index;
            QCOMPARE(step.title, lesson->steps()[std::size_t(index)].title);
        });
        QCOMPARE(player.currentStep(), 0);
        QVERIFY(!player.isFinished());
        QStringList partial;
        while (!player.isFinished()) {
            QVERIFY(player.next() >= 0);
            partial << term.text;
        }
        QCOMPARE(term.text, whole);
        QCOMPARE(player.currentStep(), lesson->stepCount());
        QCOMPARE(played.size(), lesson->stepCount());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(reported.size(), lesson->stepCount());
        for (int i = 0; i < reported.size(); ++i)
            QCOMPARE(reported[i], i);
        // Every step printed something: its commands ran when it played, not before or after.
        for (int i = 1; i < partial.size(); ++i)
            QVERIFY2(partial[i].size() > partial[i - 1].size(), qPrintable(QString::number(i)));
        QCOMPARE(player.next(), -1);

        // The golden transcript of the lesson, as the CLI test compares it.
        const QFileInfo info(path);
        const QString golden = QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/cli/expected/%1.txt")
                                   .arg(info.isDir() ? info.fileName() : info.completeBaseName());
        QVERIFY2(QFileInfo::exists(golden), qPrintable(golden));
        QCOMPARE(term.text, readFile(golden));
    }

    void stepOutputBelongsToItsStep()
    {
        // Lesson 04: `export TAG=v0.2` in one step, `$TAG` used in the next ones.
        const auto lesson = Lesson::load(kLessons + QStringLiteral("/04-dockercoins-worker"));
        QVERIFY(lesson);
        Simulation sim(1);
        ScriptRunner runner(sim);
        Terminal term;
        runner.setSink(term.sink());
        runner.setEcho(true);
        LessonPlayer player(runner, *lesson);
        QCOMPARE(player.next(), 0);
        QVERIFY(term.text.startsWith(QLatin1String("$ sim load -f cluster.yaml\n")));
        QVERIFY(!term.text.contains(QLatin1String("set image")));
        const auto before = term.text.size();
        QCOMPARE(player.next(), 0);
        QVERIFY(term.text.mid(before).contains(
            QLatin1String("$ kubectl set image deploy worker worker=$REGISTRY/worker:$TAG\n")));
        QVERIFY(term.text.mid(before).contains(QLatin1String("successfully rolled out")));
        QVERIFY(!term.text.mid(before).contains(QLatin1String("v0.3")));
        // The third step: rollout status gives up after 60 s; the step goes on (get rs, get pods).
        QCOMPARE(player.next(), 0);
        QCOMPARE(player.status(), 0);
        QVERIFY(term.text.contains(QLatin1String("error: timed out waiting for the condition\n$ kubectl get rs\n")));
        // The working directory is the lesson's: relative manifests were found.
        QCOMPARE(runner.workingDirectory(), lesson->directory());
    }

    void playStepGoesForwardOnly()
    {
        const auto lesson = Lesson::load(kLessons + QStringLiteral("/02-kiada-rolling-update"));
        QVERIFY(lesson);
        Simulation sim(1);
        ScriptRunner runner(sim);
        Terminal term;
        runner.setSink(term.sink());
        LessonPlayer player(runner, *lesson);
        QSignalSpy played(&player, &LessonPlayer::stepPlayed);
        QCOMPARE(player.playStep(4), -1); // no such step
        QCOMPARE(player.playStep(-1), -1);
        QCOMPARE(player.playStep(1), 0); // plays steps 0 and 1
        QCOMPARE(played.size(), 2);
        QCOMPARE(player.currentStep(), 2);
        QVERIFY(term.text.contains(QLatin1String("kiada-66c747746b")));
        QCOMPARE(player.playStep(1), -1); // already played
        QCOMPARE(player.playStep(0), -1);
        QCOMPARE(player.playAll(), 0);
        QVERIFY(player.isFinished());
        QVERIFY(!player.isStopped());
        QCOMPARE(played.size(), 4);
        QCOMPARE(player.playStep(3), -1);
    }

    void stopOnErrorEndsTheLesson()
    {
        const Lesson lesson = Lesson::fromScript(
            QStringLiteral("## One\necho one\n## Two\nkubectl get nosuch\necho not reached\n## Three\necho three\n"),
            {}, QStringLiteral("x"));
        Simulation sim(1);
        ScriptRunner runner(sim);
        Terminal term;
        runner.setSink(term.sink());
        runner.setStopOnError(true);
        LessonPlayer player(runner, lesson);
        QSignalSpy finished(&player, &LessonPlayer::finished);
        QCOMPARE(player.next(), 0);
        QCOMPARE(player.next(), 1);
        QVERIFY(player.isStopped());
        QVERIFY(player.isFinished());
        QCOMPARE(player.currentStep(), 2);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(player.next(), -1);
        QCOMPARE(term.text, playWhole(lesson, true, false));
        QVERIFY(!term.text.contains(QLatin1String("not reached")));
    }

    void andIfAcrossSteps()
    {
        // `&&` after a failed command in the previous step is skipped, as in a whole run.
        const Lesson lesson = Lesson::fromScript(
            QStringLiteral("## One\nkubectl get nosuch\n## Two\n&& echo skipped\necho two\n"), {}, QStringLiteral("x"));
        Simulation sim(1);
        ScriptRunner runner(sim);
        Terminal term;
        runner.setSink(term.sink());
        LessonPlayer player(runner, lesson);
        player.playAll();
        QCOMPARE(term.text, playWhole(lesson, false, false));
        QVERIFY(term.text.contains(QLatin1String("two\n")));
        QVERIFY(!term.text.contains(QLatin1String("skipped")));
    }

    void slug_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("slug");
        QTest::newRow("book step") << QStringLiteral("The starting point: version 0.6")
                                   << QStringLiteral("the-starting-point-version-0-6");
        QTest::newRow("parameters") << QStringLiteral("maxSurge 1, maxUnavailable 0: add first, remove later")
                                    << QStringLiteral("maxsurge-1-maxunavailable-0-add-first-remove-later");
        QTest::newRow("percent") << QStringLiteral("maxSurge 25 %, maxUnavailable 25 %")
                                 << QStringLiteral("maxsurge-25-maxunavailable-25");
        QTest::newRow("apostrophe") << QStringLiteral("Don't panic!") << QStringLiteral("dont-panic");
        QTest::newRow("typographic apostrophe") << QString::fromUtf8("It\u2019s stuck") << QStringLiteral("its-stuck");
        QTest::newRow("accents") << QString::fromUtf8(
            "R\u00e9cup\u00e9ration \u00e0 partir d'un mauvais d\u00e9ploiement")
                                 << QStringLiteral("recuperation-a-partir-dun-mauvais-deploiement");
        QTest::newRow("flag") << QStringLiteral("Back to 0.6 with --to-revision")
                              << QStringLiteral("back-to-0-6-with-to-revision");
        QTest::newRow("surrounding punctuation") << QStringLiteral("  (Undo)  ") << QStringLiteral("undo");
        QTest::newRow("empty") << QString() << QStringLiteral("step");
        QTest::newRow("no ascii") << QString::fromUtf8("\u56de\u6eda") << QStringLiteral("step");
        QTest::newRow("long") << QStringLiteral("Back to v0.1, conservative on availability, aggressive on speed")
                              << QStringLiteral("back-to-v0-1-conservative-on-availability-aggressive-on");
    }
    void slug()
    {
        QFETCH(QString, title);
        QFETCH(QString, slug);
        QCOMPARE(Lesson::slug(title), slug);
        QVERIFY(Lesson::slug(title).size() <= 60);
    }

    void screenshotFileName()
    {
        QCOMPARE(Lesson::screenshotFileName(0, QStringLiteral("The starting point: version 0.6")),
            QStringLiteral("01-the-starting-point-version-0-6.png"));
        QCOMPARE(Lesson::screenshotFileName(9, QStringLiteral("Undo")), QStringLiteral("10-undo.png"));
        QCOMPARE(Lesson::screenshotFileName(99, QString()), QStringLiteral("100-step.png"));
    }

    void bundledLessonsDirectory()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString app = tmp.filePath(QStringLiteral("bin"));
        const QString installed = tmp.filePath(QStringLiteral("share/rollout-lab/lessons"));
        QVERIFY(QDir().mkpath(app));
        const QString custom = tmp.filePath(QStringLiteral("custom"));
        QVERIFY(QDir().mkpath(custom));

        qunsetenv("ROLLOUT_LESSONS_DIR");
        // Nothing installed next to the executable: the source tree's lessons.
        QCOMPARE(Lesson::bundledLessonsDirectory(app), QDir(kLessons).absolutePath());
        QVERIFY(QDir().mkpath(installed));
        QCOMPARE(Lesson::bundledLessonsDirectory(app), QDir(installed).absolutePath());
        qputenv("ROLLOUT_LESSONS_DIR", custom.toUtf8());
        QCOMPARE(Lesson::bundledLessonsDirectory(app), QDir(custom).absolutePath());
        qputenv("ROLLOUT_LESSONS_DIR", tmp.filePath(QStringLiteral("missing")).toUtf8());
        QCOMPARE(Lesson::bundledLessonsDirectory(app), QDir(installed).absolutePath());
        qunsetenv("ROLLOUT_LESSONS_DIR");

        QVERIFY(Lesson::lessonFolders(custom).isEmpty());
        QVERIFY(QDir().mkpath(custom + QStringLiteral("/b-lesson")));
        QVERIFY(QDir().mkpath(custom + QStringLiteral("/a-lesson")));
        QVERIFY(QDir().mkpath(custom + QStringLiteral("/not-a-lesson")));
        QVERIFY(writeFile(custom + QStringLiteral("/b-lesson/lesson.sh"), QStringLiteral("echo b\n")));
        QVERIFY(writeFile(custom + QStringLiteral("/a-lesson/lesson.sh"), QStringLiteral("echo a\n")));
        QCOMPARE(Lesson::lessonFolders(custom),
            QStringList({QDir(custom).filePath(QStringLiteral("a-lesson")),
                QDir(custom).filePath(QStringLiteral("b-lesson"))}));
    }

    void rolloutctlRunsLessonFolders()
    {
        const QString folder = kLessons + QStringLiteral("/02-kiada-rolling-update");
        Terminal a, b;
        RolloutCtl ctlA([&](const QString& t, bool) { a.text += t; });
        RolloutCtl ctlB([&](const QString& t, bool) { b.text += t; });
        QCOMPARE(ctlA.run({QStringLiteral("run"), QStringLiteral("--echo"), folder}), 0);
        QCOMPARE(ctlB.run({QStringLiteral("run"), QStringLiteral("--echo"), folder + QStringLiteral("/lesson.sh")}), 0);
        QCOMPARE(a.text, b.text);
        QCOMPARE(
            a.text, readFile(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/cli/expected/02-kiada-rolling-update.txt")));

        Terminal c;
        RolloutCtl ctlC([&](const QString& t, bool) { c.text += t; });
        QCOMPARE(ctlC.run({QStringLiteral("run"), kLessons}), 1);
        QCOMPARE(c.text, QStringLiteral("rolloutctl: %1: not a lesson: it has no lesson.sh\n").arg(kLessons));
    }

    void screenshotsWithoutTheWindowIsAnError()
    {
        QTemporaryDir tmp;
        Terminal term;
        bool errorStream = false;
        RolloutCtl ctl([&](const QString& t, bool isError) {
            term.text += t;
            errorStream = isError;
        });
        const QString dir = tmp.filePath(QStringLiteral("shots"));
        QCOMPARE(ctl.run({QStringLiteral("run"), QStringLiteral("--screenshots"), dir,
                     kLessons + QStringLiteral("/02-kiada-rolling-update")}),
            1);
        QCOMPARE(term.text,
            QStringLiteral("rolloutctl: --screenshots needs the Rollout Lab window, and this "
                           "rolloutctl was built without it\n"));
        QVERIFY(errorStream);
        QVERIFY(!QFileInfo::exists(dir));
        term.text.clear();
        QCOMPARE(ctl.run({QStringLiteral("run"), QStringLiteral("--screenshots")}), 1);
        QCOMPARE(term.text, QStringLiteral("rolloutctl: flag needs an argument: --screenshots\n"));
    }

    void screenshotsCallTheObserverAfterEachStep()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("shots/lesson02"));
        Terminal term;
        FakeObserver::Log log;
        RolloutCtl ctl([&](const QString& t, bool) { term.text += t; });
        ctl.setStepObserverFactory([&](const QString& directory, QString*) {
            return std::make_unique<FakeObserver>(log, directory, &term.text);
        });
        QCOMPARE(ctl.run({QStringLiteral("run"), QStringLiteral("--echo"), QStringLiteral("--screenshots=") + dir,
                     kLessons + QStringLiteral("/02-kiada-rolling-update")}),
            0);
        QCOMPARE(log.directory, dir);
        QVERIFY(QFileInfo(dir).isDir()); // created for the observer
        QCOMPARE(log.starts, 1);
        QCOMPARE(log.files,
            QStringList({QStringLiteral("01-the-starting-point-version-0-6.png"),
                QStringLiteral("02-a-rolling-update-to-0-7.png"), QStringLiteral("03-one-pod-at-a-time.png"),
                QStringLiteral("04-until-the-update-completes.png")}));
        QCOMPARE(log.indexes, QList<int>({0, 1, 2, 3}));
        // Each call came once its step's output was printed, before the next step's.
        QVERIFY(log.outputAtStep[0].endsWith(QLatin1String("0.6\n")));
        QVERIFY(!log.outputAtStep[0].contains(QLatin1String("deploy.kiada.0.7")));
        QVERIFY(
            log.outputAtStep[1].contains(QLatin1String("$ kubectl apply -f deploy.kiada.0.7.rolling-update.yaml\n")));
        QVERIFY(!log.outputAtStep[1].contains(QLatin1String("$ sleep 5")));
        // The transcript is unchanged by the observer.
        QCOMPARE(
            term.text, readFile(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/cli/expected/02-kiada-rolling-update.txt")));

        // Two scripts in one run: the numbering goes on; a failing observer stops the run.
        log = {};
        term.text.clear();
        QCOMPARE(ctl.run({QStringLiteral("run"), QStringLiteral("--screenshots"), dir,
                     kLessons + QStringLiteral("/01-kiada-recreate"),
                     kLessons + QStringLiteral("/02-kiada-rolling-update")}),
            0);
        QCOMPARE(log.files.size(), 8);
        QCOMPARE(log.files[4], QStringLiteral("05-the-starting-point-version-0-6.png"));
        QCOMPARE(log.indexes, QList<int>({0, 1, 2, 3, 0, 1, 2, 3}));

        log = {};
        term.text.clear();
        RolloutCtl failing([&](const QString& t, bool) { term.text += t; });
        failing.setStepObserverFactory([&](const QString& directory, QString*) {
            auto o = std::make_unique<FakeObserver>(log, directory, &term.text);
            o->failAtThird = true;
            return o;
        });
        QCOMPARE(failing.run({QStringLiteral("run"), QStringLiteral("--screenshots"), dir,
                     kLessons + QStringLiteral("/02-kiada-rolling-update")}),
            1);
        QCOMPARE(log.files.size(), 3);
        QVERIFY(
            term.text.endsWith(QLatin1String("rolloutctl: --screenshots: cannot write 03-one-pod-at-a-time.png\n")));
        QVERIFY(!term.text.contains(QLatin1String("UP-TO-DATE"))); // step 4's get deploy did not run

        // A factory that cannot make its observer.
        term.text.clear();
        RolloutCtl broken([&](const QString& t, bool) { term.text += t; });
        broken.setStepObserverFactory([](const QString&, QString* error) -> std::unique_ptr<LessonStepObserver> {
            *error = QStringLiteral("no display");
            return nullptr;
        });
        QCOMPARE(broken.run({QStringLiteral("run"), QStringLiteral("--screenshots"), dir,
                     kLessons + QStringLiteral("/02-kiada-rolling-update")}),
            1);
        QCOMPARE(term.text, QStringLiteral("rolloutctl: --screenshots: no display\n"));
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
