#include "podgrid/podgridwidget.h"
#include "scenario.h"
#include "style/versionpalette.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QMenu>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace rl;
using namespace rl::testing;

class TestPodGridWidget : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void tilesAfterScenario();
    void groupHeaders();
    void clickSelects();
    void contextMenuCommands();
    void keyboard();
    void tooltip();
    void paintsStates();
    void animates();
    void scopes();
    void timeOnlyUpdate();

private:
    void rollOutHalfway();
    std::unique_ptr<Simulation> m_sim;
    std::unique_ptr<ScriptRunner> m_runner;
};

namespace {
QString outDir()
{
    const QString dir = QDir::currentPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}
} // namespace

void TestPodGridWidget::init()
{
    m_sim = std::make_unique<Simulation>();
    m_runner = std::make_unique<ScriptRunner>(*m_sim);
    m_runner->setSink([](const QString&, bool) {});
}

// Ten pods of v1, then a rolling update to v2 (maxSurge 25% = 3, maxUnavailable 25% = 2) stopped
// halfway: both ReplicaSets have pods, some new ones are still starting.
void TestPodGridWidget::rollOutHalfway()
{
    // The old pods ignore SIGTERM (as lesson 04's worker): they stay Terminating for 30 s.
    const QString behaviour
        = QStringLiteral("  pullSeconds: 2\n  startupSeconds: 2\n  shutdown:\n    ignoresSigterm: true\n");
    QCOMPARE(apply(*m_runner,
                 {imageYaml(QStringLiteral("demo"), QStringLiteral("demo:*"), behaviour),
                     deploymentYaml(
                         QStringLiteral("web"), QStringLiteral("demo:1"), 10, 5, {}, true, QStringLiteral("1.0"))}),
        0);
    m_sim->advance(30'000);
    QCOMPARE(m_runner->runArgv({QStringLiteral("set"), QStringLiteral("image"), QStringLiteral("deployment/web"),
                 QStringLiteral("app=demo:2")}),
        0);
    m_sim->advance(4'500);
}

void TestPodGridWidget::tilesAfterScenario()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(1280, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    const auto& pods = m_sim->store().all<Pod>();
    QVERIFY(pods.size() > 10); // surge pods exist
    QCOMPARE(grid.data().tileCount(), int(pods.size()));
    QCOMPARE(grid.gridLayout().totalTiles(), int(pods.size()));
    // Every pod has exactly one tile, under its own ReplicaSet.
    for (const auto& [key, pod] : pods) {
        const QRect r = grid.tileRect(pod->metadata.name);
        QVERIFY(!r.isEmpty());
        QCOMPARE(grid.podAt(r.center()), pod->metadata.name);
        const auto [g, t] = grid.data().find(pod->metadata.name);
        QCOMPARE(grid.data().groups()[std::size_t(g)].rs->metadata.uid, pod->metadata.controllerRef()->uid);
    }
    // refresh() without a change in the store or time changes nothing.
    const int before = grid.data().tileCount();
    grid.refresh();
    QCOMPARE(grid.data().tileCount(), before);
    // The rollout goes on: the grid follows the store.
    m_sim->advance(120'000);
    grid.refresh();
    QCOMPARE(grid.data().tileCount(), int(m_sim->store().all<Pod>().size()));
    QCOMPARE(grid.data().groups().size(), std::size_t(1)); // the old ReplicaSet is scaled to 0 and hidden
    QCOMPARE(grid.data().groups()[0].revision, 2);
}

void TestPodGridWidget::groupHeaders()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(1280, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    const auto& groups = grid.data().groups();
    QCOMPARE(groups.size(), std::size_t(2));
    // Newest revision first.
    QCOMPARE(groups[0].revision, 2);
    QCOMPARE(groups[1].revision, 1);
    for (const PodGroup& g : groups) {
        const ReplicaSet& rs = *g.rs;
        QCOMPARE(g.desired, rs.spec.replicas.value_or(0));
        QCOMPARE(g.current, rs.status.replicas);
        QCOMPARE(g.ready, rs.status.readyReplicas);
        QCOMPARE(g.available, rs.status.availableReplicas);
        QCOMPARE(g.hash, rs.metadata.labels.value(QStringLiteral("pod-template-hash")));
        QVERIFY(rs.metadata.name.endsWith(g.hash));
        QCOMPARE(g.version, QStringLiteral("1.0")); // the ver label (unchanged by set image)
        QCOMPARE(g.versionIndex, int(g.revision - 1));
    }
    QCOMPARE(groups[0].images, QStringLiteral("demo:2"));
    QCOMPARE(groups[1].images, QStringLiteral("demo:1"));
    // During the update: maxSurge 3 -> at most 13 pods exist that the controller counts.
    QVERIFY(groups[0].desired + groups[1].desired <= 13);
}

void TestPodGridWidget::clickSelects()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(1280, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    QSignalSpy spy(&grid, &PodGridWidget::podSelected);
    const PodTile& tile = grid.data().groups()[1].tiles[3];
    const QString name = tile.pod->metadata.name;
    QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.tileRect(name).center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("default"));
    QCOMPARE(spy.at(0).at(1).toString(), name);
    QCOMPARE(grid.selectedPod(), name);
    // Clicking the same tile again does not re-emit; a click in a gap selects nothing new.
    QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.tileRect(name).center());
    QCOMPARE(spy.count(), 1);
    QTest::mouseClick(&grid, Qt::LeftButton, {}, QPoint(grid.width() - 2, grid.height() - 2));
    QCOMPARE(spy.count(), 1);
    // The header selects the ReplicaSet.
    QSignalSpy rsSpy(&grid, &PodGridWidget::replicaSetSelected);
    QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.gridLayout().headerRect(0).center());
    QCOMPARE(rsSpy.count(), 1);
    QCOMPARE(rsSpy.at(0).at(1).toString(), grid.data().groups()[0].rs->metadata.name);
}

void TestPodGridWidget::contextMenuCommands()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(1280, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    const QString name = grid.data().groups()[0].tiles[0].pod->metadata.name;
    QSignalSpy cmd(&grid, &PodGridWidget::commandRequested);
    QSignalSpy sel(&grid, &PodGridWidget::podSelected);
    std::unique_ptr<QMenu> menu(grid.createContextMenu(name));
    auto* del = menu->findChild<QAction*>(QStringLiteral("deletePod"));
    auto* describe = menu->findChild<QAction*>(QStringLiteral("describePod"));
    QVERIFY(del && describe);
    del->trigger();
    QCOMPARE(cmd.count(), 1);
    QCOMPARE(cmd.at(0).at(0).toStringList(), (QStringList {"delete", "pod", name}));
    describe->trigger();
    QCOMPARE(cmd.count(), 2);
    QCOMPARE(cmd.at(1).at(0).toStringList(), (QStringList {"describe", "pod", name}));
    QCOMPARE(sel.count(), 1);
    // The view never runs the command itself.
    QVERIFY(m_sim->store().get<Pod>(QStringLiteral("default"), name));
    QVERIFY(!m_sim->store().get<Pod>(QStringLiteral("default"), name)->metadata.isDeleting());
    // Run it as the shell would: the pod starts terminating and the grid shows it.
    QCOMPARE(m_runner->runArgv(cmd.at(0).at(0).toStringList() + QStringList {QStringLiteral("--wait=false")}), 0);
    grid.refresh();
    const auto [g, t] = grid.data().find(name);
    QVERIFY(g >= 0);
    QCOMPARE(grid.data().groups()[std::size_t(g)].tiles[std::size_t(t)].info.state, PodVisualState::Terminating);
}

void TestPodGridWidget::keyboard()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(400, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    QSignalSpy sel(&grid, &PodGridWidget::podSelected);
    QSignalSpy cmd(&grid, &PodGridWidget::commandRequested);
    const auto& groups = grid.data().groups();
    QTest::keyClick(&grid, Qt::Key_Right); // nothing selected: the first tile
    QCOMPARE(grid.selectedPod(), groups[0].tiles[0].pod->metadata.name);
    QTest::keyClick(&grid, Qt::Key_Right);
    QCOMPARE(grid.selectedPod(), groups[0].tiles[1].pod->metadata.name);
    QTest::keyClick(&grid, Qt::Key_Down); // group 0 has one row at this width: into group 1
    QCOMPARE(grid.selectedPod(), groups[1].tiles[1].pod->metadata.name);
    QCOMPARE(sel.count(), 3);
    QTest::keyClick(&grid, Qt::Key_Delete);
    QCOMPARE(cmd.count(), 1);
    QCOMPARE(cmd.at(0).at(0).toStringList(), (QStringList {"delete", "pod", groups[1].tiles[1].pod->metadata.name}));
}

void TestPodGridWidget::tooltip()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(false);
    grid.resize(1280, 600);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    const Pod& pod = *grid.data().groups()[1].tiles[0].pod;
    const QString tip = grid.toolTipFor(pod.metadata.name);
    QVERIFY(tip.contains(pod.metadata.name));
    QVERIFY(!pod.status.podIP.isEmpty());
    QVERIFY(tip.contains(pod.status.podIP));
    QVERIFY(tip.contains(pod.spec->nodeName));
    for (const char* col : {"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"})
        QVERIFY2(tip.contains(QLatin1String(col)), col);
}

void TestPodGridWidget::paintsStates()
{
    rollOutHalfway();
    for (const bool dark : {false, true}) {
        PodGridWidget grid;
        QPalette pal = grid.palette();
        if (dark) {
            pal.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
            pal.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
            pal.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
            pal.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        }
        grid.setPalette(pal);
        grid.setAnimated(false);
        grid.resize(640, 300);
        grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
        grid.setSimulation(m_sim.get());
        const QImage img = grid.grab().toImage();
        QVERIFY(
            img.save(outDir() + (dark ? QStringLiteral("/podgrid-dark.png") : QStringLiteral("/podgrid-light.png"))));
        const VersionPalette versions(grid.palette());
        QSet<PodVisualState> checked;
        for (const PodGroup& g : grid.data().groups())
            for (const PodTile& t : g.tiles) {
                const QRect r = grid.tileRect(t.pod->metadata.name);
                const QRgb solid = versions.color(g.versionIndex).rgb();
                // A pixel near the corner, away from rings and glyphs, and the centre.
                const QRgb corner = img.pixel(r.topLeft() + QPoint(2, 2));
                const QRgb centre = img.pixel(r.center());
                switch (t.info.state) {
                case PodVisualState::Available:
                    QCOMPARE(corner, solid);
                    QCOMPARE(centre, solid);
                    break;
                case PodVisualState::Running: // a hollow box
                    QCOMPARE(corner, solid);
                    QCOMPARE(centre, grid.palette().color(QPalette::Base).rgb());
                    break;
                case PodVisualState::Terminating: // faded, with the countdown
                case PodVisualState::Creating:
                case PodVisualState::Pulling:
                case PodVisualState::Pending:
                case PodVisualState::Failed:
                    QVERIFY(corner != solid);
                    break;
                case PodVisualState::Ready:
                    QCOMPARE(corner, solid);
                    break;
                }
                checked.insert(t.info.state);
            }
        QVERIFY(checked.contains(PodVisualState::Available));
        QVERIFY(checked.contains(PodVisualState::Running));
        QVERIFY(checked.contains(PodVisualState::Terminating));
    }
}

void TestPodGridWidget::animates()
{
    rollOutHalfway();
    PodGridWidget grid;
    grid.setAnimated(true);
    grid.resize(640, 400);
    grid.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid.setSimulation(m_sim.get());
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    QVERIFY(!grid.isAnimating());
    // Pods come and go: one animation for the whole grid, which then ends on its own.
    m_sim->advance(6'000);
    grid.refresh();
    QVERIFY(grid.isAnimating());
    // Time alone (no write to the store) moves rings and countdowns without cutting the animation.
    bool timeOnly = false;
    for (int i = 0; i < 200 && !timeOnly; ++i) {
        const quint64 rv = m_sim->store().resourceVersion();
        m_sim->advance(1);
        if (m_sim->store().resourceVersion() == rv) {
            grid.refresh();
            timeOnly = true;
        }
    }
    QVERIFY(timeOnly);
    QVERIFY(grid.isAnimating());
    grid.setAnimationProgressOverride(0.5);
    const QImage mid = grid.grab().toImage();
    QVERIFY(mid.save(outDir() + QStringLiteral("/podgrid-animating.png")));
    grid.setAnimationProgressOverride(-1);
    QTRY_VERIFY_WITH_TIMEOUT(!grid.isAnimating(), 2000);
    // Turning animations off ends one in flight at once.
    m_sim->advance(6'000);
    grid.refresh();
    grid.setAnimated(false);
    QVERIFY(!grid.isAnimating());
}

void TestPodGridWidget::scopes()
{
    rollOutHalfway();
    // A bare pod and a ReplicaSet without a Deployment.
    QCOMPARE(apply(*m_runner,
                 {QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n"
                                 "  - name: app\n    image: demo:1\n")}),
        0);
    m_sim->advance(1000);
    PodGridWidget unowned;
    unowned.setAnimated(false);
    unowned.resize(640, 200);
    unowned.setScope(PodGridData::Scope::Unowned, QStringLiteral("default"));
    unowned.setSimulation(m_sim.get());
    QCOMPARE(unowned.data().tileCount(), 1);
    QCOMPARE(unowned.data().groups().back().key, QString());
    QVERIFY(!unowned.tileRect(QStringLiteral("bare")).isEmpty());
    PodGridWidget all;
    all.setAnimated(false);
    all.resize(640, 200);
    all.setScope(PodGridData::Scope::Namespace, QStringLiteral("default"));
    all.setSimulation(m_sim.get());
    QCOMPARE(all.data().tileCount(), int(m_sim->store().all<Pod>().size()));
    PodGridWidget other;
    other.setScope(PodGridData::Scope::Namespace, QStringLiteral("kube-system"));
    other.setSimulation(m_sim.get());
    QCOMPARE(other.data().tileCount(), 0);
}

void TestPodGridWidget::timeOnlyUpdate()
{
    // Without a write to the store, time alone turns Ready into Available (minReadySeconds) and
    // counts down the grace periods: update() re-classifies those tiles only.
    rollOutHalfway();
    m_sim->advance(2'000);
    PodGridData data;
    data.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    QVERIFY(data.update(m_sim->store(), m_sim->now()));
    QVERIFY(!data.update(m_sim->store(), m_sim->now())); // nothing changed
    const PodTile* ready = nullptr;
    const PodTile* terminating = nullptr;
    for (const PodGroup& g : data.groups())
        for (const PodTile& t : g.tiles) {
            if (t.info.state == PodVisualState::Ready && !ready)
                ready = &t;
            if (t.info.state == PodVisualState::Terminating && !terminating)
                terminating = &t;
        }
    QVERIFY(ready && terminating);
    const QString readyName = ready->pod->metadata.name;
    const QString termName = terminating->pod->metadata.name;
    const qint64 secondsBefore = terminating->info.graceSecondsLeft;
    const Millis later = ready->pod->readySince() + 5'001; // minReadySeconds 5
    QVERIFY(later > m_sim->now());
    QVERIFY(data.update(m_sim->store(), later));
    auto state = [&](const QString& name) {
        const auto [g, t] = data.find(name);
        return data.groups()[std::size_t(g)].tiles[std::size_t(t)].info;
    };
    QCOMPARE(state(readyName).state, PodVisualState::Available);
    QCOMPARE(state(termName).state, PodVisualState::Terminating);
    QVERIFY(state(termName).graceSecondsLeft < secondsBefore);
}

QTEST_MAIN(TestPodGridWidget)
#include "tst_podgridwidget.moc"
