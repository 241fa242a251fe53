#pragma once

namespace rl {

class Simulation;

class Kubelet
{
public:
    explicit Kubelet(Simulation& sim);

private:
    Simulation& m_sim;
};

} // namespace rl
