#pragma once

// What a pod tile shows: the pod's state as Kubernetes reports it, classified for the grid.
// Derived only from what the API shows (status.phase, conditions, containerStatuses, metadata
// deletionTimestamp/deletionGracePeriodSeconds) and, for "pulling", the pod's kubelet events
// (`kubectl describe pod` shows them): while an image is being pulled a real kubelet reports the
// container as waiting with reason ContainerCreating, exactly as while it creates the container;
// only the Normal `Pulling` event (not yet followed by `Pulled`/`Failed`/`BackOff`) tells them apart.

#include "api/objects.h"
#include "sim/objectstore.h"

#include <QHash>
#include <QString>

#include <memory>

namespace rl {

enum class PodVisualState {
    Pending, // accepted, not yet scheduled or not yet admitted by a kubelet (no container status)
    Pulling, // a container's image is being pulled (kubelet event Pulling is the latest)
    Creating, // waiting ContainerCreating / PodInitializing: sandbox, create, start
    Running, // phase Running but Ready is False (probe not passed yet, restarted container, ...)
    Ready, // Ready is True but minReadySeconds have not elapsed yet
    Available, // ready for more than minReadySeconds (podutil.IsPodAvailable)
    Terminating, // deletionTimestamp set (kubectl's STATUS "Terminating")
    Failed, // a container waits with an error reason, has terminated with an error, or phase Failed
};

/// Display name of a state (interface text, e.g. for the legend).
QString podVisualStateName(PodVisualState s);

/// The pod's kubelet image events, as `kubectl describe pod` lists them: for each pod uid the
/// latest of Pulling / Pulled / Failed / BackOff / Created / Started. Events aggregate (one object
/// per reason and message whose count and lastTimestamp grow), so "latest" is the greatest
/// (lastTimestamp, resourceVersion): two events of the same second are ordered by their write.
class PodEventIndex
{
public:
    /// Rebuilds the index from the store's events (cheap when nothing was written since).
    void rebuild(const ObjectStore::Listing<Event>& events, quint64 storeResourceVersion);
    /// Reason of the pod's latest image-related kubelet event, empty if none.
    QString latestReason(const QString& podUid) const;
    bool isPulling(const QString& podUid) const { return latestReason(podUid) == QLatin1String("Pulling"); }
    void clear();

private:
    struct Latest
    {
        Millis time = kNoTime;
        quint64 rv = 0;
        QString reason;
    };
    QHash<QString, Latest> m_latest;
    quint64 m_builtAt = 0;
    std::size_t m_builtCount = 0;
};

struct PodStateInfo
{
    PodVisualState state = PodVisualState::Pending;
    /// For Failed: the waiting/terminated reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff,
    /// Error, ...); otherwise kubectl's STATUS column (Pending, ContainerCreating, Running, ...).
    QString reason;
    /// Ready: fraction of minReadySeconds elapsed since the Ready condition's lastTransitionTime (0..1).
    double readyProgress = 0;
    /// Terminating: fraction of the grace period still left (1 at deletion, 0 at deletionTimestamp).
    double graceLeft = 0;
    /// Terminating: whole seconds of the grace period left (rounded up, 0 when past it).
    qint64 graceSecondsLeft = 0;
    bool operator==(const PodStateInfo&) const = default;
};

/// Classifies a pod as the grid shows it. `minReadySeconds` is its ReplicaSet's
/// spec.minReadySeconds, `now` the simulated time (ms), `pulling` whether PodEventIndex says a
/// pull is in flight.
PodStateInfo classifyPod(const Pod& pod, qint32 minReadySeconds, Millis now, bool pulling = false);

/// The same pod, later: a tile classified Ready or Terminating moves with time alone (the ring
/// fills, the countdown runs, Ready turns Available). Equal to classifyPod(pod, ..., now) for an
/// unchanged pod, without re-reading its status.
PodStateInfo advancePodState(const PodStateInfo& before, const Pod& pod, qint32 minReadySeconds, Millis now);

} // namespace rl
