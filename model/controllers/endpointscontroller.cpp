#include "endpointscontroller.h"

namespace rl {

EndpointsController::EndpointsController(Simulation& sim) : m_sim(sim) { }

} // namespace rl
