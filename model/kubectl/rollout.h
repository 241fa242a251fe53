#pragma once

#include "api/objects.h"

#include <vector>

namespace rl {

/// One evaluation of `kubectl rollout status` for a Deployment (polymorphichelpers
/// DeploymentStatusViewer.Status, spec 7.2).
struct RolloutStatus
{
    QString message; // the line printed (without the trailing newline); for errors without "error: "
    bool done = false;
    bool error = false;
};
RolloutStatus deploymentRolloutStatus(const Deployment& d, qint64 revision = 0);

/// `kubectl rollout history deployment/NAME` output for the Deployment's ReplicaSets (spec 7.3),
/// starting with the name-printer line. `revision` > 0 prints that revision's template. Sets
/// *error (without "error: ") and returns empty on failure.
QString deploymentRolloutHistory(
    const Deployment& d, const std::vector<ReplicaSetPtr>& owned, qint64 revision, QString* error);

/// The revision annotation of a ReplicaSet as a number (0 when missing or malformed).
qint64 revisionOf(const ReplicaSet& rs);

} // namespace rl
