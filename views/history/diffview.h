#pragma once

#include <QPlainTextEdit>

namespace rl {

class DiffHighlighter;

/// Read-only, monospace view of a unified diff: removed lines, added lines and hunk headers in
/// colours from the palette (StatusPalette), following theme changes.
class DiffView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit DiffView(QWidget* parent = nullptr);
    void setDiff(const QString& diff);

protected:
    void changeEvent(QEvent* event) override;

private:
    DiffHighlighter* m_highlighter;
};

} // namespace rl
