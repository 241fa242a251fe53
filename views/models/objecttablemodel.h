#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace rl {

class Simulation;

/// Base of the kubectl-style tables: the cells are those `kubectl get` prints for the same state
/// (model/kubectl/printers), one row per object in the order kubectl lists them. refresh() re-reads
/// the simulation and updates incrementally: dataChanged for changed cells, row insertions and
/// removals when objects come and go (a reset only when the order of the remaining rows changed).
class ObjectTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles {
        SortRole = Qt::UserRole + 1, ///< number (counts, ready containers), timestamp (AGE, LAST SEEN) or text
        ObjectKeyRole, ///< "namespace/name" of the row's object
        NamespaceRole,
        NameRole,
        RevisionRole, ///< deployment.kubernetes.io/revision (ReplicaSets, rollout history), else 0
    };

    explicit ObjectTableModel(QObject* parent = nullptr);

    /// The simulation to read (not owned; may change, e.g. to a restored past moment).
    void setSimulation(const Simulation* sim);
    const Simulation* simulation() const { return m_sim; }
    /// Namespace listed (default "default", as kubectl without -n).
    void setNamespace(const QString& ns);
    QString namespace_() const { return m_ns; }
    /// Re-reads the simulation; cheap when nothing changed.
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The row of the object "namespace/name", or -1.
    int rowOf(const QString& key) const;
    /// The table as `kubectl get` prints it (tabwriter-aligned, header first), "" when empty.
    QString tableText() const;

protected:
    struct Row
    {
        QString key; // unique per row, stable while the object exists
        QStringList cells;
        QVariantList sortValues; // one per cell
        QString ns;
        QString name;
        qint64 revision = 0;
    };
    virtual QStringList header() const = 0;
    virtual std::vector<Row> collect(const Simulation& sim) const = 0;
    /// Call when header() changes (e.g. label columns): resets the model.
    void rebuild();

private:
    void applyRows(std::vector<Row> rows);

    const Simulation* m_sim = nullptr;
    QString m_ns = QStringLiteral("default");
    QStringList m_header;
    std::vector<Row> m_rows;
};

} // namespace rl
