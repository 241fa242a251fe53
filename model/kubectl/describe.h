#pragma once

#include "api/objects.h"

#include <vector>

namespace rl {

class ObjectStore;

/// `kubectl describe` text (pkg/describe/describe.go), aligned with tabwriter(0, 8, 2, ' ').
QString describeDeployment(const Deployment& d, const ObjectStore& store, Millis now);
QString describeReplicaSet(const ReplicaSet& rs, const ObjectStore& store, Millis now);
QString describePod(const Pod& p, const ObjectStore& store, Millis now);
/// Of a cluster of minor version `minor` (which EndpointSlices its server has).
QString describeService(const Service& s, const ObjectStore& store, Millis now, int minor);
constexpr int kFirstMinorWithEndpointSliceV1 = 21;
QString describeEndpoints(const Endpoints& ep, const ObjectStore& store, Millis now);

/// DescribePodTemplate, unaligned: the "Key:\tvalue" lines with raw tabs (what `rollout history
/// --revision=N` prints).
QString podTemplateLines(const PodTemplateSpec& t);

/// time.RFC1123Z in UTC: "Thu, 01 Jan 2026 10:00:00 +0000".
QString formatRfc1123z(Millis t);

/// The ReplicaSets controlled by `d` (controllerRef uid), in name order; `newRs` is the one whose
/// template matches the Deployment's (deploymentutil.FindNewReplicaSet), the others are old.
void deploymentReplicaSets(
    const Deployment& d, const ObjectStore& store, ReplicaSetPtr& newRs, std::vector<ReplicaSetPtr>& oldRs);

} // namespace rl
