#include "snapshot.h"

#include "controllers/eventrecorder.h"
#include "sim/simulation.h"

namespace rl {

SimulationSnapshot SimulationSnapshot::take(Simulation& sim)
{
    SimulationSnapshot s;
    s.time = sim.now();
    s.store = sim.store().snapshot();
    s.rng = sim.rng();
    s.kubelet = sim.kubelet().state();
    s.recorder = std::make_shared<const EventRecorder::State>(sim.recorder().state());
    s.endpoints = sim.endpointsController().state();
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
    if (recorder)
        sim.recorder().restoreState(*recorder);
    sim.endpointsController().restoreState(endpoints, automatic);
    sim.setAutomatic(automatic); // when automatic, every component resyncs (kubelet re-arms its timers)
}

} // namespace rl
