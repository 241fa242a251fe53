#pragma once

#include <QPoint>
#include <QRect>

#include <utility>
#include <vector>

namespace rl {

/// Sizes of the pod grid, in device-independent pixels.
struct PodGridMetrics
{
    int margin = 8; // around the whole grid
    int headerHeight = 40; // group header (ReplicaSet line + counts line)
    int tile = 28; // tile edge
    int gap = 4; // between tiles
    int groupGap = 12; // below a group's last tile row
    bool operator==(const PodGridMetrics&) const = default;
};

/// Pure geometry of the pod grid: groups (one per ReplicaSet) stacked vertically, each a header
/// row followed by its tiles in rows of columns() tiles. Nothing is stored per tile: a tile's rect
/// is computed from its index, hit tests and visible ranges are O(log groups), so the grid costs
/// the same to lay out with 10 or 100,000 pods.
class PodGridLayout
{
public:
    struct Hit
    {
        int group = -1;
        int tile = -1; // -1: the header (group >= 0) or nothing
        bool isTile() const { return group >= 0 && tile >= 0; }
        bool isHeader() const { return group >= 0 && tile < 0; }
        bool operator==(const Hit&) const = default;
    };

    void setMetrics(const PodGridMetrics& m);
    const PodGridMetrics& metrics() const { return m_metrics; }
    /// Number of tiles of each group, top to bottom.
    void setGroups(std::vector<int> tileCounts);
    void setWidth(int width);
    int width() const { return m_width; }

    int columns() const { return m_columns; }
    int groupCount() const { return int(m_counts.size()); }
    int tileCount(int group) const { return m_counts[std::size_t(group)]; }
    int totalTiles() const;
    /// Height of the whole grid (margins included).
    int height() const { return m_height; }
    /// Height the grid needs at `width`, without changing the layout.
    int heightForWidth(int width) const;

    QRect groupRect(int group) const; // header + tile rows (without groupGap)
    QRect headerRect(int group) const;
    QRect tileRect(int group, int tile) const;
    /// Rows a group's tiles take (0 when it has none).
    int rows(int group) const;

    Hit hitTest(const QPoint& p) const;
    /// First group whose rect reaches y or below (groupCount() if none).
    int firstGroupFrom(int y) const;
    /// Tiles of `group` whose row intersects `rect` vertically and whose column does horizontally,
    /// as the range [first, last) of indexes to visit (tiles outside the column span are skipped
    /// by the caller with columnSpan()).
    std::pair<int, int> tileRange(int group, const QRect& rect) const;
    /// Columns [first, last) that intersect `rect` horizontally.
    std::pair<int, int> columnSpan(const QRect& rect) const;

    /// Keyboard navigation: the tile reached from `from` by moving dx columns / dy rows; rows
    /// continue into the next/previous group; columns wrap within a group. Returns `from` when
    /// there is nowhere to go, the first tile when `from` is not a tile.
    Hit move(const Hit& from, int dx, int dy) const;

private:
    void relayout();
    int rowsFor(int count, int columns) const;
    int columnsFor(int width) const;

    PodGridMetrics m_metrics;
    std::vector<int> m_counts;
    std::vector<int> m_tops; // y of each group's header
    int m_width = 0;
    int m_columns = 1;
    int m_height = 0;
};

} // namespace rl
