#pragma once

// `kubectl edit` (kubernetes/kubectl pkg/cmd/edit/edit.go, pkg/cmd/util/editor/editoptions.go and
// editor.go, pkg/cmd/util/helpers.go StripComments): the object as YAML under kubectl's comment
// header goes to an editor; the edited text, comments stripped, is compared with the original and
// turned into a strategic merge patch. kubectl reopens the editor with the errors as comments until
// the user gives up; Rollout Lab simplifies that to one round (see KubectlEdit::plan).

#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace rl {

/// "Given the text, return the edited text or an error": the console's editor (GUI) or the
/// environment's editor program (rolloutctl).
class TextEditor
{
public:
    virtual ~TextEditor() = default;
    /// Lets the user edit `text`. Returns false with *error (kubectl's wording) when no editor ran.
    virtual bool edit(const QString& text, QString* edited, QString* error) = 0;
    /// Path of a file holding the last edited text (kubectl keeps the temp file when the edit is
    /// rejected and prints `A copy of your changes has been stored to "<path>"`), "" when none.
    virtual QString preservedPath() const { return {}; }
    /// Removes a temp file kept by the last edit (called when the edit succeeded or was cancelled).
    virtual void discard() { }
};

/// kubectl's editor.go: `$KUBE_EDITOR`, else `$EDITOR`, else `vi`. Without spaces the value is the
/// program; with spaces but no quotes or backslashes it is split on spaces; otherwise it runs as
/// `$SHELL -c '<value> "<file>"'` ($SHELL defaulting to /bin/bash). The file is a temporary
/// `kubectl-edit-*.yaml`, appended as the last argument.
class EnvironmentEditor : public TextEditor
{
public:
    bool edit(const QString& text, QString* edited, QString* error) override;
    QString preservedPath() const override { return m_path; }
    void discard() override;
    /// The argv kubectl would run for `editorValue` (the environment value) and `file`.
    static QStringList commandLine(const QString& editorValue, const QString& file, const QString& shell);

private:
    QString m_path;
};

/// An editor given as a function (tests, GUI dialogs).
class FunctionEditor : public TextEditor
{
public:
    using Fn = std::function<bool(const QString& text, QString* edited, QString* error)>;
    explicit FunctionEditor(Fn fn)
        : m_fn(std::move(fn))
    { }
    bool edit(const QString& text, QString* edited, QString* error) override { return m_fn(text, edited, error); }

private:
    Fn m_fn;
};

/// The pure part of `kubectl edit` for one object.
class KubectlEdit
{
public:
    /// editoptions.go editHeader.writeTo (normal edit mode).
    static const QString kHeader;

    /// The text the editor receives: header + `kubectl get -o yaml` of `object`.
    static QString editorText(const QJsonObject& object);

    /// cmdutil.ManualStrip: drops lines whose trimmed text starts with '#' (but not "#!").
    static QString manualStrip(const QString& text);

    struct Plan
    {
        enum class Outcome {
            Unchanged, ///< stderr `Edit cancelled, no changes made.`, exit 0
            Empty, ///< stderr `Edit cancelled, saved file was empty.`, exit 0
            Skipped, ///< parsed the same as the original: name printer `skipped`
            Patch, ///< send `patch` (strategic merge) to the server
            Error, ///< `message` (without "error: "); the edit is not saved
        };
        Outcome outcome = Outcome::Error;
        QJsonObject edited; ///< the edited object as parsed
        QJsonObject patch; ///< the two-way strategic merge patch original -> edited
        QString message;
        bool syntaxError = false; ///< kubectl reopens the editor with the message as a comment
    };
    /// Compares `editedText` with `originalText` (the editor's input) and computes the patch for
    /// `original` (the object as JSON; its "kind" selects the patch metadata).
    static Plan plan(const QJsonObject& original, const QString& originalText, const QString& editedText);
};

} // namespace rl
