#pragma once

#include "sim/eventqueue.h"
#include "sim/objectstore.h"
#include "sim/rng.h"

#include <functional>
#include <memory>

namespace rl {

class ClusterProfile;
class EventRecorder;
class DeploymentController;
class ReplicaSetController;
class GarbageCollector;
class Kubelet;
class EndpointsController;

/// The simulated cluster: the virtual clock and event queue, the API objects, and the controllers
/// that act on them (deployment, replicaset, garbage collector, scheduler + kubelet, endpoints).
/// Deterministic: the same seed and the same inputs give the same history, byte for byte.
class Simulation
{
public:
    /// Default start of simulated time: 2026-01-01T10:00:00Z (ms since the Unix epoch).
    static constexpr Millis kDefaultStart = 1767261600000LL;

    explicit Simulation(quint64 seed = 1, Millis start = kDefaultStart);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    EventQueue& queue() { return m_queue; }
    ObjectStore& store() { return m_store; }
    const ObjectStore& store() const { return m_store; }
    Rng& rng() { return m_rng; }
    ClusterProfile& profile() { return *m_profile; }
    const ClusterProfile& profile() const { return *m_profile; }
    EventRecorder& recorder() { return *m_recorder; }
    DeploymentController& deploymentController() { return *m_deploymentController; }
    ReplicaSetController& replicaSetController() { return *m_replicaSetController; }
    GarbageCollector& garbageCollector() { return *m_garbageCollector; }
    Kubelet& kubelet() { return *m_kubelet; }
    EndpointsController& endpointsController() { return *m_endpointsController; }

    Millis now() const { return m_queue.now(); }
    Millis startTime() const { return m_start; }
    /// Simulated seconds since the start, for traces and `sim time`.
    double elapsedSeconds() const { return double(m_queue.now() - m_start) / 1000.0; }

    void advance(Millis duration) { m_queue.advanceTo(m_queue.now() + duration); }
    bool step() { return m_queue.step(); }
    bool advanceUntil(const std::function<bool()>& pred, Millis maxDuration)
    {
        return m_queue.advanceUntil(pred, m_queue.now() + maxDuration);
    }

    /// Re-seeds the random generator (`sim seed N`).
    void reseed(quint64 seed) { m_rng.seed(seed); }

    /// When false, the components ignore watch events and schedule nothing (used by `sim load` and
    /// `sim sync`, which drive one controller by hand). Turning it back on makes every component
    /// resync from the store.
    void setAutomatic(bool on);
    bool isAutomatic() const { return m_automatic; }

private:
    bool m_automatic = true;
    Millis m_start;
    Rng m_rng;
    EventQueue m_queue;
    ObjectStore m_store;
    std::unique_ptr<ClusterProfile> m_profile;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<DeploymentController> m_deploymentController;
    std::unique_ptr<ReplicaSetController> m_replicaSetController;
    std::unique_ptr<GarbageCollector> m_garbageCollector;
    std::unique_ptr<Kubelet> m_kubelet;
    std::unique_ptr<EndpointsController> m_endpointsController;
};

} // namespace rl
