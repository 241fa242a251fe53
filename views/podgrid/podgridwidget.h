#pragma once

#include "podgrid/podgriddata.h"
#include "podgrid/podgridlayout.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPen>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QMenu;

namespace rl {

class Simulation;

/// The pod grid: one tile per pod, grouped by ReplicaSet (newest revision first), coloured by the
/// ReplicaSet's version (VersionPalette), its look telling the pod's state (see PodVisualState and
/// the legend). One widget paints every tile from PodGridLayout in a flat loop that visits only
/// the tiles in the exposed rect. Changes animate: between two refreshes each tile slides from
/// its old place to its new one, new pods scale in, removed pods fade out (one timer, ~250 ms).
///
/// Follows the GUI contract: it reads the simulation it is given and never changes it; a click
/// selects a pod (podSelected), the context menu and the Delete key emit the kubectl command they
/// equal (commandRequested). Put it in a QScrollArea (it has a height for its width).
class PodGridWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PodGridWidget(QWidget* parent = nullptr);
    ~PodGridWidget() override;

    void setSimulation(const Simulation* sim);
    /// Which pods: a Deployment's (default scope: the whole namespace "default").
    void setScope(PodGridData::Scope scope, const QString& ns, const QString& deployment = {});
    /// Re-reads the simulation; cheap when nothing changed.
    void refresh();

    /// Animations on/off (off for tests and screenshots; also off when the environment variable
    /// ROLLOUT_LAB_NO_ANIMATION is set).
    void setAnimated(bool on);
    bool isAnimated() const { return m_animated; }
    bool isAnimating() const { return m_animActive; }
    /// Freezes a running animation at progress t (0..1), for benchmarks; < 0 lets it run again.
    void setAnimationProgressOverride(double t);

    void setMetrics(const PodGridMetrics& m);
    const PodGridData& data() const { return m_data; }
    const PodGridLayout& gridLayout() const { return m_layout; }

    QString selectedPod() const { return m_selectedName; }
    /// Selects a pod by name (no signal); empty clears the selection.
    void setSelectedPod(const QString& name);
    /// Where the pod's tile is (widget coordinates), empty if it has none.
    QRect tileRect(const QString& podName) const;
    /// The pod at a point, empty if none.
    QString podAt(const QPoint& pos) const;
    /// The tooltip text for a pod: `kubectl get pods -o wide` columns and what its tile shows.
    QString toolTipFor(const QString& podName) const;
    /// The context menu for a pod (Describe, Delete pod); the caller owns it.
    QMenu* createContextMenu(const QString& podName, QWidget* parent = nullptr);

    /// Paints the part `exposed` of the grid (widget coordinates) with `p` (what paintEvent does;
    /// public for the benchmark, which paints into a QImage).
    void paintContent(QPainter& p, const QRect& exposed) const;

    /// Paints the legend of tile looks (state -> look) into `rect`, e.g. for a legend widget.
    void paintLegend(QPainter& p, const QRect& rect) const;
    QSize legendSizeHint() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void podSelected(const QString& ns, const QString& name);
    void replicaSetSelected(const QString& ns, const QString& name);
    void commandRequested(const QStringList& argv);
    /// The user (or setSelectedPod) selected the tile at `rect` (widget coordinates), so that a
    /// scroll area can show it. Not emitted when a refresh moves the tile.
    void selectionRectChanged(const QRect& rect);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

private:
    struct Anim
    {
        QRectF from; // where the tile was shown when the animation started
        QColor fromFill; // its fill then (invalid: it appears)
    };
    struct Ghost
    {
        QRectF rect;
        PodTile tile;
    };
    struct Look
    {
        QColor solid;
        QColor light;
        QColor faded;
        QBrush hatch;
        QPen outline;
        QPen dashed;
    };

    void updatePalette();
    void updateMetrics();
    void applyData(bool changed);
    const Look& look(int version) const;
    QColor fillOf(const PodTile& t) const;
    void paintTile(QPainter& p, const QRect& r, const PodTile& t) const;
    void paintTileDirect(QPainter& p, const QRect& r, const PodTile& t, qreal dpr, bool bar) const;
    void paintHeader(QPainter& p, const QRect& r, const PodGroup& g) const;
    const QPixmap& glyph(const QString& key, qreal dpr, const std::function<void(QPainter&, const QRect&)>& draw) const;
    double animationT() const;
    QRectF shownRect(int group, int tile) const;
    QRectF shownRect(int group, int tile, double t) const;
    void select(const PodGridLayout::Hit& hit, bool emitSignal);
    PodGridLayout::Hit hitForName(const QString& name) const;
    void onAnimationTick();
    QStringList nsArgs() const;

    const Simulation* m_sim = nullptr;
    PodGridData m_data;
    PodGridLayout m_layout;
    PodGridMetrics m_baseMetrics;

    // Paint caches (rebuilt on palette/font change).
    std::vector<Look> m_looks; // one per VersionPalette colour, the last one for pods without ReplicaSet
    QColor m_base;
    QColor m_text;
    QColor m_mutedText;
    QColor m_error;
    QColor m_highlight;
    QPen m_errorPen;
    QPen m_selectionPen;
    QPen m_hoverPen;
    QPen m_ringPen;
    QPen m_ringTrackPen;
    QFont m_tileFont;
    QFont m_headerBold;
    mutable QHash<QString, QPixmap> m_glyphs; // pre-rendered rings and texts (see glyph())
    mutable QHash<quint64, QPixmap> m_tiles; // pre-rendered tile looks (see paintTile())

    // Selection / hover by pod name (stable across refreshes).
    QString m_selectedName;
    QString m_hoverName;

    // Animation.
    bool m_animated = true;
    bool m_animActive = false;
    double m_animOverride = -1;
    QElapsedTimer m_animClock;
    QTimer m_animTimer;
    std::vector<std::vector<Anim>> m_anim; // [group][tile], only while animating
    struct Reach
    {
        std::vector<int> maxBottom; // prefix max of max(from, target).bottom
        std::vector<int> minTop; // suffix min of min(from, target).top
    };
    std::vector<Reach> m_animReach; // [group], only while animating
    std::vector<Ghost> m_ghosts;
    static constexpr int kAnimationMs = 250;
};

} // namespace rl
