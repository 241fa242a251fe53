#pragma once

#include "api/objects.h"
#include "sim/objectstore.h"

#include <QString>

#include <queue>
#include <unordered_map>
#include <vector>

namespace rl {

/// The counts of one Deployment's pods from one instant on (until the next sample).
/// Pods are those controlled by the Deployment's ReplicaSets (owner references).
struct AvailabilitySample
{
    Millis time = 0; ///< simulated ms since the epoch
    /// Active pods: not terminating, not Succeeded/Failed — what status.replicas counts and what
    /// maxSurge bounds (controller_utils.go FilterActivePods).
    qint32 total = 0;
    qint32 ready = 0; ///< active pods with the Ready condition True
    /// Active pods ready for the ReplicaSet's minReadySeconds (podutil.IsPodAvailable), at this very
    /// instant — not the status.availableReplicas a controller last wrote.
    qint32 available = 0;
    qint32 updated = 0; ///< active pods of the new ReplicaSet (template equal to the Deployment's)
    qint32 old = 0; ///< active pods of the other ReplicaSets
    qint32 terminating = 0; ///< pods with a deletionTimestamp that still exist
    qint32 desired = 0; ///< spec.replicas
    /// RollingUpdate: replicas − maxUnavailable and replicas + maxSurge (rolloutmath, as the spec then
    /// was). Recreate promises no availability and never more than `replicas` pods: 0 and replicas.
    qint32 floor = 0;
    qint32 ceiling = 0;
    bool rollingUpdate = true;

    bool sameValues(const AvailabilitySample& o) const;
    bool operator==(const AvailabilitySample&) const = default;
};

enum class RolloutMarkerKind {
    Created, ///< the Deployment was created
    Update, ///< the pod template changed: a new revision rolls out
    Rollback, ///< the template went back to an existing old ReplicaSet's (rollout undo, or an old manifest)
    Paused,
    Resumed,
    Scaled, ///< spec.replicas changed
    DeadlineExceeded, ///< Progressing condition became ProgressDeadlineExceeded
    Complete, ///< `kubectl rollout status` would report "successfully rolled out" (spec 7.2)
};
QString markerKindName(RolloutMarkerKind k); // "update", "rollback", ... (stable identifiers, CSV)

struct RolloutMarker
{
    Millis time = 0;
    RolloutMarkerKind kind = RolloutMarkerKind::Update;
    QString detail; ///< e.g. the new image, "revision 1", "3 → 5"
    bool operator==(const RolloutMarker&) const = default;
};

/// What a pod was doing, as a bar of the timeline shows it.
enum class PodPhaseState {
    Pending, ///< not scheduled yet
    Creating, ///< scheduled; image pull / container creation
    Running, ///< a container runs but the pod is not ready (yet)
    Ready, ///< ready, receives traffic, not yet available (minReadySeconds)
    Available,
    NotReady, ///< was ready, lost readiness
    Failing, ///< a container waits with an error (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, ...)
    Terminating,
    Finished, ///< phase Succeeded or Failed
};
QString podStateName(PodPhaseState s);

struct PodSegment
{
    Millis start = 0;
    PodPhaseState state = PodPhaseState::Pending;
    bool operator==(const PodSegment&) const = default;
};

/// One pod across time.
struct PodBar
{
    QString ns;
    QString name;
    QString replicaSet;
    int versionIndex = -1; ///< versionIndex() of its ReplicaSet
    qint64 revision = 0; ///< firstRevision() of its ReplicaSet
    QString image; ///< first container's image
    Millis created = kNoTime; ///< time of the ADDED watch event (ms)
    Millis creationTimestamp = kNoTime; ///< metadata.creationTimestamp (whole seconds)
    Millis scheduled = kNoTime;
    Millis firstReady = kNoTime;
    Millis firstAvailable = kNoTime;
    Millis terminating = kNoTime; ///< when the deletionTimestamp appeared
    Millis gone = kNoTime; ///< time of the DELETED event; kNoTime while it exists
    std::vector<PodSegment> segments; ///< state changes, oldest first; each lasts until the next or the end

    /// End of the bar: `gone`, or `now` while the pod exists.
    Millis end(Millis now) const { return gone != kNoTime ? gone : now; }
    bool operator==(const PodBar&) const = default;
};

/// Reads one Deployment's story out of the store's watch history in one pass: the pod counts at
/// every instant they change (availability included, which changes with time alone when
/// minReadySeconds > 0), the rollout markers, and one bar per pod. Incremental: update() processes
/// only the events appended since the last call, and starts over when the history was truncated or
/// belongs to another simulation (snapshot restore, time scrubbing). Linear in the history.
class RolloutAnalysis
{
public:
    /// An empty `name` follows the first Deployment that appears in the history.
    explicit RolloutAnalysis(const QString& ns = {}, const QString& name = {});

    void setDeployment(const QString& ns, const QString& name);
    QString deploymentNamespace() const { return m_ns; }
    QString deploymentName() const { return m_name; }

    /// Processes the events not seen yet, then the availability changes up to `now`.
    void update(const std::vector<WatchEvent>& history, Millis now);
    void reset();

    /// One sample per instant at which a value changed, oldest first; values hold until the next.
    const std::vector<AvailabilitySample>& samples() const { return m_samples; }
    /// The values at `t` (a zero sample before the Deployment appears).
    AvailabilitySample at(Millis t) const;
    const std::vector<RolloutMarker>& markers() const { return m_markers; }
    const std::vector<PodBar>& pods() const { return m_bars; }
    /// Index into pods() of the named pod, -1 if none.
    int podIndex(const QString& ns, const QString& name) const;
    /// Version index (versionIndex()) of the Deployment's new ReplicaSet now, -1 if none.
    int newVersionIndex() const;
    /// Time of the last update().
    Millis now() const { return m_now; }
    /// Number of history events consumed so far.
    std::size_t processed() const { return m_processed; }
    /// Bumped whenever samples, markers or bars changed (cheap change detection for views).
    quint64 revision() const { return m_revision; }

private:
    struct Contribution
    {
        bool active = false;
        bool ready = false;
        bool available = false;
        bool terminating = false;
    };
    struct PodInfo
    {
        PodPtr pod;
        QString rs;
        int bar = -1;
        bool wasReady = false;
        Contribution c;
    };
    struct RsInfo
    {
        ReplicaSetPtr rs;
        qint32 minReadySeconds = 0;
        qint32 active = 0;
    };
    struct Pending
    {
        Millis at;
        QString podKey;
        bool operator>(const Pending& o) const { return at > o.at; }
    };

    void apply(const WatchEvent& e);
    void onDeployment(const WatchEvent& e, const DeploymentPtr& d);
    void onReplicaSet(const WatchEvent& e, const ReplicaSetPtr& rs);
    void onPod(const WatchEvent& e, const PodPtr& pod);
    void refreshPod(const QString& key, PodInfo& info, Millis t);
    void flushPending(Millis upTo, bool inclusive);
    void findNewReplicaSet();
    void emitSample(Millis t);
    bool owns(const ReplicaSet& rs) const;
    static const void* identity(const ObjectPtr& p);

    QString m_ns;
    QString m_name;
    bool m_follow = false; // follow the first Deployment seen

    std::size_t m_processed = 0;
    const void* m_lastObject = nullptr;
    Millis m_now = 0;
    quint64 m_revision = 0;

    DeploymentPtr m_deployment;
    bool m_rolloutPending = false;
    QString m_newRs;
    std::unordered_map<QString, RsInfo, QStringHash> m_rs;
    std::unordered_map<QString, PodInfo, QStringHash> m_pods;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> m_pending;
    qint32 m_total = 0;
    qint32 m_ready = 0;
    qint32 m_available = 0;
    qint32 m_terminating = 0;

    std::vector<AvailabilitySample> m_samples;
    std::vector<RolloutMarker> m_markers;
    std::vector<PodBar> m_bars;
    std::unordered_map<QString, int, QStringHash> m_barIndex;
};

} // namespace rl
