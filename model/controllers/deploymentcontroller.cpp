#include "deploymentcontroller.h"

#include "api/json.h"
#include "controllers/deploymentutil.h"
#include "controllers/eventrecorder.h"
#include "controllers/replicasetcontroller.h"
#include "controllers/rolloutmath.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <algorithm>
#include <cmath>

namespace rl {

using namespace deploymentutil;

// Ported from kubernetes/kubernetes pkg/controller/deployment: deployment_controller.go (handlers,
// syncDeployment), sync.go (getNewReplicaSet, scale, cleanupDeployment, syncDeploymentStatus),
// rolling.go, recreate.go, rollback.go, progress.go (syncRolloutStatus, requeueStuckDeployment).

namespace {
const QString kComponent = QStringLiteral("deployment-controller");
const QString kTrue = QStringLiteral("True");
const QString kFalse = QStringLiteral("False");
const QString kUnknown = QStringLiteral("Unknown");
constexpr int kMaxRevHistoryLengthInChars = 2000;

std::pair<QString, QString> splitKey(const QString& key)
{
    const int slash = key.indexOf(QLatin1Char('/'));
    return {key.left(slash), key.mid(slash + 1)};
}

QString keyOf(const ObjectMeta& m)
{
    return objectKey(m.namespace_, m.name);
}

qint32 replicasOf(const ReplicaSetPtr& rs)
{
    return rs->spec.replicas.value_or(1);
}

// SetReplicasAnnotations / ReplicasAnnotationsNeedUpdate
bool setReplicasAnnotations(ReplicaSet& rs, qint32 desired, qint32 max)
{
    bool changed = false;
    const QString d = QString::number(desired), m = QString::number(max);
    if (rs.metadata.annotations.value(keys::DesiredReplicas) != d
        || !rs.metadata.annotations.contains(keys::DesiredReplicas)) {
        rs.metadata.annotations[keys::DesiredReplicas] = d;
        changed = true;
    }
    if (rs.metadata.annotations.value(keys::MaxReplicas) != m || !rs.metadata.annotations.contains(keys::MaxReplicas)) {
        rs.metadata.annotations[keys::MaxReplicas] = m;
        changed = true;
    }
    return changed;
}

// copyDeploymentAnnotationsToReplicaSet
bool copyAnnotations(const Deployment& d, ReplicaSet& rs)
{
    bool changed = false;
    for (auto it = d.metadata.annotations.cbegin(); it != d.metadata.annotations.cend(); ++it) {
        if (skipCopyAnnotation(it.key()))
            continue;
        auto cur = rs.metadata.annotations.constFind(it.key());
        if (cur != rs.metadata.annotations.cend() && cur.value() == it.value())
            continue;
        rs.metadata.annotations[it.key()] = it.value();
        changed = true;
    }
    return changed;
}

// SetNewReplicaSetAnnotations
bool setNewReplicaSetAnnotations(const Deployment& d, ReplicaSet& rs, qint64 newRevision, bool exists)
{
    bool changed = copyAnnotations(d, rs);
    const bool had = rs.metadata.annotations.contains(keys::Revision);
    const QString oldRevision = rs.metadata.annotations.value(keys::Revision);
    qint64 oldRevisionInt = 0;
    if (had) {
        bool ok = false;
        oldRevisionInt = oldRevision.toLongLong(&ok);
        if (!ok) {
            if (!oldRevision.isEmpty())
                return false;
            oldRevisionInt = 0;
        }
    }
    if (oldRevisionInt < newRevision) {
        rs.metadata.annotations[keys::Revision] = QString::number(newRevision);
        changed = true;
    }
    if (had && oldRevisionInt < newRevision) {
        const QString history = rs.metadata.annotations.value(keys::RevisionHistory);
        QStringList oldRevisions = history.split(QLatin1Char(','));
        if (oldRevisions.first().isEmpty()) {
            rs.metadata.annotations[keys::RevisionHistory] = oldRevision;
        } else {
            qsizetype totalLen = history.size() + oldRevision.size() + 1;
            int start = 0;
            while (totalLen > kMaxRevHistoryLengthInChars && start < oldRevisions.size()) {
                totalLen = totalLen - oldRevisions[start].size() - 1;
                ++start;
            }
            if (totalLen <= kMaxRevHistoryLengthInChars) {
                QStringList kept = oldRevisions.mid(start);
                kept << oldRevision;
                rs.metadata.annotations[keys::RevisionHistory] = kept.join(QLatin1Char(','));
            }
        }
    }
    if (!exists
        && setReplicasAnnotations(
            rs, rollout::desiredReplicas(d.spec), rollout::desiredReplicas(d.spec) + rollout::maxSurge(d.spec)))
        changed = true;
    return changed;
}

// SetDeploymentRevision
bool setDeploymentRevision(Deployment& d, const QString& revision)
{
    if (d.metadata.annotations.value(keys::Revision) == revision && d.metadata.annotations.contains(keys::Revision))
        return false;
    d.metadata.annotations[keys::Revision] = revision;
    return true;
}

PodTemplateSpec withoutHash(PodTemplateSpec t)
{
    t.metadata.labels.remove(keys::PodTemplateHash);
    return t;
}
} // namespace

std::vector<ReplicaSetPtr> DeploymentController::Sets::all() const
{
    std::vector<ReplicaSetPtr> v = old;
    if (newRs)
        v.push_back(newRs);
    return v;
}

DeploymentController::DeploymentController(Simulation& sim)
    : m_sim(sim)
    , m_queue(sim.queue(), [this](const QString& key) { syncDeployment(key); })
{
    m_listener = m_sim.store().addListener([this](const WatchEvent& ev) { onWatch(ev); },
        ObjectStore::kindBit(Kind::Deployment) | ObjectStore::kindBit(Kind::ReplicaSet)
            | ObjectStore::kindBit(Kind::Pod));
}

DeploymentController::~DeploymentController()
{
    m_sim.store().removeListener(m_listener);
}

void DeploymentController::enqueue(const QString& key, Millis delay)
{
    if (m_sim.isAutomatic())
        m_queue.addAfter(key, delay);
}

void DeploymentController::enqueueRateLimited(const QString& key)
{
    if (!m_sim.isAutomatic())
        return;
    // client-go util/workqueue default_rate_limiters.go: MaxOf(ItemExponentialFailureRateLimiter(5ms,
    // 1000s), BucketRateLimiter{rate.NewLimiter(10, 100)}); the bucket's Reserve() takes a token now
    // and returns how long until it would have been there.
    const Millis now = m_sim.now();
    m_bucketTokens = std::min(kBucketBurst, m_bucketTokens + double(now - m_bucketLast) * kBucketRate / 1000.0);
    m_bucketLast = now;
    m_bucketTokens -= 1.0;
    const Millis bucketDelay = m_bucketTokens >= 0 ? 0 : Millis(std::ceil(-m_bucketTokens * 1000.0 / kBucketRate));
    m_queue.addAfter(key, std::max(kRetryDelay, bucketDelay));
}

void DeploymentController::enqueueOwner(const ReplicaSet& rs)
{
    const OwnerReference* ref = rs.metadata.controllerRef();
    if (ref) {
        if (ref->kind != QLatin1String("Deployment"))
            return;
        auto d = m_sim.store().get<Deployment>(rs.metadata.namespace_, ref->name);
        if (d && d->metadata.uid == ref->uid)
            enqueue(keyOf(d->metadata));
        return;
    }
    // Orphan: every Deployment whose selector matches may adopt it.
    for (const auto& [key, d] : m_sim.store().all<Deployment>()) {
        if (d->metadata.namespace_ == rs.metadata.namespace_ && d->spec.selector && !d->spec.selector->isEmpty()
            && d->spec.selector->matches(rs.metadata.labels))
            enqueue(key);
    }
}

void DeploymentController::onWatch(const WatchEvent& ev)
{
    if (!m_sim.isAutomatic())
        return;
    switch (ev.kind) {
    case Kind::Deployment: {
        const auto& d = std::get<DeploymentPtr>(ev.object);
        enqueue(keyOf(d->metadata));
        break;
    }
    case Kind::ReplicaSet: {
        const auto& rs = std::get<ReplicaSetPtr>(ev.object);
        enqueueOwner(*rs);
        break;
    }
    case Kind::Pod: {
        // deletePod: a Recreate Deployment is synced when its last pod is gone (spec 3.1 item 3).
        if (ev.type != WatchType::Deleted)
            break;
        const auto& pod = std::get<PodPtr>(ev.object);
        const OwnerReference* ref = pod->metadata.controllerRef();
        if (!ref || ref->kind != QLatin1String("ReplicaSet"))
            break;
        auto rs = m_sim.store().get<ReplicaSet>(pod->metadata.namespace_, ref->name);
        if (!rs || rs->metadata.uid != ref->uid)
            break;
        const OwnerReference* dref = rs->metadata.controllerRef();
        if (!dref || dref->kind != QLatin1String("Deployment"))
            break;
        auto d = m_sim.store().get<Deployment>(rs->metadata.namespace_, dref->name);
        if (!d || d->metadata.uid != dref->uid || d->spec.strategy.type != QLatin1String("Recreate"))
            break;
        int pods = 0;
        for (const auto& [key, other] : m_sim.store().all<ReplicaSet>()) {
            const OwnerReference* o = other->metadata.controllerRef();
            if (!o || o->uid != d->metadata.uid)
                continue;
            for (const QString& name : m_sim.replicaSetController().podNames(key, other->metadata.uid)) {
                if (name != pod->metadata.name)
                    ++pods;
            }
        }
        if (pods == 0)
            enqueue(keyOf(d->metadata));
        break;
    }
    default:
        break;
    }
}

void DeploymentController::resync()
{
    m_queue.clear();
    m_bucketTokens = kBucketBurst;
    m_bucketLast = m_sim.now();
    for (const auto& [key, d] : m_sim.store().all<Deployment>())
        enqueue(key);
}

void DeploymentController::event(
    const Deployment& d, const QString& type, const QString& reason, const QString& message)
{
    m_sim.recorder().record(EventRecorder::referenceTo(d), type, reason, message, kComponent);
}

void DeploymentController::writeStatus(Deployment& d)
{
    if (auto written = m_sim.store().update(d))
        d = *written;
}

ReplicaSetPtr DeploymentController::writeReplicaSet(ReplicaSet rs, bool specChanged)
{
    // The ReplicaSet registry strategy bumps generation when the spec changes.
    if (specChanged)
        rs.metadata.generation += 1;
    return m_sim.store().update(std::move(rs));
}

// ---------------------------------------------------------------------------------------------
// syncDeployment (spec 3.2)

void DeploymentController::syncDeployment(const QString& key)
{
    const auto [ns, name] = splitKey(key);
    const DeploymentPtr stored = m_sim.store().get<Deployment>(ns, name);
    if (!stored)
        return;
    Deployment d = *stored;

    if (d.spec.selector && d.spec.selector->isEmpty()) {
        event(d, QStringLiteral("Warning"), QStringLiteral("SelectingAll"),
            QStringLiteral("This deployment is selecting all pods. A non-empty selector is required."));
        if (d.status.observedGeneration < d.metadata.generation) {
            d.status.observedGeneration = d.metadata.generation;
            writeStatus(d);
        }
        return;
    }

    const std::vector<ReplicaSetPtr> rsList = claimReplicaSets(d);

    if (d.metadata.isDeleting()) {
        // syncStatusOnly
        Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        if (sets.ok)
            syncDeploymentStatus(d, sets.all(), sets.newRs);
        return;
    }

    checkPausedConditions(d);

    if (d.spec.paused) {
        sync(d, rsList);
        return;
    }
    if (d.metadata.annotations.contains(keys::RollbackTo)) {
        rollback(d, rsList);
        return;
    }
    if (isScalingEvent(d, rsList)) {
        sync(d, refresh(rsList));
        return;
    }
    if (d.spec.strategy.type == QLatin1String("Recreate"))
        rolloutRecreate(d, refresh(rsList));
    else if (d.spec.strategy.type == QLatin1String("RollingUpdate"))
        rolloutRolling(d, refresh(rsList));
}

std::vector<ReplicaSetPtr> DeploymentController::claimReplicaSets(const Deployment& d)
{
    // ReplicaSetControllerRefManager.ClaimReplicaSets: adopt matching orphans, release non-matching.
    std::vector<ReplicaSetPtr> out;
    std::vector<ReplicaSetPtr> candidates;
    for (const auto& [key, rs] : m_sim.store().all<ReplicaSet>()) {
        if (rs->metadata.namespace_ == d.metadata.namespace_)
            candidates.push_back(rs);
    }
    const LabelSelector selector = d.spec.selector.value_or(LabelSelector {});
    for (const auto& rs : candidates) {
        const OwnerReference* ref = rs->metadata.controllerRef();
        const bool matches = !selector.isEmpty() && selector.matches(rs->metadata.labels);
        if (ref) {
            if (ref->uid != d.metadata.uid)
                continue;
            if (matches) {
                out.push_back(rs);
            } else if (!d.metadata.isDeleting()) {
                ReplicaSet copy = *rs;
                auto& refs = copy.metadata.ownerReferences;
                refs.erase(std::remove_if(refs.begin(), refs.end(),
                               [&](const OwnerReference& r) { return r.uid == d.metadata.uid; }),
                    refs.end());
                writeReplicaSet(std::move(copy), false);
            }
            continue;
        }
        if (!matches || d.metadata.isDeleting() || rs->metadata.isDeleting())
            continue;
        ReplicaSet copy = *rs;
        copy.metadata.ownerReferences.push_back({controllerRefApiVersion(m_sim.profile().minorVersion()),
            QStringLiteral("Deployment"), d.metadata.name, d.metadata.uid, true, true});
        if (auto adopted = writeReplicaSet(std::move(copy), false))
            out.push_back(adopted);
    }
    return out;
}

std::vector<ReplicaSetPtr> DeploymentController::refresh(const std::vector<ReplicaSetPtr>& rss) const
{
    std::vector<ReplicaSetPtr> out;
    for (const auto& rs : rss) {
        if (auto cur = m_sim.store().get<ReplicaSet>(rs->metadata.namespace_, rs->metadata.name);
            cur && cur->metadata.uid == rs->metadata.uid)
            out.push_back(cur);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// New / old ReplicaSets and revisions (spec 2.3, 2.4)

DeploymentController::Sets DeploymentController::getAllReplicaSetsAndSyncRevision(
    Deployment& d, const std::vector<ReplicaSetPtr>& rsList, bool create)
{
    Sets sets;
    std::vector<ReplicaSetPtr> sorted = rsList;
    std::sort(sorted.begin(), sorted.end(), olderFirst);
    ReplicaSetPtr existing;
    for (const auto& rs : sorted) {
        if (!existing && equalIgnoreHash(rs->spec.template_, d.spec.template_))
            existing = rs;
        else
            sets.old.push_back(rs);
    }
    bool ok = true;
    sets.newRs = getNewReplicaSet(d, sorted, sets.old, create, ok);
    sets.ok = ok;
    return sets;
}

ReplicaSetPtr DeploymentController::getNewReplicaSet(Deployment& d, const std::vector<ReplicaSetPtr>& rsList,
    const std::vector<ReplicaSetPtr>& oldRss, bool create, bool& ok)
{
    ObjectStore& store = m_sim.store();
    ReplicaSetPtr existing;
    for (const auto& rs : rsList) {
        if (equalIgnoreHash(rs->spec.template_, d.spec.template_)) {
            existing = rs;
            break;
        }
    }
    // MaxRevision over the old ReplicaSets.
    qint64 maxOld = 0;
    for (const auto& rs : oldRss) {
        if (auto v = revision(*rs))
            maxOld = std::max(maxOld, *v);
    }
    const qint64 newRevision = maxOld + 1;

    if (existing) {
        ReplicaSet copy = *existing;
        const bool annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
        const bool minReadyNeedsUpdate = copy.spec.minReadySeconds != d.spec.minReadySeconds;
        if (annotationsUpdated || minReadyNeedsUpdate) {
            copy.spec.minReadySeconds = d.spec.minReadySeconds;
            return writeReplicaSet(std::move(copy), minReadyNeedsUpdate);
        }
        bool needsUpdate = setDeploymentRevision(d, copy.metadata.annotations.value(keys::Revision));
        if (hasProgressDeadline(d) && !d.status.condition(kProgressing)) {
            setCondition(d.status,
                newCondition(kProgressing, kTrue, QStringLiteral("FoundNewReplicaSet"),
                    QStringLiteral("Found new replica set \"%1\"").arg(copy.metadata.name), store.apiNow()));
            needsUpdate = true;
        }
        if (needsUpdate)
            writeStatus(d);
        return existing;
    }
    if (!create)
        return nullptr;

    // Create the new ReplicaSet (spec 2.2).
    const TemplateHash hash
        = podTemplateHash(d.spec.template_, d.status.collisionCount, m_sim.profile().minorVersion());
    ReplicaSet rs;
    rs.metadata.name = d.metadata.name + QLatin1Char('-') + hash.nameSuffix;
    rs.metadata.namespace_ = d.metadata.namespace_;
    rs.metadata.ownerReferences.push_back({controllerRefApiVersion(m_sim.profile().minorVersion()),
        QStringLiteral("Deployment"), d.metadata.name, d.metadata.uid, true, true});
    rs.spec.template_ = d.spec.template_;
    rs.spec.template_.metadata.labels[keys::PodTemplateHash] = hash.label;
    rs.metadata.labels = rs.spec.template_.metadata.labels;
    LabelSelector selector = d.spec.selector.value_or(LabelSelector {});
    selector.matchLabels[keys::PodTemplateHash] = hash.label;
    rs.spec.selector = selector;
    rs.spec.minReadySeconds = d.spec.minReadySeconds;
    rs.spec.replicas = 0;
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    // NewRSNewReplicas with the new ReplicaSet (0 replicas) included.
    const qint32 r = rollout::desiredReplicas(d.spec);
    qint32 newReplicas = r;
    if (rollout::isRollingUpdate(d.spec)) {
        std::vector<ReplicaSetPtr> all = oldRss;
        newReplicas = rollout::newRSNewReplicasRolling(r, rollout::maxSurge(d.spec), specSum(all), 0);
    }
    rs.spec.replicas = newReplicas;

    ReplicaSetPtr created = store.create(rs);
    bool alreadyExists = false;
    if (!created) {
        alreadyExists = true;
        ReplicaSetPtr cur = store.get<ReplicaSet>(rs.metadata.namespace_, rs.metadata.name);
        const OwnerReference* ref = cur ? cur->metadata.controllerRef() : nullptr;
        if (cur && ref && ref->uid == d.metadata.uid && equalIgnoreHash(d.spec.template_, cur->spec.template_)) {
            created = cur;
        } else {
            // Hash collision: bump collisionCount; the next sync computes another name.
            d.status.collisionCount = d.status.collisionCount.value_or(0) + 1;
            writeStatus(d);
            ok = false;
            enqueueRateLimited(keyOf(d.metadata)); // the sync's error goes to handleErr
            return nullptr;
        }
    }
    if (!alreadyExists && newReplicas > 0) {
        event(d, QStringLiteral("Normal"), QStringLiteral("ScalingReplicaSet"),
            scalingReplicaSetMessage(m_sim.profile().minorVersion(), created->metadata.name, 0, newReplicas, true));
    }
    bool needsUpdate = setDeploymentRevision(d, QString::number(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
        setCondition(d.status,
            newCondition(kProgressing, kTrue, QStringLiteral("NewReplicaSetCreated"),
                QStringLiteral("Created new replica set \"%1\"").arg(created->metadata.name), store.apiNow()));
        needsUpdate = true;
    }
    if (needsUpdate)
        writeStatus(d);
    return created;
}

// ---------------------------------------------------------------------------------------------
// Scaling (spec 3.9), paused (3.10), rollback (3.11), cleanup (3.12)

bool DeploymentController::checkPausedConditions(Deployment& d)
{
    if (!hasProgressDeadline(d))
        return false;
    const Condition* cond = d.status.condition(kProgressing);
    if (cond && cond->reason == QLatin1String("ProgressDeadlineExceeded"))
        return false;
    const bool pausedCondExists = cond && cond->reason == QLatin1String("DeploymentPaused");
    const Millis now = m_sim.store().apiNow();
    if (d.spec.paused && !pausedCondExists) {
        setCondition(d.status,
            newCondition(kProgressing, kUnknown, QStringLiteral("DeploymentPaused"),
                QStringLiteral("Deployment is paused"), now));
    } else if (!d.spec.paused && pausedCondExists) {
        setCondition(d.status,
            newCondition(kProgressing, kUnknown, QStringLiteral("DeploymentResumed"),
                QStringLiteral("Deployment is resumed"), now));
    } else {
        return false;
    }
    writeStatus(d);
    return true;
}

void DeploymentController::sync(Deployment& d, const std::vector<ReplicaSetPtr>& rsList)
{
    Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, false);
    if (!sets.ok)
        return;
    scale(d, sets.newRs, sets.old);
    if (d.spec.paused && !d.metadata.annotations.contains(keys::RollbackTo))
        cleanupDeployment(refresh(sets.old), d);
    syncDeploymentStatus(d, sets.all(), sets.newRs);
}

bool DeploymentController::isScalingEvent(Deployment& d, const std::vector<ReplicaSetPtr>& rsList)
{
    Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, false);
    if (!sets.ok)
        return false;
    const qint32 r = rollout::desiredReplicas(d.spec);
    for (const auto& rs : filterActive(sets.all())) {
        const auto desired = intAnnotation(rs->metadata, keys::DesiredReplicas);
        if (desired && *desired != r)
            return true;
    }
    return false;
}

void DeploymentController::scale(Deployment& d, const ReplicaSetPtr& newRs, std::vector<ReplicaSetPtr> oldRss)
{
    const qint32 r = rollout::desiredReplicas(d.spec);
    // FindActiveOrLatest
    std::sort(
        oldRss.begin(), oldRss.end(), [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) { return olderFirst(b, a); });
    std::vector<ReplicaSetPtr> all = oldRss;
    if (newRs)
        all.push_back(newRs);
    std::vector<ReplicaSetPtr> active = filterActive(all);
    if (newRs || !oldRss.empty()) {
        ReplicaSetPtr target;
        if (active.empty())
            target = newRs ? newRs : oldRss.front();
        else if (active.size() == 1)
            target = active.front();
        if (target) {
            if (replicasOf(target) != r)
                scaleReplicaSetAndRecordEvent(target, r, d);
            return;
        }
    }
    // IsSaturated: old ReplicaSets are scaled down fully.
    if (newRs) {
        const auto desired = intAnnotation(newRs->metadata, keys::DesiredReplicas);
        if (desired && replicasOf(newRs) == r && *desired == r && newRs->status.availableReplicas == r) {
            for (auto rs : filterActive(oldRss))
                scaleReplicaSetAndRecordEvent(rs, 0, d);
            return;
        }
    }
    if (!rollout::isRollingUpdate(d.spec))
        return;
    const qint32 surge = rollout::maxSurge(d.spec);
    const qint32 allowed = r > 0 ? r + surge : 0;
    const qint32 toAdd = allowed - specSum(active);
    if (toAdd > 0) {
        // ReplicaSetsBySizeNewer
        std::sort(active.begin(), active.end(), [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) {
            if (replicasOf(a) == replicasOf(b))
                return olderFirst(b, a);
            return replicasOf(a) > replicasOf(b);
        });
    } else if (toAdd < 0) {
        // ReplicaSetsBySizeOlder
        std::sort(active.begin(), active.end(), [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) {
            if (replicasOf(a) == replicasOf(b))
                return olderFirst(a, b);
            return replicasOf(a) > replicasOf(b);
        });
    }
    std::vector<rollout::ProportionalInput> in;
    for (const auto& rs : active)
        in.push_back({replicasOf(rs), intAnnotation(rs->metadata, keys::MaxReplicas)});
    const std::vector<qint32> sizes = rollout::proportionalSizes(in, r, surge, d.status.replicas);
    for (std::size_t i = 0; i < active.size(); ++i) {
        ReplicaSetPtr rs = active[i];
        scaleReplicaSet(rs, sizes[i], d);
    }
}

bool DeploymentController::scaleReplicaSetAndRecordEvent(ReplicaSetPtr& rs, qint32 newScale, const Deployment& d)
{
    if (replicasOf(rs) == newScale)
        return false;
    return scaleReplicaSet(rs, newScale, d);
}

bool DeploymentController::scaleReplicaSet(ReplicaSetPtr& rs, qint32 newScale, const Deployment& d)
{
    const qint32 r = rollout::desiredReplicas(d.spec);
    const qint32 oldScale = replicasOf(rs);
    const bool sizeNeedsUpdate = oldScale != newScale;
    ReplicaSet copy = *rs;
    const bool annotationsNeedUpdate = setReplicasAnnotations(copy, r, r + rollout::maxSurge(d.spec));
    if (!sizeNeedsUpdate && !annotationsNeedUpdate)
        return false;
    copy.spec.replicas = newScale;
    ReplicaSetPtr written = writeReplicaSet(std::move(copy), sizeNeedsUpdate);
    if (!written)
        return false;
    rs = written;
    if (sizeNeedsUpdate) {
        event(d, QStringLiteral("Normal"), QStringLiteral("ScalingReplicaSet"),
            scalingReplicaSetMessage(m_sim.profile().minorVersion(), rs->metadata.name, oldScale, newScale, false));
    }
    return sizeNeedsUpdate;
}

void DeploymentController::rollback(Deployment& d, const std::vector<ReplicaSetPtr>& rsList)
{
    Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, true);
    if (!sets.ok)
        return;
    const std::vector<ReplicaSetPtr> all = sets.all();
    qint64 target = d.metadata.annotations.value(keys::RollbackTo).toLongLong();
    if (target == 0) {
        // LastRevision: the second-highest revision.
        qint64 max = 0, secMax = 0;
        for (const auto& rs : all) {
            const auto v = revision(*rs);
            if (!v)
                continue;
            if (*v >= max) {
                secMax = max;
                max = *v;
            } else if (*v > secMax) {
                secMax = *v;
            }
        }
        target = secMax;
        if (target == 0) {
            event(d, QStringLiteral("Warning"), QStringLiteral("DeploymentRollbackRevisionNotFound"),
                QStringLiteral("Unable to find last revision."));
            clearRollbackTo(d);
            return;
        }
    }
    for (const auto& rs : all) {
        const auto v = revision(*rs);
        if (!v || *v != target)
            continue;
        if (!equalIgnoreHash(d.spec.template_, rs->spec.template_)) {
            d.spec.template_ = withoutHash(rs->spec.template_);
            // SetDeploymentAnnotationsTo: keep the skip-list keys, take the rest from the ReplicaSet.
            Labels annotations;
            for (auto it = d.metadata.annotations.cbegin(); it != d.metadata.annotations.cend(); ++it) {
                if (skipCopyAnnotation(it.key()))
                    annotations[it.key()] = it.value();
            }
            for (auto it = rs->metadata.annotations.cbegin(); it != rs->metadata.annotations.cend(); ++it) {
                if (!skipCopyAnnotation(it.key()))
                    annotations[it.key()] = it.value();
            }
            d.metadata.annotations = annotations;
            clearRollbackTo(d);
            event(d, QStringLiteral("Normal"), QStringLiteral("DeploymentRollback"),
                QStringLiteral("Rolled back deployment \"%1\" to revision %2").arg(d.metadata.name).arg(target));
        } else {
            event(d, QStringLiteral("Warning"), QStringLiteral("DeploymentRollbackTemplateUnchanged"),
                QStringLiteral("The rollback revision contains the same template as current deployment \"%1\"")
                    .arg(d.metadata.name));
            clearRollbackTo(d);
        }
        return;
    }
    event(d, QStringLiteral("Warning"), QStringLiteral("DeploymentRollbackRevisionNotFound"),
        QStringLiteral("Unable to find the revision to rollback to."));
    clearRollbackTo(d);
}

void DeploymentController::clearRollbackTo(Deployment& d)
{
    // updateDeploymentAndClearRollbackTo: a spec/annotation update, so the generation moves.
    d.metadata.annotations.remove(keys::RollbackTo);
    d.metadata.generation += 1;
    writeStatus(d);
}

void DeploymentController::cleanupDeployment(const std::vector<ReplicaSetPtr>& oldRss, const Deployment& d)
{
    if (!hasRevisionHistoryLimit(d))
        return;
    std::vector<ReplicaSetPtr> cleanable;
    for (const auto& rs : oldRss) {
        if (rs && !rs->metadata.isDeleting())
            cleanable.push_back(rs);
    }
    const qint64 diff = qint64(cleanable.size()) - *d.spec.revisionHistoryLimit;
    if (diff <= 0)
        return;
    std::sort(cleanable.begin(), cleanable.end(), byRevision);
    for (qint64 i = 0; i < diff; ++i) {
        const auto& rs = cleanable[std::size_t(i)];
        if (rs->status.replicas != 0 || replicasOf(rs) != 0 || rs->metadata.generation > rs->status.observedGeneration
            || rs->metadata.isDeleting())
            continue;
        // Background cascading deletion: the object goes now, the garbage collector deletes its pods.
        m_sim.store().remove<ReplicaSet>(rs->metadata.namespace_, rs->metadata.name);
    }
}

// ---------------------------------------------------------------------------------------------
// RollingUpdate (spec 3.5-3.7) and Recreate (3.8)

void DeploymentController::rolloutRolling(Deployment& d, const std::vector<ReplicaSetPtr>& rsList)
{
    Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, true);
    if (!sets.ok || !sets.newRs)
        return;
    const std::vector<ReplicaSetPtr> all = sets.all();
    const qint32 r = rollout::desiredReplicas(d.spec);
    const qint32 surge = rollout::maxSurge(d.spec);

    // reconcileNewReplicaSet
    ReplicaSetPtr newRs = sets.newRs;
    bool scaledUp = false;
    if (replicasOf(newRs) > r) {
        scaledUp = scaleReplicaSetAndRecordEvent(newRs, r, d);
    } else if (replicasOf(newRs) < r) {
        const qint32 target = rollout::newRSNewReplicasRolling(r, surge, specSum(all), replicasOf(newRs));
        scaledUp = scaleReplicaSetAndRecordEvent(newRs, target, d);
    }
    if (scaledUp) {
        syncRolloutStatus(d, all, sets.newRs);
        return;
    }

    // reconcileOldReplicaSets
    std::vector<ReplicaSetPtr> activeOld = filterActive(sets.old);
    std::sort(activeOld.begin(), activeOld.end(), olderFirst);
    std::vector<rollout::OldReplicaSet> old;
    for (const auto& rs : activeOld)
        old.push_back({replicasOf(rs), rs->status.availableReplicas});
    const rollout::ScaleDownPlan plan = rollout::planScaleDown(
        old, replicasOf(newRs), newRs->status.availableReplicas, specSum(all), r, rollout::maxUnavailable(d.spec));
    for (const auto& step : plan.steps)
        scaleReplicaSetAndRecordEvent(activeOld[std::size_t(step.index)], step.to, d);
    if (plan.scaled()) {
        syncRolloutStatus(d, all, sets.newRs);
        return;
    }

    if (deploymentComplete(d, d.status))
        cleanupDeployment(refresh(sets.old), d);
    syncRolloutStatus(d, all, sets.newRs);
}

bool DeploymentController::oldPodsRunning(const ReplicaSetPtr& newRs, const std::vector<ReplicaSetPtr>& oldRss,
    const std::vector<ReplicaSetPtr>& rsList) const
{
    if (actualSum(oldRss) > 0)
        return true;
    for (const auto& rs : rsList) {
        if (newRs && rs->metadata.uid == newRs->metadata.uid)
            continue;
        if (m_sim.replicaSetController().nonTerminalPods(keyOf(rs->metadata), rs->metadata.uid) > 0)
            return true;
    }
    return false;
}

void DeploymentController::rolloutRecreate(Deployment& d, const std::vector<ReplicaSetPtr>& rsList)
{
    Sets sets = getAllReplicaSetsAndSyncRevision(d, rsList, false);
    if (!sets.ok)
        return;
    std::vector<ReplicaSetPtr> all = sets.all();

    // scaleDownOldReplicaSetsForRecreate
    bool scaled = false;
    for (auto rs : filterActive(sets.old)) {
        if (scaleReplicaSetAndRecordEvent(rs, 0, d))
            scaled = true;
    }
    if (scaled) {
        syncRolloutStatus(d, all, sets.newRs);
        return;
    }
    if (oldPodsRunning(sets.newRs, sets.old, rsList)) {
        syncRolloutStatus(d, all, sets.newRs);
        return;
    }
    if (!sets.newRs) {
        sets = getAllReplicaSetsAndSyncRevision(d, refresh(rsList), true);
        if (!sets.ok || !sets.newRs)
            return;
        all = sets.all();
    }
    ReplicaSetPtr newRs = sets.newRs;
    scaleReplicaSetAndRecordEvent(newRs, rollout::desiredReplicas(d.spec), d);
    if (deploymentComplete(d, d.status))
        cleanupDeployment(refresh(sets.old), d);
    syncRolloutStatus(d, all, sets.newRs);
}

// ---------------------------------------------------------------------------------------------
// Status (spec 4)

void DeploymentController::syncDeploymentStatus(
    Deployment& d, const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs)
{
    const DeploymentStatus s = calculateStatus(all, newRs, d, m_sim.store().apiNow());
    if (s == d.status)
        return;
    d.status = s;
    writeStatus(d);
}

void DeploymentController::syncRolloutStatus(
    Deployment& d, const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs)
{
    const Millis now = m_sim.store().apiNow();
    DeploymentStatus s = calculateStatus(all, newRs, d, now);
    if (!hasProgressDeadline(d))
        removeCondition(s, kProgressing);
    const Condition* current = d.status.condition(kProgressing);
    const bool isComplete
        = s.replicas == s.updatedReplicas && current && current->reason == QLatin1String("NewReplicaSetAvailable");
    if (hasProgressDeadline(d) && !isComplete) {
        if (deploymentComplete(d, s)) {
            const QString msg = newRs
                ? QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(newRs->metadata.name)
                : QStringLiteral("Deployment \"%1\" has successfully progressed.").arg(d.metadata.name);
            setCondition(s, newCondition(kProgressing, kTrue, QStringLiteral("NewReplicaSetAvailable"), msg, now));
        } else if (deploymentProgressing(d, s)) {
            const QString msg = newRs ? QStringLiteral("ReplicaSet \"%1\" is progressing.").arg(newRs->metadata.name)
                                      : QStringLiteral("Deployment \"%1\" is progressing.").arg(d.metadata.name);
            Condition c = newCondition(kProgressing, kTrue, QStringLiteral("ReplicaSetUpdated"), msg, now);
            if (current) {
                if (current->status == kTrue)
                    c.lastTransitionTime = current->lastTransitionTime;
                removeCondition(s, kProgressing);
            }
            setCondition(s, c);
        } else if (deploymentTimedOut(d, s, m_sim.store().now())) {
            const QString msg = newRs
                ? QStringLiteral("ReplicaSet \"%1\" has timed out progressing.").arg(newRs->metadata.name)
                : QStringLiteral("Deployment \"%1\" has timed out progressing.").arg(d.metadata.name);
            setCondition(s, newCondition(kProgressing, kFalse, QStringLiteral("ProgressDeadlineExceeded"), msg, now));
        }
    }
    // getReplicaFailures: the new ReplicaSet's first, else any ReplicaSet's.
    std::optional<Condition> failure;
    auto findFailure = [&](const ReplicaSetPtr& rs) {
        if (!rs || failure)
            return;
        for (const auto& c : rs->status.conditions) {
            if (c.type == kReplicaFailure) {
                Condition dc = c;
                dc.lastUpdateTime = c.lastTransitionTime;
                failure = dc;
                return;
            }
        }
    };
    findFailure(newRs);
    for (const auto& rs : all)
        findFailure(rs);
    if (failure)
        setCondition(s, *failure);
    else
        removeCondition(s, kReplicaFailure);

    if (s == d.status) {
        requeueStuckDeployment(d, s);
        return;
    }
    d.status = s;
    writeStatus(d);
}

void DeploymentController::requeueStuckDeployment(const Deployment& d, const DeploymentStatus& newStatus)
{
    const Condition* current = d.status.condition(kProgressing);
    if (!hasProgressDeadline(d) || !current)
        return;
    if (deploymentComplete(d, newStatus) || current->reason == QLatin1String("ProgressDeadlineExceeded"))
        return;
    const Millis after = current->lastUpdateTime + Millis(*d.spec.progressDeadlineSeconds) * 1000 - m_sim.store().now();
    if (after < 1000)
        enqueueRateLimited(keyOf(d.metadata));
    else
        enqueue(keyOf(d.metadata), after + 1000);
}

} // namespace rl
