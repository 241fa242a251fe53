#include "manifest/goyamlsyntax.h"

#include <QSet>

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace rl::goyaml {

namespace {

enum class Tok {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
};

struct Token
{
    Tok type = Tok::StreamStart;
    Mark start;
    Mark end;
    QByteArray value; // anchor or alias name, tag handle, %TAG handle
    QByteArray suffix; // tag suffix, %TAG prefix
    int major = 0;
    int minor = 0;
    bool plain = false; // a plain scalar
};

enum class Ev {
    None,
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
};

struct Event
{
    Ev type = Ev::None;
    QByteArray anchor;
    Mark start;
};

enum class State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockNodeOrIndentlessSequence,
    FlowNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
};

struct SimpleKey
{
    bool possible = false;
    bool required = false;
    int tokenNumber = 0;
    Mark mark;
};

constexpr int kMaxFlowLevel = 10000;
constexpr int kMaxIndents = 10000;

// The scanner and parser of go-yaml v2 (scannerc.go, parserc.go), without the values they build:
// the same tokens at the same marks, the same errors at the same moments.
class Yaml
{
public:
    explicit Yaml(const QByteArray& text)
        : in(text)
    {
        // The reader consumes a byte order mark before the scanner sees the text.
        if (in.startsWith("\xEF\xBB\xBF"))
            pos = 3;
    }

    bool run(SyntaxError& out);

private:
    const QByteArray& in;
    qsizetype pos = 0;
    Mark mark;

    enum class Error { None, Scanner, Parser };
    Error error = Error::None;
    QString problem;
    Mark problemMark;
    Mark contextMark;
    bool hasContext = false;

    // scanner
    std::vector<Token> tokens;
    std::size_t head = 0;
    int tokensParsed = 0;
    bool tokenAvailable = false;
    bool streamStartProduced = false;
    bool streamEndProduced = false;
    int indent = -1;
    std::vector<int> indents;
    bool simpleKeyAllowed = false;
    std::vector<SimpleKey> simpleKeys;
    std::size_t simpleKeysMinPossible = 0;
    QSet<int> possibleByTokenNumber;
    int flowLevel = 0;

    // parser
    State state = State::StreamStart;
    std::vector<State> states;
    std::vector<Mark> marks;
    std::vector<QByteArray> tagHandles;

    // --- the buffer ---------------------------------------------------------------------------

    char at(qsizetype k = 0) const
    {
        const qsizetype p = pos + k;
        return p < in.size() ? in.at(p) : '\0';
    }
    unsigned char uat(qsizetype k = 0) const { return static_cast<unsigned char>(at(k)); }
    static int width(unsigned char b)
    {
        return (b & 0x80) == 0x00 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    }
    bool isZ(qsizetype k = 0) const { return at(k) == '\0'; }
    bool isBreak(qsizetype k = 0) const
    {
        const unsigned char c = uat(k);
        return c == '\r' || c == '\n' || (c == 0xC2 && uat(k + 1) == 0x85)
            || (c == 0xE2 && uat(k + 1) == 0x80 && (uat(k + 2) == 0xA8 || uat(k + 2) == 0xA9));
    }
    bool isCrlf(qsizetype k = 0) const { return at(k) == '\r' && at(k + 1) == '\n'; }
    bool isBreakz(qsizetype k = 0) const { return isBreak(k) || isZ(k); }
    bool isSpace(qsizetype k = 0) const { return at(k) == ' '; }
    bool isTab(qsizetype k = 0) const { return at(k) == '\t'; }
    bool isBlank(qsizetype k = 0) const { return isSpace(k) || isTab(k); }
    bool isBlankz(qsizetype k = 0) const { return isBlank(k) || isBreakz(k); }
    bool isAlpha(qsizetype k = 0) const
    {
        const char c = at(k);
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    }
    bool isDigit(qsizetype k = 0) const { return at(k) >= '0' && at(k) <= '9'; }
    bool isHex(qsizetype k = 0) const
    {
        const char c = at(k);
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
    static int hexValue(char c)
    {
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - '0';
    }

    void skip()
    {
        ++mark.index;
        ++mark.column;
        pos += std::max(1, width(uat()));
    }
    void skipLine()
    {
        if (isCrlf()) {
            mark.index += 2;
            mark.column = 0;
            ++mark.line;
            pos += 2;
        } else if (isBreak()) {
            ++mark.index;
            mark.column = 0;
            ++mark.line;
            pos += std::max(1, width(uat()));
        }
    }
    QByteArray read(QByteArray s)
    {
        const int w = std::max(1, width(uat()));
        s += in.mid(pos, w);
        pos += w;
        ++mark.index;
        ++mark.column;
        return s;
    }

    // --- errors -------------------------------------------------------------------------------

    bool scannerError(const Mark& context, const char* what)
    {
        error = Error::Scanner;
        contextMark = context;
        hasContext = true;
        problem = QString::fromLatin1(what);
        problemMark = mark;
        return false;
    }
    bool parserError(const char* what, const Mark& at)
    {
        error = Error::Parser;
        problem = QString::fromLatin1(what);
        problemMark = at;
        return false;
    }
    bool parserErrorContext(const Mark& context, const char* what, const Mark& at)
    {
        contextMark = context;
        hasContext = true;
        return parserError(what, at);
    }

    // --- the token queue ----------------------------------------------------------------------

    void insertToken(int at, const Token& t)
    {
        if (at < 0)
            tokens.push_back(t);
        else
            tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(head) + at, t);
    }

    bool fetchMoreTokens()
    {
        for (;;) {
            bool needMore = false;
            if (head == tokens.size()) {
                needMore = true;
            } else {
                if (!staleSimpleKeys())
                    return false;
                needMore = possibleByTokenNumber.contains(tokensParsed);
            }
            if (!needMore)
                break;
            if (!fetchNextToken())
                return false;
        }
        tokenAvailable = true;
        return true;
    }

    bool peek(Token& t)
    {
        if (!tokenAvailable && !fetchMoreTokens())
            return false;
        t = tokens[head];
        return true;
    }

    void skipToken()
    {
        tokenAvailable = false;
        ++tokensParsed;
        streamEndProduced = tokens[head].type == Tok::StreamEnd;
        ++head;
    }

    // --- scanner (scannerc.go) ----------------------------------------------------------------

    bool fetchNextToken()
    {
        if (!streamStartProduced)
            return fetchStreamStart();
        scanToNextToken();
        if (!staleSimpleKeys())
            return false;
        unrollIndent(mark.column);
        if (isZ())
            return fetchStreamEnd();
        const char c = at();
        if (mark.column == 0 && c == '%')
            return fetchDirective();
        if (mark.column == 0 && c == '-' && at(1) == '-' && at(2) == '-' && isBlankz(3))
            return fetchDocumentIndicator(Tok::DocumentStart);
        if (mark.column == 0 && c == '.' && at(1) == '.' && at(2) == '.' && isBlankz(3))
            return fetchDocumentIndicator(Tok::DocumentEnd);
        if (c == '[')
            return fetchFlowCollectionStart(Tok::FlowSequenceStart);
        if (c == '{')
            return fetchFlowCollectionStart(Tok::FlowMappingStart);
        if (c == ']')
            return fetchFlowCollectionEnd(Tok::FlowSequenceEnd);
        if (c == '}')
            return fetchFlowCollectionEnd(Tok::FlowMappingEnd);
        if (c == ',')
            return fetchFlowEntry();
        if (c == '-' && isBlankz(1))
            return fetchBlockEntry();
        if (c == '?' && (flowLevel > 0 || isBlankz(1)))
            return fetchKey();
        if (c == ':' && (flowLevel > 0 || isBlankz(1)))
            return fetchValue();
        if (c == '*')
            return fetchAnchor(Tok::Alias);
        if (c == '&')
            return fetchAnchor(Tok::Anchor);
        if (c == '!')
            return fetchTag();
        if (c == '|' && flowLevel == 0)
            return fetchBlockScalar(true);
        if (c == '>' && flowLevel == 0)
            return fetchBlockScalar(false);
        if (c == '\'')
            return fetchFlowScalar(true);
        if (c == '"')
            return fetchFlowScalar(false);
        static const QByteArray indicators("-?:,[]{}#&*!|>'\"%@`");
        if (!(isBlankz() || indicators.contains(c)) || (c == '-' && !isBlank(1))
            || (flowLevel == 0 && (c == '?' || c == ':') && !isBlankz(1)))
            return fetchPlainScalar();
        return scannerError(mark, "found character that cannot start any token");
    }

    bool staleSimpleKeys()
    {
        for (std::size_t i = simpleKeysMinPossible; i < simpleKeys.size(); ++i) {
            SimpleKey& key = simpleKeys[i];
            if (!key.possible) {
                simpleKeysMinPossible = i;
                continue;
            }
            if (key.mark.line < mark.line || key.mark.index + 1024 < mark.index) {
                if (key.required)
                    return scannerError(key.mark, "could not find expected ':'");
                key.possible = false;
                possibleByTokenNumber.remove(key.tokenNumber);
                simpleKeysMinPossible = i + 1;
            } else {
                break;
            }
        }
        return true;
    }

    bool saveSimpleKey()
    {
        const bool required = flowLevel == 0 && indent == mark.column;
        if (simpleKeyAllowed) {
            SimpleKey key;
            key.possible = true;
            key.required = required;
            key.tokenNumber = tokensParsed + static_cast<int>(tokens.size() - head);
            key.mark = mark;
            if (!removeSimpleKey())
                return false;
            possibleByTokenNumber.insert(key.tokenNumber);
            simpleKeys.back() = key;
        }
        return true;
    }

    bool removeSimpleKey()
    {
        const std::size_t i = simpleKeys.size() - 1;
        if (simpleKeys[i].possible) {
            if (simpleKeys[i].required)
                return scannerError(simpleKeys[i].mark, "could not find expected ':'");
            simpleKeys[i].possible = false;
            possibleByTokenNumber.remove(simpleKeys[i].tokenNumber);
        }
        if (simpleKeysMinPossible > i)
            simpleKeysMinPossible = i;
        return true;
    }

    bool increaseFlowLevel()
    {
        simpleKeys.push_back({});
        ++flowLevel;
        if (flowLevel > kMaxFlowLevel)
            return scannerError(simpleKeys.back().mark, "exceeded max depth of 10000");
        return true;
    }

    void decreaseFlowLevel()
    {
        if (flowLevel > 0) {
            --flowLevel;
            const std::size_t last = simpleKeys.size() - 1;
            if (simpleKeys[last].possible)
                possibleByTokenNumber.remove(simpleKeys[last].tokenNumber);
            simpleKeys.pop_back();
            if (simpleKeysMinPossible > last)
                simpleKeysMinPossible = last;
        }
    }

    bool rollIndent(int column, int number, Tok type, const Mark& at)
    {
        if (flowLevel > 0)
            return true;
        if (indent < column) {
            indents.push_back(indent);
            indent = column;
            if (indents.size() > std::size_t(kMaxIndents))
                return scannerError(simpleKeys.back().mark, "exceeded max depth of 10000");
            Token t;
            t.type = type;
            t.start = t.end = at;
            if (number > -1)
                number -= tokensParsed;
            insertToken(number, t);
        }
        return true;
    }

    void unrollIndent(int column)
    {
        if (flowLevel > 0)
            return;
        while (indent > column) {
            Token t;
            t.type = Tok::BlockEnd;
            t.start = t.end = mark;
            insertToken(-1, t);
            indent = indents.back();
            indents.pop_back();
        }
    }

    void appendToken(Tok type, const Mark& start, const Mark& end)
    {
        Token t;
        t.type = type;
        t.start = start;
        t.end = end;
        insertToken(-1, t);
    }

    /// In block context, an indicator that may open a collection ('-', '?', ':'): refused with
    /// `problem` where no simple key may start, else it opens a `start` collection at its column
    /// when that is deeper than the current indentation.
    bool blockIndicator(const char* problem, Tok start)
    {
        if (flowLevel > 0)
            return true;
        if (!simpleKeyAllowed)
            return scannerError(mark, problem);
        return rollIndent(mark.column, -1, start, mark);
    }

    /// Queues an indicator token of `length` characters ("-", ":", "[", "---") and moves past it.
    bool takeIndicator(Tok type, int length = 1)
    {
        const Mark start = mark;
        for (int i = 0; i < length; ++i)
            skip();
        appendToken(type, start, mark);
        return true;
    }

    bool fetchStreamStart()
    {
        indent = -1;
        simpleKeys.push_back({});
        simpleKeyAllowed = true;
        streamStartProduced = true;
        appendToken(Tok::StreamStart, mark, mark);
        return true;
    }

    bool fetchStreamEnd()
    {
        if (mark.column != 0) {
            mark.column = 0;
            ++mark.line;
        }
        unrollIndent(-1);
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = false;
        appendToken(Tok::StreamEnd, mark, mark);
        return true;
    }

    bool fetchDirective()
    {
        unrollIndent(-1);
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = false;
        Token t;
        if (!scanDirective(t))
            return false;
        insertToken(-1, t);
        return true;
    }

    bool fetchDocumentIndicator(Tok type)
    {
        unrollIndent(-1);
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = false;
        return takeIndicator(type, 3);
    }

    bool fetchFlowCollectionStart(Tok type)
    {
        if (!saveSimpleKey())
            return false;
        if (!increaseFlowLevel())
            return false;
        simpleKeyAllowed = true;
        return takeIndicator(type);
    }

    bool fetchFlowCollectionEnd(Tok type)
    {
        if (!removeSimpleKey())
            return false;
        decreaseFlowLevel();
        simpleKeyAllowed = false;
        return takeIndicator(type);
    }

    bool fetchFlowEntry()
    {
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = true;
        return takeIndicator(Tok::FlowEntry);
    }

    bool fetchBlockEntry()
    {
        if (!blockIndicator("block sequence entries are not allowed in this context", Tok::BlockSequenceStart))
            return false;
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = true;
        return takeIndicator(Tok::BlockEntry);
    }

    bool fetchKey()
    {
        if (!blockIndicator("mapping keys are not allowed in this context", Tok::BlockMappingStart))
            return false;
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = flowLevel == 0;
        return takeIndicator(Tok::Key);
    }

    bool fetchValue()
    {
        SimpleKey& key = simpleKeys.back();
        if (key.possible) {
            Token t;
            t.type = Tok::Key;
            t.start = t.end = key.mark;
            insertToken(key.tokenNumber - tokensParsed, t);
            const SimpleKey saved = key;
            if (!rollIndent(saved.mark.column, saved.tokenNumber, Tok::BlockMappingStart, saved.mark))
                return false;
            simpleKeys.back().possible = false;
            possibleByTokenNumber.remove(saved.tokenNumber);
            simpleKeyAllowed = false;
        } else {
            if (!blockIndicator("mapping values are not allowed in this context", Tok::BlockMappingStart))
                return false;
            simpleKeyAllowed = flowLevel == 0;
        }
        return takeIndicator(Tok::Value);
    }

    /// A token that may be a simple key (an anchor, alias, tag, quoted or plain scalar): it is saved
    /// as a possible key, no simple key may start right after it, and `scan` reads it.
    template<class Scan> bool fetchKeyable(Scan scan)
    {
        if (!saveSimpleKey())
            return false;
        simpleKeyAllowed = false;
        Token t;
        if (!scan(t))
            return false;
        insertToken(-1, t);
        return true;
    }

    bool fetchAnchor(Tok type)
    {
        return fetchKeyable([&](Token& t) { return scanAnchor(t, type); });
    }

    bool fetchTag()
    {
        return fetchKeyable([&](Token& t) { return scanTag(t); });
    }

    bool fetchBlockScalar(bool literal)
    {
        if (!removeSimpleKey())
            return false;
        simpleKeyAllowed = true;
        Token t;
        if (!scanBlockScalar(t, literal))
            return false;
        insertToken(-1, t);
        return true;
    }

    bool fetchFlowScalar(bool single)
    {
        return fetchKeyable([&](Token& t) { return scanFlowScalar(t, single); });
    }

    bool fetchPlainScalar()
    {
        return fetchKeyable([&](Token& t) { return scanPlainScalar(t); });
    }

    void scanToNextToken()
    {
        for (;;) {
            if (mark.column == 0 && uat() == 0xEF && uat(1) == 0xBB && uat(2) == 0xBF)
                skip();
            while (at() == ' ' || ((flowLevel > 0 || !simpleKeyAllowed) && at() == '\t'))
                skip();
            if (at() == '#') {
                while (!isBreakz())
                    skip();
            }
            if (isBreak()) {
                skipLine();
                if (flowLevel == 0)
                    simpleKeyAllowed = true;
            } else {
                break;
            }
        }
    }

    bool scanDirective(Token& t)
    {
        const Mark start = mark;
        skip();
        QByteArray name;
        if (!scanDirectiveName(start, name))
            return false;
        if (name == "YAML") {
            int major = 0, minor = 0;
            if (!scanVersionDirectiveValue(start, major, minor))
                return false;
            t.type = Tok::VersionDirective;
            t.major = major;
            t.minor = minor;
        } else if (name == "TAG") {
            QByteArray handle, prefix;
            if (!scanTagDirectiveValue(start, handle, prefix))
                return false;
            t.type = Tok::TagDirective;
            t.value = handle;
            t.suffix = prefix;
        } else {
            return scannerError(start, "found unknown directive name");
        }
        t.start = start;
        t.end = mark;
        while (isBlank())
            skip();
        if (at() == '#') {
            while (!isBreakz())
                skip();
        }
        if (!isBreakz())
            return scannerError(start, "did not find expected comment or line break");
        if (isBreak())
            skipLine();
        return true;
    }

    bool scanDirectiveName(const Mark& start, QByteArray& name)
    {
        QByteArray s;
        while (isAlpha())
            s = read(s);
        if (s.isEmpty())
            return scannerError(start, "could not find expected directive name");
        if (!isBlankz())
            return scannerError(start, "found unexpected non-alphabetical character");
        name = s;
        return true;
    }

    bool scanVersionDirectiveValue(const Mark& start, int& major, int& minor)
    {
        while (isBlank())
            skip();
        if (!scanVersionDirectiveNumber(start, major))
            return false;
        if (at() != '.')
            return scannerError(start, "did not find expected digit or '.' character");
        skip();
        return scanVersionDirectiveNumber(start, minor);
    }

    bool scanVersionDirectiveNumber(const Mark& start, int& number)
    {
        int value = 0, length = 0;
        while (isDigit()) {
            if (++length > 2)
                return scannerError(start, "found extremely long version number");
            value = value * 10 + (at() - '0');
            skip();
        }
        if (length == 0)
            return scannerError(start, "did not find expected version number");
        number = value;
        return true;
    }

    bool scanTagDirectiveValue(const Mark& start, QByteArray& handle, QByteArray& prefix)
    {
        while (isBlank())
            skip();
        if (!scanTagHandle(true, start, handle))
            return false;
        if (!isBlank())
            return scannerError(start, "did not find expected whitespace");
        while (isBlank())
            skip();
        if (!scanTagUri(true, {}, start, prefix))
            return false;
        if (!isBlankz())
            return scannerError(start, "did not find expected whitespace or line break");
        return true;
    }

    bool scanAnchor(Token& t, Tok type)
    {
        const Mark start = mark;
        skip();
        QByteArray s;
        while (isAlpha())
            s = read(s);
        const Mark end = mark;
        const char c = at();
        if (s.isEmpty()
            || !(isBlankz() || c == '?' || c == ':' || c == ',' || c == ']' || c == '}' || c == '%' || c == '@'
                || c == '`'))
            return scannerError(start, "did not find expected alphabetic or numeric character");
        t.type = type;
        t.start = start;
        t.end = end;
        t.value = s;
        return true;
    }

    bool scanTag(Token& t)
    {
        const Mark start = mark;
        QByteArray handle, suffix;
        if (at(1) == '<') {
            skip();
            skip();
            if (!scanTagUri(false, {}, start, suffix))
                return false;
            if (at() != '>')
                return scannerError(start, "did not find the expected '>'");
            skip();
        } else {
            if (!scanTagHandle(false, start, handle))
                return false;
            if (handle.at(0) == '!' && handle.size() > 1 && handle.back() == '!') {
                if (!scanTagUri(false, {}, start, suffix))
                    return false;
            } else {
                if (!scanTagUri(false, handle, start, suffix))
                    return false;
                handle = "!";
                if (suffix.isEmpty())
                    std::swap(handle, suffix);
            }
        }
        if (!isBlankz())
            return scannerError(start, "did not find expected whitespace or line break");
        t.type = Tok::Tag;
        t.start = start;
        t.end = mark;
        t.value = handle;
        t.suffix = suffix;
        return true;
    }

    bool scanTagHandle(bool directive, const Mark& start, QByteArray& handle)
    {
        if (at() != '!')
            return scannerError(start, "did not find expected '!'");
        QByteArray s = read({});
        while (isAlpha())
            s = read(s);
        if (at() == '!') {
            s = read(s);
        } else if (directive && s != "!") {
            return scannerError(start, "did not find expected '!'");
        }
        handle = s;
        return true;
    }

    bool scanTagUri(bool directive, const QByteArray& handle, const Mark& start, QByteArray& uri)
    {
        QByteArray s;
        bool hasTag = !handle.isEmpty();
        if (handle.size() > 1)
            s = handle.mid(1);
        static const QByteArray uriChars(";/?:@&=+$,.!~*'()[]%");
        while (isAlpha() || (at() != '\0' && uriChars.contains(at()))) {
            if (at() == '%') {
                if (!scanUriEscapes(directive, start, s))
                    return false;
            } else {
                s = read(s);
            }
            hasTag = true;
        }
        if (!hasTag)
            return scannerError(start, "did not find expected tag URI");
        uri = s;
        return true;
    }

    bool scanUriEscapes(bool, const Mark& start, QByteArray& s)
    {
        int w = 1024;
        while (w > 0) {
            if (!(at() == '%' && isHex(1) && isHex(2)))
                return scannerError(start, "did not find URI escaped octet");
            const auto octet = static_cast<unsigned char>((hexValue(at(1)) << 4) + hexValue(at(2)));
            if (w == 1024) {
                w = width(octet);
                if (w == 0)
                    return scannerError(start, "found an incorrect leading UTF-8 octet");
            } else if ((octet & 0xC0) != 0x80) {
                return scannerError(start, "found an incorrect trailing UTF-8 octet");
            }
            s += static_cast<char>(octet);
            skip();
            skip();
            skip();
            --w;
        }
        return true;
    }

    bool scanBlockScalar(Token& t, bool literal)
    {
        const Mark start = mark;
        skip();
        int increment = 0;
        if (at() == '+' || at() == '-') {
            skip();
            if (isDigit()) {
                if (at() == '0')
                    return scannerError(start, "found an indentation indicator equal to 0");
                increment = at() - '0';
                skip();
            }
        } else if (isDigit()) {
            if (at() == '0')
                return scannerError(start, "found an indentation indicator equal to 0");
            increment = at() - '0';
            skip();
            if (at() == '+' || at() == '-')
                skip();
        }
        while (isBlank())
            skip();
        if (at() == '#') {
            while (!isBreakz())
                skip();
        }
        if (!isBreakz())
            return scannerError(start, "did not find expected comment or line break");
        if (isBreak())
            skipLine();
        Mark end = mark;
        int blockIndent = 0;
        if (increment > 0)
            blockIndent = indent >= 0 ? indent + increment : increment;
        if (!scanBlockScalarBreaks(blockIndent, start, end))
            return false;
        while (mark.column == blockIndent && !isZ()) {
            while (!isBreakz())
                skip();
            skipLine();
            if (!scanBlockScalarBreaks(blockIndent, start, end))
                return false;
        }
        t.type = Tok::Scalar;
        t.start = start;
        t.end = end;
        (void)literal;
        return true;
    }

    bool scanBlockScalarBreaks(int& blockIndent, const Mark& start, Mark& end)
    {
        end = mark;
        int maxIndent = 0;
        for (;;) {
            while ((blockIndent == 0 || mark.column < blockIndent) && isSpace())
                skip();
            if (mark.column > maxIndent)
                maxIndent = mark.column;
            if ((blockIndent == 0 || mark.column < blockIndent) && isTab())
                return scannerError(start, "found a tab character where an indentation space is expected");
            if (!isBreak())
                break;
            skipLine();
            end = mark;
        }
        if (blockIndent == 0) {
            blockIndent = maxIndent;
            if (blockIndent < indent + 1)
                blockIndent = indent + 1;
            if (blockIndent < 1)
                blockIndent = 1;
        }
        return true;
    }

    bool documentIndicatorHere() const
    {
        return mark.column == 0
            && ((at() == '-' && at(1) == '-' && at(2) == '-') || (at() == '.' && at(1) == '.' && at(2) == '.'))
            && isBlankz(3);
    }

    bool scanFlowScalar(Token& t, bool single)
    {
        const Mark start = mark;
        skip();
        for (;;) {
            if (documentIndicatorHere())
                return scannerError(start, "found unexpected document indicator");
            if (isZ())
                return scannerError(start, "found unexpected end of stream");
            bool leadingBlanks = false;
            while (!isBlankz()) {
                if (single && at() == '\'' && at(1) == '\'') {
                    skip();
                    skip();
                } else if (single && at() == '\'') {
                    break;
                } else if (!single && at() == '"') {
                    break;
                } else if (!single && at() == '\\' && isBreak(1)) {
                    skip();
                    skipLine();
                    leadingBlanks = true;
                    break;
                } else if (!single && at() == '\\') {
                    int codeLength = 0;
                    switch (at(1)) {
                    case '0':
                    case 'a':
                    case 'b':
                    case 't':
                    case '\t':
                    case 'n':
                    case 'v':
                    case 'f':
                    case 'r':
                    case 'e':
                    case ' ':
                    case '"':
                    case '\'':
                    case '\\':
                    case 'N':
                    case '_':
                    case 'L':
                    case 'P':
                        break;
                    case 'x':
                        codeLength = 2;
                        break;
                    case 'u':
                        codeLength = 4;
                        break;
                    case 'U':
                        codeLength = 8;
                        break;
                    default:
                        return scannerError(start, "found unknown escape character");
                    }
                    skip();
                    skip();
                    if (codeLength > 0) {
                        qint64 value = 0;
                        for (int k = 0; k < codeLength; ++k) {
                            if (!isHex(k))
                                return scannerError(start, "did not find expected hexdecimal number");
                            value = (value << 4) + hexValue(at(k));
                        }
                        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
                            return scannerError(start, "found invalid Unicode character escape code");
                        for (int k = 0; k < codeLength; ++k)
                            skip();
                    }
                } else {
                    skip();
                }
            }
            if (single ? at() == '\'' : at() == '"')
                break;
            while (isBlank() || isBreak()) {
                if (isBlank()) {
                    skip();
                } else {
                    skipLine();
                    leadingBlanks = true;
                }
            }
            (void)leadingBlanks;
        }
        skip();
        t.type = Tok::Scalar;
        t.start = start;
        t.end = mark;
        return true;
    }

    bool scanPlainScalar(Token& t)
    {
        bool leadingBlanks = false;
        const int scalarIndent = indent + 1;
        const Mark start = mark;
        Mark end = mark;
        for (;;) {
            if (documentIndicatorHere())
                break;
            if (at() == '#')
                break;
            while (!isBlankz()) {
                const char c = at();
                if ((c == ':' && isBlankz(1))
                    || (flowLevel > 0 && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}')))
                    break;
                if (leadingBlanks)
                    leadingBlanks = false;
                skip();
                end = mark;
            }
            if (!(isBlank() || isBreak()))
                break;
            while (isBlank() || isBreak()) {
                if (isBlank()) {
                    if (leadingBlanks && mark.column < scalarIndent && isTab())
                        return scannerError(start, "found a tab character that violates indentation");
                    skip();
                } else {
                    skipLine();
                    leadingBlanks = true;
                }
            }
            if (flowLevel == 0 && mark.column < scalarIndent)
                break;
        }
        t.type = Tok::Scalar;
        t.start = start;
        t.end = end;
        t.plain = true;
        if (leadingBlanks)
            simpleKeyAllowed = true;
        return true;
    }

    // --- parser (parserc.go) ------------------------------------------------------------------

    State popState()
    {
        const State s = states.back();
        states.pop_back();
        return s;
    }

    bool parse(Event& ev)
    {
        ev = {};
        if (streamEndProduced || error != Error::None || state == State::End)
            return true;
        switch (state) {
        case State::StreamStart:
            return parseStreamStart(ev);
        case State::ImplicitDocumentStart:
            return parseDocumentStart(ev, true);
        case State::DocumentStart:
            return parseDocumentStart(ev, false);
        case State::DocumentContent:
            return parseDocumentContent(ev);
        case State::DocumentEnd:
            return parseDocumentEnd(ev);
        case State::BlockNode:
            return parseNode(ev, true, false);
        case State::BlockNodeOrIndentlessSequence:
            return parseNode(ev, true, true);
        case State::FlowNode:
            return parseNode(ev, false, false);
        case State::BlockSequenceFirstEntry:
            return parseBlockSequenceEntry(ev, true);
        case State::BlockSequenceEntry:
            return parseBlockSequenceEntry(ev, false);
        case State::IndentlessSequenceEntry:
            return parseIndentlessSequenceEntry(ev);
        case State::BlockMappingFirstKey:
            return parseBlockMappingKey(ev, true);
        case State::BlockMappingKey:
            return parseBlockMappingKey(ev, false);
        case State::BlockMappingValue:
            return parseBlockMappingValue(ev);
        case State::FlowSequenceFirstEntry:
            return parseFlowSequenceEntry(ev, true);
        case State::FlowSequenceEntry:
            return parseFlowSequenceEntry(ev, false);
        case State::FlowSequenceEntryMappingKey:
            return parseFlowSequenceEntryMappingKey(ev);
        case State::FlowSequenceEntryMappingValue:
            return parseFlowSequenceEntryMappingValue(ev);
        case State::FlowSequenceEntryMappingEnd:
            return parseFlowSequenceEntryMappingEnd(ev);
        case State::FlowMappingFirstKey:
            return parseFlowMappingKey(ev, true);
        case State::FlowMappingKey:
            return parseFlowMappingKey(ev, false);
        case State::FlowMappingValue:
            return parseFlowMappingValue(ev, false);
        case State::FlowMappingEmptyValue:
            return parseFlowMappingValue(ev, true);
        case State::End:
            break;
        }
        return true;
    }

    bool parseStreamStart(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type != Tok::StreamStart)
            return parserError("did not find expected <stream-start>", t.start);
        state = State::ImplicitDocumentStart;
        ev.type = Ev::StreamStart;
        skipToken();
        return true;
    }

    bool parseDocumentStart(Event& ev, bool implicit)
    {
        Token t;
        if (!peek(t))
            return false;
        if (!implicit) {
            while (t.type == Tok::DocumentEnd) {
                skipToken();
                if (!peek(t))
                    return false;
            }
        }
        if (implicit && t.type != Tok::VersionDirective && t.type != Tok::TagDirective && t.type != Tok::DocumentStart
            && t.type != Tok::StreamEnd) {
            if (!processDirectives())
                return false;
            states.push_back(State::DocumentEnd);
            state = State::BlockNode;
            ev.type = Ev::DocumentStart;
        } else if (t.type != Tok::StreamEnd) {
            if (!processDirectives())
                return false;
            if (!peek(t))
                return false;
            if (t.type != Tok::DocumentStart)
                return parserError("did not find expected <document start>", t.start);
            states.push_back(State::DocumentEnd);
            state = State::DocumentContent;
            ev.type = Ev::DocumentStart;
            skipToken();
        } else {
            state = State::End;
            ev.type = Ev::StreamEnd;
            skipToken();
        }
        return true;
    }

    bool parseDocumentContent(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::VersionDirective || t.type == Tok::TagDirective || t.type == Tok::DocumentStart
            || t.type == Tok::DocumentEnd || t.type == Tok::StreamEnd) {
            state = popState();
            ev.type = Ev::Scalar;
            return true;
        }
        return parseNode(ev, true, false);
    }

    bool parseDocumentEnd(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::DocumentEnd)
            skipToken();
        tagHandles.clear();
        state = State::DocumentStart;
        ev.type = Ev::DocumentEnd;
        return true;
    }

    bool parseNode(Event& ev, bool block, bool indentlessSequence)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::Alias) {
            state = popState();
            ev.type = Ev::Alias;
            ev.anchor = t.value;
            ev.start = t.start;
            skipToken();
            return true;
        }
        Mark start = t.start;
        Mark tagMark;
        bool tagToken = false;
        QByteArray tagHandle, anchor;
        if (t.type == Tok::Anchor) {
            anchor = t.value;
            skipToken();
            if (!peek(t))
                return false;
            if (t.type == Tok::Tag) {
                tagToken = true;
                tagHandle = t.value;
                tagMark = t.start;
                skipToken();
                if (!peek(t))
                    return false;
            }
        } else if (t.type == Tok::Tag) {
            tagToken = true;
            tagHandle = t.value;
            tagMark = t.start;
            skipToken();
            if (!peek(t))
                return false;
            if (t.type == Tok::Anchor) {
                anchor = t.value;
                skipToken();
                if (!peek(t))
                    return false;
            }
        }
        bool hasTag = false;
        if (tagToken) {
            if (tagHandle.isEmpty()) {
                hasTag = true;
            } else {
                if (std::find(tagHandles.begin(), tagHandles.end(), tagHandle) == tagHandles.end())
                    return parserErrorContext(start, "found undefined tag handle", tagMark);
                hasTag = true;
            }
        }
        ev.anchor = anchor;
        if (indentlessSequence && t.type == Tok::BlockEntry) {
            state = State::IndentlessSequenceEntry;
            ev.type = Ev::SequenceStart;
            return true;
        }
        if (t.type == Tok::Scalar) {
            state = popState();
            ev.type = Ev::Scalar;
            skipToken();
            return true;
        }
        if (t.type == Tok::FlowSequenceStart) {
            state = State::FlowSequenceFirstEntry;
            ev.type = Ev::SequenceStart;
            return true;
        }
        if (t.type == Tok::FlowMappingStart) {
            state = State::FlowMappingFirstKey;
            ev.type = Ev::MappingStart;
            return true;
        }
        if (block && t.type == Tok::BlockSequenceStart) {
            state = State::BlockSequenceFirstEntry;
            ev.type = Ev::SequenceStart;
            return true;
        }
        if (block && t.type == Tok::BlockMappingStart) {
            state = State::BlockMappingFirstKey;
            ev.type = Ev::MappingStart;
            return true;
        }
        if (!anchor.isEmpty() || hasTag) {
            state = popState();
            ev.type = Ev::Scalar;
            return true;
        }
        return parserErrorContext(start, "did not find expected node content", t.start);
    }

    bool parseBlockSequenceEntry(Event& ev, bool first)
    {
        Token t;
        if (!nextInCollection(t, first))
            return false;
        if (t.type == Tok::BlockEntry)
            return blockNodeAfter(ev, t.end, {Tok::BlockEntry, Tok::BlockEnd}, State::BlockSequenceEntry, false);
        if (t.type == Tok::BlockEnd) {
            state = popState();
            marks.pop_back();
            ev.type = Ev::SequenceEnd;
            skipToken();
            return true;
        }
        const Mark context = marks.back();
        marks.pop_back();
        return parserErrorContext(context, "did not find expected '-' indicator", t.start);
    }

    /// The next token of a collection's entry. At the first entry the collection's start token is
    /// taken first, and its position kept as the context of a later error.
    bool nextInCollection(Token& t, bool first)
    {
        if (first) {
            if (!peek(t))
                return false;
            marks.push_back(t.start);
            skipToken();
        }
        return peek(t);
    }

    /// Between two flow entries: a ',' is taken and `t` becomes the token after it; anything else
    /// is the error `problem` in the context of the collection's start.
    bool flowEntrySeparator(Token& t, const char* problem)
    {
        if (t.type == Tok::FlowEntry) {
            skipToken();
            return peek(t);
        }
        const Mark context = marks.back();
        marks.pop_back();
        return parserErrorContext(context, problem, t.start);
    }

    /// After a block indicator ('-', '?', ':') that ends at `m`, taken by skipToken(): a block node,
    /// or an empty scalar at `m` when the next token is one of `ends`; `after` is the next state.
    bool blockNodeAfter(Event& ev, Mark m, std::initializer_list<Tok> ends, State after, bool indentlessSequence)
    {
        skipToken();
        Token t;
        if (!peek(t))
            return false;
        if (std::find(ends.begin(), ends.end(), t.type) == ends.end()) {
            states.push_back(after);
            return parseNode(ev, true, indentlessSequence);
        }
        state = after;
        return emptyScalar(ev, m);
    }

    bool parseIndentlessSequenceEntry(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::BlockEntry)
            return blockNodeAfter(ev, t.end, {Tok::BlockEntry, Tok::Key, Tok::Value, Tok::BlockEnd},
                State::IndentlessSequenceEntry, false);
        state = popState();
        ev.type = Ev::SequenceEnd;
        return true;
    }

    bool parseBlockMappingKey(Event& ev, bool first)
    {
        Token t;
        if (!nextInCollection(t, first))
            return false;
        if (t.type == Tok::Key)
            return blockNodeAfter(ev, t.end, {Tok::Key, Tok::Value, Tok::BlockEnd}, State::BlockMappingValue, true);
        if (t.type == Tok::BlockEnd) {
            state = popState();
            marks.pop_back();
            ev.type = Ev::MappingEnd;
            skipToken();
            return true;
        }
        const Mark context = marks.back();
        marks.pop_back();
        return parserErrorContext(context, "did not find expected key", t.start);
    }

    bool parseBlockMappingValue(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::Value)
            return blockNodeAfter(ev, t.end, {Tok::Key, Tok::Value, Tok::BlockEnd}, State::BlockMappingKey, true);
        state = State::BlockMappingKey;
        return emptyScalar(ev, t.start);
    }

    bool parseFlowSequenceEntry(Event& ev, bool first)
    {
        Token t;
        if (!nextInCollection(t, first))
            return false;
        if (t.type != Tok::FlowSequenceEnd) {
            if (!first && !flowEntrySeparator(t, "did not find expected ',' or ']'"))
                return false;
            if (t.type == Tok::Key) {
                state = State::FlowSequenceEntryMappingKey;
                ev.type = Ev::MappingStart;
                skipToken();
                return true;
            }
            if (t.type != Tok::FlowSequenceEnd) {
                states.push_back(State::FlowSequenceEntry);
                return parseNode(ev, false, false);
            }
        }
        state = popState();
        marks.pop_back();
        ev.type = Ev::SequenceEnd;
        skipToken();
        return true;
    }

    bool parseFlowSequenceEntryMappingKey(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type != Tok::Value && t.type != Tok::FlowEntry && t.type != Tok::FlowSequenceEnd) {
            states.push_back(State::FlowSequenceEntryMappingValue);
            return parseNode(ev, false, false);
        }
        const Mark m = t.end;
        skipToken();
        state = State::FlowSequenceEntryMappingValue;
        return emptyScalar(ev, m);
    }

    bool parseFlowSequenceEntryMappingValue(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        if (t.type == Tok::Value) {
            skipToken();
            if (!peek(t))
                return false;
            if (t.type != Tok::FlowEntry && t.type != Tok::FlowSequenceEnd) {
                states.push_back(State::FlowSequenceEntryMappingEnd);
                return parseNode(ev, false, false);
            }
        }
        state = State::FlowSequenceEntryMappingEnd;
        return emptyScalar(ev, t.start);
    }

    bool parseFlowSequenceEntryMappingEnd(Event& ev)
    {
        Token t;
        if (!peek(t))
            return false;
        state = State::FlowSequenceEntry;
        ev.type = Ev::MappingEnd;
        return true;
    }

    bool parseFlowMappingKey(Event& ev, bool first)
    {
        Token t;
        if (!nextInCollection(t, first))
            return false;
        if (t.type != Tok::FlowMappingEnd) {
            if (!first && !flowEntrySeparator(t, "did not find expected ',' or '}'"))
                return false;
            if (t.type == Tok::Key) {
                skipToken();
                if (!peek(t))
                    return false;
                if (t.type != Tok::Value && t.type != Tok::FlowEntry && t.type != Tok::FlowMappingEnd) {
                    states.push_back(State::FlowMappingValue);
                    return parseNode(ev, false, false);
                }
                state = State::FlowMappingValue;
                return emptyScalar(ev, t.start);
            }
            if (t.type != Tok::FlowMappingEnd) {
                states.push_back(State::FlowMappingEmptyValue);
                return parseNode(ev, false, false);
            }
        }
        state = popState();
        marks.pop_back();
        ev.type = Ev::MappingEnd;
        skipToken();
        return true;
    }

    bool parseFlowMappingValue(Event& ev, bool empty)
    {
        Token t;
        if (!peek(t))
            return false;
        if (empty) {
            state = State::FlowMappingKey;
            return emptyScalar(ev, t.start);
        }
        if (t.type == Tok::Value) {
            skipToken();
            if (!peek(t))
                return false;
            if (t.type != Tok::FlowEntry && t.type != Tok::FlowMappingEnd) {
                states.push_back(State::FlowMappingKey);
                return parseNode(ev, false, false);
            }
        }
        state = State::FlowMappingKey;
        return emptyScalar(ev, t.start);
    }

    static bool emptyScalar(Event& ev, const Mark&)
    {
        ev.type = Ev::Scalar;
        return true;
    }

    bool processDirectives()
    {
        Token t;
        if (!peek(t))
            return false;
        bool version = false;
        std::vector<QByteArray> handles;
        while (t.type == Tok::VersionDirective || t.type == Tok::TagDirective) {
            if (t.type == Tok::VersionDirective) {
                if (version)
                    return parserError("found duplicate %YAML directive", t.start);
                if (t.major != 1 || t.minor != 1)
                    return parserError("found incompatible YAML document", t.start);
                version = true;
            } else {
                if (std::find(tagHandles.begin(), tagHandles.end(), t.value) != tagHandles.end())
                    return parserError("found duplicate %TAG directive", t.start);
                tagHandles.push_back(t.value);
            }
            skipToken();
            if (!peek(t))
                return false;
        }
        for (const char* handle : {"!", "!!"}) {
            if (std::find(tagHandles.begin(), tagHandles.end(), QByteArray(handle)) == tagHandles.end())
                tagHandles.push_back(handle);
        }
        return true;
    }

    // --- decode.go: how yaml.Unmarshal pulls the events ---------------------------------------

    bool next(Event& ev) { return parse(ev); }
};

bool Yaml::run(SyntaxError& out)
{
    const auto fail = [&]() {
        int line = 0;
        if (problemMark.line != 0)
            line = problemMark.line + (error == Error::Scanner ? 1 : 0);
        else if (contextMark.line != 0)
            line = contextMark.line;
        const QString where = line != 0 ? QStringLiteral("line %1: ").arg(line) : QString();
        out.message = QStringLiteral("yaml: ") + where + problem;
        out.problem = problemMark;
        out.context = contextMark;
        out.hasContext = hasContext;
        return false;
    };
    Event ev;
    if (!next(ev))
        return fail();
    // parser.init: the stream start, then parse(): a document or the end of the stream.
    if (!next(ev))
        return fail();
    if (ev.type != Ev::DocumentStart)
        return true;
    // The document's node, its anchors known from where they are defined on.
    QSet<QByteArray> anchors;
    int depth = 0;
    do {
        if (!next(ev))
            return fail();
        if (ev.type == Ev::Alias && !anchors.contains(ev.anchor)) {
            out.message = QStringLiteral("yaml: unknown anchor '%1' referenced").arg(QString::fromUtf8(ev.anchor));
            out.problem = ev.start;
            return false;
        }
        if (!ev.anchor.isEmpty() && ev.type != Ev::Alias)
            anchors.insert(ev.anchor);
        if (ev.type == Ev::SequenceStart || ev.type == Ev::MappingStart)
            ++depth;
        else if (ev.type == Ev::SequenceEnd || ev.type == Ev::MappingEnd)
            --depth;
    } while (depth > 0);
    // document(): expect(DOCUMENT-END), which reads the token after the node.
    if (!next(ev))
        return fail();
    return true;
}

} // namespace

bool check(const QByteArray& text, SyntaxError& error)
{
    // yaml.v2 newParser: an empty input is read as a line break.
    const QByteArray input = text.isEmpty() ? QByteArray("\n") : text;
    Yaml yaml(input);
    return yaml.run(error);
}

} // namespace rl::goyaml
