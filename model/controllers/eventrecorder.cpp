#include "eventrecorder.h"

#include "sim/clusterprofile.h"
#include "sim/numbertext.h"
#include "sim/simulation.h"

#include <QStringBuilder>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <vector>

namespace rl {

// client-go tools/record/events_cache.go (EventAggregator, eventLogger, EventSourceObjectSpamFilter)
// and tools/record/event.go (makeEvent, recordToSink).

namespace {
const QString& defaultNamespace()
{
    static const QString ns = QStringLiteral("default");
    return ns;
}

/// makeEvent's name and namespace of an Event about `involved`: "<name>.<nanos in hex>", in the
/// object's namespace or "default". The name is put together on the stack: the store copies it
/// into the new Event's own block.
class EventName
{
public:
    EventName(const ObjectReference& involved, quint64 nanos)
        : ns(involved.namespace_.isEmpty() ? defaultNamespace() : involved.namespace_)
    {
        char16_t digits[20];
        const QStringView hex = numberDigits(nanos, 16, digits);
        m_name.resize(involved.name.size() + 1 + hex.size());
        char16_t* out = std::copy_n(involved.name.utf16(), involved.name.size(), m_name.data());
        *out++ = u'.';
        std::copy_n(hex.utf16(), hex.size(), out);
    }
    QStringView name() const { return {m_name.data(), m_name.size()}; }
    const QString& ns;

private:
    QVarLengthArray<char16_t, 128> m_name;
};

constexpr quint64 fmix(quint64 k) // MurmurHash3's finaliser
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}
} // namespace

EventRecorder::Fingerprint EventRecorder::KeyHasher::result() const
{
    return {fmix(m_a), fmix(m_b ^ 0x6a09e667f3bcc909ULL)};
}

template<class V> std::size_t EventRecorder::Lru<V>::findSlot(const Fingerprint& key) const
{
    // A slot holds the low half of its key's `a` as well: probing past other keys reads no node.
    std::size_t slot = home(key);
    const quint32 check = quint32(key.a);
    for (;; slot = (slot + 1) & mask()) {
        const Slot& s = m_table[slot];
        if (s.node == kNone || (s.check == check && nodes()[s.node].key == key))
            return slot;
    }
}

template<class V> void EventRecorder::Lru<V>::eraseSlot(std::size_t slot)
{
    // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
    std::size_t hole = slot;
    for (std::size_t next = (slot + 1) & mask(); m_table[next].node != kNone; next = (next + 1) & mask()) {
        const std::size_t want = std::size_t(m_table[next].check) & mask(); // its key's home()
        // Move the entry into the hole unless its home lies cyclically in (hole, next].
        const bool stays = hole <= next ? (hole < want && want <= next) : (hole < want || want <= next);
        if (!stays) {
            m_table[hole] = m_table[next];
            hole = next;
        }
    }
    m_table[hole] = Slot {};
}

template<class V> void EventRecorder::Lru<V>::grow()
{
    std::vector<Slot> table(m_table.size() * 2);
    m_table.swap(table);
    for (const Slot& s : table) {
        if (s.node == kNone)
            continue;
        std::size_t slot = std::size_t(s.check) & mask();
        while (m_table[slot].node != kNone)
            slot = (slot + 1) & mask();
        m_table[slot] = s;
    }
}

template<class V> void EventRecorder::Lru<V>::unlink(qint32 n)
{
    Node& node = nodes()[n];
    (node.prev == kNone ? m_head : nodes()[node.prev].next) = node.next;
    (node.next == kNone ? m_tail : nodes()[node.next].prev) = node.prev;
    node.prev = node.next = kNone;
}

template<class V> void EventRecorder::Lru<V>::pushFront(qint32 n)
{
    Node& node = nodes()[n];
    node.prev = kNone;
    node.next = m_head;
    if (m_head != kNone)
        nodes()[m_head].prev = n;
    m_head = n;
    if (m_tail == kNone)
        m_tail = n;
}

template<class V> V& EventRecorder::Lru<V>::operator[](const Fingerprint& key)
{
    std::size_t slot = findSlot(key);
    if (m_table[slot].node != kNone) {
        const qint32 n = m_table[slot].node;
        if (n != m_head) {
            unlink(n);
            pushFront(n);
        }
        return nodes()[n].value;
    }
    qint32 n;
    if (m_size < kMaxEntries) {
        if ((m_size + 1) * 2 > m_table.size()) {
            grow();
            slot = findSlot(key);
        }
        n = m_nodes->add();
        ++m_size;
    } else {
        // Full: the least recently used entry leaves (never the new one) and lends its slot.
        n = m_tail;
        // The entries that leave next were last used thousands of events ago: ask for what
        // releasing them reads, one link of the chain per eviction: the entry three places up,
        // the message list of the one two places up, the messages of the one next in line (each
        // asked for at the eviction before).
        if (const qint32 n1 = nodes()[n].prev; n1 != kNone) {
            prefetchReleased(nodes()[n1].value, 2);
            if (const qint32 n2 = nodes()[n1].prev; n2 != kNone) {
                prefetchReleased(nodes()[n2].value, 1);
                if (const qint32 n3 = nodes()[n2].prev; n3 != kNone)
                    __builtin_prefetch(&nodes()[n3]);
            }
        }
        unlink(n);
        eraseSlot(findSlot(nodes()[n].key));
        slot = findSlot(key); // the shift may have freed an earlier slot of the probe sequence
        reset(nodes()[n].value);
    }
    nodes()[n].key = key;
    m_table[slot] = Slot {n, quint32(key.a)};
    pushFront(n);
    return nodes()[n].value;
}

EventRecorder::EventRecorder(Simulation& sim)
    : m_sim(sim)
{ }

EventRecorder::Correlator* EventRecorder::correlator(const QString& component, const QString& host)
{
    if (m_lastSource == m_sources.end() || m_lastSource->first.first != component
        || m_lastSource->first.second != host) {
        m_lastSource = m_sources.try_emplace({component, host}).first;
        if (!m_lastSource->second) {
            m_lastSource->second = std::make_unique<Correlator>(*this);
            m_lastSource->second->emitter = EventEmitter {component, host, {}, {}, {}};
            m_lastSource->second->reportingEmitter = EventEmitter {component, host, component, host, {}};
        }
    }
    return m_lastSource->second.get();
}

void EventRecorder::record(const Shared<ObjectReference>& involved, const QString& type, const QString& reason,
    const QString& message, const QString& component, const QString& host)
{
    record(sourceKey(*involved, component, host), involved, type, reason, message, component, host);
}

void EventRecorder::record(const KeyHasher& object, const Shared<ObjectReference>& involved, const QString& type,
    const QString& reason, const QString& message, const QString& component, const QString& host)
{
    record(correlator(component, host), object, involved, type, reason, message, component, host);
}

void EventRecorder::record(Correlator* correlator, const KeyHasher& object, const Shared<ObjectReference>& involved,
    const QString& type, const QString& reason, const QString& message, const QString& component, const QString& host)
{
    Q_ASSERT(correlator == this->correlator(component, host));
    Correlator& caches = *correlator;
    ObjectStore& store = m_sim.store();
    const Millis now = store.now();
    const Millis apiNow = store.apiNow();
    // `object` hashes the source and the involved object; each cache adds its own fields to it.

    // 1. Similar-event aggregation (EventAggregate). Keyed without the message and field path.
    KeyHasher aggregateKey = object;
    aggregateKey.add(type).add(reason);
    AggregateRecord& agg = caches.aggregates[aggregateKey.result()];
    if (agg.lastTimestamp == kNoTime || now - agg.lastTimestamp > kAggregateInterval)
        reset(agg);
    auto pos = std::lower_bound(agg.messages.begin(), agg.messages.end(), message);
    if (pos == agg.messages.end() || *pos != message)
        agg.messages.insert(pos, message);
    agg.lastTimestamp = now;
    Fingerprint cacheKey;
    QString effectiveMessage = message;
    if (int(agg.messages.size()) < kMaxSimilarEvents) {
        // getEventKey: source, involved object incl. field path, type, reason, message. The
        // aggregate key holds all of them but the field path and the message: go on from it, with
        // a tag that tells the two kinds of key apart.
        KeyHasher eventKey = aggregateKey;
        eventKey.addTag(0x6576656e74ULL /* "event" */).add(involved->fieldPath).add(message);
        cacheKey = eventKey.result();
    } else {
        agg.messages.erase(agg.messages.begin()); // PopAny: keep the set at the maximum
        cacheKey = aggregateKey.result();
        effectiveMessage = QStringView(u"(combined from similar events): ") % message;
    }

    // 2. De-duplication (eventObserve): runs before the spam filter, so dropped events still count.
    Observation& obs = caches.observations[cacheKey];
    const bool isUpdate = obs.count > 0;
    if (!isUpdate) {
        obs.nanos = nextNameNanos(now);
        obs.firstTimestamp = apiNow;
    }
    obs.count += 1;

    // 3. Spam filter (EventSourceObjectSpamFilter): token bucket per source + involved object.
    Bucket& bucket = caches.spam[object.result()];
    if (bucket.last != kNoTime)
        bucket.tokens = std::min(kSpamBurst, bucket.tokens + double(now - bucket.last) * kSpamRefillPerMs);
    bucket.last = now;
    if (bucket.tokens < 1.0)
        return;
    bucket.tokens -= 1.0;

    // recordToSink: patch the existing event when count > 1, create it otherwise (or when gone).
    // The cache key holds the involved object's name and namespace, so these are the names the
    // first observation gave.
    const EventName name(*involved, obs.nanos);
    if (isUpdate) {
        if (auto existing = store.get<Event>(name.ns, name.name())) {
            Event e = *existing;
            e.count = obs.count;
            e.lastTimestamp = apiNow;
            e.message = effectiveMessage;
            if (auto updated = store.update(std::move(e)))
                armExpiry(*updated, now);
            return;
        }
    }
    // generateEvent sets reportingComponent and reportingInstance from the source since v1.28.
    // Built in place (copy-constructed fields rather than assigned ones), moved once into the store.
    ObjectMeta meta;
    meta.namespace_ = name.ns;
    if (auto created = store.create(
            Event {.metadata = std::move(meta),
                .involvedObject = involved,
                .reason = reason,
                .message = std::move(effectiveMessage),
                .emitter = m_sim.profile().minorVersion() >= kFirstMinorWithLegacyReporting ? caches.reportingEmitter
                                                                                            : caches.emitter,
                .firstTimestamp = obs.firstTimestamp,
                .lastTimestamp = apiNow,
                .count = obs.count,
                .type = type},
            name.name(), obs.nanos))
        armExpiry(*created, now);
}

quint64 EventRecorder::nextNameNanos(Millis now)
{
    // makeEvent: name "<object>.<unix nanos in hex>"; keep names unique within one millisecond.
    if (now == m_lastNameTime) {
        ++m_nameSeq;
    } else {
        m_lastNameTime = now;
        m_nameSeq = 0;
    }
    return quint64(now) * 1000000ULL + quint64(m_nameSeq);
}

// client-go tools/events (event_recorder.go makeEvent, event_broadcaster.go recordToSink,
// recordEvent, refreshExistingEventSeries, finishSeries, getKey).

EventRecorder::SeriesRecorder* EventRecorder::seriesRecorder(const QString& controller, const QString& instance)
{
    auto& slot = m_seriesRecorders[{controller, instance}];
    if (!slot) {
        slot = std::make_unique<SeriesRecorder>();
        slot->controller = controller;
        slot->instance = instance;
        slot->start = m_sim.startTime();
    }
    return slot.get();
}

void EventRecorder::recordSeries(SeriesRecorder* process, const KeyHasher& regardingKey,
    const Shared<ObjectReference>& regarding, const QString& type, const QString& reason, const QString& action,
    const QString& note)
{
    SeriesRecorder& p = *process;
    const Millis now = m_sim.store().now();
    const ObjectReference& r = *regarding;
    Q_ASSERT(regardingKey.result() == involvedKey(r).result());
    // getKey: type, action, reason, reporting controller and instance, and the regarding object
    // whole. The controller and instance are the process's own, the same for its whole cache.
    KeyHasher key = regardingKey;
    key.addTag(0x736572696573ULL /* "series" */)
        .add(r.resourceVersion)
        .add(r.fieldPath)
        .add(type)
        .add(action)
        .add(reason);
    const Fingerprint fp = key.result();

    if (p.cache.size() >= p.purgeAt) {
        std::erase_if(p.cache, [&](const auto& kv) { return p.dropped(kv.second, now); });
        p.purgeAt = std::max<std::size_t>(1024, p.cache.size() * 2);
    }
    auto it = p.cache.find(fp);
    if (it != p.cache.end() && p.dropped(it->second, now)) {
        p.cache.erase(it);
        it = p.cache.end();
    }
    if (it != p.cache.end()) {
        SeriesEntry& entry = it->second;
        entry.lastObserved = now;
        if (++entry.count == 2) {
            writeSeries(entry); // the isomorphic Event becomes a series, patched at once
            return;
        }
        if (entry.dirtySince == kNoTime) { // counted only, until a tick writes it
            entry.dirtySince = now;
            p.dirty.push_back(fp);
        }
        armSeriesTimer(process);
        return;
    }

    auto& emitter = p.emitters[action];
    if (emitter->reportingController.isEmpty())
        emitter = EventEmitter {{}, {}, p.controller, p.instance, action}; // no source
    const quint64 nanos = nextNameNanos(now);
    const EventName name(r, nanos);
    ObjectMeta meta;
    meta.namespace_ = name.ns;
    Event e {.metadata = std::move(meta),
        .involvedObject = regarding,
        .reason = reason,
        .message = note,
        .emitter = emitter,
        .firstTimestamp = kNoTime, // tools/events writes no first or last timestamp, nor a count
        .lastTimestamp = kNoTime,
        .count = 0,
        .type = type,
        .eventTime = now};
    ObjectStore& store = m_sim.store();
    if (auto created = store.create(std::move(e), name.name(), nanos)) {
        armExpiry(*created, now);
        p.cache[fp] = SeriesEntry {.event = created, .lastObserved = now};
    }
}

void EventRecorder::writeSeries(SeriesEntry& entry)
{
    ObjectStore& store = m_sim.store();
    const Event& first = *entry.event;
    entry.dirtySince = kNoTime;
    if (auto existing = store.get<Event>(first.metadata.namespace_, first.metadata.name)) {
        Event e = *existing;
        e.seriesCount = entry.count;
        e.seriesLastObservedTime = entry.lastObserved;
        if (auto updated = store.update(std::move(e)))
            armExpiry(*updated, store.now());
        return;
    }
    Event e = first; // NotFound: created again, series and all
    e.metadata.uid.clear();
    e.metadata.resourceVersion.clear();
    e.metadata.creationTimestamp = kNoTime;
    e.seriesCount = entry.count;
    e.seriesLastObservedTime = entry.lastObserved;
    const QString name = e.metadata.name;
    if (auto created = store.create(std::move(e), QStringView(name), ObjectStore::keySuffix(name)))
        armExpiry(*created, store.now());
}

void EventRecorder::armSeriesTimer(SeriesRecorder* process)
{
    SeriesRecorder& p = *process;
    Millis due = kNoTime;
    for (const Fingerprint& fp : p.dirty) {
        auto it = p.cache.find(fp);
        if (it == p.cache.end() || it->second.dirtySince == kNoTime)
            continue;
        const Millis at = std::min(
            EventQueue::nextTick(p.start, it->second.dirtySince, kSeriesRefreshPeriod), p.dropTime(it->second));
        if (due == kNoTime || at < due)
            due = at;
    }
    if (due == p.timerAt && p.timer != 0)
        return;
    if (p.timer != 0)
        m_sim.queue().cancel(p.timer);
    p.timer = 0;
    p.timerAt = due;
    if (due != kNoTime)
        p.timer = m_sim.queue().scheduleAt(due, [this, process] { seriesTick(process); });
}

void EventRecorder::seriesTick(SeriesRecorder* process)
{
    SeriesRecorder& p = *process;
    p.timer = 0;
    p.timerAt = kNoTime;
    const Millis now = m_sim.store().now();
    const bool finish = (now - p.start) % kSeriesFinishPeriod == 0;
    const bool refresh = (now - p.start) % kSeriesRefreshPeriod == 0;
    std::vector<Fingerprint> pending;
    for (const Fingerprint& fp : p.dirty) {
        auto it = p.cache.find(fp);
        if (it == p.cache.end() || it->second.dirtySince == kNoTime)
            continue;
        SeriesEntry& entry = it->second;
        if (finish && entry.lastObserved < now - kSeriesFinishPeriod) {
            writeSeries(entry); // the series ended: its last count is written, the entry goes
            p.cache.erase(it);
        } else if (refresh) {
            writeSeries(entry);
        } else {
            pending.push_back(fp);
        }
    }
    p.dirty = std::move(pending);
    armSeriesTimer(process);
}

Millis EventRecorder::leaseFor(Millis now)
{
    const ClusterProfile& profile = m_sim.profile();
    if (const QString& version = profile.kubernetesVersion(); !isSameText(version, m_leaseServer)) {
        // Another version (a patch release too) is another API server, restarted: its lease
        // manager starts without a lease. (The same text again, a profile applied anew, is not;
        // the copy kept below shares the profile's text, so the next write compares pointers.)
        if (version != m_leaseServer) {
            m_leaseExpiry = kNoTime;
            m_leaseObjects = 0;
        }
        m_leaseServer = version;
    }
    const int minor = profile.minorVersion();
    if (minor < kFirstMinorWithLeaseReuse)
        return now + kEventTtl; // etcd3 store of v1.8-v1.11: Lease.Grant(ttl) for every write
    // getReuseDurationSecondsLocked: whole seconds, int64(0.05 * ttl), at most 60 s.
    const Millis reuse = std::min(kLeaseReuseMax, (kEventTtl / 1000) * 5 / 100 * 1000);
    ++m_leaseObjects; // counted before the check, as GetLease does
    const bool valid = now + kEventTtl < m_leaseExpiry;
    // Upstream asks for a clock that has moved on since the grant ("After"); a real API server's
    // clock always has, while writes here share a millisecond, so the same instant reuses it.
    const bool sufficient = now + kEventTtl + reuse >= m_leaseExpiry;
    const bool room = minor < kFirstMinorWithLeaseCap || m_leaseObjects <= kLeaseMaxObjects;
    if (valid && sufficient && room)
        return m_leaseExpiry;
    m_leaseExpiry = now + kEventTtl + reuse;
    m_leaseObjects = 1;
    return m_leaseExpiry;
}

void EventRecorder::armExpiry(const Event& event, Millis writeTime)
{
    // One sweep timer for all events, set for the earliest lease; each lease holds the records
    // of the writes attached to it. A record keeps the Event's key, which shares the text the
    // store keeps it by.
    const Millis expiry = leaseFor(writeTime);
    // The lease is the last one, but for the writes of the first minute after the cluster's
    // version changed (see m_leases): look back past the later ones.
    auto at = m_leases.end();
    while (at != m_leases.begin() && std::prev(at)->expiry > expiry)
        --at;
    if (at == m_leases.begin() || std::prev(at)->expiry != expiry)
        at = std::next(m_leases.insert(at, Lease {expiry, {}}));
    std::prev(at)->records.push_back({ObjectStore::keyOf(event.metadata), writeStamp(event)});
    armSweep();
}

void EventRecorder::armSweep()
{
    if (m_leases.empty() || (m_sweep != 0 && m_sweepAt <= m_leases.front().expiry))
        return;
    if (m_sweep != 0)
        m_sim.queue().cancel(m_sweep); // a new lease expires before the one it waits for
    m_sweepAt = m_leases.front().expiry;
    m_sweep = m_sim.queue().scheduleAt(m_sweepAt, [this] { sweepExpired(); });
}

void EventRecorder::sweepExpired()
{
    m_sweep = 0;
    ObjectStore& store = m_sim.store();
    const Millis now = store.now();
    while (!m_leases.empty() && m_leases.front().expiry <= now) {
        // etcd revokes the lease: the keys still attached to it go. (Taken out first: a listener
        // of the removals may record an Event, which attaches to a later lease.)
        const Lease due = std::move(m_leases.front());
        m_leases.pop_front();
        for (const Expiry& record : due.records) {
            auto e = store.find<Event>(record.key);
            if (e && writeStamp(*e) == record.count)
                store.remove<Event>(e->metadata.namespace_, e->metadata.name);
        }
    }
    armSweep();
}

EventRecorder::State EventRecorder::state() const
{
    State s;
    s.aggregateNodes = m_aggregateNodes;
    s.observationNodes = m_observationNodes;
    s.spamNodes = m_spamNodes;
    for (const auto& [source, caches] : m_sources)
        s.sources.emplace(source, *caches);
    for (const auto& [source, process] : m_seriesRecorders)
        s.seriesRecorders.emplace(source, *process);
    s.leases = m_leases;
    s.leaseExpiry = m_leaseExpiry;
    s.leaseObjects = m_leaseObjects;
    s.leaseServer = m_leaseServer;
    s.lastNameTime = m_lastNameTime;
    s.nameSeq = m_nameSeq;
    return s;
}

void EventRecorder::restoreState(const State& s)
{
    if (m_sweep != 0)
        m_sim.queue().cancel(m_sweep);
    m_sweep = 0;
    m_sweepAt = kNoTime;
    m_aggregateNodes = s.aggregateNodes;
    m_observationNodes = s.observationNodes;
    m_spamNodes = s.spamNodes;
    // The kubelet and the scheduler keep pointers to their processes' caches: those objects stay.
    for (auto& [source, caches] : m_sources) {
        const auto saved = s.sources.find(source);
        Shared<EventEmitter> emitter = caches->emitter; // what correlator() made of the source
        Shared<EventEmitter> reportingEmitter = caches->reportingEmitter;
        *caches = saved != s.sources.end() ? saved->second : Correlator(*this);
        caches->rebind(*this);
        caches->emitter = std::move(emitter);
        caches->reportingEmitter = std::move(reportingEmitter);
    }
    for (const auto& [source, caches] : s.sources) {
        auto& slot = m_sources[source];
        if (!slot) {
            slot = std::make_unique<Correlator>(caches);
            slot->rebind(*this);
        }
    }
    m_lastSource = m_sources.end();
    for (auto& [source, process] : m_seriesRecorders) {
        m_sim.queue().cancel(process->timer);
        const auto saved = s.seriesRecorders.find(source);
        if (saved != s.seriesRecorders.end()) {
            *process = saved->second;
        } else {
            SeriesRecorder fresh;
            fresh.controller = process->controller;
            fresh.instance = process->instance;
            fresh.start = process->start;
            *process = std::move(fresh);
        }
        process->timer = 0;
        process->timerAt = kNoTime;
    }
    for (const auto& [source, process] : s.seriesRecorders) {
        auto& slot = m_seriesRecorders[source];
        if (!slot) {
            slot = std::make_unique<SeriesRecorder>(process);
            slot->timer = 0;
            slot->timerAt = kNoTime;
        }
    }
    m_leases = s.leases;
    m_leaseExpiry = s.leaseExpiry;
    m_leaseObjects = s.leaseObjects;
    m_leaseServer = s.leaseServer;
    m_lastNameTime = s.lastNameTime;
    m_nameSeq = s.nameSeq;
    m_restored = true;
}

void EventRecorder::resync()
{
    if (m_sweep != 0)
        m_sim.queue().cancel(m_sweep); // nothing when the queue was reset under it
    m_sweep = 0;
    if (m_restored) {
        // restoreState() put back the leases as they were: only the timers are set again.
        m_restored = false;
        armSweep();
    } else {
        // The store keeps no leases: the Events are attached again, in the order of their last
        // writes, as if those had been the only writes. The store keeps those times in whole
        // seconds (lastTimestamp), so before v1.12, when every write had its own lease, an Event
        // may go up to a second early; with shared leases, up to a minute earlier or later than it
        // would have without the resync.
        m_leases.clear();
        m_leaseExpiry = kNoTime;
        m_leaseObjects = 0;
        std::vector<std::pair<Millis, EventPtr>> all;
        for (const auto& [key, e] : m_sim.store().all<Event>())
            all.emplace_back(e->lastSeen() != kNoTime ? e->lastSeen() : e->metadata.creationTimestamp, e);
        std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [t, e] : all)
            armExpiry(*e, t);
    }
    for (auto& [source, process] : m_seriesRecorders) {
        m_sim.queue().cancel(process->timer);
        process->timer = 0;
        process->timerAt = kNoTime;
        armSeriesTimer(process.get());
    }
}

} // namespace rl
