#include "models/rollouthistorymodel.h"

#include "kubectl/describe.h"
#include "kubectl/rollout.h"
#include "sim/simulation.h"

namespace rl {

RolloutHistoryModel::RolloutHistoryModel(QObject* parent)
    : ObjectTableModel(parent)
{
    rebuild(); // the header is known before a simulation is set
}

void RolloutHistoryModel::setDeployment(const QString& name)
{
    if (m_deployment == name)
        return;
    m_deployment = name;
    rebuild();
}

QStringList RolloutHistoryModel::header() const
{
    return {QStringLiteral("REVISION"), QStringLiteral("CHANGE-CAUSE")};
}

std::vector<ObjectTableModel::Row> RolloutHistoryModel::collect(const Simulation& sim) const
{
    std::vector<Row> rows;
    const DeploymentPtr d = sim.store().get<Deployment>(namespace_(), m_deployment);
    if (!d)
        return rows;
    ReplicaSetPtr newRs;
    std::vector<ReplicaSetPtr> owned;
    deploymentReplicaSets(*d, sim.store(), newRs, owned);
    if (newRs)
        owned.push_back(newRs);
    for (const RolloutHistoryRow& h : deploymentRolloutHistoryRows(owned)) {
        Row r;
        r.key = objectKey(h.replicaSet->metadata.namespace_, h.replicaSet->metadata.name);
        r.ns = h.replicaSet->metadata.namespace_;
        r.name = h.replicaSet->metadata.name;
        r.revision = h.revision;
        r.cells = {QString::number(h.revision), h.changeCause};
        r.sortValues = {h.revision, h.changeCause};
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace rl
