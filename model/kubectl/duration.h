#pragma once

#include "api/objects.h"

#include <optional>

namespace rl {

/// apimachinery/pkg/util/duration.HumanDuration (kubectl's AGE column and describe's event ages).
QString humanDuration(Millis d);
/// kubectl's translateTimestampSince: "<unknown>" for an unset time, else humanDuration(now - t).
QString translateTimestampSince(Millis t, Millis now);

/// Go time.ParseDuration ("300ms", "1m30s", "2h", "0"). On failure returns nullopt and sets `error`
/// to Go's text, e.g. `time: invalid duration "abc"`, `time: missing unit in duration "10"`,
/// `time: unknown unit "d" in duration "1d"`.
std::optional<Millis> parseGoDuration(const QString& s, QString* error = nullptr);

} // namespace rl
