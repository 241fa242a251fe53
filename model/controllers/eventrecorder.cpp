#include "eventrecorder.h"

#include "sim/simulation.h"

#include <QStringBuilder>

#include <algorithm>
#include <vector>

namespace rl {

// client-go tools/record/events_cache.go (EventAggregator, eventLogger, EventSourceObjectSpamFilter)
// and tools/record/event.go (makeEvent, recordToSink).

namespace {
const QChar kSep(0x1f);

// The same fields as client-go's keys, most selective first so that map lookups compare little.
// Keys are built with QStringBuilder (%): one allocation per key instead of one per '+'.
QString sourceAndObject(const ObjectReference& o, const QString& component, const QString& host)
{
    return o.uid % kSep % o.name % kSep % o.namespace_ % kSep % o.kind % kSep % o.apiVersion % kSep % component % kSep
        % host;
}
} // namespace

EventRecorder::EventRecorder(Simulation& sim)
    : m_sim(sim)
{ }

void EventRecorder::record(const ObjectReference& involved, const QString& type, const QString& reason,
    const QString& message, const QString& component, const QString& host)
{
    ObjectStore& store = m_sim.store();
    const Millis now = store.now();
    const Millis apiNow = store.apiNow();
    const QString objKey = sourceAndObject(involved, component, host);

    // 1. Similar-event aggregation (EventAggregate). Keyed without the message and field path.
    const QString aggregateKey = objKey % kSep % type % kSep % reason;
    AggregateRecord& agg = m_aggregates[aggregateKey];
    if (agg.lastTimestamp == kNoTime || now - agg.lastTimestamp > kAggregateInterval)
        agg = AggregateRecord {};
    agg.messages.insert(message);
    agg.lastTimestamp = now;
    QString cacheKey;
    QString effectiveMessage = message;
    if (int(agg.messages.size()) < kMaxSimilarEvents) {
        // getEventKey: source, involved object incl. field path, type, reason, message.
        cacheKey = objKey % kSep % involved.fieldPath % kSep % type % kSep % reason % kSep % message;
    } else {
        agg.messages.erase(agg.messages.begin()); // PopAny: keep the set at the maximum
        cacheKey = aggregateKey;
        effectiveMessage = QStringLiteral("(combined from similar events): ") + message;
    }

    // 2. De-duplication (eventObserve): runs before the spam filter, so dropped events still count.
    Observation& obs = m_observations[cacheKey];
    const bool isUpdate = obs.count > 0;
    if (!isUpdate) {
        // makeEvent: name "<object>.<unix nanos in hex>"; keep names unique within one millisecond.
        if (now == m_lastNameTime) {
            ++m_nameSeq;
        } else {
            m_lastNameTime = now;
            m_nameSeq = 0;
        }
        const quint64 nanos = quint64(now) * 1000000ULL + quint64(m_nameSeq);
        obs.name = involved.name % QLatin1Char('.') % QString::number(nanos, 16);
        obs.namespace_ = involved.namespace_.isEmpty() ? QStringLiteral("default") : involved.namespace_;
        obs.firstTimestamp = apiNow;
    }
    obs.count += 1;

    // 3. Spam filter (EventSourceObjectSpamFilter): token bucket per source + involved object.
    Bucket& bucket = m_spam[objKey];
    if (bucket.last != kNoTime)
        bucket.tokens = std::min(kSpamBurst, bucket.tokens + double(now - bucket.last) * kSpamRefillPerMs);
    bucket.last = now;
    if (bucket.tokens < 1.0)
        return;
    bucket.tokens -= 1.0;

    // recordToSink: patch the existing event when count > 1, create it otherwise (or when gone).
    if (isUpdate) {
        if (auto existing = store.get<Event>(obs.namespace_, obs.name)) {
            Event e = *existing;
            e.count = obs.count;
            e.lastTimestamp = apiNow;
            e.message = effectiveMessage;
            store.update(e);
            armExpiry(objectKey(obs.namespace_, obs.name), apiNow);
            return;
        }
    }
    Event e;
    e.metadata.name = obs.name;
    e.metadata.namespace_ = obs.namespace_;
    e.involvedObject = involved;
    e.reason = reason;
    e.message = effectiveMessage;
    e.sourceComponent = component;
    e.sourceHost = host;
    e.firstTimestamp = obs.firstTimestamp;
    e.lastTimestamp = apiNow;
    e.count = obs.count;
    e.type = type;
    if (store.create(e))
        armExpiry(objectKey(obs.namespace_, obs.name), apiNow);
}

void EventRecorder::armExpiry(const QString& key, Millis lastTimestamp)
{
    // One sweep timer for all events: expiry times only grow, so a FIFO stays sorted.
    m_expiry.emplace_back(lastTimestamp + kEventTtl, key);
    if (m_sweep == 0)
        m_sweep = m_sim.queue().scheduleAt(m_expiry.front().first, [this] { sweepExpired(); });
}

void EventRecorder::sweepExpired()
{
    m_sweep = 0;
    ObjectStore& store = m_sim.store();
    const Millis now = store.now();
    while (!m_expiry.empty() && m_expiry.front().first <= now) {
        const QString key = m_expiry.front().second;
        m_expiry.pop_front();
        const int slash = key.indexOf(QLatin1Char('/'));
        const QString ns = key.left(slash), name = key.mid(slash + 1);
        auto e = store.get<Event>(ns, name);
        if (e && e->lastTimestamp + kEventTtl <= now)
            store.remove<Event>(ns, name);
    }
    if (!m_expiry.empty())
        m_sweep = m_sim.queue().scheduleAt(m_expiry.front().first, [this] { sweepExpired(); });
}

void EventRecorder::resync()
{
    if (m_sweep != 0)
        m_sim.queue().cancel(m_sweep);
    m_sweep = 0;
    m_expiry.clear();
    std::vector<std::pair<Millis, QString>> all;
    for (const auto& [key, e] : m_sim.store().all<Event>())
        all.emplace_back(e->lastTimestamp != kNoTime ? e->lastTimestamp : e->metadata.creationTimestamp, key);
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [t, key] : all)
        armExpiry(key, t);
}

} // namespace rl
