#pragma once

// Strict decoding of API objects from JSON, as the API server does it with fieldValidation=Strict
// (kubectl's default since v1.27): sigs.k8s.io/json case-sensitive decoding into the versioned Go
// types. Wrong JSON types abort decoding with encoding/json's UnmarshalTypeError text; unknown
// fields are collected ("unknown field \"spec.foo\"") and reported together.

#include "api/json.h"

namespace rl {

struct StrictDecodeResult
{
    /// JSON paths of unknown fields, e.g. "spec.template.spec.containers[0].imagee", in the order
    /// the server's decoder meets them: depth first, keys sorted within each object (kubectl sends
    /// JSON that encoding/json wrote), whatever the order of the file or of the Go struct.
    QStringList unknownFields;
    /// A fatal type error (path + "json: cannot unmarshal ..." text); empty when none. Of several,
    /// the first in the order above: encoding/json keeps the first it meets.
    DecodeError typeError;
    bool ok() const { return unknownFields.isEmpty() && typeError.isEmpty(); }
};

StrictDecodeResult decodeStrict(const QJsonObject& json, Deployment& out);
StrictDecodeResult decodeStrict(const QJsonObject& json, ReplicaSet& out);
StrictDecodeResult decodeStrict(const QJsonObject& json, Pod& out);
StrictDecodeResult decodeStrict(const QJsonObject& json, Service& out);

/// The JSON type encoding/json names in "cannot unmarshal <type> into ...": string, number, bool,
/// array, object or null.
QString jsonTypeName(const QJsonValue& v);

/// The first type error encoding/json meets decoding `json` into a struct of TypeMeta (inline)
/// and ObjectMeta (`metadata`) named `structName`: kubectl's metadataOnlyObject, or a typed
/// object's own struct ("ConfigMap") as far as its metadata goes. Empty when there is none.
DecodeError decodeTypeAndObjectMeta(const QJsonObject& json, const QString& structName);

/// The first type error that kubectl's typed decoder (runtime/serializer/json without strict
/// mode: `set image --local`) meets in `json`, whose kind is a non-empty string: the whole
/// object for a Deployment, ReplicaSet, Pod or Service of a version kubectl 1.32 knows, else its
/// TypeMeta and ObjectMeta as decodeTypeAndObjectMeta() with the kind as struct name. Unknown
/// fields are no error there. Empty when there is none.
DecodeError decodeTypedError(const QJsonObject& json);

/// apimachinery runtime.strictDecodingError text: "strict decoding error: unknown field \"a\", unknown field \"b\"".
QString strictDecodingMessage(const QStringList& unknownFields);

} // namespace rl
