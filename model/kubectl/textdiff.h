#pragma once

#include <QString>
#include <QStringList>

namespace rl {

/// Unified diff of two texts by lines (the format of `diff -u`, as `kubectl diff` shows it):
/// "--- a", "+++ b", hunks "@@ -l,n +l,n @@" with `context` lines around each change. Empty when
/// the texts are equal. Longest-common-subsequence based; fine for manifests and pod templates.
QString unifiedDiff(const QString& a, const QString& b, const QString& labelA, const QString& labelB, int context = 3);

} // namespace rl
