#pragma once

#include <QPointer>
#include <QWidget>

#include <vector>

class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QSplitter;
class QToolButton;
class QVBoxLayout;

namespace rl {

class DeploymentHeaderWidget;
class PodGridWidget;
class Simulation;

/// The rollout view: for each Deployment of a namespace its header (DeploymentHeaderWidget) and
/// its pod grid (PodGridWidget), one section per Deployment by name; the ReplicaSets and pods
/// that no Deployment owns come last. Selecting a pod shows its `kubectl describe pod` below.
/// A legend of the tile looks sits on the right. Follows the GUI contract (setSimulation,
/// refresh, commandRequested, podSelected, deploymentSelected, replicaSetSelected).
class RolloutView : public QWidget
{
    Q_OBJECT
public:
    explicit RolloutView(QWidget* parent = nullptr);
    ~RolloutView() override;

    void setSimulation(const Simulation* sim);
    void setNamespace(const QString& ns);
    QString namespace_() const { return m_ns; }
    void refresh();

    /// Animations of every grid (off for tests and screenshots).
    void setAnimated(bool on);
    void setLegendVisible(bool on);

    /// The sections shown, top to bottom (for tests): the grids, the headers (null for the last,
    /// Deployment-less section).
    std::vector<PodGridWidget*> grids() const;
    std::vector<DeploymentHeaderWidget*> headers() const;
    QString selectedPod() const { return m_selectedPod; }
    QString describeText() const;

signals:
    void podSelected(const QString& ns, const QString& name);
    void deploymentSelected(const QString& ns, const QString& name);
    void replicaSetSelected(const QString& ns, const QString& name);
    void commandRequested(const QStringList& argv);

private:
    struct Section
    {
        QString deployment; // empty: the section of what no Deployment owns
        QWidget* box = nullptr;
        DeploymentHeaderWidget* header = nullptr;
        QLabel* title = nullptr;
        PodGridWidget* grid = nullptr;
    };
    Section makeSection(const QString& deployment);
    void syncSections();
    void onPodSelected(PodGridWidget* source, const QString& ns, const QString& name);
    void updateDescribe();

    const Simulation* m_sim = nullptr;
    QString m_ns = QStringLiteral("default");
    bool m_animated = true;
    std::vector<Section> m_sections;
    QSplitter* m_splitter = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    QLabel* m_empty = nullptr;
    QScrollArea* m_legend = nullptr; // holds the legend of the tile looks
    QPlainTextEdit* m_describe = nullptr;
    QString m_selectedPod;
};

} // namespace rl
