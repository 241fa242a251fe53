#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"
#include "sim/objectstore.h"

#include <deque>
#include <list>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rl {

class Simulation;

/// Records core/v1 Events into the store the way client-go's tools/record does: similar-event
/// aggregation, de-duplication with count, the per-object spam filter, and expiry (spec 3.14).
/// The caches live in this object, as they live in each emitting process; expiry is the API
/// server's event TTL (1 h after the last write).
class EventRecorder
{
public:
    explicit EventRecorder(Simulation& sim);

    /// `type` is "Normal" or "Warning"; `component` e.g. "deployment-controller", "kubelet".
    void record(const ObjectReference& involved, const QString& type, const QString& reason, const QString& message,
        const QString& component, const QString& host = {});

    template<class T> static ObjectReference referenceTo(const T& obj, const QString& fieldPath = {})
    {
        return {kindName(T::kind), obj.metadata.namespace_, obj.metadata.name, obj.metadata.uid, obj.apiVersion,
            obj.metadata.resourceVersion, fieldPath};
    }

    /// Re-arms the expiry of every Event in the store (after a snapshot restore).
    void resync();

    static constexpr Millis kEventTtl = 3600 * 1000; // kube-apiserver --event-ttl
    static constexpr int kMaxSimilarEvents = 10; // defaultAggregateMaxEvents
    static constexpr Millis kAggregateInterval = 600 * 1000; // defaultAggregateIntervalInSeconds
    static constexpr double kSpamBurst = 25; // defaultSpamBurst
    static constexpr double kSpamRefillPerMs = 1.0 / 300000.0; // defaultSpamQPS = 1/300

private:
    struct AggregateRecord
    {
        std::set<QString> messages;
        Millis lastTimestamp = kNoTime;
    };
    struct Observation
    {
        qint32 count = 0;
        Millis firstTimestamp = kNoTime;
        QString name;
        QString namespace_;
    };
    struct Bucket
    {
        double tokens = kSpamBurst;
        Millis last = kNoTime;
    };

    /// client-go's caches are LRU caches of maxLruCacheEntries (4096) entries each.
    template<class V> class Lru
    {
    public:
        static constexpr std::size_t kMaxEntries = 4096;
        V& operator[](const QString& key)
        {
            // One hash of the key for the lookup and the insertion alike.
            auto [it, inserted] = m_map.try_emplace(key);
            if (!inserted) {
                m_order.splice(m_order.begin(), m_order, it->second.second);
                return it->second.first;
            }
            m_order.push_front(key);
            it->second.second = m_order.begin();
            if (m_map.size() > kMaxEntries) {
                m_map.erase(m_order.back()); // the least recently used entry, never the new one
                m_order.pop_back();
            }
            return it->second.first;
        }

    private:
        /// The keys are 100-300 characters, start with the object's uid and end with what tells
        /// the keys of one object apart (reason, message): hashing the first and last 32 characters
        /// and the length is enough to spread them. Equal hashes still compare the whole key.
        struct KeyHash
        {
            std::size_t operator()(const QString& s) const
            {
                constexpr qsizetype kPart = 32;
                if (s.size() <= 2 * kPart)
                    return QStringHash {}(s);
                const QStringView v(s);
                std::hash<std::u16string_view> h;
                const auto part
                    = [&](qsizetype from) { return h(std::u16string_view(v.utf16() + from, std::size_t(kPart))); };
                return part(0) ^ (part(s.size() - kPart) * 0x9e3779b97f4a7c15ULL) ^ std::size_t(s.size());
            }
        };
        // Hashed: the LRU order lives in m_order, the map is only looked up (never iterated).
        std::unordered_map<QString, std::pair<V, std::list<QString>::iterator>, KeyHash> m_map;
        std::list<QString> m_order;
    };

    void armExpiry(const QString& key, Millis lastTimestamp);
    void sweepExpired();

    Simulation& m_sim;
    Lru<AggregateRecord> m_aggregates;
    Lru<Observation> m_observations;
    Lru<Bucket> m_spam;
    std::deque<std::pair<Millis, QString>> m_expiry; // (expiry time, event key), in time order
    EventQueue::Id m_sweep = 0;
    Millis m_lastNameTime = kNoTime;
    int m_nameSeq = 0;
};

} // namespace rl
