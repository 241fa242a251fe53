#include "kubectl/rollout.h"

#include "kubectl/describe.h"
#include "kubectl/tabwriter.h"
#include "kubectl/textdiff.h"

#include <algorithm>

#include <map>

namespace rl {

qint64 revisionOf(const ReplicaSet& rs)
{
    bool ok = false;
    const qint64 v = rs.metadata.annotations.value(keys::Revision).toLongLong(&ok);
    return ok ? v : 0;
}

RolloutStatus deploymentRolloutStatus(const Deployment& d, qint64 revision)
{
    const QString name = d.metadata.name;
    if (revision > 0) {
        const QString cur = d.metadata.annotations.value(keys::Revision);
        bool ok = false;
        const qint64 v = cur.toLongLong(&ok);
        if (!ok)
            return {
                QStringLiteral(
                    "cannot get the revision of deployment \"%1\": strconv.ParseInt: parsing \"%2\": invalid syntax")
                    .arg(name, cur),
                false, true};
        if (v != revision)
            return {QStringLiteral("desired revision (%1) is different from the running revision (%2)")
                        .arg(revision)
                        .arg(v),
                false, true};
    }
    if (d.metadata.generation <= d.status.observedGeneration) {
        const Condition* c = d.status.condition(QStringLiteral("Progressing"));
        if (c && c->reason == QLatin1String("ProgressDeadlineExceeded"))
            return {QStringLiteral("deployment \"%1\" exceeded its progress deadline").arg(name), false, true};
        const qint32 replicas = d.spec.replicas.value_or(1);
        if (d.status.updatedReplicas < replicas)
            return {
                QStringLiteral(
                    "Waiting for deployment \"%1\" rollout to finish: %2 out of %3 new replicas have been updated...")
                    .arg(name)
                    .arg(d.status.updatedReplicas)
                    .arg(replicas),
                false, false};
        if (d.status.replicas > d.status.updatedReplicas)
            return {QStringLiteral(
                        "Waiting for deployment \"%1\" rollout to finish: %2 old replicas are pending termination...")
                        .arg(name)
                        .arg(d.status.replicas - d.status.updatedReplicas),
                false, false};
        if (d.status.availableReplicas < d.status.updatedReplicas)
            return {QStringLiteral(
                        "Waiting for deployment \"%1\" rollout to finish: %2 of %3 updated replicas are available...")
                        .arg(name)
                        .arg(d.status.availableReplicas)
                        .arg(d.status.updatedReplicas),
                false, false};
        return {QStringLiteral("deployment \"%1\" successfully rolled out").arg(name), true, false};
    }
    return {QStringLiteral("Waiting for deployment spec update to be observed..."), false, false};
}

std::vector<RolloutHistoryRow> deploymentRolloutHistoryRows(const std::vector<ReplicaSetPtr>& owned)
{
    std::map<qint64, ReplicaSetPtr> byRevision;
    for (const ReplicaSetPtr& rs : owned)
        byRevision[revisionOf(*rs)] = rs;
    std::vector<RolloutHistoryRow> rows;
    for (const auto& [rev, rs] : byRevision) {
        const QString cause = rs->metadata.annotations.value(keys::ChangeCause);
        rows.push_back({rev, cause.isEmpty() ? QStringLiteral("<none>") : cause, rs});
    }
    return rows;
}

QString revisionTemplateText(const ReplicaSet& rs)
{
    PodTemplateSpec t = rs.spec.template_;
    const QString cause = rs.metadata.annotations.value(keys::ChangeCause);
    if (!cause.isEmpty())
        t.metadata.annotations.insert(keys::ChangeCause, cause);
    return podTemplateLines(t);
}

QString deploymentRolloutHistory(
    const Deployment& d, const std::vector<ReplicaSetPtr>& owned, qint64 revision, QString* error)
{
    const std::vector<RolloutHistoryRow> rows = deploymentRolloutHistoryRows(owned);
    const QString head = QStringLiteral("deployment.apps/") + d.metadata.name;
    if (revision > 0) {
        auto it = std::find_if(
            rows.begin(), rows.end(), [&](const RolloutHistoryRow& r) { return r.revision == revision; });
        if (it == rows.end()) {
            if (error)
                *error = QStringLiteral("unable to find the specified revision");
            return {};
        }
        return head + QStringLiteral(" with revision #%1\n").arg(revision) + revisionTemplateText(*it->replicaSet)
            + QLatin1Char('\n');
    }
    if (rows.empty())
        return head + QStringLiteral(" \nNo rollout history found.\n");
    QString table = QStringLiteral("REVISION\tCHANGE-CAUSE\n");
    for (const RolloutHistoryRow& r : rows)
        table += QString::number(r.revision) + QLatin1Char('\t') + r.changeCause + QLatin1Char('\n');
    return head + QStringLiteral(" \n") + TabWriter::format(table, 0, 2) + QLatin1Char('\n');
}

QString deploymentRevisionDiff(
    const Deployment& d, const std::vector<ReplicaSetPtr>& owned, qint64 from, qint64 to, QString* error)
{
    const std::vector<RolloutHistoryRow> rows = deploymentRolloutHistoryRows(owned);
    auto find = [&](qint64 rev) -> const RolloutHistoryRow* {
        for (const RolloutHistoryRow& r : rows)
            if (r.revision == rev)
                return &r;
        return nullptr;
    };
    const RolloutHistoryRow* a = find(from);
    const RolloutHistoryRow* b = find(to);
    if (!a || !b) {
        if (error)
            *error = QStringLiteral("unable to find the specified revision");
        return {};
    }
    const QString head = QStringLiteral("deployment.apps/") + d.metadata.name;
    return unifiedDiff(revisionTemplateText(*a->replicaSet), revisionTemplateText(*b->replicaSet),
        head + QStringLiteral(" revision #%1").arg(from), head + QStringLiteral(" revision #%1").arg(to));
}

} // namespace rl
