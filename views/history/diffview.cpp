#include "history/diffview.h"

#include "style/statuspalette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QSyntaxHighlighter>

namespace rl {

class DiffHighlighter : public QSyntaxHighlighter
{
public:
    explicit DiffHighlighter(QTextDocument* doc, const QPalette& palette)
        : QSyntaxHighlighter(doc)
    {
        setPalette(palette);
    }

    void setPalette(const QPalette& palette)
    {
        const StatusPalette s(palette);
        m_removed.setForeground(s.removed());
        m_added.setForeground(s.added());
        m_hunk.setForeground(s.dim());
        m_file.setFontWeight(QFont::Bold);
        rehighlight();
    }

protected:
    void highlightBlock(const QString& text) override
    {
        if (text.startsWith(QLatin1String("--- ")) || text.startsWith(QLatin1String("+++ ")))
            setFormat(0, int(text.size()), m_file);
        else if (text.startsWith(QLatin1String("@@")))
            setFormat(0, int(text.size()), m_hunk);
        else if (text.startsWith(QLatin1Char('-')))
            setFormat(0, int(text.size()), m_removed);
        else if (text.startsWith(QLatin1Char('+')))
            setFormat(0, int(text.size()), m_added);
    }

private:
    QTextCharFormat m_removed;
    QTextCharFormat m_added;
    QTextCharFormat m_hunk;
    QTextCharFormat m_file;
};

DiffView::DiffView(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new DiffHighlighter(document(), palette()))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabStopDistance(QFontMetricsF(font()).horizontalAdvance(QLatin1Char(' ')) * 8);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

void DiffView::setDiff(const QString& diff)
{
    setPlainText(diff);
}

void DiffView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
    QPlainTextEdit::changeEvent(event);
}

} // namespace rl
