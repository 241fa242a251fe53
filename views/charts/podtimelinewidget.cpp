#include "charts/podtimelinewidget.h"

#include "charts/charttheme.h"
#include "charts/timeaxis.h"
#include "sim/simulation.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <set>

namespace rl {

namespace {

struct Shade
{
    QColor fill;
    Qt::BrushStyle hatch = Qt::NoBrush;
    QColor hatchColor;
    bool outline = false;
};

Shade shadeFor(PodPhaseState s, const QColor& version, const ChartTheme& theme)
{
    auto alpha = [&](int a) {
        QColor c = version;
        c.setAlpha(a);
        return c;
    };
    switch (s) {
    case PodPhaseState::Pending:
        return {alpha(30), Qt::NoBrush, {}, true};
    case PodPhaseState::Creating:
        return {alpha(70), Qt::NoBrush, {}, true};
    case PodPhaseState::Running:
        return {alpha(120), Qt::NoBrush, {}, true};
    case PodPhaseState::Ready:
        return {alpha(185), Qt::NoBrush, {}, false};
    case PodPhaseState::Available:
        return {version, Qt::NoBrush, {}, false};
    case PodPhaseState::NotReady:
        return {alpha(110), Qt::BDiagPattern, theme.text(), true};
    case PodPhaseState::Failing:
        return {alpha(60), Qt::DiagCrossPattern, theme.failure(), true};
    case PodPhaseState::Terminating:
        return {alpha(55), Qt::FDiagPattern, theme.mutedText(), true};
    case PodPhaseState::Finished:
        return {QColor(128, 128, 128, 80), Qt::NoBrush, {}, true};
    }
    return {version, Qt::NoBrush, {}, false};
}

QString stateText(PodPhaseState s)
{
    switch (s) {
    case PodPhaseState::Pending:
        return PodTimelineWidget::tr("pending");
    case PodPhaseState::Creating:
        return PodTimelineWidget::tr("creating");
    case PodPhaseState::Running:
        return PodTimelineWidget::tr("running");
    case PodPhaseState::Ready:
        return PodTimelineWidget::tr("ready");
    case PodPhaseState::Available:
        return PodTimelineWidget::tr("available");
    case PodPhaseState::NotReady:
        return PodTimelineWidget::tr("not ready");
    case PodPhaseState::Failing:
        return PodTimelineWidget::tr("failing");
    case PodPhaseState::Terminating:
        return PodTimelineWidget::tr("terminating");
    case PodPhaseState::Finished:
        return PodTimelineWidget::tr("finished");
    }
    return {};
}

void paintShade(QPainter& p, const QRectF& r, const Shade& s, const QColor& version, qreal lineWidth)
{
    p.fillRect(r, s.fill);
    if (s.hatch != Qt::NoBrush)
        p.fillRect(r, QBrush(s.hatchColor, s.hatch));
    if (s.outline) {
        p.setPen(QPen(version, lineWidth));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(lineWidth / 2, lineWidth / 2, -lineWidth / 2, -lineWidth / 2));
    }
}

struct LegendItem
{
    Shade shade;
    QColor version;
    QString text;
};

/// The legend: the versions shown, then the states.
std::vector<LegendItem> legendItems(const std::vector<PodBar>& bars, const ChartTheme& theme)
{
    std::vector<LegendItem> items;
    std::set<std::pair<int, QString>> versions;
    for (const PodBar& b : bars)
        versions.emplace(b.versionIndex, b.image);
    for (const auto& [index, image] : versions) {
        const QColor c = theme.versionColor(index);
        items.push_back({shadeFor(PodPhaseState::Available, c, theme), c, image.section(QLatin1Char('/'), -1)});
    }
    const QColor neutral = theme.mutedText();
    for (PodPhaseState s : {PodPhaseState::Creating, PodPhaseState::Running, PodPhaseState::Ready,
             PodPhaseState::Available, PodPhaseState::NotReady, PodPhaseState::Failing, PodPhaseState::Terminating})
        items.push_back({shadeFor(s, neutral, theme), neutral, stateText(s)});
    return items;
}

/// Rows the legend needs at `width`, and each item's position.
std::vector<QPointF> legendPositions(
    const std::vector<LegendItem>& items, const QFontMetricsF& fm, double left, double width, int* rows)
{
    std::vector<QPointF> pos;
    const double sw = fm.height() * 0.8;
    const double rowHeight = fm.height() + 4;
    double x = left + 4;
    int row = 0;
    for (const LegendItem& it : items) {
        const double w = sw * 1.6 + 4 + fm.horizontalAdvance(it.text) + sw;
        if (x + w > left + width && x > left + 4) {
            ++row;
            x = left + 4;
        }
        pos.emplace_back(x, 3 + row * rowHeight);
        x += w;
    }
    *rows = row + 1;
    return pos;
}

} // namespace

PodTimelineWidget::PodTimelineWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("podTimeline"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setToolTip(tr("One bar per pod, coloured by version and shaded by state"));
}

PodTimelineWidget::~PodTimelineWidget() = default;

QSize PodTimelineWidget::sizeHint() const
{
    return QSize(640, 240);
}

QSize PodTimelineWidget::minimumSizeHint() const
{
    return QSize(240, 100);
}

void PodTimelineWidget::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    m_analysis.reset();
    m_seenRevision = ~quint64(0);
    refresh();
}

void PodTimelineWidget::setDeployment(const QString& ns, const QString& name)
{
    m_analysis.setDeployment(ns, name);
    m_seenRevision = ~quint64(0);
    refresh();
}

void PodTimelineWidget::refresh()
{
    if (m_sim)
        m_analysis.update(m_sim->store().history(), m_sim->now());
    if (m_analysis.revision() == m_seenRevision)
        return;
    m_seenRevision = m_analysis.revision();
    update();
}

void PodTimelineWidget::setPresentationMode(bool on)
{
    if (m_presentation == on)
        return;
    m_presentation = on;
    updateGeometry();
    update();
}

void PodTimelineWidget::setTimeOrigin(Millis origin)
{
    m_origin = origin;
    update();
}

void PodTimelineWidget::setTimeRange(Millis from, Millis to)
{
    m_from = from;
    m_to = to;
    update();
}

void PodTimelineWidget::setCursorTime(Millis t)
{
    m_cursor = t;
    update();
}

Millis PodTimelineWidget::now() const
{
    return TimeAxis::now(m_sim);
}

Millis PodTimelineWidget::origin() const
{
    return TimeAxis::origin(m_sim, m_origin);
}

void PodTimelineWidget::span(Millis* from, Millis* to) const
{
    if (m_from != kNoTime && m_to != kNoTime) {
        *from = m_from;
        *to = m_to;
        return;
    }
    *from = origin();
    *to = std::max(now(), *from + 30000);
}

PodTimelineMetrics PodTimelineWidget::metrics() const
{
    const ChartTheme theme(palette(), m_presentation);
    const QFontMetricsF fm(theme.font(0.9));
    PodTimelineMetrics m;
    double names = fm.horizontalAdvance(QStringLiteral("kiada-5d5c5f9d76-qfx9p"));
    for (const PodBar& b : m_analysis.pods())
        names = std::max(names, fm.horizontalAdvance(b.name));
    m.labelWidth = std::min(names + 14, std::max(120.0, width() * 0.3));
    int rows = 1;
    const QFontMetricsF lfm(theme.font(m_presentation ? 0.7 : 0.85));
    legendPositions(legendItems(m_analysis.pods(), theme), lfm, 0, width(), &rows);
    m.headerHeight = rows * (lfm.height() + 4) + 6;
    m.axisHeight = fm.height() + 10;
    m.maxRowHeight = std::max(fm.height() * 1.9, 16.0);
    return m;
}

PodTimelineLayout PodTimelineWidget::layout() const
{
    Millis from, to;
    span(&from, &to);
    return PodTimelineLayout::compute(m_analysis.pods(), from, to, now(), QRectF(rect()), metrics());
}

void PodTimelineWidget::paintEvent(QPaintEvent*)
{
    const ChartTheme theme(palette(), m_presentation);
    const PodTimelineLayout l = layout();
    QPainter p(this);
    p.fillRect(rect(), theme.background());
    const QFont font = theme.font(0.9);
    p.setFont(font);
    const QFontMetricsF fm(font);
    const qreal lw = m_presentation ? 2.0 : 1.0;

    // Grid and time axis.
    const double step = TimeAxis::niceStep(double(l.to - l.from) / 1000.0 / (m_presentation ? 6 : 10));
    const Millis o = origin();
    const Millis stepMs = std::max<Millis>(1, Millis(step * 1000));
    Millis first = o + ((l.from - o) / stepMs) * stepMs;
    if (first < l.from)
        first += stepMs;
    p.setPen(QPen(theme.grid(), 1));
    for (Millis t = first; t <= l.to; t += stepMs) {
        const double x = l.xOf(t);
        p.setPen(QPen(theme.grid(), 1, Qt::DotLine));
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
        p.setPen(theme.text());
        const QString label = TimeAxis::label(t, o, step);
        const double w = fm.horizontalAdvance(label);
        p.drawText(QRectF(x - w / 2 - 2, l.axis.top() + 2, w + 4, fm.height()), Qt::AlignCenter, label);
    }
    p.setPen(QPen(theme.grid(), lw));
    p.drawLine(l.plot.bottomLeft(), l.plot.bottomRight());
    p.setPen(theme.mutedText());
    p.drawText(QRectF(l.labels.left() + 4, l.axis.top() + 2, l.labels.width() - 8, fm.height()),
        Qt::AlignLeft | Qt::AlignVCenter, tr("time (s)"));

    // Bars.
    const auto& bars = m_analysis.pods();
    const bool labels = l.rowHeight >= fm.height() * 0.8;
    for (const TimelineRow& row : l.rows) {
        const PodBar& bar = bars[std::size_t(row.pod)];
        const QColor version = theme.versionColor(bar.versionIndex);
        if (labels) {
            p.setPen(bar.gone != kNoTime ? theme.mutedText() : theme.text());
            p.drawText(row.row.adjusted(4, 0, -(row.row.width() - l.labels.width()) - 6, 0),
                Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(bar.name, Qt::ElideMiddle, l.labels.width() - 10));
        }
        for (const auto& [r, state] : row.segments)
            paintShade(p, r, shadeFor(state, version, theme), version, lw);
    }
    if (l.rows.empty()) {
        p.setPen(theme.mutedText());
        p.drawText(l.plot, Qt::AlignCenter, tr("No pods yet"));
    }

    // Markers and the cursor.
    p.setClipRect(l.plot.adjusted(-1, 0, 1, 0));
    for (const RolloutMarker& m : m_analysis.markers()) {
        QColor c = theme.mutedText();
        if (m.kind == RolloutMarkerKind::DeadlineExceeded)
            c = theme.failure();
        else if (m.kind == RolloutMarkerKind::Complete)
            c = theme.success();
        else if (m.kind == RolloutMarkerKind::Update || m.kind == RolloutMarkerKind::Rollback)
            c = theme.text();
        p.setPen(QPen(c, m_presentation ? 2.5 : 1.2, Qt::DashLine));
        const double x = l.xOf(m.time);
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
    }
    if (m_sim) {
        const double cx = l.xOf(m_cursor != kNoTime ? m_cursor : now());
        p.setPen(QPen(theme.cursor(), m_presentation ? 3 : 1.5));
        p.drawLine(QPointF(cx, l.plot.top()), QPointF(cx, l.plot.bottom()));
    }
    p.setClipping(false);

    // Legend: the versions shown, then the states.
    const std::vector<LegendItem> items = legendItems(bars, theme);
    const QFont legendFont = theme.font(m_presentation ? 0.7 : 0.85);
    p.setFont(legendFont);
    const QFontMetricsF lfm(legendFont);
    int legendRows = 1;
    const std::vector<QPointF> pos = legendPositions(items, fm, l.header.left(), l.header.width(), &legendRows);
    const double sw = fm.height() * 0.8;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const QPointF at = pos[i] + QPointF(0, l.header.top());
        paintShade(
            p, QRectF(at.x(), at.y() + (fm.height() - sw) / 2, sw * 1.6, sw), items[i].shade, items[i].version, lw);
        p.setPen(theme.text());
        p.drawText(QPointF(at.x() + sw * 1.6 + 4, at.y() + fm.ascent()), items[i].text);
    }
}

void PodTimelineWidget::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::FontChange)
        update();
}

void PodTimelineWidget::mousePressEvent(QMouseEvent* e)
{
    if (e->button() != Qt::LeftButton)
        return;
    const PodTimelineLayout l = layout();
    const int r = l.rowAt(e->position());
    if (r >= 0) {
        const PodBar& bar = m_analysis.pods()[std::size_t(l.rows[std::size_t(r)].pod)];
        Q_EMIT podSelected(bar.ns, bar.name);
    }
    if (l.plot.contains(e->position()))
        Q_EMIT timeClicked(l.timeAt(e->position().x()));
}

bool PodTimelineWidget::event(QEvent* e)
{
    if (e->type() != QEvent::ToolTip)
        return QWidget::event(e);
    auto* help = static_cast<QHelpEvent*>(e);
    const PodTimelineLayout l = layout();
    const int r = l.rowAt(help->pos());
    if (r < 0) {
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    const PodBar& bar = m_analysis.pods()[std::size_t(l.rows[std::size_t(r)].pod)];
    const Millis t = l.timeAt(help->pos().x());
    QString state;
    for (const auto& s : bar.segments)
        if (s.start <= t)
            state = stateText(s.state);
    if (t < bar.created || t > bar.end(now()))
        state = tr("does not exist");
    const Millis o = origin();
    auto sec = [&](Millis v) {
        return v == kNoTime ? QStringLiteral("–")
                            : QString::number(double(v - o) / 1000.0, 'f', 1) + QStringLiteral(" s");
    };
    QToolTip::showText(help->globalPos(),
        tr("%1\nReplicaSet %2 (revision %3, %4)\nat %5: %6\ncreated %7, ready %8, available %9\nterminating %10, "
           "gone %11")
            .arg(bar.name, bar.replicaSet)
            .arg(bar.revision)
            .arg(bar.image, sec(t), state, sec(bar.created), sec(bar.firstReady), sec(bar.firstAvailable),
                sec(bar.terminating), sec(bar.gone)),
        this);
    return true;
}

CsvTable PodTimelineWidget::csvTable() const
{
    CsvTable t;
    t.header = {QStringLiteral("pod"), QStringLiteral("replicaset"), QStringLiteral("revision"),
        QStringLiteral("image"), QStringLiteral("created_s"), QStringLiteral("scheduled_s"), QStringLiteral("ready_s"),
        QStringLiteral("available_s"), QStringLiteral("terminating_s"), QStringLiteral("gone_s")};
    const Millis o = origin();
    auto sec = [&](Millis v) { return v == kNoTime ? QString() : QString::number(double(v - o) / 1000.0, 'f', 3); };
    for (const PodBar& b : m_analysis.pods())
        t.rows.append({b.name, b.replicaSet, QString::number(b.revision), b.image, sec(b.created), sec(b.scheduled),
            sec(b.firstReady), sec(b.firstAvailable), sec(b.terminating), sec(b.gone)});
    return t;
}

} // namespace rl
