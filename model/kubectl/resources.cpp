#include "kubectl/resources.h"

namespace rl {

namespace {

// Discovery names of each kind: plural, singular, short names.
struct NamesRow
{
    Kind kind;
    const char* names[4];
};
const NamesRow kNames[] = {
    {Kind::Deployment, {"deployments", "deployment", "deploy", nullptr}},
    {Kind::ReplicaSet, {"replicasets", "replicaset", "rs", nullptr}},
    {Kind::Pod, {"pods", "pod", "po", nullptr}},
    {Kind::Service, {"services", "service", "svc", nullptr}},
    {Kind::Event, {"events", "event", "ev", nullptr}},
    {Kind::Endpoints, {"endpoints", "ep", nullptr, nullptr}},
};

} // namespace

ResourceType resourceTypeFor(Kind kind)
{
    switch (kind) {
    case Kind::Deployment:
        return {kind, QStringLiteral("deployments"), QStringLiteral("deployment"), QStringLiteral("apps")};
    case Kind::ReplicaSet:
        return {kind, QStringLiteral("replicasets"), QStringLiteral("replicaset"), QStringLiteral("apps")};
    case Kind::Pod:
        return {kind, QStringLiteral("pods"), QStringLiteral("pod"), {}};
    case Kind::Service:
        return {kind, QStringLiteral("services"), QStringLiteral("service"), {}};
    case Kind::Event:
        return {kind, QStringLiteral("events"), QStringLiteral("event"), {}};
    case Kind::Endpoints:
        return {kind, QStringLiteral("endpoints"), QStringLiteral("endpoints"), {}};
    }
    return {};
}

std::optional<ResourceType> resolveResourceType(const QString& typedIn)
{
    QString typed = typedIn.toLower();
    QString group;
    const int dot = typed.indexOf(QLatin1Char('.'));
    if (dot > 0) {
        group = typed.mid(dot + 1);
        typed = typed.left(dot);
        // "deployments.v1.apps" -> group "apps"; "pods.v1." -> core
        const QStringList parts = group.split(QLatin1Char('.'));
        if (parts.size() >= 2 && parts[0].startsWith(QLatin1Char('v')))
            group = parts.mid(1).join(QLatin1Char('.'));
        else if (parts.size() == 1 && parts[0] == QLatin1String("v1"))
            group.clear();
    }
    for (const auto& row : kNames) {
        for (const char* n : row.names) {
            if (n && typed == QLatin1String(n)) {
                ResourceType t = resourceTypeFor(row.kind);
                if (!group.isEmpty() && group != t.group)
                    return std::nullopt;
                return t;
            }
        }
    }
    return std::nullopt;
}

QStringList resourceTypeNames()
{
    QStringList out;
    for (const auto& row : kNames)
        for (const char* n : row.names)
            if (n)
                out << QLatin1String(n);
    return out;
}

} // namespace rl
