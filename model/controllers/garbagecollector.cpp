#include "garbagecollector.h"

namespace rl {

GarbageCollector::GarbageCollector(Simulation& sim) : m_sim(sim) { }

} // namespace rl
