#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace rl {

/// One command of a script, after shell quoting, variable expansion and here-documents.
struct ScriptCommand
{
    int line = 0; // 1-based line where the command starts
    QString source; // the command's text as written (continuation lines and here-document included)
    QStringList argv; // words after quote removal and $VAR expansion ("kubectl" prefix kept)
    bool hasStdin = false; // a here-document or `< FILE` feeds the command
    QString stdinText; // here-document body
    QString stdinFile; // `< FILE`
    bool andIf = false; // joined to the previous command by `&&`: runs only if it succeeded
    QString error; // a syntax error or unsupported construct: the command is not run
};

/// Cuts the text of a terminal session into commands, the way bash reads them: one command per
/// line, `;` and `&&`, `#` comments, '...' and "..." quoting (a quoted word may span lines),
/// backslash escapes and line continuations, `$VAR` and `${VAR}`, here-documents (`<<EOF`,
/// `<<'EOF'`, `<<-EOF`). `export VAR=value` and `VAR=value` update the parser's environment as
/// they are read (they are still returned, as commands whose argv starts with "export").
class ScriptParser
{
public:
    ScriptParser() = default;

    void setVariable(const QString& name, const QString& value) { m_env.insert(name, value); }
    QString variable(const QString& name) const { return m_env.value(name); }
    const QMap<QString, QString>& environment() const { return m_env; }

    /// Parses a whole script. Line numbers start at `firstLine`.
    std::vector<ScriptCommand> parse(const QString& text, int firstLine = 1);

    /// True when `text` ends inside a quote, a here-document or after a trailing backslash (an
    /// interactive console keeps reading lines, as bash shows its "> " prompt).
    static bool isIncomplete(const QString& text);

private:
    QMap<QString, QString> m_env;
};

} // namespace rl
