#pragma once

#include "api/objects.h"

#include <QStringList>

#include <optional>

namespace rl {

/// What kubectl knows about one resource type (discovery): names, group, short names.
struct ResourceType
{
    Kind kind = Kind::Pod;
    QString plural; // "deployments"
    QString singular; // "deployment"
    QString group; // "apps", "" for core

    /// "deployments.apps", "pods" — the resource in API error messages.
    QString qualifiedPlural() const { return group.isEmpty() ? plural : plural + QLatin1Char('.') + group; }
    /// "deployment.apps", "pod" — the name printer prefix.
    QString qualifiedSingular() const { return group.isEmpty() ? singular : singular + QLatin1Char('.') + group; }
    /// Name printer text: "deployment.apps/kiada".
    QString objectName(const QString& name) const { return qualifiedSingular() + QLatin1Char('/') + name; }
};

/// Resolves what a user typed: "deploy", "deployments", "deployment.apps", "deployments.v1.apps",
/// "rs", "po", "pods", "svc", "ev", ... (case-insensitive, as kubectl's RESTMapper).
std::optional<ResourceType> resolveResourceType(const QString& typed);
ResourceType resourceTypeFor(Kind kind);
/// The names resolveResourceType() accepts without a group (plural, singular, short), for completion.
QStringList resourceTypeNames();

} // namespace rl
