#include "models/eventsmodel.h"

#include "kubectl/printers.h"
#include "sim/simulation.h"

namespace rl {

EventsModel::EventsModel(QObject* parent)
    : ObjectTableModel(parent)
{
    rebuild(); // the header is known before a simulation is set
}

QStringList EventsModel::header() const
{
    return tableHeader(Kind::Event, TableOptions());
}

std::vector<ObjectTableModel::Row> EventsModel::collect(const Simulation& sim) const
{
    std::vector<Row> rows;
    const TableOptions o;
    for (const auto& [key, e] : sim.store().all<Event>()) {
        if (e->metadata.namespace_ != namespace_())
            continue;
        Row r;
        r.key = key;
        r.ns = e->involvedObject->namespace_.isEmpty() ? e->metadata.namespace_ : e->involvedObject->namespace_;
        r.name = e->involvedObject->name;
        r.cells = tableRow(*e, sim.now(), o);
        r.sortValues = {-e->lastSeen(), r.cells.at(1), r.cells.at(2), r.cells.at(3), r.cells.at(4)};
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace rl
