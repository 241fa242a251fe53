#pragma once

// kubectl's client-side edits of objects in their JSON form (spec 7.4-7.9, 7.12): what `set image`,
// `create deployment`, `rollout restart`, `rollout undo`, `apply`, `annotate`, `label` and `--record`
// compute before they talk to the API server. Sources: kubernetes/kubectl pkg/cmd/set/set_image.go,
// pkg/cmd/create/create_deployment.go, pkg/polymorphichelpers/objectrestarter.go, rollback.go,
// pkg/cmd/apply/apply.go + pkg/util/apply.go, pkg/cmd/annotate/annotate.go, pkg/cmd/label/label.go;
// kubernetes/cli-runtime pkg/genericclioptions/record_flags.go.

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStringList>

#include <functional>

namespace rl {

/// Result of a client-side edit.
struct ClientEditResult
{
    QJsonObject object; ///< the edited object
    bool changed = false; ///< false: kubectl sends nothing (set image prints nothing; restart fails)
    QStringList errors; ///< kubectl's messages, each printed as "error: <message>"
    bool ok() const { return errors.isEmpty(); }
};

class ClientEdits
{
public:
    static const QString kLastApplied; // kubectl.kubernetes.io/last-applied-configuration
    static const QString kRestartedAt; // kubectl.kubernetes.io/restartedAt
    static const QString kChangeCause; // kubernetes.io/change-cause

    /// `kubectl set image`: pairs (container name or "*", image), in the order given. Init containers
    /// and containers with that name get the image; unknown names give
    /// `unable to find container named "<c>"` while the other pairs still apply.
    static ClientEditResult setImage(const QJsonObject& obj, const QList<QPair<QString, QString>>& images);

    /// `kubectl create deployment NAME --image=I... [--replicas=N] [--port=P]`. Container names are
    /// the image's last path segment without tag/digest; with `.` or `_` those become `-` plus
    /// "-" + randomSuffix(5) (kubectl: utilrand.String(5)), so callers pass a seeded generator.
    static QJsonObject createDeployment(const QString& name, const QStringList& images, qint32 replicas = 1,
        qint32 port = -1, const QString& ns = {}, const std::function<QString(int)>& randomSuffix = {});
    /// The Go field order (k8s.io/api types.go) of the struct at a path of the JSON of a
    /// Deployment, ReplicaSet, Pod or Service (`kind`), for `-o json` of a typed object
    /// (toKubectlJson()); nullptr for a map or a struct it does not know.
    static const QStringList* typedFieldOrder(const QString& kind, const QString& path);
    /// An object's JSON as kubectl writes it once decoded into its Go type (set image --local,
    /// create --dry-run=client), as the field tags of k8s.io/api have encoding/json write it:
    /// fields the type lacks are dropped; a zero value (0, false, "", [], {}, null) of an
    /// `omitempty` field is not written, while a pointer field keeps a zero value (`replicas: 0`)
    /// and drops only null; a struct field is always there (`resources: {}`, `strategy: {}`,
    /// `status: {}`), a field without omitempty too, as its zero value when it was absent or null
    /// (a null creationTimestamp, a ReplicaSet's `status.replicas: 0`, a container's `name: ""`).
    static QJsonObject typedObject(const QJsonObject& obj);

    /// `kubectl rollout restart`: sets the template annotation restartedAt to `rfc3339Now`
    /// (e.g. "2026-07-22T10:15:30+02:00"). Errors as kubectl words them for deployment `<d>`.
    static ClientEditResult restart(const QJsonObject& deployment, const QString& rfc3339Now);

    /// Template equality ignoring the pod-template-hash label (rollback.go equalIgnoreHash).
    static bool templatesEqualIgnoringHash(const QJsonObject& a, const QJsonObject& b);
    /// The JSON patch `kubectl rollout undo` sends (spec 7.4 step 7).
    static QJsonArray rolloutUndoPatch(const QJsonObject& deployment, const QJsonObject& replicaSet);

    /// The last-applied-configuration annotation value kubectl stores for `manifest`
    /// (compact JSON with "annotations":{} when the manifest has none, ending in "\n").
    static QString lastAppliedConfiguration(const QJsonObject& manifest);

    enum class ApplyOutcome { Created, Configured, Unchanged, Failed };
    struct ApplyResult
    {
        ApplyOutcome outcome = ApplyOutcome::Failed;
        QJsonObject object; ///< object to create (Created) or the patched live object (Configured)
        QJsonObject patch; ///< the three-way strategic merge patch sent (Configured)
        QString error;
    };
    /// Client-side `kubectl apply`: `live` is null when the object does not exist.
    static ApplyResult apply(const QJsonObject* live, const QJsonObject& manifest);

    /// `kubectl annotate` / `kubectl label` arguments "k=v" and "k-".
    static ClientEditResult annotate(const QJsonObject& obj, const QStringList& args, bool overwrite);
    static ClientEditResult label(const QJsonObject& obj, const QStringList& args, bool overwrite);

    /// `--record`: "kubectl" + every non-flag word (command path included) + " --<flag>=<value>" for
    /// each flag in the order given (long names), e.g.
    /// `kubectl set image deployment kiada kiada=luksa/kiada:0.6 --record=true`.
    static QString changeCause(const QStringList& words, const QList<QPair<QString, QString>>& flags,
        const QString& program = QStringLiteral("kubectl"));
    /// Sets metadata.annotations["kubernetes.io/change-cause"].
    static QJsonObject record(const QJsonObject& obj, const QString& changeCause);
};

} // namespace rl
