#pragma once

// Rollout Lab's own simulation limits (not Kubernetes rules): a cap on the replicas of one workload
// and on the pods the whole simulated cluster may be asked to hold, checked when a write is admitted
// so that `kubectl scale --replicas=100000000` cannot exhaust the machine's memory.

#include "manifest/manifest.h"

#include <optional>

namespace rl {

class ObjectStore;

struct SimulationLimits
{
    /// spec.replicas of one Deployment or ReplicaSet (the 100,000-replica benchmark fits).
    static constexpr int kDefaultMaxReplicas = 100'000;
    /// Desired pods of the whole cluster: Deployments' replicas, replicas of ReplicaSets without a
    /// controller, and pods without a controller. A rollout's surge may add up to as much again.
    static constexpr int kDefaultMaxPods = 250'000;

    int maxReplicas = kDefaultMaxReplicas;
    int maxPods = kDefaultMaxPods;
};

/// Pods the objects of `store` ask for (as counted by SimulationLimits::maxPods).
qint64 desiredPods(const ObjectStore& store);

/// The error for storing `obj` (replacing the stored object of the same kind, namespace and name),
/// or nothing when it stays within the limits. Lowering replicas is always allowed.
std::optional<FieldError> checkLimits(const ObjectStore& store, const ApiObject& obj, const SimulationLimits& limits);

/// The error for a workload asking for `replicas` over limits.maxReplicas (field spec.replicas).
FieldError replicasLimitError(qint64 replicas, const SimulationLimits& limits);

/// The text printed for a write refused by checkLimits (no trailing newline), e.g.
/// `error: Rollout Lab limit: deployments.apps "web": spec.replicas: Invalid value: 100000000: ...`.
QString limitErrorText(const ApiObject& obj, const FieldError& e);
/// The same for a resource ("deployments.apps") and name.
QString limitErrorText(const QString& resource, const QString& name, const FieldError& e);

} // namespace rl
