#pragma once

#include "style/versionpalette.h"

#include <QColor>
#include <QFont>
#include <QPalette>

class QAbstractAxis;
class QChart;
class QWidget;

namespace rl {

/// The one look of every chart and timeline: colours from the window's palette (light or dark),
/// versions from VersionPalette, and a presentation mode for projectors — larger fonts, thicker
/// lines, pure black/white backgrounds and text (high contrast).
class ChartTheme
{
public:
    /// The metrics the availability chart draws.
    enum class Metric { Total, Ready, Available, Updated, Old, Terminating, Floor, Ceiling };

    ChartTheme(const QPalette& palette, bool presentation);

    bool isPresentation() const { return m_presentation; }
    bool isDark() const { return m_dark; }
    QColor background() const { return m_background; }
    QColor text() const { return m_text; }
    QColor mutedText() const { return m_muted; }
    QColor grid() const { return m_grid; }
    QColor band() const { return m_band; }
    QColor failure() const { return m_failure; }
    QColor success() const { return m_success; }
    QColor cursor() const { return m_cursor; }
    QColor metricColor(Metric m) const;
    qreal lineWidth() const { return m_presentation ? 4.0 : 2.0; }
    /// Font for labels (axis, legend, pod names), scaled for presentation.
    QFont font(qreal relative = 1.0) const;
    QColor versionColor(int index) const { return m_versions.color(index); }
    const VersionPalette& versions() const { return m_versions; }

    /// Backgrounds, title, axes and legend of a chart.
    void apply(QChart* chart) const;
    void applyAxis(QAbstractAxis* axis) const;
    /// The palette a widget should use (presentation mode: pure black/white).
    QPalette widgetPalette(const QPalette& base) const;

private:
    bool m_presentation;
    bool m_dark;
    QFont m_font;
    QColor m_background;
    QColor m_text;
    QColor m_muted;
    QColor m_grid;
    QColor m_band;
    QColor m_failure;
    QColor m_success;
    QColor m_cursor;
    VersionPalette m_versions;
};

} // namespace rl
