#pragma once

#include "api/objects.h"

#include <QString>

namespace rl {

class Simulation;

/// Time-axis arithmetic shared by the charts and the pod timeline (pure functions).
class TimeAxis
{
public:
    /// The smallest of 1, 2, 5 × 10^k not below `raw` (for tick spacing).
    static double niceStep(double raw);
    /// Seconds since `origin` as an axis label: "12", "12.5", "-5".
    static QString label(Millis t, Millis origin, double step);
    /// The simulation's clock (0 without a simulation).
    static Millis now(const Simulation* sim);
    /// Where the axis starts: `pinned` when set (not kNoTime), else the simulation's start.
    static Millis origin(const Simulation* sim, Millis pinned);
    /// Seconds from `origin` to `t`, the axis unit.
    static double seconds(Millis t, Millis origin) { return double(t - origin) / 1000.0; }
};

} // namespace rl
