#include "deploymentutil.h"

#include "controllers/rolloutmath.h"

#include <algorithm>

namespace rl::deploymentutil {

std::optional<qint64> revision(const ReplicaSet& rs)
{
    auto it = rs.metadata.annotations.constFind(keys::Revision);
    if (it == rs.metadata.annotations.cend())
        return 0;
    bool ok = false;
    const qint64 v = it.value().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return v;
}

bool skipCopyAnnotation(const QString& key)
{
    return key == keys::LastApplied || key == keys::Revision || key == keys::RevisionHistory
        || key == keys::DesiredReplicas || key == keys::MaxReplicas || key == keys::RollbackTo;
}

bool olderFirst(const ReplicaSetPtr& a, const ReplicaSetPtr& b)
{
    if (a->metadata.creationTimestamp == b->metadata.creationTimestamp)
        return a->metadata.name < b->metadata.name;
    return a->metadata.creationTimestamp < b->metadata.creationTimestamp;
}

bool byRevision(const ReplicaSetPtr& a, const ReplicaSetPtr& b)
{
    const auto r1 = revision(*a);
    const auto r2 = revision(*b);
    if (!r1 || !r2 || *r1 == *r2)
        return olderFirst(a, b);
    return *r1 < *r2;
}

qint32 specSum(const std::vector<ReplicaSetPtr>& rss)
{
    qint32 n = 0;
    for (const auto& rs : rss)
        n += rs ? rs->spec.replicas.value_or(1) : 0;
    return n;
}

qint32 actualSum(const std::vector<ReplicaSetPtr>& rss)
{
    qint32 n = 0;
    for (const auto& rs : rss)
        n += rs ? rs->status.replicas : 0;
    return n;
}

qint32 readySum(const std::vector<ReplicaSetPtr>& rss)
{
    qint32 n = 0;
    for (const auto& rs : rss)
        n += rs ? rs->status.readyReplicas : 0;
    return n;
}

qint32 availableSum(const std::vector<ReplicaSetPtr>& rss)
{
    qint32 n = 0;
    for (const auto& rs : rss)
        n += rs ? rs->status.availableReplicas : 0;
    return n;
}

std::vector<ReplicaSetPtr> filterActive(const std::vector<ReplicaSetPtr>& rss)
{
    std::vector<ReplicaSetPtr> out;
    for (const auto& rs : rss) {
        if (rs && rs->spec.replicas.value_or(1) > 0)
            out.push_back(rs);
    }
    return out;
}

Condition newCondition(
    const QString& type, const QString& status, const QString& reason, const QString& message, Millis now)
{
    Condition c;
    c.type = type;
    c.status = status;
    c.reason = reason;
    c.message = message;
    c.lastUpdateTime = now;
    c.lastTransitionTime = now;
    return c;
}

void setCondition(DeploymentStatus& status, Condition c)
{
    const Condition* cur = status.condition(c.type);
    if (cur && cur->status == c.status && cur->reason == c.reason)
        return;
    if (cur && cur->status == c.status)
        c.lastTransitionTime = cur->lastTransitionTime;
    removeCondition(status, c.type);
    status.conditions.push_back(std::move(c));
}

void removeCondition(DeploymentStatus& status, const QString& type)
{
    auto& v = status.conditions;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Condition& c) { return c.type == type; }), v.end());
}

bool hasProgressDeadline(const Deployment& d)
{
    return d.spec.progressDeadlineSeconds && *d.spec.progressDeadlineSeconds != kMaxInt32;
}

bool hasRevisionHistoryLimit(const Deployment& d)
{
    return d.spec.revisionHistoryLimit && *d.spec.revisionHistoryLimit != kMaxInt32;
}

bool deploymentComplete(const Deployment& d, const DeploymentStatus& s)
{
    const qint32 r = rollout::desiredReplicas(d.spec);
    return s.updatedReplicas == r && s.replicas == r && s.availableReplicas == r
        && s.observedGeneration >= d.metadata.generation;
}

bool deploymentProgressing(const Deployment& d, const DeploymentStatus& s)
{
    const DeploymentStatus& old = d.status;
    const qint32 oldStatusOldReplicas = old.replicas - old.updatedReplicas;
    const qint32 newStatusOldReplicas = s.replicas - s.updatedReplicas;
    return s.updatedReplicas > old.updatedReplicas || newStatusOldReplicas < oldStatusOldReplicas
        || s.readyReplicas > old.readyReplicas || s.availableReplicas > old.availableReplicas;
}

bool deploymentTimedOut(const Deployment& d, const DeploymentStatus& s, Millis now)
{
    if (!hasProgressDeadline(d))
        return false;
    const Condition* c = s.condition(kProgressing);
    if (!c)
        return false;
    if (c->reason == QLatin1String("NewReplicaSetAvailable"))
        return false;
    if (c->reason == QLatin1String("ProgressDeadlineExceeded"))
        return true;
    return c->lastUpdateTime + Millis(*d.spec.progressDeadlineSeconds) * 1000 < now;
}

DeploymentStatus calculateStatus(
    const std::vector<ReplicaSetPtr>& all, const ReplicaSetPtr& newRs, const Deployment& d, Millis now)
{
    const qint32 available = availableSum(all);
    DeploymentStatus s;
    s.observedGeneration = d.metadata.generation;
    s.replicas = actualSum(all);
    s.updatedReplicas = newRs ? newRs->status.replicas : 0;
    s.readyReplicas = readySum(all);
    s.availableReplicas = available;
    s.unavailableReplicas = std::max(0, specSum(all) - available);
    s.collisionCount = d.status.collisionCount;
    s.conditions = d.status.conditions;
    const qint32 r = rollout::desiredReplicas(d.spec);
    if (available >= r - rollout::maxUnavailable(d.spec)) {
        setCondition(s,
            newCondition(kAvailable, QStringLiteral("True"), QStringLiteral("MinimumReplicasAvailable"),
                QStringLiteral("Deployment has minimum availability."), now));
    } else {
        setCondition(s,
            newCondition(kAvailable, QStringLiteral("False"), QStringLiteral("MinimumReplicasUnavailable"),
                QStringLiteral("Deployment does not have minimum availability."), now));
    }
    return s;
}

std::optional<qint32> intAnnotation(const ObjectMeta& m, const QString& key)
{
    auto it = m.annotations.constFind(key);
    if (it == m.annotations.cend())
        return std::nullopt;
    bool ok = false;
    const qint32 v = it.value().toInt(&ok);
    if (!ok)
        return std::nullopt;
    return v;
}

// pkg/controller/deployment/sync.go scaleReplicaSet / createNewReplicaSet: the wording changed in
// v1.22 (" from <old>" appended) and again in v1.31 ("from <old> to <new>").
QString scalingReplicaSetMessage(int minor, const QString& rs, qint32 from, qint32 to, bool created)
{
    const QString direction = from < to ? QStringLiteral("up") : QStringLiteral("down");
    if (minor >= 31)
        return QStringLiteral("Scaled %1 replica set %2 from %3 to %4").arg(direction, rs).arg(from).arg(to);
    if (created || minor <= 21)
        return QStringLiteral("Scaled %1 replica set %2 to %3").arg(direction, rs).arg(to);
    return QStringLiteral("Scaled %1 replica set %2 to %3 from %4").arg(direction, rs).arg(to).arg(from);
}

} // namespace rl::deploymentutil
