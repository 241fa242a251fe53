#include "models/podsmodel.h"

#include "kubectl/printers.h"
#include "sim/simulation.h"

namespace rl {

PodsModel::PodsModel(QObject* parent)
    : ObjectTableModel(parent)
{
    rebuild(); // the header is known before a simulation is set
}

QStringList PodsModel::header() const
{
    return tableHeader(Kind::Pod, TableOptions());
}

std::vector<ObjectTableModel::Row> PodsModel::collect(const Simulation& sim) const
{
    std::vector<Row> rows;
    const TableOptions o;
    for (const auto& [key, p] : sim.store().all<Pod>()) {
        if (p->metadata.namespace_ != namespace_())
            continue;
        Row r;
        r.key = key;
        r.ns = p->metadata.namespace_;
        r.name = p->metadata.name;
        r.cells = tableRow(*p, sim.now(), o);
        // READY "1/2" sorts by ready containers, RESTARTS "2 (15s ago)" by the count.
        r.sortValues = {r.name, r.cells.at(1).section(QLatin1Char('/'), 0, 0).toInt(), r.cells.at(2),
            r.cells.at(3).section(QLatin1Char(' '), 0, 0).toInt(), -p->metadata.creationTimestamp};
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace rl
