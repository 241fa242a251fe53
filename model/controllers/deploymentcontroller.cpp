#include "deploymentcontroller.h"

namespace rl {

DeploymentController::DeploymentController(Simulation& sim) : m_sim(sim) { }

} // namespace rl
