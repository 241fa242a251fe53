#pragma once

// Manifests as kubectl and the API server see them: parsing files (multi-document YAML or JSON,
// `kind: List` expanded) with a source map for line:column, then API-server admission (is the
// kind served by that cluster version, strict decoding, per-version defaults, validation).
//
// Error text convention: ManifestError::message is what kubectl prints on stderr minus the
// leading "error: " for client-side errors (reason empty), and the API server's Status message for
// server-side errors (reason "BadRequest", "Invalid", ...). kubectlErrorText() renders the full
// stderr text for either kind.

#include "api/objects.h"
#include "manifest/validation.h"
#include "manifest/yamljson.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <variant>
#include <vector>

namespace rl {

struct ManifestError
{
    QString message;
    QString reason; // "" = client-side (kubectl) error; else the Status reason ("BadRequest", "Invalid")
    QString fieldPath; // JSON path of the offending node, if known
    QString file;
    SourcePos pos;
    /// For a document that is valid YAML but not an object: the JSON type Go's encoding/json names
    /// when it cannot unmarshal it into a struct ("array", "string", "number", "bool"); else empty.
    /// kubectl reports such a document with the validator's error (apply, create) or, when it does
    /// not validate, with its decoder's (see decodeErrorText).
    QString jsonType = {};
    /// kubectl prints `message` as it is, without "error: " (an error in a `kind: List`'s items).
    bool bare = false;

    /// "d.yaml:7:13", "d.yaml:7" or "" when the position is unknown.
    QString locationText() const;
    bool operator==(const ManifestError&) const = default;
};

struct ManifestDocument
{
    QString apiVersion;
    QString kind;
    QString name;
    QString namespace_;
    QJsonObject json;
    QString file;
    SourcePos pos; // where the document starts
    SourceMap sourceMap;

    /// Position of the value at `jsonPath` ("spec.template.spec.containers[0].image"); falls back
    /// to the nearest ancestor present in the source; `pos` when nothing matches.
    SourcePos positionOf(const QString& jsonPath) const;
    /// Position of the mapping key that introduces `jsonPath` (unknown fields point here).
    SourcePos keyPositionOf(const QString& jsonPath) const;
};

struct ParseResult
{
    std::vector<ManifestDocument> documents;
    std::vector<ManifestError> errors;
    /// With errors: how many of `documents` come before the first error in the file, which
    /// kubectl's builder visits (patch, label and annotate print them) before it stops there.
    std::size_t documentsBeforeError = 0;
    bool ok() const { return errors.empty(); }
};

/// How a -f file's objects are checked once they are read. `Validate`: kubectl's client-side
/// validation (apply, create): apiVersion and kind must be set strings. The others are what
/// kubectl's decoder requires when it does not validate (--local): `Unstructured` (patch, label,
/// annotate) needs a kind; `Typed` (set image) needs both and decodes them as strings first.
/// Either decodes the metadata as metav1.ObjectMeta.
enum class ManifestChecks { Validate, Unstructured, Typed };

/// Multi-document YAML or a JSON stream. Empty and comment-only documents are skipped, `kind: List`
/// expands its items; documents of other kinds (including our rolloutlab.dev kinds) pass through.
ParseResult parseManifests(
    const QByteArray& text, const QString& fileName, ManifestChecks checks = ManifestChecks::Validate);

using ApiObject = std::variant<Deployment, ReplicaSet, Pod, Service>;

struct AdmitResult
{
    std::optional<ApiObject> object;
    std::vector<ManifestError> errors; // one per cause (validation), or the single decode/mapping error
    QStringList warnings; // without the "Warning: " prefix
    QString message; // full kubectl stderr text for the failure (no trailing newline)
    bool ok() const { return object.has_value(); }
};

/// Is `kind` in `apiVersion` served by a cluster of version `v`? (Deployments: apps/v1 since 1.9;
/// apps/v1beta1, apps/v1beta2 and extensions/v1beta1 up to 1.15.)
bool isServed(const QString& apiVersion, const QString& kind, const ClusterVersion& v);

/// API-server admission for create (old == nullptr) or update.
AdmitResult admit(const ManifestDocument& doc, const ClusterVersion& v, const ApiObject* old = nullptr);

void applyDefaults(ApiObject& o, const QString& apiVersion);
std::vector<FieldError> validate(const ApiObject& o, const ApiObject* old, const ClusterVersion& v);

QJsonObject toJson(const ApiObject& o);
QString kindOf(const ApiObject& o);
QString nameOf(const ApiObject& o);

/// Full stderr text kubectl prints for one error. `verb` is used for server errors of `-f` files
/// ("creating" -> `Error from server (BadRequest): error when creating "d.yaml": ...`).
QString kubectlErrorText(const ManifestError& e, const QString& verb = QStringLiteral("creating"));

/// The message (without "error: ") kubectl's decoder gives for a document that is not an object
/// (`e.jsonType` set) when kubectl does not validate it first: decoding it as unstructured
/// (patch, label, annotate) or into its Go type (`typed`: set image). `e.message` otherwise.
QString decodeErrorText(const ManifestError& e, bool typed);

} // namespace rl
