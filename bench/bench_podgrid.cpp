// Pod grid benchmark: paints the rollout view's pod grid offscreen with 1,000, 10,000 and
// 100,000 pods (two ReplicaSets of one Deployment, pods in every tile state) into a QImage at
// device pixel ratio 1 and 2. Prints milliseconds per frame (median of N frames):
//   viewport  a 1280x720 frame of the grid scrolled to its middle (what a window repaints)
//   small     a 64x64 exposed rect (one changed tile and its neighbours)
//   all       every tile once (the whole grid in 1280x720 chunks)
// each without and with an animation in flight (frozen at half way: every tile interpolated).
// Also prints the cost of refresh() (re-reading the store) after a change and after time only.
// It prints figures; it never fails on time.
//
//   bench_podgrid            # all sizes
//   bench_podgrid 20000      # one size

#include "podgrid/podgridwidget.h"
#include "sim/simulation.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollArea>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace rl;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

OwnerReference ownerRef(const QString& kind, const QString& name, const QString& uid)
{
    return {kind == QLatin1String("Deployment") ? QStringLiteral("apps/v1") : QStringLiteral("apps/v1"), kind, name,
        uid, true, true};
}

ReplicaSet makeRs(const QString& hash, int revision, qint32 replicas, const QString& image)
{
    ReplicaSet rs;
    rs.metadata.name = QStringLiteral("web-") + hash;
    rs.metadata.namespace_ = QStringLiteral("default");
    rs.metadata.uid = QStringLiteral("rs-uid-") + hash;
    rs.metadata.creationTimestamp = Simulation::kDefaultStart + revision * 1000;
    rs.metadata.labels = {{QStringLiteral("app"), QStringLiteral("web")}, {keys::PodTemplateHash, hash}};
    rs.metadata.annotations = {{keys::Revision, QString::number(revision)}};
    rs.metadata.ownerReferences.push_back(
        ownerRef(QStringLiteral("Deployment"), QStringLiteral("web"), QStringLiteral("deploy-uid")));
    rs.spec.replicas = replicas;
    rs.spec.minReadySeconds = 10;
    rs.spec.template_.metadata.labels = rs.metadata.labels;
    Container c;
    c.name = QStringLiteral("app");
    c.image = image;
    rs.spec.template_.spec.containers.push_back(c);
    rs.status.replicas = replicas;
    rs.status.readyReplicas = replicas;
    rs.status.availableReplicas = replicas;
    return rs;
}

/// Pod number i of a ReplicaSet, in one of the tile states (mostly available, as in a rollout).
int g_onlyKind = -1; // bench_podgrid N KIND: every pod of one kind (0 available ... 19), to cost one look

Pod makePod(const ReplicaSet& rs, int i, Millis now)
{
    Pod p;
    p.metadata.name = rs.metadata.name + QLatin1Char('-') + QString::number(i, 36).rightJustified(5, QLatin1Char('0'));
    p.metadata.namespace_ = QStringLiteral("default");
    p.metadata.uid = p.metadata.name + QStringLiteral("-uid");
    p.metadata.creationTimestamp = now - 60'000 + i;
    p.metadata.labels = rs.spec.template_.metadata.labels;
    p.metadata.ownerReferences.push_back(ownerRef(QStringLiteral("ReplicaSet"), rs.metadata.name, rs.metadata.uid));
    p.spec.containers = rs.spec.template_.spec.containers;
    p.spec.nodeName = QStringLiteral("node%1").arg(i % 50);
    p.status.podIP = QStringLiteral("10.244.%1.%2").arg(i / 250 % 256).arg(i % 250 + 2);
    ContainerStatus cs;
    cs.name = QStringLiteral("app");
    cs.image = p.spec.containers[0].image;
    auto ready = [&](bool on, Millis since) {
        p.status.conditions.push_back(
            {QStringLiteral("Ready"), on ? QStringLiteral("True") : QStringLiteral("False"), kNoTime, since, {}, {}});
    };
    const int kind = g_onlyKind >= 0 ? g_onlyKind : i % 20;
    if (kind < 12) { // available
        p.status.phase = QStringLiteral("Running");
        cs.state.kind = ContainerState::Kind::Running;
        cs.ready = true;
        ready(true, now - 30'000);
    } else if (kind < 14) { // ready, minReadySeconds running
        p.status.phase = QStringLiteral("Running");
        cs.state.kind = ContainerState::Kind::Running;
        cs.ready = true;
        ready(true, now - 1000 * (i % 9));
    } else if (kind == 14) { // running, not ready
        p.status.phase = QStringLiteral("Running");
        cs.state.kind = ContainerState::Kind::Running;
        ready(false, now - 2000);
    } else if (kind == 15) { // creating
        p.status.phase = QStringLiteral("Pending");
        cs.state.kind = ContainerState::Kind::Waiting;
        cs.state.reason = QStringLiteral("ContainerCreating");
    } else if (kind == 16) { // pending
        p.status.phase = QStringLiteral("Pending");
        p.spec.nodeName.clear();
    } else if (kind == 17) { // terminating
        p.status.phase = QStringLiteral("Running");
        cs.state.kind = ContainerState::Kind::Running;
        cs.ready = true;
        ready(true, now - 30'000);
        p.metadata.deletionTimestamp = now + 1000 * (i % 30);
        p.metadata.deletionGracePeriodSeconds = 30;
    } else { // image pull failures
        p.status.phase = QStringLiteral("Pending");
        cs.state.kind = ContainerState::Kind::Waiting;
        cs.state.reason = kind == 18 ? QStringLiteral("ErrImagePull") : QStringLiteral("ImagePullBackOff");
    }
    if (p.status.phase != QLatin1String("Pending") || !p.spec.nodeName.isEmpty())
        p.status.containerStatuses.push_back(cs);
    return p;
}

struct Frames
{
    double viewport = 0;
    double small = 0;
    double all = 0;
};

/// One frame: the grid's paint code for `rect` (widget coordinates) into `img`, as paintEvent runs it.
void paint(const PodGridWidget& grid, QImage& img, const QRect& rect)
{
    QPainter p(&img);
    p.translate(-rect.topLeft());
    p.setClipRect(rect);
    grid.paintContent(p, rect);
}

Frames measure(PodGridWidget& grid, int dpr, int frames)
{
    Frames f;
    const int w = grid.width();
    const int h = grid.height();
    QImage img(QSize(w, 720) * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    QImage small(QSize(64, 64) * dpr, QImage::Format_ARGB32_Premultiplied);
    small.setDevicePixelRatio(dpr);
    const int mid = std::max(0, h / 2 - 360);
    std::vector<double> t;
    for (int i = 0; i < frames; ++i) {
        const auto t0 = Clock::now();
        paint(grid, img, QRect(0, mid, w, 720));
        t.push_back(msSince(t0));
    }
    f.viewport = median(t);
    t.clear();
    for (int i = 0; i < frames; ++i) {
        const auto t0 = Clock::now();
        paint(grid, small, QRect(w / 3, h / 2, 64, 64));
        t.push_back(msSince(t0));
    }
    f.small = median(t);
    t.clear();
    for (int i = 0; i < std::max(1, frames / 10); ++i) {
        const auto t0 = Clock::now();
        for (int y = 0; y < h; y += 720)
            paint(grid, img, QRect(0, y, w, 720));
        t.push_back(msSince(t0));
    }
    f.all = median(t);
    return f;
}

void runSize(int n)
{
    Simulation sim(1);
    sim.setAutomatic(false);
    sim.store().setHistoryEnabled(false);
    const Millis now = sim.now();
    Deployment d;
    d.metadata.name = QStringLiteral("web");
    d.metadata.namespace_ = QStringLiteral("default");
    d.metadata.uid = QStringLiteral("deploy-uid");
    d.spec.replicas = n;
    sim.store().load(d);
    const int oldCount = n * 3 / 10;
    const ReplicaSet oldRs = makeRs(QStringLiteral("6fb958ffdc"), 1, oldCount, QStringLiteral("demo:1"));
    const ReplicaSet newRs = makeRs(QStringLiteral("9b9fc6678"), 2, n - oldCount, QStringLiteral("demo:2"));
    sim.store().load(oldRs);
    sim.store().load(newRs);
    auto t0 = Clock::now();
    for (int i = 0; i < n; ++i)
        sim.store().load(makePod(i < oldCount ? oldRs : newRs, i, now));
    const double loadMs = msSince(t0);

    QScrollArea area; // shown, so that the grid animates; only the 1280x720 viewport has a backing store
    area.setWidgetResizable(false);
    area.resize(1280 + 20, 720);
    auto* grid = new PodGridWidget;
    grid->setAnimated(true);
    grid->setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
    grid->resize(1280, 600);
    area.setWidget(grid);
    area.show();
    QApplication::processEvents();
    t0 = Clock::now();
    grid->setSimulation(&sim);
    const double firstRefresh = msSince(t0);
    grid->resize(1280, grid->heightForWidth(1280));
    QApplication::processEvents();
    // Time passes, nothing is written: Ready rings and countdowns move.
    sim.advance(500);
    t0 = Clock::now();
    grid->refresh();
    const double timeRefresh = msSince(t0);
    std::printf("%7d pods  load %7.1f ms  first refresh %7.1f ms  refresh (time only) %6.2f ms  grid %dx%d\n", n,
        loadMs, firstRefresh, timeRefresh, grid->width(), grid->height());
    const int frames = n >= 100'000 ? 11 : 31;
    for (const int dpr : {1, 2}) {
        const Frames f = measure(*grid, dpr, frames);
        std::printf("  %dx static     viewport %7.2f ms/frame  small %6.3f ms  all tiles %8.1f ms\n", dpr, f.viewport,
            f.small, f.all);
    }
    // A change: 5 % of the old pods go, as many new pods come.
    const int changes = std::max(1, n / 20);
    for (int i = 0; i < changes; ++i) {
        const Pod gone = makePod(oldRs, i, now);
        sim.store().remove<Pod>(gone.metadata.namespace_, gone.metadata.name);
        sim.store().load(makePod(newRs, n + i, now));
    }
    t0 = Clock::now();
    grid->refresh();
    const double changeRefresh = msSince(t0);
    grid->resize(1280, grid->heightForWidth(1280));
    std::printf("  refresh after %d pods changed (animation set up) %.1f ms, animating: %s\n", 2 * changes,
        changeRefresh, grid->isAnimating() ? "yes" : "no");
    grid->setAnimationProgressOverride(0.5);
    for (const int dpr : {1, 2}) {
        const Frames f = measure(*grid, dpr, frames);
        std::printf("  %dx animating  viewport %7.2f ms/frame  small %6.3f ms  all tiles %8.1f ms\n", dpr, f.viewport,
            f.small, f.all);
    }
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<int> sizes {1'000, 10'000, 100'000};
    if (argc > 1)
        sizes = {std::atoi(argv[1])};
    if (argc > 2)
        g_onlyKind = std::atoi(argv[2]);
    for (int n : sizes)
        runSize(n);
    return 0;
}
