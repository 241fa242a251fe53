#pragma once

#include "controllers/workqueue.h"

#include <set>

namespace rl {

class Simulation;
struct WatchEvent;

/// The garbage collector (kubernetes/kubernetes pkg/controller/garbagecollector) for background
/// cascading deletion: when an owner is gone, its dependents (by owner reference UID) are deleted —
/// a Deployment's ReplicaSets at once, a ReplicaSet's pods gracefully through Kubelet::deletePod.
/// Reacts kWatchLatency after the owner's DELETED watch event.
class GarbageCollector
{
public:
    explicit GarbageCollector(Simulation& sim);
    ~GarbageCollector();
    GarbageCollector(const GarbageCollector&) = delete;
    GarbageCollector& operator=(const GarbageCollector&) = delete;

    static constexpr Millis kWatchLatency = 2;

    /// Deletes every dependent whose owners are all gone (also run after `sim load` / restore).
    void resync();

private:
    void onWatch(const WatchEvent& ev);
    void collect(const QString& item);

    Simulation& m_sim;
    int m_listener = 0;
    WorkQueue m_queue; // items: "ReplicaSet:<ns>/<name>:<uid>" or "Deployment:<ns>/<name>:<uid>"
};

} // namespace rl
