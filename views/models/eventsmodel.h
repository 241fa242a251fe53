#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE.
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
