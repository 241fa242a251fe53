#pragma once

// The three patch formats kubectl sends and the API server applies, on objects in their JSON form
// (what `kubectl get -o json` shows):
//  - strategic merge patch, ported from k8s.io/apimachinery/pkg/util/strategicpatch/patch.go with the
//    patch metadata (patchStrategy / patchMergeKey struct tags of k8s.io/api) of Deployment,
//    ReplicaSet, Pod and Service, including the directives $patch, $retainKeys, $setElementOrder/<list>
//    and $deleteFromPrimitiveList/<list>, and the two-/three-way patch creation used by kubectl;
//  - JSON merge patch (RFC 7386, gopkg.in/evanphx/json-patch.v4 MergePatch);
//  - JSON patch (RFC 6902, gopkg.in/evanphx/json-patch.v4 Patch.Apply) with its error texts.
// Patch text may be YAML or JSON, converted as kubectl converts it (sigs.k8s.io/yaml.ToJSON).

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace rl {

enum class PatchType { Strategic, Merge, Json };

/// Outcome of applying a patch.
struct PatchResult
{
    /// How the failure reaches the user (decides the wording kubectl prints, see kubectlError()).
    enum class Error {
        None,
        Parse, ///< client side: the patch text is not YAML/JSON (`error: unable to parse ...`)
        BadRequest, ///< API server 400
        Invalid, ///< API server 422 without details (JSON patch that does not apply)
        Internal, ///< API server error without a reason (most strategic merge patch errors)
    };
    QJsonObject object; ///< the patched object (only when ok())
    /// The same with the null values it kept (`creationTimestamp: null` of a manifest), as
    /// `kubectl patch --local` prints it; the API server decodes them away.
    QJsonObject withNulls;
    bool changed = false; ///< false: kubectl prints `<kind>.<group>/<name> patched (no change)`
    Error error = Error::None;
    QString message; ///< the Go error text; `kubectl patch --local` prints "error: " + message
    QString serverMessage; ///< the API server's text where it differs from `message`
    bool ok() const { return error == Error::None; }
    /// The stderr line kubectl 1.32 prints when the API server returned this error.
    QString kubectlError() const;
};

/// Patch engine. All functions are pure.
class Patch
{
public:
    /// Parses the patch text and applies it to `original` (kind taken from original["kind"]).
    static PatchResult apply(const QJsonObject& original, const QString& patchText, PatchType type);

    /// YAML or JSON text → JSON value, as sigs.k8s.io/yaml.ToJSON does (plain `0.6` is a number,
    /// `"0.6"` a string, yes/no/on/off booleans as in YAML 1.1). On failure `error` is kubectl's
    /// whole message without the "error: " prefix: `unable to parse "<text>": yaml: line N: ...`.
    static bool parse(const QString& text, QJsonValue& out, QString& error);
    /// encoding/json's syntax error for `data` ("invalid character 'b' looking for beginning of
    /// object key string", "unexpected end of JSON input"), or an empty text for valid JSON.
    static QString goJsonSyntaxError(const QByteArray& data);

    static PatchResult strategicMerge(const QJsonObject& original, const QJsonValue& patch);
    static PatchResult mergePatch(const QJsonObject& original, const QJsonValue& patch);
    static PatchResult jsonPatch(const QJsonObject& original, const QJsonValue& patch);

    /// strategicpatch.CreateTwoWayMergePatch: the patch that turns `original` into `modified`
    /// (`{}` when equal). `kind` selects the patch metadata ("Deployment", "Pod", ...).
    static QJsonObject createTwoWayMergePatch(
        const QJsonObject& original, const QJsonObject& modified, const QString& kind, QString* error = nullptr);
    /// strategicpatch.CreateThreeWayMergePatch with overwrite=true, as `kubectl apply` uses it:
    /// `original` = last-applied configuration, `modified` = new configuration, `current` = live object.
    static QJsonObject createThreeWayMergePatch(const QJsonObject& original, const QJsonObject& modified,
        const QJsonObject& current, const QString& kind, QString* error = nullptr);

    /// Go's %q of a string.
    static QString goQuote(const QString& s);
    /// Go's %v of a decoded JSON value (map[k:v ...], [a b], numbers as %g, <nil>).
    static QString goFormat(const QJsonValue& v);
};

} // namespace rl
