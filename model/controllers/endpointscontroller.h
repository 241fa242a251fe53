#pragma once

namespace rl {

class Simulation;

class EndpointsController
{
public:
    explicit EndpointsController(Simulation& sim);

private:
    Simulation& m_sim;
};

} // namespace rl
