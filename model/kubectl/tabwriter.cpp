#include "kubectl/tabwriter.h"

namespace rl {

QString TabWriter::format(const QString& text, int minWidth, int padding)
{
    TabWriter w(minWidth, padding);
    w.write(text);
    return w.flush();
}

QString TabWriter::flush()
{
    m_lines.clear();
    m_newline.clear();
    m_widths.clear();
    const QStringList raw = m_buffer.split(QLatin1Char('\n'));
    for (int i = 0; i < raw.size(); ++i) {
        const bool last = i == raw.size() - 1;
        if (last && raw[i].isEmpty())
            break;
        m_lines.push_back(raw[i].split(QLatin1Char('\t')));
        m_newline.push_back(!last);
    }
    m_buffer.clear();
    QString out;
    formatBlock(out, 0, int(m_lines.size()));
    return out;
}

// Port of (*tabwriter.Writer).format.
void TabWriter::formatBlock(QString& out, int line0, int line1)
{
    const int column = int(m_widths.size());
    for (int current = line0; current < line1; ++current) {
        if (column >= m_lines[current].size() - 1)
            continue;
        writeLines(out, line0, current);
        line0 = current;
        int width = m_minWidth;
        for (; current < line1; ++current) {
            const Line& line = m_lines[current];
            if (column >= line.size() - 1)
                break;
            width = std::max(width, int(line[column].size()) + m_padding);
        }
        m_widths.push_back(width);
        formatBlock(out, line0, current);
        m_widths.pop_back();
        line0 = current;
        --current; // the outer loop re-examines the line that ended the block
    }
    writeLines(out, line0, line1);
}

void TabWriter::writeLines(QString& out, int line0, int line1)
{
    for (int i = line0; i < line1; ++i) {
        const Line& line = m_lines[i];
        for (int j = 0; j < line.size(); ++j) {
            out += line[j];
            if (j < int(m_widths.size()) && j < line.size() - 1)
                out += QString(std::max(0, m_widths[j] - int(line[j].size())), QLatin1Char(' '));
        }
        if (m_newline[i])
            out += QLatin1Char('\n');
    }
}

} // namespace rl
