#include "console/commandconsole.h"

#include "style/statuspalette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace rl {

namespace {
const QString kPromptStart = QStringLiteral("kubectl ");
// What a run of output is, kept in its character format so a theme change can recolour it.
constexpr int kRoleProperty = QTextFormat::UserProperty + 1;
enum OutputRole { Normal = 0, Error = 1, Dim = 2 };

QColor roleColor(int role, const QPalette& palette)
{
    const StatusPalette s(palette);
    return role == Error ? s.error() : s.dim();
}
} // namespace

CommandConsole::CommandConsole(QWidget* parent)
    : QWidget(parent)
    , m_output(new QPlainTextEdit(this))
    , m_prompt(new QLabel(QStringLiteral("$"), this))
    , m_input(new QLineEdit(this))
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_output->setReadOnly(true);
    m_output->setFont(mono);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_output->setMaximumBlockCount(20000);
    m_output->setFocusPolicy(Qt::ClickFocus);
    m_output->setToolTip(tr("Output of the commands, as kubectl prints it (Ctrl+L clears)"));
    m_prompt->setFont(mono);
    m_input->setFont(mono);
    m_input->setFrame(false);
    m_input->setText(kPromptStart);
    m_input->setPlaceholderText(QStringLiteral("kubectl get pods"));
    m_input->setToolTip(tr("A kubectl command, or sim/sleep. Enter runs it, Up/Down walk the history, "
                           "Tab completes, Ctrl+L clears the output."));
    m_input->installEventFilter(this);
    m_output->installEventFilter(this);
    // Follow the output as a terminal does. The range grows after the text is laid out (and shrinks
    // the viewport when a long line brings the horizontal scroll bar), so follow on every range
    // change rather than once per append; only the user's own scrolling stops or resumes it.
    QScrollBar* bar = m_output->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followOutput)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::actionTriggered, this,
        [this, bar](int) { m_followOutput = bar->sliderPosition() >= bar->maximum(); });

    auto* promptRow = new QHBoxLayout;
    promptRow->setContentsMargins(4, 0, 4, 0);
    promptRow->setSpacing(QFontMetrics(mono).horizontalAdvance(QLatin1Char(' ')));
    promptRow->addWidget(m_prompt);
    promptRow->addWidget(m_input, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_output, 1);
    layout->addLayout(promptRow);
    setFocusProxy(m_input);

    connect(m_input, &QLineEdit::returnPressed, this, &CommandConsole::submit);
}

void CommandConsole::setSimulation(const Simulation* sim)
{
    m_completer.setSimulation(sim);
}

void CommandConsole::setHistory(const QStringList& history)
{
    m_history = history.mid(std::max(0, int(history.size()) - m_historyLimit));
    m_historyPos = int(m_history.size());
}

void CommandConsole::setHistoryLimit(int n)
{
    m_historyLimit = std::max(1, n);
    setHistory(m_history);
}

QString CommandConsole::currentLine() const
{
    return m_input->text();
}

void CommandConsole::setCurrentLine(const QString& line)
{
    m_input->setText(line);
}

void CommandConsole::submit()
{
    const QString line = m_input->text().trimmed();
    m_lastTabLine.clear();
    if (line.isEmpty() || line == kPromptStart.trimmed()) {
        echoCommand(QString()); // an empty prompt, as a terminal shows it
        m_input->setText(kPromptStart);
        return;
    }
    echoCommand(line);
    if (m_history.isEmpty() || m_history.last() != line) {
        m_history << line;
        if (m_history.size() > m_historyLimit)
            m_history.removeFirst();
    }
    m_historyPos = int(m_history.size());
    m_draft.clear();
    m_input->setText(kPromptStart);
    emit commandEntered(line);
}

void CommandConsole::echoCommand(const QString& line)
{
    append(QStringLiteral("$ ") + line + QLatin1Char('\n'), Normal);
}

void CommandConsole::appendOutput(const QString& text, bool isError)
{
    append(text, isError ? Error : Normal);
}

void CommandConsole::append(const QString& text, int role)
{
    if (text.isEmpty())
        return;
    QTextCursor c(m_output->document());
    c.movePosition(QTextCursor::End);
    QTextCharFormat f; // normal output keeps the default colour: it follows the palette
    f.setProperty(kRoleProperty, role);
    if (role != Normal)
        f.setForeground(roleColor(role, palette()));
    c.insertText(text, f);
    if (m_followOutput) {
        QScrollBar* bar = m_output->verticalScrollBar();
        bar->setValue(bar->maximum());
    }
}

QString CommandConsole::outputText() const
{
    return m_output->toPlainText();
}

void CommandConsole::clearOutput()
{
    m_output->clear();
}

void CommandConsole::historyStep(int delta)
{
    if (m_history.isEmpty())
        return;
    if (m_historyPos == int(m_history.size()))
        m_draft = m_input->text();
    m_historyPos = std::clamp(m_historyPos + delta, 0, int(m_history.size()));
    m_input->setText(m_historyPos == int(m_history.size()) ? m_draft : m_history.at(m_historyPos));
}

void CommandConsole::completeAtCursor()
{
    const QString line = m_input->text();
    const int cursor = m_input->cursorPosition();
    const CommandCompleter::Result r = m_completer.complete(line, cursor);
    if (r.choices.isEmpty())
        return;
    QString replacement = r.commonPrefix();
    if (r.choices.size() == 1 && !replacement.endsWith(QLatin1Char('/')) && !replacement.endsWith(QLatin1Char('=')))
        replacement += QLatin1Char(' ');
    if (replacement != r.word) {
        const QString next = line.left(r.wordStart) + replacement + line.mid(cursor);
        m_input->setText(next);
        m_input->setCursorPosition(r.wordStart + int(replacement.size()));
        m_lastTabLine.clear();
        return;
    }
    if (m_lastTabLine == line) { // second Tab: list the choices under the line, as bash does
        echoCommand(line);
        append(r.choices.join(QStringLiteral("  ")) + QLatin1Char('\n'), Dim);
        m_lastTabLine.clear();
        return;
    }
    m_lastTabLine = line;
}

bool CommandConsole::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_L && key->modifiers() == Qt::ControlModifier) {
            clearOutput();
            return true;
        }
        if (watched == m_input) {
            switch (key->key()) {
            case Qt::Key_Tab:
                completeAtCursor();
                return true;
            case Qt::Key_Up:
                historyStep(-1);
                return true;
            case Qt::Key_Down:
                historyStep(+1);
                return true;
            default:
                m_lastTabLine.clear();
                break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CommandConsole::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) { // recolour the stderr and dim runs
        for (QTextBlock b = m_output->document()->begin(); b.isValid(); b = b.next()) {
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                const QTextFragment frag = it.fragment();
                const int role = frag.charFormat().intProperty(kRoleProperty);
                if (role == Normal)
                    continue;
                QTextCursor c(m_output->document());
                c.setPosition(frag.position());
                c.setPosition(frag.position() + frag.length(), QTextCursor::KeepAnchor);
                QTextCharFormat f;
                f.setForeground(roleColor(role, palette()));
                c.mergeCharFormat(f);
            }
        }
    }
    QWidget::changeEvent(event);
}

} // namespace rl
