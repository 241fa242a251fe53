#include "eventqueue.h"

namespace rl {

EventQueue::Id EventQueue::scheduleAt(Millis at, Action action)
{
    if (at < m_now)
        at = m_now;
    const Id id = m_nextId++;
    m_events.emplace(Key {at, id}, std::move(action));
    m_index.emplace(id, at);
    return id;
}

void EventQueue::cancel(Id id)
{
    auto it = m_index.find(id);
    if (it == m_index.end())
        return;
    m_events.erase(Key {it->second, id});
    m_index.erase(it);
}

bool EventQueue::step()
{
    if (m_events.empty())
        return false;
    auto it = m_events.begin();
    m_now = it->first.first;
    Action action = std::move(it->second);
    m_index.erase(it->first.second);
    m_events.erase(it);
    ++m_executed;
    action();
    return true;
}

void EventQueue::advanceTo(Millis t)
{
    while (!m_events.empty() && m_events.begin()->first.first <= t)
        step();
    if (t > m_now)
        m_now = t;
}

bool EventQueue::advanceUntil(const std::function<bool()>& pred, Millis limit)
{
    while (true) {
        if (pred())
            return true;
        if (m_events.empty() || m_events.begin()->first.first > limit)
            break;
        step();
    }
    if (limit > m_now)
        m_now = limit;
    return pred();
}

void EventQueue::reset(Millis now)
{
    m_events.clear();
    m_index.clear();
    m_now = now;
}

} // namespace rl
