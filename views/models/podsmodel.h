#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl get pods`: NAME READY STATUS RESTARTS AGE.
class PodsModel : public ObjectTableModel
{
    Q_OBJECT
public:
    explicit PodsModel(QObject* parent = nullptr);

protected:
    QStringList header() const override;
    std::vector<Row> collect(const Simulation& sim) const override;
};

} // namespace rl
