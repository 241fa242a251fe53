#include "charts/timeaxis.h"

#include "sim/simulation.h"

#include <cmath>

namespace rl {

double TimeAxis::niceStep(double raw)
{
    if (!(raw > 0))
        return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw * (1 - 1e-9))
            return m * mag;
    return 10 * mag;
}

QString TimeAxis::label(Millis t, Millis origin, double step)
{
    return QString::number(seconds(t, origin), 'f', step < 1 ? 1 : 0);
}

Millis TimeAxis::now(const Simulation* sim)
{
    return sim ? sim->now() : 0;
}

Millis TimeAxis::origin(const Simulation* sim, Millis pinned)
{
    if (pinned != kNoTime)
        return pinned;
    return sim ? sim->startTime() : 0;
}

} // namespace rl
