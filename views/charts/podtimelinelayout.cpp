#include "charts/podtimelinelayout.h"

#include <algorithm>
#include <cmath>

namespace rl {

double PodTimelineLayout::xOf(Millis t) const
{
    const double span = double(std::max<Millis>(1, to - from));
    return plot.left() + double(t - from) / span * plot.width();
}

Millis PodTimelineLayout::timeAt(double x) const
{
    const double span = double(std::max<Millis>(1, to - from));
    return from + Millis(std::llround((x - plot.left()) / std::max(1.0, plot.width()) * span));
}

int PodTimelineLayout::rowAt(const QPointF& p) const
{
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].row.contains(p))
            return int(i);
    return -1;
}

PodTimelineLayout PodTimelineLayout::compute(const std::vector<PodBar>& bars, Millis from, Millis to, Millis now,
    const QRectF& area, const PodTimelineMetrics& m)
{
    PodTimelineLayout l;
    l.from = from;
    l.to = std::max(to, from + 1);
    l.header = QRectF(area.left(), area.top(), area.width(), m.headerHeight);
    const double top = l.header.bottom();
    const double bottom = std::max(top, area.bottom() - m.axisHeight);
    const double labelWidth = std::min(m.labelWidth, area.width() * 0.35);
    l.labels = QRectF(area.left(), top, labelWidth, bottom - top);
    l.plot = QRectF(area.left() + labelWidth, top, std::max(1.0, area.width() - labelWidth - 8), bottom - top);
    l.axis = QRectF(l.plot.left(), bottom, l.plot.width(), m.axisHeight);

    std::vector<int> visible;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const PodBar& b = bars[i];
        if (b.created <= l.to && b.end(now) >= l.from)
            visible.push_back(int(i));
    }
    if (visible.empty())
        return l;
    l.rowHeight = std::min(m.maxRowHeight, l.plot.height() / double(visible.size()));
    const double gap = l.rowHeight * m.rowGap;
    const double left = l.plot.left();
    const double right = l.plot.right();
    auto clipX = [&](double x) { return std::clamp(x, left, right); };
    for (std::size_t r = 0; r < visible.size(); ++r) {
        const PodBar& b = bars[std::size_t(visible[r])];
        TimelineRow row;
        row.pod = visible[r];
        const double y = top + double(r) * l.rowHeight;
        row.row = QRectF(area.left(), y, area.width(), l.rowHeight);
        const Millis end = b.end(now);
        const double x0 = clipX(l.xOf(b.created));
        const double x1 = clipX(l.xOf(end));
        row.bar = QRectF(x0, y + gap / 2, std::max(0.0, x1 - x0), l.rowHeight - gap);
        for (std::size_t s = 0; s < b.segments.size(); ++s) {
            const Millis s0 = b.segments[s].start;
            const Millis s1 = s + 1 < b.segments.size() ? b.segments[s + 1].start : end;
            const double sx0 = clipX(l.xOf(s0));
            const double sx1 = clipX(l.xOf(s1));
            if (sx1 <= sx0)
                continue;
            row.segments.emplace_back(QRectF(sx0, row.bar.top(), sx1 - sx0, row.bar.height()), b.segments[s].state);
        }
        l.rows.push_back(std::move(row));
    }
    return l;
}

} // namespace rl
