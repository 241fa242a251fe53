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
#include <ctime>
#include <vector>

using namespace rl;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// CPU time of this thread (ms): unlike wall time, not inflated when other processes share the cores.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

/// Wall and CPU time of one call.
struct Timing
{
    double wall = 0;
    double cpu = 0;
};
template<class F> Timing timed(F&& f)
{
    const double c0 = cpuMs();
    const auto t0 = Clock::now();
    f();
    return {msSince(t0), cpuMs() - c0};
}

Timing median(std::vector<Timing> v)
{
    std::vector<double> w, c;
    for (const Timing& t : v) {
        w.push_back(t.wall);
        c.push_back(t.cpu);
    }
    std::sort(w.begin(), w.end());
    std::sort(c.begin(), c.end());
    return v.empty() ? Timing {} : Timing {w[w.size() / 2], c[c.size() / 2]};
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
    p.spec.edit().containers = rs.spec.template_.spec.containers;
    p.spec.edit().nodeName = QStringLiteral("node%1").arg(i % 50);
    p.status.podIP = QStringLiteral("10.244.%1.%2").arg(i / 250 % 256).arg(i % 250 + 2);
    ContainerStatus cs;
    cs.name = QStringLiteral("app");
    cs.image = p.spec.edit().containers[0].image;
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
        p.spec.edit().nodeName.clear();
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
    if (p.status.phase != QLatin1String("Pending") || !p.spec.edit().nodeName.isEmpty())
        p.status.containerStatuses.push_back(cs);
    return p;
}

/// One frame: the grid's paint code for `rect` (widget coordinates) into `img`, as paintEvent runs it.
void paint(const PodGridWidget& grid, QImage& img, const QRect& rect)
{
    QPainter p(&img);
    p.translate(-rect.topLeft());
    p.setClipRect(rect);
    grid.paintContent(p, rect);
}

struct Frames
{
    Timing viewport;
    Timing small;
    Timing all;
};

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
    std::vector<Timing> t;
    for (int i = 0; i < frames; ++i)
        t.push_back(timed([&] { paint(grid, img, QRect(0, mid, w, 720)); }));
    f.viewport = median(t);
    t.clear();
    for (int i = 0; i < frames; ++i)
        t.push_back(timed([&] { paint(grid, small, QRect(w / 3, h / 2, 64, 64)); }));
    f.small = median(t);
    t.clear();
    for (int i = 0; i < std::max(1, frames / 10); ++i)
        t.push_back(timed([&] {
            for (int y = 0; y < h; y += 720)
                paint(grid, img, QRect(0, y, w, 720));
        }));
    f.all = median(t);
    return f;
}

void printFrames(const char* what, int dpr, const Frames& f)
{
    std::printf(
        "  %dx %-9s viewport %6.2f ms (cpu %6.2f)  small %6.3f ms (cpu %6.3f)  all tiles %7.1f ms (cpu %7.1f)\n", dpr,
        what, f.viewport.wall, f.viewport.cpu, f.small.wall, f.small.cpu, f.all.wall, f.all.cpu);
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
    const Timing load = timed([&] {
        for (int i = 0; i < n; ++i)
            sim.store().load(makePod(i < oldCount ? oldRs : newRs, i, now));
    });

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
    const Timing first = timed([&] { grid->setSimulation(&sim); });
    grid->resize(1280, grid->heightForWidth(1280));
    QApplication::processEvents();
    // Time passes, nothing is written: Ready rings and countdowns move.
    sim.advance(500);
    const Timing timeOnly = timed([&] { grid->refresh(); });
    std::printf(
        "%7d pods  store load %.0f ms  first refresh %.1f ms (cpu %.1f)  refresh, time only %.2f ms (cpu %.2f)  "
        "grid %dx%d\n",
        n, load.wall, first.wall, first.cpu, timeOnly.wall, timeOnly.cpu, grid->width(), grid->height());
    const int frames = n >= 100'000 ? 11 : 31;
    for (const int dpr : {1, 2}) {
        const Frames f = measure(*grid, dpr, frames);
        printFrames("static", dpr, f);
    }
    // A change: 5 % of the old pods go, as many new pods come.
    const int changes = std::max(1, n / 20);
    for (int i = 0; i < changes; ++i) {
        const Pod gone = makePod(oldRs, i, now);
        sim.store().remove<Pod>(gone.metadata.namespace_, gone.metadata.name);
        sim.store().load(makePod(newRs, n + i, now));
    }
    const Timing change = timed([&] { grid->refresh(); });
    grid->resize(1280, grid->heightForWidth(1280));
    std::printf("  refresh after %d pods changed (animation set up) %.1f ms (cpu %.1f), animating: %s\n", 2 * changes,
        change.wall, change.cpu, grid->isAnimating() ? "yes" : "no");
    // The same change without animation (what a refresh costs the data and layout alone).
    {
        PodGridWidget plain;
        plain.setAnimated(false);
        plain.setScope(PodGridData::Scope::Deployment, QStringLiteral("default"), QStringLiteral("web"));
        plain.resize(1280, 600);
        plain.setSimulation(&sim);
        for (int i = 0; i < changes; ++i) {
            const Pod gone = makePod(oldRs, changes + i, now);
            sim.store().remove<Pod>(gone.metadata.namespace_, gone.metadata.name);
            sim.store().load(makePod(newRs, n + changes + i, now));
        }
        const Timing noAnim = timed([&] { plain.refresh(); });
        std::printf(
            "  refresh after %d pods changed, no animation %.1f ms (cpu %.1f)\n", 2 * changes, noAnim.wall, noAnim.cpu);
    }
    grid->setAnimationProgressOverride(0.5);
    for (const int dpr : {1, 2}) {
        const Frames f = measure(*grid, dpr, frames);
        printFrames("animating", dpr, f);
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
