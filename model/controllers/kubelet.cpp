#include "kubelet.h"

namespace rl {

Kubelet::Kubelet(Simulation& sim) : m_sim(sim) { }

} // namespace rl
