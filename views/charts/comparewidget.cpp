#include "charts/comparewidget.h"

#include "charts/availabilitychart.h"
#include "charts/charttheme.h"
#include "charts/podtimelinewidget.h"
#include "sim/simulation.h"

#include <QApplication>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rl {

namespace {
QString rolling(int surge, int unavailable)
{
    return QStringLiteral(
        R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":%1,"maxUnavailable":%2}}}})")
        .arg(surge)
        .arg(unavailable);
}
} // namespace

QList<CompareWidget::Preset> CompareWidget::presets()
{
    return {
        {tr("maxSurge 1 / maxUnavailable 0  against  maxSurge 0 / maxUnavailable 1"),
            {tr("maxSurge 1, maxUnavailable 0"), rolling(1, 0)}, {tr("maxSurge 0, maxUnavailable 1"), rolling(0, 1)}},
        {tr("Recreate  against  RollingUpdate (maxSurge 1, maxUnavailable 0)"),
            {tr("Recreate"), QStringLiteral(R"({"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}})")},
            {tr("RollingUpdate 1 / 0"), rolling(1, 0)}},
        {tr("maxSurge 1 / maxUnavailable 1  against  maxSurge 0 / maxUnavailable 1"),
            {tr("maxSurge 1, maxUnavailable 1"), rolling(1, 1)}, {tr("maxSurge 0, maxUnavailable 1"), rolling(0, 1)}},
    };
}

ComparisonSetup CompareWidget::kiadaSetup(const QString& lessonDirectory)
{
    ComparisonSetup s;
    s.workingDirectory = lessonDirectory;
    s.setupScript = QStringLiteral("kubectl apply -f images.yaml\n"
                                   "kubectl apply -f svc.kiada.yaml\n"
                                   "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                   "kubectl rollout status deployment kiada\n");
    s.deployment = QStringLiteral("kiada");
    s.updateScript = QStringLiteral(
        R"(kubectl patch deployment kiada -p '{"spec":{"template":{"metadata":{"labels":{"ver":"0.7"}},"spec":{"containers":[{"name":"kiada","image":"luksa/kiada:0.7"}]}}}}')");
    s.service = QStringLiteral("kiada");
    s.trafficRate = 10;
    return s;
}

CompareWidget::CompareWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("compare"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_presets = new QComboBox(this);
    m_presets->setObjectName(QStringLiteral("presets"));
    for (const Preset& p : presets())
        m_presets->addItem(p.name);
    m_presets->setToolTip(tr("The two settings to compare"));
    m_run = new QPushButton(tr("&Run both"), this);
    m_run->setObjectName(QStringLiteral("runBoth"));
    m_run->setToolTip(tr("Run the same update under both settings, with the same random seed"));
    m_run->setStatusTip(m_run->toolTip());
    bar->addWidget(new QLabel(tr("Compare:"), this));
    bar->addWidget(m_presets, 1);
    bar->addWidget(m_run);
    layout->addLayout(bar);

    auto* grid = new QGridLayout;
    for (int i = 0; i < 2; ++i) {
        m_titles[i] = new QLabel(this);
        QFont f = m_titles[i]->font();
        f.setBold(true);
        m_titles[i]->setFont(f);
        m_timelines[i] = new PodTimelineWidget(this);
        m_charts[i] = new AvailabilityChart(this);
        m_charts[i]->setTitleVisible(false);
        grid->addWidget(m_titles[i], 0, i);
        grid->addWidget(m_timelines[i], 1, i);
        grid->addWidget(m_charts[i], 2, i);
    }
    grid->setRowStretch(1, 2);
    grid->setRowStretch(2, 3);
    layout->addLayout(grid, 1);

    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("summary"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_table);
    m_note = new QLabel(tr("Time to complete: from the update until <code>kubectl rollout status</code> reports "
                           "“successfully rolled out” (every replica updated and available, no old replica left). "
                           "Pod counts leave out terminating pods, as maxSurge does."),
        this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    connect(m_presets, &QComboBox::currentIndexChanged, this, [this](int i) {
        const auto list = presets();
        if (i >= 0 && i < list.size())
            setVariants(list[i].a, list[i].b);
    });
    connect(m_run, &QPushButton::clicked, this, &CompareWidget::run);
    const Preset first = presets().front();
    setVariants(first.a, first.b);
    fillSummary();
}

CompareWidget::~CompareWidget()
{
    // The views point into the runs' simulations.
    for (int i = 0; i < 2; ++i) {
        m_timelines[i]->setSimulation(nullptr);
        m_charts[i]->setSimulation(nullptr);
    }
}

void CompareWidget::setSetup(const ComparisonSetup& setup)
{
    m_setup = setup;
}

void CompareWidget::setVariants(const ComparisonVariant& a, const ComparisonVariant& b)
{
    m_a = a;
    m_b = b;
    m_titles[0]->setText(a.label);
    m_titles[1]->setText(b.label);
    const auto list = presets();
    for (int i = 0; i < list.size(); ++i) {
        if (list[i].a.patch == a.patch && list[i].b.patch == b.patch) {
            const QSignalBlocker block(m_presets);
            m_presets->setCurrentIndex(i);
        }
    }
}

void CompareWidget::run()
{
    if (m_setup.deployment.isEmpty())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    for (int i = 0; i < 2; ++i) {
        m_timelines[i]->setSimulation(nullptr);
        m_charts[i]->setSimulation(nullptr);
    }
    m_comparison = Comparison::run(m_setup, m_a, m_b);
    QApplication::restoreOverrideCursor();
    showResults();
    Q_EMIT comparisonFinished();
}

void CompareWidget::showResults()
{
    const ComparisonRun* runs[2] = {m_comparison.a.get(), m_comparison.b.get()};
    const Millis before = m_comparison.spanBefore();
    const Millis after = m_comparison.spanAfter();
    int yMax = 0;
    for (const ComparisonRun* r : runs) {
        if (!r)
            continue;
        for (const auto& s : r->analysis().samples())
            yMax = std::max({yMax, s.ceiling, s.total + s.terminating, s.desired});
    }
    for (int i = 0; i < 2; ++i) {
        const ComparisonRun* r = runs[i];
        if (!r)
            continue;
        m_titles[i]->setText(r->variant().label);
        m_timelines[i]->setDeployment(m_setup.ns, m_setup.deployment);
        m_timelines[i]->setSimulation(&r->simulation());
        m_timelines[i]->setTimeOrigin(r->updateAt());
        m_timelines[i]->setTimeRange(r->updateAt() - before, r->updateAt() + after);
        m_timelines[i]->setCursorTime(r->updateAt() + after + 1);
        m_charts[i]->setDeployment(m_setup.ns, m_setup.deployment);
        m_charts[i]->setSimulation(&r->simulation());
        m_charts[i]->setTimeOrigin(r->updateAt());
        m_charts[i]->setTimeRange(r->updateAt() - before, r->updateAt() + after);
        m_charts[i]->setCursorTime(r->updateAt() + after + 1);
        m_charts[i]->setYMaximum(yMax + 1);
    }
    fillSummary();
}

void CompareWidget::fillSummary()
{
    const QStringList rows = {tr("Time to complete"), tr("Lowest availability"), tr("Time with no pod available"),
        tr("Highest pod count"), tr("Highest pod count, terminating included"), tr("Failed requests")};
    m_table->setRowCount(int(rows.size()));
    m_table->setColumnCount(2);
    m_table->setVerticalHeaderLabels(rows);
    m_table->setHorizontalHeaderLabels({m_a.label, m_b.label});
    const ComparisonRun* runs[2] = {m_comparison.a.get(), m_comparison.b.get()};
    auto sec = [](Millis ms) { return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1); };
    for (int c = 0; c < 2; ++c) {
        QStringList values;
        if (!runs[c] || runs[c]->endAt() == 0) {
            for (int r = 0; r < rows.size(); ++r)
                values << QStringLiteral("–");
        } else {
            const ComparisonSummary& s = runs[c]->summary();
            const qint32 replicas = runs[c]->analysis().at(runs[c]->updateAt()).desired;
            values << (s.completed ? sec(s.timeToComplete)
                                   : tr("not complete after %1").arg(sec(runs[c]->endAt() - runs[c]->updateAt())))
                   << tr("%1 of %2").arg(s.lowestAvailable).arg(replicas) << sec(s.zeroAvailableFor)
                   << QString::number(s.highestPods) << QString::number(s.highestPodsWithTerminating)
                   << (s.requests > 0 ? tr("%1 of %2 (%3 %)")
                                            .arg(s.failedRequests)
                                            .arg(s.requests)
                                            .arg(100.0 * s.failedRequests / s.requests, 0, 'f', 1)
                                      : tr("no client"));
        }
        for (int r = 0; r < rows.size(); ++r) {
            auto* item = new QTableWidgetItem(values[r]);
            item->setTextAlignment(Qt::AlignCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_table->verticalHeaderItem(0)->setToolTip(m_note->text());
    m_table->verticalHeaderItem(3)->setToolTip(tr("Active pods: terminating ones are left out, as maxSurge counts"));
    m_table->verticalHeaderItem(5)->setToolTip(tr("Requests sent from the update until the end of the run that "
                                                  "failed: refused (no ready pod) or answered with an error"));
    // On a projector the figures that matter most, in large type.
    m_table->setRowHidden(4, m_presentation);
    m_note->setVisible(!m_presentation);
    m_table->resizeRowsToContents();
    int height = std::max(m_table->horizontalHeader()->sizeHint().height(),
                     QFontMetrics(m_table->horizontalHeader()->font()).height() + 10)
        + 2 * m_table->frameWidth() + 2;
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (!m_table->isRowHidden(r))
            height += m_table->rowHeight(r);
    m_table->setFixedHeight(height);
    if (!m_comparison.error.isEmpty())
        m_note->setText(m_comparison.error.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

void CompareWidget::setPresentationMode(bool on)
{
    m_presentation = on;
    for (int i = 0; i < 2; ++i) {
        m_timelines[i]->setPresentationMode(on);
        m_charts[i]->setPresentationMode(on);
        QFont f = font();
        f.setBold(true);
        if (on)
            f.setPointSizeF(f.pointSizeF() * 1.6);
        m_titles[i]->setFont(f);
    }
    QFont tf = font();
    if (on)
        tf.setPointSizeF(tf.pointSizeF() * 1.4);
    m_table->setFont(tf);
    m_note->setFont(tf);
    const ChartTheme theme(palette(), on);
    m_table->setPalette(theme.widgetPalette(palette()));
    fillSummary();
}

AvailabilityChart* CompareWidget::chart(int column) const
{
    return m_charts[column == 0 ? 0 : 1];
}

PodTimelineWidget* CompareWidget::timeline(int column) const
{
    return m_timelines[column == 0 ? 0 : 1];
}

CsvTable CompareWidget::csvTable() const
{
    CsvTable t;
    t.header = {QStringLiteral("figure"), m_a.label, m_b.label};
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList row {m_table->verticalHeaderItem(r) ? m_table->verticalHeaderItem(r)->text() : QString()};
        for (int c = 0; c < 2; ++c)
            row << (m_table->item(r, c) ? m_table->item(r, c)->text() : QString());
        t.rows << row;
    }
    return t;
}

} // namespace rl
