#pragma once

#include "api/objects.h"

#include <QWidget>

#include <optional>

class QLabel;
class QMenu;

namespace rl {

/// What the header of a Deployment says, as plain text (tested with data tables).
struct DeploymentHeaderText
{
    QString name;
    QString strategy; // "RollingUpdate" / "Recreate"
    /// kubectl describe's Replicas line: "3 desired | 3 updated | 3 total | 3 available | 0 unavailable".
    QString replicas;
    /// Resolved with the controller's arithmetic (rollout::maxSurge / maxUnavailable):
    /// "maxSurge 25% → at most 13 pods", "maxUnavailable 25% → at least 8 available"; for
    /// Recreate one sentence in `maxSurge` and an empty `maxUnavailable`.
    QString maxSurge;
    QString maxUnavailable;
    QString minReadySeconds; // "minReadySeconds 10"
    QString progressDeadline; // "progressDeadlineSeconds 600"
    QString paused; // "paused: false" / "paused: true"
    /// `kubectl rollout status` one-shot line, e.g. `deployment "kiada" successfully rolled out`.
    QString status;
    bool statusDone = false;
    bool statusError = false;
    std::vector<Condition> conditions;
    bool operator==(const DeploymentHeaderText&) const = default;
};

DeploymentHeaderText deploymentHeaderText(const Deployment& d);

/// The header of one Deployment in the rollout view: strategy, replicas, maxSurge/maxUnavailable
/// resolved, minReadySeconds, progressDeadlineSeconds, paused, its conditions (Type, Status,
/// Reason, Message as the API has them) and a status line. Reads values; the context menu emits
/// `kubectl rollout pause|resume|undo|restart` as commandRequested.
class DeploymentHeaderWidget : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentHeaderWidget(QWidget* parent = nullptr);
    ~DeploymentHeaderWidget() override;

    /// Shows `d` (null: nothing). Cheap when the texts did not change.
    void setDeployment(const DeploymentPtr& d);
    const DeploymentHeaderText& text() const { return m_text; }
    QString deploymentName() const { return m_text.name; }
    QString namespace_() const { return m_ns; }
    /// The context menu (Pause/Resume, Undo, Restart); the caller owns it.
    QMenu* createContextMenu(QWidget* parent = nullptr);

signals:
    void deploymentSelected(const QString& ns, const QString& name);
    void commandRequested(const QStringList& argv);

protected:
    void contextMenuEvent(QContextMenuEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void render();
    QStringList rolloutArgs(const QString& verb) const;

    DeploymentHeaderText m_text;
    QString m_ns;
    bool m_paused = false;
    bool m_valid = false;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_facts = nullptr;
    QLabel* m_conditions = nullptr;
};

} // namespace rl
