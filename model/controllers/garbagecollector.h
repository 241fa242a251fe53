#pragma once

namespace rl {

class Simulation;

class GarbageCollector
{
public:
    explicit GarbageCollector(Simulation& sim);

private:
    Simulation& m_sim;
};

} // namespace rl
