#include "kubelet.h"

#include "controllers/eventrecorder.h"
#include "sim/clusterprofile.h"
#include "sim/numbertext.h"
#include "sim/simulation.h"

#include <QStringBuilder>

#include <algorithm>

namespace rl {

namespace {

constexpr Millis kBackoffInitial = 10000; // kubelet backOffPeriod / image backoff initial
constexpr Millis kBackoffMax = 300000; // MaxContainerBackOff / image backoff max
constexpr Millis kPlegRelist = 1000; // pleg relist period
constexpr qint64 kMinGraceSeconds = 2; // kuberuntime minimumGracePeriodInSeconds

Millis truncSeconds(Millis t)
{
    return t == kNoTime ? kNoTime : (t / 1000) * 1000;
}

quint64 fnv64(const QString& s, quint64 salt)
{
    quint64 h = 0xcbf29ce484222325ULL ^ salt;
    for (QChar ch : s) {
        h ^= ch.unicode();
        h *= 0x100000001b3ULL;
    }
    return h;
}

// The reference an Event about the pod of `run` carries (without a field path).
ObjectReference podReference(const Kubelet::PodRun& run)
{
    return {QStringLiteral("Pod"), run.ns, run.name, run.uid, QStringLiteral("v1"), {}, {}};
}

// Four salted FNV-1a hashes (fnv64 with salts 0, 1, 2, 3 times 0x9e3779b97f4a7c15) of the text
// that `parts` make up when joined, as 16 zero-padded lower-case hex digits each, written in
// place. The four run in one pass over the parts, so the text need not be built.
QString hex64(std::initializer_list<QStringView> parts)
{
    quint64 h[4];
    for (quint64 i = 0; i < 4; ++i)
        h[i] = 0xcbf29ce484222325ULL ^ (i * 0x9e3779b97f4a7c15ULL);
    for (QStringView part : parts) {
        for (QChar ch : part) {
            for (quint64& lane : h) {
                lane ^= ch.unicode();
                lane *= 0x100000001b3ULL;
            }
        }
    }
    QString out(64, Qt::Uninitialized);
    char16_t* p = reinterpret_cast<char16_t*>(out.data());
    for (int i = 0; i < 4; ++i)
        writeHexDigits(h[i], 16, p + i * 16);
    return out;
}

// The kubelet formats the same few texts for every pod ("Pulling image \"x\"", "Started container
// app", a container's field path and image ID). `pattern` (a QStringLiteral with one %1, or a
// marker for `format`) and the argument name the text; it is formatted once, then handed out as
// a shared copy, so every Event that carries it shares its storage too. A small per-thread cache
// of a pure function of its inputs.
QString sharedText(const QString& pattern, const QString& arg, QString (*format)(const QString&, const QString&))
{
    struct Entry
    {
        const void* pattern; // the literal's storage names it
        QString arg;
        QString text;
    };
    thread_local std::vector<Entry> cache;
    for (const Entry& e : cache) {
        if (e.pattern == pattern.constData() && e.arg == arg)
            return e.text;
    }
    if (cache.size() >= 256)
        cache.clear(); // many images or container names: start over rather than grow
    cache.push_back({pattern.constData(), arg, format(pattern, arg)});
    return cache.back().text;
}

QString sharedText(const QString& pattern, const QString& arg)
{
    return sharedText(pattern, arg, [](const QString& p, const QString& a) { return p.arg(a); });
}

// docker/distribution reference.ParseNormalizedNamed, as containerd prints references.
QString normalizedImage(const QString& image)
{
    QString ref = image;
    const int slash = ref.indexOf(QLatin1Char('/'));
    const QString first = slash < 0 ? QString() : ref.left(slash);
    const bool hasRegistry = slash >= 0
        && (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':'))
            || first == QLatin1String("localhost"));
    if (!hasRegistry)
        ref = (slash < 0 ? QStringLiteral("docker.io/library/") : QStringLiteral("docker.io/")) + ref;
    const int lastSlash = ref.lastIndexOf(QLatin1Char('/'));
    if (ref.indexOf(QLatin1Char(':'), lastSlash) < 0 && !ref.contains(QLatin1Char('@')))
        ref += QStringLiteral(":latest");
    return ref;
}

QString repository(const QString& normalized)
{
    const int lastSlash = normalized.lastIndexOf(QLatin1Char('/'));
    const int colon = normalized.indexOf(QLatin1Char(':'), lastSlash);
    return colon < 0 ? normalized : normalized.left(colon);
}

// pkg/apis/core/v1/defaults.go SetDefaults_Container: Always for ":latest" or no tag.
QString pullPolicy(const Container& c)
{
    if (!c.imagePullPolicy.isEmpty())
        return c.imagePullPolicy;
    const QString n = normalizedImage(c.image);
    return n.endsWith(QStringLiteral(":latest")) ? QStringLiteral("Always") : QStringLiteral("IfNotPresent");
}

// Probe defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe), in case the API layer did not.
qint32 orDefault(qint32 v, qint32 d)
{
    return v > 0 ? v : d;
}

QString envValue(const Container& c, const QString& name)
{
    for (const auto& e : c.env) {
        if (e.name == name && e.value)
            return *e.value;
    }
    return {};
}

} // namespace

Kubelet::Kubelet(Simulation& sim)
    : m_sim(sim)
{
    m_listener = m_sim.store().addListener(
        [this](const WatchEvent& ev) {
            if (!m_sim.isAutomatic()) {
                ++m_unheard; // a pod may have gone: no store handle taken so far can be trusted
                return;
            }
            onWatch(int(ev.type), std::get<PodPtr>(ev.object));
        },
        ObjectStore::kindBit(Kind::Pod));
}

Kubelet::~Kubelet()
{
    m_sim.store().removeListener(m_listener);
}

// ---------------------------------------------------------------------------------------------
// Timers

quint64 Kubelet::arm(PodRun& run, TimerKind kind, Millis at, int container)
{
    const quint64 id = m_s.nextTimer++;
    Timer t {std::max(at, m_sim.now()), kind, container, 0};
    run.timers.emplace(id, t);
    if (m_sim.isAutomatic())
        schedule(run, id, t.at);
    return id;
}

void Kubelet::schedule(PodRun& run, quint64 timerId, Millis at)
{
    // The action holds two pointers, so the std::function keeps it without a heap block; fire()
    // tells the timer by the running queue event's Id. The queue prefetches the run, then its
    // timers, containers and pod, while the events before it run, and the involvedObjects that
    // its Events read (the name and field path, two lines apart; a stale pointer costs nothing).
    EventQueue& queue = m_sim.queue();
    run.timers.at(timerId).queueId = queue.scheduleAt(
        at, [this, r = &run] { fire(*r, m_sim.queue().running()); }, &run, sizeof(PodRun),
        [](const void* hint) {
            const PodRun* r = static_cast<const PodRun*>(hint);
            __builtin_prefetch(r->timers.data());
            __builtin_prefetch(r->containers.data());
            __builtin_prefetch(r->pod.get());
            for (const ObjectReference* ref : {r->involved.operator->(), r->firstContainerInvolved}) {
                if (ref) {
                    __builtin_prefetch(&ref->name);
                    __builtin_prefetch(&ref->fieldPath);
                }
            }
        });
}

void Kubelet::cancelTimers(PodRun& run, std::optional<TimerKind> kind, int container)
{
    for (auto it = run.timers.begin(); it != run.timers.end();) {
        if ((!kind || it->second.kind == *kind) && (container == -2 || it->second.container == container)) {
            if (it->second.queueId)
                m_sim.queue().cancel(it->second.queueId);
            it = run.timers.erase(it);
        } else {
            ++it;
        }
    }
}

void Kubelet::fire(PodRun& run, EventQueue::Id queueId)
{
    // `run` is alive: forget() cancels the queue events of a run's timers before it drops the
    // run, and a restore resets the queue before it replaces the runs.
    auto tit = std::find_if(
        run.timers.begin(), run.timers.end(), [queueId](const auto& e) { return e.second.queueId == queueId; });
    if (tit == run.timers.end())
        return;
    const Timer t = tit->second;
    run.timers.erase(tit);
    switch (t.kind) {
    case TimerKind::Schedule:
        trySchedule(run);
        break;
    case TimerKind::Admit:
        admit(run);
        break;
    case TimerKind::Step:
        step(run);
        break;
    case TimerKind::Resync:
        startSync(run);
        break;
    case TimerKind::Probe:
        probe(run, t.container);
        break;
    case TimerKind::AppExit:
        appExit(run, t.container);
        break;
    case TimerKind::Kill:
        kill(run);
        break;
    case TimerKind::Cleanup:
        cleanup(run);
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Watch and resync

Kubelet::PodRun& Kubelet::track(const PodPtr& podPtr, bool* inserted)
{
    const Pod& pod = *podPtr;
    const QString key = objectKey(pod.metadata.namespace_, pod.metadata.name);
    auto [entry, fresh] = m_s.pods.tryEmplace(key);
    if (inserted)
        *inserted = fresh;
    PodRun& run = entry->second;
    if (fresh) {
        run.ns = pod.metadata.namespace_;
        run.name = pod.metadata.name;
        run.key = key;
        run.uid = pod.metadata.uid;
        run.eventObject = EventRecorder::involvedKey(podReference(run));
        run.containers.reserve(pod.spec->containers.size());
        for (const auto& c : pod.spec->containers) {
            ContainerRun cr;
            cr.name = c.name;
            cr.image = c.image;
            cr.imageID = sharedText(QStringLiteral("<imageID>"), c.image, [](const QString&, const QString& image) {
                return repository(normalizedImage(image)) + QStringLiteral("@sha256:") + hex64({image});
            });
            cr.statusImage = sharedText(QStringLiteral("<statusImage>"), c.image,
                [](const QString&, const QString& image) { return normalizedImage(image); });
            run.containers.push_back(std::move(cr));
        }
        // A pod that comes bound (loaded, or a kubelet that starts) is the kubelet's as it is now.
        if (!pod.spec->nodeName.isEmpty())
            setKubeletReferences(run, pod);
    }
    run.pod = podPtr;
    return run;
}

void Kubelet::onWatch(int type, const PodPtr& pod)
{
    PodRun* found = nullptr;
    PodRun* added = nullptr; // the run made for this pod just now
    if (WatchType(type) == WatchType::Modified && m_writing && m_writing->name == pod->metadata.name
        && m_writing->ns == pod->metadata.namespace_) {
        found = m_writing; // our own write of this pod (updateOwn): no need to look the run up
    } else if (WatchType(type) == WatchType::Added) {
        // A new pod, as a rule: track() looks it up and makes its run in one probe.
        bool inserted = false;
        PodRun& run = track(pod, &inserted);
        (inserted ? added : found) = &run;
    } else {
        auto* entry = m_s.pods.find(pod->metadata.namespace_, u'/', pod->metadata.name);
        if (WatchType(type) == WatchType::Deleted) {
            if (entry)
                forget(entry);
            return;
        }
        found = entry ? &entry->second : nullptr;
    }
    if (!found) {
        PodRun& run = added ? *added : track(pod);
        heardEntry(run);
        if (pod->metadata.isDeleting()) {
            arm(run, TimerKind::Kill, m_sim.now());
        } else if (pod->spec->nodeName.isEmpty()) {
            arm(run, TimerKind::Schedule, m_sim.now() + m_sim.profile().latencies().scheduling);
        } else {
            // Created already bound (or loaded): the kubelet of that node takes it.
            ensureNodes();
            const int node = int(m_s.nodeNames.indexOf(pod->spec->nodeName));
            bind(run, node >= 0 ? node : 0);
            arm(run, TimerKind::Admit, m_sim.now() + m_sim.profile().latencies().kubeletSync);
        }
        return;
    }
    PodRun& run = *found;
    run.pod = pod;
    heardEntry(run);
    if (pod->metadata.isDeleting() && run.stage != Stage::Terminating && run.stage != Stage::Stopped) {
        bool killArmed = false;
        for (const auto& [id, t] : run.timers)
            killArmed = killArmed || t.kind == TimerKind::Kill;
        if (!killArmed)
            arm(run, TimerKind::Kill, m_sim.now());
    }
}

void Kubelet::resync()
{
    // Forget pods that are gone; adopt pods we do not know.
    const auto& pods = m_sim.store().all<Pod>();
    for (PodRun* run : sortedRuns()) {
        if (!pods.count(run->key))
            forget(QString(run->key)); // a copy: forget() destroys the run
    }
    m_s.pods.forEach([this](const QString&, PodRun& run) {
        for (auto& [id, t] : run.timers) {
            if (t.queueId)
                m_sim.queue().cancel(t.queueId);
            t.queueId = 0;
        }
    });
    for (const auto& [key, pod] : pods) {
        if (auto* known = m_s.pods.find(key)) {
            known->second.pod = pod;
            continue;
        }
        PodRun& run = track(pod);
        if (pod->metadata.isDeleting()) {
            run.timers.emplace(m_s.nextTimer++, Timer {m_sim.now(), TimerKind::Kill, -1, 0});
        } else if (pod->spec->nodeName.isEmpty()) {
            run.timers.emplace(m_s.nextTimer++, Timer {m_sim.now(), TimerKind::Schedule, -1, 0});
        } else {
            ensureNodes();
            const int node = int(m_s.nodeNames.indexOf(pod->spec->nodeName));
            bind(run, node >= 0 ? node : 0);
            // Adopt the containers as the status describes them.
            run.stage = Stage::Running;
            run.sandboxReady = !pod->status.podIP.isEmpty();
            run.admittedAt = pod->status.startTime != kNoTime ? pod->status.startTime : m_sim.now();
            for (std::size_t i = 0; i < run.containers.size() && i < pod->status.containerStatuses.size(); ++i) {
                const auto& cs = pod->status.containerStatuses[i];
                auto& c = run.containers[i];
                c.restartCount = cs.restartCount;
                c.lastTermination = cs.lastState;
                c.containerID = cs.containerID;
                if (cs.state.kind == ContainerState::Kind::Running) {
                    c.running = c.everStarted = c.imagePresent = true;
                    c.ready = cs.ready;
                    c.lastProbeResult = cs.ready ? 1 : -1;
                    c.startedAt = cs.state.startedAt;
                    c.answersAt = c.startedAt;
                    c.waitingReason.clear();
                }
            }
            run.timers.emplace(m_s.nextTimer++, Timer {m_sim.now(), TimerKind::Resync, -1, 0});
        }
    }
    if (!m_sim.isAutomatic())
        return;
    for (PodRun* run : sortedRuns()) {
        for (auto& [id, t] : run->timers)
            schedule(*run, id, t.at);
    }
}

void Kubelet::restoreState(const State& s)
{
    m_s = s;
    m_s.pods.forEach([](const QString&, PodRun& run) {
        for (auto& [id, t] : run.timers)
            t.queueId = 0;
    });
    resync();
}

Kubelet::PodRun* Kubelet::findRun(const QString& key) const
{
    auto* entry = m_s.pods.find(key);
    return entry ? &entry->second : nullptr;
}

std::vector<Kubelet::PodRun*> Kubelet::sortedRuns()
{
    std::vector<PodRun*> runs;
    runs.reserve(m_s.pods.size());
    m_s.pods.forEach([&runs](const QString&, PodRun& run) { runs.push_back(&run); });
    std::sort(runs.begin(), runs.end(), [](const PodRun* a, const PodRun* b) { return a->key < b->key; });
    return runs;
}

void Kubelet::forget(const QString& key)
{
    if (auto* entry = m_s.pods.find(key))
        forget(entry);
}

void Kubelet::forget(KeyIndex<PodRun>::value_type* entry)
{
    if (m_writing == &entry->second)
        m_writing = nullptr;
    cancelTimers(entry->second);
    // The scheduler's AssignedPodDelete: a deleted pod that had a node may have made room (Fit's
    // isSchedulableAfterPodEvent); an unscheduled one could not.
    const bool assigned = entry->second.node >= 0;
    unbind(entry->second);
    m_s.pods.erase(entry);
    if (assigned)
        moveUnschedulable();
}

// ---------------------------------------------------------------------------------------------
// Scheduler (default-scheduler: least-loaded node, ties broken at random; max pods per node)

void Kubelet::ensureNodes()
{
    const QStringList names = m_sim.profile().nodeNames();
    if (names == m_s.nodeNames)
        return;
    std::vector<NodeRun> nodes;
    for (int i = 0; i < names.size(); ++i) {
        NodeRun n;
        n.name = names.at(i);
        n.hostIP = QStringLiteral("172.18.%1.%2").arg((i + 2) / 256).arg((i + 2) % 256);
        n.usedIps.assign(256, false);
        for (const auto& old : m_s.nodes) {
            if (old.name == n.name)
                n.images = old.images;
        }
        nodes.push_back(std::move(n));
    }
    // Re-home tracked pods (only happens when the profile changes under running pods).
    std::vector<int> remap(m_s.nodes.size(), -1);
    for (std::size_t i = 0; i < m_s.nodes.size(); ++i)
        remap[i] = int(names.indexOf(m_s.nodes[i].name));
    m_s.nodes = std::move(nodes);
    m_s.nodeNames = names;
    m_s.pods.forEach([&](const QString&, PodRun& run) { // each run on its own: any order
        if (run.node < 0)
            return;
        run.node = run.node < int(remap.size()) ? remap[run.node] : -1;
        if (run.node < 0)
            run.node = 0;
        NodeRun& n = m_s.nodes[run.node];
        ++n.pods;
        if (run.ipHost > 0 && run.ipHost < 256)
            n.usedIps[run.ipHost] = true;
    });
    m_s.nodeOrder.clear();
    for (int i = 0; i < int(m_s.nodes.size()); ++i) {
        m_s.nodes[i].tie = m_sim.rng().next();
        m_s.nodeOrder.emplace(m_s.nodes[i].pods, m_s.nodes[i].tie, i);
    }
}

void Kubelet::bind(PodRun& run, int node)
{
    if (m_s.nodes.empty())
        return;
    NodeRun& n = m_s.nodes[node];
    m_s.nodeOrder.erase({n.pods, n.tie, node});
    ++n.pods;
    n.tie = m_sim.rng().next();
    m_s.nodeOrder.emplace(n.pods, n.tie, node);
    run.node = node;
    run.stage = Stage::Bound;
    // host-local IPAM: next free address after the last one handed out, wrapping around.
    for (int k = 0; k < 253; ++k) {
        const int host = 2 + (n.nextIp - 2 + k) % 253;
        if (!n.usedIps[host]) {
            n.usedIps[host] = true;
            run.ipHost = host;
            n.nextIp = 2 + (host - 2 + 1) % 253;
            break;
        }
    }
}

void Kubelet::unbind(PodRun& run)
{
    if (run.node < 0 || run.node >= int(m_s.nodes.size()))
        return;
    NodeRun& n = m_s.nodes[run.node];
    m_s.nodeOrder.erase({n.pods, n.tie, run.node});
    --n.pods;
    m_s.nodeOrder.emplace(n.pods, n.tie, run.node);
    if (run.ipHost > 0 && run.ipHost < 256)
        n.usedIps[run.ipHost] = false;
    run.node = -1;
}

void Kubelet::trySchedule(PodRun& run)
{
    PodPtr pod = current(run);
    if (!pod || pod->metadata.isDeleting() || run.stage != Stage::Unscheduled)
        return;
    ensureNodes();
    const int maxPods = m_sim.profile().maxPodsPerNode();
    m_s.maxPods = maxPods;
    if (m_s.nodeOrder.empty() || std::get<0>(*m_s.nodeOrder.begin()) >= maxPods) {
        if (!run.waitingForRoom && m_sim.profile().minorVersion() >= kFirstMinorWithSchedulingQueue) {
            run.waitingForRoom = true;
            m_s.unschedulable.push_back(run.key);
        }
        // handleSchedulingFailure: every failed attempt records FailedScheduling. The pod waits
        // until a deletion makes room (moveUnschedulable()) or its next attempt is due.
        cancelTimers(run, TimerKind::Schedule);
        if (const Millis next = nextSchedulingAttempt(run); next != kNoTime)
            arm(run, TimerKind::Schedule, next + m_sim.profile().latencies().scheduling);
        ++run.failedAttempts;
        run.lastFailure = m_sim.now();
        const int n = int(m_s.nodes.size());
        const QString msg = QStringLiteral("0/%1 nodes are available: %1 Too many pods. preemption: 0/%1 nodes are "
                                           "available: %1 No preemption victims found for incoming pod.")
                                .arg(n);
        schedulerEvent(run, *pod, QStringLiteral("Warning"), QStringLiteral("FailedScheduling"),
            QStringLiteral("Scheduling"), msg);
        if (!run.unschedulableReported) {
            run.unschedulableReported = true;
            Pod p = *pod;
            p.status.phase = QStringLiteral("Pending");
            p.status.conditions = {
                PodCondition {QStringLiteral("PodScheduled"), QStringLiteral("False"), kNoTime, m_sim.store().apiNow(),
                    QStringLiteral("Unschedulable"), msg.left(msg.size() - 1) + QStringLiteral("..")}};
            m_sim.store().update(std::move(p));
        }
        return;
    }
    const int node = std::get<2>(*m_s.nodeOrder.begin());
    bind(run, node);
    const QString nodeName = m_s.nodes[node].name;
    Pod p = *pod;
    p.spec.edit().nodeName = nodeName;
    p.status.phase = QStringLiteral("Pending");
    p.status.conditions = {
        PodCondition {QStringLiteral("PodScheduled"), QStringLiteral("True"), kNoTime, m_sim.store().apiNow(), {}, {}}};
    updateOwn(run, std::move(p));
    if (PodPtr bound = current(run))
        setKubeletReferences(run, *bound);
    // The assumed pod: the scheduler's copy, of the version it scheduled.
    schedulerEvent(run, *pod, QStringLiteral("Normal"), QStringLiteral("Scheduled"), QStringLiteral("Binding"),
        QStringLiteral("Successfully assigned ") % run.ns % QLatin1Char('/') % run.name % QStringLiteral(" to ")
            % nodeName);
    arm(run, TimerKind::Admit, m_sim.now() + m_sim.profile().latencies().kubeletSync);
}

Millis Kubelet::nextSchedulingAttempt(const PodRun& run) const
{
    const Millis now = m_sim.now();
    const int minor = m_sim.profile().minorVersion();
    if (minor < kFirstMinorWithSchedulingQueue) {
        // The FIFO before v1.11: the error handler put the pod back after its back-off, 1 s
        // doubled at each failure, at most 60 s (factory.go CreateDefaultPodBackoff).
        const Millis backoff = 1000LL << std::min(run.failedAttempts, 6);
        return now + std::min<Millis>(backoff, 60 * 1000);
    }
    if (minor < kFirstMinorWithUnschedulableFlush)
        return kNoTime; // the priority queue of v1.11-v1.13 kept it until a cluster event
    // flushUnschedulablePodsLeftover, every 30 s from the scheduler's start, moves a pod that has
    // been unschedulable for longer than podMaxInUnschedulablePodsDuration back to be tried:
    // 5 min since v1.24 (kubernetes#108761), 60 s before (unschedulableQTimeInterval).
    const Millis timeout = minor >= kFirstMinorWithLongUnschedulableTimeout ? 5 * 60 * 1000 : 60 * 1000;
    return EventQueue::nextTick(m_sim.startTime(), now + timeout, kUnschedulableFlushPeriod);
}

void Kubelet::clusterChanged()
{
    // With no pod waiting there is nothing to move; the nodes are set up when next needed (as
    // before any change: setting them up draws their tie-breaks from the random source).
    if (m_s.unschedulable.empty())
        return;
    const QStringList before = m_s.nodeNames;
    ensureNodes();
    const bool added = std::any_of(
        m_s.nodeNames.begin(), m_s.nodeNames.end(), [&](const QString& n) { return !before.contains(n); });
    const int maxPods = m_sim.profile().maxPodsPerNode();
    const bool larger = maxPods > m_s.maxPods;
    m_s.maxPods = maxPods;
    if (added || larger)
        moveUnschedulable();
}

Millis Kubelet::backoffDuration(int attempts)
{
    // calculateBackoffDuration: the initial back-off, doubled for each attempt after the first.
    Millis d = kInitialBackoff;
    for (int i = 1; i < attempts; ++i) {
        if (d > kMaxBackoff - d)
            return kMaxBackoff;
        d += d;
    }
    return d;
}

void Kubelet::moveUnschedulable()
{
    const int minor = m_sim.profile().minorVersion();
    // Before v1.11 the FIFO had no such queue: a deletion did not hurry a pod's back-off.
    if (minor < kFirstMinorWithSchedulingQueue || m_s.unschedulable.empty())
        return;
    const Millis now = m_sim.now();
    struct Move
    {
        Millis ready; // in the active queue
        Millis failed; // the active queue's order among pods of one priority
        PodRun* run;
    };
    std::vector<Move> moves;
    for (const QString& key : m_s.unschedulable) {
        PodRun* run = findRun(key);
        if (!run || !run->waitingForRoom)
            continue;
        run->waitingForRoom = false;
        if (run->stage != Stage::Unscheduled)
            continue;
        Millis ready = now;
        // Since v1.14 a pod still in its back-off goes to the back-off queue, which moves it on at
        // the first flushBackoffQCompleted tick (every second) at or after the back-off's end;
        // v1.11-v1.13 put every pod into the active queue at once.
        if (minor >= kFirstMinorWithBackoffQueue) {
            const Millis expiry = run->lastFailure + backoffDuration(run->failedAttempts);
            if (expiry > now)
                ready = EventQueue::nextTick(m_sim.startTime(), expiry - 1, kBackoffFlushPeriod);
        }
        moves.push_back({ready, run->lastFailure, run});
    }
    m_s.unschedulable.clear();
    std::stable_sort(moves.begin(), moves.end(),
        [](const Move& a, const Move& b) { return std::tie(a.ready, a.failed) < std::tie(b.ready, b.failed); });
    // One scheduling cycle after another: each is tried, the first ones take the room there is,
    // and the others fail again (each with its FailedScheduling) and wait for the next event.
    for (const Move& m : moves) {
        cancelTimers(*m.run, TimerKind::Schedule);
        arm(*m.run, TimerKind::Schedule, m.ready + m_sim.profile().latencies().scheduling);
    }
}

// ---------------------------------------------------------------------------------------------
// Pod worker (kubelet SyncPod): sandbox, then per container: image, create, start

void Kubelet::admit(PodRun& run)
{
    if (run.stage != Stage::Bound)
        return;
    run.stage = Stage::Running;
    run.admittedAt = m_sim.now();
    PodPtr holder;
    for (int i = 0; i < int(run.containers.size()); ++i) {
        const Container* c = spec(run, i, &holder);
        if (c && c->readinessProbe)
            run.probePhase = Millis(m_sim.rng().below(quint64(orDefault(c->readinessProbe->periodSeconds, 10)) * 1000));
    }
    writeStatus(run);
    startSync(run);
}

void Kubelet::startSync(PodRun& run)
{
    if (run.stage != Stage::Running)
        return;
    if (run.syncBusy) {
        run.resyncPending = true;
        return;
    }
    run.syncBusy = true;
    run.syncContainer = 0;
    run.syncStage = 0;
    run.syncFailed = false;
    run.resyncPending = false;
    if (!run.sandboxReady)
        arm(run, TimerKind::Step, m_sim.now() + m_sim.profile().latencies().sandbox);
    else
        step(run);
}

void Kubelet::step(PodRun& run)
{
    if (run.stage != Stage::Running) {
        run.syncBusy = false;
        return;
    }
    if (run.node < 0) {
        run.syncBusy = false;
        return;
    }
    run.sandboxReady = true;
    const Latencies& lat = m_sim.profile().latencies();
    PodPtr holder;
    const Millis now = m_sim.now();
    while (run.syncContainer < int(run.containers.size())) {
        const int i = run.syncContainer;
        ContainerRun& c = run.containers[i];
        const Container* cspec = spec(run, i, &holder);
        if (!cspec) {
            run.syncBusy = false;
            return;
        }
        if (run.syncStage == 0) {
            if (c.running) {
                ++run.syncContainer;
                continue;
            }
            if (c.exited) {
                // kuberuntime_manager doBackOff with flowcontrol.Backoff (spec 6.5).
                const bool expired
                    = c.crashBackoffUpdated != kNoTime && c.finishedAt - c.crashBackoffUpdated > 2 * kBackoffMax;
                if (c.crashBackoff > 0 && !expired && now - c.finishedAt < c.crashBackoff) {
                    c.waitingReason = QStringLiteral("CrashLoopBackOff");
                    c.waitingMessage = QStringLiteral("back-off %1 restarting failed container=%2 pod=%3_%4(%5)")
                                           .arg(formatGoDuration(c.crashBackoff), c.name, run.name, run.ns, run.uid);
                    event(run, i, QStringLiteral("Warning"), QStringLiteral("BackOff"),
                        QStringLiteral("Back-off restarting failed container %1 in pod %2_%3(%4)")
                            .arg(c.name, run.name, run.ns, run.uid));
                    run.syncFailed = true;
                    ++run.syncContainer;
                    continue;
                }
                c.crashBackoff
                    = (c.crashBackoff == 0 || expired) ? kBackoffInitial : std::min(2 * c.crashBackoff, kBackoffMax);
                c.crashBackoffUpdated = now;
            }
            const QString policy = pullPolicy(*cspec);
            NodeRun& node = m_s.nodes[run.node];
            auto img = node.images.find(c.image);
            const bool present = img != node.images.end() && img->second <= now;
            if (policy != QLatin1String("Always") && present) {
                event(run, i, QStringLiteral("Normal"), QStringLiteral("Pulled"),
                    sharedText(QStringLiteral("Container image \"%1\" already present on machine"), c.image));
                run.syncStage = 2;
                arm(run, TimerKind::Step, now + lat.containerCreate);
                return;
            }
            if (policy == QLatin1String("Never")) {
                c.waitingReason = QStringLiteral("ErrImageNeverPull");
                c.waitingMessage
                    = QStringLiteral("Container image \"%1\" is not present with pull policy of Never").arg(c.image);
                event(run, i, QStringLiteral("Warning"), QStringLiteral("ErrImageNeverPull"), c.waitingMessage);
                event(run, i, QStringLiteral("Warning"), QStringLiteral("Failed"),
                    QStringLiteral("Error: ErrImageNeverPull"));
                run.syncFailed = true;
                ++run.syncContainer;
                continue;
            }
            // image_manager.go EnsureImageExists: IsInBackOffSinceUpdate(pod UID + image).
            if (c.pullBackoffUpdated != kNoTime && now - c.pullBackoffUpdated < c.pullBackoff) {
                c.waitingReason = QStringLiteral("ImagePullBackOff");
                c.waitingMessage = QStringLiteral("Back-off pulling image \"%1\"").arg(c.image);
                event(run, i, QStringLiteral("Normal"), QStringLiteral("BackOff"), c.waitingMessage);
                event(run, i, QStringLiteral("Warning"), QStringLiteral("Failed"),
                    QStringLiteral("Error: ImagePullBackOff"));
                run.syncFailed = true;
                ++run.syncContainer;
                continue;
            }
            event(run, i, QStringLiteral("Normal"), QStringLiteral("Pulling"),
                sharedText(QStringLiteral("Pulling image \"%1\""), c.image));
            const ImageBehavior& b = behaviorFor(c.image);
            Millis duration = b.pullTime ? *b.pullTime : jitter(lat.pull, 25);
            if (img != node.images.end())
                duration = std::min<Millis>(duration, 500); // layers already on the node
            if (!b.exists)
                duration = std::min<Millis>(duration, 1000); // the registry answers "not found" quickly
            // serializeImagePulls: one pull at a time per node.
            const Millis start = std::max(now, node.pullerBusyUntil);
            node.pullerBusyUntil = start + duration;
            if (b.exists && img == node.images.end())
                node.images[c.image] = start + duration;
            run.pullRequested = now;
            run.pullDuration = duration;
            run.syncStage = 1;
            arm(run, TimerKind::Step, start + duration);
            return;
        }
        if (run.syncStage == 1) { // pull finished
            const ImageBehavior& b = behaviorFor(c.image);
            if (!b.exists) {
                const QString ref = normalizedImage(c.image);
                const QString err = !b.pullError.isEmpty()
                    ? b.pullError
                    : QStringLiteral("rpc error: code = NotFound desc = failed to pull and unpack image \"%1\": "
                                     "failed to resolve reference \"%1\": %1: not found")
                          .arg(ref);
                event(run, i, QStringLiteral("Warning"), QStringLiteral("Failed"),
                    QStringLiteral("Failed to pull image \"%1\": %2").arg(c.image, err));
                event(
                    run, i, QStringLiteral("Warning"), QStringLiteral("Failed"), QStringLiteral("Error: ErrImagePull"));
                c.waitingReason = QStringLiteral("ErrImagePull");
                c.waitingMessage = err;
                // flowcontrol.Backoff.Next: initial 10 s, doubling, max 300 s; reset after 600 s idle.
                const bool expired = c.pullBackoffUpdated != kNoTime && now - c.pullBackoffUpdated > 2 * kBackoffMax;
                c.pullBackoff
                    = (c.pullBackoff == 0 || expired) ? kBackoffInitial : std::min(2 * c.pullBackoff, kBackoffMax);
                c.pullBackoffUpdated = now;
                run.syncFailed = true;
                run.syncStage = 0;
                ++run.syncContainer;
                continue;
            }
            m_s.nodes[run.node].images[c.image] = std::min(m_s.nodes[run.node].images[c.image], now);
            c.imagePresent = true;
            const int minor = m_sim.profile().minorVersion();
            const qint64 size
                = minor < 30 ? 0 : (b.sizeBytes > 0 ? b.sizeBytes : qint64(20000000 + fnv64(c.image, 7) % 180000000));
            const QString msg = pulledMessage(c.image, run.pullDuration, now - run.pullRequested, minor, size);
            event(run, i, QStringLiteral("Normal"), QStringLiteral("Pulled"), msg);
            run.syncStage = 2;
            arm(run, TimerKind::Step, now + lat.containerCreate);
            return;
        }
        if (run.syncStage == 2) { // container created
            const int minor = m_sim.profile().minorVersion();
            event(run, i, QStringLiteral("Normal"), QStringLiteral("Created"),
                minor <= 32       ? sharedText(QStringLiteral("Created container %1"), c.name)
                    : minor <= 34 ? sharedText(QStringLiteral("Created container: %1"), c.name)
                                  : QStringLiteral("Container created"));
            run.syncStage = 3;
            arm(run, TimerKind::Step, now + lat.containerStart);
            return;
        }
        // syncStage 3: container started
        const int minor = m_sim.profile().minorVersion();
        event(run, i, QStringLiteral("Normal"), QStringLiteral("Started"),
            minor <= 34 ? sharedText(QStringLiteral("Started container %1"), c.name)
                        : QStringLiteral("Container started"));
        containerStarted(run, i);
        run.syncStage = 0;
        ++run.syncContainer;
    }
    finishSync(run);
}

QString Kubelet::pulledMessage(const QString& image, Millis pull, Millis waited, int minor, qint64 size)
{
    // Most pods of a rollout pull the same image in the same time after the same wait: the same
    // text. One slot per hash of the parts; a slot that holds other parts is overwritten.
    const quint64 h = fnv64(image,
        quint64(pull) * 0x9e3779b97f4a7c15ULL ^ quint64(waited) * 0xc2b2ae3d27d4eb4fULL ^ quint64(size)
            ^ quint64(minor) << 56);
    PulledText& slot = m_pulledTexts[h % m_pulledTexts.size()];
    if (slot.pull == pull && slot.waited == waited && slot.size == size && slot.minor == minor && slot.image == image)
        return slot.text;
    // "Successfully pulled image "<image>" in <pull>", then from v1.28 " (<pull and wait> including
    // waiting)", then from v1.30 ". Image size: <n> bytes.".
    QString msg
        = QStringLiteral("Successfully pulled image \"") % image % QStringLiteral("\" in ") % formatGoDuration(pull);
    if (minor >= 28)
        msg += QStringLiteral(" (") % formatGoDuration(waited) % QStringLiteral(" including waiting)");
    if (minor >= 30)
        msg += QStringLiteral(". Image size: ") % QString::number(size) % QStringLiteral(" bytes.");
    slot = PulledText {image, pull, waited, size, minor, msg};
    return msg;
}

void Kubelet::finishSync(PodRun& run)
{
    run.syncBusy = false;
    writeStatus(run);
    if (run.resyncPending) {
        run.resyncPending = false;
        arm(run, TimerKind::Resync, m_sim.now());
    } else if (run.syncFailed) {
        // pod_workers.go: a failed sync is retried after backOffPeriod (10 s) with jitter factor 0.5.
        arm(run, TimerKind::Resync, m_sim.now() + kBackoffInitial + Millis(m_sim.rng().below(kBackoffInitial / 2 + 1)));
    }
}

void Kubelet::containerStarted(PodRun& run, int i)
{
    ContainerRun& c = run.containers[i];
    PodPtr holder;
    const Container* cspec = spec(run, i, &holder);
    const Millis now = m_sim.now();
    if (c.exited) {
        ++c.restartCount;
        c.exited = false;
    }
    c.running = c.everStarted = true;
    c.stopping = false;
    c.startedAt = now;
    c.finishedAt = kNoTime;
    c.waitingReason.clear();
    c.waitingMessage.clear();
    char16_t digits[20];
    const QString negative = c.restartCount < 0 ? QString::number(c.restartCount) : QString();
    const QStringView restarts
        = c.restartCount < 0 ? QStringView(negative) : numberDigits(quint64(c.restartCount), 10, digits);
    c.containerID = QStringView(u"containerd://") % hex64({run.uid, u"/", c.name, u"/", restarts});
    const ImageBehavior& b = behaviorFor(c.image);
    const Latencies& lat = m_sim.profile().latencies();
    c.answersAt = now + (b.startupTime ? *b.startupTime : jitter(lat.startup, 50));
    c.failsAt = kNoTime;
    std::optional<Millis> failAfter = b.failAfter;
    if (!b.failAfterEnv.isEmpty() && cspec) {
        bool ok = false;
        const double secs = envValue(*cspec, b.failAfterEnv).toDouble(&ok);
        if (ok && secs >= 0)
            failAfter = Millis(secs * 1000);
    }
    if (failAfter)
        c.failsAt = now + *failAfter;
    c.crashesAt = kNoTime;
    if (b.crashAfter) {
        c.crashesAt = now + *b.crashAfter;
        arm(run, TimerKind::AppExit, c.crashesAt, i);
    }
    c.lastProbeResult = -1;
    c.probeRun = 0;
    if (cspec && cspec->readinessProbe) {
        c.ready = false;
        // prober_manager UpdatePodStatus: a started container without a result triggers a run now.
        cancelTimers(run, TimerKind::Probe, i);
        arm(run, TimerKind::Probe, now, i);
    } else {
        c.ready = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Readiness probes (prober/worker.go doProbe)

void Kubelet::armProbe(PodRun& run, int i, Millis from)
{
    PodPtr holder;
    const Container* cspec = spec(run, i, &holder);
    if (!cspec || !cspec->readinessProbe)
        return;
    const Millis period = Millis(orDefault(cspec->readinessProbe->periodSeconds, 10)) * 1000;
    const Millis t0 = run.admittedAt + run.probePhase;
    Millis k = from <= t0 ? 0 : (from - t0 + period - 1) / period;
    Millis at = t0 + k * period;
    if (at < from)
        at += period;
    cancelTimers(run, TimerKind::Probe, i);
    arm(run, TimerKind::Probe, at, i);
}

void Kubelet::probe(PodRun& run, int i)
{
    ContainerRun& c = run.containers[i];
    if (!c.running || run.stage == Stage::Stopped)
        return; // re-armed when the container starts again
    PodPtr holder;
    const Container* cspec = spec(run, i, &holder);
    if (!cspec || !cspec->readinessProbe)
        return;
    const Probe& p = *cspec->readinessProbe;
    const Millis now = m_sim.now();
    // The worker compares whole seconds since the API-visible startedAt with initialDelaySeconds.
    if ((now - truncSeconds(c.startedAt)) / 1000 < p.initialDelaySeconds) {
        armProbe(run, i, now + 1);
        return;
    }
    int code = 0;
    if (now >= c.answersAt)
        code = (c.failsAt != kNoTime && now >= c.failsAt) ? behaviorFor(c.image).failStatusCode : 200;
    const bool success = code >= 200 && code < 400;
    const int result = success ? 1 : 0;
    if (result == c.lastProbeResult) {
        ++c.probeRun;
    } else {
        c.lastProbeResult = result;
        c.probeRun = 1;
    }
    if (!success) {
        // prober.go: the probe output as the event message.
        const QJsonObject http = p.handler.value(QStringLiteral("httpGet")).toObject();
        const QJsonObject tcp = p.handler.value(QStringLiteral("tcpSocket")).toObject();
        QString output;
        const QString ip = podIP(run);
        if (!http.isEmpty()) {
            const QJsonValue portValue = http.value(QStringLiteral("port"));
            const QString port = portValue.isString() ? portValue.toString() : QString::number(portValue.toInt());
            const QString scheme = http.value(QStringLiteral("scheme")).toString(QStringLiteral("HTTP")).toLower();
            if (code == 0)
                output = QStringLiteral("Get \"%1://%2:%3%4\": dial tcp %2:%3: connect: connection refused")
                             .arg(scheme, ip, port, http.value(QStringLiteral("path")).toString());
            else
                output = QStringLiteral("HTTP probe failed with statuscode: %1").arg(code);
        } else if (!tcp.isEmpty()) {
            const QJsonValue portValue = tcp.value(QStringLiteral("port"));
            const QString port = portValue.isString() ? portValue.toString() : QString::number(portValue.toInt());
            output = QStringLiteral("dial tcp %1:%2: connect: connection refused").arg(ip, port);
        } else {
            output = QString();
        }
        event(run, i, QStringLiteral("Warning"), QStringLiteral("Unhealthy"),
            QStringLiteral("Readiness probe failed: %1").arg(output));
    }
    const int threshold = success ? orDefault(p.successThreshold, 1) : orDefault(p.failureThreshold, 3);
    if (c.probeRun >= threshold && c.ready != success) {
        c.ready = success;
        writeStatus(run);
    }
    // Keep ticking only while something can still change; a settled, healthy app costs nothing.
    const bool settled = success && c.ready && c.failsAt == kNoTime;
    if (!settled)
        armProbe(run, i, now + 1);
}

// ---------------------------------------------------------------------------------------------
// Process exit, termination

void Kubelet::appExit(PodRun& run, int i)
{
    ContainerRun& c = run.containers[i];
    if (!c.running)
        return;
    const Millis now = m_sim.now();
    const ImageBehavior& b = behaviorFor(c.image);
    c.running = false;
    c.ready = false;
    c.finishedAt = now;
    if (c.stopping) {
        PodPtr pod = current(run);
        const qint64 grace = std::max<qint64>(
            pod && pod->metadata.deletionGracePeriodSeconds ? *pod->metadata.deletionGracePeriodSeconds : 30,
            kMinGraceSeconds);
        const bool killed = b.ignoresSigterm || b.shutdownTime >= grace * 1000;
        c.exitCode = killed ? 137 : b.sigtermExitCode;
    } else {
        c.exitCode = b.crashExitCode;
    }
    c.exited = true;
    cancelTimers(run, TimerKind::Probe, i);
    cancelTimers(run, TimerKind::AppExit, i);
    ContainerState term;
    term.kind = ContainerState::Kind::Terminated;
    term.exitCode = c.exitCode;
    term.reason = c.exitCode == 0 ? QStringLiteral("Completed") : QStringLiteral("Error");
    term.startedAt = truncSeconds(c.startedAt);
    term.finishedAt = truncSeconds(now);
    term.containerID = c.containerID;
    c.previousTermination = c.lastTermination;
    c.lastTermination = term;
    c.waitingReason.clear();
    if (run.stage == Stage::Terminating) {
        maybeStopped(run);
        return;
    }
    writeStatus(run);
    // PLEG notices the exit at its next relist and the pod worker syncs (restart or back-off).
    arm(run, TimerKind::Resync, now + kPlegRelist);
}

void Kubelet::prefetchPod(const QString& ns, const QString& name, int stage) const
{
    const auto* element = m_s.pods.prefetch(ns, u'/', name, stage);
    if (!element || !element->second.pod)
        return;
    // deletePod() copies the pod: all of its lines.
    const char* pod = reinterpret_cast<const char*>(element->second.pod.get());
    for (std::size_t offset = 0; offset < sizeof(Pod); offset += 64)
        __builtin_prefetch(pod + offset);
}

void Kubelet::deletePod(const QString& ns, const QString& name, std::optional<qint64> gracePeriodSeconds)
{
    // The pod's run, when there is one, has the pod and its store entry at hand, and a write
    // through it (updateOwn) needs no lookup when we hear it back.
    auto* entry = m_s.pods.find(ns, u'/', name);
    PodRun* run = entry ? &entry->second : nullptr;
    PodPtr pod = run ? current(*run) : m_sim.store().get<Pod>(ns, name);
    if (!pod)
        return;
    // registry/core/pod/strategy.go CheckGracefulDelete.
    qint64 grace = gracePeriodSeconds
        ? *gracePeriodSeconds
        : (pod->spec->terminationGracePeriodSeconds ? *pod->spec->terminationGracePeriodSeconds : 30);
    if (pod->spec->nodeName.isEmpty() || pod->status.phase == QLatin1String("Succeeded")
        || pod->status.phase == QLatin1String("Failed"))
        grace = 0;
    if (grace <= 0) {
        m_sim.store().remove<Pod>(run ? storeEntry(*run) : ObjectStore::EntryHandle {}, ns, name);
        return;
    }
    if (pod->metadata.isDeleting()) {
        // A second delete may only shorten the grace period.
        if (pod->metadata.deletionGracePeriodSeconds && *pod->metadata.deletionGracePeriodSeconds <= grace)
            return;
    }
    Pod p = *pod;
    p.metadata.deletionTimestamp = m_sim.store().apiNow() + grace * 1000;
    p.metadata.deletionGracePeriodSeconds = grace;
    if (run)
        updateOwn(*run, std::move(p));
    else
        m_sim.store().update(std::move(p));
}

void Kubelet::kill(PodRun& run)
{
    PodPtr pod = current(run);
    if (!pod)
        return;
    if (run.stage == Stage::Unscheduled) {
        m_sim.store().remove<Pod>(run.ns, run.name);
        return;
    }
    if (run.stage == Stage::Terminating || run.stage == Stage::Stopped)
        return;
    if (run.stage == Stage::Bound) {
        // Not admitted yet: nothing runs; the kubelet reports and removes it.
        run.stage = Stage::Terminating;
        cancelTimers(run);
        maybeStopped(run);
        return;
    }
    run.stage = Stage::Terminating;
    run.killStart = m_sim.now();
    run.syncBusy = false;
    cancelTimers(run, TimerKind::Step);
    cancelTimers(run, TimerKind::Resync);
    cancelTimers(run, TimerKind::AppExit);
    const qint64 grace = std::max<qint64>(
        pod->metadata.deletionGracePeriodSeconds ? *pod->metadata.deletionGracePeriodSeconds : 30, kMinGraceSeconds);
    for (int i = 0; i < int(run.containers.size()); ++i) {
        ContainerRun& c = run.containers[i];
        if (!c.running)
            continue;
        const ImageBehavior& b = behaviorFor(c.image);
        event(run, i, QStringLiteral("Normal"), QStringLiteral("Killing"),
            sharedText(QStringLiteral("Stopping container %1"), c.name));
        c.stopping = true;
        const Millis exitAfter = b.ignoresSigterm ? grace * 1000 : std::min<Millis>(b.shutdownTime, grace * 1000);
        arm(run, TimerKind::AppExit, run.killStart + exitAfter, i);
    }
    maybeStopped(run);
}

void Kubelet::maybeStopped(PodRun& run)
{
    for (const auto& c : run.containers) {
        if (c.running)
            return;
    }
    run.stage = Stage::Stopped;
    cancelTimers(run, TimerKind::Probe);
    writeStatus(run);
    arm(run, TimerKind::Cleanup, m_sim.now() + m_sim.profile().latencies().podCleanup);
}

void Kubelet::cleanup(PodRun& run)
{
    m_sim.store().remove<Pod>(storeEntry(run), run.ns, run.name); // DELETED makes us forget the run
}

// ---------------------------------------------------------------------------------------------
// Status (pkg/kubelet/kubelet_pods.go generateAPIPodStatus, status/generate.go)

PodStatus Kubelet::buildStatus(const PodRun& run, const Pod& pod) const
{
    PodStatus s = pod.status;
    const Millis now = m_sim.store().apiNow();
    if (run.node >= 0 && run.node < int(m_s.nodes.size()))
        s.hostIP = m_s.nodes[run.node].hostIP;
    s.podIP = run.sandboxReady && run.stage != Stage::Stopped ? podIP(run)
                                                              : (run.stage == Stage::Stopped ? s.podIP : QString());
    const int minor = m_sim.profile().minorVersion();
    s.podIPsListed = minor >= kFirstMinorWithPodIPs;
    s.hostIPsListed = minor >= kFirstMinorWithHostIPs;
    if (run.admittedAt != kNoTime && s.startTime == kNoTime)
        s.startTime = truncSeconds(run.admittedAt);
    if (s.qosClass.isEmpty()) {
        bool any = false;
        for (const auto& c : pod.spec->containers)
            any = any || !c.resources.isEmpty();
        s.qosClass = any ? QStringLiteral("Burstable") : QStringLiteral("BestEffort");
    }
    // The containers not ready: how many, and the first one's name (a pod has one container, as a
    // rule: the list is made only for several).
    int unready = 0;
    const QString* firstUnready = nullptr;
    bool allStarted = true;
    bool anyFailed = false;
    s.containerStatuses.clear();
    const bool mountsReported = minor >= kFirstMinorReportingMounts;
    for (const auto& c : run.containers) {
        ContainerStatus cs;
        cs.name = c.name;
        // The runtime's reference once the container exists; the spec's before (as with the IDs).
        cs.image = c.everStarted ? c.statusImage : c.image;
        cs.mountsReported = c.everStarted && mountsReported;
        cs.ready = c.ready;
        cs.started = c.running;
        cs.restartCount = c.restartCount;
        // While a termination is shown as the state, lastState is the one before it.
        cs.lastState = (c.exited && c.waitingReason.isEmpty()) ? c.previousTermination : c.lastTermination;
        if (c.everStarted) {
            cs.containerID = c.containerID;
            cs.imageID = c.imageID;
        }
        if (c.running) {
            cs.state.kind = ContainerState::Kind::Running;
            cs.state.startedAt = truncSeconds(c.startedAt);
        } else if (c.exited && c.waitingReason.isEmpty()) {
            cs.state = c.lastTermination;
        } else {
            cs.state.kind = ContainerState::Kind::Waiting;
            cs.state.reason = c.waitingReason.isEmpty() ? QStringLiteral("ContainerCreating") : c.waitingReason;
            cs.state.message = c.waitingMessage;
        }
        if (!c.ready && unready++ == 0)
            firstUnready = &c.name;
        if (!c.everStarted)
            allStarted = false;
        if (c.exited && c.exitCode != 0)
            anyFailed = true;
        s.containerStatuses.push_back(std::move(cs));
    }
    if (run.stage == Stage::Stopped)
        s.phase = anyFailed ? QStringLiteral("Failed") : QStringLiteral("Succeeded");
    else
        s.phase = allStarted ? QStringLiteral("Running") : QStringLiteral("Pending");

    // The conditions are written in the same order every time: the old one of a type is looked
    // for where it was written (its type the same text), and by name only when it is not there.
    const auto& oldConds = pod.status.conditions;
    std::vector<PodCondition> conds;
    conds.reserve(5);
    auto cond = [&](const QString& type, bool ok, const QString& reason, const QString& message) {
        PodCondition c {type, ok ? QStringLiteral("True") : QStringLiteral("False"), kNoTime, now,
            ok ? QString() : reason, ok ? QString() : message};
        const std::size_t at = conds.size();
        const PodCondition* old
            = at < oldConds.size() && isSameText(oldConds[at].type, type) ? &oldConds[at] : pod.status.condition(type);
        if (old && old->status == c.status)
            c.lastTransitionTime = old->lastTransitionTime;
        return c;
    };
    // Only the False conditions carry it; one unready container (the usual case) is a shared text.
    QString unreadyMsg;
    if (unready == 1) {
        unreadyMsg = sharedText(QStringLiteral("containers with unready status: [%1]"), *firstUnready);
    } else if (unready > 1) {
        QStringList names;
        for (const auto& c : run.containers) {
            if (!c.ready)
                names << c.name;
        }
        unreadyMsg = QStringLiteral("containers with unready status: [%1]").arg(names.join(QLatin1Char(' ')));
    }
    if (m_sim.profile().minorVersion() >= 29)
        conds.push_back(
            cond(QStringLiteral("PodReadyToStartContainers"), run.sandboxReady && run.stage != Stage::Stopped, {}, {}));
    conds.push_back(cond(QStringLiteral("Initialized"), true, {}, {}));
    conds.push_back(cond(QStringLiteral("Ready"), unready == 0, QStringLiteral("ContainersNotReady"), unreadyMsg));
    // ContainersReady came with pod readiness gates (v1.11).
    if (minor >= kFirstMinorWithContainersReady)
        conds.push_back(
            cond(QStringLiteral("ContainersReady"), unready == 0, QStringLiteral("ContainersNotReady"), unreadyMsg));
    conds.push_back(cond(QStringLiteral("PodScheduled"), true, {}, {}));
    s.conditions = std::move(conds);
    return s;
}

void Kubelet::writeStatus(PodRun& run)
{
    PodPtr pod = current(run);
    if (!pod)
        return;
    PodStatus s = buildStatus(run, *pod);
    if (s == pod->status)
        return;
    // The new version: the pod's metadata and spec, and the new status (not a copy of the old
    // status overwritten: a status is ten reference counts to take and give back).
    updateOwn(run, Pod {pod->apiVersion, pod->metadata, pod->spec, std::move(s)});
}

void Kubelet::heardEntry(PodRun& run)
{
    // Called from onWatch(): the change being dispatched is this pod's, and so is its entry.
    run.storeEntry = m_sim.store().dispatchedEntry();
    run.storeEntrySeen = m_unheard;
}

ObjectStore::EntryHandle Kubelet::storeEntry(const PodRun& run) const
{
    // The entry heard with the pod's last change spares the store its lookup by name. It is good
    // while every pod change since has been heard: a DELETED one makes us forget the run.
    return run.storeEntrySeen == m_unheard ? run.storeEntry : ObjectStore::EntryHandle {};
}

void Kubelet::updateOwn(PodRun& run, Pod&& pod)
{
    PodRun* outer = m_writing;
    m_writing = &run;
    m_sim.store().update(std::move(pod), storeEntry(run));
    m_writing = outer;
}

// ---------------------------------------------------------------------------------------------
// Helpers

void Kubelet::schedulerEvent(const PodRun& run, const Pod& pod, const QString& type, const QString& reason,
    const QString& action, const QString& msg)
{
    static const QString component = QStringLiteral("default-scheduler"); // the profile's schedulerName
    ObjectReference ref = podReference(run);
    ref.resourceVersion = pod.metadata.resourceVersion; // the scheduler's copy of the pod
    EventRecorder& recorder = m_sim.recorder();
    if (m_sim.profile().minorVersion() >= kFirstMinorWithSchedulerEventsApi) {
        // events.NewBroadcaster(...).NewRecorder(scheme, schedulerName): reportingInstance is
        // "<schedulerName>-<hostname>", the host of the control plane (here the first node).
        const QString& host
            = m_s.nodeNames.isEmpty() ? QString() : m_s.nodeNames.constFirst(); // trySchedule ensured them
        if (!m_schedulerSeries || m_schedulerHost != host) {
            m_schedulerHost = host;
            m_schedulerSeries = recorder.seriesRecorder(component, component + QLatin1Char('-') + host);
        }
        recorder.recordSeries(m_schedulerSeries, run.eventObject, std::move(ref), type, reason, action, msg);
        return;
    }
    if (!m_schedulerEvents)
        m_schedulerEvents = recorder.correlator(component, {});
    recorder.record(m_schedulerEvents, EventRecorder::sourceKey(run.eventObject, component, {}), std::move(ref), type,
        reason, msg, component, {});
}

void Kubelet::event(const PodRun& run, int container, const QString& type, const QString& reason, const QString& msg)
{
    const Shared<ObjectReference>& ref = container >= 0 ? run.containers[container].involved : run.involved;
    const QString host = run.node >= 0 && run.node < int(m_s.nodes.size()) ? m_s.nodes[run.node].name : QString();
    static const QString component = QStringLiteral("kubelet");
    EventRecorder& recorder = m_sim.recorder();
    if (run.eventSourceNode != run.node) {
        run.eventSource = EventRecorder::sourceKey(run.eventObject, component, host);
        run.eventSourceNode = run.node;
    }
    EventRecorder::Correlator* caches = nullptr;
    if (run.node >= 0) {
        if (std::size_t(run.node) >= m_nodeEvents.size())
            m_nodeEvents.resize(std::size_t(run.node) + 1);
        NodeEvents& node = m_nodeEvents[std::size_t(run.node)];
        if (!node.caches || node.host != host) {
            node.host = host;
            node.caches = recorder.correlator(component, host);
        }
        caches = node.caches;
    } else {
        caches = recorder.correlator(component, host);
    }
    recorder.record(caches, run.eventSource, ref, type, reason, msg, component, host);
}

void Kubelet::setKubeletReferences(PodRun& run, const Pod& pod)
{
    // The kubelet's Events name the pod object its pod manager keeps: the version it first saw
    // (bound to its node), since updates from the API server change its spec, labels and status
    // but not its resourceVersion (kubelet/config checkAndUpdatePod). So one block per container,
    // made once.
    ObjectReference ref = podReference(run);
    ref.resourceVersion = pod.metadata.resourceVersion;
    for (std::size_t i = 0; i < run.containers.size(); ++i) {
        ObjectReference containerRef = ref;
        containerRef.fieldPath = sharedText(QStringLiteral("spec.containers{%1}"), run.containers[i].name);
        run.containers[i].involved = std::move(containerRef);
    }
    run.involved = std::move(ref);
    if (!run.containers.empty())
        run.firstContainerInvolved = &*run.containers.front().involved;
}

PodPtr Kubelet::current(const PodRun& run) const
{
    // While automatic, every pod write reaches onWatch() before anything else runs; otherwise
    // (stepping by hand, or before a resync) the store is asked.
    return m_sim.isAutomatic() ? run.pod : m_sim.store().find<Pod>(run.key);
}

const Container* Kubelet::spec(const PodRun& run, int i, PodPtr* holder) const
{
    *holder = current(run);
    if (!*holder || i < 0 || i >= int((*holder)->spec->containers.size()))
        return nullptr;
    return &(*holder)->spec->containers[i];
}

const ImageBehavior& Kubelet::behaviorFor(const QString& image) const
{
    if (const ImageBehavior* b = m_sim.profile().findImageBehavior(image))
        return *b;
    static const ImageBehavior kDefault; // every image exists and behaves as usual
    return kDefault;
}

Millis Kubelet::jitter(Millis base, int percent)
{
    const Millis spread = base * percent / 100;
    return base - spread + Millis(m_sim.rng().below(quint64(2 * spread + 1)));
}

QString Kubelet::podIP(const PodRun& run) const
{
    if (run.node < 0)
        return {};
    if (run.ipNode != run.node || run.ipOfHost != run.ipHost) {
        // "10.<244 + node / 256>.<node % 256>.<host>", without snprintf (a thousand instructions).
        char16_t digits[3][20];
        const QStringView a = numberDigits(quint64(244 + run.node / 256), 10, digits[0]);
        const QStringView b = numberDigits(quint64(run.node % 256), 10, digits[1]);
        const QStringView c = numberDigits(quint64(run.ipHost), 10, digits[2]);
        run.ip = QStringView(u"10.") % a % u'.' % b % u'.' % c;
        run.ipNode = run.node;
        run.ipOfHost = run.ipHost;
    }
    return run.ip;
}

Kubelet::Response Kubelet::respond(const QString& ns, const QString& name) const
{
    Response r;
    const auto* entry = m_s.pods.find(ns, u'/', name);
    const PodRun* found = entry ? &entry->second : nullptr;
    if (!found)
        return r;
    const PodRun& run = *found;
    int serving = -1;
    for (int i = 0; i < int(run.containers.size()) && serving < 0; ++i) {
        if (const ImageBehavior* b = m_sim.profile().findImageBehavior(run.containers[i].image);
            b && !b->version.isEmpty())
            serving = i;
    }
    if (serving < 0)
        serving = 0;
    if (serving >= int(run.containers.size()))
        return r;
    const ContainerRun& c = run.containers[serving];
    const Millis now = m_sim.now();
    if (!c.running || now < c.answersAt)
        return r;
    const ImageBehavior& b = behaviorFor(c.image);
    r.version = b.version.isEmpty() ? c.image : b.version;
    r.statusCode = (c.failsAt != kNoTime && now >= c.failsAt) ? b.failStatusCode : 200;
    QString tmpl
        = b.response.isEmpty() ? QStringLiteral("Request processed by {version} running in pod \"{pod}\"") : b.response;
    const QString node = run.node >= 0 && run.node < int(m_s.nodes.size()) ? m_s.nodes[run.node].name : QString();
    r.body = tmpl.replace(QStringLiteral("{version}"), r.version)
                 .replace(QStringLiteral("{pod}"), run.name)
                 .replace(QStringLiteral("{node}"), node);
    return r;
}

QStringList Kubelet::nodeNames() const
{
    return m_s.nodeNames.isEmpty() ? m_sim.profile().nodeNames() : m_s.nodeNames;
}

int Kubelet::podCount(const QString& node) const
{
    for (const auto& n : m_s.nodes) {
        if (n.name == node)
            return n.pods;
    }
    return 0;
}

} // namespace rl
