#include "models/replicasetsmodel.h"

#include "kubectl/printers.h"
#include "kubectl/rollout.h"
#include "sim/simulation.h"

namespace rl {

ReplicaSetsModel::ReplicaSetsModel(QObject* parent)
    : ObjectTableModel(parent)
{
    rebuild(); // the header is known before a simulation is set
}

void ReplicaSetsModel::setLabelColumns(const QStringList& keys)
{
    if (m_labelColumns == keys)
        return;
    m_labelColumns = keys;
    rebuild();
}

QStringList ReplicaSetsModel::header() const
{
    TableOptions o;
    o.labelColumns = m_labelColumns;
    return tableHeader(Kind::ReplicaSet, o);
}

std::vector<ObjectTableModel::Row> ReplicaSetsModel::collect(const Simulation& sim) const
{
    std::vector<Row> rows;
    TableOptions o;
    o.labelColumns = m_labelColumns;
    for (const auto& [key, rs] : sim.store().all<ReplicaSet>()) {
        if (rs->metadata.namespace_ != namespace_())
            continue;
        Row r;
        r.key = key;
        r.ns = rs->metadata.namespace_;
        r.name = rs->metadata.name;
        r.revision = revisionOf(*rs);
        r.cells = tableRow(*rs, sim.now(), o);
        r.sortValues = {r.name, rs->spec.replicas.value_or(0), rs->status.replicas, rs->status.readyReplicas,
            -rs->metadata.creationTimestamp};
        for (qsizetype i = r.sortValues.size(); i < r.cells.size(); ++i)
            r.sortValues << r.cells.at(i);
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace rl
