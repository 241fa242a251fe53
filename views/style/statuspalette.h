#pragma once

#include <QColor>
#include <QPalette>

namespace rl {

/// Colours with a meaning (error text, added/removed diff lines, error markers) derived from the
/// window's QPalette: the hue says what it is, the lightness follows the palette so that the
/// colour reads on light and dark themes alike.
class StatusPalette
{
public:
    explicit StatusPalette(const QPalette& palette = QPalette());

    bool isDark() const { return m_dark; }
    /// Foreground for error text (stderr, validation messages).
    QColor error() const;
    /// Background tint for a line with an error (annotations, markers).
    QColor errorBackground() const;
    /// Foreground of removed / added lines of a diff.
    QColor removed() const;
    QColor added() const;
    /// Foreground for secondary text (comments, hunk headers): the text colour towards the base.
    QColor dim() const;

private:
    QPalette m_palette;
    bool m_dark = false;
};

} // namespace rl
