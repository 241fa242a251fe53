#include "kubectl/applyplan.h"

#include "api/json.h"
#include "kubectl/clientedits.h"
#include "kubectl/describe.h"
#include "kubectl/resources.h"
#include "kubectl/rollout.h"
#include "kubectl/serviceaddresses.h"
#include "kubectl/textdiff.h"
#include "sim/clusterprofile.h"
#include "sim/objectstore.h"

namespace rl {

namespace {

const QString kCreating = QStringLiteral("creating");
const QString kPatching = QStringLiteral("patching");

void reject(
    ApplyPlanItem& item, const std::vector<ManifestError>& errors, const QString& invalidMessage, const QString& verb)
{
    item.outcome = ApplyPlanItem::Outcome::Rejected;
    item.errors = errors;
    item.errorText = admitErrorText(errors, invalidMessage, verb);
}

void rejectClient(ApplyPlanItem& item, const ManifestDocument& doc, const QString& message)
{
    ManifestError e {message, QString(), QString(), doc.file, doc.pos};
    item.outcome = ApplyPlanItem::Outcome::Rejected;
    item.errors = {e};
    item.errorText = QStringLiteral("error: %1\n").arg(message);
    const QString where = e.locationText();
    if (!where.isEmpty())
        item.errorText += QStringLiteral("  at %1\n").arg(where);
}

// kubectl.cpp admitWrite: the namespace and apiVersion the client fills in, then admission.
template<class Obj>
bool admitInto(ApplyPlanItem& item, QJsonObject json, const Obj* old, const ManifestDocument& src,
    const ObjectStore& store, const ClusterVersion& v, const QString& ns, const QString& verb)
{
    const ManifestDocument doc = writeDocument(std::move(json), old, src, ns);
    std::optional<ApiObject> oldObj;
    if (old)
        oldObj = ApiObject(*old);
    const AdmitResult r = admit(doc, v, oldObj ? &*oldObj : nullptr);
    if (!r.ok()) {
        reject(item, r.errors, r.message, verb);
        return false;
    }
    item.result = r.object;
    if constexpr (std::is_same_v<Obj, Service>) {
        // The API server's allocation of cluster IP and node ports: its refusals are the write's,
        // and the preview shows the addresses the write will get.
        Service& svc = std::get<Service>(*item.result);
        if (const auto e = allocateServiceAddresses(svc, old, store, v.minor, allocationRandom(store.rng(), svc))) {
            const ManifestError where {
                e->toString(), QStringLiteral("Invalid"), e->field, src.file, src.positionOf(e->field)};
            reject(item, {where}, formatInvalid(QStringLiteral("Service"), svc.metadata.name, {*e}), verb);
            item.result.reset();
            return false;
        }
    }
    return true;
}

// kubectl.cpp applyTyped (without --dry-run and create-only).
template<class Obj>
void planTyped(ApplyPlanItem& item, const ManifestDocument& doc, const ObjectStore& store, const ClusterVersion& v,
    const QString& ns)
{
    const ResourceType t = resourceTypeFor(Obj::kind);
    if (doc.name.isEmpty()) {
        rejectClient(item, doc,
            QStringLiteral("error when retrieving current configuration of:\nResource: \"%1\", GroupVersionKind: "
                           "\"%2, Kind=%3\"\nName: \"\", Namespace: \"%4\"\nfrom server for: \"%5\": resource name "
                           "may not be empty")
                .arg(t.qualifiedPlural(), doc.apiVersion, kindName(Obj::kind), ns, doc.file));
        return;
    }
    const auto existing = store.get<Obj>(ns, doc.name);
    QJsonObject live;
    if (existing) {
        live = toJson(*existing);
        item.current = ApiObject(*existing);
    }
    const ClientEdits::ApplyResult r = ClientEdits::apply(existing ? &live : nullptr, doc.json);
    switch (r.outcome) {
    case ClientEdits::ApplyOutcome::Created:
        if (admitInto<Obj>(item, r.object, nullptr, doc, store, v, ns, kCreating))
            item.outcome = ApplyPlanItem::Outcome::Created;
        return;
    case ClientEdits::ApplyOutcome::Unchanged:
        item.outcome = ApplyPlanItem::Outcome::Unchanged;
        return;
    case ClientEdits::ApplyOutcome::Configured:
        if (admitInto<Obj>(item, r.object, existing.get(), doc, store, v, ns, kPatching))
            item.outcome = ApplyPlanItem::Outcome::Configured;
        return;
    case ClientEdits::ApplyOutcome::Failed:
        rejectClient(item, doc, r.error);
        return;
    }
}

void planRolloutLab(ApplyPlanItem& item, const ManifestDocument& doc, const ClusterProfile& profile)
{
    QString error;
    if (doc.kind == QLatin1String("ImageBehavior")) {
        if (!decodeImageBehavior(doc.json, &error))
            return rejectClient(item, doc, error);
    } else if (doc.kind == QLatin1String("ClusterProfile")) {
        ClusterProfile p = profile;
        if (!decodeClusterProfile(doc.json, p, &error))
            return rejectClient(item, doc, error);
    } else {
        return rejectClient(item, doc,
            QStringLiteral("resource mapping not found for name: \"%1\" namespace: \"\" from \"\": no matches for "
                           "kind \"%2\" in version \"%3\"\nensure CRDs are installed first")
                .arg(doc.name, doc.kind, kRolloutLabApiVersion));
    }
    item.outcome = ApplyPlanItem::Outcome::Configured;
}

QString objectNameOf(const ApplyPlanItem& item)
{
    if (const auto rt = resolveResourceType(item.kind))
        return rt->objectName(item.name);
    return item.kind.toLower() + QStringLiteral(".rolloutlab.dev/") + item.name;
}

QString replicasText(const std::optional<qint32>& r)
{
    return r ? QString::number(*r) : QStringLiteral("<unset>");
}

} // namespace

bool ApplyPlan::ok() const
{
    if (!parseErrors.empty())
        return false;
    for (const ApplyPlanItem& i : items)
        if (i.outcome == ApplyPlanItem::Outcome::Rejected)
            return false;
    return true;
}

std::vector<ManifestError> ApplyPlan::allErrors() const
{
    std::vector<ManifestError> out = parseErrors;
    for (const ApplyPlanItem& i : items)
        out.insert(out.end(), i.errors.begin(), i.errors.end());
    return out;
}

QString ApplyPlan::errorText() const
{
    QString out = parseErrorText;
    for (const ApplyPlanItem& i : items)
        out += i.errorText;
    return out;
}

QString admitErrorText(const std::vector<ManifestError>& errors, const QString& invalidMessage, const QString& verb)
{
    if (errors.empty())
        return {};
    QString text = errors.front().reason == QLatin1String("Invalid") && !invalidMessage.isEmpty()
        ? invalidMessage
        : kubectlErrorText(errors.front(), verb);
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    for (const ManifestError& e : errors) {
        const QString where = e.locationText();
        if (!where.isEmpty())
            text += QStringLiteral("  at %1%2\n")
                        .arg(where, e.fieldPath.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.fieldPath));
    }
    return text;
}

ApplyPlan planApply(const ObjectStore& store, const ClusterVersion& v, const ClusterProfile& profile,
    const QString& text, const QString& file, const QString& ns)
{
    ApplyPlan plan;
    const ParseResult parsed = parseManifests(text.toUtf8(), file);
    if (!parsed.ok()) {
        plan.parseErrors = parsed.errors;
        plan.parseErrorText = admitErrorText(parsed.errors, {}, kCreating);
        return plan;
    }
    for (const ManifestDocument& doc : parsed.documents) {
        ApplyPlanItem item;
        item.kind = doc.kind;
        item.name = doc.name;
        item.namespace_ = doc.namespace_.isEmpty() ? ns : doc.namespace_;
        item.pos = doc.pos;
        if (doc.apiVersion == kRolloutLabApiVersion) {
            planRolloutLab(item, doc, profile);
        } else if (!isServed(doc.apiVersion, doc.kind, v)) {
            const AdmitResult a = admit(doc, v);
            reject(item, a.errors, a.message, kCreating);
        } else if (doc.kind == QLatin1String("Deployment")) {
            planTyped<Deployment>(item, doc, store, v, item.namespace_);
        } else if (doc.kind == QLatin1String("ReplicaSet")) {
            planTyped<ReplicaSet>(item, doc, store, v, item.namespace_);
        } else if (doc.kind == QLatin1String("Pod")) {
            planTyped<Pod>(item, doc, store, v, item.namespace_);
        } else if (doc.kind == QLatin1String("Service")) {
            planTyped<Service>(item, doc, store, v, item.namespace_);
        } else {
            const AdmitResult a = admit(doc, v);
            reject(item, a.errors, a.message, kCreating);
        }
        plan.items.push_back(std::move(item));
    }
    return plan;
}

DeploymentChange deploymentChange(const ApplyPlanItem& item, const ObjectStore& store)
{
    DeploymentChange c;
    const Deployment* next = item.result ? std::get_if<Deployment>(&*item.result) : nullptr;
    const Deployment* live = item.current ? std::get_if<Deployment>(&*item.current) : nullptr;
    if (item.outcome == ApplyPlanItem::Outcome::Unchanged) {
        c.unchanged = true;
        return c;
    }
    if (!next)
        return c;
    if (!live) {
        c.created = true;
        c.templateChanged = true;
        c.newRevision = 1;
        c.replicasTo = next->spec.replicas;
        return c;
    }
    ReplicaSetPtr newRs;
    std::vector<ReplicaSetPtr> oldRs;
    deploymentReplicaSets(*live, store, newRs, oldRs);
    qint64 maxRevision = 0;
    for (const ReplicaSetPtr& rs : oldRs)
        maxRevision = std::max(maxRevision, revisionOf(*rs));
    if (newRs)
        maxRevision = std::max(maxRevision, revisionOf(*newRs));

    // The controller compares templates ignoring the pod-template-hash label (EqualIgnoreHash).
    c.templateChanged = !equalIgnoreHash(live->spec.template_, next->spec.template_);
    if (c.templateChanged) {
        c.newRevision = maxRevision + 1; // MaxRevision(oldRSs) + 1, also for a reused old ReplicaSet
        for (const ReplicaSetPtr& rs : oldRs)
            if (equalIgnoreHash(rs->spec.template_, next->spec.template_))
                c.rollbackFrom = revisionOf(*rs);
        QString before = podTemplateLines(live->spec.template_);
        QString after = podTemplateLines(next->spec.template_);
        c.templateDiff
            = unifiedDiff(before, after, QStringLiteral("deployment.apps/%1 (live)").arg(live->metadata.name),
                QStringLiteral("deployment.apps/%1 (applied)").arg(next->metadata.name));
    }
    c.replicasFrom = live->spec.replicas;
    c.replicasTo = next->spec.replicas;
    c.scaled = live->spec.replicas != next->spec.replicas;
    c.strategyChanged = !(live->spec.strategy == next->spec.strategy);
    c.pausedChanged = live->spec.paused != next->spec.paused;
    c.otherSpecChanged = live->spec.minReadySeconds != next->spec.minReadySeconds
        || live->spec.revisionHistoryLimit != next->spec.revisionHistoryLimit
        || live->spec.progressDeadlineSeconds != next->spec.progressDeadlineSeconds
        || live->spec.selector != next->spec.selector;
    c.metadataOnly = live->spec == next->spec;
    return c;
}

QStringList applyPlanSummary(const ApplyPlan& plan, const ObjectStore& store)
{
    QStringList lines;
    for (const ApplyPlanItem& item : plan.items) {
        const QString name = objectNameOf(item);
        switch (item.outcome) {
        case ApplyPlanItem::Outcome::Rejected:
            lines << item.errorText.section(QLatin1Char('\n'), 0, 0);
            continue;
        case ApplyPlanItem::Outcome::Unchanged:
            lines << name + QStringLiteral(" unchanged");
            continue;
        case ApplyPlanItem::Outcome::Created:
            if (item.kind == QLatin1String("Deployment"))
                lines << name + QStringLiteral(" created (revision 1)");
            else
                lines << name + QStringLiteral(" created");
            continue;
        case ApplyPlanItem::Outcome::Configured:
            break;
        }
        if (item.kind != QLatin1String("Deployment")) {
            lines << name + QStringLiteral(" configured");
            continue;
        }
        const DeploymentChange c = deploymentChange(item, store);
        QStringList parts;
        if (c.templateChanged) {
            if (c.rollbackFrom > 0)
                parts << QStringLiteral("pod template equals revision %1 -> rollback (it becomes revision %2)")
                             .arg(c.rollbackFrom)
                             .arg(c.newRevision);
            else
                parts << QStringLiteral("pod template changed -> new revision %1").arg(c.newRevision);
        }
        if (c.scaled)
            parts << QStringLiteral("scale %1 -> %2").arg(replicasText(c.replicasFrom), replicasText(c.replicasTo));
        const Deployment& live = std::get<Deployment>(*item.current);
        const Deployment& next = std::get<Deployment>(*item.result);
        if (c.strategyChanged) {
            if (live.spec.strategy.type != next.spec.strategy.type)
                parts << QStringLiteral("strategy %1 -> %2").arg(live.spec.strategy.type, next.spec.strategy.type);
            else
                parts << QStringLiteral("%1 parameters changed").arg(next.spec.strategy.type);
        }
        if (c.pausedChanged)
            parts << (next.spec.paused ? QStringLiteral("paused") : QStringLiteral("resumed"));
        if (live.spec.minReadySeconds != next.spec.minReadySeconds)
            parts << QStringLiteral("minReadySeconds %1 -> %2")
                         .arg(live.spec.minReadySeconds)
                         .arg(next.spec.minReadySeconds);
        if (live.spec.revisionHistoryLimit != next.spec.revisionHistoryLimit)
            parts << QStringLiteral("revisionHistoryLimit %1 -> %2")
                         .arg(replicasText(live.spec.revisionHistoryLimit),
                             replicasText(next.spec.revisionHistoryLimit));
        if (live.spec.progressDeadlineSeconds != next.spec.progressDeadlineSeconds)
            parts << QStringLiteral("progressDeadlineSeconds %1 -> %2")
                         .arg(replicasText(live.spec.progressDeadlineSeconds),
                             replicasText(next.spec.progressDeadlineSeconds));
        if (live.spec.selector != next.spec.selector)
            parts << QStringLiteral("selector changed");
        if (c.metadataOnly)
            parts << QStringLiteral("metadata only (no new revision)");
        lines << name + QStringLiteral(" configured: ") + parts.join(QStringLiteral("; "));
    }
    return lines;
}

} // namespace rl
