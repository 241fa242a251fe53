#pragma once

#include "api/objects.h"

#include <functional>
#include <map>
#include <utility>

namespace rl {

/// The virtual clock and its event queue. Simulated time moves only here: nothing in model/
/// reads the wall clock. Events at the same instant run in the order they were scheduled.
class EventQueue
{
public:
    using Action = std::function<void()>;
    using Id = quint64;

    explicit EventQueue(Millis start = 0)
        : m_now(start)
    { }

    Millis now() const { return m_now; }
    /// Schedule at an absolute time (clamped to now).
    Id scheduleAt(Millis at, Action action);
    Id scheduleAfter(Millis delay, Action action) { return scheduleAt(m_now + delay, std::move(action)); }
    void cancel(Id id);

    bool isEmpty() const { return m_events.empty(); }
    std::size_t size() const { return m_events.size(); }
    /// Time of the next event, or kNoTime.
    Millis nextTime() const { return m_events.empty() ? kNoTime : m_events.begin()->first.first; }

    /// Runs the next event (moving the clock to its time). False when the queue is empty.
    bool step();
    /// Runs every event due at or before `t`, then sets the clock to `t`.
    void advanceTo(Millis t);
    /// Runs events until `pred()` holds (checked before each event and at the end) or until `limit`.
    /// Returns whether the predicate held; the clock stops at the event that made it hold, or at `limit`.
    bool advanceUntil(const std::function<bool()>& pred, Millis limit);

    /// Resets the clock and drops every event (used by snapshot restore).
    void reset(Millis now);
    quint64 executed() const { return m_executed; }

private:
    using Key = std::pair<Millis, Id>;
    Millis m_now;
    Id m_nextId = 1;
    quint64 m_executed = 0;
    std::map<Key, Action> m_events;
    std::map<Id, Millis> m_index;
};

} // namespace rl
