#pragma once

#include "kubectl/applyplan.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QsciScintilla;
class QsciLexerYAML;
class QsciStyle;
class QLabel;
class QToolButton;

namespace rl {

class Simulation;

/// The manifest editor: YAML with line numbers, highlighting and folding (QScintilla), validated
/// as you type through the same path as `kubectl apply -f` (planApply: parse, served apiVersion,
/// the client's three-way merge, the API server's admission for the simulation's cluster version),
/// so the message and FILE:LINE:COL on the marked line are what `kubectl apply` prints. Below the
/// text, a status line says what applying would do ("pod template changed -> new revision 3",
/// "scale 3 -> 5", "unchanged", ...) with the template diff one click away.
///
/// The editor never applies anything itself: Ctrl+Return emits applyRequested(); the shell runs
/// `kubectl apply -f PATH` (or `-f -` with the text) and reports back through setApplyResult().
/// The text is never cleared or reloaded on failure; undo/redo are QScintilla's (Ctrl+Z,
/// Ctrl+Shift+Z / Ctrl+Y).
class ManifestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ManifestEditor(QWidget* parent = nullptr);
    ~ManifestEditor() override;

    /// The cluster the manifest is validated and previewed against (not owned; may be null).
    void setSimulation(const Simulation* sim);
    /// Re-validates (debounced) when simulated time moved: the preview follows the live objects.
    void refresh();

    /// Replaces the text (a file was opened): clears undo history and the modified flag.
    void setText(const QString& text);
    QString text() const;
    /// The file the text belongs to ("" = unsaved): named in messages as kubectl names it (STDIN
    /// when unsaved) and passed with applyRequested().
    void setFilePath(const QString& path);
    QString filePath() const { return m_path; }
    /// Namespace of documents without metadata.namespace (kubectl's -n, default "default").
    void setNamespace(const QString& ns);

    bool isModified() const;
    void setModified(bool modified);

    QsciScintilla* textEdit() const { return m_edit; }

    /// Validates now (what the debounce timer does 300 ms after the last keystroke).
    void validateNow();
    bool isValidationPending() const { return m_validateTimer.isActive(); }
    /// The last validation's plan (errors, per-document outcome).
    const ApplyPlan& plan() const { return m_plan; }
    /// 0-based lines carrying an error marker, and the annotation text on a line.
    QList<int> errorLines() const;
    QString annotationText(int line) const;
    /// The status line text (error or what applying would change) and the template diff preview.
    QString statusText() const;
    QString previewDiff() const { return m_previewDiff; }

public slots:
    /// Emits applyRequested(text, path) (Ctrl+Return).
    void requestApply();
    /// Result of the shell's `kubectl apply`: on failure the lines named by "at FILE:LINE:COL"
    /// (or "line N" of a YAML error) are marked with the message; the text is kept as it is.
    void setApplyResult(bool ok, const QString& message);
    /// Opens the template diff of the preview in a dialog.
    void showPreviewDiff();

signals:
    void applyRequested(const QString& text, const QString& path);
    void modificationChanged(bool modified);
    /// After each validation.
    void validated(bool ok);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void applyColors();
    void clearMarks();
    void markLine(int line, int column, const QString& message);
    void setStatus(const QString& text, bool error);
    QString messageFileName() const;

    QsciScintilla* m_edit;
    QsciLexerYAML* m_lexer;
    QLabel* m_status;
    QToolButton* m_diffButton;
    QTimer m_validateTimer;
    const Simulation* m_sim = nullptr;
    std::unique_ptr<Simulation> m_emptySim; // validation without a cluster: parse + admission only
    QString m_path;
    QString m_ns = QStringLiteral("default");
    ApplyPlan m_plan;
    QString m_previewDiff;
    bool m_statusIsError = false;
    qint64 m_validatedAt = -1; // simulated time of the last validation
    std::size_t m_validatedHistory = 0; // store history length at the last validation
    std::unique_ptr<QsciStyle> m_annotationStyle;
};

} // namespace rl
