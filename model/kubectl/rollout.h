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

/// One line of the `kubectl rollout history` table.
struct RolloutHistoryRow
{
    qint64 revision = 0;
    QString changeCause; // "<none>" when the annotation is missing, as printed
    ReplicaSetPtr replicaSet;
};
/// The rows of the history table, oldest revision first (one per revision; a later ReplicaSet
/// with the same revision wins, as in the printed table).
std::vector<RolloutHistoryRow> deploymentRolloutHistoryRows(const std::vector<ReplicaSetPtr>& owned);
/// The template of one revision as `rollout history --revision=N` prints it, without the
/// "deployment.apps/NAME with revision #N" line (the change-cause annotation included).
QString revisionTemplateText(const ReplicaSet& rs);
/// Unified diff of two revisions' templates (revisionTemplateText), "" when equal. Sets *error
/// ("unable to find the specified revision") when one is missing.
QString deploymentRevisionDiff(
    const Deployment& d, const std::vector<ReplicaSetPtr>& owned, qint64 from, qint64 to, QString* error = nullptr);

/// The revision annotation of a ReplicaSet as a number (0 when missing or malformed).
qint64 revisionOf(const ReplicaSet& rs);

} // namespace rl
