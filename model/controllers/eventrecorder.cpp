#include "eventrecorder.h"

namespace rl {

EventRecorder::EventRecorder(Simulation& sim) : m_sim(sim) { }

void EventRecorder::record(const ObjectReference&, const QString&, const QString&, const QString&, const QString&,
                           const QString&)
{
}

} // namespace rl
