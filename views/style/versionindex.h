#pragma once

#include "api/objects.h"

namespace rl {

/// The rl::VersionPalette index of a ReplicaSet: its Deployment revision order, oldest first -> 0,
/// i.e. revision annotation (deployment.kubernetes.io/revision) - 1. Revision numbers only grow and
/// survive the garbage collection of older ReplicaSets, so a version keeps its colour in every view
/// for as long as it keeps its revision (a rollback gives the restored ReplicaSet a new revision,
/// hence a new colour, as `kubectl rollout history` lists it anew). 0 without a revision.
int versionIndex(const ReplicaSet& rs);
/// Same, from the revision number (<= 0 -> 0).
int versionIndexForRevision(qint64 revision);

} // namespace rl
