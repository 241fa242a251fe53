#pragma once

// Conversion between API objects and JSON, with Kubernetes' field names and omitempty rules, so
// that `-o json` / `-o yaml` print what kubectl prints (keys sorted, as kubectl's printers emit them).
// fromJson is a strict decoder: unknown fields and wrong types are reported as the API server does
// ("strict decoding error: unknown field \"spec.foo\"", "json: cannot unmarshal string into Go struct
// field DeploymentSpec.spec.replicas of type int32"), with the JSON path of the offending value so
// that callers holding a source map (manifest/) can add line and column.

#include "api/objects.h"

#include <QJsonObject>

namespace rl {

/// RFC 3339 in UTC with second precision, as metav1.Time marshals: "2026-01-01T10:00:00Z".
QString formatTimestamp(Millis t);
/// metav1.MicroTime as JSON prints it: RFC 3339 in UTC with six decimals ("...T10:00:00.250000Z").
QString formatMicroTimestamp(Millis t);
/// Parses RFC 3339 (with or without fractional seconds / offset); kNoTime on failure.
Millis parseTimestamp(const QString& s);

QJsonObject toJson(const Deployment& d);
QJsonObject toJson(const ReplicaSet& rs);
QJsonObject toJson(const Pod& p);
QJsonObject toJson(const Service& s);
/// The pod's spec as the API server returns it: with the service-account token volume and each
/// container's mount of it when admission gave the pod one (PodSpec::tokenVolume).
PodSpec effectiveSpec(const Pod& p);
/// The name of that volume: "kube-api-access-<5>" (one per pod, from its uid) or "default-token-<5>"
/// (the namespace's token Secret, from the namespace); the five characters drawn as for a
/// generateName suffix (Rng::podSuffix()), from a hash of that uid or namespace.
QString tokenVolumeName(const Pod& p);
inline const QString kServiceAccountMountPath = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount");
QJsonObject toJson(const Event& e);
/// The Event as an API server of minor version `minor` returns it: eventTime, series, action,
/// related, reportingComponent and reportingInstance came to core/v1 with v1.9, together with
/// events.k8s.io/v1beta1 (kubernetes#49112); a v1.8 server has none of them.
QJsonObject toJson(const Event& e, int minor);
constexpr int kFirstMinorWithEventSeriesFields = 9;
QJsonObject toJson(const Endpoints& e);
QJsonObject toJson(const ObjectReference& r);
QJsonObject toJson(const ObjectMeta& m);
QJsonObject toJson(const PodTemplateSpec& t);
QJsonObject toJson(const PodSpec& s);
QJsonObject toJson(const Container& c);
QJsonObject toJson(const LabelSelector& s);

/// Where and why decoding failed.
struct DecodeError
{
    QString path; // JSON path of the offending value, e.g. "spec.replicas", "spec.template.spec.containers[0].foo"
    QString message; // full API server text, e.g. "strict decoding error: unknown field \"spec.foo\""
    bool isEmpty() const { return message.isEmpty(); }
};

// Strict decoders. On failure they return false and fill `err`; `kindForMessages` is used in
// messages ("Deployment in version \"v1\" cannot be handled as a Deployment: ...").
bool fromJson(const QJsonObject& json, Deployment& out, DecodeError& err);
bool fromJson(const QJsonObject& json, ReplicaSet& out, DecodeError& err);
bool fromJson(const QJsonObject& json, Pod& out, DecodeError& err);
bool fromJson(const QJsonObject& json, Service& out, DecodeError& err);

/// pod-template-hash of a (defaulted) template: FNV-1a 32 over a canonical serialisation, plus the
/// collision count when set (spec 2.1), as the ReplicaSet name's suffix and the pod-template-hash
/// label of a new ReplicaSet on a cluster of minor version `minor`. The name has been SafeEncodeString'd since v1.8
/// (kubernetes#51538); the label stayed the plain decimal sum until v1.12 (kubernetes#66094), e.g. name suffix
/// "75675f5897" and label "3123191453" for one template on v1.8-v1.11.
struct TemplateHash
{
    QString nameSuffix;
    QString label;
};
TemplateHash podTemplateHash(const PodTemplateSpec& t, std::optional<qint32> collisionCount, int minor);
constexpr int kFirstMinorWithEncodedHashLabel = 12;

/// Template equality ignoring the pod-template-hash label (deploymentutil.EqualIgnoreHash).
bool equalIgnoreHash(const PodTemplateSpec& a, const PodTemplateSpec& b);

} // namespace rl
