#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace rl {

class DiffView;
class RolloutHistoryModel;
class Simulation;

/// A Deployment's rollout history (REVISION, CHANGE-CAUSE as `kubectl rollout history` prints
/// them) and the unified diff between the pod templates of any two revisions, each template as
/// `kubectl rollout history --revision=N` prints it. Selecting a row compares it with the
/// revision before it; the two combo boxes pick any pair.
class RevisionDiffWidget : public QWidget
{
    Q_OBJECT
public:
    explicit RevisionDiffWidget(QWidget* parent = nullptr);

    void setSimulation(const Simulation* sim);
    void refresh();
    void setDeployment(const QString& ns, const QString& name);

    /// Compares revision `from` with revision `to` (both must exist).
    void setRevisions(qint64 from, qint64 to);
    qint64 fromRevision() const;
    qint64 toRevision() const;
    QStringList revisions() const;
    /// The diff shown ("" when the templates are equal or a revision is missing).
    QString diffText() const { return m_diff; }

    RolloutHistoryModel* historyModel() const { return m_model; }

private:
    void updateRevisionChoices();
    void updateDiff();

    const Simulation* m_sim = nullptr;
    QString m_ns = QStringLiteral("default");
    QString m_name;
    RolloutHistoryModel* m_model;
    QTableView* m_table;
    QComboBox* m_from;
    QComboBox* m_to;
    QLabel* m_summary;
    DiffView* m_view;
    QString m_diff;
};

} // namespace rl
