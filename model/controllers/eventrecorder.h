#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"

#include <map>
#include <set>

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

    void armExpiry(const QString& key, Millis lastTimestamp);

    Simulation& m_sim;
    std::map<QString, AggregateRecord> m_aggregates;
    std::map<QString, Observation> m_observations;
    std::map<QString, Bucket> m_spam;
    std::map<QString, EventQueue::Id> m_expiry; // event object key -> expiry timer
    Millis m_lastNameTime = kNoTime;
    int m_nameSeq = 0;
};

} // namespace rl
