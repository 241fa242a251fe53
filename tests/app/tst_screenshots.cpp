// `rolloutctl run --screenshots DIR [--screenshot-scale N]`: one PNG of the window per lesson step,
// named after the step, at 1280x720 logical pixels; the transcript is the same as without it.
#include "mainwindow.h"
#include "scenario/lesson.h"
#include "scenario/lessonplayer.h"
#include "scenario/scriptrunner.h"
#include "screenshotobserver.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");
const QString kGolden = QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/cli/expected/02-kiada-rolling-update.txt");

struct Run
{
    int status = -1;
    QByteArray output; // stdout and stderr merged, as a terminal shows them
};

Run rolloutctl(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // rolloutctl chooses offscreen itself
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ROLLOUTCTL_PATH), args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitCode(), p.readAll()};
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

/// Share of 2x2 blocks that are not one colour: ~0 for a picture upscaled from 1x.
double detailedBlocks(const QImage& image)
{
    qint64 blocks = 0, detailed = 0;
    for (int y = 0; y + 1 < image.height(); y += 2)
        for (int x = 0; x + 1 < image.width(); x += 2) {
            const QRgb c = image.pixel(x, y);
            ++blocks;
            if (image.pixel(x + 1, y) != c || image.pixel(x, y + 1) != c || image.pixel(x + 1, y + 1) != c)
                ++detailed;
        }
    return blocks ? double(detailed) / double(blocks) : 0;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT
private slots:
    void onePngPerStep_data();
    void onePngPerStep();
    void badScaleIsRefused();
    void observerLeavesTheSimulationAlone();
};

void TestScreenshots::onePngPerStep_data()
{
    QTest::addColumn<QStringList>("scaleArgs");
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("1x") << QStringList {} << QSize(1280, 720);
    QTest::newRow("2x") << QStringList {QStringLiteral("--screenshot-scale"), QStringLiteral("2")} << QSize(2560, 1440);
}

void TestScreenshots::onePngPerStep()
{
    QFETCH(QStringList, scaleArgs);
    QFETCH(QSize, pixels);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shots = dir.filePath(QStringLiteral("shots"));

    const Run run = rolloutctl(
        QStringList {QStringLiteral("run"), QStringLiteral("--echo"), QStringLiteral("--screenshots"), shots}
        + scaleArgs + QStringList {kLesson});
    QCOMPARE(run.status, 0);
    // The transcript is the golden one, byte for byte: the window neither prints nor changes the run.
    QFile golden(kGolden);
    QVERIFY(golden.open(QIODevice::ReadOnly));
    QCOMPARE(run.output, golden.readAll());

    // One PNG per step, named after it (lesson 02 has four steps; the names are the README's).
    const QStringList expected {QStringLiteral("01-the-starting-point-version-0-6.png"),
        QStringLiteral("02-a-rolling-update-to-0-7.png"), QStringLiteral("03-one-pod-at-a-time.png"),
        QStringLiteral("04-until-the-update-completes.png")};
    QCOMPARE(QDir(shots).entryList(QDir::Files, QDir::Name), expected);
    for (const QString& name : expected) {
        QImage image;
        QVERIFY2(image.load(QDir(shots).filePath(name), "PNG"), qPrintable(name));
        QCOMPARE(image.size(), pixels);
        QVERIFY2(distinctColours(image) > 64, qPrintable(name)); // text, pods, charts: not a blank window
        if (pixels.width() > 1280) // rendered at the device pixel ratio, not an upscaled 1x picture
            QVERIFY2(detailedBlocks(image) > 0.02, qPrintable(name));
    }
}

void TestScreenshots::badScaleIsRefused()
{
    QTemporaryDir dir;
    for (const char* bad : {"0", "5", "two"}) {
        const Run run = rolloutctl({QStringLiteral("run"), QStringLiteral("--screenshots"), dir.path(),
            QStringLiteral("--screenshot-scale"), QString::fromLatin1(bad), kLesson});
        QCOMPARE(run.status, 1);
        QVERIFY2(run.output.contains("invalid argument"), run.output.constData());
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }
}

void TestScreenshots::observerLeavesTheSimulationAlone()
{
    QTemporaryDir dir;
    auto lesson = Lesson::load(kLesson);
    QVERIFY(lesson);
    Simulation sim(1);
    ScriptRunner runner(sim);
    QString printed;
    runner.setSink([&](const QString& text, bool) { printed += text; });
    ScreenshotObserver observer(dir.path(), 1, nullptr);
    QString error;
    QVERIFY2(observer.start(sim, &error), qPrintable(error));
    LessonPlayer player(runner, *lesson);
    player.next();
    player.next(); // step 2: the rolling update is under way
    const Millis now = sim.now();
    const auto pods = sim.store().all<Pod>();
    const QString before = printed;
    QVERIFY2(observer.stepPlayed(player.lesson(), 1, QStringLiteral("x.png"), &error), qPrintable(error));
    QCOMPARE(sim.now(), now);
    QCOMPARE(sim.store().all<Pod>(), pods);
    QCOMPARE(printed, before);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    // The banner shows the step played.
    auto* title = observer.window()->findChild<QLabel*>(QStringLiteral("lessonTitle"));
    QVERIFY(title);
    QVERIFY2(title->text().contains(lesson->steps()[1].title), qPrintable(title->text()));
    QVERIFY(title->isVisibleTo(observer.window()));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
