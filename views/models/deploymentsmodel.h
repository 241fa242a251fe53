#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE.
class DeploymentsModel : public ObjectTableModel
{
    Q_OBJECT
public:
    explicit DeploymentsModel(QObject* parent = nullptr);

protected:
    QStringList header() const override;
    std::vector<Row> collect(const Simulation& sim) const override;
};

} // namespace rl
