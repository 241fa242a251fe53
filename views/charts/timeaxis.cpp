#include "charts/timeaxis.h"

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
    const double s = double(t - origin) / 1000.0;
    return QString::number(s, 'f', step < 1 ? 1 : 0);
}

} // namespace rl
