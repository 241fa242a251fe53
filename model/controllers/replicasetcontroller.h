#pragma once

namespace rl {

class Simulation;

class ReplicaSetController
{
public:
    explicit ReplicaSetController(Simulation& sim);

private:
    Simulation& m_sim;
};

} // namespace rl
