#include "objectstore.h"

namespace rl {

QString watchTypeName(WatchType t)
{
    switch (t) {
    case WatchType::Added:
        return QStringLiteral("ADDED");
    case WatchType::Modified:
        return QStringLiteral("MODIFIED");
    case WatchType::Deleted:
        return QStringLiteral("DELETED");
    }
    return {};
}

QString objectKey(const QString& ns, const QString& name)
{
    return ns + QLatin1Char('/') + name;
}

ObjectStore::ObjectStore(EventQueue& queue, Rng& rng) : m_queue(queue), m_rng(rng) { }

template<>
ObjectStore::Map<Deployment>& ObjectStore::mapFor<Deployment>()
{
    return m_deployments;
}
template<>
ObjectStore::Map<ReplicaSet>& ObjectStore::mapFor<ReplicaSet>()
{
    return m_replicaSets;
}
template<>
ObjectStore::Map<Pod>& ObjectStore::mapFor<Pod>()
{
    return m_pods;
}
template<>
ObjectStore::Map<Service>& ObjectStore::mapFor<Service>()
{
    return m_services;
}
template<>
ObjectStore::Map<Event>& ObjectStore::mapFor<Event>()
{
    return m_events;
}

namespace {
template<class T>
constexpr bool hasGeneration = T::kind == Kind::Deployment || T::kind == Kind::ReplicaSet;
}

template<class T>
std::shared_ptr<const T> ObjectStore::create(T obj)
{
    auto& map = mapFor<T>();
    if (obj.metadata.namespace_.isEmpty())
        obj.metadata.namespace_ = QStringLiteral("default");
    if (obj.metadata.name.isEmpty() && !obj.metadata.generateName.isEmpty()) {
        // apiserver names.SimpleNameGenerator: base truncated to 58 characters + 5 random ones.
        const QString base = obj.metadata.generateName.left(58);
        do {
            obj.metadata.name = base + m_rng.podSuffix();
        } while (map.count(objectKey(obj.metadata.namespace_, obj.metadata.name)));
    }
    const QString key = objectKey(obj.metadata.namespace_, obj.metadata.name);
    if (map.count(key))
        return nullptr;
    obj.metadata.uid = m_rng.uid();
    obj.metadata.creationTimestamp = apiNow();
    obj.metadata.resourceVersion = nextResourceVersion();
    if constexpr (hasGeneration<T>)
        obj.metadata.generation = 1;
    auto ptr = std::make_shared<const T>(std::move(obj));
    map[key] = ptr;
    emitChange(WatchType::Added, T::kind, ptr);
    return ptr;
}

template<class T>
std::shared_ptr<const T> ObjectStore::update(T obj)
{
    auto& map = mapFor<T>();
    const QString key = objectKey(obj.metadata.namespace_, obj.metadata.name);
    auto it = map.find(key);
    if (it == map.end())
        return nullptr;
    obj.metadata.resourceVersion = nextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(obj));
    it->second = ptr;
    emitChange(WatchType::Modified, T::kind, ptr);
    return ptr;
}

template<class T>
std::shared_ptr<const T> ObjectStore::remove(const QString& ns, const QString& name)
{
    auto& map = mapFor<T>();
    auto it = map.find(objectKey(ns, name));
    if (it == map.end())
        return nullptr;
    auto ptr = it->second;
    map.erase(it);
    // A DELETED watch event carries the last state with a fresh resourceVersion.
    T last = *ptr;
    last.metadata.resourceVersion = nextResourceVersion();
    auto lastPtr = std::make_shared<const T>(std::move(last));
    emitChange(WatchType::Deleted, T::kind, lastPtr);
    return lastPtr;
}

template<class T>
std::shared_ptr<const T> ObjectStore::load(T obj)
{
    auto& map = mapFor<T>();
    if (obj.metadata.namespace_.isEmpty())
        obj.metadata.namespace_ = QStringLiteral("default");
    const QString key = objectKey(obj.metadata.namespace_, obj.metadata.name);
    const bool existed = map.count(key) > 0;
    if (obj.metadata.uid.isEmpty())
        obj.metadata.uid = m_rng.uid();
    if (obj.metadata.creationTimestamp == kNoTime)
        obj.metadata.creationTimestamp = apiNow();
    bool ok = false;
    const quint64 rv = obj.metadata.resourceVersion.toULongLong(&ok);
    if (ok && rv > m_resourceVersion)
        m_resourceVersion = rv;
    else
        obj.metadata.resourceVersion = nextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(obj));
    map[key] = ptr;
    emitChange(existed ? WatchType::Modified : WatchType::Added, T::kind, ptr);
    return ptr;
}

#define RL_INSTANTIATE(T)                                                                                           \
    template std::shared_ptr<const T> ObjectStore::create(T);                                                       \
    template std::shared_ptr<const T> ObjectStore::update(T);                                                       \
    template std::shared_ptr<const T> ObjectStore::remove<T>(const QString&, const QString&);                       \
    template std::shared_ptr<const T> ObjectStore::load(T);
RL_INSTANTIATE(Deployment)
RL_INSTANTIATE(ReplicaSet)
RL_INSTANTIATE(Pod)
RL_INSTANTIATE(Service)
RL_INSTANTIATE(Event)
#undef RL_INSTANTIATE

int ObjectStore::addListener(Listener l)
{
    const int id = m_nextListener++;
    m_listeners.emplace(id, std::move(l));
    return id;
}

void ObjectStore::removeListener(int id)
{
    m_listeners.erase(id);
}

void ObjectStore::emitChange(WatchType type, Kind kind, ObjectPtr obj)
{
    WatchEvent ev{m_queue.now(), type, kind, std::move(obj)};
    // History first, so that a listener writing to the store synchronously is recorded after us.
    if (m_historyEnabled)
        m_history.push_back(ev);
    // Listeners should schedule work rather than write; iterate over a copy of the ids so that
    // adding/removing listeners during dispatch is safe.
    std::vector<int> ids;
    ids.reserve(m_listeners.size());
    for (const auto& [id, _] : m_listeners)
        ids.push_back(id);
    for (int id : ids) {
        auto it = m_listeners.find(id);
        if (it != m_listeners.end())
            it->second(ev);
    }
}

ObjectStore::Snapshot ObjectStore::snapshot() const
{
    return {m_deployments, m_replicaSets, m_pods, m_services, m_events, m_resourceVersion, m_history.size()};
}

void ObjectStore::restore(const Snapshot& s)
{
    m_deployments = s.deployments;
    m_replicaSets = s.replicaSets;
    m_pods = s.pods;
    m_services = s.services;
    m_events = s.events;
    m_resourceVersion = s.resourceVersion;
    if (m_history.size() > s.historySize)
        m_history.resize(s.historySize);
}

} // namespace rl
