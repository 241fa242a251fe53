#pragma once

// Helpers of the Deployment controller over API objects, ported from kubernetes/kubernetes
// pkg/controller/deployment/util/deployment_util.go, pkg/controller/deployment/sync.go
// (calculateStatus) and pkg/controller/controller_utils.go (ReplicaSet orderings).

#include "api/objects.h"

#include <optional>
#include <vector>

namespace rl::deploymentutil {

inline const QString kProgressing = QStringLiteral("Progressing");
inline const QString kAvailable = QStringLiteral("Available");
inline const QString kReplicaFailure = QStringLiteral("ReplicaFailure");

/// Revision(rs): missing annotation -> 0, unparsable -> nullopt.
std::optional<qint64> revision(const ReplicaSet& rs);
/// The annotations never copied from a Deployment to its ReplicaSets (skipCopyAnnotation).
bool skipCopyAnnotation(const QString& key);

/// ReplicaSetsByCreationTimestamp: creation time, then name.
bool olderFirst(const ReplicaSetPtr& a, const ReplicaSetPtr& b);
/// ReplicaSetsByRevision: revision ascending; unparsable or equal -> by creation.
bool byRevision(const ReplicaSetPtr& a, const ReplicaSetPtr& b);

qint32 specSum(const std::vector<ReplicaSetPtr>& rss);
qint32 actualSum(const std::vector<ReplicaSetPtr>& rss);
qint32 readySum(const std::vector<ReplicaSetPtr>& rss);
qint32 availableSum(const std::vector<ReplicaSetPtr>& rss);
std::vector<ReplicaSetPtr> filterActive(const std::vector<ReplicaSetPtr>& rss);

Condition newCondition(
    const QString& type, const QString& status, const QString& reason, const QString& message, Millis now);
/// SetDeploymentCondition (spec 4.2).
void setCondition(DeploymentStatus& status, Condition c);
void removeCondition(DeploymentStatus& status, const QString& type);

bool hasProgressDeadline(const Deployment& d);

/// The apiVersion of the controller references that the Deployment and ReplicaSet controllers
/// write (NewControllerRef with their controllerKind): extensions/v1beta1 until both moved to
/// apps/v1 in v1.11 (kubernetes#61419 and its ReplicaSet counterpart, under #55714).
inline QString controllerRefApiVersion(int minor)
{
    return minor >= 11 ? QStringLiteral("apps/v1") : QStringLiteral("extensions/v1beta1");
}
bool hasRevisionHistoryLimit(const Deployment& d);
/// DeploymentComplete, DeploymentProgressing, DeploymentTimedOut (spec 4.5).
bool deploymentComplete(const Deployment& d, const DeploymentStatus& s);
bool deploymentProgressing(const Deployment& d, const DeploymentStatus& s);
bool deploymentTimedOut(const Deployment& d, const DeploymentStatus& s, Millis now);

/// calculateStatus (spec 4.1). `newRs` may be null; `all` holds old + new.
DeploymentStatus calculateStatus(
    const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs, const Deployment& d, Millis now);

/// The ScalingReplicaSet event message for a resize from `from` to `to` (from == 0 for a newly
/// created ReplicaSet), worded as Kubernetes 1.`minor` words it (spec 3.14): >=1.31
/// "Scaled up replica set X from 0 to 3"; 1.22-1.30 "Scaled up replica set X to 3" on creation and
/// "Scaled down replica set X to 2 from 3" on a resize; <=1.21 "Scaled down replica set X to 2".
QString scalingReplicaSetMessage(int minor, const QString& rs, qint32 from, qint32 to, bool created);

/// Integer value of an annotation, nullopt when missing or unparsable.
std::optional<qint32> intAnnotation(const ObjectMeta& m, const QString& key);

} // namespace rl::deploymentutil
