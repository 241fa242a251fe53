#pragma once

#include "models/objecttablemodel.h"

namespace rl {

/// `kubectl get rs [-L KEY...]`: NAME DESIRED CURRENT READY AGE, then one column per label key (`-L ver` -> VER).
class ReplicaSetsModel : public ObjectTableModel
{
    Q_OBJECT
public:
    explicit ReplicaSetsModel(QObject* parent = nullptr);
    /// The -L label keys shown as extra columns (e.g. {"ver"}); resets the model when changed.
    void setLabelColumns(const QStringList& keys);
    QStringList labelColumns() const { return m_labelColumns; }

protected:
    QStringList header() const override;
    std::vector<Row> collect(const Simulation& sim) const override;

private:
    QStringList m_labelColumns;
};

} // namespace rl
