#include "podgrid/podgridlayout.h"

#include <algorithm>

namespace rl {

void PodGridLayout::setMetrics(const PodGridMetrics& m)
{
    m_metrics = m;
    m_metrics.tile = std::max(1, m_metrics.tile);
    m_metrics.gap = std::max(0, m_metrics.gap);
    relayout();
}

void PodGridLayout::setGroups(std::vector<int> tileCounts)
{
    for (int& c : tileCounts)
        c = std::max(0, c);
    m_counts = std::move(tileCounts);
    relayout();
}

void PodGridLayout::setWidth(int width)
{
    m_width = std::max(0, width);
    relayout();
}

int PodGridLayout::totalTiles() const
{
    int n = 0;
    for (int c : m_counts)
        n += c;
    return n;
}

int PodGridLayout::columnsFor(int width) const
{
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int avail = width - 2 * m_metrics.margin + m_metrics.gap;
    return std::max(1, avail / pitch);
}

int PodGridLayout::rowsFor(int count, int columns) const
{
    return count <= 0 ? 0 : (count + columns - 1) / columns;
}

int PodGridLayout::heightForWidth(int width) const
{
    const int cols = columnsFor(width);
    const int pitch = m_metrics.tile + m_metrics.gap;
    int y = m_metrics.margin;
    for (int c : m_counts) {
        const int r = rowsFor(c, cols);
        y += m_metrics.headerHeight + (r > 0 ? r * pitch - m_metrics.gap : 0) + m_metrics.groupGap;
    }
    if (!m_counts.empty())
        y -= m_metrics.groupGap;
    return y + m_metrics.margin;
}

void PodGridLayout::relayout()
{
    m_columns = columnsFor(m_width);
    const int pitch = m_metrics.tile + m_metrics.gap;
    m_tops.resize(m_counts.size());
    int y = m_metrics.margin;
    for (std::size_t g = 0; g < m_counts.size(); ++g) {
        m_tops[g] = y;
        const int r = rowsFor(m_counts[g], m_columns);
        y += m_metrics.headerHeight + (r > 0 ? r * pitch - m_metrics.gap : 0) + m_metrics.groupGap;
    }
    if (!m_counts.empty())
        y -= m_metrics.groupGap;
    m_height = y + m_metrics.margin;
}

int PodGridLayout::rows(int group) const
{
    return rowsFor(m_counts[std::size_t(group)], m_columns);
}

QRect PodGridLayout::groupRect(int group) const
{
    const int r = rows(group);
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int h = m_metrics.headerHeight + (r > 0 ? r * pitch - m_metrics.gap : 0);
    return QRect(m_metrics.margin, m_tops[std::size_t(group)], std::max(0, m_width - 2 * m_metrics.margin), h);
}

QRect PodGridLayout::headerRect(int group) const
{
    return QRect(m_metrics.margin, m_tops[std::size_t(group)], std::max(0, m_width - 2 * m_metrics.margin),
        m_metrics.headerHeight);
}

QRect PodGridLayout::tileRect(int group, int tile) const
{
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int col = tile % m_columns;
    const int row = tile / m_columns;
    return QRect(m_metrics.margin + col * pitch, m_tops[std::size_t(group)] + m_metrics.headerHeight + row * pitch,
        m_metrics.tile, m_metrics.tile);
}

int PodGridLayout::firstGroupFrom(int y) const
{
    // The last group whose top is <= y may still reach y; groups are sorted by top.
    auto it = std::upper_bound(m_tops.begin(), m_tops.end(), y);
    int g = int(it - m_tops.begin()) - 1;
    if (g < 0)
        return 0;
    const QRect r = groupRect(g);
    return r.bottom() >= y ? g : g + 1;
}

std::pair<int, int> PodGridLayout::columnSpan(const QRect& rect) const
{
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int x0 = rect.left() - m_metrics.margin;
    const int x1 = rect.right() - m_metrics.margin;
    const int first = std::clamp(x0 < 0 ? 0 : x0 / pitch, 0, m_columns);
    const int last = std::clamp(x1 < 0 ? 0 : x1 / pitch + 1, 0, m_columns);
    return {first, last};
}

std::pair<int, int> PodGridLayout::tileRange(int group, const QRect& rect) const
{
    const int count = m_counts[std::size_t(group)];
    if (count == 0 || rect.isEmpty())
        return {0, 0};
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int top = m_tops[std::size_t(group)] + m_metrics.headerHeight;
    const int y0 = rect.top() - top;
    const int y1 = rect.bottom() - top;
    const int r = rows(group);
    if (y1 < 0)
        return {0, 0};
    const int firstRow = y0 < 0 ? 0 : y0 / pitch;
    const int lastRow = std::min(r, y1 / pitch + 1);
    if (firstRow >= lastRow)
        return {0, 0};
    return {std::min(count, firstRow * m_columns), std::min(count, lastRow * m_columns)};
}

PodGridLayout::Hit PodGridLayout::hitTest(const QPoint& p) const
{
    if (m_counts.empty())
        return {};
    const int g = firstGroupFrom(p.y());
    if (g >= groupCount())
        return {};
    const QRect gr = groupRect(g);
    if (!gr.contains(p))
        return {};
    if (headerRect(g).contains(p))
        return {g, -1};
    const int pitch = m_metrics.tile + m_metrics.gap;
    const int x = p.x() - m_metrics.margin;
    const int y = p.y() - (m_tops[std::size_t(g)] + m_metrics.headerHeight);
    if (x < 0 || y < 0)
        return {};
    const int col = x / pitch;
    const int row = y / pitch;
    if (col >= m_columns || x % pitch >= m_metrics.tile || y % pitch >= m_metrics.tile)
        return {}; // in a gap
    const int index = row * m_columns + col;
    if (index >= m_counts[std::size_t(g)])
        return {};
    return {g, index};
}

PodGridLayout::Hit PodGridLayout::move(const Hit& from, int dx, int dy) const
{
    auto firstTile = [&]() -> Hit {
        for (int g = 0; g < groupCount(); ++g)
            if (m_counts[std::size_t(g)] > 0)
                return {g, 0};
        return {};
    };
    if (!from.isTile() || from.group >= groupCount() || from.tile >= m_counts[std::size_t(from.group)])
        return firstTile();
    Hit h = from;
    if (dx != 0) {
        const int n = m_counts[std::size_t(h.group)];
        h.tile = std::clamp(h.tile + dx, 0, n - 1);
    }
    const int col = h.tile % m_columns; // the column aimed at, kept through short rows
    for (int step = 0; step < std::abs(dy); ++step) {
        const int row = h.tile / m_columns;
        if (dy > 0) {
            if (row + 1 < rows(h.group)) {
                h.tile = std::min(m_counts[std::size_t(h.group)] - 1, (row + 1) * m_columns + col);
                continue;
            }
            int g = h.group + 1;
            while (g < groupCount() && m_counts[std::size_t(g)] == 0)
                ++g;
            if (g >= groupCount())
                break;
            h = {g, std::min(m_counts[std::size_t(g)] - 1, col)};
        } else {
            if (row > 0) {
                h.tile = (row - 1) * m_columns + col;
                continue;
            }
            int g = h.group - 1;
            while (g >= 0 && m_counts[std::size_t(g)] == 0)
                --g;
            if (g < 0)
                break;
            const int lastRow = rows(g) - 1;
            h = {g, std::min(m_counts[std::size_t(g)] - 1, lastRow * m_columns + col)};
        }
    }
    return h;
}

} // namespace rl
