#include "charts/charttheme.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>

namespace rl {

ChartTheme::ChartTheme(const QPalette& palette, bool presentation)
    : m_presentation(presentation)
    , m_dark(palette.color(QPalette::Window).lightness() < 128)
    , m_font(QApplication::font())
    , m_versions(palette)
{
    if (presentation) {
        m_background = m_dark ? QColor(Qt::black) : QColor(Qt::white);
        m_text = m_dark ? QColor(Qt::white) : QColor(Qt::black);
        m_muted = m_text;
        m_grid = m_dark ? QColor(110, 110, 110) : QColor(150, 150, 150);
    } else {
        m_background = palette.color(QPalette::Base);
        m_text = palette.color(QPalette::Text);
        // Opaque: placeholder colours are often the text colour at half alpha.
        const QColor t = m_text;
        const QColor b = m_background;
        m_muted = QColor::fromRgbF(t.redF() * 0.55 + b.redF() * 0.45, t.greenF() * 0.55 + b.greenF() * 0.45,
            t.blueF() * 0.55 + b.blueF() * 0.45);
        m_grid = palette.color(QPalette::Mid);
        if (m_grid.lightness() == m_background.lightness())
            m_grid = m_dark ? m_background.lighter(180) : m_background.darker(130);
    }
    // Okabe–Ito vermillion for failures and the bands' edges, bluish green for success.
    m_failure = m_dark ? QColor(0xFF, 0x7F, 0x50) : QColor(0xD5, 0x5E, 0x00);
    m_success = m_dark ? QColor(0x3C, 0xD8, 0xA8) : QColor(0x00, 0x9E, 0x73);
    m_band = palette.color(QPalette::Highlight);
    m_band.setAlpha(presentation ? 70 : 40);
    m_cursor = m_text;
    if (presentation)
        m_font.setPointSizeF(m_font.pointSizeF() * 1.6);
}

QFont ChartTheme::font(qreal relative) const
{
    QFont f = m_font;
    f.setPointSizeF(f.pointSizeF() * relative);
    if (m_presentation)
        f.setBold(relative >= 1.0);
    return f;
}

QColor ChartTheme::metricColor(Metric m) const
{
    switch (m) {
    case Metric::Total:
        return m_text;
    case Metric::Ready:
        return m_dark ? QColor(0x7F, 0xC8, 0xF8) : QColor(0x1F, 0x78, 0xB4);
    case Metric::Available:
        return m_success;
    case Metric::Updated:
        // Okabe–Ito yellow, the one hue VersionPalette leaves out.
        return QColor(0xF0, 0xE4, 0x42);
    case Metric::Old:
        return m_dark ? QColor(0xE0, 0x9B, 0xC8) : QColor(0xA0, 0x4A, 0x85);
    case Metric::Terminating:
        return m_dark ? QColor(0xA0, 0xA0, 0xA0) : QColor(0x70, 0x70, 0x70);
    case Metric::Floor:
    case Metric::Ceiling:
        return m_failure;
    }
    return m_text;
}

void ChartTheme::applyAxis(QAbstractAxis* axis) const
{
    axis->setLabelsFont(font(0.9));
    axis->setLabelsColor(m_text);
    axis->setTitleFont(font(0.9));
    axis->setTitleBrush(m_text);
    axis->setLinePenColor(m_grid);
    axis->setGridLineColor(m_grid);
    QPen minor(m_grid);
    minor.setStyle(Qt::DotLine);
    axis->setMinorGridLinePen(minor);
}

void ChartTheme::apply(QChart* chart) const
{
    chart->setBackgroundBrush(m_background);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(m_text);
    chart->setTitleFont(font(1.15));
    chart->legend()->setLabelColor(m_text);
    chart->legend()->setFont(font(m_presentation ? 0.75 : 0.9));
    chart->setAnimationOptions(QChart::NoAnimation);
    const int margin = m_presentation ? 10 : 6;
    chart->setMargins(QMargins(margin, margin, margin, margin));
    for (QAbstractAxis* axis : chart->axes())
        applyAxis(axis);
}

QPalette ChartTheme::widgetPalette(const QPalette& base) const
{
    QPalette p = base;
    if (m_presentation) {
        for (auto role : {QPalette::Window, QPalette::Base, QPalette::AlternateBase})
            p.setColor(role, m_background);
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(role, m_text);
    }
    return p;
}

} // namespace rl
