#pragma once

#include "api/objects.h"
#include "controllers/workqueue.h"

#include <vector>

namespace rl {

class Simulation;
struct WatchEvent;

/// The Deployment controller (kubernetes/kubernetes pkg/controller/deployment, spec sections 2-4):
/// level-triggered syncs that perform at most one kind of replica change each, write the status,
/// and are triggered again by the resulting watch events (after kWatchLatency, deduplicated like
/// a work queue) or by the progress-deadline timer.
class DeploymentController
{
public:
    explicit DeploymentController(Simulation& sim);
    ~DeploymentController();
    DeploymentController(const DeploymentController&) = delete;
    DeploymentController& operator=(const DeploymentController&) = delete;

    /// Delay between a watch event and the sync it triggers (informer + work queue latency).
    static constexpr Millis kWatchLatency = 3;
    /// Retry delay after a failed sync (the work queue's first rate-limited back-off step).
    static constexpr Millis kRetryDelay = 5;
    /// The queue's shared token bucket (client-go DefaultControllerRateLimiter: 10 per second,
    /// burst 100), which paces every rate-limited requeue.
    static constexpr double kBucketRate = 10.0;
    static constexpr double kBucketBurst = 100.0;

    /// Exactly one sync of "namespace/name" (`sim sync deployment/NAME` and the work queue).
    void syncDeployment(const QString& key);
    /// Drops pending work and queues every Deployment.
    void resync();

private:
    struct Sets
    {
        ReplicaSetPtr newRs;
        std::vector<ReplicaSetPtr> old;
        bool ok = true;
        std::vector<ReplicaSetPtr> all() const;
    };

    void onWatch(const WatchEvent& ev);
    void enqueue(const QString& key, Millis delay = kWatchLatency);
    /// dc.enqueueRateLimited: AddRateLimited with client-go's DefaultControllerRateLimiter, the
    /// larger of the per-item exponential back-off (5 ms, reset by Forget after every successful
    /// sync, so always its first step here) and the queue's token bucket (10/s, burst 100).
    void enqueueRateLimited(const QString& key);
    void enqueueOwner(const ReplicaSet& rs);

    std::vector<ReplicaSetPtr> claimReplicaSets(const Deployment& d);
    std::vector<ReplicaSetPtr> refresh(const std::vector<ReplicaSetPtr>& rss) const;
    Sets getAllReplicaSetsAndSyncRevision(Deployment& d, const std::vector<ReplicaSetPtr>& rsList, bool create);
    ReplicaSetPtr getNewReplicaSet(Deployment& d, const std::vector<ReplicaSetPtr>& rsList,
        const std::vector<ReplicaSetPtr>& oldRss, bool create, bool& ok);

    bool checkPausedConditions(Deployment& d);
    void sync(Deployment& d, const std::vector<ReplicaSetPtr>& rsList);
    bool isScalingEvent(Deployment& d, const std::vector<ReplicaSetPtr>& rsList);
    void scale(Deployment& d, const ReplicaSetPtr& newRs, std::vector<ReplicaSetPtr> oldRss);
    void rollback(Deployment& d, const std::vector<ReplicaSetPtr>& rsList);
    void clearRollbackTo(Deployment& d);
    void rolloutRolling(Deployment& d, const std::vector<ReplicaSetPtr>& rsList);
    void rolloutRecreate(Deployment& d, const std::vector<ReplicaSetPtr>& rsList);
    bool oldPodsRunning(const ReplicaSetPtr& newRs, const std::vector<ReplicaSetPtr>& oldRss,
        const std::vector<ReplicaSetPtr>& rsList) const;
    void cleanupDeployment(const std::vector<ReplicaSetPtr>& oldRss, const Deployment& d);

    /// scaleReplicaSetAndRecordEvent: no-op when the size is already `newScale`.
    bool scaleReplicaSetAndRecordEvent(ReplicaSetPtr& rs, qint32 newScale, const Deployment& d);
    /// scaleReplicaSet: writes size + replicas annotations; records an event if the size changed.
    bool scaleReplicaSet(ReplicaSetPtr& rs, qint32 newScale, const Deployment& d);
    ReplicaSetPtr writeReplicaSet(ReplicaSet rs, bool specChanged);

    void syncDeploymentStatus(Deployment& d, const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs);
    void syncRolloutStatus(Deployment& d, const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs);
    void requeueStuckDeployment(const Deployment& d, const DeploymentStatus& newStatus);
    void writeStatus(Deployment& d);
    void event(const Deployment& d, const QString& type, const QString& reason, const QString& message);

    Simulation& m_sim;
    int m_listener = 0;
    WorkQueue m_queue;
    double m_bucketTokens = kBucketBurst; // golang.org/x/time/rate: starts full
    Millis m_bucketLast = 0;
};

} // namespace rl
