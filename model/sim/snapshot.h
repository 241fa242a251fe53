#pragma once

#include "controllers/endpointscontroller.h"
#include "controllers/eventrecorder.h"
#include "controllers/kubelet.h"
#include "sim/objectstore.h"
#include "sim/rng.h"

#include <memory>

namespace rl {

class Simulation;

/// The whole state of a Simulation at one instant: the API objects, the clock, the random
/// generator, the kubelet's per-pod runtime (containers, back-offs, probe state, timers), the
/// event recorder's caches and leases (which Events a repeat aggregates into, and when each goes)
/// and the endpoints controller's trigger times (what its next sync annotates).
/// The other components keep no state that the store does not hold, so a restore rebuilds their
/// pending work with resync(). Cheap to take: objects are shared, immutable values, and only the
/// recorder's caches (at most 4,096 entries of each kind per process) are copied.
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
    /// The event recorder's caches and leases (shared: copies of a snapshot copy no cache).
    std::shared_ptr<const EventRecorder::State> recorder;
    EndpointsController::State endpoints;
    bool automatic = true;

    static SimulationSnapshot take(Simulation& sim);
    /// Resets the clock and the event queue, restores objects, generator, kubelet, event
    /// recorder and endpoints trigger times, and lets every component resync. TrafficSources owned by the caller need
    /// their own resync().
    void restoreInto(Simulation& sim) const;
};

} // namespace rl
