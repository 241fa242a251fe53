#include "charts/trafficchart.h"

#include "charts/charttheme.h"
#include "charts/timeaxis.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QAreaSeries>
#include <QEvent>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

namespace rl {

TrafficChart::TrafficChart(QWidget* parent)
    : QChartView(new QChart, parent) // setChart() would leave the default chart unowned
{
    setObjectName(QStringLiteral("trafficChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 180);
    m_chart = chart();
    m_chart->setTitle(tr("Requests by version"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("time (s)"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("share (%)"));
    m_y->setRange(0, 100);
    m_y->setTickCount(6);
    m_y->setLabelFormat(QStringLiteral("%d"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_stats.setPodVersion([this](const QString& pod) {
        const int i = m_analysis.podIndex(m_analysis.deploymentNamespace(), pod);
        return i < 0 ? -1 : m_analysis.pods()[std::size_t(i)].versionIndex;
    });
    applyTheme();
    updateAxes();
}

TrafficChart::~TrafficChart() = default;

void TrafficChart::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    m_analysis.reset();
    m_stats.reset();
    m_seenStats = ~quint64(0);
    refresh();
}

void TrafficChart::setTrafficSource(const TrafficSource* source)
{
    m_source = source;
    m_stats.reset();
    m_seenStats = ~quint64(0);
    refresh();
}

void TrafficChart::setDeployment(const QString& ns, const QString& name)
{
    m_analysis.setDeployment(ns, name);
    m_stats.reset();
    m_seenStats = ~quint64(0);
    refresh();
}

void TrafficChart::setPresentationMode(bool on)
{
    if (m_presentation == on)
        return;
    m_presentation = on;
    applyTheme();
}

void TrafficChart::setTimeOrigin(Millis origin)
{
    m_origin = origin;
    m_seenStats = ~quint64(0);
    refresh();
}

void TrafficChart::setTimeRange(Millis from, Millis to)
{
    m_from = from;
    m_to = to;
    m_seenStats = ~quint64(0);
    refresh();
}

void TrafficChart::setCursorTime(Millis t)
{
    m_cursor = t;
    viewport()->update();
}

void TrafficChart::setBucket(Millis ms)
{
    m_bucket = ms;
    m_seenStats = ~quint64(0);
    refresh();
}

Millis TrafficChart::now() const
{
    return TimeAxis::now(m_sim);
}

Millis TrafficChart::origin() const
{
    return TimeAxis::origin(m_sim, m_origin);
}

double TrafficChart::toSeconds(Millis t) const
{
    return TimeAxis::seconds(t, origin());
}

Millis TrafficChart::effectiveBucket() const
{
    if (m_bucket > 0)
        return m_bucket;
    const Millis from = m_from != kNoTime ? m_from : origin();
    const Millis to = m_to != kNoTime ? m_to : std::max(now(), from + 30000);
    // About 150 windows across the span, at least one second each.
    return std::max<Millis>(1000, Millis(TimeAxis::niceStep(double(to - from) / 150.0 / 1000.0) * 1000));
}

void TrafficChart::refresh()
{
    if (m_sim)
        m_analysis.update(m_sim->store().history(), m_sim->now());
    m_stats.setBucket(effectiveBucket(), origin());
    if (m_source)
        m_stats.update(m_source->requests());
    else
        m_stats.reset();
    updateAxes();
    if (m_stats.revision() == m_seenStats)
        return;
    m_seenStats = m_stats.revision();
    rebuild();
    viewport()->update();
}

void TrafficChart::rebuildLayers()
{
    for (QAreaSeries* a : m_layers) {
        m_chart->removeSeries(a);
        delete a;
    }
    qDeleteAll(m_lines);
    m_layers.clear();
    m_lines.clear();
    const int versions = int(m_stats.versions().size());
    for (int k = 0; k < versions + 2; ++k) {
        auto* upper = new QLineSeries(this);
        auto* lower = new QLineSeries(this);
        m_lines << upper << lower;
        auto* area = new QAreaSeries(upper, lower);
        if (k < versions)
            area->setName(m_stats.versions()[k]);
        else if (k == versions)
            area->setName(tr("server errors"));
        else
            area->setName(tr("refused"));
        area->setObjectName(QStringLiteral("layer-%1").arg(k));
        m_chart->addSeries(area);
        area->attachAxis(m_x);
        area->attachAxis(m_y);
        m_layers << area;
    }
    applyTheme();
}

void TrafficChart::rebuild()
{
    const int versions = int(m_stats.versions().size());
    if (m_layers.size() != versions + 2)
        rebuildLayers();
    const auto& buckets = m_stats.buckets();
    const double width = double(m_stats.bucket()) / 1000.0;
    std::vector<QList<QPointF>> uppers(std::size_t(versions + 2));
    std::vector<QList<QPointF>> lowers(std::size_t(versions + 2));
    for (const TrafficBucket& b : buckets) {
        const int total = b.total();
        const double x0 = toSeconds(b.start);
        const double x1 = x0 + width;
        double base = 0;
        for (int k = 0; k < versions + 2; ++k) {
            const int n = k < versions ? b.served[std::size_t(k)] : (k == versions ? b.serverErrors : b.refused);
            const double share = total > 0 ? 100.0 * n / total : 0.0;
            auto& up = uppers[std::size_t(k)];
            auto& lo = lowers[std::size_t(k)];
            up << QPointF(x0, base + share) << QPointF(x1, base + share);
            lo << QPointF(x0, base) << QPointF(x1, base);
            base += share;
        }
    }
    for (int k = 0; k < versions + 2; ++k) {
        m_layers[k]->upperSeries()->replace(uppers[std::size_t(k)]);
        m_layers[k]->lowerSeries()->replace(lowers[std::size_t(k)]);
    }
}

void TrafficChart::updateAxes()
{
    Millis from = m_from;
    Millis to = m_to;
    if (from == kNoTime || to == kNoTime) {
        from = origin();
        to = std::max(now(), from + 30000);
    }
    const double x0 = toSeconds(from);
    const double x1 = std::max(toSeconds(to), x0 + 1);
    m_x->setRange(x0, x1);
    const double step = TimeAxis::niceStep((x1 - x0) / (m_presentation ? 6 : 10));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_x->setTickInterval(step);
    m_x->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

void TrafficChart::applyTheme()
{
    const ChartTheme theme(palette(), m_presentation);
    theme.apply(m_chart);
    setBackgroundBrush(theme.background());
    const int versions = int(m_stats.versions().size());
    for (int k = 0; k < m_layers.size(); ++k) {
        QColor c;
        Qt::BrushStyle style = Qt::SolidPattern;
        if (k < versions) {
            const int index = m_stats.versionIndexes()[std::size_t(k)];
            c = theme.versionColor(index >= 0 ? index : k);
        } else if (k == versions) {
            c = theme.isDark() ? QColor(0xFF, 0x45, 0x45) : QColor(0x9B, 0x00, 0x00);
        } else {
            c = theme.failure();
            style = Qt::BDiagPattern;
        }
        QAreaSeries* a = m_layers[k];
        if (style == Qt::SolidPattern) {
            a->setBrush(c);
        } else {
            // Hatched, so refused requests read as "nothing there" even in greyscale.
            QColor light = c;
            light.setAlpha(90);
            a->setBrush(light);
        }
        a->setPen(QPen(c, m_presentation ? 2 : 1));
    }
    viewport()->update();
}

void TrafficChart::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    if (!m_sim)
        return;
    const ChartTheme theme(palette(), m_presentation);
    const QRectF plot = m_chart->plotArea();
    const double sec = toSeconds(m_cursor != kNoTime ? m_cursor : now());
    const double x0 = m_x->min();
    const double x1 = m_x->max();
    if (sec < x0 || sec > x1)
        return;
    const double x = plot.left() + (sec - x0) / (x1 - x0) * plot.width();
    painter->save();
    painter->setPen(QPen(theme.cursor(), m_presentation ? 3 : 1.5));
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    if (m_stats.sent() == 0) {
        painter->setPen(theme.mutedText());
        painter->setFont(theme.font());
        painter->drawText(plot, Qt::AlignCenter, tr("No requests sent yet"));
    }
    painter->restore();
}

void TrafficChart::changeEvent(QEvent* e)
{
    QChartView::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange)
        applyTheme();
}

CsvTable TrafficChart::csvTable() const
{
    CsvTable t;
    t.header << QStringLiteral("time_s") << QStringLiteral("sent");
    for (const QString& v : m_stats.versions())
        t.header << v;
    t.header << QStringLiteral("server_errors") << QStringLiteral("refused");
    for (const TrafficBucket& b : m_stats.buckets()) {
        QStringList row {QString::number(toSeconds(b.start), 'f', 3), QString::number(b.total())};
        for (int n : b.served)
            row << QString::number(n);
        row << QString::number(b.serverErrors) << QString::number(b.refused);
        t.rows << row;
    }
    return t;
}

} // namespace rl
