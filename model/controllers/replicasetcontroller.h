#pragma once

#include "api/objects.h"
#include "controllers/workqueue.h"
#include "sim/keyindex.h"
#include "sim/objectstore.h"

#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace rl {

class Simulation;
struct WatchEvent;

/// The ReplicaSet controller (kubernetes/kubernetes pkg/controller/replicaset/replica_set.go, spec
/// section 5): keeps `spec.replicas` active pods per ReplicaSet (slow-start creation batches, the
/// deletion ranking of 5.3) and writes the ReplicaSet status.
///
/// Reacts to watch events of ReplicaSets and pods after kWatchLatency (a key is queued once).
/// Keeps a per-ReplicaSet pod index with incremental counters, so a sync costs O(1) plus the pods
/// it creates or deletes (ranking for deletion is O(n log n) over the ReplicaSet's active pods).
/// Creates and deletes are synchronous writes, so the expectations of the real controller are
/// always satisfied at the next sync and are not modelled.
class ReplicaSetController
{
public:
    explicit ReplicaSetController(Simulation& sim);
    ~ReplicaSetController();
    ReplicaSetController(const ReplicaSetController&) = delete;
    ReplicaSetController& operator=(const ReplicaSetController&) = delete;

    /// Delay between a watch event and the sync it triggers (informer + work queue latency).
    static constexpr Millis kWatchLatency = 2;
    static constexpr int kBurstReplicas = 500;

    /// Exactly one sync of "namespace/name" (used by `sim sync rs/NAME` and by the work queue).
    void syncReplicaSet(const QString& key);
    /// Rebuilds the pod index from the store and queues every ReplicaSet.
    void resync();

    /// Pods controlled by the ReplicaSet `rsKey` with uid `rsUid` whose phase is not
    /// Succeeded/Failed, terminating ones included (Recreate's oldPodsRunning).
    int nonTerminalPods(const QString& rsKey, const QString& rsUid) const;
    /// Names of the pods controlled by the ReplicaSet (any state).
    std::vector<QString> podNames(const QString& rsKey, const QString& rsUid) const;

private:
    struct PodInfo
    {
        PodPtr pod;
        bool active = false;
        bool ready = false;
        bool nonTerminal = false;
        bool fullyLabeled = false;
        Millis readySince = kNoTime;
        // Deletion-ranking inputs, computed once per pod write rather than on every scale-down
        // (podsToDelete runs once per scale-down step over all active pods of the ReplicaSet).
        int node = 0; // nodeId(spec.nodeName)
        int phase = 0; // podPhaseToOrdinal
        int cost = 0; // controller.kubernetes.io/pod-deletion-cost
        int restarts = 0; // max container restartCount
        bool unassigned = false; // spec.nodeName empty
        Millis created = kNoTime; // metadata.creationTimestamp
        quint64 uidKey = 0; // the first four UTF-16 code units of metadata.uid, in string order
        std::size_t groupPos = 0; // position in its Group::pods (active pods only)
        int labelsVersion = -1; // Index::labelsVersion that fullyLabeled was computed against
    };
    /// Active pods that share the leading fields of the deletion ranking that do not depend on
    /// time: node (so "unassigned" and the pods-on-node count), phase, readiness and deletion cost.
    /// podsToDelete ranks only the groups that can hold victims, not every active pod.
    using GroupKey = std::tuple<int, int, bool, int>; // node, phase, ready, cost
    /// A pod of a group, with the inputs of its ranking that vary within the group: a scale-down
    /// step reads these in a row instead of every candidate's PodInfo, scattered and cold.
    struct Member
    {
        PodInfo* info = nullptr;
        Millis readySince = kNoTime;
        Millis created = kNoTime;
        quint64 uidKey = 0;
        int restarts = 0;
    };
    struct Group
    {
        std::vector<Member> pods;
    };
    struct Index
    {
        Index() = default;
        Index(const Index&) = delete; // groups point into pods
        Index& operator=(const Index&) = delete;
        // The ReplicaSet's key, one text that every pod's Owner shares (so the work queue sees
        // the same key again, not an equal one).
        QString key;
        // pod name -> info. Hashed: a pod write costs a hash lookup instead of two tree walks of
        // string comparisons; the few callers that expose an order (podNames, podsToDelete) sort.
        // KeyIndex elements stay in place, so the groups can point at them.
        KeyIndex<PodInfo> pods;
        std::vector<int> activeOnNode; // node id -> active pods of this ReplicaSet on that node
        int active = 0;
        int ready = 0;
        int nonTerminal = 0;
        int fullyLabeled = 0;
        std::map<Millis, int> readyTimes; // active ready pods by Ready lastTransitionTime
        std::map<GroupKey, Group> groups; // active pods by deletion-ranking group
        Labels labelsForFullyLabeled;
        bool labelsKnown = false;
        int labelsVersion = 0; // counts the changes of labelsForFullyLabeled
    };

    void onWatch(const WatchEvent& ev);
    /// The index of a ReplicaSet (created, with the labels of its template, when missing).
    Index& indexFor(const QString& rsKey);
    /// Fills `info` from the pod (the deletion-ranking inputs and the flags that are counted).
    /// `previous`, the entry of an earlier version of the pod, lends what comes from fields the
    /// new version shares with it (labels, node name, annotations: copies share their data).
    void fillInfo(const Index& idx, const PodPtr& pod, PodInfo& info, const PodInfo* previous = nullptr);
    /// Adds (delta +1) or takes away (-1) the pod's share of the index's counters.
    void count(Index& idx, const PodInfo& info, int delta);
    /// Where a pod is indexed: its ReplicaSet's key, the Index (m_index nodes stay in place, and
    /// an Index is erased only once it has no pods) and its entry there (KeyIndex elements stay
    /// in place until erased). A pod's owner entry and its index entry come and go together.
    struct Owner
    {
        QString key;
        Index* index = nullptr;
        PodInfo* info = nullptr;
    };
    Owner indexAdd(const QString& rsKey, const PodPtr& pod);
    /// A pod already indexed under this ReplicaSet changed: its entry is updated in place.
    void indexUpdate(const Owner& owner, const PodPtr& pod);
    void indexRemove(const QString& rsKey, const QString& podName);
    static void groupAdd(Index& idx, PodInfo& info);
    static void groupRemove(Index& idx, const PodInfo& info);
    void refreshFullyLabeled(Index& idx, const Labels& templateLabels);
    qint32 availableCount(const Index& idx, qint32 minReadySeconds, Millis now) const;
    void manageReplicas(const ReplicaSet& rs, Index& idx);
    std::vector<QString> podsToDelete(const ReplicaSet& rs, const Index& idx, int count) const;
    void enqueue(const QString& key);
    /// A small dense id per node name ("" = unassigned), so per-node counts are vector slots.
    int nodeId(const QString& nodeName);

    Simulation& m_sim;
    int m_listener = 0;
    WorkQueue m_queue;
    std::map<QString, Index> m_index; // ReplicaSet key -> its pods
    KeyIndex<int> m_nodeIds; // node name -> nodeId(); ids are never reused or dropped
    // pod key -> where it is indexed (hashed: looked up on every pod write, never iterated). Each
    // pod's element is also left in its store entry (attachment m_attachment), where a pod write
    // finds it without a lookup.
    KeyIndex<Owner> m_podOwner;
    int m_attachment = -1;
};

} // namespace rl
