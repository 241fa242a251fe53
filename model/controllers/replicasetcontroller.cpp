#include "replicasetcontroller.h"

namespace rl {

ReplicaSetController::ReplicaSetController(Simulation& sim) : m_sim(sim) { }

} // namespace rl
