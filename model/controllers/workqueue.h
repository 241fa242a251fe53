#pragma once

#include "sim/eventqueue.h"
#include "sim/objectstore.h"

#include <QString>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rl {

/// A controller work queue on the virtual clock (client-go util/workqueue delaying queue): a key
/// waits at most once; adding a key that is already waiting keeps the earlier time. A key added
/// while its handler runs is queued again (the handler sees a fresh state next time).
class WorkQueue
{
public:
    using Handler = std::function<void(const QString&)>;
    WorkQueue(EventQueue& queue, Handler handler)
        : m_queue(queue)
        , m_handler(std::move(handler))
    { }
    ~WorkQueue() { clear(); }
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    void add(const QString& key, Millis at)
    {
        // A controller adds the same key for every change of its objects' pods: while that very
        // text (not only an equal one) waits since no later, there is nothing to look up.
        if (m_lastAt != kNoTime && isSameText(key, m_lastKey) && m_lastAt <= at)
            return;
        auto it = m_pending.find(key);
        if (it != m_pending.end()) {
            if (it->second.first <= at)
                return;
            m_queue.cancel(it->second.second);
        }
        const EventQueue::Id id = m_queue.scheduleAt(at, [this, key] {
            m_pending.erase(key);
            if (key == m_lastKey)
                m_lastAt = kNoTime;
            m_handler(key);
        });
        const Millis waitsFrom = std::max(at, m_queue.now());
        m_pending[key] = {waitsFrom, id};
        m_lastKey = key;
        m_lastAt = waitsFrom;
    }
    void addAfter(const QString& key, Millis delay) { add(key, m_queue.now() + delay); }
    bool isPending(const QString& key) const { return m_pending.count(key) > 0; }
    /// The waiting keys with the times they wait for, in key order.
    std::vector<std::pair<QString, Millis>> pending() const
    {
        std::vector<std::pair<QString, Millis>> out;
        for (const auto& [key, entry] : m_pending)
            out.emplace_back(key, entry.first);
        std::sort(out.begin(), out.end());
        return out;
    }
    /// Drops every waiting key (cancelling its queue event).
    void clear()
    {
        for (const auto& [key, entry] : m_pending)
            m_queue.cancel(entry.second);
        m_pending.clear();
        m_lastAt = kNoTime;
    }

private:
    EventQueue& m_queue;
    Handler m_handler;
    // Hashed: only looked up; clear() cancels in any order (cancelling is order-independent).
    std::unordered_map<QString, std::pair<Millis, EventQueue::Id>, QStringHash> m_pending;
    QString m_lastKey; // the key added last, waiting since m_lastAt (kNoTime: not waiting)
    Millis m_lastAt = kNoTime;
};

} // namespace rl
