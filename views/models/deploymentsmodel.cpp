#include "models/deploymentsmodel.h"

#include "kubectl/printers.h"
#include "sim/simulation.h"

namespace rl {

DeploymentsModel::DeploymentsModel(QObject* parent)
    : ObjectTableModel(parent)
{
    rebuild(); // the header is known before a simulation is set
}

QStringList DeploymentsModel::header() const
{
    return tableHeader(Kind::Deployment, TableOptions());
}

std::vector<ObjectTableModel::Row> DeploymentsModel::collect(const Simulation& sim) const
{
    std::vector<Row> rows;
    const TableOptions o;
    for (const auto& [key, d] : sim.store().all<Deployment>()) {
        if (d->metadata.namespace_ != namespace_())
            continue;
        Row r;
        r.key = key;
        r.ns = d->metadata.namespace_;
        r.name = d->metadata.name;
        r.revision = d->metadata.annotations.value(keys::Revision).toLongLong();
        r.cells = tableRow(*d, sim.now(), o);
        r.sortValues = {r.name, d->status.readyReplicas, d->status.updatedReplicas, d->status.availableReplicas,
            -d->metadata.creationTimestamp};
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace rl
