#pragma once

#include "api/objects.h"

#include <QString>

namespace rl {

/// Time-axis arithmetic shared by the charts and the pod timeline (pure functions).
class TimeAxis
{
public:
    /// The smallest of 1, 2, 5 × 10^k not below `raw` (for tick spacing).
    static double niceStep(double raw);
    /// Seconds since `origin` as an axis label: "12", "12.5", "-5".
    static QString label(Millis t, Millis origin, double step);
};

} // namespace rl
