#include "kubectl/edit.h"

#include "kubectl/patch.h"
#include "manifest/yamljson.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryFile>

namespace rl {

const QString KubectlEdit::kHeader
    = QStringLiteral("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
                     "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
                     "# reopened with the relevant failures.\n"
                     "#\n");

QString KubectlEdit::editorText(const QJsonObject& object)
{
    return kHeader + QString::fromUtf8(toKubectlYaml(object));
}

QString KubectlEdit::manualStrip(const QString& text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    QString out;
    for (int i = 0; i < lines.size(); ++i) {
        const QString trimmed = lines[i].trimmed();
        if (trimmed.startsWith(QLatin1Char('#')) && !trimmed.startsWith(QLatin1String("#!")))
            continue;
        out += lines[i];
        if (i < lines.size() - 1)
            out += QLatin1Char('\n');
    }
    return out;
}

namespace {

/// cmdutil.StripComments: the YAML as JSON when it parses, else the text without comment lines.
QString stripComments(const QString& text)
{
    QJsonValue v;
    QString error;
    if (Patch::parse(text, v, error))
        return QString::fromUtf8(toGoJson(v));
    return KubectlEdit::manualStrip(text);
}

/// editoptions.go hasLines: a line that is neither blank nor a comment.
bool hasLines(const QString& text)
{
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(QLatin1Char('#')))
            return true;
    }
    return false;
}

QString metaString(const QJsonObject& o, const QString& key)
{
    return o.value(QStringLiteral("metadata")).toObject().value(key).toString();
}

} // namespace

KubectlEdit::Plan KubectlEdit::plan(const QJsonObject& original, const QString& originalText, const QString& editedText)
{
    Plan p;
    if (stripComments(originalText) == stripComments(editedText)) {
        p.outcome = Plan::Outcome::Unchanged;
        return p;
    }
    if (!hasLines(editedText)) {
        p.outcome = Plan::Outcome::Empty;
        return p;
    }
    QJsonValue v;
    QString error;
    if (!Patch::parse(editedText, v, error) || !v.isObject()) {
        // resource.Builder's decode error; kubectl puts it into the reopened file's header.
        p.syntaxError = true;
        p.message = QStringLiteral("The edited file had a syntax error: %1")
                        .arg(v.isObject() || !error.isEmpty() ? error : QStringLiteral("Object 'Kind' is missing"));
        return p;
    }
    p.edited = v.toObject();
    // resource.RequireNamespace
    const QString ns = metaString(original, QStringLiteral("namespace"));
    const QString editedNs = metaString(p.edited, QStringLiteral("namespace"));
    if (!editedNs.isEmpty() && editedNs != ns) {
        p.message = QStringLiteral("the namespace from the provided object \"%1\" does not match the namespace \"%2\". "
                                   "You must pass '--namespace=%1' to perform this operation.")
                        .arg(editedNs, ns);
        return p;
    }
    if (editedNs.isEmpty() && !ns.isEmpty()) {
        QJsonObject meta = p.edited.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("namespace"), ns);
        p.edited.insert(QStringLiteral("metadata"), meta);
    }
    if (p.edited == original) {
        p.outcome = Plan::Outcome::Skipped;
        return p;
    }
    // visitToPatch preconditions: RequireKeyUnchanged("apiVersion"), ("kind"), RequireMetadataKeyUnchanged("name")
    if (p.edited.value(QStringLiteral("apiVersion")) != original.value(QStringLiteral("apiVersion"))
        || p.edited.value(QStringLiteral("kind")) != original.value(QStringLiteral("kind"))
        || metaString(p.edited, QStringLiteral("name")) != metaString(original, QStringLiteral("name"))) {
        p.message = QStringLiteral("At least one of apiVersion, kind and name was changed");
        return p;
    }
    QString perr;
    p.patch
        = Patch::createTwoWayMergePatch(original, p.edited, original.value(QStringLiteral("kind")).toString(), &perr);
    if (!perr.isEmpty()) {
        p.message = perr;
        return p;
    }
    p.outcome = Plan::Outcome::Patch;
    return p;
}

QStringList EnvironmentEditor::commandLine(const QString& editorValue, const QString& file, const QString& shell)
{
    QString editor = editorValue.isEmpty() ? QStringLiteral("vi") : editorValue;
    if (!editor.contains(QLatin1Char(' ')))
        return {editor, file};
    if (!editor.contains(QLatin1Char('"')) && !editor.contains(QLatin1Char('\''))
        && !editor.contains(QLatin1Char('\\'))) {
        QStringList args = editor.split(QLatin1Char(' '));
        args << file;
        return args;
    }
    return {shell.isEmpty() ? QStringLiteral("/bin/bash") : shell, QStringLiteral("-c"),
        editor + QLatin1Char(' ') + Patch::goQuote(file)};
}

bool EnvironmentEditor::edit(const QString& text, QString* edited, QString* error)
{
    discard();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString value = env.value(QStringLiteral("KUBE_EDITOR"));
    if (value.isEmpty())
        value = env.value(QStringLiteral("EDITOR"));
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/kubectl-edit-XXXXXX.yaml"));
    file.setAutoRemove(false);
    if (!file.open()) {
        *error = file.errorString();
        return false;
    }
    m_path = file.fileName();
    file.write(text.toUtf8());
    file.close();
    const QStringList args = commandLine(value, m_path, env.value(QStringLiteral("SHELL")));
    const QString shown = value.isEmpty() ? QStringLiteral("vi") : value;
    QProcess proc;
    proc.setProcessChannelMode(QProcess::ForwardedChannels);
    proc.setInputChannelMode(QProcess::ForwardedInputChannel);
    proc.start(args.first(), args.mid(1));
    if (!proc.waitForStarted(-1)) {
        // Go's exec.ErrNotFound comes from the PATH lookup of a name without a slash
        *error
            = QString::fromLatin1(args.first().contains(QLatin1Char('/')) ? "there was a problem with the editor \"%1\""
                                                                          : "unable to launch the editor \"%1\"")
                  .arg(shown);
        return false;
    }
    proc.waitForFinished(-1);
    if (proc.exitStatus() != QProcess::NormalExit || proc.exitCode() != 0) {
        *error = QStringLiteral("there was a problem with the editor \"%1\"").arg(shown);
        return false;
    }
    QFile in(m_path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    *edited = QString::fromUtf8(in.readAll());
    return true;
}

void EnvironmentEditor::discard()
{
    if (!m_path.isEmpty())
        QFile::remove(m_path);
    m_path.clear();
}

} // namespace rl
