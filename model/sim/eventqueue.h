#pragma once

#include "api/objects.h"

#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace rl {

/// The virtual clock and its event queue. Simulated time moves only here: nothing in model/
/// reads the wall clock. Events at the same instant run in the order they were scheduled.
class EventQueue
{
public:
    using Action = std::function<void()>;
    using Id = quint64;

    /// The first tick after `t` of a periodic task that ran at `start` and every `period` since
    /// (wait.Until); strictly after, since a tick due at `t` ran before what happens at `t`.
    static Millis nextTick(Millis start, Millis t, Millis period)
    {
        return t < start ? start : start + ((t - start) / period + 1) * period;
    }

    explicit EventQueue(Millis start = 0)
        : m_now(start)
    { }

    Millis now() const { return m_now; }
    /// Reads the hint object of an event due soon and prefetches what its action will reach
    /// through it (the hint itself is in cache by then).
    using Prefetcher = void (*)(const void* hint);
    /// Schedule at an absolute time (clamped to now). `hint`, if given, is the object the action
    /// works on: step() asks the memory for its first `hintBytes` a few events ahead, and calls
    /// `prefetcher` on it one event ahead. With a prefetcher, the hint object must live as long
    /// as the event is pending; without one it is never read.
    Id scheduleAt(Millis at, Action action, const void* hint = nullptr, std::size_t hintBytes = 128,
        Prefetcher prefetcher = nullptr);
    Id scheduleAfter(Millis delay, Action action) { return scheduleAt(m_now + delay, std::move(action)); }
    void cancel(Id id);

    bool isEmpty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    /// Time of the next event, or kNoTime.
    Millis nextTime() const { return m_buckets.empty() ? kNoTime : m_buckets.begin()->first; }

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
    /// The Id of the event whose action is running, 0 outside of one. An action can tell by it
    /// which of its schedulings it is, without carrying that in its captures (an action of two
    /// pointers is stored inside the std::function, a larger one on the heap).
    Id running() const { return m_running; }

private:
    // Pending events live in a slab of reusable slots; an Id names a slot and the scheduling that
    // filled it ((sequence << 32) | slot), so cancel() finds its event without a search and a
    // stale Id never matches a slot's later use. The slots due at one instant queue up in a
    // bucket in scheduling order; the ordered map holds one bucket per distinct instant, which
    // is a few hundred or thousand entries even when hundreds of thousands of events are pending
    // (a map of every event was a deep tree walked with a cache miss a level).
    struct Slot
    {
        Id id = 0; // 0: free
        Millis at = 0;
        Action action;
        const void* hint = nullptr;
        std::size_t hintBytes = 0;
        Prefetcher prefetcher = nullptr;
    };
    struct Bucket
    {
        std::vector<Id> ids; // in scheduling order; cancelled ones stay until popped
        std::size_t head = 0; // ids before it have run or were cancelled
        std::size_t live = 0; // ids not yet run nor cancelled
    };
    static constexpr int kSlotBits = 32;
    static std::size_t slotOf(Id id) { return std::size_t(id & ((Id(1) << kSlotBits) - 1)); }
    /// Frees the slot of a pending event and drops it from its bucket's live count (erasing the
    /// bucket when nothing live is left in it).
    void release(std::size_t slot, std::map<Millis, Bucket>::iterator bucket);

    Millis m_now;
    Id m_sequence = 1;
    quint64 m_executed = 0;
    Id m_running = 0;
    std::size_t m_size = 0;
    std::vector<Slot> m_slots;
    std::vector<std::size_t> m_free; // free slot numbers
    std::map<Millis, Bucket> m_buckets; // never holds a bucket without live events
};

} // namespace rl
