#include "eventqueue.h"

namespace rl {

EventQueue::Id EventQueue::scheduleAt(
    Millis at, Action action, const void* hint, std::size_t hintBytes, Prefetcher prefetcher)
{
    if (at < m_now)
        at = m_now;
    std::size_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = m_slots.size();
        m_slots.emplace_back();
    }
    const Id id = (m_sequence++ << kSlotBits) | Id(slot);
    Slot& s = m_slots[slot];
    s.id = id;
    s.at = at;
    s.action = std::move(action);
    s.hint = hint;
    s.hintBytes = hintBytes;
    s.prefetcher = hint ? prefetcher : nullptr;
    Bucket& b = m_buckets[at];
    b.ids.push_back(id);
    ++b.live;
    ++m_size;
    return id;
}

void EventQueue::release(std::size_t slot, std::map<Millis, Bucket>::iterator bucket)
{
    Slot& s = m_slots[slot];
    s.id = 0;
    s.action = nullptr;
    s.hint = nullptr;
    s.prefetcher = nullptr;
    m_free.push_back(slot);
    --m_size;
    if (--bucket->second.live == 0)
        m_buckets.erase(bucket);
}

void EventQueue::cancel(Id id)
{
    const std::size_t slot = slotOf(id);
    if (id == 0 || slot >= m_slots.size() || m_slots[slot].id != id)
        return; // ran, cancelled, or never scheduled
    release(slot, m_buckets.find(m_slots[slot].at));
}

bool EventQueue::step()
{
    if (m_buckets.empty())
        return false;
    auto bucket = m_buckets.begin();
    Bucket& b = bucket->second;
    // Skip the cancelled ones: the bucket holds at least one live event.
    std::size_t slot = slotOf(b.ids[b.head]);
    while (m_slots[slot].id != b.ids[b.head])
        slot = slotOf(b.ids[++b.head]);
    const Id id = b.ids[b.head];
    ++b.head;
    // Events run in a row on objects scattered in memory, so ask ahead, a link per event: for the
    // slot of the event three ahead in this instant, the object of the one two ahead (its slot
    // asked for an event ago), and what the next one reaches through its object (asked for an
    // event ago). A stale id finds a free or reused slot: a useless prefetch at worst.
    if (b.head + 2 < b.ids.size())
        __builtin_prefetch(&m_slots[slotOf(b.ids[b.head + 2])]);
    if (b.head + 1 < b.ids.size()) {
        const Slot& ahead = m_slots[slotOf(b.ids[b.head + 1])];
        const char* object = static_cast<const char*>(ahead.hint);
        for (std::size_t offset = 0; object && offset < ahead.hintBytes; offset += 64)
            __builtin_prefetch(object + offset);
    }
    if (b.head < b.ids.size()) {
        const Slot& next = m_slots[slotOf(b.ids[b.head])];
        if (next.prefetcher)
            next.prefetcher(next.hint);
    }
    m_now = bucket->first;
    Action action = std::move(m_slots[slot].action);
    release(slot, bucket);
    ++m_executed;
    const Id outer = m_running;
    m_running = id;
    action();
    m_running = outer;
    return true;
}

void EventQueue::advanceTo(Millis t)
{
    while (!m_buckets.empty() && m_buckets.begin()->first <= t)
        step();
    if (t > m_now)
        m_now = t;
}

bool EventQueue::advanceUntil(const std::function<bool()>& pred, Millis limit)
{
    while (true) {
        if (pred())
            return true;
        if (m_buckets.empty() || m_buckets.begin()->first > limit)
            break;
        step();
    }
    if (limit > m_now)
        m_now = limit;
    return pred();
}

void EventQueue::reset(Millis now)
{
    m_buckets.clear();
    m_slots.clear();
    m_free.clear();
    m_size = 0;
    m_now = now;
}

} // namespace rl
