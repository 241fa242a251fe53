#include "podgrid/podgriddata.h"

#include "analysis/versionorder.h"
#include "kubectl/printers.h"
#include "kubectl/rollout.h"
#include "sim/objectstore.h"

#include <algorithm>

namespace rl {

namespace {

QString imageTag(const QString& image)
{
    const int at = image.indexOf(QLatin1Char('@'));
    const QString ref = at >= 0 ? image.left(at) : image;
    const int colon = ref.lastIndexOf(QLatin1Char(':'));
    const int slash = ref.lastIndexOf(QLatin1Char('/'));
    if (colon > slash)
        return ref.mid(colon + 1);
    return at >= 0 ? image.mid(at + 1, 19) : QStringLiteral("latest");
}

bool sameTiles(const PodGroup& a, const PodGroup& b)
{
    if (a.tiles.size() != b.tiles.size())
        return false;
    for (std::size_t i = 0; i < a.tiles.size(); ++i) {
        const PodTile& x = a.tiles[i];
        const PodTile& y = b.tiles[i];
        if (x.uid != y.uid || !(x.info == y.info) || x.version != y.version || x.pod != y.pod)
            return false;
    }
    return true;
}

bool sameGroup(const PodGroup& a, const PodGroup& b)
{
    return a.key == b.key && a.rs == b.rs && a.versionIndex == b.versionIndex && sameTiles(a, b);
}

} // namespace

void PodGridData::setScope(Scope scope, const QString& ns, const QString& deployment)
{
    if (scope == m_scope && ns == m_ns && deployment == m_deployment)
        return;
    m_scope = scope;
    m_ns = ns;
    m_deployment = deployment;
    reset();
}

void PodGridData::reset()
{
    m_groups.clear();
    m_previous.clear();
    m_events.clear();
    m_known.clear();
    m_nextOrder = 1;
    m_builtRv = 0;
    m_builtStore = nullptr;
    m_timed.clear();
}

int PodGridData::tileCount() const
{
    int n = 0;
    for (const PodGroup& g : m_groups)
        n += int(g.tiles.size());
    return n;
}

std::pair<int, int> PodGridData::find(const QString& name) const
{
    for (int g = 0; g < int(m_groups.size()); ++g)
        for (int t = 0; t < int(m_groups[std::size_t(g)].tiles.size()); ++t)
            if (m_groups[std::size_t(g)].tiles[std::size_t(t)].pod->metadata.name == name)
                return {g, t};
    return {-1, -1};
}

bool PodGridData::isStale(const ObjectStore& store) const
{
    return &store != m_builtStore || store.resourceVersion() != m_builtRv;
}

bool PodGridData::update(const ObjectStore& store, Millis now)
{
    if (!isStale(store))
        return reclassifyTimed(now);
    m_previous = std::move(m_groups);
    m_groups.clear();
    rebuild(store, now);
    if (m_previous.size() != m_groups.size())
        return true;
    for (std::size_t g = 0; g < m_previous.size(); ++g)
        if (!sameGroup(m_previous[g], m_groups[g]))
            return true;
    return false;
}

bool PodGridData::reclassifyTimed(Millis now)
{
    m_previous.clear();
    // Only Ready (minReadySeconds running) and Terminating (grace period running) tiles change
    // with time alone; they were listed by the last rebuild.
    bool changed = false;
    std::size_t kept = 0;
    for (std::size_t k = 0; k < m_timed.size(); ++k) {
        const auto [g, i] = m_timed[k];
        PodGroup& group = m_groups[std::size_t(g)];
        PodTile& t = group.tiles[std::size_t(i)];
        const PodStateInfo info = advancePodState(t.info, *t.pod, group.minReadySeconds, now);
        if (!(info == t.info)) {
            t.info = info;
            changed = true;
        }
        if (info.state == PodVisualState::Ready || info.state == PodVisualState::Terminating)
            m_timed[kept++] = m_timed[k];
    }
    m_timed.resize(kept);
    return changed;
}

void PodGridData::rebuild(const ObjectStore& store, Millis now)
{
    if (&store != m_builtStore) {
        m_known.clear();
        m_nextOrder = 1;
    }
    m_builtStore = &store;
    m_builtRv = store.resourceVersion();
    m_events.rebuild(store.all<Event>(), store.resourceVersion());
    m_timed.clear();

    DeploymentPtr owner;
    if (m_scope == Scope::Deployment) {
        owner = store.get<Deployment>(m_ns, m_deployment);
        if (!owner)
            return;
    }

    // The ReplicaSets of the scope.
    QHash<QString, int> groupOf; // ReplicaSet uid -> index in m_groups
    const QString prefix = m_ns + QLatin1Char('/');
    const auto& rss = store.all<ReplicaSet>();
    TableOptions wide;
    wide.wide = true;
    for (auto it = rss.lower_bound(prefix); it != rss.end() && it->first.startsWith(prefix); ++it) {
        const ReplicaSet& rs = *it->second;
        const OwnerReference* ref = rs.metadata.controllerRef();
        const bool deploymentOwned = ref && ref->kind == QLatin1String("Deployment");
        bool in = true;
        if (m_scope == Scope::Deployment) {
            in = deploymentOwned && ref->uid == owner->metadata.uid;
        } else if (m_scope == Scope::Unowned) {
            if (deploymentOwned) {
                const DeploymentPtr d = store.get<Deployment>(m_ns, ref->name);
                in = !d || d->metadata.uid != ref->uid;
            }
        }
        if (!in)
            continue;
        PodGroup g;
        g.key = rs.metadata.uid;
        g.rs = it->second;
        g.revision = revisionOf(rs);
        g.hash = rs.metadata.labels.value(
            keys::PodTemplateHash, rs.spec.template_.metadata.labels.value(keys::PodTemplateHash));
        const QStringList row = tableRow(rs, now, wide);
        g.images = row.value(6);
        g.version = rs.spec.template_.metadata.labels.value(QStringLiteral("ver"));
        if (g.version.isEmpty() && !rs.spec.template_.spec.containers.empty())
            g.version = imageTag(rs.spec.template_.spec.containers.front().image);
        g.desired = rs.spec.replicas.value_or(0);
        g.current = rs.status.replicas;
        g.ready = rs.status.readyReplicas;
        g.available = rs.status.availableReplicas;
        g.minReadySeconds = rs.spec.minReadySeconds;
        g.versionIndex = versionIndex(rs);
        groupOf.insert(g.key, int(m_groups.size()));
        m_groups.push_back(std::move(g));
    }

    // The pods, each into its ReplicaSet's group (or the unowned group).
    PodGroup unowned;
    const bool wantUnowned = m_scope != Scope::Deployment;
    const auto& pods = store.all<Pod>();
    struct Fresh
    {
        Millis created;
        QString name;
        int group;
        std::size_t index;
    };
    std::vector<Fresh> fresh;
    for (auto it = pods.lower_bound(prefix); it != pods.end() && it->first.startsWith(prefix); ++it) {
        const Pod& pod = *it->second;
        const OwnerReference* ref = pod.metadata.controllerRef();
        int gi = -1;
        if (ref && ref->kind == QLatin1String("ReplicaSet"))
            gi = groupOf.value(ref->uid, -1);
        if (gi < 0) {
            if (!wantUnowned)
                continue;
            // Owned by a ReplicaSet of another scope: not ours.
            if (ref && ref->kind == QLatin1String("ReplicaSet")) {
                const ReplicaSetPtr rs = store.get<ReplicaSet>(m_ns, ref->name);
                if (rs && rs->metadata.uid == ref->uid)
                    continue;
            }
        }
        PodGroup& g = gi >= 0 ? m_groups[std::size_t(gi)] : unowned;
        PodTile t;
        t.pod = it->second;
        t.uid = pod.metadata.uid;
        t.version = gi >= 0 ? g.versionIndex : -1;
        const bool pulling = m_events.isPulling(t.uid);
        auto known = m_known.find(t.uid);
        if (known != m_known.end() && known->pod == it->second && known->pulling == pulling
            && known->minReadySeconds == g.minReadySeconds) {
            // The same object as last time: only time can have moved its look.
            t.info = advancePodState(known->info, pod, g.minReadySeconds, now);
        } else {
            t.info = classifyPod(pod, g.minReadySeconds, now, pulling);
        }
        if (known != m_known.end()) {
            t.order = known->order;
            *known = {known->order, it->second, t.info, pulling, g.minReadySeconds};
        } else {
            fresh.push_back({pod.metadata.creationTimestamp, pod.metadata.name, gi, g.tiles.size()});
        }
        g.tiles.push_back(std::move(t));
    }
    if (!unowned.tiles.empty())
        m_groups.push_back(std::move(unowned));

    // Pods seen for the first time get their place after every pod seen before.
    std::sort(fresh.begin(), fresh.end(), [](const Fresh& a, const Fresh& b) {
        return a.created != b.created ? a.created < b.created : a.name < b.name;
    });
    for (const Fresh& f : fresh) {
        PodGroup& g = f.group >= 0 ? m_groups[std::size_t(f.group)] : m_groups.back();
        PodTile& t = g.tiles[f.index];
        t.order = m_nextOrder++;
        m_known.insert(t.uid, {t.order, t.pod, t.info, m_events.isPulling(t.uid), g.minReadySeconds});
    }
    for (PodGroup& g : m_groups)
        std::sort(g.tiles.begin(), g.tiles.end(), [](const PodTile& a, const PodTile& b) { return a.order < b.order; });
    // Forget pods that are gone (keeps the table as small as the store).
    if (m_known.size() > 2 * tileCount() + 1024) {
        QHash<QString, Known> kept;
        for (const PodGroup& g : m_groups)
            for (const PodTile& t : g.tiles)
                kept.insert(t.uid, m_known.value(t.uid));
        m_known = std::move(kept);
    }

    // Drop ReplicaSets that are empty and scaled to zero, except the newest revision.
    qint64 newest = -1;
    for (const PodGroup& g : m_groups)
        if (g.rs)
            newest = std::max(newest, g.revision);
    m_groups.erase(std::remove_if(m_groups.begin(), m_groups.end(),
                       [&](const PodGroup& g) {
                           return g.rs && g.tiles.empty() && g.desired == 0 && g.current == 0
                               && !(m_scope == Scope::Deployment && g.revision == newest);
                       }),
        m_groups.end());
    // Newest revision first; the unowned pods last.
    std::stable_sort(m_groups.begin(), m_groups.end(), [](const PodGroup& a, const PodGroup& b) {
        if (!a.rs || !b.rs)
            return a.rs && !b.rs;
        if (a.revision != b.revision)
            return a.revision > b.revision;
        if (a.rs->metadata.creationTimestamp != b.rs->metadata.creationTimestamp)
            return a.rs->metadata.creationTimestamp > b.rs->metadata.creationTimestamp;
        return a.rs->metadata.name < b.rs->metadata.name;
    });
    for (int g = 0; g < int(m_groups.size()); ++g)
        for (int i = 0; i < int(m_groups[std::size_t(g)].tiles.size()); ++i) {
            const PodVisualState st = m_groups[std::size_t(g)].tiles[std::size_t(i)].info.state;
            if (st == PodVisualState::Ready || st == PodVisualState::Terminating)
                m_timed.emplace_back(g, i);
        }
}

} // namespace rl
