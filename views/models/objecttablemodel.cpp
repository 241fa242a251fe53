#include "models/objecttablemodel.h"

#include "kubectl/printers.h"
#include "sim/simulation.h"

#include <QSet>

namespace rl {

ObjectTableModel::ObjectTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ObjectTableModel::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    refresh();
}

void ObjectTableModel::setNamespace(const QString& ns)
{
    if (m_ns == ns)
        return;
    m_ns = ns;
    rebuild();
}

void ObjectTableModel::rebuild()
{
    beginResetModel();
    m_header = header();
    m_rows = m_sim ? collect(*m_sim) : std::vector<Row>();
    endResetModel();
}

void ObjectTableModel::refresh()
{
    const QStringList h = header();
    if (h != m_header) {
        rebuild();
        return;
    }
    applyRows(m_sim ? collect(*m_sim) : std::vector<Row>());
}

void ObjectTableModel::applyRows(std::vector<Row> rows)
{
    QSet<QString> newKeys;
    for (const Row& r : rows)
        newKeys.insert(r.key);
    QSet<QString> oldKeys;
    for (const Row& r : m_rows)
        oldKeys.insert(r.key);

    // The rows that stay must keep their relative order, else a reset is simpler and correct.
    {
        std::vector<const QString*> a;
        for (const Row& r : m_rows)
            if (newKeys.contains(r.key))
                a.push_back(&r.key);
        std::vector<const QString*> b;
        for (const Row& r : rows)
            if (oldKeys.contains(r.key))
                b.push_back(&r.key);
        bool same = a.size() == b.size();
        for (size_t i = 0; same && i < a.size(); ++i)
            same = *a[i] == *b[i];
        if (!same) {
            beginResetModel();
            m_rows = std::move(rows);
            endResetModel();
            return;
        }
    }

    // Removals, last run first so the indexes of earlier rows stay valid.
    for (int i = int(m_rows.size()) - 1; i >= 0;) {
        if (newKeys.contains(m_rows[size_t(i)].key)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !newKeys.contains(m_rows[size_t(first - 1)].key))
            --first;
        beginRemoveRows({}, first, i);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + i + 1);
        endRemoveRows();
        i = first - 1;
    }
    // Insertions at their final positions, in runs.
    for (int i = 0; i < int(rows.size());) {
        if (oldKeys.contains(rows[size_t(i)].key)) {
            ++i;
            continue;
        }
        int last = i;
        while (last + 1 < int(rows.size()) && !oldKeys.contains(rows[size_t(last + 1)].key))
            ++last;
        beginInsertRows({}, i, last);
        m_rows.insert(m_rows.begin() + i, rows.begin() + i, rows.begin() + last + 1);
        endInsertRows();
        i = last + 1;
    }
    // Now m_rows has the same keys in the same order: update the changed cells.
    int firstChanged = -1;
    int lastChanged = -1;
    for (int i = 0; i < int(rows.size()); ++i) {
        Row& cur = m_rows[size_t(i)];
        Row& next = rows[size_t(i)];
        if (cur.cells != next.cells || cur.sortValues != next.sortValues || cur.revision != next.revision) {
            if (firstChanged < 0)
                firstChanged = i;
            lastChanged = i;
            cur = std::move(next);
        }
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, int(m_header.size()) - 1));
}

int ObjectTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ObjectTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_header.size());
}

QVariant ObjectTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return r.cells.value(index.column());
    case SortRole:
        return r.sortValues.value(index.column(), r.cells.value(index.column()));
    case ObjectKeyRole:
        return r.key;
    case NamespaceRole:
        return r.ns;
    case NameRole:
        return r.name;
    case RevisionRole:
        return r.revision;
    default:
        return {};
    }
}

QVariant ObjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_header.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return m_header.at(section);
    return {};
}

int ObjectTableModel::rowOf(const QString& key) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key == key)
            return int(i);
    return -1;
}

QString ObjectTableModel::tableText() const
{
    if (m_rows.empty())
        return {};
    std::vector<QStringList> table {m_header};
    for (const Row& r : m_rows)
        table.push_back(r.cells);
    return formatTable(table);
}

} // namespace rl
