// Rollout benchmark: an apps/v1 Deployment (25 %/25 %) of N replicas is created, rolls out, gets a
// new image and rolls out again, on the full simulation (controllers, scheduler, kubelet, events,
// endpoints). Prints wall time, simulated time, queue events per second, store writes and peak
// memory per size. It prints figures; it never fails on time.
//
// Each size runs twice: with the store's history on ("hist on", as the app runs: every version of
// every object is kept for traces and the timeline) and off ("hist off": only the current objects).
//
// Also prints CPU seconds (steadier than wall time on a shared machine), the growth of wall and CPU
// time from one size to the next, and with history on a digest of the observable history (equal
// digests = same history, to check that an optimisation changed nothing a user sees).
//
//   bench_rollout                 # 1,000, 10,000 and 100,000 replicas, each in a child process
//   bench_rollout 50000           # one size, history on
//   bench_rollout 50000 off       # one size, history off

#include "benchscenario.h"
#include "controllers/kubelet.h"

#include <QCoreApplication>

#include <QCryptographicHash>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/resource.h>
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

double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) / 1e6 + double(u.ru_stime.tv_sec)
        + double(u.ru_stime.tv_usec) / 1e6;
}

// A digest of what a user can observe: every watch event of the history (time, type, kind, name,
// resourceVersion, for Events also count and message) and the final list of Events. Two builds
// that print the same digest produced the same history (used to check that an optimisation
// changed nothing visible).
QByteArray digest(const Simulation& sim)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    auto add = [&](const QString& s) {
        h.addData(QByteArrayView(reinterpret_cast<const char*>(s.utf16()), s.size() * 2));
        h.addData(QByteArrayView("\0", 1));
    };
    for (const WatchEvent& ev : sim.store().history()) {
        add(QString::number(ev.time) + QLatin1Char(' ') + watchTypeName(ev.type) + QLatin1Char(' ')
            + kindName(ev.kind));
        std::visit(
            [&](const auto& p) {
                add(p->metadata.name);
                add(p->metadata.resourceVersion);
            },
            ev.object);
        if (ev.kind == Kind::Event) {
            const auto& e = std::get<EventPtr>(ev.object);
            add(QString::number(e->count) + QLatin1Char(' ') + e->reason + QLatin1Char(' ') + e->message);
        }
    }
    for (const auto& [key, e] : sim.store().all<Event>())
        add(key + QLatin1Char(' ') + e->message);
    for (const auto& [key, p] : sim.store().all<Pod>())
        add(key + QLatin1Char(' ') + p->spec->nodeName + QLatin1Char(' ') + p->status.podIP);
    return h.result().toHex().left(12);
}

int runOne(qint32 replicas, bool history, double* figures = nullptr)
{
    Simulation sim(1);
    sim.store().setHistoryEnabled(history);
    bench::prepareCluster(sim, replicas);
    const Deployment d = bench::deployment(replicas);

    const double cpu0 = cpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    const quint64 events0 = sim.queue().executed();
    const Millis sim0 = sim.now();
    sim.store().create(d);
    const bool created = sim.advanceUntil([&] { return bench::complete(sim, replicas); }, 3600 * 1000);
    const auto wall1 = std::chrono::steady_clock::now();
    const Millis sim1 = sim.now();

    bench::updateImage(sim);
    const bool rolled = sim.advanceUntil([&] { return bench::complete(sim, replicas); }, 3600 * 1000);
    // Listing the Events is timed too: the store orders new Events only when they are listed.
    const std::size_t eventCount = sim.store().all<Event>().size();
    const auto wall2 = std::chrono::steady_clock::now();
    const double cpuS = cpuSeconds() - cpu0;
    const double peakMiB = double(vmHwmKb()) / 1024.0;
    const QByteArray sum = history ? digest(sim) : QByteArrayLiteral("-");

    const double createS = std::chrono::duration<double>(wall1 - wall0).count();
    const double updateS = std::chrono::duration<double>(wall2 - wall1).count();
    const double totalS = createS + updateS;
    const quint64 events = sim.queue().executed() - events0;
    if (figures) {
        figures[0] = totalS;
        figures[1] = cpuS;
    }
    std::printf("%9d %-4s %-8s %8.3f %8.3f %8.3f %8.3f  %8.1f %8.1f  %10llu %12.0f  %10llu %9zu %9.1f  %s\n", replicas,
        history ? "on" : "off", created && rolled ? "complete" : "STUCK", createS, updateS, totalS, cpuS,
        double(sim1 - sim0) / 1000.0, double(sim.now() - sim1) / 1000.0, static_cast<unsigned long long>(events),
        totalS > 0 ? double(events) / totalS : 0.0,
        static_cast<unsigned long long>(sim.store().resourceVersion() - 1000), eventCount, peakMiB, sum.constData());
    std::fflush(stdout);
    return created && rolled ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("%9s %-4s %-8s %8s %8s %8s %8s  %8s %8s  %10s %12s  %10s %9s %9s  %s\n", "replicas", "hist", "result",
        "create_s", "update_s", "wall_s", "cpu_s", "sim_c_s", "sim_u_s", "q_events", "q_events/s", "writes", "events",
        "peak_MiB", "digest");
    if (argc > 1)
        return runOne(qint32(std::atoi(argv[1])), !(argc > 2 && std::strcmp(argv[2], "off") == 0));
    // One child process per run, so that each peak-memory figure is its own. The child hands its
    // wall and CPU seconds back through a pipe for the growth figures (history on and off).
    double previous[2][2] = {{0, 0}, {0, 0}};
    for (qint32 n : {1000, 10000, 100000}) {
        for (bool history : {true, false}) {
            int fds[2];
            if (pipe(fds) != 0)
                return 1;
            std::fflush(stdout);
            const pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                double figures[2] = {0, 0};
                const int rc = runOne(n, history, figures);
                if (write(fds[1], figures, sizeof figures) != ssize_t(sizeof figures))
                    std::_Exit(1);
                std::_Exit(rc);
            }
            close(fds[1]);
            double figures[2] = {0, 0};
            const bool got = read(fds[0], figures, sizeof figures) == ssize_t(sizeof figures);
            close(fds[0]);
            int status = 0;
            waitpid(pid, &status, 0);
            double* prev = previous[history ? 0 : 1];
            if (got && prev[0] > 0) {
                std::printf("%9s %-4s growth for x10 replicas: wall x%.1f, cpu x%.1f (linear: x10)\n", "",
                    history ? "on" : "off", figures[0] / prev[0], figures[1] / prev[1]);
            }
            if (got) {
                prev[0] = figures[0];
                prev[1] = figures[1];
            }
        }
    }
    return 0;
}
