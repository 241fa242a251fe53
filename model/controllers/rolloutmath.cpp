#include "rolloutmath.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace rl::rollout {

std::optional<qint32> scaledValue(const std::optional<IntOrString>& v, qint32 total, bool roundUp)
{
    if (!v)
        return 0;
    if (v->isInt())
        return v->intVal;
    // intstr.getIntOrPercentValueSafely: the string must end with '%' and parse as an integer.
    QString s = v->strVal;
    if (!s.endsWith(QLatin1Char('%')))
        return std::nullopt;
    s.chop(1);
    bool ok = false;
    const qint64 p = s.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    const double value = double(p) * double(total) / 100.0;
    return qint32(roundUp ? std::ceil(value) : std::floor(value));
}

Fenceposts resolveFenceposts(
    const std::optional<IntOrString>& maxSurge, const std::optional<IntOrString>& maxUnavailable, qint32 desired)
{
    Fenceposts f;
    f.maxSurge = scaledValue(maxSurge, desired, true).value_or(0);
    f.maxUnavailable = scaledValue(maxUnavailable, desired, false).value_or(0);
    if (f.maxSurge == 0 && f.maxUnavailable == 0) {
        // Validation should never allow the user to explicitly use zero values for both maxSurge
        // maxUnavailable. Due to rounding down maxUnavailable though, it may resolve to zero.
        // If both fenceposts resolve to zero, then we should set maxUnavailable to 1 on the
        // theory that surge might not work due to quota.
        f.maxUnavailable = 1;
    }
    return f;
}

bool isRollingUpdate(const DeploymentSpec& spec)
{
    return spec.strategy.type == QStringView(u"RollingUpdate");
}

qint32 desiredReplicas(const DeploymentSpec& spec)
{
    return spec.replicas.value_or(1);
}

static Fenceposts fencepostsOf(const DeploymentSpec& spec)
{
    const auto& ru = spec.strategy.rollingUpdate;
    return resolveFenceposts(
        ru ? ru->maxSurge : std::nullopt, ru ? ru->maxUnavailable : std::nullopt, desiredReplicas(spec));
}

qint32 maxSurge(const DeploymentSpec& spec)
{
    if (!isRollingUpdate(spec))
        return 0;
    return fencepostsOf(spec).maxSurge;
}

qint32 maxUnavailable(const DeploymentSpec& spec)
{
    const qint32 r = desiredReplicas(spec);
    if (!isRollingUpdate(spec) || r == 0)
        return 0;
    return std::min(fencepostsOf(spec).maxUnavailable, r);
}

qint32 newRSNewReplicasRolling(qint32 desired, qint32 maxSurge, qint32 totalSpec, qint32 newSpec)
{
    const qint32 maxTotal = desired + maxSurge;
    if (totalSpec >= maxTotal)
        return newSpec;
    const qint32 scaleUp = std::min(maxTotal - totalSpec, desired - newSpec);
    return newSpec + scaleUp;
}

ScaleDownPlan planScaleDown(const std::vector<OldReplicaSet>& old, qint32 newSpec, qint32 newAvailable, qint32 allSpec,
    qint32 desired, qint32 maxUnavailable)
{
    ScaleDownPlan plan;
    qint32 oldSpec = 0;
    for (const auto& rs : old)
        oldSpec += rs.specReplicas;
    if (oldSpec == 0)
        return plan;
    const qint32 minAvailable = desired - maxUnavailable;
    const qint32 newUnavailable = newSpec - newAvailable;
    const qint32 maxScaledDown = allSpec - minAvailable - newUnavailable;
    if (maxScaledDown <= 0)
        return plan;

    // cleanupUnhealthyReplicas
    std::vector<OldReplicaSet> sizes = old;
    for (int i = 0; i < int(sizes.size()); ++i) {
        if (plan.cleanedUp >= maxScaledDown)
            break;
        auto& rs = sizes[i];
        if (rs.specReplicas == 0 || rs.specReplicas == rs.availableReplicas)
            continue;
        const qint32 amount = std::min(maxScaledDown - plan.cleanedUp, rs.specReplicas - rs.availableReplicas);
        const qint32 to = rs.specReplicas - amount;
        if (to > rs.specReplicas) {
            plan.aborted = true;
            return plan;
        }
        plan.steps.push_back({i, rs.specReplicas, to});
        rs.specReplicas = to;
        plan.cleanedUp += amount;
    }

    // scaleDownOldReplicaSetsForRollingUpdate: available over the active old + new (cached statuses).
    qint32 available = newAvailable;
    for (const auto& rs : sizes)
        available += rs.availableReplicas;
    if (available <= minAvailable)
        return plan;
    const qint32 budget = available - minAvailable;
    for (int i = 0; i < int(sizes.size()); ++i) {
        if (plan.scaledDown >= budget)
            break;
        auto& rs = sizes[i];
        if (rs.specReplicas == 0)
            continue;
        const qint32 amount = std::min(rs.specReplicas, budget - plan.scaledDown);
        plan.steps.push_back({i, rs.specReplicas, rs.specReplicas - amount});
        rs.specReplicas -= amount;
        plan.scaledDown += amount;
    }
    return plan;
}

qint32 replicaSetProportion(qint32 rsSpec, qint32 desired, qint32 maxSurge, std::optional<qint32> annotatedMax,
    qint32 deploymentStatusReplicas, qint32 toAdd, qint32 added)
{
    if (rsSpec == 0 || toAdd == 0 || toAdd == added)
        return 0;
    qint32 fraction = 0;
    if (desired == 0) {
        fraction = -rsSpec;
    } else {
        const qint32 deploymentMax = desired + maxSurge;
        qint32 before = annotatedMax.value_or(0);
        if (before == 0)
            before = deploymentStatusReplicas;
        if (before != 0) {
            const double newSize = double(rsSpec) * double(deploymentMax) / double(before);
            fraction = qint32(std::round(newSize)) - rsSpec; // integer.RoundToInt32: half away from zero
        }
    }
    const qint32 allowed = toAdd - added;
    return toAdd > 0 ? std::min(fraction, allowed) : std::max(fraction, allowed);
}

std::vector<qint32> proportionalSizes(
    const std::vector<ProportionalInput>& active, qint32 desired, qint32 maxSurge, qint32 deploymentStatusReplicas)
{
    qint32 sum = 0;
    for (const auto& rs : active)
        sum += rs.specReplicas;
    const qint32 allowedSize = desired > 0 ? desired + maxSurge : 0;
    const qint32 toAdd = allowedSize - sum;
    std::vector<qint32> sizes;
    qint32 added = 0;
    for (const auto& rs : active) {
        if (toAdd != 0) {
            const qint32 p = replicaSetProportion(
                rs.specReplicas, desired, maxSurge, rs.annotatedMax, deploymentStatusReplicas, toAdd, added);
            sizes.push_back(rs.specReplicas + p);
            added += p;
        } else {
            sizes.push_back(rs.specReplicas);
        }
    }
    if (!sizes.empty() && toAdd != 0) {
        sizes[0] += toAdd - added;
        if (sizes[0] < 0)
            sizes[0] = 0;
    }
    return sizes;
}

qint64 logarithmicRank(Millis durationMs)
{
    if (durationMs <= 0)
        return -1;
    // Go's int64(math.Log2(float64(d))) is the index of d's highest set bit while float64 holds
    // d exactly (below 2^53 ns, 104 days): a nanosecond count that is a whole number of
    // milliseconds is never within rounding distance of a power of two below that.
    if (durationMs < (Millis(1) << 53) / 1000000)
        return qint64(std::bit_width(quint64(durationMs) * 1000000ULL)) - 1;
    return qint64(std::log2(double(durationMs) * 1e6));
}

} // namespace rl::rollout
