#pragma once

// What `kubectl apply -f` would do with a manifest, computed against a store without writing
// anything: the editor validates as you type and previews an apply with it. It follows kubectl's
// apply path (kubectl.cpp applyTyped + admitWrite): parse, served apiVersion, the client-side
// three-way merge (ClientEdits::apply), then the API server's admission for create or update.

#include "api/objects.h"
#include "manifest/manifest.h"

#include <optional>
#include <vector>

namespace rl {

class ObjectStore;
class ClusterProfile;

struct ApplyPlanItem
{
    enum class Outcome { Created, Configured, Unchanged, Rejected };
    Outcome outcome = Outcome::Rejected;
    QString kind;
    QString name;
    QString namespace_;
    SourcePos pos; // where the document starts
    std::vector<ManifestError> errors; // one per cause, with file:line:col when known
    QString errorText; // kubectl's stderr for this document (with the "  at FILE:LINE:COL" lines)
    std::optional<ApiObject> current; // the live object (Configured, Unchanged)
    std::optional<ApiObject> result; // the object the API server would store (Created, Configured)
};

struct ApplyPlan
{
    std::vector<ApplyPlanItem> items;
    std::vector<ManifestError> parseErrors; // a syntax error stops the whole file, as in kubectl
    QString parseErrorText;
    bool ok() const;
    /// Every error of the plan (parse errors, then each rejected document's), in order.
    std::vector<ManifestError> allErrors() const;
    /// The stderr `kubectl apply` would print (all documents), "" when it succeeds.
    QString errorText() const;
};

/// Plans `kubectl apply -f FILE` of `text` in namespace `ns` on a cluster of version `v` (and, for
/// rolloutlab.dev documents, validates them against a copy of `profile`).
ApplyPlan planApply(const ObjectStore& store, const ClusterVersion& v, const ClusterProfile& profile,
    const QString& text, const QString& file, const QString& ns = QStringLiteral("default"));

/// The stderr text kubectl prints for a rejected write: the message verbatim, then one
/// "  at FILE:LINE:COL (PATH)" line per cause whose position is known.
QString admitErrorText(const std::vector<ManifestError>& errors, const QString& invalidMessage, const QString& verb);

/// The document a write sends to the API server (kubectl.cpp admitWrite, and the apply plan): `json`
/// with the namespace and apiVersion the client fills in when they are missing (the old object's on
/// update, else `ns` and the kind's own), in `base` (the manifest it came from: file and positions
/// for errors).
template<class Obj>
ManifestDocument writeDocument(QJsonObject json, const Obj* old, ManifestDocument base, const QString& ns)
{
    QJsonObject meta = json.value(QStringLiteral("metadata")).toObject();
    if (meta.value(QStringLiteral("namespace")).toString().isEmpty() && Obj::kind != Kind::Event) {
        meta.insert(QStringLiteral("namespace"), old ? old->metadata.namespace_ : ns);
        json.insert(QStringLiteral("metadata"), meta);
    }
    if (json.value(QStringLiteral("apiVersion")).toString().isEmpty())
        json.insert(QStringLiteral("apiVersion"), old ? old->apiVersion : Obj().apiVersion);
    base.json = json;
    base.apiVersion = json.value(QStringLiteral("apiVersion")).toString();
    base.kind = kindName(Obj::kind);
    base.name = meta.value(QStringLiteral("name")).toString();
    base.namespace_ = meta.value(QStringLiteral("namespace")).toString();
    return base;
}

/// What an apply would change for a Deployment, as the Deployment controller sees it.
struct DeploymentChange
{
    bool created = false;
    bool unchanged = false;
    bool templateChanged = false; // -> a new ReplicaSet or a rollback to an old one
    qint64 newRevision = 0; // the revision the template will have
    qint64 rollbackFrom = 0; // > 0: an old ReplicaSet already has this template (revision N)
    bool scaled = false;
    std::optional<qint32> replicasFrom;
    std::optional<qint32> replicasTo;
    bool strategyChanged = false;
    bool pausedChanged = false;
    bool otherSpecChanged = false; // minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds
    bool metadataOnly = false; // labels/annotations only
    QString templateDiff; // unified diff of the pod templates as `rollout history --revision` prints them
};

/// Compares a planned Deployment apply with the live object and its ReplicaSets (equalIgnoreHash,
/// FindNewReplicaSet / MaxRevision of pkg/controller/deployment/util).
DeploymentChange deploymentChange(const ApplyPlanItem& item, const ObjectStore& store);

/// One line per planned document, e.g. "deployment.apps/kiada configured: pod template changed ->
/// new revision 3" (interface text in English; the shell may translate its own surroundings).
QStringList applyPlanSummary(const ApplyPlan& plan, const ObjectStore& store);

} // namespace rl
