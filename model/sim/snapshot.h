#pragma once

#include "controllers/kubelet.h"
#include "sim/objectstore.h"
#include "sim/rng.h"

namespace rl {

class Simulation;

/// The whole state of a Simulation at one instant: the API objects, the clock, the random
/// generator and the kubelet's per-pod runtime (containers, back-offs, probe state, timers).
/// The other components keep no state that the store does not hold, so a restore rebuilds their
/// pending work with resync(). Cheap to take: objects are shared, immutable values.
///
/// Determinism: restoring the same snapshot always continues the same way. (Events that were
/// pending at the same millisecond are re-armed in component order, so a restored run may order
/// same-instant events differently from the run the snapshot was taken from.)
struct SimulationSnapshot
{
    Millis time = 0;
    ObjectStore::Snapshot store;
    Rng rng;
    Kubelet::State kubelet;
    bool automatic = true;

    static SimulationSnapshot take(Simulation& sim);
    /// Resets the clock and the event queue, restores objects, generator and kubelet, and lets
    /// every component resync. TrafficSources owned by the caller need their own resync().
    void restoreInto(Simulation& sim) const;
};

} // namespace rl
