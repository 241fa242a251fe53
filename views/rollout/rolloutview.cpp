#include "rollout/rolloutview.h"

#include "kubectl/describe.h"
#include "podgrid/podgridwidget.h"
#include "rollout/deploymentheaderwidget.h"
#include "sim/simulation.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <functional>

namespace rl {

namespace {

/// Paints the legend of a grid's tile looks.
class LegendWidget : public QWidget
{
public:
    explicit LegendWidget(QWidget* parent)
        : QWidget(parent)
        , m_sample(new PodGridWidget(this))
    {
        m_sample->hide();
        setToolTip(tr("How a pod tile shows the pod's state; its colour is its ReplicaSet's version."));
    }
    QSize sizeHint() const override { return m_sample->legendSizeHint() + QSize(16, 16 + fontMetrics().lineSpacing()); }
    QSize minimumSizeHint() const override { return sizeHint(); }
    /// Called when the size hint changed (font or palette), so the enclosing scroll area can follow.
    std::function<void()> sizeChanged;

protected:
    void changeEvent(QEvent* e) override
    {
        if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange) {
            m_sample->setPalette(palette());
            m_sample->setFont(font());
            updateGeometry();
            if (sizeChanged)
                sizeChanged();
        }
        QWidget::changeEvent(e);
    }
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::Text));
        const int line = fontMetrics().lineSpacing();
        p.drawText(QRect(8, 8, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter, tr("Pod states"));
        m_sample->paintLegend(p, QRect(8, 8 + line + 4, width() - 16, height() - 16 - line));
    }

private:
    PodGridWidget* m_sample;
};

} // namespace

RolloutView::RolloutView(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_scroll = new QScrollArea(m_splitter);
    m_scroll->setObjectName(QStringLiteral("podScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    m_content->setAutoFillBackground(true);
    m_content->setBackgroundRole(QPalette::Base);
    m_contentLayout = new QVBoxLayout(m_content);
    m_contentLayout->setContentsMargins(0, 0, 0, 0);
    m_contentLayout->setSpacing(0);
    m_empty = new QLabel(tr("No Deployments or pods in this namespace."), m_content);
    m_empty->setMargin(12);
    m_contentLayout->addWidget(m_empty);
    m_contentLayout->addStretch(1);
    m_scroll->setWidget(m_content);

    m_describe = new QPlainTextEdit(m_splitter);
    m_describe->setObjectName(QStringLiteral("podDescribe"));
    m_describe->setReadOnly(true);
    m_describe->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_describe->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_describe->setPlaceholderText(tr("Select a pod to see `kubectl describe pod`."));
    m_describe->hide();
    m_splitter->addWidget(m_scroll);
    m_splitter->addWidget(m_describe);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    outer->addWidget(m_splitter, 1);

    // The legend scrolls rather than being cut off when the view is short (the window at 1280x720
    // leaves the rollout view about 300 px); its width follows its size hint (fonts, presentation mode).
    auto* legend = new LegendWidget(this);
    m_legend = new QScrollArea(this);
    m_legend->setObjectName(QStringLiteral("legendScroll"));
    m_legend->setFrameShape(QFrame::NoFrame);
    m_legend->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_legend->setWidgetResizable(true);
    m_legend->setWidget(legend);
    auto fitLegend = [this, legend] {
        m_legend->setFixedWidth(legend->sizeHint().width() + m_legend->verticalScrollBar()->sizeHint().width());
    };
    legend->sizeChanged = fitLegend;
    fitLegend();
    outer->addWidget(m_legend, 0);
}

RolloutView::~RolloutView() = default;

void RolloutView::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    for (Section& s : m_sections)
        s.grid->setSimulation(sim);
    refresh();
}

void RolloutView::setNamespace(const QString& ns)
{
    if (ns == m_ns)
        return;
    m_ns = ns;
    for (Section& s : m_sections)
        s.box->deleteLater();
    m_sections.clear();
    m_selectedPod.clear();
    refresh();
}

void RolloutView::setAnimated(bool on)
{
    m_animated = on;
    for (Section& s : m_sections)
        s.grid->setAnimated(on);
}

void RolloutView::setLegendVisible(bool on)
{
    m_legend->setVisible(on);
}

std::vector<PodGridWidget*> RolloutView::grids() const
{
    std::vector<PodGridWidget*> out;
    for (const Section& s : m_sections)
        if (!s.box->isHidden())
            out.push_back(s.grid);
    return out;
}

std::vector<DeploymentHeaderWidget*> RolloutView::headers() const
{
    std::vector<DeploymentHeaderWidget*> out;
    for (const Section& s : m_sections)
        if (!s.box->isHidden())
            out.push_back(s.header);
    return out;
}

QString RolloutView::describeText() const
{
    return m_describe->toPlainText();
}

RolloutView::Section RolloutView::makeSection(const QString& deployment)
{
    Section s;
    s.deployment = deployment;
    s.box = new QWidget(m_content);
    auto* lay = new QVBoxLayout(s.box);
    lay->setContentsMargins(0, 0, 0, 8);
    lay->setSpacing(0);
    if (!deployment.isEmpty()) {
        s.header = new DeploymentHeaderWidget(s.box);
        lay->addWidget(s.header);
        connect(s.header, &DeploymentHeaderWidget::commandRequested, this, &RolloutView::commandRequested);
        connect(s.header, &DeploymentHeaderWidget::deploymentSelected, this, &RolloutView::deploymentSelected);
    } else {
        s.title = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Not owned by a Deployment")), s.box);
        s.title->setContentsMargins(8, 8, 8, 0);
        lay->addWidget(s.title);
    }
    s.grid = new PodGridWidget(s.box);
    s.grid->setAnimated(m_animated);
    s.grid->setScope(
        deployment.isEmpty() ? PodGridData::Scope::Unowned : PodGridData::Scope::Deployment, m_ns, deployment);
    s.grid->setSimulation(m_sim);
    lay->addWidget(s.grid);
    PodGridWidget* grid = s.grid;
    connect(grid, &PodGridWidget::commandRequested, this, &RolloutView::commandRequested);
    connect(grid, &PodGridWidget::replicaSetSelected, this, &RolloutView::replicaSetSelected);
    connect(grid, &PodGridWidget::podSelected, this,
        [this, grid](const QString& ns, const QString& name) { onPodSelected(grid, ns, name); });
    connect(grid, &PodGridWidget::selectionRectChanged, this, [this, grid](const QRect& r) {
        const QPoint c = grid->mapTo(m_content, r.center());
        m_scroll->ensureVisible(c.x(), c.y(), r.width(), r.height() + 8);
    });
    return s;
}

void RolloutView::syncSections()
{
    QStringList wanted;
    if (m_sim) {
        const QString prefix = m_ns + QLatin1Char('/');
        const auto& ds = m_sim->store().all<Deployment>();
        for (auto it = ds.lower_bound(prefix); it != ds.end() && it->first.startsWith(prefix); ++it)
            wanted << it->second->metadata.name;
    }
    wanted << QString(); // the last section: what no Deployment owns
    QStringList have;
    for (const Section& s : m_sections)
        have << s.deployment;
    if (have == wanted)
        return;
    std::vector<Section> next;
    for (const QString& name : wanted) {
        auto it = std::find_if(
            m_sections.begin(), m_sections.end(), [&](const Section& s) { return s.deployment == name && s.box; });
        if (it != m_sections.end()) {
            next.push_back(*it);
            it->box = nullptr;
        } else {
            next.push_back(makeSection(name));
        }
    }
    for (Section& s : m_sections)
        if (s.box)
            s.box->deleteLater();
    m_sections = std::move(next);
    // Re-insert in order, before the trailing stretch.
    for (Section& s : m_sections)
        m_contentLayout->removeWidget(s.box);
    int i = 1; // after the "empty" label
    for (Section& s : m_sections)
        m_contentLayout->insertWidget(i++, s.box);
}

void RolloutView::refresh()
{
    syncSections();
    bool any = false;
    for (Section& s : m_sections) {
        if (s.header)
            s.header->setDeployment(m_sim ? m_sim->store().get<Deployment>(m_ns, s.deployment) : nullptr);
        s.grid->refresh();
        const bool show = !s.deployment.isEmpty() || !s.grid->data().groups().empty();
        s.box->setVisible(show);
        any = any || show;
    }
    m_empty->setVisible(!any);
    updateDescribe();
}

void RolloutView::onPodSelected(PodGridWidget* source, const QString& ns, const QString& name)
{
    for (Section& s : m_sections)
        if (s.grid != source)
            s.grid->setSelectedPod({});
    m_selectedPod = name;
    updateDescribe();
    emit podSelected(ns, name);
}

void RolloutView::updateDescribe()
{
    if (m_selectedPod.isEmpty() || !m_sim) {
        m_describe->hide();
        return;
    }
    const PodPtr pod = m_sim->store().get<Pod>(m_ns, m_selectedPod);
    if (!pod) {
        m_describe->setPlainText(
            QStringLiteral("Error from server (NotFound): pods \"%1\" not found").arg(m_selectedPod));
        return;
    }
    const QString text = describePod(*pod, m_sim->store(), m_sim->now());
    if (text != m_describe->toPlainText()) {
        const int v = m_describe->verticalScrollBar()->value();
        m_describe->setPlainText(text);
        m_describe->verticalScrollBar()->setValue(v);
    }
    if (m_describe->isHidden()) {
        m_describe->show();
        const int h = m_splitter->height();
        m_splitter->setSizes({h * 3 / 5, h - h * 3 / 5}); // the grid keeps most of the room
    }
}

} // namespace rl
