// Analysis benchmark: a Deployment of N replicas (25 %/25 %) is created and rolled out to a new
// image on the full simulation, then RolloutAnalysis reads the whole watch history in one pass
// (what a view does after a snapshot restore) and again incrementally, one slice per simulated
// second (what a view does live). Prints history size, wall times and events per second. It prints
// figures; it never fails on time.
//
//   bench_analysis            # 1,000 and 10,000 replicas
//   bench_analysis 3000       # one size

#include "analysis/rolloutanalysis.h"
#include "benchscenario.h"

#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace rl;

namespace {

void runOne(qint32 replicas)
{
    Simulation sim(1);
    bench::prepareCluster(sim, replicas);
    const Deployment d = bench::deployment(replicas, 5);
    const Millis start = sim.now();
    sim.store().create(d);
    sim.advanceUntil([&] { return bench::complete(sim, replicas); }, 3600 * 1000);
    bench::updateImage(sim);
    sim.advanceUntil([&] { return bench::complete(sim, replicas); }, 3600 * 1000);
    const auto& history = sim.store().history();

    const auto t0 = std::chrono::steady_clock::now();
    RolloutAnalysis once(QStringLiteral("default"), QStringLiteral("bench"));
    once.update(history, sim.now());
    const auto t1 = std::chrono::steady_clock::now();

    // Live: the same history fed one simulated second at a time.
    RolloutAnalysis live(QStringLiteral("default"), QStringLiteral("bench"));
    std::vector<WatchEvent> growing;
    growing.reserve(history.size());
    std::size_t next = 0;
    double liveS = 0;
    int ticks = 0;
    for (Millis t = start; t <= sim.now(); t += 1000) {
        while (next < history.size() && history[next].time <= t)
            growing.push_back(history[next++]);
        const auto a = std::chrono::steady_clock::now();
        live.update(growing, t);
        liveS += std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
        ++ticks;
    }
    {
        // The last partial second.
        const auto a = std::chrono::steady_clock::now();
        live.update(history, sim.now());
        liveS += std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
        ++ticks;
    }
    const double onceS = std::chrono::duration<double>(t1 - t0).count();
    std::printf("%9d %10zu %8zu %8zu %9.3f %12.0f %9.3f %7d %s\n", replicas, history.size(), once.samples().size(),
        once.pods().size(), onceS, onceS > 0 ? double(history.size()) / onceS : 0.0, liveS, ticks,
        live.samples() == once.samples() ? "same" : "DIFFERENT");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("%9s %10s %8s %8s %9s %12s %9s %7s %s\n", "replicas", "history", "samples", "bars", "once_s",
        "events/s", "live_s", "ticks", "live=once");
    if (argc > 1) {
        runOne(qint32(std::atoi(argv[1])));
        return 0;
    }
    for (qint32 n : {1000, 10000})
        runOne(n);
    return 0;
}
