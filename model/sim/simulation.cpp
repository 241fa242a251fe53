#include "simulation.h"

#include "controllers/deploymentcontroller.h"
#include "controllers/endpointscontroller.h"
#include "controllers/eventrecorder.h"
#include "controllers/garbagecollector.h"
#include "controllers/kubelet.h"
#include "controllers/replicasetcontroller.h"
#include "sim/clusterprofile.h"

namespace rl {

Simulation::Simulation(quint64 seed, Millis start)
    : m_start(start)
    , m_rng(seed)
    , m_queue(start)
    , m_store(m_queue, m_rng)
    , m_profile(std::make_unique<ClusterProfile>())
    , m_recorder(std::make_unique<EventRecorder>(*this))
    , m_deploymentController(std::make_unique<DeploymentController>(*this))
    , m_replicaSetController(std::make_unique<ReplicaSetController>(*this))
    , m_garbageCollector(std::make_unique<GarbageCollector>(*this))
    , m_kubelet(std::make_unique<Kubelet>(*this))
    , m_endpointsController(std::make_unique<EndpointsController>(*this))
{ }

Simulation::~Simulation() = default;

void Simulation::setAutomatic(bool on)
{
    m_automatic = on;
    // Components resync from the store when automation resumes (each component adds its resync here).
    if (on) {
        m_recorder->resync();
        m_replicaSetController->resync();
        m_deploymentController->resync();
        m_garbageCollector->resync();
        m_kubelet->resync();
        m_endpointsController->resync();
    }
}

} // namespace rl
