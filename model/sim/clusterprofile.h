#pragma once

namespace rl {

/// What the simulated cluster is: its Kubernetes version, and how images behave (ImageBehavior).
class ClusterProfile
{
public:
};

} // namespace rl
