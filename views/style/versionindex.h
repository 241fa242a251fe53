#pragma once

#include "analysis/versionorder.h"
#include "api/objects.h"

namespace rl {

// versionIndex(const ReplicaSet&): one definition for every view, model/analysis/versionorder.h
// (the first revision of the ReplicaSet, so a version keeps its colour through rollbacks).
/// Same, from the revision number (<= 0 -> 0).
int versionIndexForRevision(qint64 revision);

} // namespace rl
