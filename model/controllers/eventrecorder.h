#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"
#include "sim/objectstore.h"

#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rl {

class Simulation;

/// Records core/v1 Events into the store the way client-go's tools/record does: similar-event
/// aggregation, de-duplication with count, the per-object spam filter, and expiry (spec 3.14).
/// The caches are those of each emitting process (a Correlator per source component and host:
/// each controller, the scheduler, the kubelet of each node); expiry is the API server's event
/// TTL as etcd applies it: each write attaches the Event to a lease (leaseFor()), and the Event
/// goes when the lease of its last write expires.
class EventRecorder
{
public:
    explicit EventRecorder(Simulation& sim);

    /// A key of client-go's caches, as a 128-bit fingerprint of the fields client-go joins into its
    /// key string (getEventKey, getSpamKey, EventAggregatorByReasonFunc). Building those strings
    /// cost an allocation and a hash of 100-300 characters per cache per event; two independent
    /// 64-bit lanes make a collision between two different keys a 2^-128 event.
    struct Fingerprint
    {
        quint64 a = 0;
        quint64 b = 0;
        bool operator==(const Fingerprint&) const = default;
    };
    class KeyHasher
    {
    public:
        /// Two lanes with different multipliers and rotations over the UTF-16 code units, 8 bytes
        /// a step; the last 0-3 code units share one word with the field's length, so that field
        /// boundaries are part of the key as client-go's separators make them part of its key
        /// strings. (Inline: the recorder hashes some twenty fields per Event.)
        KeyHasher& add(QStringView s)
        {
            const char16_t* u = s.utf16();
            const std::size_t size = std::size_t(s.size());
            std::size_t i = 0;
            for (; i + 4 <= size; i += 4) {
                quint64 w;
                std::memcpy(&w, u + i, 8);
                mix(w);
            }
            // An empty QString has no data pointer: the loop above and this one read nothing then.
            quint64 last = quint64(size & 0xffff) << 48;
            for (int shift = 0; i < size; ++i, shift += 16)
                last |= quint64(u[i]) << shift;
            mix(last ^ 0xa5a5a5a5ULL);
            return *this;
        }
        /// Adds a fixed marker word (to tell apart keys built on the same fields).
        KeyHasher& addTag(quint64 tag)
        {
            mix(tag);
            return *this;
        }
        Fingerprint result() const;

    private:
        static constexpr quint64 rotl(quint64 x, int r) { return (x << r) | (x >> (64 - r)); }
        void mix(quint64 w)
        {
            m_a = rotl(m_a ^ (w * 0x9e3779b97f4a7c15ULL), 29) * 0xbf58476d1ce4e5b9ULL;
            m_b = rotl(m_b ^ (w * 0xc2b2ae3d27d4eb4fULL), 37) * 0x94d049bb133111ebULL + 0x2545f4914f6cdd1dULL;
        }

        quint64 m_a = 0x243f6a8885a308d3ULL;
        quint64 m_b = 0x13198a2e03707344ULL;
    };

    /// `type` is "Normal" or "Warning"; `component` e.g. "deployment-controller", "kubelet".
    /// `involved` converts from an ObjectReference; an emitter of many Events about one object
    /// passes the same Shared for each, and the Events hold it once.
    void record(const Shared<ObjectReference>& involved, const QString& type, const QString& reason,
        const QString& message, const QString& component, const QString& host = {});
    /// What every cache key takes from the source and the involved object (getSpamKey's fields:
    /// uid, name, namespace, kind, apiVersion, component, host). An emitter that records many
    /// events about one object (the kubelet about a pod) computes it once and passes it below.
    static KeyHasher sourceKey(const ObjectReference& involved, const QString& component, const QString& host)
    {
        return sourceKey(involvedKey(involved), component, host);
    }
    /// sourceKey() in two steps: the involved object's part (uid, name, namespace, kind,
    /// apiVersion), which an emitter can keep per object, then the source's.
    static KeyHasher involvedKey(const ObjectReference& involved)
    {
        KeyHasher object;
        object.add(involved.uid)
            .add(involved.name)
            .add(involved.namespace_)
            .add(involved.kind)
            .add(involved.apiVersion);
        return object;
    }
    static KeyHasher sourceKey(KeyHasher object, const QString& component, const QString& host)
    {
        object.add(component).add(host);
        return object;
    }
    /// record() with the sourceKey() of (involved, component, host).
    void record(const KeyHasher& sourceKey, const Shared<ObjectReference>& involved, const QString& type,
        const QString& reason, const QString& message, const QString& component, const QString& host);

    /// The caches of one emitting process (client-go's EventCorrelator): each process that
    /// records Events has its own (every controller of kube-controller-manager, the scheduler,
    /// each node's kubelet), so one process's keys never push another's out of its caches.
    struct Correlator;
    /// The caches of the process that records as `component` on `host`. They live as long as
    /// the recorder: an emitter of many Events (a node's kubelet) keeps the pointer and passes it
    /// to record() below, which then does not look them up by name.
    Correlator* correlator(const QString& component, const QString& host);
    /// record() through `caches`, which must be correlator(component, host).
    void record(Correlator* caches, const KeyHasher& sourceKey, const Shared<ObjectReference>& involved,
        const QString& type, const QString& reason, const QString& message, const QString& component,
        const QString& host);

    /// The caches of a process that records through events.k8s.io/v1 (client-go tools/events;
    /// kube-scheduler since v1.16, kubernetes#78447) rather than tools/record.
    struct SeriesRecorder;
    struct SeriesEntry;
    /// The caches of the process that reports as `controller` (reportingController) from
    /// `instance` (reportingInstance: "<controller>-<hostname>"). Like correlator(), they live as
    /// long as the recorder.
    SeriesRecorder* seriesRecorder(const QString& controller, const QString& instance);
    /// Records as tools/events does: no aggregation and no spam filter. The first Event of its
    /// kind is created with eventTime, action and the reporting fields, and no source, first or
    /// last timestamp or count. One isomorphic to an Event still in the process's cache (same
    /// type, action, reason, reporting controller and instance, and regarding object, with its
    /// resourceVersion and fieldPath; not the note) makes that one a series: the second
    /// occurrence patches `series: {count: 2, lastObservedTime}` at once, later ones only count in
    /// the cache, which writes them every 30 minutes (refreshExistingEventSeries) and when the
    /// series ends (finishSeries, every 6 minutes: no occurrence for 6 minutes). finishSeries
    /// also forgets a single Event 6 minutes after it, so that a later one is a new Event.
    void recordSeries(SeriesRecorder* process, const Shared<ObjectReference>& regarding, const QString& type,
        const QString& reason, const QString& action, const QString& note)
    {
        recordSeries(process, involvedKey(*regarding), regarding, type, reason, action, note);
    }
    /// recordSeries() with involvedKey() of `regarding`, which an emitter can keep per object.
    void recordSeries(SeriesRecorder* process, const KeyHasher& regardingKey, const Shared<ObjectReference>& regarding,
        const QString& type, const QString& reason, const QString& action, const QString& note);
    static constexpr Millis kSeriesFinishPeriod = 6 * 60 * 1000; // finishTime
    static constexpr Millis kSeriesRefreshPeriod = 30 * 60 * 1000; // refreshTime
    /// reportingComponent and reportingInstance of tools/record's Events (the source's component
    /// and host) came with client-go v1.28 (kubernetes#116506); before, both were empty.
    static constexpr int kFirstMinorWithLegacyReporting = 28;

    template<class T> static ObjectReference referenceTo(const T& obj, const QString& fieldPath = {})
    {
        return {kindName(T::kind), obj.metadata.namespace_, obj.metadata.name, obj.metadata.uid, obj.apiVersion,
            obj.metadata.resourceVersion, fieldPath};
    }

    /// Re-arms the expiry of every Event in the store (after a snapshot restore).
    void resync();

    static constexpr Millis kEventTtl = 3600 * 1000; // kube-apiserver --event-ttl
    /// kube-apiserver's lease manager (apiserver pkg/storage/etcd3/lease_manager.go): a lease is
    /// granted for the TTL plus min(60 s, 5 % of the TTL) and reused by every write of that extra
    /// time, up to 1,000 writes a lease (--lease-max-object-count). Leases came with v1.12
    /// (kubernetes#64539; also in 1.11 patch releases), the cap with v1.21 (kubernetes#98257;
    /// also in 1.18-1.20 patch releases); ClusterProfile knows the minor version only.
    static constexpr Millis kLeaseReuseMax = 60 * 1000; // --lease-reuse-duration-seconds
    static constexpr qint64 kLeaseMaxObjects = 1000; // --lease-max-object-count
    static constexpr int kFirstMinorWithLeaseReuse = 12;
    static constexpr int kFirstMinorWithLeaseCap = 21;
    static constexpr int kMaxSimilarEvents = 10; // defaultAggregateMaxEvents
    static constexpr Millis kAggregateInterval = 600 * 1000; // defaultAggregateIntervalInSeconds
    static constexpr double kSpamBurst = 25; // defaultSpamBurst
    static constexpr double kSpamRefillPerMs = 1.0 / 300000.0; // defaultSpamQPS = 1/300

private:
    struct AggregateRecord
    {
        std::vector<QString> messages; // sorted, distinct (client-go's sets.String localKeys)
        Millis lastTimestamp = kNoTime;
    };
    /// Empties an entry for a new key, keeping the buffer of its messages for the next ones.
    static void reset(AggregateRecord& r)
    {
        r.messages.clear();
        r.lastTimestamp = kNoTime;
    }
    template<class V> static void reset(V& v) { v = V {}; }
    /// Prefetches what reset() of an entry will read: its list of messages (stage 1), their
    /// reference counts (stage 2, once the list is at hand).
    static void prefetchReleased(const AggregateRecord& r, int stage)
    {
        if (stage == 1) {
            __builtin_prefetch(r.messages.data());
            return;
        }
        for (const QString& m : r.messages)
            __builtin_prefetch(const_cast<QString&>(m).data_ptr().d_ptr());
    }
    template<class V> static void prefetchReleased(const V&, int) { }
    struct Observation
    {
        qint32 count = 0;
        Millis firstTimestamp = kNoTime;
        // The Event's name is "<involved name>.<nanos in hex>" and its namespace the involved
        // object's: both follow from the key, so an entry holds no strings to release when the
        // LRU cache drops it.
        quint64 nanos = 0;
    };
    struct Bucket
    {
        double tokens = kSpamBurst;
        Millis last = kNoTime;
    };

    /// The nodes of every cache of one kind (of every process), in chunks that never move: a new
    /// entry lies next to the entries written just before it, which are those a process asks
    /// for again soonest (a pod's next Event), and no cache copies its nodes as it grows.
    template<class N> class Pool
    {
    public:
        Pool() = default;
        Pool(Pool&&) = default;
        Pool& operator=(Pool&&) = default;
        /// A deep copy (a snapshot of the caches).
        Pool(const Pool& o)
            : m_size(o.m_size)
        {
            m_chunks.reserve(o.m_chunks.size());
            for (const auto& chunk : o.m_chunks) {
                m_chunks.push_back(std::make_unique<N[]>(kChunk));
                std::copy(chunk.get(), chunk.get() + kChunk, m_chunks.back().get());
            }
        }
        Pool& operator=(const Pool& o)
        {
            if (this != &o)
                *this = Pool(o);
            return *this;
        }
        N& operator[](qint32 i) { return m_chunks[std::size_t(i) >> kShift][std::size_t(i) & (kChunk - 1)]; }
        qint32 add()
        {
            if (m_size % kChunk == 0)
                m_chunks.push_back(std::make_unique<N[]>(kChunk));
            return qint32(m_size++);
        }

    private:
        static constexpr std::size_t kShift = 10;
        static constexpr std::size_t kChunk = std::size_t(1) << kShift;
        std::vector<std::unique_ptr<N[]>> m_chunks;
        std::size_t m_size = 0;
    };

    /// client-go's caches are LRU caches of maxLruCacheEntries (4096) entries each. The entries
    /// live in a Pool shared by the caches of all processes, linked in LRU order, and are found
    /// through an open-addressed table that grows with them (a node's kubelet keeps a few
    /// hundred): once full, a new key reuses the slot of the least recently used one and nothing
    /// is allocated.
    template<class V> class Lru
    {
    public:
        static constexpr std::size_t kMaxEntries = 4096;
        static constexpr qint32 kNone = -1;
        struct Node
        {
            Fingerprint key;
            V value {};
            qint32 prev = kNone;
            qint32 next = kNone;
        };
        explicit Lru(Pool<Node>& nodes)
            : m_nodes(&nodes)
        { }
        V& operator[](const Fingerprint& key);
        /// After a copy of the cache and its pool was assigned to it: its nodes are in `nodes`.
        void rebind(Pool<Node>& nodes) { m_nodes = &nodes; }

    private:
        static constexpr std::size_t kTableSize = 8192; // at most; a power of two, load <= 1/2
        static constexpr std::size_t kFirstTableSize = 16;
        std::size_t mask() const { return m_table.size() - 1; }
        std::size_t home(const Fingerprint& key) const { return std::size_t(key.a) & mask(); }
        std::size_t findSlot(const Fingerprint& key) const; // the slot holding key, or an empty one
        void grow(); // doubles the table
        void eraseSlot(std::size_t slot);
        void unlink(qint32 n);
        void pushFront(qint32 n);

        Pool<Node>& nodes() const { return *m_nodes; }
        Pool<Node>* m_nodes; // shared with the caches of the other processes
        std::size_t m_size = 0; // entries
        struct Slot
        {
            qint32 node = kNone;
            quint32 check = 0; // quint32(key.a) of the node's key: its home() and a tag
        };
        static_assert(kTableSize - 1 <= 0xffffffffULL, "home() must follow from Slot::check");
        static_assert(kMaxEntries * 2 <= kTableSize, "a full cache's table is at most kTableSize");
        std::vector<Slot> m_table = std::vector<Slot>(kFirstTableSize); // slot -> node
        qint32 m_head = kNone; // most recently used
        qint32 m_tail = kNone; // least recently used
    };

    /// An Event write waiting for its lease to expire. The Event goes then unless a later write
    /// (a higher count) attached it to a later lease.
    struct Expiry
    {
        QString key; // objectKey(namespace, name) of the Event
        qint32 count = 0; // writeStamp() of the Event as written
    };
    /// A lease of the API server and the writes attached to it, in write order.
    struct Lease
    {
        Millis expiry = 0;
        std::vector<Expiry> records;
    };

    /// The next unused Event name suffix at `now` (unix nanos; one more within a millisecond).
    quint64 nextNameNanos(Millis now);
    /// The number that tells an Event's writes apart for expiry: count and series count each
    /// grow with every write of one Event, and one of them is 0.
    static qint32 writeStamp(const Event& e) { return e.count + e.seriesCount; }
    /// Writes the series of a cached Event as recordEvent() does: patches it, or creates it again
    /// when it went (expired).
    void writeSeries(SeriesEntry& entry);
    /// Runs the finishSeries and refreshExistingEventSeries ticks due now for the series that
    /// counted occurrences they have not written, and sets the timer for the next such tick.
    void seriesTick(SeriesRecorder* process);
    void armSeriesTimer(SeriesRecorder* process);

    /// When an Event written now goes: the expiry of the lease that this write gets. Before
    /// v1.12 each write had a lease of its own, of the TTL exactly. Advances the lease manager.
    Millis leaseFor(Millis now);
    void armExpiry(const Event& event, Millis writeTime);
    /// Sets the sweep timer for the earliest lease, unless it is set for it already.
    void armSweep();
    void sweepExpired();

public:
    struct Correlator
    {
        explicit Correlator(EventRecorder& r)
            : aggregates(r.m_aggregateNodes)
            , observations(r.m_observationNodes)
            , spam(r.m_spamNodes)
        { }
        Lru<AggregateRecord> aggregates;
        Lru<Observation> observations;
        Lru<Bucket> spam;
        Shared<EventEmitter> emitter; // source (component, host), no reporting fields: before v1.28
        Shared<EventEmitter> reportingEmitter; // the same with the reporting fields: from v1.28 on
        /// After a copy was assigned to it: its caches' nodes are `r`'s.
        void rebind(EventRecorder& r)
        {
            aggregates.rebind(r.m_aggregateNodes);
            observations.rebind(r.m_observationNodes);
            spam.rebind(r.m_spamNodes);
        }
    };
    struct FingerprintHash
    {
        std::size_t operator()(const Fingerprint& f) const { return std::size_t(f.a); }
    };
    struct SeriesEntry
    {
        EventPtr event; // as first written (its name, regarding object, note)
        qint32 count = 1; // occurrences; from 2 on, a series
        Millis lastObserved = kNoTime;
        Millis dirtySince = kNoTime; // when count first went past the count last written, or kNoTime
    };
    struct SeriesRecorder
    {
        QString controller;
        QString instance;
        Millis start = 0; // the process's start: its periodic ticks count from it
        std::unordered_map<Fingerprint, SeriesEntry, FingerprintHash> cache;
        std::size_t purgeAt = 1024; // cache size at which entries that finishSeries dropped go
        std::map<QString, Shared<EventEmitter>> emitters; // by action
        std::vector<Fingerprint> dirty; // entries with occurrences not written yet
        EventQueue::Id timer = 0;
        Millis timerAt = kNoTime;
        /// When finishSeries drops an entry: the first of its ticks more than 6 minutes after
        /// the entry's last occurrence (of a single Event, its eventTime).
        Millis dropTime(const SeriesEntry& e) const
        {
            return EventQueue::nextTick(start, e.lastObserved + kSeriesFinishPeriod, kSeriesFinishPeriod);
        }
        /// Whether finishSeries dropped the entry by `now`; it is only taken out when next looked
        /// at. (An entry with occurrences to write is the timer's to write and drop.)
        bool dropped(const SeriesEntry& e, Millis now) const { return e.dirtySince == kNoTime && dropTime(e) <= now; }
    };

    /// What the recorder keeps, as of one moment: the caches of every process (client-go's
    /// correlators and tools/events' series caches), the leases of the Events' writes and the
    /// lease manager, and the last Event name's time, for a snapshot of the simulation. (The
    /// store holds the Events; their expiry and the caches' counts are not in them.)
    struct State
    {
        Pool<Lru<AggregateRecord>::Node> aggregateNodes;
        Pool<Lru<Observation>::Node> observationNodes;
        Pool<Lru<Bucket>::Node> spamNodes;
        std::map<std::pair<QString, QString>, Correlator> sources;
        std::map<std::pair<QString, QString>, SeriesRecorder> seriesRecorders;
        std::deque<Lease> leases;
        Millis leaseExpiry = kNoTime;
        qint64 leaseObjects = 0;
        QString leaseServer;
        Millis lastNameTime = kNoTime;
        int nameSeq = 0;
    };
    State state() const;
    /// Puts back a state() of this recorder (or of another one of the same cluster). The
    /// processes' caches stay the objects that correlator() and seriesRecorder() handed out (a
    /// process that had none at that moment has empty ones); the timers are set by the next
    /// resync(), which then keeps the restored leases instead of attaching the stored Events anew.
    void restoreState(const State& s);

private:
    Simulation& m_sim;
    bool m_restored = false; // restoreState() ran: the next resync() only sets the timers
    // The nodes of the caches, of all processes (before m_sources: they outlive the caches).
    Pool<Lru<AggregateRecord>::Node> m_aggregateNodes;
    Pool<Lru<Observation>::Node> m_observationNodes;
    Pool<Lru<Bucket>::Node> m_spamNodes;
    /// The caches of the processes that recorded so far, by component and host, and the last one
    /// asked for (the next Event is most often from the same process).
    std::map<std::pair<QString, QString>, std::unique_ptr<Correlator>> m_sources;
    decltype(m_sources)::iterator m_lastSource = m_sources.end();
    std::map<std::pair<QString, QString>, std::unique_ptr<SeriesRecorder>> m_seriesRecorders;
    // In expiry order. Leases are granted with growing expiries, but a change of the cluster's
    // version (another API server) can grant one up to kLeaseReuseMax before the last one.
    std::deque<Lease> m_leases;
    Millis m_leaseExpiry = kNoTime; // the lease manager's previous lease
    qint64 m_leaseObjects = 0; // writes attached to it (leaseAttachedObjectCount)
    QString m_leaseServer; // the version of the API server that granted it
    EventQueue::Id m_sweep = 0;
    Millis m_sweepAt = kNoTime; // when m_sweep runs
    Millis m_lastNameTime = kNoTime;
    int m_nameSeq = 0;
};

} // namespace rl
