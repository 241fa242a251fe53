#pragma once

#include <QString>
#include <QStringList>

namespace rl {

/// Go's text/tabwriter with AlignLeft and padchar ' ' (kubectl's printers use it): text is cut into
/// cells at '\t'; a column block is a run of consecutive lines that have a tab-terminated cell in
/// that column; each such cell is padded to max(minWidth, widest cell of the block + padding). The
/// text after a line's last tab is not padded.
class TabWriter
{
public:
    TabWriter(int minWidth, int padding)
        : m_minWidth(minWidth)
        , m_padding(padding)
    { }

    /// kubectl get: printers.GetNewTabWriter (minwidth 6, padding 3).
    static TabWriter forGet() { return TabWriter(6, 3); }
    /// kubectl describe / rollout history: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0).
    static TabWriter forDescribe() { return TabWriter(0, 2); }

    void write(const QString& text) { m_buffer += text; }
    /// Formats everything written so far (a last line without '\n' is kept as is) and clears it.
    QString flush();

    /// One-shot helper.
    static QString format(const QString& text, int minWidth, int padding);

private:
    using Line = QStringList; // cells; the last cell is the one that is not tab-terminated
    void formatBlock(QString& out, int line0, int line1);
    void writeLines(QString& out, int line0, int line1);

    int m_minWidth;
    int m_padding;
    QString m_buffer;
    std::vector<Line> m_lines;
    std::vector<bool> m_newline;
    std::vector<int> m_widths;
};

} // namespace rl
