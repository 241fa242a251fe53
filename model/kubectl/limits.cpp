#include "kubectl/limits.h"

#include "sim/objectstore.h"

namespace rl {

namespace {
qint64 podsOf(const Deployment& d)
{
    return d.spec.replicas.value_or(1);
}
qint64 podsOf(const ReplicaSet& rs)
{
    return rs.metadata.controllerRef() ? 0 : rs.spec.replicas.value_or(1);
}
qint64 podsOf(const Pod& p)
{
    return p.metadata.controllerRef() ? 0 : 1;
}
qint64 podsOf(const Service&)
{
    return 0;
}

template<class T> qint64 sumOf(const ObjectStore& store)
{
    qint64 n = 0;
    for (const auto& [key, obj] : store.all<T>())
        n += podsOf(*obj);
    return n;
}

QString resourceOf(const ApiObject& obj)
{
    switch (obj.index()) {
    case 0:
        return QStringLiteral("deployments.apps");
    case 1:
        return QStringLiteral("replicasets.apps");
    case 2:
        return QStringLiteral("pods");
    default:
        return QStringLiteral("services");
    }
}
} // namespace

qint64 desiredPods(const ObjectStore& store)
{
    return sumOf<Deployment>(store) + sumOf<ReplicaSet>(store) + sumOf<Pod>(store);
}

std::optional<FieldError> checkLimits(const ObjectStore& store, const ApiObject& obj, const SimulationLimits& limits)
{
    return std::visit(
        [&](const auto& o) -> std::optional<FieldError> {
            using T = std::decay_t<decltype(o)>;
            const auto old = store.get<T>(
                o.metadata.namespace_.isEmpty() ? QStringLiteral("default") : o.metadata.namespace_, o.metadata.name);
            if constexpr (std::is_same_v<T, Deployment> || std::is_same_v<T, ReplicaSet>) {
                const qint64 replicas = o.spec.replicas.value_or(1);
                if (replicas > limits.maxReplicas && (!old || replicas > old->spec.replicas.value_or(1)))
                    return replicasLimitError(replicas, limits);
            }
            const qint64 before = old ? podsOf(*old) : 0;
            const qint64 after = podsOf(o);
            if (after <= before)
                return std::nullopt;
            const qint64 total = desiredPods(store) - before + after;
            if (total <= limits.maxPods)
                return std::nullopt;
            const bool isPod = std::is_same_v<T, Pod>;
            return FieldError {FieldError::Type::Forbidden,
                isPod ? QStringLiteral("metadata.name") : QStringLiteral("spec.replicas"), {},
                QStringLiteral("the cluster would have to run %1 pods: Rollout Lab simulates at most %2 pods in "
                               "all (a limit of the simulator, not of Kubernetes)")
                    .arg(total)
                    .arg(limits.maxPods)};
        },
        obj);
}

FieldError replicasLimitError(qint64 replicas, const SimulationLimits& limits)
{
    return FieldError {FieldError::Type::Invalid, QStringLiteral("spec.replicas"), QString::number(replicas),
        QStringLiteral("must be less than or equal to %1: Rollout Lab simulates at most %1 replicas per Deployment "
                       "or ReplicaSet (a limit of the simulator, not of Kubernetes)")
            .arg(limits.maxReplicas)};
}

QString limitErrorText(const QString& resource, const QString& name, const FieldError& e)
{
    return QStringLiteral("error: Rollout Lab limit: %1 %2: %3").arg(resource, goQuote(name), e.toString());
}

QString limitErrorText(const ApiObject& obj, const FieldError& e)
{
    return limitErrorText(resourceOf(obj), nameOf(obj), e);
}

} // namespace rl
