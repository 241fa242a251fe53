#include "podgrid/podgridwidget.h"

#include "kubectl/duration.h"
#include "kubectl/printers.h"
#include "sim/simulation.h"
#include "style/versionpalette.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QSet>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace rl {

namespace {

double easeOut(double t)
{
    const double u = 1.0 - std::clamp(t, 0.0, 1.0);
    return 1.0 - u * u * u;
}

QRectF lerp(const QRectF& a, const QRectF& b, double t)
{
    return QRectF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t, a.width() + (b.width() - a.width()) * t,
        a.height() + (b.height() - a.height()) * t);
}

/// Short tag for a failure reason, drawn inside the tile (the legend and the tooltip spell it out).
QString reasonTag(const QString& reason)
{
    if (reason == QLatin1String("ErrImagePull"))
        return QStringLiteral("EIP");
    if (reason == QLatin1String("ImagePullBackOff"))
        return QStringLiteral("IPB");
    if (reason == QLatin1String("CrashLoopBackOff"))
        return QStringLiteral("CLB");
    if (reason == QLatin1String("Error"))
        return QStringLiteral("ERR");
    if (reason == QLatin1String("OOMKilled"))
        return QStringLiteral("OOM");
    if (reason == QLatin1String("Completed"))
        return QStringLiteral("END");
    return QStringLiteral("!");
}

QString htmlEscaped(const QString& s)
{
    return s.toHtmlEscaped();
}

} // namespace

PodGridWidget::PodGridWidget(QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Pod grid"));
    setStatusTip(tr("Pods grouped by ReplicaSet. Click a pod to select it, right-click for actions, Delete deletes "
                    "the selected pod."));
    m_animated = qEnvironmentVariableIsEmpty("ROLLOUT_LAB_NO_ANIMATION");
    m_animTimer.setInterval(16);
    connect(&m_animTimer, &QTimer::timeout, this, &PodGridWidget::onAnimationTick);
    updatePalette();
    updateMetrics();
}

PodGridWidget::~PodGridWidget() = default;

void PodGridWidget::setSimulation(const Simulation* sim)
{
    if (sim == m_sim)
        return;
    m_sim = sim;
    m_data.reset();
    m_anim.clear();
    m_animReach.clear();
    m_ghosts.clear();
    m_animActive = false;
    m_animTimer.stop();
    refresh();
}

void PodGridWidget::setScope(PodGridData::Scope scope, const QString& ns, const QString& deployment)
{
    m_data.setScope(scope, ns, deployment);
    m_anim.clear();
    m_animReach.clear();
    m_ghosts.clear();
    m_animActive = false;
    refresh();
}

void PodGridWidget::setAnimated(bool on)
{
    m_animated = on;
    if (!on && m_animActive) {
        m_animActive = false;
        m_animTimer.stop();
        m_anim.clear();
        m_animReach.clear();
        m_ghosts.clear();
        update();
    }
}

void PodGridWidget::setAnimationProgressOverride(double t)
{
    m_animOverride = t;
    if (t >= 0)
        m_animTimer.stop();
    else if (m_animActive)
        m_animTimer.start();
    update();
}

void PodGridWidget::setMetrics(const PodGridMetrics& m)
{
    m_baseMetrics = m;
    updateMetrics();
}

void PodGridWidget::updateMetrics()
{
    PodGridMetrics m = m_baseMetrics;
    const QFontMetrics fm(font());
    m.headerHeight = std::max(m.headerHeight, 2 * fm.lineSpacing() + 10);
    m_layout.setMetrics(m);
    m_tileFont = font();
    m_tileFont.setPixelSize(std::max(7, m.tile * 2 / 5));
    m_tileFont.setBold(true);
    m_headerBold = font();
    m_headerBold.setBold(true);
    m_glyphs.clear();
    m_tiles.clear();
    updateGeometry();
    update();
}

void PodGridWidget::updatePalette()
{
    const QPalette pal = palette();
    const VersionPalette versions(pal);
    m_base = pal.color(QPalette::Base);
    m_text = pal.color(QPalette::Text);
    // Secondary text: between Text and Base (PlaceholderText is not set by every palette).
    m_mutedText = QColor::fromRgbF(m_text.redF() * 0.62f + m_base.redF() * 0.38f,
        m_text.greenF() * 0.62f + m_base.greenF() * 0.38f, m_text.blueF() * 0.62f + m_base.blueF() * 0.38f);
    m_highlight = pal.color(QPalette::Highlight);
    // QPalette has no "negative" role; this red stays readable on light and dark bases.
    m_error = versions.isDark() ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x1c, 0x28);
    m_errorPen = QPen(m_error, 2);
    m_errorPen.setJoinStyle(Qt::MiterJoin);
    m_selectionPen = QPen(m_highlight, 2);
    m_selectionPen.setJoinStyle(Qt::MiterJoin);
    m_hoverPen = QPen(m_text, 1);
    m_ringPen = QPen(m_base, 2.5, Qt::SolidLine, Qt::FlatCap);
    QColor track = m_base;
    track.setAlpha(90);
    m_ringTrackPen = QPen(track, 2.5);

    m_glyphs.clear();
    m_tiles.clear();
    m_looks.clear();
    const int n = VersionPalette::size();
    for (int i = 0; i <= n; ++i) {
        Look l;
        l.solid = i < n ? versions.color(i) : pal.color(QPalette::Mid);
        l.light = l.solid;
        l.light.setAlpha(70);
        l.faded = l.solid;
        l.faded.setAlpha(110);
        l.hatch = QBrush(l.solid, Qt::BDiagPattern);
        l.outline = QPen(l.solid, 1);
        l.dashed = QPen(l.solid, 1, Qt::DashLine);
        m_looks.push_back(l);
    }
    update();
}

const PodGridWidget::Look& PodGridWidget::look(int version) const
{
    const int n = VersionPalette::size();
    if (version < 0)
        return m_looks[std::size_t(n)];
    return m_looks[std::size_t(version % n)];
}

QColor PodGridWidget::fillOf(const PodTile& t) const
{
    const Look& l = look(t.version);
    switch (t.info.state) {
    case PodVisualState::Pending:
        return m_base;
    case PodVisualState::Pulling:
    case PodVisualState::Creating:
    case PodVisualState::Failed:
        return l.light;
    case PodVisualState::Terminating:
        return l.faded;
    case PodVisualState::Running:
    case PodVisualState::Ready:
    case PodVisualState::Available:
        return l.solid;
    }
    return l.solid;
}

void PodGridWidget::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::StyleChange)
        updatePalette();
    if (e->type() == QEvent::FontChange)
        updateMetrics();
    QWidget::changeEvent(e);
}

void PodGridWidget::resizeEvent(QResizeEvent* e)
{
    QWidget::resizeEvent(e);
    const int before = m_layout.columns();
    m_layout.setWidth(width());
    if (before != m_layout.columns()) {
        m_anim.clear();
        m_animReach.clear();
        m_ghosts.clear();
        m_animActive = false;
        m_animTimer.stop();
        updateGeometry(); // height for width changed
    }
}

int PodGridWidget::heightForWidth(int width) const
{
    return m_layout.heightForWidth(width);
}

QSize PodGridWidget::sizeHint() const
{
    const int w = 640;
    return {w, heightForWidth(w)};
}

QSize PodGridWidget::minimumSizeHint() const
{
    const PodGridMetrics& m = m_layout.metrics();
    return {2 * m.margin + 4 * (m.tile + m.gap), m.headerHeight + 2 * m.margin};
}

void PodGridWidget::refresh()
{
    if (!m_sim) {
        if (!m_data.groups().empty()) {
            m_data.reset();
            applyData(true);
        }
        return;
    }
    const bool animate = m_animated && isVisible() && m_animOverride < 0;
    const bool rebuilt = m_data.isStale(m_sim->store());
    const bool changed = m_data.update(m_sim->store(), m_sim->now());
    if (!changed)
        return;
    if (!rebuilt) { // only time moved some looks (rings, countdowns): same tiles in the same places
        update();
        return;
    }
    const auto& before = m_data.previousGroups();
    if (!animate || before.empty()) {
        applyData(true);
        return;
    }
    // Where every tile is shown now (the old layout and a running animation still apply), keyed
    // by the pod's order of appearance, which is unique for the life of the grid's data.
    struct Shown
    {
        QRectF rect;
        QColor fill;
        int group;
        int tile;
    };
    std::unordered_map<quint64, Shown> old;
    old.reserve(std::size_t(m_layout.totalTiles()));
    for (int g = 0; g < int(before.size()); ++g)
        for (int t = 0; t < int(before[std::size_t(g)].tiles.size()); ++t) {
            const PodTile& tile = before[std::size_t(g)].tiles[std::size_t(t)];
            old.emplace(tile.order, Shown {shownRect(g, t), fillOf(tile), g, t});
        }
    applyData(true); // the new layout

    bool moves = false;
    const auto& groups = m_data.groups();
    m_anim.assign(groups.size(), {});
    for (int g = 0; g < int(groups.size()); ++g) {
        auto& row = m_anim[std::size_t(g)];
        row.resize(groups[std::size_t(g)].tiles.size());
        for (int t = 0; t < int(row.size()); ++t) {
            const PodTile& tile = groups[std::size_t(g)].tiles[std::size_t(t)];
            auto it = old.find(tile.order);
            if (it == old.end()) {
                moves = true; // appears
                continue;
            }
            row[std::size_t(t)].from = it->second.rect;
            row[std::size_t(t)].fromFill = it->second.fill;
            if (it->second.rect != QRectF(m_layout.tileRect(g, t)) || it->second.fill != fillOf(tile))
                moves = true;
            old.erase(it);
        }
    }
    // What is left in `old` has gone: it fades out where it was.
    std::vector<Ghost> ghosts;
    ghosts.reserve(old.size());
    for (const auto& [order, shown] : old)
        ghosts.push_back({shown.rect, before[std::size_t(shown.group)].tiles[std::size_t(shown.tile)]});
    std::sort(ghosts.begin(), ghosts.end(), [](const Ghost& a, const Ghost& b) { return a.tile.order < b.tile.order; });
    if (!moves && ghosts.empty()) {
        m_anim.clear();
        m_animReach.clear();
        return;
    }
    // Per group, the vertical reach of the tiles' start positions (prefix max of bottoms, suffix
    // min of tops), so that painting visits only the tiles that can cross the exposed rect.
    m_animReach.assign(groups.size(), {});
    for (int g = 0; g < int(groups.size()); ++g) {
        const auto& row = m_anim[std::size_t(g)];
        Reach& reach = m_animReach[std::size_t(g)];
        const int n = int(row.size());
        reach.maxBottom.resize(std::size_t(n));
        reach.minTop.resize(std::size_t(n));
        int maxBottom = std::numeric_limits<int>::min();
        for (int t = 0; t < n; ++t) {
            const QRect target = m_layout.tileRect(g, t);
            const QRect from = row[std::size_t(t)].from.isNull() ? target : row[std::size_t(t)].from.toAlignedRect();
            maxBottom = std::max({maxBottom, from.bottom(), target.bottom()});
            reach.maxBottom[std::size_t(t)] = maxBottom;
        }
        int minTop = std::numeric_limits<int>::max();
        for (int t = n - 1; t >= 0; --t) {
            const QRect target = m_layout.tileRect(g, t);
            const QRect from = row[std::size_t(t)].from.isNull() ? target : row[std::size_t(t)].from.toAlignedRect();
            minTop = std::min({minTop, from.top(), target.top()});
            reach.minTop[std::size_t(t)] = minTop;
        }
    }
    m_ghosts = std::move(ghosts);
    m_animActive = true;
    m_animClock.restart();
    m_animTimer.start();
    update();
}

void PodGridWidget::applyData(bool changed)
{
    if (!changed)
        return;
    std::vector<int> counts;
    counts.reserve(m_data.groups().size());
    for (const PodGroup& g : m_data.groups())
        counts.push_back(int(g.tiles.size()));
    const int oldHeight = m_layout.height();
    m_layout.setGroups(std::move(counts));
    m_layout.setWidth(width());
    m_anim.clear();
    m_animReach.clear();
    m_ghosts.clear();
    m_animActive = false;
    m_animTimer.stop();
    if (m_layout.height() != oldHeight)
        updateGeometry();
    if (!m_selectedName.isEmpty()) {
        if (!hitForName(m_selectedName).isTile())
            m_selectedName.clear(); // the pod is gone
    }
    if (!m_hoverName.isEmpty() && !hitForName(m_hoverName).isTile())
        m_hoverName.clear();
    update();
}

double PodGridWidget::animationT() const
{
    if (!m_animActive)
        return 1.0;
    if (m_animOverride >= 0)
        return easeOut(m_animOverride);
    return easeOut(double(m_animClock.elapsed()) / kAnimationMs);
}

void PodGridWidget::onAnimationTick()
{
    if (m_animOverride < 0 && m_animClock.elapsed() >= kAnimationMs) {
        m_animActive = false;
        m_animTimer.stop();
        m_anim.clear();
        m_animReach.clear();
        m_ghosts.clear();
    }
    update();
}

QRectF PodGridWidget::shownRect(int group, int tile) const
{
    return shownRect(group, tile, animationT());
}

QRectF PodGridWidget::shownRect(int group, int tile, double t) const
{
    const QRectF target(m_layout.tileRect(group, tile));
    if (!m_animActive || group >= int(m_anim.size()) || tile >= int(m_anim[std::size_t(group)].size()))
        return target;
    const Anim& a = m_anim[std::size_t(group)][std::size_t(tile)];
    if (a.from.isNull()) { // appears: grows from its centre
        const QPointF c = target.center();
        const double w = target.width() * t;
        const double h = target.height() * t;
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h);
    }
    return lerp(a.from, target, t);
}

// ---------------------------------------------------------------------------------------------
// Painting

namespace {
/// An outline of `width` px inside `r`, with fills only (no path stroking).
void frame(QPainter& p, const QRect& r, const QColor& c, int width)
{
    p.fillRect(QRect(r.left(), r.top(), r.width(), width), c);
    p.fillRect(QRect(r.left(), r.bottom() - width + 1, r.width(), width), c);
    p.fillRect(QRect(r.left(), r.top() + width, width, r.height() - 2 * width), c);
    p.fillRect(QRect(r.right() - width + 1, r.top() + width, width, r.height() - 2 * width), c);
}

/// A dashed 1 px outline (3 on, 3 off), with fills only.
void dashedFrame(QPainter& p, const QRect& r, const QColor& c)
{
    for (int x = r.left(); x <= r.right(); x += 6) {
        const int w = std::min(3, r.right() - x + 1);
        p.fillRect(QRect(x, r.top(), w, 1), c);
        p.fillRect(QRect(x, r.bottom(), w, 1), c);
    }
    for (int y = r.top() + 3; y <= r.bottom() - 3; y += 6) {
        const int h = std::min(3, r.bottom() - 3 - y + 1);
        p.fillRect(QRect(r.left(), y, 1, h), c);
        p.fillRect(QRect(r.right(), y, 1, h), c);
    }
}
} // namespace

const QPixmap& PodGridWidget::glyph(
    const QString& key, qreal dpr, const std::function<void(QPainter&, const QRect&)>& draw) const
{
    // Rings and texts are drawn once per look, device pixel ratio and tile size into a pixmap
    // tagged with its device pixel ratio; tiles blit them. Antialiased paths and text layout per
    // tile would cost far more (the raster engine even hands path fills to its thread pool).
    const QString full = key + QLatin1Char('@') + QString::number(dpr);
    auto it = m_glyphs.constFind(full);
    if (it != m_glyphs.cend())
        return *it;
    const int t = m_layout.metrics().tile;
    QPixmap pm(QSize(t, t) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    {
        QPainter gp(&pm);
        gp.setRenderHint(QPainter::Antialiasing, true);
        gp.setRenderHint(QPainter::TextAntialiasing, true);
        draw(gp, QRect(0, 0, t, t));
    }
    return *m_glyphs.insert(full, pm);
}

void PodGridWidget::paintTile(QPainter& p, const QRect& r, const PodTile& t) const
{
    const int size = m_layout.metrics().tile;
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    if (r.width() != size || r.height() != size) { // scaling in (animation): paint it
        paintTileDirect(p, r, t, dpr, true);
        return;
    }
    // Every look is rendered once into an opaque pixmap (over the grid's background) and blitted:
    // a tile costs one copy whatever its look; only the grace-period bar is drawn on top.
    const PodStateInfo& i = t.info;
    quint64 param = 0;
    if (i.state == PodVisualState::Ready)
        param = quint64(std::lround(i.readyProgress * 20));
    else if (i.state == PodVisualState::Terminating)
        param = quint64(std::clamp<qint64>(i.graceSecondsLeft, 0, 1 << 20));
    else if (i.state == PodVisualState::Failed)
        param = quint64(qHash(i.reason));
    const quint64 key
        = quint64(i.state) | quint64(t.version + 1) << 4 | quint64(std::lround(dpr * 100)) << 16 | param << 32;
    auto it = m_tiles.constFind(key);
    if (it == m_tiles.cend()) {
        QPixmap pm(QSize(size, size) * dpr);
        pm.setDevicePixelRatio(dpr);
        pm.fill(m_base);
        {
            QPainter tp(&pm);
            paintTileDirect(tp, QRect(0, 0, size, size), t, dpr, false);
        }
        it = m_tiles.insert(key, pm);
    }
    p.drawPixmap(r.topLeft(), *it);
    if (i.state == PodVisualState::Terminating) {
        const int h = std::max(2, size / 6);
        p.fillRect(QRect(r.left(), r.bottom() - h + 1, int(std::lround(size * i.graceLeft)), h), look(t.version).solid);
    }
}

void PodGridWidget::paintTileDirect(QPainter& p, const QRect& r, const PodTile& t, qreal dpr, bool bar) const
{
    const Look& l = look(t.version);
    const int w = r.width();
    const bool full = w == m_layout.metrics().tile; // glyphs only at full size (not while scaling in)
    switch (t.info.state) {
    case PodVisualState::Pending:
        p.fillRect(r, m_base);
        dashedFrame(p, r, l.solid);
        break;
    case PodVisualState::Pulling: {
        p.fillRect(r, l.light);
        frame(p, r, l.solid, 1);
        if (w >= 10) { // a download arrow
            const int cx = r.left() + w / 2;
            const int y0 = r.top() + w / 5;
            const int y1 = r.bottom() - w / 4;
            const int a = std::max(2, w / 5);
            p.setPen(l.outline);
            p.drawLine(cx, y0, cx, y1);
            p.drawLine(cx - a, y1 - a, cx, y1);
            p.drawLine(cx + a, y1 - a, cx, y1);
            p.drawLine(cx - a - 1, r.bottom() - w / 8, cx + a + 1, r.bottom() - w / 8);
        }
        break;
    }
    case PodVisualState::Creating:
        p.fillRect(r, l.light);
        p.fillRect(r, l.hatch);
        frame(p, r, l.solid, 1);
        break;
    case PodVisualState::Running: {
        const int b = std::max(2, w / 5);
        p.fillRect(r, l.solid);
        p.fillRect(r.adjusted(b, b, -b, -b), m_base);
        break;
    }
    case PodVisualState::Ready: {
        p.fillRect(r, l.solid);
        if (w >= 10) {
            // The progress of minReadySeconds in 5 % steps.
            const int step = int(std::lround(t.info.readyProgress * 20));
            const QPixmap& pm = glyph(QStringLiteral("ring:%1").arg(step), dpr, [&](QPainter& gp, const QRect& g) {
                const qreal m = std::max(3.0, g.width() / 5.0);
                const QRectF ring = QRectF(g).adjusted(m, m, -m, -m);
                gp.setBrush(Qt::NoBrush);
                gp.setPen(m_ringTrackPen);
                gp.drawEllipse(ring);
                gp.setPen(m_ringPen);
                gp.drawArc(ring, 90 * 16, -step * 360 * 16 / 20);
            });
            p.drawPixmap(r, pm);
        }
        break;
    }
    case PodVisualState::Available:
        p.fillRect(r, l.solid);
        break;
    case PodVisualState::Terminating: {
        p.fillRect(r, l.faded);
        const int h = std::max(2, w / 6);
        if (bar)
            p.fillRect(QRect(r.left(), r.bottom() - h + 1, int(std::lround(w * t.info.graceLeft)), h), l.solid);
        if (w >= 16 && full) {
            const QString text = QString::number(t.info.graceSecondsLeft);
            p.drawPixmap(r, glyph(QStringLiteral("term:") + text, dpr, [&](QPainter& gp, const QRect& g) {
                gp.setPen(m_text);
                gp.setFont(m_tileFont);
                gp.drawText(g.adjusted(0, 0, 0, -h), Qt::AlignCenter, text);
            }));
        }
        break;
    }
    case PodVisualState::Failed:
        p.fillRect(r, l.light);
        frame(p, r.adjusted(1, 1, -1, -1), m_error, 2);
        if (w >= 16 && full) {
            const QString tag = reasonTag(t.info.reason);
            p.drawPixmap(r, glyph(QStringLiteral("fail:") + tag, dpr, [&](QPainter& gp, const QRect& g) {
                gp.setPen(m_error);
                gp.setFont(m_tileFont);
                gp.drawText(g, Qt::AlignCenter, tag);
            }));
        }
        break;
    }
}

void PodGridWidget::paintHeader(QPainter& p, const QRect& r, const PodGroup& g) const
{
    const QFontMetrics fm(font());
    const QFontMetrics bfm(m_headerBold);
    const int line = fm.lineSpacing();
    const int y1 = r.top() + 4;
    const int sw = fm.height() - 4;
    int x = r.left();
    p.fillRect(QRect(x, y1 + 2, sw, sw), look(g.versionIndex).solid);
    x += sw + 6;
    const int avail = r.right() - x;
    QString title;
    QString rest;
    if (g.rs) {
        title = tr("revision %1").arg(g.revision);
        if (!g.version.isEmpty())
            title += QStringLiteral("  ·  ") + g.version;
        rest = QStringLiteral("%1  ·  %2").arg(g.rs->metadata.name, g.images);
    } else {
        title = tr("Pods without a ReplicaSet");
    }
    p.setFont(m_headerBold);
    p.setPen(m_text);
    const QString t = bfm.elidedText(title, Qt::ElideRight, avail);
    p.drawText(QRect(x, y1, avail, line), Qt::AlignLeft | Qt::AlignVCenter, t);
    const int tw = bfm.horizontalAdvance(t) + 12;
    p.setFont(font());
    if (!rest.isEmpty() && avail - tw > 20)
        p.drawText(QRect(x + tw, y1, avail - tw, line), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(rest, Qt::ElideMiddle, avail - tw));
    // Second line: `kubectl get rs` counts (column names are kubectl's, never translated).
    QString counts;
    if (g.rs) {
        counts = QStringLiteral("DESIRED %1   CURRENT %2   READY %3   AVAILABLE %4")
                     .arg(g.desired)
                     .arg(g.current)
                     .arg(g.ready)
                     .arg(g.available);
        if (!g.hash.isEmpty())
            counts += QStringLiteral("   pod-template-hash=") + g.hash;
    } else {
        counts = tr("%n pod(s)", nullptr, int(g.tiles.size()));
    }
    p.setPen(m_mutedText);
    p.drawText(QRect(x, y1 + line, avail, line), Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(counts, Qt::ElideRight, avail));
}

void PodGridWidget::paintEvent(QPaintEvent* e)
{
    QPainter p(this);
    paintContent(p, e->rect());
}

void PodGridWidget::paintContent(QPainter& p, const QRect& exposed) const
{
    // The background in strips of at most 64 device rows: Qt's raster engine hands fills of 96
    // rows or more to its thread pool (QT_THREAD_PARALLEL_FILLS in qdrawhelper.cpp), whose
    // wake-ups cost more than the fill itself for a widget repainted every frame.
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const int strip = std::max(1, int(64 / dpr));
    for (int y = exposed.top(); y <= exposed.bottom(); y += strip)
        p.fillRect(QRect(exposed.left(), y, exposed.width(), std::min(strip, exposed.bottom() + 1 - y)), m_base);
    const auto& groups = m_data.groups();
    if (groups.empty()) {
        p.setPen(m_mutedText);
        p.drawText(
            rect().adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop, m_sim ? tr("No pods.") : tr("No simulation."));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    if (!m_animActive) {
        const auto [c0, c1] = m_layout.columnSpan(exposed);
        const int cols = m_layout.columns();
        for (int g = m_layout.firstGroupFrom(exposed.top()); g < int(groups.size()); ++g) {
            const QRect hr = m_layout.headerRect(g);
            if (hr.top() > exposed.bottom())
                break;
            const PodGroup& group = groups[std::size_t(g)];
            if (hr.intersects(exposed))
                paintHeader(p, hr, group);
            const auto [first, last] = m_layout.tileRange(g, exposed);
            for (int i = first; i < last; ++i) {
                const int col = i % cols;
                if (col < c0 || col >= c1)
                    continue;
                paintTile(p, m_layout.tileRect(g, i), group.tiles[std::size_t(i)]);
            }
        }
    } else {
        const double t = animationT();
        for (int g = 0; g < int(groups.size()); ++g) {
            const QRect hr = m_layout.headerRect(g);
            const PodGroup& group = groups[std::size_t(g)];
            if (hr.intersects(exposed))
                paintHeader(p, hr, group);
            const auto& anim = m_anim[std::size_t(g)];
            const Reach& reach = m_animReach[std::size_t(g)];
            // Tiles [first, last) may cross the exposed rect: those before `first` stay above it,
            // those from `last` on stay below it, wherever they are on their way.
            const int first = int(std::lower_bound(reach.maxBottom.begin(), reach.maxBottom.end(), exposed.top())
                - reach.maxBottom.begin());
            const int last = int(
                std::upper_bound(reach.minTop.begin(), reach.minTop.end(), exposed.bottom()) - reach.minTop.begin());
            for (int i = first; i < last; ++i) {
                const QRect r = shownRect(g, i, t).toAlignedRect();
                if (!r.intersects(exposed))
                    continue;
                const Anim& a = anim[std::size_t(i)];
                const PodTile& tile = group.tiles[std::size_t(i)];
                if (a.from.isNull()) {
                    p.setOpacity(t);
                    paintTile(p, r, tile);
                    p.setOpacity(1.0);
                    continue;
                }
                paintTile(p, r, tile);
                if (a.fromFill.isValid() && t < 1.0 && a.fromFill != fillOf(tile)) {
                    p.setOpacity(1.0 - t); // cross-fade from the old look
                    p.fillRect(r, a.fromFill);
                    p.setOpacity(1.0);
                }
            }
        }
        p.setOpacity(1.0 - t);
        for (const Ghost& gh : m_ghosts) {
            const QRect r = gh.rect.toAlignedRect();
            if (r.intersects(exposed))
                paintTile(p, r, gh.tile);
        }
        p.setOpacity(1.0);
    }
    // Hover and selection outlines.
    p.setBrush(Qt::NoBrush);
    if (!m_hoverName.isEmpty() && m_hoverName != m_selectedName) {
        const auto hit = hitForName(m_hoverName);
        if (hit.isTile()) {
            p.setPen(m_hoverPen);
            p.drawRect(shownRect(hit.group, hit.tile).toAlignedRect().adjusted(-2, -2, 1, 1));
        }
    }
    if (!m_selectedName.isEmpty()) {
        const auto hit = hitForName(m_selectedName);
        if (hit.isTile()) {
            p.setPen(m_selectionPen);
            p.drawRect(shownRect(hit.group, hit.tile).toAlignedRect().adjusted(-2, -2, 2, 2));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Legend

QSize PodGridWidget::legendSizeHint() const
{
    const QFontMetrics fm(font());
    const int tile = m_layout.metrics().tile;
    const int rowH = std::max(tile, fm.lineSpacing()) + 4;
    int w = 0;
    for (int s = 0; s <= int(PodVisualState::Failed); ++s)
        w = std::max(w, fm.horizontalAdvance(podVisualStateName(PodVisualState(s))));
    w = std::max(w, fm.horizontalAdvance(QStringLiteral("EIP ErrImagePull, IPB ImagePullBackOff")));
    return {tile + 8 + w + 8, rowH * (int(PodVisualState::Failed) + 1) + 2 * fm.lineSpacing() + 4};
}

void PodGridWidget::paintLegend(QPainter& p, const QRect& rect) const
{
    const QFontMetrics fm(font());
    const int tile = m_layout.metrics().tile;
    const int rowH = std::max(tile, fm.lineSpacing()) + 4;
    int y = rect.top();
    PodTile sample;
    sample.version = 0;
    for (int s = 0; s <= int(PodVisualState::Failed); ++s) {
        sample.info = {};
        sample.info.state = PodVisualState(s);
        sample.info.readyProgress = 0.6;
        sample.info.graceLeft = 0.7;
        sample.info.graceSecondsLeft = 21;
        sample.info.reason = QStringLiteral("ErrImagePull");
        p.setRenderHint(QPainter::Antialiasing, false);
        paintTile(p, QRect(rect.left(), y + (rowH - tile) / 2, tile, tile), sample);
        p.setFont(font());
        p.setPen(m_text);
        p.drawText(QRect(rect.left() + tile + 8, y, rect.width() - tile - 8, rowH), Qt::AlignLeft | Qt::AlignVCenter,
            podVisualStateName(PodVisualState(s)));
        y += rowH;
    }
    p.setPen(m_mutedText);
    p.drawText(QRect(rect.left(), y, rect.width(), fm.lineSpacing()), Qt::AlignLeft,
        QStringLiteral("EIP ErrImagePull, IPB ImagePullBackOff"));
    p.drawText(QRect(rect.left(), y + fm.lineSpacing(), rect.width(), fm.lineSpacing()), Qt::AlignLeft,
        QStringLiteral("CLB CrashLoopBackOff, ERR Error"));
}

// ---------------------------------------------------------------------------------------------
// Interaction

PodGridLayout::Hit PodGridWidget::hitForName(const QString& name) const
{
    const auto [g, t] = m_data.find(name);
    return {g, t};
}

QString PodGridWidget::podAt(const QPoint& pos) const
{
    const auto hit = m_layout.hitTest(pos);
    if (!hit.isTile() || hit.group >= int(m_data.groups().size()))
        return {};
    return m_data.groups()[std::size_t(hit.group)].tiles[std::size_t(hit.tile)].pod->metadata.name;
}

QRect PodGridWidget::tileRect(const QString& podName) const
{
    const auto hit = hitForName(podName);
    return hit.isTile() ? m_layout.tileRect(hit.group, hit.tile) : QRect();
}

void PodGridWidget::setSelectedPod(const QString& name)
{
    select(hitForName(name), false);
}

void PodGridWidget::select(const PodGridLayout::Hit& hit, bool emitSignal)
{
    QString name;
    if (hit.isTile())
        name = m_data.groups()[std::size_t(hit.group)].tiles[std::size_t(hit.tile)].pod->metadata.name;
    if (name == m_selectedName)
        return;
    m_selectedName = name;
    update();
    if (hit.isTile()) {
        // podSelected first: a receiver may change the layout around us (e.g. show a describe pane)
        // before the tile is scrolled into view.
        if (emitSignal)
            emit podSelected(m_data.namespace_(), name);
        emit selectionRectChanged(m_layout.tileRect(hit.group, hit.tile));
    }
}

QStringList PodGridWidget::nsArgs() const
{
    if (m_data.namespace_().isEmpty() || m_data.namespace_() == QLatin1String("default"))
        return {};
    return {QStringLiteral("-n"), m_data.namespace_()};
}

void PodGridWidget::mousePressEvent(QMouseEvent* e)
{
    const auto hit = m_layout.hitTest(e->position().toPoint());
    if (e->button() == Qt::LeftButton || e->button() == Qt::RightButton) {
        if (hit.isTile())
            select(hit, true);
        else if (hit.isHeader() && e->button() == Qt::LeftButton) {
            const PodGroup& g = m_data.groups()[std::size_t(hit.group)];
            if (g.rs)
                emit replicaSetSelected(m_data.namespace_(), g.rs->metadata.name);
        }
    }
    QWidget::mousePressEvent(e);
}

void PodGridWidget::mouseMoveEvent(QMouseEvent* e)
{
    const QString name = podAt(e->position().toPoint());
    if (name != m_hoverName) {
        m_hoverName = name;
        update();
    }
    QWidget::mouseMoveEvent(e);
}

void PodGridWidget::leaveEvent(QEvent* e)
{
    if (!m_hoverName.isEmpty()) {
        m_hoverName.clear();
        update();
    }
    QWidget::leaveEvent(e);
}

QString PodGridWidget::toolTipFor(const QString& podName) const
{
    const auto hit = hitForName(podName);
    if (!hit.isTile() || !m_sim)
        return {};
    const PodGroup& g = m_data.groups()[std::size_t(hit.group)];
    const PodTile& t = g.tiles[std::size_t(hit.tile)];
    TableOptions wide;
    wide.wide = true;
    const QStringList head = tableHeader(Kind::Pod, wide);
    const QStringList row = tableRow(*t.pod, m_sim->now(), wide);
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    // NAME READY STATUS RESTARTS AGE IP NODE: what `kubectl get pods -o wide` shows.
    for (int i = 0; i < std::min<int>(7, int(std::min(head.size(), row.size()))); ++i)
        html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(htmlEscaped(head[i]), htmlEscaped(row[i]));
    html += QStringLiteral("</table>");
    QString detail = podVisualStateName(t.info.state);
    if (t.info.state == PodVisualState::Ready && g.minReadySeconds > 0)
        detail = tr("Ready for %1 of minReadySeconds %2")
                     .arg(humanDuration(std::max<Millis>(0, m_sim->now() - t.pod->readySince())))
                     .arg(g.minReadySeconds);
    else if (t.info.state == PodVisualState::Terminating)
        detail = tr("Terminating: %1 s of the %2 s grace period left")
                     .arg(t.info.graceSecondsLeft)
                     .arg(t.pod->metadata.deletionGracePeriodSeconds.value_or(0));
    else if (t.info.state == PodVisualState::Failed)
        detail = tr("Failed: %1").arg(t.info.reason);
    for (const ContainerStatus& cs : t.pod->status.containerStatuses)
        if (cs.state.kind == ContainerState::Kind::Waiting && !cs.state.message.isEmpty())
            detail += QStringLiteral("<br>") + htmlEscaped(cs.name + QStringLiteral(": ") + cs.state.message);
    return html + QStringLiteral("<p>") + detail + QStringLiteral("</p>");
}

bool PodGridWidget::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QString name = podAt(he->pos());
        if (name.isEmpty()) {
            QToolTip::hideText();
            e->ignore();
        } else {
            QToolTip::showText(he->globalPos(), toolTipFor(name), this, tileRect(name));
        }
        return true;
    }
    return QWidget::event(e);
}

QMenu* PodGridWidget::createContextMenu(const QString& podName, QWidget* parent)
{
    auto* menu = new QMenu(parent);
    const QString ns = m_data.namespace_();
    QAction* describe = menu->addAction(tr("&Describe"));
    describe->setObjectName(QStringLiteral("describePod"));
    describe->setStatusTip(tr("kubectl describe pod %1").arg(podName));
    connect(describe, &QAction::triggered, this, [this, podName, ns] {
        emit podSelected(ns, podName);
        emit commandRequested(QStringList {QStringLiteral("describe"), QStringLiteral("pod"), podName} + nsArgs());
    });
    QAction* del = menu->addAction(tr("De&lete pod"));
    del->setObjectName(QStringLiteral("deletePod"));
    del->setShortcut(QKeySequence::Delete);
    del->setStatusTip(tr("kubectl delete pod %1").arg(podName));
    connect(del, &QAction::triggered, this, [this, podName] {
        emit commandRequested(QStringList {QStringLiteral("delete"), QStringLiteral("pod"), podName} + nsArgs());
    });
    return menu;
}

void PodGridWidget::contextMenuEvent(QContextMenuEvent* e)
{
    const QString name = podAt(e->pos());
    if (name.isEmpty())
        return;
    QMenu* menu = createContextMenu(name, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(e->globalPos());
}

void PodGridWidget::keyPressEvent(QKeyEvent* e)
{
    const auto current = hitForName(m_selectedName);
    PodGridLayout::Hit next = current;
    switch (e->key()) {
    case Qt::Key_Left:
        next = m_layout.move(current, -1, 0);
        break;
    case Qt::Key_Right:
        next = m_layout.move(current, 1, 0);
        break;
    case Qt::Key_Up:
        next = m_layout.move(current, 0, -1);
        break;
    case Qt::Key_Down:
        next = m_layout.move(current, 0, 1);
        break;
    case Qt::Key_Delete:
        if (!m_selectedName.isEmpty()) {
            emit commandRequested(
                QStringList {QStringLiteral("delete"), QStringLiteral("pod"), m_selectedName} + nsArgs());
            return;
        }
        break;
    default:
        QWidget::keyPressEvent(e);
        return;
    }
    if (next.isTile() && !(next == current))
        select(next, true);
    e->accept();
}

} // namespace rl
