#pragma once

#include "api/objects.h"

namespace rl {

/// The version index of a ReplicaSet, shared by every view that colours versions (VersionPalette):
/// its first Deployment revision minus one, so the first ReplicaSet is 0, the second 1, ... The
/// first revision is the oldest entry of `deployment.kubernetes.io/revision-history` when the
/// ReplicaSet was reused (rollback: it got max+1, spec 2.4), else its current
/// `deployment.kubernetes.io/revision`. A version therefore keeps its colour through rollbacks and
/// revisionHistoryLimit cleanups. -1 when the ReplicaSet has no revision (not owned by a Deployment).
int versionIndex(const ReplicaSet& rs);
/// The first revision described above (0 when there is none).
qint64 firstRevision(const ReplicaSet& rs);

} // namespace rl
