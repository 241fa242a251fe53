#pragma once

#include "sim/objectstore.h"

#include <QDialog>
#include <QStringList>

#include <vector>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace rl {

/// The kubectl command each deployment action of the window equals (argv without "kubectl").
/// The window runs it through the Session, so the console shows exactly this command.
namespace DeploymentActions {

/// `set image deployment/NAME CONTAINER=IMAGE`
QStringList setImage(const QString& deployment, const QString& container, const QString& image);
/// `scale deployment NAME --replicas=N`
QStringList scale(const QString& deployment, int replicas);

/// The fields of the Edit strategy dialog: type "RollingUpdate" or "Recreate"; maxSurge and
/// maxUnavailable as typed ("1", "25%"); minReadySeconds.
struct Strategy
{
    QString type = QStringLiteral("RollingUpdate");
    QString maxSurge = QStringLiteral("25%");
    QString maxUnavailable = QStringLiteral("25%");
    int minReadySeconds = 0;
    bool operator==(const Strategy&) const = default;
};
Strategy strategyOf(const Deployment& d);
/// The strategic merge patch body: numbers stay numbers, percentages strings; Recreate removes
/// rollingUpdate (null), as the API server requires (spec.strategy.rollingUpdate: Forbidden).
QString strategyPatch(const Strategy& s);
/// `patch deployment NAME -p PATCH`
QStringList patchStrategy(const QString& deployment, const Strategy& s);

/// `rollout pause|resume|undo|restart deployment NAME`; undo with --to-revision=N when N > 0.
QStringList rollout(const QString& verb, const QString& deployment, int toRevision = 0);
/// `delete pod NAME`
QStringList deletePod(const QString& pod);

/// One revision of a Deployment, from its ReplicaSets (as `kubectl rollout history` lists them).
struct Revision
{
    qint64 number = 0;
    QString replicaSet;
    QString changeCause;
    QStringList images;
};
std::vector<Revision> revisionsOf(const ObjectStore& store, const Deployment& d);

} // namespace DeploymentActions

/// Set image…: container and image of one Deployment.
class SetImageDialog : public QDialog
{
    Q_OBJECT
public:
    SetImageDialog(const Deployment& d, QWidget* parent = nullptr);
    QStringList argv() const;
    void setImage(const QString& container, const QString& image);

private:
    QString m_deployment;
    QComboBox* m_container;
    QLineEdit* m_image;
    std::vector<QString> m_images;
};

/// Scale…: the number of replicas.
class ScaleDialog : public QDialog
{
    Q_OBJECT
public:
    ScaleDialog(const Deployment& d, QWidget* parent = nullptr);
    QStringList argv() const;
    void setReplicas(int n);

private:
    QString m_deployment;
    QSpinBox* m_replicas;
};

/// Edit strategy…: type, maxSurge, maxUnavailable, minReadySeconds.
class StrategyDialog : public QDialog
{
    Q_OBJECT
public:
    StrategyDialog(const Deployment& d, QWidget* parent = nullptr);
    DeploymentActions::Strategy strategy() const;
    void setStrategy(const DeploymentActions::Strategy& s);
    QStringList argv() const;

private:
    void updateEnabled();
    QString m_deployment;
    QComboBox* m_type;
    QLineEdit* m_maxSurge;
    QLineEdit* m_maxUnavailable;
    QSpinBox* m_minReady;
};

/// Undo to revision…: the revisions of a Deployment with their change-cause and images.
class RevisionDialog : public QDialog
{
    Q_OBJECT
public:
    RevisionDialog(const ObjectStore& store, const Deployment& d, QWidget* parent = nullptr);
    QStringList argv() const;
    int revisionCount() const;
    void setRevision(qint64 n);

private:
    QString m_deployment;
    QComboBox* m_revision;
};

} // namespace rl
