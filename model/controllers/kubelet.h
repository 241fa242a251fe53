#pragma once

#include "api/objects.h"
#include "controllers/eventrecorder.h"
#include "sim/eventqueue.h"
#include "sim/keyindex.h"
#include "sim/objectstore.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace rl {

class Simulation;
struct ImageBehavior;

/// The scheduler and the kubelets of the simulated nodes: pod scheduling, image pulls, container
/// start, probes, crashes and termination (spec section 6).
///
/// Cost model: nothing polls. Every pod carries a few timers (next pod-worker step, readiness probe
/// tick, app exit, kill deadline) that are armed only when something will change; a pod whose
/// containers run and whose readiness is settled costs nothing until it is deleted. All state is
/// plain data (State), so a snapshot copies it and a restore re-arms the timers.
class Kubelet
{
public:
    explicit Kubelet(Simulation& sim);
    ~Kubelet();
    Kubelet(const Kubelet&) = delete;
    Kubelet& operator=(const Kubelet&) = delete;

    /// Graceful deletion through the API server (spec 6.6): sets deletionTimestamp = now + grace and
    /// deletionGracePeriodSeconds (grace = the argument, else spec.terminationGracePeriodSeconds,
    /// else 30); the kubelet then stops the containers and removes the pod object.
    /// A grace of 0 removes the object at once (`--grace-period=0 --force`), and so does deleting
    /// a pod that is not bound to a node (the API server's pod strategy does the same).
    void deletePod(const QString& ns, const QString& name, std::optional<qint64> gracePeriodSeconds = std::nullopt);
    /// For a caller about to deletePod() many pods: asks for what deletePod(ns, name) will read,
    /// one step a call (stages 0, 1, 2, each a deletion or so before the next; see
    /// KeyIndex::prefetch()): the pod's run, then its key and its pod object.
    void prefetchPod(const QString& ns, const QString& name, int stage) const;

    /// Rebuilds pending work from the store: adopts pods it does not know (e.g. `sim load`), forgets
    /// pods that are gone, and re-arms every timer. Called by Simulation::setAutomatic(true).
    void resync();
    /// The ClusterProfile changed: nodes that it adds, or a larger maxPods, are the scheduler's
    /// Node/Add and Node/UpdateNodeAllocatable events (Fit's isSchedulableAfterNodeChange): they
    /// move every unschedulable pod back to be tried, as a deletion that makes room does.
    void clusterChanged();

    /// What the application behind a pod answers to an HTTP request right now (traffic, spec 8).
    struct Response
    {
        int statusCode = 0; // 0: connection refused (no process listening)
        QString version; // ImageBehavior version text
        QString body; // response line (ImageBehavior response template)
    };
    Response respond(const QString& ns, const QString& name) const;

    /// Names of the simulated nodes (from the ClusterProfile) and how many pods each one runs.
    QStringList nodeNames() const;
    int podCount(const QString& node) const;

    // ---- state, as plain data (for snapshots) ----
    enum class TimerKind { Schedule, Admit, Step, Resync, Probe, AppExit, Kill, Cleanup };
    struct Timer
    {
        Millis at = 0;
        TimerKind kind = TimerKind::Step;
        int container = -1;
        EventQueue::Id queueId = 0; // 0: not scheduled in the queue (not part of the state)
    };
    struct ContainerRun
    {
        QString name;
        // The involvedObject of its Events: the pod, with fieldPath "spec.containers{<name>}". One
        // block for all of them (see Shared).
        Shared<ObjectReference> involved;
        QString imageID; // "<repository>@sha256:<digest>" of `image`, as containerStatuses report it
        QString image;
        // containerStatuses' image once the container exists: containerd reports the image's first
        // reference, normalized ("nginx:1.27" is "docker.io/library/nginx:1.27").
        QString statusImage;
        bool ready = false;
        bool running = false;
        bool everStarted = false;
        bool exited = false; // terminated, waiting for a restart decision
        bool stopping = false; // SIGTERM sent
        Millis startedAt = kNoTime; // exact (ms)
        Millis finishedAt = kNoTime; // exact (ms)
        qint32 exitCode = 0;
        qint32 signal = 0;
        qint32 restartCount = 0;
        QString containerID;
        QString waitingReason = QStringLiteral("ContainerCreating");
        QString waitingMessage;
        ContainerState lastTermination; // most recent termination
        ContainerState previousTermination; // the one before (lastState while showing a termination)
        // image pull back-off (client-go flowcontrol.Backoff semantics)
        Millis pullBackoff = 0;
        Millis pullBackoffUpdated = kNoTime;
        bool imagePresent = false; // pulled for this container at least once
        // restart back-off
        Millis crashBackoff = 0;
        Millis crashBackoffUpdated = kNoTime;
        // readiness probe worker (prober/worker.go)
        int lastProbeResult = -1; // -1 unknown, 0 failure, 1 success
        int probeRun = 0;
        bool probeArmed = false;
        // app behaviour of the current process
        Millis answersAt = kNoTime; // start-up done
        Millis failsAt = kNoTime; // starts answering failStatusCode
        Millis crashesAt = kNoTime;
    };
    /// A pod's pending timers by id, in arming order (ids only grow). A pod has one to three at a
    /// time, so a small vector that keeps its capacity beats a tree node per timer.
    struct Timers : std::vector<std::pair<quint64, Timer>>
    {
        void emplace(quint64 id, const Timer& t) { emplace_back(id, t); }
        iterator find(quint64 id)
        {
            return std::find_if(begin(), end(), [id](const auto& e) { return e.first == id; });
        }
        Timer& at(quint64 id) { return find(id)->second; }
    };
    enum class Stage { Unscheduled, Bound, Running, Terminating, Stopped };
    struct PodRun
    {
        QString ns;
        QString name;
        QString key; // objectKey(ns, name)
        QString uid;
        // The pod as last written, kept by the watch (while automatic): the pod workers read it
        // here instead of looking it up in the store on every step (see current()).
        PodPtr pod;
        // The pod's store entry, heard with it (heardEntry()), and m_unheard then.
        ObjectStore::EntryHandle storeEntry;
        quint64 storeEntrySeen = 0;
        Stage stage = Stage::Unscheduled;
        int node = -1;
        int ipHost = 0;
        // podIP() of (node, ipHost), kept so that a status write does not format it again.
        mutable QString ip;
        mutable int ipNode = -1;
        mutable int ipOfHost = -1;
        bool sandboxReady = false;
        bool unschedulableReported = false; // the PodScheduled=False status is written
        bool waitingForRoom = false; // in State::unschedulable
        int failedAttempts = 0; // scheduling attempts that found no room
        Millis lastFailure = kNoTime; // the last of them (the scheduling queue's timestamp)
        bool syncBusy = false; // a pod-worker step sequence is in flight
        int syncContainer = 0; // container the pod worker is on
        int syncStage = 0; // 0 pull, 1 create, 2 start
        bool syncFailed = false; // some container could not start in this pass
        bool resyncPending = false; // something changed while the pod worker was busy
        Millis pullRequested = 0;
        Millis pullDuration = 0;
        Millis admittedAt = kNoTime;
        Millis probePhase = 0;
        Millis killStart = kNoTime;
        std::vector<ContainerRun> containers;
        Timers timers;
        // EventRecorder::sourceKey() of this pod's kubelet events, for the node it was computed
        // for (-2: none yet); a pod has a handful of events, all from the kubelet of its node.
        // Both it and the scheduler's start from eventObject, the pod's
        // EventRecorder::involvedKey(), taken when the run is made.
        mutable EventRecorder::KeyHasher eventSource;
        mutable int eventSourceNode = -2;
        EventRecorder::KeyHasher eventObject;
        Shared<ObjectReference> involved; // the involvedObject of its Events about the whole pod
        // The first container's involvedObject, for the queue's prefetcher only (see schedule()):
        // it can reach this before the containers themselves are in cache.
        const ObjectReference* firstContainerInvolved = nullptr;
    };
    struct NodeRun
    {
        QString name;
        QString hostIP;
        int pods = 0;
        quint64 tie = 0;
        std::vector<bool> usedIps;
        int nextIp = 2;
        std::map<QString, Millis> images; // image -> time it is (or will be) present
        Millis pullerBusyUntil = 0;
    };
    struct State
    {
        // objectKey(ns, name). Elements stay in place, so timers can point at their run. Where the order
        // is observable (resync arms timers), the keys are walked sorted (sortedRuns()).
        KeyIndex<PodRun> pods;
        std::vector<NodeRun> nodes;
        QStringList nodeNames;
        std::set<std::tuple<int, quint64, int>> nodeOrder; // (pods, tie, index): least loaded first
        std::deque<QString> unschedulable;
        int maxPods = 0; // the profile's maxPodsPerNode when last scheduling or told of a change
        quint64 nextTimer = 1;
        quint64 nextContainer = 1;
    };
    const State& state() const { return m_s; }
    /// Replaces the state (snapshot restore) and re-arms its timers.
    void restoreState(const State& s);

private:
    void onWatch(int type, const PodPtr& pod);
    void ensureNodes();
    /// The run of a pod, created on first sight; either way it keeps `pod` as the latest version.
    PodRun& track(const PodPtr& pod, bool* inserted = nullptr);
    quint64 arm(PodRun& run, TimerKind kind, Millis at, int container = -1);
    void schedule(PodRun& run, quint64 timerId, Millis at);
    void cancelTimers(PodRun& run, std::optional<TimerKind> kind = std::nullopt, int container = -2);
    /// Runs the timer of `run` that the queue event `queueId` was scheduled for.
    void fire(PodRun& run, EventQueue::Id queueId);

    void trySchedule(PodRun& run);
    void bind(PodRun& run, int node);
    void unbind(PodRun& run);
    /// MoveAllToActiveOrBackoffQueue after an assigned pod's deletion: every unschedulable pod
    /// is tried again, in the order of its last failure, once its back-off is over.
    void moveUnschedulable();
    /// The scheduling queue's back-off after `attempts` attempts (v1.14 and later).
    static Millis backoffDuration(int attempts);
    void admit(PodRun& run);
    void startSync(PodRun& run);
    void step(PodRun& run);
    void finishSync(PodRun& run);
    void containerStarted(PodRun& run, int i);
    void appExit(PodRun& run, int i);
    void probe(PodRun& run, int i);
    void armProbe(PodRun& run, int i, Millis from);
    void kill(PodRun& run);
    void maybeStopped(PodRun& run);
    void cleanup(PodRun& run);
    void forget(const QString& key);
    void forget(KeyIndex<PodRun>::value_type* entry);
    /// The tracked pod of objectKey(ns, name), or nullptr.
    PodRun* findRun(const QString& key) const;
    /// The tracked pods in key order, for the walks whose order is observable.
    std::vector<PodRun*> sortedRuns();

    void writeStatus(PodRun& run);
    /// Writes a pod that `run` runs; onWatch() then finds the run without looking it up.
    void updateOwn(PodRun& run, Pod&& pod);
    /// The pod's store entry for ObjectStore::update() and remove(), or a null handle when it
    /// cannot be trusted (they then look the pod up by name).
    ObjectStore::EntryHandle storeEntry(const PodRun& run) const;
    /// Keeps the store entry of the pod change being heard (onWatch()) for storeEntry().
    void heardEntry(PodRun& run);
    PodStatus buildStatus(const PodRun& run, const Pod& pod) const;
    /// An Event of the kubelet of the run's node about the pod, or one of its containers.
    void event(const PodRun& run, int container, const QString& type, const QString& reason, const QString& msg);
    /// An Event of the scheduler about the pod, `pod` being its copy; `action` is the
    /// events.k8s.io action ("Binding", "Scheduling").
    void schedulerEvent(const PodRun& run, const Pod& pod, const QString& type, const QString& reason,
        const QString& action, const QString& msg);
    /// Sets the involvedObjects of the kubelet's Events about the run's pod and its containers
    /// from `pod`, the version the kubelet first sees bound to its node.
    void setKubeletReferences(PodRun& run, const Pod& pod);
    /// When the scheduler tries an unschedulable pod again without a deletion making room, or
    /// kNoTime for never.
    Millis nextSchedulingAttempt(const PodRun& run) const;
    /// The scheduling queue (pkg/scheduler/internal/queue, later backend/queue): the priority
    /// queue with its unschedulable pods, on by default since v1.11 (the PodPriority feature);
    /// the period of flushUnschedulablePodsLeftover (kubernetes#72558, v1.14 and 1.13 patch
    /// releases; ClusterProfile knows the minor version only), and the release that made
    /// podMaxInUnschedulablePodsDuration 5 min (kubernetes#108761).
    static constexpr int kFirstMinorWithSchedulingQueue = 11;
    static constexpr Millis kUnschedulableFlushPeriod = 30 * 1000;
    static constexpr int kFirstMinorWithUnschedulableFlush = 14;
    static constexpr int kFirstMinorWithLongUnschedulableTimeout = 24;
    /// The back-off queue (v1.14): a pod that a cluster event moves waits out its back-off there,
    /// podInitialBackoffSeconds (1 s) doubled at each attempt, at most podMaxBackoffSeconds (10 s),
    /// from its last failure; flushBackoffQCompleted moves it on every second.
    static constexpr int kFirstMinorWithBackoffQueue = 14;
    static constexpr Millis kInitialBackoff = 1000;
    static constexpr Millis kMaxBackoff = 10 * 1000;
    static constexpr Millis kBackoffFlushPeriod = 1000;
    static constexpr int kFirstMinorWithContainersReady = 11;
    /// The kubelet reports each container's volume mounts in its status since v1.31
    /// (RecursiveReadOnlyMounts, beta and on by default).
    static constexpr int kFirstMinorReportingMounts = 31;
    static constexpr int kFirstMinorWithPodIPs = 16; // status.podIPs
    static constexpr int kFirstMinorWithHostIPs = 29; // status.hostIPs (PodHostIPs beta)
    /// kube-scheduler records through events.k8s.io since v1.16 (kubernetes#78447).
    static constexpr int kFirstMinorWithSchedulerEventsApi = 16;
    const Container* spec(const PodRun& run, int i, PodPtr* holder) const;
    /// The pod of a run as the store has it now, or nullptr.
    PodPtr current(const PodRun& run) const;
    /// The profile's behaviour of `image`, or the default one (valid until the profile changes).
    const ImageBehavior& behaviorFor(const QString& image) const;
    Millis jitter(Millis base, int percent);
    QString podIP(const PodRun& run) const;
    /// The kubelet's Pulled message for `image`, pulled in `pull` after `waited` since the pull
    /// was asked for (the size is printed from v1.30 on); the same parts give the same shared text.
    QString pulledMessage(const QString& image, Millis pull, Millis waited, int minor, qint64 size);

    Simulation& m_sim;
    int m_listener = 0;
    PodRun* m_writing = nullptr; // the run whose pod updateOwn() is writing
    quint64 m_unheard = 0; // pod changes not heard (while not automatic)
    State m_s;
    // The event caches (EventRecorder::correlator()) of each node's kubelet, with the node name
    // they were taken for, and of the scheduler: every Event of a pod goes through one of them.
    struct NodeEvents
    {
        QString host;
        EventRecorder::Correlator* caches = nullptr;
    };
    std::vector<NodeEvents> m_nodeEvents;
    EventRecorder::Correlator* m_schedulerEvents = nullptr;
    EventRecorder::SeriesRecorder* m_schedulerSeries = nullptr; // of the scheduler on m_schedulerHost
    QString m_schedulerHost;
    struct PulledText
    {
        QString image;
        Millis pull = -1;
        Millis waited = -1;
        qint64 size = -1;
        int minor = -1;
        QString text;
    };
    std::array<PulledText, 64> m_pulledTexts; // pulledMessage()'s texts, by a hash of their parts
};

} // namespace rl
