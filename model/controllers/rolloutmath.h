#pragma once

// Rollout arithmetic of the Deployment controller as pure functions over plain numbers, so that the
// rules can be tested with data tables. Ported from kubernetes/kubernetes
// pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts, MaxSurge, MaxUnavailable,
// NewRSNewReplicas, GetReplicaSetProportion), pkg/controller/deployment/rolling.go
// (reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate) and
// apimachinery pkg/util/intstr (GetScaledValueFromIntOrPercent). Spec sections 3.3-3.9.

#include "api/objects.h"

#include <optional>
#include <vector>

namespace rl::rollout {

/// intstr.GetScaledValueFromIntOrPercent: "<p>%" -> p*total/100 rounded up or down; ints as is;
/// absent -> 0. Returns nullopt for a malformed percent string.
std::optional<qint32> scaledValue(const std::optional<IntOrString>& v, qint32 total, bool roundUp);

struct Fenceposts
{
    qint32 maxSurge = 0;
    qint32 maxUnavailable = 0;
    bool operator==(const Fenceposts&) const = default;
};

/// ResolveFenceposts: surge rounded up, unavailable rounded down, both 0 -> unavailable 1.
Fenceposts resolveFenceposts(
    const std::optional<IntOrString>& maxSurge, const std::optional<IntOrString>& maxUnavailable, qint32 desired);

bool isRollingUpdate(const DeploymentSpec& spec);
qint32 desiredReplicas(const DeploymentSpec& spec); // spec.replicas (nil = 1)

/// MaxSurge(d): resolved surge for RollingUpdate, 0 for Recreate.
qint32 maxSurge(const DeploymentSpec& spec);
/// MaxUnavailable(d): 0 for Recreate or R = 0, else the resolved value clamped to R.
qint32 maxUnavailable(const DeploymentSpec& spec);

/// NewRSNewReplicas for RollingUpdate: `totalSpec` is the spec sum of all ReplicaSets (new included).
qint32 newRSNewReplicasRolling(qint32 desired, qint32 maxSurge, qint32 totalSpec, qint32 newSpec);

/// One old ReplicaSet as seen by the scale-down phase (active old ReplicaSets, oldest first).
struct OldReplicaSet
{
    qint32 specReplicas = 0;
    qint32 availableReplicas = 0; // status.availableReplicas (as cached at the start of the sync)
};

/// One resize decided by the scale-down phase, in the order the controller performs them.
struct ScaleStep
{
    int index = 0; // into the old ReplicaSets given
    qint32 from = 0;
    qint32 to = 0;
    bool operator==(const ScaleStep&) const = default;
};

struct ScaleDownPlan
{
    std::vector<ScaleStep> steps;
    qint32 cleanedUp = 0; // removed by cleanupUnhealthyReplicas
    qint32 scaledDown = 0; // removed by scaleDownOldReplicaSetsForRollingUpdate
    bool aborted = false; // cleanup hit a negative amount: the controller gives up this phase
    bool scaled() const { return !aborted && cleanedUp + scaledDown > 0; }
};

/// reconcileOldReplicaSets (spec 3.7). `old` = active old ReplicaSets sorted oldest first;
/// `allSpec` = spec sum of all ReplicaSets (old incl. inactive + new); `allAvailableNonOld` = the
/// new ReplicaSet's status.availableReplicas.
ScaleDownPlan planScaleDown(const std::vector<OldReplicaSet>& old, qint32 newSpec, qint32 newAvailable, qint32 allSpec,
    qint32 desired, qint32 maxUnavailable);

/// getReplicaSetFraction + GetReplicaSetProportion (spec 3.9). `annotatedMax` is the
/// max-replicas annotation (nullopt when missing/unparsable), `deploymentStatusReplicas` the fallback.
qint32 replicaSetProportion(qint32 rsSpec, qint32 desired, qint32 maxSurge, std::optional<qint32> annotatedMax,
    qint32 deploymentStatusReplicas, qint32 toAdd, qint32 added);

/// One active ReplicaSet in proportional scaling.
struct ProportionalInput
{
    qint32 specReplicas = 0;
    std::optional<qint32> annotatedMax;
};

/// Proportional scaling (spec 3.9 step 3): `active` must already be in the controller's order
/// (size descending, ties newer first when scaling up / older first when scaling down; see
/// proportionalOrderScaleUp()). Returns the new size of each entry.
std::vector<qint32> proportionalSizes(
    const std::vector<ProportionalInput>& active, qint32 desired, qint32 maxSurge, qint32 deploymentStatusReplicas);

/// floor(log2(duration in nanoseconds)) as controller.logarithmicRankDiff uses it; -1 for d <= 0.
qint64 logarithmicRank(Millis durationMs);

} // namespace rl::rollout
