#include "kubelet.h"

#include "sim/simulation.h"

namespace rl {

Kubelet::Kubelet(Simulation& sim) : m_sim(sim) { }

void Kubelet::deletePod(const QString& ns, const QString& name, std::optional<qint64>)
{
    // Placeholder until the pod lifecycle lands: immediate removal.
    m_sim.store().remove<Pod>(ns, name);
}

} // namespace rl
