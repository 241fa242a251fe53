#pragma once

namespace rl {

class Simulation;

class DeploymentController
{
public:
    explicit DeploymentController(Simulation& sim);

private:
    Simulation& m_sim;
};

} // namespace rl
