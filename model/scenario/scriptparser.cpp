#include "scenario/scriptparser.h"

namespace rl {

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}
bool isMeta(QChar c)
{
    return isBlank(c) || c == QLatin1Char('\n') || c == QLatin1Char(';') || c == QLatin1Char('&')
        || c == QLatin1Char('|') || c == QLatin1Char('<') || c == QLatin1Char('>');
}

struct PendingHeredoc
{
    QString delimiter;
    bool expand = true;
    bool stripTabs = false;
    std::size_t command = 0;
};

class Lexer
{
public:
    Lexer(const QString& text, int firstLine, QMap<QString, QString>& env)
        : m_text(text)
        , m_line(firstLine)
        , m_env(env)
    { }

    std::vector<ScriptCommand> run()
    {
        std::vector<ScriptCommand> out;
        bool nextAndIf = false;
        while (m_pos < m_text.size()) {
            skipBlanks();
            if (atEnd())
                break;
            const QChar c = cur();
            if (c == QLatin1Char('\n')) {
                newline(out);
                continue;
            }
            if (c == QLatin1Char('#')) {
                skipComment();
                continue;
            }
            if (c == QLatin1Char(';')) {
                ++m_pos;
                continue;
            }
            ScriptCommand cmd;
            cmd.line = m_line;
            cmd.andIf = nextAndIf;
            nextAndIf = false;
            const int start = m_pos;
            parseCommand(cmd, nextAndIf);
            cmd.source = m_text.mid(start, m_pos - start).trimmed();
            if (cmd.source.endsWith(QLatin1String("&&")))
                cmd.source.chop(2);
            cmd.source = cmd.source.trimmed();
            if (cmd.argv.isEmpty() && cmd.error.isEmpty())
                continue;
            applyAssignments(cmd);
            out.push_back(cmd);
            m_lastCommand = out.size() - 1;
        }
        if (!m_heredocs.empty())
            readHeredocs(out);
        for (const PendingHeredoc& h : m_unterminated)
            out[h.command].error
                = QStringLiteral("here-document delimited by end-of-file (wanted `%1')").arg(h.delimiter);
        return out;
    }

    bool incomplete() const { return m_incomplete; }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar cur() const { return m_text[m_pos]; }
    QChar peek(int k = 1) const { return m_pos + k < m_text.size() ? m_text[m_pos + k] : QChar(); }

    void skipBlanks()
    {
        while (!atEnd()) {
            if (isBlank(cur())) {
                ++m_pos;
            } else if (cur() == QLatin1Char('\\') && peek() == QLatin1Char('\n')) {
                m_pos += 2;
                ++m_line;
            } else {
                break;
            }
        }
    }
    void skipComment()
    {
        while (!atEnd() && cur() != QLatin1Char('\n'))
            ++m_pos;
    }
    void newline(std::vector<ScriptCommand>& out)
    {
        ++m_pos;
        ++m_line;
        if (!m_heredocs.empty())
            readHeredocs(out);
    }

    void parseCommand(ScriptCommand& cmd, bool& nextAndIf)
    {
        while (true) {
            skipBlanks();
            if (atEnd())
                return;
            const QChar c = cur();
            if (c == QLatin1Char('\n') || c == QLatin1Char(';'))
                return;
            if (c == QLatin1Char('#')) {
                skipComment();
                return;
            }
            if (c == QLatin1Char('&')) {
                if (peek() == QLatin1Char('&')) {
                    m_pos += 2;
                    nextAndIf = true;
                    return;
                }
                ++m_pos;
                setError(cmd, QStringLiteral("background jobs (&) are not supported"));
                continue;
            }
            if (c == QLatin1Char('|')) {
                setError(cmd, QStringLiteral("pipes (|) are not supported"));
                ++m_pos;
                if (!atEnd() && cur() == QLatin1Char('|'))
                    ++m_pos;
                continue;
            }
            if (c == QLatin1Char('>')) {
                setError(cmd, QStringLiteral("output redirection (>) is not supported"));
                while (!atEnd() && cur() == QLatin1Char('>'))
                    ++m_pos;
                skipBlanks();
                readWord(nullptr);
                continue;
            }
            if (c == QLatin1Char('<')) {
                if (peek() == QLatin1Char('<') && peek(2) == QLatin1Char('<')) {
                    m_pos += 3;
                    skipBlanks();
                    bool quoted = false;
                    cmd.hasStdin = true;
                    cmd.stdinText = readWord(&quoted) + QLatin1Char('\n');
                    continue;
                }
                if (peek() == QLatin1Char('<')) {
                    m_pos += 2;
                    PendingHeredoc h;
                    if (!atEnd() && cur() == QLatin1Char('-')) {
                        h.stripTabs = true;
                        ++m_pos;
                    }
                    skipBlanks();
                    bool quoted = false;
                    h.delimiter = readWord(&quoted, false);
                    h.expand = !quoted;
                    if (h.delimiter.isEmpty()) {
                        setError(cmd, QStringLiteral("syntax error near unexpected token `newline'"));
                        continue;
                    }
                    h.command = std::size_t(-1); // fixed when the command is stored
                    cmd.hasStdin = true;
                    m_newHeredocs.push_back(h);
                    continue;
                }
                ++m_pos;
                skipBlanks();
                cmd.hasStdin = true;
                cmd.stdinFile = readWord(nullptr);
                continue;
            }
            bool quoted = false;
            const QString w = readWord(&quoted);
            if (!w.isEmpty() || quoted)
                cmd.argv << w;
            else if (!atEnd() && !isMeta(cur()))
                ++m_pos; // defensive: never loop on an unexpected character
        }
    }

    void setError(ScriptCommand& cmd, const QString& msg)
    {
        if (cmd.error.isEmpty())
            cmd.error = msg;
    }

    QString expandVariable()
    {
        // at '$'
        ++m_pos;
        if (atEnd())
            return QStringLiteral("$");
        if (cur() == QLatin1Char('{')) {
            const int close = m_text.indexOf(QLatin1Char('}'), m_pos);
            if (close < 0) {
                m_incomplete = true;
                m_pos = m_text.size();
                return {};
            }
            QString name = m_text.mid(m_pos + 1, close - m_pos - 1);
            m_pos = close + 1;
            QString fallback;
            const int dash = name.indexOf(QLatin1String(":-"));
            if (dash > 0) {
                fallback = name.mid(dash + 2);
                name = name.left(dash);
                const QString v = m_env.value(name);
                return v.isEmpty() ? fallback : v;
            }
            return m_env.value(name);
        }
        if (isNameStart(cur())) {
            const int s = m_pos;
            while (!atEnd() && isNameChar(cur()))
                ++m_pos;
            return m_env.value(m_text.mid(s, m_pos - s));
        }
        if (cur() == QLatin1Char('?')) {
            ++m_pos;
            return m_env.value(QStringLiteral("?"), QStringLiteral("0"));
        }
        return QStringLiteral("$");
    }

    /// Reads one shell word at m_pos. `quoted` is set when any part was quoted.
    QString readWord(bool* quoted, bool expand = true)
    {
        QString w;
        while (!atEnd()) {
            const QChar c = cur();
            if (isMeta(c))
                break;
            if (c == QLatin1Char('\\')) {
                if (peek() == QLatin1Char('\n')) {
                    m_pos += 2;
                    ++m_line;
                    continue;
                }
                if (m_pos + 1 >= m_text.size()) {
                    m_incomplete = true;
                    ++m_pos;
                    break;
                }
                w += peek();
                m_pos += 2;
                if (quoted)
                    *quoted = true;
                continue;
            }
            if (c == QLatin1Char('\'')) {
                if (quoted)
                    *quoted = true;
                const int close = m_text.indexOf(QLatin1Char('\''), m_pos + 1);
                if (close < 0) {
                    m_incomplete = true;
                    m_error = QStringLiteral("unexpected EOF while looking for matching `''");
                    w += m_text.mid(m_pos + 1);
                    m_pos = m_text.size();
                    break;
                }
                const QString part = m_text.mid(m_pos + 1, close - m_pos - 1);
                m_line += int(part.count(QLatin1Char('\n')));
                w += part;
                m_pos = close + 1;
                continue;
            }
            if (c == QLatin1Char('"')) {
                if (quoted)
                    *quoted = true;
                ++m_pos;
                bool closed = false;
                while (!atEnd()) {
                    const QChar d = cur();
                    if (d == QLatin1Char('"')) {
                        ++m_pos;
                        closed = true;
                        break;
                    }
                    if (d == QLatin1Char('\\') && m_pos + 1 < m_text.size()) {
                        const QChar e = peek();
                        if (e == QLatin1Char('\n')) {
                            m_pos += 2;
                            ++m_line;
                            continue;
                        }
                        if (e == QLatin1Char('$') || e == QLatin1Char('`') || e == QLatin1Char('"')
                            || e == QLatin1Char('\\')) {
                            w += e;
                            m_pos += 2;
                            continue;
                        }
                    }
                    if (d == QLatin1Char('$') && expand) {
                        w += expandVariable();
                        continue;
                    }
                    if (d == QLatin1Char('\n'))
                        ++m_line;
                    w += d;
                    ++m_pos;
                }
                if (!closed) {
                    m_incomplete = true;
                    m_error = QStringLiteral("unexpected EOF while looking for matching `\"'");
                }
                continue;
            }
            if (c == QLatin1Char('$') && expand) {
                w += expandVariable();
                continue;
            }
            w += c;
            ++m_pos;
        }
        return w;
    }

    void applyAssignments(ScriptCommand& cmd)
    {
        if (!m_newHeredocs.empty()) {
            for (PendingHeredoc& h : m_newHeredocs) {
                h.command = m_commandsSoFar;
                m_heredocs.push_back(h);
            }
            m_newHeredocs.clear();
        }
        ++m_commandsSoFar;
        if (!m_error.isEmpty()) {
            setError(cmd, m_error);
            m_error.clear();
        }
        if (!cmd.error.isEmpty() || cmd.argv.isEmpty())
            return;
        auto assign = [&](const QString& word) {
            const int eq = word.indexOf(QLatin1Char('='));
            if (eq > 0 && isNameStart(word[0])) {
                const QString name = word.left(eq);
                bool ok = true;
                for (QChar ch : name)
                    ok = ok && isNameChar(ch);
                if (ok)
                    m_env.insert(name, word.mid(eq + 1));
                return ok;
            }
            return false;
        };
        if (cmd.argv.first() == QLatin1String("export")) {
            for (int i = 1; i < cmd.argv.size(); ++i)
                assign(cmd.argv[i]);
            return;
        }
        bool allAssignments = true;
        for (const QString& w : std::as_const(cmd.argv))
            allAssignments = allAssignments && w.contains(QLatin1Char('=')) && isNameStart(w[0]);
        if (allAssignments) {
            for (const QString& w : std::as_const(cmd.argv))
                assign(w);
            cmd.argv.prepend(QStringLiteral("export"));
        }
    }

    void readHeredocs(std::vector<ScriptCommand>& out)
    {
        std::vector<PendingHeredoc> pending;
        pending.swap(m_heredocs);
        for (const PendingHeredoc& h : pending) {
            QString body;
            bool terminated = false;
            while (!atEnd()) {
                int eol = m_text.indexOf(QLatin1Char('\n'), m_pos);
                const bool lastLine = eol < 0;
                if (lastLine)
                    eol = m_text.size();
                QString line = m_text.mid(m_pos, eol - m_pos);
                if (line.endsWith(QLatin1Char('\r')))
                    line.chop(1);
                m_pos = lastLine ? eol : eol + 1;
                ++m_line;
                if (h.stripTabs)
                    while (line.startsWith(QLatin1Char('\t')))
                        line.remove(0, 1);
                if (line == h.delimiter) {
                    terminated = true;
                    break;
                }
                if (h.expand)
                    line = expandLine(line);
                body += line + QLatin1Char('\n');
            }
            if (h.command < out.size()) {
                ScriptCommand& cmd = out[h.command];
                cmd.stdinText += body;
                cmd.source += QLatin1Char('\n') + body + (terminated ? h.delimiter : QString());
            }
            if (!terminated)
                m_unterminated.push_back(h);
        }
        if (!m_unterminated.empty())
            m_incomplete = true;
    }

    QString expandLine(const QString& line)
    {
        QString result;
        Lexer sub(line, 0, m_env);
        while (!sub.atEnd()) {
            const QChar c = sub.cur();
            if (c == QLatin1Char('\\') && (sub.peek() == QLatin1Char('$') || sub.peek() == QLatin1Char('\\'))) {
                result += sub.peek();
                sub.m_pos += 2;
            } else if (c == QLatin1Char('$')) {
                result += sub.expandVariable();
            } else {
                result += c;
                ++sub.m_pos;
            }
        }
        return result;
    }

    const QString& m_text;
    int m_pos = 0;
    int m_line;
    QMap<QString, QString>& m_env;
    std::vector<PendingHeredoc> m_newHeredocs;
    std::vector<PendingHeredoc> m_heredocs;
    std::vector<PendingHeredoc> m_unterminated;
    std::size_t m_commandsSoFar = 0;
    std::size_t m_lastCommand = 0;
    QString m_error;
    bool m_incomplete = false;
};

} // namespace

std::vector<ScriptCommand> ScriptParser::parse(const QString& text, int firstLine)
{
    Lexer lexer(text, firstLine, m_env);
    return lexer.run();
}

bool ScriptParser::isIncomplete(const QString& text)
{
    QMap<QString, QString> env;
    Lexer lexer(text, 1, env);
    lexer.run();
    return lexer.incomplete();
}

} // namespace rl
