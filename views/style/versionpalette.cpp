#include "style/versionpalette.h"

#include <array>

namespace rl {

namespace {
// Okabe & Ito, "Color Universal Design" (2008): distinguishable with the common colour-vision
// deficiencies. Yellow is left out: it vanishes on white backgrounds.
constexpr std::array<QRgb, 7> kHues = {
    0x0072B2, // blue
    0xE69F00, // orange
    0x009E73, // bluish green
    0xCC79A7, // reddish purple
    0x56B4E9, // sky blue
    0xD55E00, // vermillion
    0x7F7F7F, // grey
};
} // namespace

VersionPalette::VersionPalette(const QPalette& palette)
    : m_dark(palette.color(QPalette::Window).lightness() < 128)
{ }

int VersionPalette::size()
{
    return int(kHues.size());
}

QColor VersionPalette::color(int index) const
{
    const int n = size();
    const QColor base = QColor::fromRgb(kHues[std::size_t(((index % n) + n) % n)]);
    return m_dark ? base.lighter(125) : base;
}

} // namespace rl
