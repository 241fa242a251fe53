#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"
#include "sim/rng.h"

#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rl {

using ObjectPtr = std::variant<DeploymentPtr, ReplicaSetPtr, PodPtr, ServicePtr, EventPtr>;

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

/// Hash for QString keys of std::unordered_map (deterministic; only used where the iteration order
/// of the container is never observed). libstdc++'s murmur hash of the UTF-16 code units: it reads
/// 8 bytes a step, where qHash(QString, 0) runs SipHash; the recorder's keys are 100-300 characters.
/// Deliberately not noexcept: libstdc++ then stores each key's hash in its node, so a rehash or an
/// erase does not hash the string again and a lookup compares strings only on equal hashes.
struct QStringHash
{
    std::size_t operator()(const QString& s) const
    {
        return std::hash<std::u16string_view> {}(std::u16string_view(QStringView(s).utf16(), std::size_t(s.size())));
    }
};

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

    template<class T> const Map<T>& all() const;
    template<class T> std::shared_ptr<const T> get(const QString& ns, const QString& name) const
    {
        return find<T>(objectKey(ns, name));
    }
    /// The object of key objectKey(ns, name), for callers that keep the key.
    template<class T> std::shared_ptr<const T> find(const QString& key) const
    {
        const auto& index = indexFor<T>();
        auto it = index.find(key);
        return it == index.end() ? nullptr : it->second->second;
    }

    /// Stores a new object: fills namespace ("default"), name from generateName (+5 random
    /// characters), uid, creationTimestamp, resourceVersion, generation 1 (Deployment, ReplicaSet).
    /// Returns nullptr if an object of that name exists (AlreadyExists).
    template<class T> std::shared_ptr<const T> create(T obj);
    /// Replaces an existing object as given (new resourceVersion); the caller decides what
    /// changed (see bumpGeneration()). Returns nullptr if it does not exist.
    template<class T> std::shared_ptr<const T> update(T obj);
    /// Removes the object now (DELETED). Returns the removed object or nullptr.
    template<class T> std::shared_ptr<const T> remove(const QString& ns, const QString& name);

    /// Loads an object as it is (status, uid, timestamps included) — `sim load`. Replaces any
    /// object of the same name.
    template<class T> std::shared_ptr<const T> load(T obj);

    int addListener(Listener l);
    void removeListener(int id);

    void setHistoryEnabled(bool on) { m_historyEnabled = on; }
    bool isHistoryEnabled() const { return m_historyEnabled; }
    const std::vector<WatchEvent>& history() const { return m_history; }

    Snapshot snapshot() const;
    /// Restores objects and truncates the history to the snapshot's length. Listeners are not
    /// notified; components resync from the store afterwards.
    void restore(const Snapshot& s);

    quint64 resourceVersion() const { return m_resourceVersion; }

private:
    /// Hash index over a Map: key -> the map's node. The ordered map gives the observable
    /// (sorted) iteration of all<T>(); the index makes get()/update() O(1) instead of a tree walk
    /// of string comparisons (pods and events number in the hundreds of thousands). std::map
    /// iterators stay valid until their node is erased, so the index only changes on insert/erase.
    template<class T> using Index = std::unordered_map<QString, typename Map<T>::iterator, QStringHash>;
    template<class T> struct Table
    {
        Map<T> map;
        Index<T> index;
    };

    template<class T> Table<T>& tableFor();
    template<class T> const Table<T>& tableFor() const { return const_cast<ObjectStore*>(this)->tableFor<T>(); }
    template<class T> const Index<T>& indexFor() const { return tableFor<T>().index; }
    /// Inserts or replaces `key` in both the map and the index.
    template<class T> void put(const QString& key, std::shared_ptr<const T> ptr);
    /// Inserts a new key into the map only (the caller updates the index).
    template<class T> typename Map<T>::iterator insertNode(const QString& key, std::shared_ptr<const T> ptr);
    template<class T> static void reindex(Table<T>& t);
    /// Events are named "<involved object>.<unix nanos in hex>" with growing nanos, so an object's
    /// next Event sorts right after its previous one: inserting there with a hint spares the walk
    /// down a tree of a million keys that share their first 25 characters. The key is a hash of
    /// "namespace/<involved object>"; a wrong hint (a collision) only costs the normal insertion,
    /// since std::map checks it.
    static quint64 eventGroupHash(const QString& key);
    void forgetEventTail(const QString& key, Map<Event>::iterator it);
    void emitChange(WatchType type, Kind kind, ObjectPtr obj);
    QString nextResourceVersion() { return QString::number(++m_resourceVersion); }

    EventQueue& m_queue;
    Rng& m_rng;
    Table<Deployment> m_deployments;
    Table<ReplicaSet> m_replicaSets;
    Table<Pod> m_pods;
    Table<Service> m_services;
    Table<Event> m_events;
    std::unordered_map<quint64, Map<Event>::iterator> m_eventTail; // eventGroupHash -> last Event
    quint64 m_resourceVersion = 1000;
    std::map<int, Listener> m_listeners;
    int m_nextListener = 1;
    bool m_historyEnabled = true;
    std::vector<WatchEvent> m_history;
};

template<> inline const ObjectStore::Map<Deployment>& ObjectStore::all<Deployment>() const
{
    return m_deployments.map;
}
template<> inline ObjectStore::Table<Deployment>& ObjectStore::tableFor<Deployment>()
{
    return m_deployments;
}
template<> inline const ObjectStore::Map<ReplicaSet>& ObjectStore::all<ReplicaSet>() const
{
    return m_replicaSets.map;
}
template<> inline ObjectStore::Table<ReplicaSet>& ObjectStore::tableFor<ReplicaSet>()
{
    return m_replicaSets;
}
template<> inline const ObjectStore::Map<Pod>& ObjectStore::all<Pod>() const
{
    return m_pods.map;
}
template<> inline ObjectStore::Table<Pod>& ObjectStore::tableFor<Pod>()
{
    return m_pods;
}
template<> inline const ObjectStore::Map<Service>& ObjectStore::all<Service>() const
{
    return m_services.map;
}
template<> inline ObjectStore::Table<Service>& ObjectStore::tableFor<Service>()
{
    return m_services;
}
template<> inline const ObjectStore::Map<Event>& ObjectStore::all<Event>() const
{
    return m_events.map;
}
template<> inline ObjectStore::Table<Event>& ObjectStore::tableFor<Event>()
{
    return m_events;
}

extern template std::shared_ptr<const Deployment> ObjectStore::create(Deployment);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::create(ReplicaSet);
extern template std::shared_ptr<const Pod> ObjectStore::create(Pod);
extern template std::shared_ptr<const Service> ObjectStore::create(Service);
extern template std::shared_ptr<const Event> ObjectStore::create(Event);
extern template std::shared_ptr<const Deployment> ObjectStore::update(Deployment);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::update(ReplicaSet);
extern template std::shared_ptr<const Pod> ObjectStore::update(Pod);
extern template std::shared_ptr<const Service> ObjectStore::update(Service);
extern template std::shared_ptr<const Event> ObjectStore::update(Event);
extern template std::shared_ptr<const Deployment> ObjectStore::remove<Deployment>(const QString&, const QString&);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::remove<ReplicaSet>(const QString&, const QString&);
extern template std::shared_ptr<const Pod> ObjectStore::remove<Pod>(const QString&, const QString&);
extern template std::shared_ptr<const Service> ObjectStore::remove<Service>(const QString&, const QString&);
extern template std::shared_ptr<const Event> ObjectStore::remove<Event>(const QString&, const QString&);
extern template std::shared_ptr<const Deployment> ObjectStore::load(Deployment);
extern template std::shared_ptr<const ReplicaSet> ObjectStore::load(ReplicaSet);
extern template std::shared_ptr<const Pod> ObjectStore::load(Pod);
extern template std::shared_ptr<const Service> ObjectStore::load(Service);
extern template std::shared_ptr<const Event> ObjectStore::load(Event);

} // namespace rl
