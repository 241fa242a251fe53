#include "snapshot.h"

#include "sim/simulation.h"

namespace rl {

SimulationSnapshot SimulationSnapshot::take(Simulation& sim)
{
    SimulationSnapshot s;
    s.time = sim.now();
    s.store = sim.store().snapshot();
    s.rng = sim.rng();
    s.kubelet = sim.kubelet().state();
    s.automatic = sim.isAutomatic();
    return s;
}

void SimulationSnapshot::restoreInto(Simulation& sim) const
{
    sim.queue().reset(time);
    sim.store().restore(store);
    sim.rng() = rng;
    // Components must not schedule while their state is half restored.
    sim.setAutomatic(false);
    sim.kubelet().restoreState(kubelet);
    sim.setAutomatic(automatic); // when automatic, every component resyncs (kubelet re-arms its timers)
}

} // namespace rl
