#pragma once

// API server validation of Deployments, ReplicaSets and (basic) Pods and Services, with the exact
// field paths and messages of kubernetes/kubernetes pkg/apis/apps/validation/validation.go,
// pkg/apis/core/validation/validation.go and apimachinery pkg/util/validation (spec 1.5).
// Errors are returned in the order the API server produces them.

#include "api/objects.h"

#include <vector>

namespace rl {

struct ClusterVersion
{
    int major = 1;
    int minor = 32;
    bool atLeast(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
    bool operator==(const ClusterVersion&) const = default;
};

/// apimachinery field.Error.
struct FieldError
{
    enum class Type { NotFound, Required, Duplicate, Invalid, NotSupported, Forbidden, TooLong, TooMany, Internal };
    Type type = Type::Invalid;
    QString field; // "spec.template.spec.containers[0].name"
    QString value; // bad value already rendered as the cluster version renders it; empty = omitted
    QString detail;

    /// field.Error.ErrorBody(): "Invalid value: -1: must be greater than or equal to 0".
    QString body() const;
    /// field.Error.Error(): "<field>: <body>".
    QString toString() const { return field + QStringLiteral(": ") + body(); }
    bool operator==(const FieldError&) const = default;
};

/// apimachinery's IsValidPortName: the reasons `port` is no IANA_SVC_NAME (empty when it is one).
QStringList isValidPortName(const QString& port);

/// Go %q of a string.
QString goQuote(const QString& s);

std::vector<FieldError> validate(const Deployment& d, const Deployment* old, const ClusterVersion& v);
std::vector<FieldError> validate(const ReplicaSet& rs, const ReplicaSet* old, const ClusterVersion& v);
std::vector<FieldError> validate(const Pod& p, const Pod* old, const ClusterVersion& v);
std::vector<FieldError> validate(const Service& s, const Service* old, const ClusterVersion& v);

/// Status sanity checks applied to the controller's status writes (V21).
std::vector<FieldError> validateStatus(const Deployment& d, const Deployment* old, const ClusterVersion& v);
std::vector<FieldError> validateStatus(const ReplicaSet& rs, const ReplicaSet* old, const ClusterVersion& v);

/// Warnings the API server returns on create/update (V20: names that are not DNS labels).
QStringList warningsFor(const Deployment& d);
QStringList warningsFor(const ReplicaSet& rs);

/// kubectl's rendering of an Invalid StatusError (cmd/util/helpers.go StandardErrorMessage +
/// MultilineError): one cause inline, several as "* " lines; duplicate causes removed. No
/// trailing newline.
QString formatInvalid(const QString& kind, const QString& name, const std::vector<FieldError>& errors);

// Name and label rules (apimachinery pkg/util/validation), returning the messages in order.
QStringList isDns1123Subdomain(const QString& value);
QStringList isDns1123Label(const QString& value);
QStringList isDns1035Label(const QString& value);
QStringList isQualifiedName(const QString& value);
QStringList isValidLabelValue(const QString& value);

} // namespace rl
