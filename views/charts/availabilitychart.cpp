#include "charts/availabilitychart.h"

#include "charts/timeaxis.h"
#include "sim/simulation.h"

#include <QAreaSeries>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace rl {

namespace { } // namespace

AvailabilityChart::AvailabilityChart(QWidget* parent)
    : QChartView(new QChart, parent) // setChart() would leave the default chart unowned
{
    setObjectName(QStringLiteral("availabilityChart"));
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumSize(320, 200);
    m_chart = chart();
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setTitle(tr("Pods of the Deployment"));

    m_x = new QValueAxis;
    m_x->setTitleText(tr("time (s)"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("pods"));
    m_y->setLabelFormat(QStringLiteral("%d"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);

    // Pods by kind, stacked: old, updated, and the terminating ones on top of the active total.
    const std::pair<Metric, QString> areas[] = {
        {Metric::Old, tr("old")},
        {Metric::Updated, tr("updated")},
        {Metric::Terminating, tr("terminating")},
    };
    for (const auto& [metric, name] : areas) {
        auto* area = new QAreaSeries(new QLineSeries(this), new QLineSeries(this));
        area->setName(name);
        area->setObjectName(QStringLiteral("area-%1").arg(int(metric)));
        m_chart->addSeries(area);
        area->attachAxis(m_x);
        area->attachAxis(m_y);
        m_areas.emplace_back(metric, area);
    }
    // The bounds as bands, then the counts as lines.
    const std::pair<Metric, QString> lines[] = {
        {Metric::Ceiling, tr("ceiling")},
        {Metric::Floor, tr("floor")},
        {Metric::Total, tr("total")},
        {Metric::Ready, tr("ready")},
        {Metric::Available, tr("available")},
    };
    for (const auto& [metric, name] : lines) {
        auto* s = new QLineSeries;
        s->setName(name);
        s->setObjectName(QStringLiteral("series-%1").arg(int(metric)));
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        m_series.emplace_back(metric, s);
    }
    applyTheme();
    updateAxes();
}

AvailabilityChart::~AvailabilityChart() = default;

QAreaSeries* AvailabilityChart::area(Metric m) const
{
    for (const auto& [metric, a] : m_areas)
        if (metric == m)
            return a;
    return nullptr;
}

QLineSeries* AvailabilityChart::series(Metric m) const
{
    for (const auto& [metric, s] : m_series)
        if (metric == m)
            return s;
    return nullptr;
}

void AvailabilityChart::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    m_analysis.reset();
    m_seenRevision = ~quint64(0);
    m_pointsFor = ~std::size_t(0);
    refresh();
}

void AvailabilityChart::setDeployment(const QString& ns, const QString& name)
{
    m_analysis.setDeployment(ns, name);
    m_seenRevision = ~quint64(0);
    m_pointsFor = ~std::size_t(0);
    refresh();
}

void AvailabilityChart::setPresentationMode(bool on)
{
    if (m_presentation == on)
        return;
    m_presentation = on;
    applyTheme();
}

void AvailabilityChart::resizeEvent(QResizeEvent* e)
{
    QChartView::resizeEvent(e);
    fitLegend();
}

void AvailabilityChart::fitLegend()
{
    QLegend* legend = m_chart->legend();
    const QFontMetrics fm(legend->font());
    int needed = 0;
    for (QLegendMarker* m : legend->markers())
        if (m->isVisible())
            needed += fm.horizontalAdvance(m->label()) + fm.height() + 3 * fm.averageCharWidth();
    const Qt::Alignment want = needed > width() - 2 * fm.height() ? Qt::AlignRight : Qt::AlignBottom;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

void AvailabilityChart::setTimeOrigin(Millis origin)
{
    m_origin = origin;
    m_pointsFor = ~std::size_t(0);
    m_seenRevision = ~quint64(0);
    refresh();
}

void AvailabilityChart::setTimeRange(Millis from, Millis to)
{
    m_from = from;
    m_to = to;
    updateAxes();
    viewport()->update();
}

void AvailabilityChart::setCursorTime(Millis t)
{
    m_cursor = t;
    viewport()->update();
}

void AvailabilityChart::setTitleVisible(bool on)
{
    m_titleVisible = on;
    if (!on)
        m_chart->setTitle(QString());
    m_seenRevision = ~quint64(0);
    refresh();
}

void AvailabilityChart::setYMaximum(int max)
{
    m_yMax = max;
    updateAxes();
}

Millis AvailabilityChart::now() const
{
    return TimeAxis::now(m_sim);
}

Millis AvailabilityChart::origin() const
{
    return TimeAxis::origin(m_sim, m_origin);
}

double AvailabilityChart::toSeconds(Millis t) const
{
    return TimeAxis::seconds(t, origin());
}

void AvailabilityChart::refresh()
{
    if (m_sim)
        m_analysis.update(m_sim->store().history(), m_sim->now());
    if (m_analysis.revision() == m_seenRevision)
        return;
    m_seenRevision = m_analysis.revision();
    if (m_titleVisible)
        m_chart->setTitle(m_analysis.deploymentName().isEmpty()
                ? tr("Pods of the Deployment")
                : tr("Pods of deployment %1").arg(m_analysis.deploymentName()));
    rebuildPoints();
    updateAxes();
    viewport()->update();
}

void AvailabilityChart::rebuildPoints()
{
    const auto& samples = m_analysis.samples();
    const double end = toSeconds(std::max(now(), samples.empty() ? now() : samples.back().time));
    using Value = qint32 (*)(const AvailabilitySample&);
    struct Target
    {
        QLineSeries* series;
        Value value;
    };
    std::vector<Target> targets;
    for (const auto& [metric, s] : m_series) {
        switch (metric) {
        case Metric::Total:
            targets.push_back({s, [](const AvailabilitySample& x) { return x.total; }});
            break;
        case Metric::Ready:
            targets.push_back({s, [](const AvailabilitySample& x) { return x.ready; }});
            break;
        case Metric::Available:
            targets.push_back({s, [](const AvailabilitySample& x) { return x.available; }});
            break;
        case Metric::Floor:
            targets.push_back({s, [](const AvailabilitySample& x) { return x.floor; }});
            break;
        case Metric::Ceiling:
            targets.push_back({s, [](const AvailabilitySample& x) { return x.ceiling; }});
            break;
        default:
            break;
        }
    }
    for (const auto& [metric, a] : m_areas) {
        switch (metric) {
        case Metric::Old:
            targets.push_back({a->upperSeries(), [](const AvailabilitySample& x) { return x.old; }});
            targets.push_back({a->lowerSeries(), [](const AvailabilitySample&) { return qint32(0); }});
            break;
        case Metric::Updated:
            targets.push_back({a->upperSeries(), [](const AvailabilitySample& x) { return x.old + x.updated; }});
            targets.push_back({a->lowerSeries(), [](const AvailabilitySample& x) { return x.old; }});
            break;
        case Metric::Terminating:
            targets.push_back({a->upperSeries(), [](const AvailabilitySample& x) { return x.total + x.terminating; }});
            targets.push_back({a->lowerSeries(), [](const AvailabilitySample& x) { return x.total; }});
            break;
        default:
            break;
        }
    }
    if (m_pointsFor == samples.size() && !samples.empty()) {
        // Only time went on: move the last point of each series to now.
        for (const Target& t : targets)
            t.series->replace(t.series->count() - 1, QPointF(end, t.value(samples.back())));
        return;
    }
    m_pointsFor = samples.size();
    for (const Target& t : targets) {
        QList<QPointF> pts;
        pts.reserve(qsizetype(samples.size() * 2));
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const double x = toSeconds(samples[i].time);
            if (i > 0)
                pts.append(QPointF(x, t.value(samples[i - 1])));
            pts.append(QPointF(x, t.value(samples[i])));
        }
        if (!samples.empty())
            pts.append(QPointF(end, t.value(samples.back())));
        t.series->replace(pts);
    }
    // The updated pods take the colour of the version they run.
    const int newVersion = m_analysis.newVersionIndex();
    if (newVersion != m_newVersion) {
        m_newVersion = newVersion;
        applyTheme();
    }
}

void AvailabilityChart::updateAxes()
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

    int top = m_yMax;
    if (top <= 0) {
        top = 3;
        for (const auto& s : m_analysis.samples())
            top = std::max({top, s.ceiling, s.total + s.terminating, s.desired});
        top += 1;
    }
    m_y->setRange(0, top);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    m_y->setTickInterval(std::max(1.0, TimeAxis::niceStep(top / (m_presentation ? 5.0 : 8.0))));
}

void AvailabilityChart::applyTheme()
{
    const ChartTheme theme(palette(), m_presentation);
    theme.apply(m_chart);
    fitLegend(); // the theme sets the legend's font
    setBackgroundBrush(theme.background());
    const qreal w = theme.lineWidth();
    for (const auto& [metric, s] : m_series) {
        QPen pen(theme.text(), w);
        pen.setCapStyle(Qt::FlatCap);
        pen.setJoinStyle(Qt::MiterJoin);
        switch (metric) {
        case Metric::Available:
            pen.setColor(theme.success());
            pen.setWidthF(w * 1.6);
            break;
        case Metric::Ready:
            pen.setColor(theme.metricColor(Metric::Ready));
            pen.setStyle(Qt::DashLine);
            break;
        case Metric::Total:
            pen.setWidthF(w * 0.75);
            break;
        case Metric::Floor:
        case Metric::Ceiling: {
            // Drawn as translucent bands.
            QColor c = metric == Metric::Floor ? theme.failure() : theme.metricColor(Metric::Old);
            c.setAlpha(theme.isPresentation() ? 150 : 110);
            pen = QPen(c, w * 4, Qt::SolidLine, Qt::FlatCap);
            break;
        }
        default:
            break;
        }
        s->setPen(pen);
    }
    for (const auto& [metric, a] : m_areas) {
        QColor c;
        Qt::BrushStyle style = Qt::SolidPattern;
        if (metric == Metric::Updated) {
            // Not a version colour: "updated" means "matches the template of that moment", which
            // is a different version before and after an update.
            c = theme.metricColor(Metric::Updated);
            c.setAlpha(theme.isDark() ? 120 : 150);
        } else if (metric == Metric::Old) {
            c = theme.mutedText();
            c.setAlpha(70);
        } else {
            c = theme.mutedText();
            style = Qt::BDiagPattern;
        }
        a->setBrush(QBrush(c, style));
        QColor edge = c;
        edge.setAlpha(200);
        a->setPen(QPen(edge, 1));
    }
    updateAxes();
    viewport()->update();
}

QString AvailabilityChart::markerLabel(const RolloutMarker& m) const
{
    switch (m.kind) {
    case RolloutMarkerKind::Created:
        return tr("created");
    case RolloutMarkerKind::Update:
        return tr("update");
    case RolloutMarkerKind::Rollback:
        return tr("rollback to %1").arg(m.detail);
    case RolloutMarkerKind::Paused:
        return tr("paused");
    case RolloutMarkerKind::Resumed:
        return tr("resumed");
    case RolloutMarkerKind::Scaled:
        return tr("scaled %1").arg(m.detail);
    case RolloutMarkerKind::DeadlineExceeded:
        return tr("deadline exceeded");
    case RolloutMarkerKind::Complete:
        return tr("complete");
    }
    return {};
}

void AvailabilityChart::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    const ChartTheme theme(palette(), m_presentation);
    const QRectF plot = m_chart->plotArea();
    QLineSeries* ref = series(Metric::Total);
    auto xOf = [&](Millis t) { return m_chart->mapToPosition(QPointF(toSeconds(t), 0), ref).x(); };
    painter->save();
    painter->setClipRect(plot.adjusted(0, -2, 0, 2));
    const QFont font = theme.font(0.85);
    painter->setFont(font);
    const QFontMetricsF fm(font);
    std::vector<double> rowEnds(4, -1e9);
    for (const RolloutMarker& m : m_analysis.markers()) {
        const double x = xOf(m.time);
        if (x < plot.left() - 1 || x > plot.right() + 1)
            continue;
        QColor c = theme.mutedText();
        if (m.kind == RolloutMarkerKind::DeadlineExceeded)
            c = theme.failure();
        else if (m.kind == RolloutMarkerKind::Complete)
            c = theme.success();
        else if (m.kind == RolloutMarkerKind::Update || m.kind == RolloutMarkerKind::Rollback
            || m.kind == RolloutMarkerKind::Created)
            c = theme.text();
        QPen pen(c, m_presentation ? 2.5 : 1.2, Qt::DashLine);
        painter->setPen(pen);
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        // Labels in up to four rows so that close markers do not overlap.
        const QString label = markerLabel(m);
        const double w = fm.horizontalAdvance(label) + 8;
        std::size_t row = 0;
        while (row + 1 < rowEnds.size() && rowEnds[row] > x)
            ++row;
        rowEnds[row] = x + w;
        QRectF box(x + 2, plot.top() + 2 + row * (fm.height() + 3), w, fm.height() + 2);
        if (box.right() > plot.right())
            box.moveRight(x - 2);
        QColor bg = theme.background();
        bg.setAlpha(215);
        painter->fillRect(box, bg);
        painter->setPen(c);
        painter->drawText(box, Qt::AlignCenter, label);
    }
    // The bands' values at the right edge.
    if (!m_analysis.samples().empty()) {
        const double rightSec = std::min(m_x->max(), toSeconds(std::max(now(), m_analysis.samples().back().time)));
        const AvailabilitySample s = m_analysis.at(origin() + Millis(std::llround(rightSec * 1000)));
        const QString ceiling = s.rollingUpdate ? tr("ceiling %1 = replicas + maxSurge").arg(s.ceiling)
                                                : tr("ceiling %1 = replicas (Recreate)").arg(s.ceiling);
        const QString floor = s.rollingUpdate ? tr("floor %1 = replicas − maxUnavailable").arg(s.floor)
                                              : tr("floor %1 (Recreate)").arg(s.floor);
        const double right = std::min(plot.right(), m_chart->mapToPosition(QPointF(rightSec, 0), ref).x());
        auto label = [&](const QString& text, qint32 value, bool above, const QColor& c) {
            const double y = m_chart->mapToPosition(QPointF(rightSec, value), ref).y();
            const double w = fm.horizontalAdvance(text) + 8;
            QRectF box(right - w - 4, above ? y - fm.height() - 6 : y + 5, w, fm.height() + 2);
            if (box.top() < plot.top())
                box.moveTop(y + 5);
            if (box.bottom() > plot.bottom())
                box.moveBottom(y - 5);
            QColor bg = theme.background();
            bg.setAlpha(215);
            painter->fillRect(box, bg);
            painter->setPen(c);
            painter->drawText(box, Qt::AlignCenter, text);
        };
        label(ceiling, s.ceiling, true, theme.text());
        label(floor, s.floor, s.floor == s.ceiling, theme.failure());
    }
    // The cursor: now, or the moment shown.
    const Millis cursor = m_cursor != kNoTime ? m_cursor : now();
    const double cx = xOf(cursor);
    if (m_sim && cx >= plot.left() - 1 && cx <= plot.right() + 1) {
        painter->setPen(QPen(theme.cursor(), m_presentation ? 3 : 1.5));
        painter->drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
    }
    painter->restore();
}

Millis AvailabilityChart::timeAt(const QPointF& viewPos) const
{
    const QPointF scene = mapToScene(viewPos.toPoint());
    const QPointF value = m_chart->mapToValue(m_chart->mapFromScene(scene), series(Metric::Total));
    return origin() + Millis(std::llround(value.x() * 1000));
}

void AvailabilityChart::mouseMoveEvent(QMouseEvent* e)
{
    QChartView::mouseMoveEvent(e);
    const QPointF scene = mapToScene(e->position().toPoint());
    if (!m_chart->plotArea().contains(scene) || m_analysis.samples().empty()) {
        QToolTip::hideText();
        return;
    }
    const Millis t = timeAt(e->position());
    const AvailabilitySample s = m_analysis.at(t);
    QToolTip::showText(e->globalPosition().toPoint(),
        tr("t = %1 s\ntotal %2, ready %3, available %4\nupdated %5, old %6, terminating %7\nfloor %8, ceiling %9")
            .arg(toSeconds(t), 0, 'f', 1)
            .arg(s.total)
            .arg(s.ready)
            .arg(s.available)
            .arg(s.updated)
            .arg(s.old)
            .arg(s.terminating)
            .arg(s.floor)
            .arg(s.ceiling),
        this);
}

void AvailabilityChart::mousePressEvent(QMouseEvent* e)
{
    QChartView::mousePressEvent(e);
    if (e->button() == Qt::LeftButton && m_chart->plotArea().contains(mapToScene(e->position().toPoint())))
        Q_EMIT timeClicked(timeAt(e->position()));
}

void AvailabilityChart::changeEvent(QEvent* e)
{
    QChartView::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange)
        applyTheme();
}

CsvTable AvailabilityChart::csvTable() const
{
    CsvTable t;
    t.header = {QStringLiteral("time_s"), QStringLiteral("total"), QStringLiteral("ready"), QStringLiteral("available"),
        QStringLiteral("updated"), QStringLiteral("old"), QStringLiteral("terminating"), QStringLiteral("replicas"),
        QStringLiteral("floor"), QStringLiteral("ceiling")};
    for (const AvailabilitySample& s : m_analysis.samples()) {
        t.rows.append({QString::number(toSeconds(s.time), 'f', 3), QString::number(s.total), QString::number(s.ready),
            QString::number(s.available), QString::number(s.updated), QString::number(s.old),
            QString::number(s.terminating), QString::number(s.desired), QString::number(s.floor),
            QString::number(s.ceiling)});
    }
    return t;
}

} // namespace rl
