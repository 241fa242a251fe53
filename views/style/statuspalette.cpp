#include "style/statuspalette.h"

namespace rl {

namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
        float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

StatusPalette::StatusPalette(const QPalette& palette)
    : m_palette(palette)
    , m_dark(palette.color(QPalette::Base).lightnessF() < 0.5)
{ }

QColor StatusPalette::error() const
{
    return m_dark ? QColor::fromHsl(0, 200, 165) : QColor::fromHsl(0, 190, 90);
}

QColor StatusPalette::errorBackground() const
{
    return mix(m_palette.color(QPalette::Base), error(), 0.18);
}

QColor StatusPalette::removed() const
{
    return error();
}

QColor StatusPalette::added() const
{
    return m_dark ? QColor::fromHsl(120, 150, 150) : QColor::fromHsl(120, 200, 60);
}

QColor StatusPalette::dim() const
{
    return mix(m_palette.color(QPalette::Text), m_palette.color(QPalette::Base), 0.45);
}

} // namespace rl
