#include "replicasetcontroller.h"

#include "controllers/deploymentutil.h"
#include "controllers/eventrecorder.h"
#include "controllers/kubelet.h"
#include "controllers/rolloutmath.h"
#include "manifest/defaults.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QStringBuilder>

#include <algorithm>
#include <functional>
#include <tuple>

namespace rl {

namespace {
const QString kComponent = QStringLiteral("replicaset-controller");

QString ownerReplicaSetKey(const Pod& pod)
{
    const OwnerReference* ref = pod.metadata.controllerRef();
    if (!ref || ref->kind != QStringView(u"ReplicaSet"))
        return {};
    return objectKey(pod.metadata.namespace_, ref->name);
}

// podPhaseToOrdinal in pkg/controller/controller_utils.go
int phaseOrdinal(const QString& phase)
{
    if (phase == QStringView(u"Unknown"))
        return 1;
    if (phase == QStringView(u"Running"))
        return 2;
    return 0; // Pending (and anything else)
}

int deletionCost(const Pod& pod)
{
    bool ok = false;
    const int v = pod.metadata.annotations.value(keys::PodDeletionCost).toInt(&ok);
    return ok ? v : 0;
}

int maxRestarts(const Pod& pod)
{
    int m = 0;
    for (const auto& c : pod.status.containerStatuses)
        m = std::max(m, int(c.restartCount));
    for (const auto& c : pod.status.initContainerStatuses)
        m = std::max(m, int(c.restartCount));
    return m;
}
} // namespace

ReplicaSetController::ReplicaSetController(Simulation& sim)
    : m_sim(sim)
    , m_queue(sim.queue(), [this](const QString& key) { syncReplicaSet(key); })
{
    m_listener = m_sim.store().addListener([this](const WatchEvent& ev) { onWatch(ev); },
        ObjectStore::kindBit(Kind::ReplicaSet) | ObjectStore::kindBit(Kind::Pod));
    m_attachment = m_sim.store().reserveAttachment();
}

ReplicaSetController::~ReplicaSetController()
{
    m_sim.store().removeListener(m_listener);
    m_sim.store().releaseAttachment(m_attachment);
}

void ReplicaSetController::enqueue(const QString& key)
{
    if (m_sim.isAutomatic())
        m_queue.addAfter(key, kWatchLatency);
}

void ReplicaSetController::onWatch(const WatchEvent& ev)
{
    if (ev.kind == Kind::ReplicaSet) {
        const auto& rs = std::get<ReplicaSetPtr>(ev.object);
        enqueue(objectKey(rs->metadata.namespace_, rs->metadata.name));
        return;
    }
    if (ev.kind != Kind::Pod)
        return;
    const auto& pod = std::get<PodPtr>(ev.object);
    const QString& ns = pod->metadata.namespace_;
    const OwnerReference* ref = pod->metadata.controllerRef();
    const bool ownedByReplicaSet = ref && ref->kind == QStringView(u"ReplicaSet");
    // The index always follows the store, also when not automatic. The pod's element, from its
    // store entry when it is attached there, else by name.
    void** attached = m_attachment >= 0 ? m_sim.store().dispatchedAttachments() : nullptr;
    using OwnerElement = KeyIndex<Owner>::value_type;
    auto* prev = attached ? static_cast<OwnerElement*>(attached[m_attachment]) : nullptr;
    if (!prev) {
        prev = m_podOwner.find(ns, u'/', pod->metadata.name);
        if (attached)
            attached[m_attachment] = prev; // found by name (after a restore, say): from now on attached
    }
    if (prev && ev.type != WatchType::Deleted && ownedByReplicaSet
        && isJoinedKey(prev->second.key, ns, u'/', ref->name)) {
        // The common case, a pod of the same ReplicaSet changed: update its entry in place.
        indexUpdate(prev->second, pod);
        enqueue(prev->second.key);
        return;
    }
    const QString owner = ownerReplicaSetKey(*pod);
    QString oldOwner;
    if (prev) {
        oldOwner = prev->second.key;
        indexRemove(oldOwner, pod->metadata.name);
        m_podOwner.erase(prev);
    }
    OwnerElement* now = nullptr;
    if (ev.type != WatchType::Deleted && !owner.isEmpty()) {
        now = m_podOwner.tryEmplace(objectKey(ns, pod->metadata.name)).first;
        now->second = indexAdd(owner, pod);
    }
    if (attached)
        attached[m_attachment] = now;
    if (!oldOwner.isEmpty() && oldOwner != owner)
        enqueue(oldOwner);
    if (!owner.isEmpty())
        enqueue(owner);
}

int ReplicaSetController::nodeId(const QString& nodeName)
{
    // Asked on every pod write that changes the node (binding): KeyIndex's hash reads the name
    // a word a step, where QHash's SipHash takes longer than the rest of the lookup.
    auto [element, inserted] = m_nodeIds.tryEmplace(nodeName);
    if (inserted)
        element->second = int(m_nodeIds.size()) - 1;
    return element->second;
}

ReplicaSetController::Index& ReplicaSetController::indexFor(const QString& rsKey)
{
    auto it = m_index.try_emplace(rsKey).first;
    Index& idx = it->second;
    if (idx.key.isNull())
        idx.key = it->first;
    if (!idx.labelsKnown) {
        const int slash = rsKey.indexOf(QLatin1Char('/'));
        if (auto rs = m_sim.store().get<ReplicaSet>(rsKey.left(slash), rsKey.mid(slash + 1))) {
            idx.labelsForFullyLabeled = rs->spec.template_.metadata.labels;
            idx.labelsKnown = true;
            ++idx.labelsVersion;
        }
    }
    return idx;
}

void ReplicaSetController::fillInfo(const Index& idx, const PodPtr& pod, PodInfo& info, const PodInfo* previous)
{
    const Pod* before = previous ? previous->pod.get() : nullptr;
    if (before && before->metadata.labels.isSharedWith(pod->metadata.labels)
        && previous->labelsVersion == idx.labelsVersion) {
        info.fullyLabeled = previous->fullyLabeled;
    } else {
        info.fullyLabeled = labelsInclude(pod->metadata.labels, idx.labelsForFullyLabeled);
    }
    info.labelsVersion = idx.labelsVersion;
    if (before && before->spec->nodeName.isSharedWith(pod->spec->nodeName)) {
        info.node = previous->node;
    } else {
        info.node = nodeId(pod->spec->nodeName);
    }
    info.cost = before && before->metadata.annotations.isSharedWith(pod->metadata.annotations) ? previous->cost
                                                                                               : deletionCost(*pod);
    info.pod = pod;
    info.active = pod->isActive();
    // isReady() and readySince() in one look at the conditions.
    const PodCondition* ready = pod->readyCondition();
    info.ready = ready != nullptr;
    info.readySince = ready ? ready->lastTransitionTime : kNoTime;
    info.nonTerminal = pod->status.phase != QStringView(u"Succeeded") && pod->status.phase != QStringView(u"Failed");
    info.phase = phaseOrdinal(pod->status.phase);
    info.restarts = maxRestarts(*pod);
    info.unassigned = pod->spec->nodeName.isEmpty();
    info.created = pod->metadata.creationTimestamp;
    const QString& uid = pod->metadata.uid;
    info.uidKey = 0;
    for (int i = 0; i < 4; ++i)
        info.uidKey = (info.uidKey << 16) | (i < uid.size() ? uid.at(i).unicode() : 0);
}

void ReplicaSetController::count(Index& idx, const PodInfo& info, int delta)
{
    if (info.active) {
        idx.active += delta;
        if (int(idx.activeOnNode.size()) <= info.node)
            idx.activeOnNode.resize(m_nodeIds.size(), 0);
        idx.activeOnNode[info.node] += delta;
        if (info.fullyLabeled)
            idx.fullyLabeled += delta;
        if (info.ready) {
            idx.ready += delta;
            if (delta > 0) {
                ++idx.readyTimes[info.readySince];
            } else {
                auto t = idx.readyTimes.find(info.readySince);
                if (t != idx.readyTimes.end() && --t->second == 0)
                    idx.readyTimes.erase(t);
            }
        }
    }
    if (info.nonTerminal)
        idx.nonTerminal += delta;
}

ReplicaSetController::Owner ReplicaSetController::indexAdd(const QString& rsKey, const PodPtr& pod)
{
    Index& idx = indexFor(rsKey);
    PodInfo info;
    fillInfo(idx, pod, info);
    count(idx, info, +1);
    PodInfo& stored = idx.pods.tryEmplace(pod->metadata.name).first->second;
    if (stored.active && stored.pod)
        groupRemove(idx, stored); // replaced without indexRemove: keep the groups consistent
    stored = std::move(info);
    if (stored.active)
        groupAdd(idx, stored);
    return {idx.key, &idx, &stored};
}

void ReplicaSetController::indexUpdate(const Owner& owner, const PodPtr& pod)
{
    // indexFor() once more only while the ReplicaSet's template labels are not known yet.
    Index& idx = owner.index->labelsKnown ? *owner.index : indexFor(owner.key);
    PodInfo& stored = *owner.info;
    PodInfo fresh;
    fillInfo(idx, pod, fresh, &stored);
    // Most status writes change nothing counted or grouped: the entry then keeps its place. (A
    // change of what its group's Member copies also makes it move, which copies it anew.)
    const bool moves = fresh.active != stored.active || fresh.ready != stored.ready
        || fresh.readySince != stored.readySince || fresh.nonTerminal != stored.nonTerminal
        || fresh.fullyLabeled != stored.fullyLabeled || fresh.node != stored.node || fresh.phase != stored.phase
        || fresh.cost != stored.cost || fresh.restarts != stored.restarts || fresh.created != stored.created
        || fresh.uidKey != stored.uidKey;
    if (moves) {
        count(idx, stored, -1);
        if (stored.active)
            groupRemove(idx, stored);
    }
    fresh.groupPos = stored.groupPos;
    stored = std::move(fresh);
    if (moves) {
        count(idx, stored, +1);
        if (stored.active)
            groupAdd(idx, stored);
    }
}

void ReplicaSetController::groupAdd(Index& idx, PodInfo& info)
{
    // KeyIndex elements stay in place, so the group can point at the index entry until it is erased.
    auto& pods = idx.groups[GroupKey {info.node, info.phase, info.ready, info.cost}].pods;
    info.groupPos = pods.size();
    pods.push_back({&info, info.readySince, info.created, info.uidKey, info.restarts});
}

void ReplicaSetController::groupRemove(Index& idx, const PodInfo& info)
{
    auto g = idx.groups.find(GroupKey {info.node, info.phase, info.ready, info.cost});
    if (g == idx.groups.end())
        return;
    auto& pods = g->second.pods;
    // Swap-remove: the order inside a group is never observed (podsToDelete sorts its candidates).
    pods[info.groupPos] = pods.back();
    pods[info.groupPos].info->groupPos = info.groupPos;
    pods.pop_back();
    if (pods.empty())
        idx.groups.erase(g);
}

void ReplicaSetController::indexRemove(const QString& rsKey, const QString& podName)
{
    auto iit = m_index.find(rsKey);
    if (iit == m_index.end())
        return;
    Index& idx = iit->second;
    auto* it = idx.pods.find(podName);
    if (!it)
        return;
    const PodInfo& info = it->second;
    count(idx, info, -1);
    if (info.active)
        groupRemove(idx, info);
    idx.pods.erase(it);
    if (idx.pods.empty())
        m_index.erase(iit);
}

void ReplicaSetController::refreshFullyLabeled(Index& idx, const Labels& templateLabels)
{
    if (idx.labelsKnown && idx.labelsForFullyLabeled == templateLabels)
        return;
    idx.labelsForFullyLabeled = templateLabels;
    idx.labelsKnown = true;
    ++idx.labelsVersion;
    idx.fullyLabeled = 0;
    idx.pods.forEach([&](const QString&, PodInfo& info) {
        info.fullyLabeled = labelsInclude(info.pod->metadata.labels, templateLabels);
        info.labelsVersion = idx.labelsVersion;
        if (info.active && info.fullyLabeled)
            ++idx.fullyLabeled;
    });
}

qint32 ReplicaSetController::availableCount(const Index& idx, qint32 minReadySeconds, Millis now) const
{
    if (minReadySeconds == 0)
        return idx.ready;
    // podutil.IsPodAvailable: readySince + minReadySeconds < now (strictly).
    qint32 n = 0;
    for (const auto& [since, count] : idx.readyTimes) {
        if (since == kNoTime || since + Millis(minReadySeconds) * 1000 >= now)
            break;
        n += count;
    }
    return n;
}

int ReplicaSetController::nonTerminalPods(const QString& rsKey, const QString& rsUid) const
{
    auto it = m_index.find(rsKey);
    if (it == m_index.end())
        return 0;
    int n = 0;
    it->second.pods.forEach([&](const QString&, const PodInfo& info) {
        const OwnerReference* ref = info.pod->metadata.controllerRef();
        if (info.nonTerminal && ref && ref->uid == rsUid)
            ++n;
    });
    return n;
}

std::vector<QString> ReplicaSetController::podNames(const QString& rsKey, const QString& rsUid) const
{
    std::vector<QString> out;
    auto it = m_index.find(rsKey);
    if (it == m_index.end())
        return out;
    it->second.pods.forEach([&](const QString& name, const PodInfo& info) {
        const OwnerReference* ref = info.pod->metadata.controllerRef();
        if (ref && ref->uid == rsUid)
            out.push_back(name);
    });
    std::sort(out.begin(), out.end()); // by name, as the API server lists
    return out;
}

void ReplicaSetController::resync()
{
    m_queue.clear();
    m_index.clear();
    m_podOwner.clear();
    m_sim.store().clearAttachment(m_attachment);
    for (const auto& [key, pod] : m_sim.store().all<Pod>()) {
        const QString owner = ownerReplicaSetKey(*pod);
        if (owner.isEmpty())
            continue;
        auto* element = m_podOwner.tryEmplace(key).first;
        element->second = indexAdd(owner, pod);
        if (m_attachment >= 0) {
            if (void** attached = m_sim.store().attachmentsOf<Pod>(key))
                attached[m_attachment] = element;
        }
    }
    for (const auto& [key, rs] : m_sim.store().all<ReplicaSet>())
        enqueue(key);
}

void ReplicaSetController::syncReplicaSet(const QString& key)
{
    ObjectStore& store = m_sim.store();
    const int slash = key.indexOf(QLatin1Char('/'));
    const ReplicaSetPtr rs = store.get<ReplicaSet>(key.left(slash), key.mid(slash + 1));
    if (!rs)
        return;
    Index& idxRef = m_index[key];
    refreshFullyLabeled(idxRef, rs->spec.template_.metadata.labels);
    const Millis now = store.now();

    // calculateStatus over the pods as listed at the start of the sync (replica_set_utils.go).
    ReplicaSetStatus status = rs->status;
    status.replicas = idxRef.active;
    status.fullyLabeledReplicas = idxRef.fullyLabeled;
    status.readyReplicas = idxRef.ready;
    status.availableReplicas = availableCount(idxRef, rs->spec.minReadySeconds, now);
    status.observedGeneration = rs->metadata.generation;
    status.conditions.clear(); // ReplicaFailure is removed on a sync without error

    if (!rs->metadata.isDeleting())
        manageReplicas(*rs, m_index[key]);

    // updateReplicaSetStatus: write only when something changed.
    if (auto cur = store.get<ReplicaSet>(rs->metadata.namespace_, rs->metadata.name); cur && !(cur->status == status)) {
        ReplicaSet copy = *cur;
        copy.status = status;
        store.update(copy);
    }

    // Availability after minReadySeconds: sync again exactly when the next ready pod becomes available.
    auto it = m_index.find(key);
    if (m_sim.isAutomatic() && rs->spec.minReadySeconds > 0 && it != m_index.end()) {
        const Millis window = Millis(rs->spec.minReadySeconds) * 1000;
        for (const auto& [since, count] : it->second.readyTimes) {
            if (since != kNoTime && since + window >= now) {
                m_queue.add(key, since + window + 1);
                break;
            }
        }
    }
    if (it != m_index.end() && it->second.pods.empty())
        m_index.erase(it);
}

void ReplicaSetController::manageReplicas(const ReplicaSet& rs, Index& idx)
{
    ObjectStore& store = m_sim.store();
    const qint32 desired = rs.spec.replicas.value_or(1);
    const int diff = idx.active - desired;
    const Shared<ObjectReference> ref = EventRecorder::referenceTo(rs);
    // Every Event of this sync is about the ReplicaSet, from this controller.
    const EventRecorder::KeyHasher source = EventRecorder::sourceKey(*ref, kComponent, {});
    auto event = [&](const QString& type, const QString& reason, const QString& message) {
        m_sim.recorder().record(source, ref, type, reason, message, kComponent, {});
    };
    if (diff < 0) {
        const int toCreate = std::min(-diff, kBurstReplicas);
        // The pod every creation sends (GetPodFromTemplate); each is a copy that shares its texts.
        Pod proto;
        proto.metadata.generateName = rs.metadata.name % QLatin1Char('-');
        proto.metadata.namespace_ = rs.metadata.namespace_;
        proto.metadata.labels = rs.spec.template_.metadata.labels;
        proto.metadata.annotations = rs.spec.template_.metadata.annotations;
        proto.metadata.ownerReferences.push_back(
            {deploymentutil::controllerRefApiVersion(m_sim.profile().minorVersion()), QStringLiteral("ReplicaSet"),
                rs.metadata.name, rs.metadata.uid, true, true});
        proto.spec = rs.spec.template_.spec;
        admitPod(proto, m_sim.profile().minorVersion()); // the same for each: the pods share one spec
        proto.status.phase = QStringLiteral("Pending");
        // slowStartBatch: 1, 2, 4, ... pods; a failed batch skips the rest.
        int created = 0;
        int batch = 1;
        while (created < toCreate) {
            const int size = std::min(batch, toCreate - created);
            bool failed = false;
            for (int i = 0; i < size; ++i) {
                const PodPtr p = store.create(Pod(proto));
                if (!p) {
                    failed = true;
                    event(QStringLiteral("Warning"), QStringLiteral("FailedCreate"),
                        QStringLiteral("Error creating: pods already exists"));
                    break;
                }
                event(QStringLiteral("Normal"), QStringLiteral("SuccessfulCreate"),
                    QStringView(u"Created pod: ") % p->metadata.name);
            }
            if (failed)
                break;
            created += size;
            batch *= 2;
        }
    } else if (diff > 0) {
        const int toDelete = std::min(diff, kBurstReplicas);
        const std::vector<QString> victims = podsToDelete(rs, idx, toDelete);
        Kubelet& kubelet = m_sim.kubelet();
        // Hundreds of pods scattered over the heap: the kubelet asks for each pod's run, key and
        // object a few deletions ahead, so that their cache misses overlap.
        const std::size_t n = victims.size();
        for (std::size_t i = 0; i < n; ++i) {
            const QString& name = victims[i];
            for (int stage = 0; stage < 3; ++stage) {
                if (i + std::size_t(3 - stage) < n)
                    kubelet.prefetchPod(rs.metadata.namespace_, victims[i + std::size_t(3 - stage)], stage);
            }
            kubelet.deletePod(rs.metadata.namespace_, name);
            event(QStringLiteral("Normal"), QStringLiteral("SuccessfulDelete"), QStringView(u"Deleted pod: ") % name);
        }
    }
}

std::vector<QString> ReplicaSetController::podsToDelete(const ReplicaSet& rs, const Index& idx, int count) const
{
    struct Ranked
    {
        const PodInfo* info;
        quint64 prefixRank; // rules 1-5: the rank of its group's prefix among the groups'
        qint64 readyBucket;
        int restarts;
        qint64 ageBucket;
        quint64 uidKey;
        quint64 hi = 0; // the key before uidKey, packed (see below)
    };
    std::vector<QString> out;
    if (count >= idx.active) {
        idx.pods.forEach([&](const QString& name, const PodInfo& info) {
            if (info.active)
                out.push_back(name);
        });
        std::sort(out.begin(), out.end()); // all of them, by name
        return out;
    }
    // Rank 5: active pods of the same owner family per node (getPodsRankedByRelatedPodsOnSameNode),
    // from the per-node counts each index keeps up to date.
    const OwnerReference* owner = rs.metadata.controllerRef();
    std::vector<const Index*> related;
    if (owner) {
        for (const auto& [key, other] : m_sim.store().all<ReplicaSet>()) {
            const OwnerReference* o = other->metadata.controllerRef();
            if (other->metadata.namespace_ == rs.metadata.namespace_ && o && o->uid == owner->uid) {
                auto it = m_index.find(key);
                if (it != m_index.end())
                    related.push_back(&it->second);
            }
        }
    } else {
        related.push_back(&idx);
    }
    std::vector<int> perNode(m_nodeIds.size(), 0);
    for (const Index* r : related) {
        for (std::size_t n = 0; n < r->activeOnNode.size(); ++n)
            perNode[n] += r->activeOnNode[n];
    }
    // The ranking below is lexicographic and starts with fields that are the same for every pod of
    // a group (assigned, phase, ready, cost, pods on its node). Groups whose prefix sorts after the
    // one where `count` pods are reached hold no victim, so only the groups up to and including that
    // prefix are ranked: the same victims in the same order, at the cost of the candidates only.
    using Prefix = std::tuple<bool, int, bool, int, int>;
    std::vector<std::pair<Prefix, const Group*>> groups;
    groups.reserve(idx.groups.size());
    for (const auto& [key, group] : idx.groups) {
        const auto& [node, phase, ready, cost] = key;
        const bool unassigned = group.pods.front().info->unassigned;
        groups.push_back({Prefix {!unassigned, phase, ready, cost, -perNode[node]}, &group});
    }
    std::sort(groups.begin(), groups.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; }); // ties: any order, ranked below
    std::size_t candidates = 0;
    std::size_t end = 0;
    for (; end < groups.size(); ++end) {
        if (candidates >= std::size_t(count) && groups[end].first != groups[end - 1].first)
            break;
        candidates += groups[end].second->pods.size();
    }
    // One pass over the candidates, reading only their groups' members (the ranking inputs are
    // copied there when they change): the candidates of a scale-down step can be every pod of the
    // ReplicaSet, and their PodInfos and pod objects are cold by then.
    //
    // controller.ActivePodsWithRanks.Less (pkg/controller/controller_utils.go) with
    // LogarithmicScaleDown, as a sort key: rules 1-5 (the group's prefix, ranked), then ready pods
    // by floor(log2(time since ready)), then restarts (more first), then floor(log2(age)), then
    // UID. Upstream breaks a same-bucket tie by UID only when the ready times differ (else it goes
    // on to restarts/age); a key keeps the order a strict weak ordering. The UID compares by its
    // first four code units, and by the whole string only when those are equal. The key is packed
    // in two words when its parts fit (always, short of 2^20 groups or 2^28 restarts), else
    // compared as a tuple.
    const Millis now = m_sim.store().now();
    std::vector<Ranked> pods;
    pods.reserve(candidates);
    bool packed = end < (std::size_t(1) << 20);
    quint64 prefixRank = 0;
    for (std::size_t g = 0; g < end; ++g) {
        if (g > 0 && groups[g].first != groups[g - 1].first)
            ++prefixRank;
        const bool ready = std::get<2>(groups[g].first);
        for (const Member& m : groups[g].second->pods) {
            Ranked r {m.info, prefixRank, ready ? rollout::logarithmicRank(now - m.readySince) : 0, m.restarts,
                rollout::logarithmicRank(now - m.created), m.uidKey};
            // A bucket is -1..83 (log2 of a duration in nanoseconds): a byte each, + 1.
            packed = packed && r.restarts >= 0 && r.restarts < (1 << 28) && r.readyBucket < 255 && r.ageBucket < 255;
            r.hi = prefixRank << 44 | quint64(r.readyBucket + 1) << 36
                | quint64((qint64(1) << 28) - 1 - qint64(r.restarts)) << 8 | quint64(r.ageBucket + 1);
            pods.push_back(r);
        }
    }
    auto less = [packed](const Ranked& a, const Ranked& b) {
        if (packed) {
            if (a.hi != b.hi)
                return a.hi < b.hi;
            if (a.uidKey != b.uidKey)
                return a.uidKey < b.uidKey;
        } else {
            const auto ka = std::make_tuple(a.prefixRank, a.readyBucket, -qint64(a.restarts), a.ageBucket, a.uidKey);
            const auto kb = std::make_tuple(b.prefixRank, b.readyBucket, -qint64(b.restarts), b.ageBucket, b.uidKey);
            if (ka != kb)
                return ka < kb;
        }
        return a.info->pod->metadata.uid < b.info->pod->metadata.uid;
    };
    // Candidates may number exactly `count` (nth_element then does nothing).
    std::nth_element(pods.begin(), pods.begin() + count, pods.end(), less);
    std::sort(pods.begin(), pods.begin() + count, less);
    for (int i = 0; i < count; ++i)
        out.push_back(pods[i].info->pod->metadata.name);
    return out;
}

} // namespace rl
