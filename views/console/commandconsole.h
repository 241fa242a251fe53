#pragma once

#include "console/commandcompleter.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace rl {

class Simulation;

/// A terminal for the simulated cluster: an output pane (monospace, read-only, selectable; stderr
/// in the palette's error colour) above a prompt line that starts with "kubectl ". Enter echoes
/// the line as a terminal does ("$ kubectl get rs -L ver") and emits commandEntered(line); the
/// shell runs it through the same ScriptRunner as rolloutctl and feeds the output back with
/// appendOutput(), so the text is rolloutctl's byte for byte. Up/Down walk the history, Tab
/// completes (a second Tab lists the choices), Ctrl+L clears.
class CommandConsole : public QWidget
{
    Q_OBJECT
public:
    explicit CommandConsole(QWidget* parent = nullptr);

    /// Object names for completion come from this simulation (not owned; may be null).
    void setSimulation(const Simulation* sim);
    void refresh() { }

    /// Entered lines, oldest first (the shell persists them across sessions).
    QStringList history() const { return m_history; }
    void setHistory(const QStringList& history);
    /// Most lines kept in the history (default 1000).
    void setHistoryLimit(int n);

    /// Output of a command as it is produced (`isError` = stderr), appended verbatim.
    void appendOutput(const QString& text, bool isError);
    /// Echoes a command run from elsewhere (a view's action) as if typed: "$ " + line.
    void echoCommand(const QString& line);
    /// Everything shown in the output pane, as plain text.
    QString outputText() const;
    void clearOutput();

    /// The prompt line (what the user is typing).
    QString currentLine() const;
    void setCurrentLine(const QString& line);

    QPlainTextEdit* outputView() const { return m_output; }
    QLineEdit* lineEdit() const { return m_input; }
    const CommandCompleter& completer() const { return m_completer; }

public slots:
    /// Runs the prompt line: echo, history, commandEntered(), a fresh "kubectl " prompt.
    void submit();

signals:
    void commandEntered(const QString& line);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void historyStep(int delta);
    void completeAtCursor();
    void append(const QString& text, int role);

    QPlainTextEdit* m_output;
    QLabel* m_prompt;
    QLineEdit* m_input;
    CommandCompleter m_completer;
    QStringList m_history;
    int m_historyLimit = 1000;
    int m_historyPos = 0; // == m_history.size(): the line being typed
    QString m_draft; // the line being typed while walking the history
    QString m_lastTabLine; // the line at the last Tab without progress (a second Tab lists)
    bool m_followOutput = true; // keep the newest output in view until the user scrolls up
};

} // namespace rl
