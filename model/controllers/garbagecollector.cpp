#include "garbagecollector.h"

#include "controllers/kubelet.h"
#include "controllers/replicasetcontroller.h"
#include "sim/simulation.h"

namespace rl {

namespace {
bool ownedBy(const ObjectMeta& m, const QString& uid)
{
    for (const auto& ref : m.ownerReferences) {
        if (ref.uid == uid)
            return true;
    }
    return false;
}
} // namespace

GarbageCollector::GarbageCollector(Simulation& sim)
    : m_sim(sim)
    , m_queue(sim.queue(), [this](const QString& item) { collect(item); })
{
    m_listener = m_sim.store().addListener([this](const WatchEvent& ev) { onWatch(ev); },
        ObjectStore::kindBit(Kind::Deployment) | ObjectStore::kindBit(Kind::ReplicaSet));
}

GarbageCollector::~GarbageCollector()
{
    m_sim.store().removeListener(m_listener);
}

void GarbageCollector::onWatch(const WatchEvent& ev)
{
    if (!m_sim.isAutomatic() || ev.type != WatchType::Deleted)
        return;
    if (ev.kind == Kind::Deployment) {
        const auto& d = std::get<DeploymentPtr>(ev.object);
        m_queue.addAfter(
            QStringLiteral("Deployment:") + d->metadata.namespace_ + QLatin1Char(':') + d->metadata.uid, kWatchLatency);
    } else if (ev.kind == Kind::ReplicaSet) {
        const auto& rs = std::get<ReplicaSetPtr>(ev.object);
        m_queue.addAfter(QStringLiteral("ReplicaSet:") + objectKey(rs->metadata.namespace_, rs->metadata.name)
                + QLatin1Char(':') + rs->metadata.uid,
            kWatchLatency);
    }
}

void GarbageCollector::collect(const QString& item)
{
    ObjectStore& store = m_sim.store();
    const QStringList parts = item.split(QLatin1Char(':'));
    if (parts.size() != 3)
        return;
    const QString uid = parts[2];
    if (parts[0] == QLatin1String("Deployment")) {
        std::vector<ReplicaSetPtr> dependents;
        for (const auto& [key, rs] : store.all<ReplicaSet>()) {
            if (rs->metadata.namespace_ == parts[1] && ownedBy(rs->metadata, uid))
                dependents.push_back(rs);
        }
        for (const auto& rs : dependents)
            store.remove<ReplicaSet>(rs->metadata.namespace_, rs->metadata.name);
    } else {
        const QString rsKey = parts[1];
        const int slash = rsKey.indexOf(QLatin1Char('/'));
        const QString ns = rsKey.left(slash);
        for (const QString& name : m_sim.replicaSetController().podNames(rsKey, uid)) {
            auto pod = store.get<Pod>(ns, name);
            if (pod && !pod->metadata.isDeleting())
                m_sim.kubelet().deletePod(ns, name);
        }
    }
}

void GarbageCollector::resync()
{
    m_queue.clear();
    ObjectStore& store = m_sim.store();
    std::set<QString> uids;
    for (const auto& [k, d] : store.all<Deployment>())
        uids.insert(d->metadata.uid);
    for (const auto& [k, rs] : store.all<ReplicaSet>())
        uids.insert(rs->metadata.uid);
    auto orphaned = [&](const ObjectMeta& m) {
        if (m.ownerReferences.empty())
            return false;
        for (const auto& ref : m.ownerReferences) {
            if (uids.count(ref.uid))
                return false;
        }
        return true;
    };
    std::vector<std::pair<QString, QString>> rsToDelete, podsToDelete;
    for (const auto& [k, rs] : store.all<ReplicaSet>()) {
        if (orphaned(rs->metadata))
            rsToDelete.push_back({rs->metadata.namespace_, rs->metadata.name});
    }
    for (const auto& [k, pod] : store.all<Pod>()) {
        if (orphaned(pod->metadata) && !pod->metadata.isDeleting())
            podsToDelete.push_back({pod->metadata.namespace_, pod->metadata.name});
    }
    if (rsToDelete.empty() && podsToDelete.empty())
        return;
    m_sim.queue().scheduleAfter(kWatchLatency, [this, rsToDelete, podsToDelete] {
        for (const auto& [ns, name] : rsToDelete)
            m_sim.store().remove<ReplicaSet>(ns, name);
        for (const auto& [ns, name] : podsToDelete) {
            auto pod = m_sim.store().get<Pod>(ns, name);
            if (pod && !pod->metadata.isDeleting())
                m_sim.kubelet().deletePod(ns, name);
        }
    });
}

} // namespace rl
