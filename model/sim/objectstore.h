#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"
#include "sim/keyindex.h"
#include "sim/numbertext.h"
#include "sim/rng.h"

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rl {

using ObjectPtr = std::variant<DeploymentPtr, ReplicaSetPtr, PodPtr, ServicePtr, EventPtr, EndpointsPtr>;

enum class WatchType { Added, Modified, Deleted };
QString watchTypeName(WatchType t); // "ADDED", "MODIFIED", "DELETED"

/// One change of one object, as a watch would deliver it.
struct WatchEvent
{
    Millis time = 0;
    WatchType type = WatchType::Added;
    Kind kind = Kind::Pod;
    ObjectPtr object; // the object after the change (before it, for DELETED)
};

/// "namespace/name"
QString objectKey(const QString& ns, const QString& name);

/// The API server's storage: every object of the simulated cluster, as immutable shared values.
/// Each write makes a new version (new resourceVersion), notifies listeners synchronously and,
/// when enabled, appends to the history. Writes do no defaulting or validation: the API layer
/// (manifest/, kubectl/) does that before it writes.
class ObjectStore
{
public:
    template<class T> using Map = std::map<QString, std::shared_ptr<const T>>; // key: objectKey(ns, name)
    using Listener = std::function<void(const WatchEvent&)>;

    struct Snapshot
    {
        Map<Deployment> deployments;
        Map<ReplicaSet> replicaSets;
        Map<Pod> pods;
        Map<Service> services;
        Map<Event> events;
        Map<Endpoints> endpoints;
        quint64 resourceVersion = 0;
        std::size_t historySize = 0;
    };

    ObjectStore(EventQueue& queue, Rng& rng);
    ObjectStore(const ObjectStore&) = delete; // the hash indexes point into the maps
    ObjectStore& operator=(const ObjectStore&) = delete;

    /// Current simulated time truncated to whole seconds, as metav1.Time stores it.
    Millis apiNow() const { return (m_queue.now() / 1000) * 1000; }
    Millis now() const { return m_queue.now(); }
    Rng& rng() { return m_rng; }
    const Rng& rng() const { return m_rng; }

    template<class T> class Listing;

    /// Every object of kind T, by key (as the API server lists them): a Map<T>, and for Events a
    /// Listing<Event>, which reads the same (iteration in key order, find(), count(), size()).
    template<class T> const auto& all() const
    {
        Table<T>& t = const_cast<ObjectStore*>(this)->tableFor<T>();
        if constexpr (kFlatListed<T>) {
            if (!t.pending.empty() || t.listing.m_holes != 0)
                listPending(t);
            return t.listing;
        } else {
            if constexpr (kListedLazily<T>) {
                if (!t.pending.empty())
                    listPending(t);
            }
            return t.map;
        }
    }
    template<class T> std::shared_ptr<const T> get(const QString& ns, const QString& name) const
    {
        return get<T>(ns, QStringView(name));
    }
    /// get() by a name the caller need not make a QString of.
    template<class T> std::shared_ptr<const T> get(const QString& ns, QStringView name) const
    {
        const auto* entry = tableFor<T>().index.find(ns, u'/', name);
        return entry ? entry->second.ptr : nullptr;
    }
    /// How many objects of kind T there are (without listing them).
    template<class T> std::size_t count() const { return tableFor<T>().index.size(); }
    /// The object of key objectKey(ns, name), for callers that keep the key.
    template<class T> std::shared_ptr<const T> find(const QString& key) const
    {
        const auto* entry = tableFor<T>().index.find(key);
        return entry ? entry->second.ptr : nullptr;
    }

    /// Stores a new object: fills namespace ("default"), name from generateName (+5 random
    /// characters), uid, creationTimestamp, resourceVersion, generation 1 (Deployment, ReplicaSet).
    /// Returns nullptr if an object of that name exists (AlreadyExists).
    /// (An object handed over as an rvalue is moved once, into the stored copy; a const one is
    /// copied first.)
    template<class T>
    requires(!std::is_reference_v<T>) std::shared_ptr<const T> create(T&& obj)
    {
        return create(std::move(obj), QStringView(obj.metadata.name));
    }
    template<class T> std::shared_ptr<const T> create(const T& obj) { return create(T(obj)); }
    /// create() of `obj` named `name` (a text the caller need not make a QString of: the store
    /// copies it into the object's own block). obj's name must be empty or `name` itself. A caller
    /// that knows keySuffix() of the name (the EventRecorder, which wrote its digits) passes it
    /// as `nameSuffix`, and the store does not read it back from the text. A caller whose objects
    /// must not move the uids and names the store draws for others (a controller that a scenario
    /// may or may not run) passes a generator of its own as `uids`.
    template<class T>
    requires(!std::is_reference_v<T>) std::shared_ptr<const T> create(
        T&& obj, QStringView name, std::optional<quint64> nameSuffix = std::nullopt, Rng* uids = nullptr);
    /// Replaces an existing object as given (new resourceVersion); the caller decides what
    /// changed (see bumpGeneration()). Returns nullptr if it does not exist.
    template<class T>
    requires(!std::is_reference_v<T>) std::shared_ptr<const T> update(T&& obj)
    {
        return update(std::move(obj), EntryHandle {});
    }
    template<class T> std::shared_ptr<const T> update(const T& obj) { return update(T(obj)); }

    /// A handle on one object's entry in the store, for a listener that writes that object back
    /// often (the kubelet: a handful of status writes per pod). update() given a handle skips the
    /// lookup by name, which with hundreds of thousands of pods costs two or three cache misses
    /// (the index slot, the node, the key's text). Take it with dispatchedEntry() while a change
    /// of the object is dispatched. It stays valid until the object is removed, which its holder
    /// hears (DELETED) before anything else runs and must forget it then; restore() invalidates
    /// every handle (update() then looks the object up by name).
    struct EntryHandle
    {
        void* entry = nullptr;
        Kind kind = Kind::Pod;
        quint64 epoch = 0;
    };
    /// The entry of the object whose change is being dispatched (null outside a dispatch, and
    /// for DELETED).
    EntryHandle dispatchedEntry() const { return m_dispatchedEntry; }
    /// update() of the object whose entry `at` is (a handle on the entry of obj's key; a null or
    /// stale one makes it look the object up by name).
    template<class T>
    requires(!std::is_reference_v<T>) std::shared_ptr<const T> update(T&& obj, EntryHandle at);
    /// remove() of the object whose entry `at` is (a handle on the entry of ns/name, as above).
    template<class T> std::shared_ptr<const T> remove(EntryHandle at, const QString& ns, const QString& name);
    /// Removes the object now (DELETED). Returns the removed object or nullptr.
    template<class T> std::shared_ptr<const T> remove(const QString& ns, const QString& name)
    {
        return remove<T>(EntryHandle {}, ns, name);
    }

    /// The number that a key's last '.' and 1-16 lower-case hex digits after it spell (an Event's
    /// name: "<object>.<unix nanos in hex>"), or nullopt for any other key. Equal keys have equal
    /// suffixes, so a key whose suffix is above every stored key's is not stored.
    static std::optional<quint64> keySuffix(QStringView key);
    /// objectKey(meta.namespace_, meta.name), sharing the text of the key the store keeps the
    /// object by when the name lies at the end of it (as in every object the store named), else
    /// a new text.
    static QString keyOf(const ObjectMeta& meta);
    /// Loads an object as it is (status, uid, timestamps included) — `sim load`. Replaces any
    /// object of the same name.
    template<class T> std::shared_ptr<const T> load(T obj);

    /// The kinds a listener is called for, as a mask of kindBit()s.
    using KindMask = unsigned;
    static constexpr KindMask kindBit(Kind k) { return 1u << unsigned(k); }
    static constexpr KindMask kAllKinds = ~0u;

    /// Calls `l` after every change to an object of the kinds in `kinds`, in the order of the
    /// changes (a controller that watches pods never hears of the million Events).
    int addListener(Listener l, KindMask kinds = kAllKinds);
    void removeListener(int id);

    /// Attachments: a listener that keeps a record of its own for each object (a controller's
    /// index entry) can leave a pointer to it in the store's entry of the object, and find it
    /// there while a change of that object is dispatched, instead of looking it up by name in
    /// an index of its own: with hundreds of thousands of pods, that lookup is a cache miss or
    /// two on every write. A null attachment only means "not known": the listener looks up.
    static constexpr int kAttachments = 1; // one per user (the ReplicaSet controller); each entry has them
    /// A free attachment slot (for every kind), or -1 when all are taken.
    int reserveAttachment();
    /// Frees `slot` and clears it in every entry (its pointers are stale from now on).
    void releaseAttachment(int slot);
    /// The attachments of the object whose change is being dispatched (null outside a
    /// dispatch); writable. For DELETED, a copy: the entry is gone.
    void** dispatchedAttachments() const { return m_dispatched; }
    /// The attachments of the object of `key`, or null when there is none.
    template<class T> void** attachmentsOf(const QString& key)
    {
        auto* entry = tableFor<T>().index.find(key);
        return entry ? entry->second.attached : nullptr;
    }
    /// Clears `slot` in every entry of every kind.
    void clearAttachment(int slot);

    void setHistoryEnabled(bool on) { m_historyEnabled = on; }
    bool isHistoryEnabled() const { return m_historyEnabled; }
    const std::vector<WatchEvent>& history() const { return m_history; }

    Snapshot snapshot() const;
    /// Restores objects and truncates the history to the snapshot's length. Listeners are not
    /// notified; components resync from the store afterwards.
    void restore(const Snapshot& s);

    quint64 resourceVersion() const { return m_resourceVersion; }

private:
    /// Each kind's objects: a hash index (key -> object) that every read and write goes through,
    /// and what all<T>() returns: an ordered map (std::map iterators stay valid until their node
    /// is erased, so the index keeps one per listed object), or for Events a Listing of the index
    /// entries themselves. Events and pods are the most numerous objects and are written far more
    /// often than listed, so a new one enters the map or the listing only when its kind is next
    /// listed: it waits in `pending`, and all<T>() sorts the waiting ones by key and inserts them
    /// in order. That spares every Event and pod creation a walk down a tree of up to a million
    /// keys that share their first 25 characters.
    template<class T> struct Entry
    {
        std::shared_ptr<const T> ptr;
        typename Map<T>::iterator it {}; // its node in the map, when listed (not for Events)
        std::size_t pendingPos = 0; // its place in Table::pending, or kListed
        static constexpr std::size_t kListed = ~std::size_t(0);
        bool listed() const { return pendingPos == kListed; }
        void* attached[kAttachments] = {}; // listeners' pointers (see reserveAttachment())
    };
    template<class T> using Index = KeyIndex<Entry<T>>;
    template<class T> static constexpr bool kListedLazily = T::kind == Kind::Event || T::kind == Kind::Pod;
    /// Events are listed as their index entries in key order (a Listing) rather than as an
    /// ordered map of copies: a million of them can come between two listings, and a map node
    /// with a copy of the key and of the pointer cost each of them as much as sorting it.
    template<class T> static constexpr bool kFlatListed = T::kind == Kind::Event;

public:
    /// The objects of a kind in key order, as all<T>() returns them for Events: the store's own
    /// entries (key and object), sorted when the kind is listed, with no copy of either. Reads
    /// like the Map<T> of the other kinds: `for (const auto& [key, obj] : listing)`, `it->first`,
    /// `it->second`, find(), count(), at(), lower_bound(), size(). An object removed after the
    /// listing leaves a hole that iteration skips; one created after it waits for the next
    /// all<T>(), which may move the elements: iterators stay safe to compare and advance across
    /// that (they hold a position) but may then skip or repeat an element, as keys shift.
    template<class T> class Listing
    {
    public:
        using Node = typename Index<T>::value_type; // pair<const QString, Entry<T>>
        using value_type = std::pair<const QString&, const std::shared_ptr<const T>&>;

        class const_iterator
        {
        public:
            using iterator_category = std::forward_iterator_tag;
            using value_type = Listing::value_type;
            using difference_type = std::ptrdiff_t;
            using reference = value_type;
            struct pointer // what operator-> gives: the pair of references, held by value
            {
                value_type v;
                const value_type* operator->() const { return &v; }
            };

            const_iterator() = default;
            reference operator*() const
            {
                const Node* n = m_list->m_nodes[m_at];
                return {n->first, n->second.ptr};
            }
            pointer operator->() const { return {**this}; }
            const_iterator& operator++()
            {
                ++m_at;
                skipHoles();
                return *this;
            }
            const_iterator operator++(int)
            {
                const_iterator before = *this;
                ++*this;
                return before;
            }
            bool operator==(const const_iterator& o) const
            {
                return m_list == o.m_list
                    && std::min(m_at, m_list->m_nodes.size()) == std::min(o.m_at, m_list->m_nodes.size());
            }

        private:
            friend class Listing;
            const_iterator(const Listing* list, std::size_t at)
                : m_list(list)
                , m_at(at)
            {
                skipHoles();
            }
            void skipHoles()
            {
                while (m_at < m_list->m_nodes.size() && !m_list->m_nodes[m_at])
                    ++m_at;
            }
            const Listing* m_list = nullptr;
            std::size_t m_at = 0;
        };
        using iterator = const_iterator;

        Listing() = default;
        Listing(const Listing&) = delete; // its elements are the store's entries: toMap() copies
        Listing& operator=(const Listing&) = delete;

        const_iterator begin() const { return {this, 0}; }
        const_iterator end() const { return {this, m_nodes.size()}; }
        std::size_t size() const { return m_nodes.size() - m_holes; }
        bool empty() const { return size() == 0; }
        /// The first element whose key is not less than `key`.
        const_iterator lower_bound(QStringView key) const { return {this, lowerBound(key)}; }
        const_iterator find(QStringView key) const
        {
            const std::size_t at = lowerBound(key);
            return at < m_nodes.size() && QStringView(m_nodes[at]->first) == key ? const_iterator {this, at} : end();
        }
        std::size_t count(QStringView key) const { return find(key) != end() ? 1 : 0; }
        /// The object of `key`; throws std::out_of_range when there is none, as std::map::at().
        const std::shared_ptr<const T>& at(QStringView key) const
        {
            const auto it = find(key);
            if (it == end())
                throw std::out_of_range("ObjectStore::Listing::at");
            return m_nodes[it.m_at]->second.ptr;
        }
        /// A copy as an ordered map (a snapshot of the kind).
        Map<T> toMap() const
        {
            Map<T> map;
            for (const auto& [key, obj] : *this)
                map.emplace_hint(map.end(), key, obj);
            return map;
        }

    private:
        friend class ObjectStore;
        /// The position of the first element (not a hole) whose key is not less than `key`, or
        /// of the end.
        std::size_t lowerBound(QStringView key) const
        {
            std::size_t lo = 0;
            std::size_t hi = m_nodes.size();
            while (lo < hi) {
                const std::size_t mid = lo + (hi - lo) / 2;
                std::size_t at = mid;
                while (at < hi && !m_nodes[at])
                    ++at;
                if (at == hi)
                    hi = mid; // [mid, hi) holds only holes
                else if (QStringView(m_nodes[at]->first) < key)
                    lo = at + 1;
                else
                    hi = mid;
            }
            while (lo < m_nodes.size() && !m_nodes[lo])
                ++lo;
            return lo;
        }
        std::vector<Node*> m_nodes; // in key order; null where an object went since the listing
        std::size_t m_holes = 0;
    };

private:
    template<class T> struct Table
    {
        Map<T> map; // every kind's but a flat-listed one's (Events)
        Listing<T> listing; // a flat-listed kind's (Events)
        Index<T> index;
        // Index entries not in the map yet. Pointers to the elements of a KeyIndex stay valid
        // until the element is erased, and remove() takes an entry out of here (by its
        // pendingPos) before it erases it.
        std::vector<typename Index<T>::value_type*> pending;
        QString pendingFirst; // the key that entered `pending` first
        qsizetype pendingCommon = 0; // how many leading code units all keys in `pending` share
        // Every key in the index ends in a keySuffix() below this (Events): a key whose suffix
        // is not can be new without a look at the index (see create()).
        quint64 suffixBound = 0;
    };
    /// The last `n` code units of `key`, in the key's own block (no copy): a stored object's name
    /// is the tail of its key "namespace/name", and one block holds both.
    static QString keyTail(const QString& key, qsizetype n);
    /// `n` code units of `s`'s block from `from` on (relative to s's first unit; may lie past its
    /// end, within the block), as a QString that shares the block.
    static QString viewOf(const QString& s, qsizetype from, qsizetype n);
    /// A new block of the parts' text, a '\0' and `extra` units more; returns the text as a view.
    static QString keyBlock(std::initializer_list<QStringView> parts, qsizetype extra);
    /// Notes that `key` is in `t`'s index (keeps suffixBound above its suffix).
    template<class T> static void noteKey(Table<T>& t, QStringView key);
    template<class T> Table<T>& tableFor();
    template<class T> const Table<T>& tableFor() const { return const_cast<ObjectStore*>(this)->tableFor<T>(); }
    /// Stores `ptr` under `key`, inserting or replacing (load()); returns its entry.
    template<class T> typename Index<T>::value_type* put(const QString& key, std::shared_ptr<const T> ptr);
    /// Lists a new index entry: into the map now, or into `pending` for a lazily listed kind.
    template<class T> static void list(Table<T>& t, typename Index<T>::value_type* entry);
    /// Inserts the pending entries into the map (or the listing, closing its holes), in key order.
    template<class T> static void listPending(Table<T>& t);
    /// Makes a hole of a listed entry's place in a flat-listed kind's listing.
    template<class T> static void unlist(Table<T>& t, const typename Index<T>::value_type* entry);
    template<class T> static void reindex(Table<T>& t);
    /// Records and dispatches a change of `obj`; `entry` is its index entry (null for DELETED). A
    /// change that goes nowhere (no history, no listener of the kind: an Event, with the history
    /// off and no events view open) is not even wrapped in a watch event.
    template<class T> void emitChange(WatchType type, const std::shared_ptr<const T>& obj, void** attached, void* entry)
    {
        if (m_historyEnabled || (m_heardKinds & kindBit(T::kind)) != 0)
            dispatchChange(type, T::kind, obj, attached, entry);
    }
    void dispatchChange(WatchType type, Kind kind, ObjectPtr obj, void** attached, void* entry);
    /// The entry `at` when it is a valid handle (see EntryHandle), else the entry of ns/name
    /// looked up by name, or nullptr.
    template<class T> typename Index<T>::value_type* entryAt(EntryHandle at, const QString& ns, const QString& name);
    QString nextResourceVersion() { return numberText(++m_resourceVersion); }

    EventQueue& m_queue;
    Rng& m_rng;
    Table<Deployment> m_deployments;
    Table<ReplicaSet> m_replicaSets;
    Table<Pod> m_pods;
    Table<Service> m_services;
    Table<Event> m_events;
    Table<Endpoints> m_endpoints;
    quint64 m_resourceVersion = 1000;
    struct Watcher
    {
        int id = 0;
        KindMask kinds = kAllKinds;
        std::unique_ptr<Listener> listener; // its own block: it stays put while it runs
    };
    std::vector<Watcher> m_listeners; // in id order (ids only grow)
    quint64 m_listenerEdits = 0; // additions and removals so far
    KindMask m_heardKinds = 0; // the kinds some listener is called for
    int m_dispatching = 0; // dispatchChange() calls under way
    void** m_dispatched = nullptr; // the attachments of the change being dispatched
    EntryHandle m_dispatchedEntry; // and its entry
    quint64 m_epoch = 0; // bumped when every index entry is made anew (restore())
    unsigned m_attachmentsTaken = 0; // a bit per reserved slot
    std::vector<std::unique_ptr<Listener>> m_retired; // removed during a dispatch: one may be running
    int m_nextListener = 1;
    bool m_historyEnabled = true;
    std::vector<WatchEvent> m_history;
};

template<> inline ObjectStore::Table<Deployment>& ObjectStore::tableFor<Deployment>()
{
    return m_deployments;
}
template<> inline ObjectStore::Table<ReplicaSet>& ObjectStore::tableFor<ReplicaSet>()
{
    return m_replicaSets;
}
template<> inline ObjectStore::Table<Pod>& ObjectStore::tableFor<Pod>()
{
    return m_pods;
}
template<> inline ObjectStore::Table<Service>& ObjectStore::tableFor<Service>()
{
    return m_services;
}
template<> inline ObjectStore::Table<Event>& ObjectStore::tableFor<Event>()
{
    return m_events;
}
template<> inline ObjectStore::Table<Endpoints>& ObjectStore::tableFor<Endpoints>()
{
    return m_endpoints;
}

extern template std::shared_ptr<const Deployment> ObjectStore::create(
    Deployment&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::create(
    ReplicaSet&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const Pod> ObjectStore::create(Pod&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const Service> ObjectStore::create(
    Service&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const Event> ObjectStore::create(Event&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const Deployment> ObjectStore::update(Deployment&&, EntryHandle);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::update(ReplicaSet&&, EntryHandle);
extern template std::shared_ptr<const Pod> ObjectStore::update(Pod&&, EntryHandle);
extern template std::shared_ptr<const Service> ObjectStore::update(Service&&, EntryHandle);
extern template std::shared_ptr<const Event> ObjectStore::update(Event&&, EntryHandle);
extern template std::shared_ptr<const Deployment> ObjectStore::remove<Deployment>(
    EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::remove<ReplicaSet>(
    EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const Pod> ObjectStore::remove<Pod>(EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const Service> ObjectStore::remove<Service>(
    EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const Event> ObjectStore::remove<Event>(EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const Deployment> ObjectStore::load(Deployment);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::load(ReplicaSet);
extern template std::shared_ptr<const Pod> ObjectStore::load(Pod);
extern template std::shared_ptr<const Service> ObjectStore::load(Service);
extern template std::shared_ptr<const Event> ObjectStore::load(Event);
extern template std::shared_ptr<const Endpoints> ObjectStore::create(
    Endpoints&&, QStringView, std::optional<quint64>, Rng*);
extern template std::shared_ptr<const Endpoints> ObjectStore::update(Endpoints&&, EntryHandle);
extern template std::shared_ptr<const Endpoints> ObjectStore::remove<Endpoints>(
    EntryHandle, const QString&, const QString&);
extern template std::shared_ptr<const Endpoints> ObjectStore::load(Endpoints);

} // namespace rl
