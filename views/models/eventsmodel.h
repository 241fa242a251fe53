#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, in the order kubectl lists them
/// (the API server's, by event name; kubectl get does not sort events). ObjectKeyRole is the Event;
/// NamespaceRole and NameRole name the involved object.
class EventsModel : public ObjectTableModel
{
    Q_OBJECT
public:
    explicit EventsModel(QObject* parent = nullptr);

protected:
    QStringList header() const override;
    std::vector<Row> collect(const Simulation& sim) const override;
};

} // namespace rl
