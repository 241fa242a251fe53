#include "podgrid/podgridwidget.h"
#include "rollout/deploymentheaderwidget.h"
#include "rollout/rolloutview.h"
#include "scenario.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

using namespace rl;
using namespace rl::testing;

class TestRolloutView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lesson02MidRollout();
    void lesson04ImagePullFailure();
    void selectionShowsDescribe();
    void sections();
    void scrollsWhenLarge();
    void legendNeverCutOff();

private:
    /// Plays a lesson's script up to (not including) the section titled `stopAt`.
    void playLesson(const QString& lesson, const QString& stopAt);
    /// Renders `w` at 1280x720, 1x and 2x, light and dark, into screenshots/<name>-*.png.
    void screenshots(QWidget& w, const QString& name);
    std::unique_ptr<Simulation> m_sim;
    std::unique_ptr<ScriptRunner> m_runner;
};

namespace {
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
    return p;
}
} // namespace

void TestRolloutView::initTestCase()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QDir().mkpath(QStringLiteral("screenshots"));
}

void TestRolloutView::playLesson(const QString& lesson, const QString& stopAt)
{
    m_sim = std::make_unique<Simulation>();
    m_runner = std::make_unique<ScriptRunner>(*m_sim);
    m_runner->setSink([](const QString&, bool) {});
    const QString dir = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/") + lesson;
    m_runner->setWorkingDirectory(dir);
    QFile f(dir + QStringLiteral("/lesson.sh"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString script = QString::fromUtf8(f.readAll());
    const int cut = script.indexOf(QStringLiteral("## ") + stopAt);
    QVERIFY(cut > 0);
    script.truncate(cut);
    m_runner->runScript(script);
}

void TestRolloutView::screenshots(QWidget& w, const QString& name)
{
    const QPalette light = QApplication::style()->standardPalette();
    for (const bool dark : {false, true}) {
        QApplication::setPalette(dark ? darkPalette() : light);
        w.resize(1280, 720);
        QApplication::processEvents();
        for (const int dpr : {1, 2}) {
            QPixmap pm(w.size() * dpr);
            pm.setDevicePixelRatio(dpr);
            pm.fill(Qt::transparent);
            w.render(&pm);
            const QString file = QStringLiteral("screenshots/%1-%2-%3x.png")
                                     .arg(name, dark ? QStringLiteral("dark") : QStringLiteral("light"))
                                     .arg(dpr);
            QVERIFY(pm.save(file));
        }
    }
    QApplication::setPalette(light);
}

void TestRolloutView::lesson02MidRollout()
{
    playLesson(QStringLiteral("02-kiada-rolling-update"), QStringLiteral("One pod at a time"));
    m_sim->advance(8'000); // the first new pod is ready, its minReadySeconds running
    RolloutView view;
    view.setAnimated(false);
    view.setSimulation(m_sim.get());
    view.resize(1280, 720);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refresh();
    const auto headers = view.headers();
    QCOMPARE(headers.size(), std::size_t(1));
    QCOMPARE(headers[0]->text().name, QStringLiteral("kiada"));
    // deploy.kiada.0.7.rolling-update.yaml: 3 replicas, maxSurge 0, maxUnavailable 1, minReadySeconds 10.
    QCOMPARE(headers[0]->text().maxSurge, QStringLiteral("maxSurge 0 → at most 3 pods"));
    QCOMPARE(headers[0]->text().maxUnavailable, QStringLiteral("maxUnavailable 1 → at least 2 available"));
    QCOMPARE(headers[0]->text().minReadySeconds, QStringLiteral("minReadySeconds 10"));
    const auto grids = view.grids();
    QCOMPARE(grids.size(), std::size_t(1)); // nothing outside the Deployment: no last section
    const auto& groups = grids[0]->data().groups();
    QCOMPARE(groups.size(), std::size_t(2));
    QCOMPARE(groups[0].version, QStringLiteral("0.7"));
    QCOMPARE(groups[1].version, QStringLiteral("0.6"));
    bool sawReady = false;
    for (const PodTile& t : groups[0].tiles)
        sawReady = sawReady || t.info.state == PodVisualState::Ready;
    QVERIFY(sawReady); // minReadySeconds running: the progress ring
    // Legible at 1280x720: the grid is not squeezed under its header.
    QVERIFY(grids[0]->height() >= grids[0]->gridLayout().height());
    screenshots(view, QStringLiteral("rollout-lesson02"));
}

void TestRolloutView::lesson04ImagePullFailure()
{
    playLesson(QStringLiteral("04-dockercoins-worker"), QStringLiteral("Undo"));
    RolloutView view;
    view.setAnimated(false);
    view.setSimulation(m_sim.get());
    view.resize(1280, 720);
    view.refresh();
    const auto grids = view.grids();
    QCOMPARE(grids.size(), std::size_t(1));
    QStringList failed;
    int available = 0;
    for (const PodGroup& g : grids[0]->data().groups())
        for (const PodTile& t : g.tiles) {
            if (t.info.state == PodVisualState::Failed)
                failed << t.info.reason;
            available += t.info.state == PodVisualState::Available;
        }
    // maxUnavailable 1, maxSurge 1: 9 old pods available, 2 new ones cannot pull v0.3.
    QCOMPARE(available, 9);
    QCOMPARE(failed.size(), 2);
    for (const QString& r : failed)
        QVERIFY2(r == QLatin1String("ErrImagePull") || r == QLatin1String("ImagePullBackOff"), qPrintable(r));
    // extensions/v1beta1 defaults: maxSurge 1, maxUnavailable 1.
    QCOMPARE(view.headers()[0]->text().maxSurge, QStringLiteral("maxSurge 1 → at most 11 pods"));
    QCOMPARE(view.headers()[0]->text().maxUnavailable, QStringLiteral("maxUnavailable 1 → at least 9 available"));
    screenshots(view, QStringLiteral("rollout-lesson04"));
}

void TestRolloutView::selectionShowsDescribe()
{
    playLesson(QStringLiteral("02-kiada-rolling-update"), QStringLiteral("One pod at a time"));
    RolloutView view;
    view.setAnimated(false);
    view.setSimulation(m_sim.get());
    view.resize(1280, 720);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy sel(&view, &RolloutView::podSelected);
    QSignalSpy cmd(&view, &RolloutView::commandRequested);
    PodGridWidget* grid = view.grids()[0];
    const QString name = grid->data().groups()[1].tiles[0].pod->metadata.name;
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->tileRect(name).center());
    QCOMPARE(sel.count(), 1);
    QCOMPARE(view.selectedPod(), name);
    QVERIFY(view.describeText().startsWith(QStringLiteral("Name:")));
    QVERIFY(view.describeText().contains(name));
    QTest::keyClick(grid, Qt::Key_Delete);
    QCOMPARE(cmd.count(), 1);
    QCOMPARE(cmd.at(0).at(0).toStringList(), (QStringList {"delete", "pod", name}));
    screenshots(view, QStringLiteral("rollout-lesson02-selected"));
}

void TestRolloutView::sections()
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner,
                 {deploymentYaml(QStringLiteral("b-web"), QStringLiteral("demo:1"), 2),
                     deploymentYaml(QStringLiteral("a-api"), QStringLiteral("demo:1"), 1),
                     QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n"
                                    "  - name: app\n    image: demo:1\n")}),
        0);
    sim.advance(20'000);
    RolloutView view;
    view.setAnimated(false);
    view.setSimulation(&sim);
    view.resize(1280, 720);
    const auto headers = view.headers();
    QCOMPARE(headers.size(), std::size_t(3));
    QCOMPARE(headers[0]->deploymentName(), QStringLiteral("a-api"));
    QCOMPARE(headers[1]->deploymentName(), QStringLiteral("b-web"));
    QCOMPARE(headers[2], nullptr); // the last section: pods without a Deployment
    const auto grids = view.grids();
    QCOMPARE(grids[0]->data().tileCount(), 1);
    QCOMPARE(grids[1]->data().tileCount(), 2);
    QCOMPARE(grids[2]->data().tileCount(), 1);
    // A Deployment deleted: its section goes (its pods are garbage collected).
    QCOMPARE(runner.runArgv({QStringLiteral("delete"), QStringLiteral("deployment"), QStringLiteral("a-api")}), 0);
    sim.advance(60'000);
    view.refresh();
    QCOMPARE(view.headers().size(), std::size_t(2));
    QCOMPARE(view.headers()[0]->deploymentName(), QStringLiteral("b-web"));
    // Another namespace: empty.
    view.setNamespace(QStringLiteral("other"));
    QCOMPARE(view.grids().size(), std::size_t(0));
}

void TestRolloutView::scrollsWhenLarge()
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner, {deploymentYaml(QStringLiteral("big"), QStringLiteral("demo:1"), 1000)}), 0);
    sim.advance(120'000);
    RolloutView view;
    view.setAnimated(false);
    view.setSimulation(&sim);
    view.resize(1280, 720);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    PodGridWidget* grid = view.grids()[0];
    QCOMPARE(grid->data().tileCount(), 1000);
    // The grid gets the height its tiles need at its width; the scroll area scrolls over it.
    QTRY_VERIFY(grid->height() >= grid->gridLayout().height());
    QVERIFY(grid->gridLayout().height() > 720);
    auto* area = view.findChild<QScrollArea*>(QStringLiteral("podScroll"));
    QVERIFY(area);
    QVERIFY(area->verticalScrollBar()->maximum() > 0);
    // Keyboard navigation to the last tile scrolls it into view.
    grid->setFocus();
    const auto& tiles = grid->data().groups()[0].tiles;
    grid->setSelectedPod(tiles[tiles.size() - 2].pod->metadata.name);
    QTest::keyClick(grid, Qt::Key_Right);
    QCOMPARE(grid->selectedPod(), tiles.back().pod->metadata.name);
    const QRect r = grid->tileRect(grid->selectedPod());
    const QPoint inViewport = grid->mapTo(area->viewport(), r.center());
    if (!area->viewport()->rect().contains(inViewport))
        qWarning() << r << inViewport << area->verticalScrollBar()->value() << area->verticalScrollBar()->maximum()
                   << grid->geometry() << area->widget()->geometry();
    QVERIFY(area->viewport()->rect().contains(inViewport));
}

// In a short view (the window at 1280x720 leaves the rollout view about 300 px) the legend of the
// tile looks scrolls instead of losing its last lines, and its column stays wide enough for its text.
void TestRolloutView::legendNeverCutOff()
{
    RolloutView view;
    view.resize(1000, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* legendArea = view.findChild<QScrollArea*>(QStringLiteral("legendScroll"));
    QVERIFY(legendArea && legendArea->widget());
    QWidget* legend = legendArea->widget();
    QCOMPARE(legend->height(), legend->sizeHint().height()); // whole, not squeezed to the view's height
    QVERIFY(legend->sizeHint().height() > legendArea->viewport()->height());
    QVERIFY(legendArea->verticalScrollBar()->maximum() > 0); // the rest is reachable
    QVERIFY(legendArea->viewport()->width() >= legend->sizeHint().width());

    QFont big = view.font();
    big.setPointSizeF(big.pointSizeF() * 1.5); // presentation mode
    view.setFont(big);
    QCoreApplication::processEvents();
    QVERIFY(legendArea->viewport()->width() >= legend->sizeHint().width());
}

QTEST_MAIN(TestRolloutView)
#include "tst_rolloutview.moc"
