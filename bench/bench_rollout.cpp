// Rollout benchmark: an apps/v1 Deployment (25 %/25 %) of N replicas is created, rolls out, gets a
// new image and rolls out again, on the full simulation (controllers, scheduler, kubelet, events,
// endpoints). Prints wall time, simulated time, queue events per second, store writes and peak
// memory per size. It prints figures; it never fails on time.
//
// Each size runs twice: with the store's history on ("hist on", as the app runs: every version of
// every object is kept for traces and the timeline) and off ("hist off": only the current objects).
//
//   bench_rollout                 # 1,000, 10,000 and 100,000 replicas, each in a child process
//   bench_rollout 50000           # one size, history on
//   bench_rollout 50000 off       # one size, history off

#include "controllers/kubelet.h"
#include "manifest/defaults.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

using namespace rl;

namespace {

long vmHwmKb()
{
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kb = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmHWM:", 6) == 0)
            kb = std::strtol(line + 6, nullptr, 10);
    }
    std::fclose(f);
    return kb;
}

bool complete(Simulation& sim, qint32 replicas)
{
    auto d = sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("bench"));
    if (!d)
        return false;
    const auto& s = d->status;
    return s.observedGeneration >= d->metadata.generation && s.updatedReplicas == replicas && s.replicas == replicas
        && s.availableReplicas == replicas && sim.store().all<Pod>().size() == std::size_t(replicas);
}

int runOne(qint32 replicas, bool history)
{
    Simulation sim(1);
    sim.store().setHistoryEnabled(history);
    ClusterProfile& profile = sim.profile();
    profile.setNodeCount(int(replicas * 1.3 / 110) + 2); // room for the surge and terminating pods
    for (const char* tag : {"v1", "v2"}) {
        ImageBehavior b;
        b.image = QStringLiteral("bench/app:") + QLatin1String(tag);
        b.pullTime = 2000;
        b.startupTime = 1000;
        b.shutdownTime = 500;
        profile.addImageBehavior(b);
    }

    Deployment d;
    d.metadata.name = QStringLiteral("bench");
    d.metadata.namespace_ = QStringLiteral("default");
    d.spec.replicas = replicas;
    LabelSelector sel;
    sel.matchLabels[QStringLiteral("app")] = QStringLiteral("bench");
    d.spec.selector = sel;
    d.spec.template_.metadata.labels[QStringLiteral("app")] = QStringLiteral("bench");
    Container c;
    c.name = QStringLiteral("app");
    c.image = QStringLiteral("bench/app:v1");
    d.spec.template_.spec.containers.push_back(c);
    applyDefaults(d, QStringLiteral("apps/v1"));

    const auto wall0 = std::chrono::steady_clock::now();
    const quint64 events0 = sim.queue().executed();
    const Millis sim0 = sim.now();
    sim.store().create(d);
    const bool created = sim.advanceUntil([&] { return complete(sim, replicas); }, 3600 * 1000);
    const auto wall1 = std::chrono::steady_clock::now();
    const Millis sim1 = sim.now();

    Deployment updated = *sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("bench"));
    updated.spec.template_.spec.containers[0].image = QStringLiteral("bench/app:v2");
    updated.metadata.generation += 1;
    sim.store().update(updated);
    const bool rolled = sim.advanceUntil([&] { return complete(sim, replicas); }, 3600 * 1000);
    const auto wall2 = std::chrono::steady_clock::now();

    const double createS = std::chrono::duration<double>(wall1 - wall0).count();
    const double updateS = std::chrono::duration<double>(wall2 - wall1).count();
    const double totalS = createS + updateS;
    const quint64 events = sim.queue().executed() - events0;
    std::printf("%9d %-4s %-8s %8.3f %8.3f %8.3f  %8.1f %8.1f  %10llu %12.0f  %10llu %9zu %9.1f\n", replicas,
        history ? "on" : "off", created && rolled ? "complete" : "STUCK", createS, updateS, totalS,
        double(sim1 - sim0) / 1000.0, double(sim.now() - sim1) / 1000.0, static_cast<unsigned long long>(events),
        totalS > 0 ? double(events) / totalS : 0.0,
        static_cast<unsigned long long>(sim.store().resourceVersion() - 1000), sim.store().all<Event>().size(),
        double(vmHwmKb()) / 1024.0);
    std::fflush(stdout);
    return created && rolled ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("%9s %-4s %-8s %8s %8s %8s  %8s %8s  %10s %12s  %10s %9s %9s\n", "replicas", "hist", "result",
        "create_s", "update_s", "wall_s", "sim_c_s", "sim_u_s", "q_events", "q_events/s", "writes", "events",
        "peak_MiB");
    if (argc > 1)
        return runOne(qint32(std::atoi(argv[1])), !(argc > 2 && std::strcmp(argv[2], "off") == 0));
    // One child process per run, so that each peak-memory figure is its own. The growth figure is
    // the child's whole life (teardown included), history on.
    double previous = 0;
    for (qint32 n : {1000, 10000, 100000}) {
        for (bool history : {true, false}) {
            std::fflush(stdout);
            const auto t0 = std::chrono::steady_clock::now();
            const pid_t pid = fork();
            if (pid == 0)
                std::_Exit(runOne(n, history));
            int status = 0;
            waitpid(pid, &status, 0);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (!history)
                continue;
            if (previous > 0)
                std::printf("           growth x%.1f in wall time for x10 replicas (history on)\n", wall / previous);
            previous = wall;
        }
    }
    return 0;
}
