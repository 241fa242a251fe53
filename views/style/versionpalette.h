#pragma once

#include <QColor>
#include <QPalette>

namespace rl {

/// The colour of a ReplicaSet's version, shared by the pod grid, the timeline and the charts so
/// that one version looks the same everywhere. Versions are numbered by their order of appearance
/// (usually the Deployment revision); the hues are a qualitative palette that stays distinct for
/// colour-blind viewers (Okabe–Ito), adjusted for the lightness of the window's palette.
class VersionPalette
{
public:
    explicit VersionPalette(const QPalette& palette = QPalette());

    /// True when the window background is dark (colours are brightened).
    bool isDark() const { return m_dark; }
    /// Colour of version `index` (0-based; cycles after the palette's size).
    QColor color(int index) const;
    /// Number of distinct colours before they repeat.
    static int size();

private:
    bool m_dark = false;
};

} // namespace rl
