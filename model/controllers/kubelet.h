#pragma once

#include <QString>

#include <optional>

namespace rl {

class Simulation;

/// The scheduler and the kubelets of the simulated nodes: pod scheduling, image pulls, container
/// start, probes, crashes and termination (spec section 6).
class Kubelet
{
public:
    explicit Kubelet(Simulation& sim);

    /// Graceful deletion through the API server (spec 6.6): sets deletionTimestamp = now + grace and
    /// deletionGracePeriodSeconds (grace = the argument, else spec.terminationGracePeriodSeconds,
    /// else 30); the kubelet then stops the containers and removes the pod object.
    /// A grace of 0 removes the object at once (`--grace-period=0 --force`).
    void deletePod(const QString& ns, const QString& name, std::optional<qint64> gracePeriodSeconds = std::nullopt);

private:
    Simulation& m_sim;
};

} // namespace rl
