#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl rollout history deployment/NAME`: REVISION CHANGE-CAUSE, oldest revision first.
/// ObjectKeyRole is the revision's ReplicaSet, RevisionRole its revision.
class RolloutHistoryModel : public ObjectTableModel
{
    Q_OBJECT
public:
    explicit RolloutHistoryModel(QObject* parent = nullptr);

    /// The Deployment whose history is shown (in namespace_()); refreshes.
    void setDeployment(const QString& name);
    QString deployment() const { return m_deployment; }

protected:
    QStringList header() const override;
    std::vector<Row> collect(const Simulation& sim) const override;

private:
    QString m_deployment;
};

} // namespace rl
