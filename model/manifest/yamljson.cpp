#include "manifest/yamljson.h"

#include "manifest/goyamlsyntax.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

namespace rl {

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

// apimachinery pkg/util/yaml/decoder.go YAMLReader.Read.
bool splitYamlDocuments(const QByteArray& stream, std::vector<YamlChunk>& chunks, QString& error)
{
    chunks.clear();
    const QList<QByteArray> lines = stream.split('\n');
    QByteArray buffer;
    int chunkStart = 1;
    const int n = lines.size();
    for (int i = 0; i < n; ++i) {
        QByteArray line = lines.at(i);
        const bool last = i == n - 1;
        if (!last)
            line += '\n';
        if (line.startsWith("---")) {
            const QByteArray rest = line.mid(3).trimmed();
            if (!rest.isEmpty() && !rest.startsWith('#')) {
                error = QStringLiteral("invalid Yaml document separator: ") + QString::fromUtf8(rest);
                return false;
            }
            if (!buffer.isEmpty())
                chunks.push_back({buffer, chunkStart});
            buffer.clear();
            chunkStart = i + 2;
            continue;
        }
        buffer += line;
    }
    if (!buffer.isEmpty())
        chunks.push_back({buffer, chunkStart});
    return true;
}

namespace {

const QRegularExpression& yamlStyleFloat()
{
    static const QRegularExpression re(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    return re;
}

const QRegularExpression& base60Float()
{
    static const QRegularExpression re(QStringLiteral("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$"));
    return re;
}

// Go strconv.ParseInt(s, 0, 64) / ParseUint: optional sign, 0x / 0o / 0b / leading-0 octal.
bool goParseInt(const QString& in, double& out)
{
    QString s = in;
    bool neg = false;
    if (s.startsWith(QLatin1Char('+')) || s.startsWith(QLatin1Char('-'))) {
        neg = s.startsWith(QLatin1Char('-'));
        s = s.mid(1);
    }
    if (s.isEmpty())
        return false;
    int base = 10;
    if (s.startsWith(QLatin1String("0x")) || s.startsWith(QLatin1String("0X"))) {
        base = 16;
        s = s.mid(2);
    } else if (s.startsWith(QLatin1String("0o")) || s.startsWith(QLatin1String("0O"))) {
        base = 8;
        s = s.mid(2);
    } else if (s.startsWith(QLatin1String("0b")) || s.startsWith(QLatin1String("0B"))) {
        base = 2;
        s = s.mid(2);
    } else if (s.size() > 1 && s.startsWith(QLatin1Char('0'))) {
        base = 8;
        s = s.mid(1);
    }
    if (s.isEmpty())
        return false;
    bool ok = false;
    const qulonglong v = s.toULongLong(&ok, base);
    if (!ok)
        return false;
    for (QChar c : s) {
        if (!c.isLetterOrNumber())
            return false;
    }
    out = neg ? -static_cast<double>(v) : static_cast<double>(v);
    return true;
}

QString scalarToKey(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return v.toString();
    }
}

struct Converter
{
    const YamlChunk& chunk;
    SourceMap* map;

    SourcePos pos(const YAML::Mark& m) const
    {
        if (m.line < 0)
            return {};
        return {chunk.firstLine + m.line, m.column + 1};
    }

    static QString join(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    QJsonValue scalar(const YAML::Node& n)
    {
        const QString text = QString::fromStdString(n.Scalar());
        const std::string& tag = n.Tag();
        if (tag == "!")
            return text;
        if (tag == "tag:yaml.org,2002:str")
            return text;
        return resolvePlainScalar(text);
    }

    QJsonValue convert(const YAML::Node& n, const QString& path)
    {
        if (map && !path.isEmpty() && !map->values.contains(path))
            map->values.insert(path, pos(n.Mark()));
        switch (n.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return QJsonValue(QJsonValue::Null);
        case YAML::NodeType::Scalar:
            return scalar(n);
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            int i = 0;
            for (const auto& item : n) {
                a.append(convert(item, path + QStringLiteral("[%1]").arg(i)));
                ++i;
            }
            return a;
        }
        case YAML::NodeType::Map: {
            QJsonObject o;
            QJsonObject merged; // go-yaml v2 merge keys ("<<"): explicit keys win
            for (const auto& kv : n) {
                const YAML::Node& k = kv.first;
                QString key;
                if (k.IsScalar())
                    key = k.Tag() == "!" ? QString::fromStdString(k.Scalar())
                                         : scalarToKey(resolvePlainScalar(QString::fromStdString(k.Scalar())));
                else if (k.IsNull())
                    key = QStringLiteral("null");
                if (key == QLatin1String("<<") && k.Tag() != "!") {
                    const QJsonValue v = convert(kv.second, QString());
                    const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray {v};
                    for (const auto& item : list) {
                        const QJsonObject mo = item.toObject();
                        for (auto it = mo.begin(); it != mo.end(); ++it) {
                            if (!merged.contains(it.key()))
                                merged.insert(it.key(), it.value());
                        }
                    }
                    continue;
                }
                const QString p = join(path, key);
                if (map) {
                    map->keys.insert(p, pos(k.Mark()));
                    map->values.remove(p);
                    if (kv.second.Mark().line >= 0 && !kv.second.IsNull())
                        map->values.insert(p, pos(kv.second.Mark()));
                    else
                        map->values.insert(p, pos(k.Mark()));
                }
                o.insert(key, convert(kv.second, p));
            }
            for (auto it = merged.begin(); it != merged.end(); ++it) {
                if (!o.contains(it.key()))
                    o.insert(it.key(), it.value());
            }
            return o;
        }
        }
        return QJsonValue(QJsonValue::Null);
    }
};

/// Maps a yaml-cpp parser error to go-yaml's wording and line numbering. go-yaml prints scanner
/// errors with the 1-based line of the problem and parser errors with its 0-based line.
void translateParserError(const YAML::ParserException& e, const YamlChunk& chunk, YamlError& error)
{
    const std::string& msg = e.msg;
    const int line0 = std::max(0, e.mark.line);
    QString text;
    bool scanner = false;
    QString offending;
    const QList<QByteArray> lines = chunk.text.split('\n');
    if (line0 < lines.size())
        offending = QString::fromUtf8(lines.at(line0)).trimmed();
    // A tab that starts a line after a key without a value: go-yaml's scanner sees no token there
    // (tabs are whitespace only in flow context or inside a plain scalar).
    for (int i = 1; i <= line0 && i < lines.size(); ++i) {
        const QByteArray& l = lines.at(i);
        qsizetype firstNonSpace = 0;
        while (firstNonSpace < l.size() && l.at(firstNonSpace) == ' ')
            ++firstNonSpace;
        if (firstNonSpace >= l.size() || l.at(firstNonSpace) != '\t')
            continue;
        int prev = i - 1;
        while (prev > 0 && lines.at(prev).trimmed().isEmpty())
            --prev;
        const QByteArray p = lines.at(prev).trimmed();
        if (p.endsWith(':') && !p.startsWith('#')) {
            error.message = QStringLiteral("yaml: line %1: found character that cannot start any token").arg(i + 1);
            error.pos = {chunk.firstLine + i, int(firstNonSpace) + 1};
            return;
        }
        break;
    }
    if (dynamic_cast<const YAML::DeepRecursion*>(&e)) {
        // go-yaml: max_flow_level / max_indents (yaml-cpp stops earlier, at a depth of 2000)
        text = QStringLiteral("exceeded max depth of 10000");
        scanner = true;
    } else if (msg == YAML::ErrorMsg::END_OF_MAP || msg == YAML::ErrorMsg::FLOW_END) {
        text = QStringLiteral("did not find expected key");
    } else if (msg == YAML::ErrorMsg::END_OF_SEQ) {
        text = offending.startsWith(QLatin1Char('-')) ? QStringLiteral("did not find expected key")
                                                      : QStringLiteral("did not find expected '-' indicator");
    } else if (msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) {
        text = QStringLiteral("did not find expected ',' or ']'");
    } else if (msg == YAML::ErrorMsg::END_OF_MAP_FLOW) {
        text = QStringLiteral("did not find expected ',' or '}'");
    } else if (msg == YAML::ErrorMsg::MAP_VALUE) {
        text = QStringLiteral("mapping values are not allowed in this context");
        scanner = true;
    } else if (msg == YAML::ErrorMsg::BLOCK_ENTRY) {
        text = QStringLiteral("block sequence entries are not allowed in this context");
        scanner = true;
    } else if (msg == YAML::ErrorMsg::UNKNOWN_TOKEN) {
        text = QStringLiteral("found character that cannot start any token");
        scanner = true;
    } else if (msg == YAML::ErrorMsg::TAB_IN_INDENTATION) {
        text = QStringLiteral("found a tab character that violates indentation");
        scanner = true;
    } else if (msg == YAML::ErrorMsg::EOF_IN_SCALAR) {
        text = QStringLiteral("found unexpected end of stream");
        scanner = true;
    } else if (msg.rfind(YAML::ErrorMsg::UNKNOWN_ANCHOR, 0) == 0) {
        static const QRegularExpression name(QStringLiteral("\\*([^\\s,\\]}]+)"));
        const auto m = name.match(offending);
        error.message = QStringLiteral("yaml: unknown anchor '%1' referenced").arg(m.captured(1));
        error.pos = {chunk.firstLine + line0, e.mark.column + 1};
        return;
    } else {
        text = QString::fromStdString(msg);
        scanner = true;
    }
    error.message = QStringLiteral("yaml: line %1: %2").arg(scanner ? line0 + 1 : line0).arg(text);
    error.pos = {chunk.firstLine + line0, e.mark.column + 1};
    if (dynamic_cast<const YAML::DeepRecursion*>(&e))
        error.pos.column = 0; // yaml-cpp stops at another column than go-yaml: give the line only
}

} // namespace

QJsonValue resolvePlainScalar(const QString& s)
{
    // go-yaml v2 resolve.go (YAML 1.1 booleans, nulls, ints in any Go base, YAML-style floats).
    static const QStringList trues = {QStringLiteral("y"), QStringLiteral("Y"), QStringLiteral("yes"),
        QStringLiteral("Yes"), QStringLiteral("YES"), QStringLiteral("true"), QStringLiteral("True"),
        QStringLiteral("TRUE"), QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON")};
    static const QStringList falses = {QStringLiteral("n"), QStringLiteral("N"), QStringLiteral("no"),
        QStringLiteral("No"), QStringLiteral("NO"), QStringLiteral("false"), QStringLiteral("False"),
        QStringLiteral("FALSE"), QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF")};
    static const QStringList nulls
        = {QString(), QStringLiteral("~"), QStringLiteral("null"), QStringLiteral("Null"), QStringLiteral("NULL")};
    if (nulls.contains(s))
        return QJsonValue(QJsonValue::Null);
    if (trues.contains(s))
        return true;
    if (falses.contains(s))
        return false;
    const QChar c = s.at(0);
    if (c.isDigit() || c == QLatin1Char('+') || c == QLatin1Char('-')) {
        QString plain = s;
        plain.remove(QLatin1Char('_'));
        double v = 0;
        if (goParseInt(plain, v))
            return v;
        if (yamlStyleFloat().match(plain).hasMatch())
            return plain.toDouble();
    } else if (c == QLatin1Char('.')) {
        if (yamlStyleFloat().match(s).hasMatch())
            return s.toDouble();
    }
    return s;
}

namespace {
/// go-yaml's reader (readerc.go yaml_parser_update_buffer): the input must be valid UTF-8 of
/// printable characters. Returns false with the reader's message (go-yaml prints no line for it).
bool checkYamlCharacters(const YamlChunk& chunk, YamlError& error)
{
    const QByteArray& t = chunk.text;
    const auto* b = reinterpret_cast<const unsigned char*>(t.constData());
    const qsizetype n = t.size();
    auto fail = [&](const char* problem, qsizetype at) {
        error.message = QStringLiteral("yaml: ") + QLatin1String(problem);
        const QByteArray before = t.left(at);
        const int line = int(before.count('\n'));
        error.pos = {chunk.firstLine + line, int(at - (before.lastIndexOf('\n') + 1)) + 1};
        return false;
    };
    for (qsizetype i = 0; i < n;) {
        const unsigned char o = b[i];
        int width = (o & 0x80) == 0x00 ? 1
            : (o & 0xE0) == 0xC0       ? 2
            : (o & 0xF0) == 0xE0       ? 3
            : (o & 0xF8) == 0xF0       ? 4
                                       : 0;
        if (!width)
            return fail("invalid leading UTF-8 octet", i);
        if (i + width > n)
            return fail("incomplete UTF-8 octet sequence", i);
        uint value = width == 1 ? o : width == 2 ? o & 0x1F : width == 3 ? o & 0x0F : o & 0x07;
        for (int k = 1; k < width; ++k) {
            if ((b[i + k] & 0xC0) != 0x80)
                return fail("invalid trailing UTF-8 octet", i + k);
            value = (value << 6) + (b[i + k] & 0x3F);
        }
        if (!(width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800)
                || (width == 4 && value >= 0x10000)))
            return fail("invalid length of a UTF-8 sequence", i);
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
            return fail("invalid Unicode character", i);
        const bool printable = value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value <= 0x7E)
            || value == 0x85 || (value >= 0xA0 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD)
            || (value >= 0x10000 && value <= 0x10FFFF);
        if (!printable)
            return fail("control characters are not allowed", i);
        i += width;
    }
    return true;
}
} // namespace

bool yamlToJson(const YamlChunk& chunk, QJsonValue& out, SourceMap* map, YamlError& error)
{
    out = QJsonValue(QJsonValue::Null);
    if (!checkYamlCharacters(chunk, error))
        return false;
    // go-yaml's scanner and parser decide whether the document is YAML, and with which error it is
    // not; its line numbers count from the start of the document (kubectl hands each document
    // its YAMLReader cut to sigs.k8s.io/yaml on its own). The position is where go-yaml stopped or,
    // when that is the end of the document, what it was reading (an unclosed quote or bracket).
    goyaml::SyntaxError syntax;
    if (!goyaml::check(chunk.text, syntax)) {
        error.message = syntax.message;
        const bool atEnd = syntax.problem.index >= QString::fromUtf8(chunk.text).toUcs4().size();
        const goyaml::Mark& at = atEnd && syntax.hasContext ? syntax.context : syntax.problem;
        error.pos = {chunk.firstLine + at.line, at.column + 1};
        return false;
    }
    YAML::Node root;
    try {
        root = YAML::Load(chunk.text.toStdString());
    } catch (const YAML::ParserException& e) {
        // go-yaml accepted what yaml-cpp refuses (yaml-cpp's depth limit is lower than go-yaml's).
        translateParserError(e, chunk, error);
        return false;
    } catch (const YAML::Exception& e) {
        error.message = QStringLiteral("yaml: ") + QString::fromStdString(e.msg);
        error.pos = {};
        return false;
    }
    Converter conv {chunk, map};
    out = conv.convert(root, QString());
    return true;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

bool goYamlKeyLess(const QString& a, const QString& b)
{
    // go-yaml v2 sorter.go keyList.Less for string keys.
    const QList<uint> ar = a.toUcs4(), br = b.toUcs4();
    bool digits = false;
    for (int i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i]) {
            digits = QChar::isDigit(ar[i]);
            continue;
        }
        const bool al = QChar::isLetter(ar[i]);
        const bool bl = QChar::isLetter(br[i]);
        if (al && bl)
            return ar[i] < br[i];
        if (al || bl)
            return digits ? al : bl;
        qint64 an = 0, bn = 0;
        int ai = i, bi = i;
        if (ar[i] == '0' || br[i] == '0') {
            for (int j = i - 1; j >= 0 && QChar::isDigit(ar[j]); --j) {
                if (ar[j] != '0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        for (; ai < ar.size() && QChar::isDigit(ar[ai]); ++ai)
            an = an * 10 + (ar[ai] - '0');
        for (; bi < br.size() && QChar::isDigit(br[bi]); ++bi)
            bn = bn * 10 + (br[bi] - '0');
        if (an != bn)
            return an < bn;
        if (ai != bi)
            return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

namespace {

bool isPrintable(uint c)
{
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
}

bool isBreak(uint c)
{
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

struct ScalarAnalysis
{
    bool multiline = false;
    bool blockPlainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = true;
};

// go-yaml emitterc.go yaml_emitter_analyze_scalar (block context only).
ScalarAnalysis analyze(const QList<uint>& v)
{
    ScalarAnalysis r;
    if (v.isEmpty()) {
        r.blockAllowed = false;
        return r;
    }
    bool blockIndicators = false, specialCharacters = false, lineBreaks = false;
    bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
    if (v.size() >= 3 && ((v[0] == '-' && v[1] == '-' && v[2] == '-') || (v[0] == '.' && v[1] == '.' && v[2] == '.')))
        blockIndicators = true;
    bool precededByWhitespace = true;
    const int n = v.size();
    for (int i = 0; i < n; ++i) {
        const uint c = v[i];
        const bool followedByWhitespace = i + 1 >= n || v[i + 1] == ' ' || v[i + 1] == '\t' || isBreak(v[i + 1]);
        if (i == 0) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
                blockIndicators = true;
                break;
            case '?':
            case ':':
            case '-':
                if (followedByWhitespace)
                    blockIndicators = true;
                break;
            default:
                break;
            }
        } else {
            if (c == ':' && followedByWhitespace)
                blockIndicators = true;
            if (c == '#' && precededByWhitespace)
                blockIndicators = true;
        }
        if (!isPrintable(c))
            specialCharacters = true;
        if (c == ' ') {
            if (i == 0)
                leadingSpace = true;
            if (i == n - 1)
                trailingSpace = true;
            if (previousBreak)
                breakSpace = true;
            previousSpace = true;
            previousBreak = false;
        } else if (isBreak(c)) {
            lineBreaks = true;
            if (i == 0)
                leadingBreak = true;
            if (i == n - 1)
                trailingBreak = true;
            if (previousSpace)
                spaceBreak = true;
            previousSpace = false;
            previousBreak = true;
        } else {
            previousSpace = false;
            previousBreak = false;
        }
        precededByWhitespace = c == ' ' || c == '\t' || isBreak(c);
    }
    r.multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        r.blockPlainAllowed = false;
    if (trailingSpace)
        r.blockAllowed = false;
    if (breakSpace) {
        r.blockPlainAllowed = false;
        r.singleQuotedAllowed = false;
    }
    if (spaceBreak || specialCharacters) {
        r.blockPlainAllowed = false;
        r.singleQuotedAllowed = false;
        r.blockAllowed = false;
    }
    if (lineBreaks)
        r.blockPlainAllowed = false;
    if (blockIndicators)
        r.blockPlainAllowed = false;
    return r;
}

// go-yaml v2 resolve.go parseTimestamp: a plain scalar that parses as a timestamp resolves to
// !!timestamp, so the emitter quotes such strings ("2026-01-01T10:00:00Z").
bool isYamlTimestamp(const QString& s)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))"
        "|(?: (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.\\d+)?))?$"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        return false;
    const int month = m.captured(2).toInt();
    const int day = m.captured(3).toInt();
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

QString goFloat(double d)
{
    if (std::isinf(d))
        return d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    if (std::isnan(d))
        return QStringLiteral(".nan");
    if (d == std::floor(d) && std::fabs(d) < 1e15)
        return QString::number(static_cast<qint64>(d));
    // strconv.FormatFloat(f, 'g', -1, 64)
    QString s = QString::number(d, 'g', QLocale::FloatingPointShortest);
    const int e = s.indexOf(QLatin1Char('e'));
    if (e >= 0) {
        QString mant = s.left(e);
        QString exp = s.mid(e + 1);
        QChar sign = QLatin1Char('+');
        if (exp.startsWith(QLatin1Char('-')) || exp.startsWith(QLatin1Char('+'))) {
            sign = exp.at(0);
            exp = exp.mid(1);
        }
        while (exp.size() > 2 && exp.startsWith(QLatin1Char('0')))
            exp = exp.mid(1);
        if (exp.size() < 2)
            exp.prepend(QLatin1Char('0'));
        s = mant + QLatin1Char('e') + sign + exp;
    }
    return s;
}

class YamlEmitter
{
public:
    QString out;
    int column = 0;
    bool whitespace = true; // last written character is whitespace (or start of line)

    void put(const QString& s)
    {
        out += s;
        column += s.size();
        whitespace = !s.isEmpty() && (s.back() == QLatin1Char(' ') || s.back() == QLatin1Char('\n'));
    }
    void putCode(uint c)
    {
        out += QString::fromUcs4(reinterpret_cast<const char32_t*>(&c), 1);
        column += 1;
        whitespace = c == ' ';
    }
    void newline()
    {
        out += QLatin1Char('\n');
        column = 0;
        whitespace = true;
    }
    void indentTo(int indent)
    {
        if (column > indent || (column == indent && column > 0 && !whitespace))
            newline();
        while (column < indent)
            put(QStringLiteral(" "));
    }

    enum class Style { Plain, Single, Double, Literal };

    Style selectStyle(const QString& s, bool simpleKey) const
    {
        const QList<uint> v = s.toUcs4();
        const ScalarAnalysis a = analyze(v);
        const QJsonValue resolved = resolvePlainScalar(s);
        const bool canUsePlain = resolved.isString() && !base60Float().match(s).hasMatch() && !isYamlTimestamp(s);
        Style style = s.contains(QLatin1Char('\n')) ? Style::Literal : (canUsePlain ? Style::Plain : Style::Double);
        if (style == Style::Literal) {
            if (!a.blockAllowed || simpleKey)
                style = Style::Double;
        }
        if (style == Style::Plain) {
            if (!a.blockPlainAllowed)
                style = Style::Single;
            if (s.isEmpty() && simpleKey)
                style = Style::Single;
        }
        if (style == Style::Single && !a.singleQuotedAllowed)
            style = Style::Double;
        return style;
    }

    /// Writes a string scalar; `indent` is the continuation indentation for folded lines.
    void writeString(const QString& s, bool simpleKey, int indent)
    {
        const bool allowBreaks = !simpleKey;
        const QList<uint> v = s.toUcs4();
        const int n = v.size();
        const int bestWidth = 80;
        switch (selectStyle(s, simpleKey)) {
        case Style::Plain: {
            if (!whitespace)
                put(QStringLiteral(" "));
            bool spaces = false;
            for (int i = 0; i < n; ++i) {
                if (v[i] == ' ') {
                    if (allowBreaks && !spaces && column > bestWidth && !(i + 1 < n && v[i + 1] == ' ')) {
                        newline();
                        indentTo(indent);
                    } else {
                        putCode(v[i]);
                    }
                    spaces = true;
                } else {
                    putCode(v[i]);
                    spaces = false;
                }
            }
            whitespace = false;
            return;
        }
        case Style::Single: {
            if (!whitespace)
                put(QStringLiteral(" "));
            put(QStringLiteral("'"));
            bool spaces = false;
            for (int i = 0; i < n; ++i) {
                if (v[i] == ' ') {
                    if (allowBreaks && !spaces && column > bestWidth && i > 0 && i < n - 1
                        && !(i + 1 < n && v[i + 1] == ' ')) {
                        newline();
                        indentTo(indent);
                    } else {
                        putCode(v[i]);
                    }
                    spaces = true;
                } else {
                    if (v[i] == '\'')
                        putCode('\'');
                    putCode(v[i]);
                    spaces = false;
                }
            }
            put(QStringLiteral("'"));
            whitespace = false;
            return;
        }
        case Style::Double: {
            if (!whitespace)
                put(QStringLiteral(" "));
            put(QStringLiteral("\""));
            bool spaces = false;
            for (int i = 0; i < n; ++i) {
                const uint c = v[i];
                if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                    put(QStringLiteral("\\"));
                    switch (c) {
                    case 0x00:
                        put(QStringLiteral("0"));
                        break;
                    case 0x07:
                        put(QStringLiteral("a"));
                        break;
                    case 0x08:
                        put(QStringLiteral("b"));
                        break;
                    case 0x09:
                        put(QStringLiteral("t"));
                        break;
                    case 0x0A:
                        put(QStringLiteral("n"));
                        break;
                    case 0x0B:
                        put(QStringLiteral("v"));
                        break;
                    case 0x0C:
                        put(QStringLiteral("f"));
                        break;
                    case 0x0D:
                        put(QStringLiteral("r"));
                        break;
                    case 0x1B:
                        put(QStringLiteral("e"));
                        break;
                    case 0x22:
                        put(QStringLiteral("\""));
                        break;
                    case 0x5C:
                        put(QStringLiteral("\\"));
                        break;
                    case 0x85:
                        put(QStringLiteral("N"));
                        break;
                    case 0xA0:
                        put(QStringLiteral("_"));
                        break;
                    case 0x2028:
                        put(QStringLiteral("L"));
                        break;
                    case 0x2029:
                        put(QStringLiteral("P"));
                        break;
                    default:
                        if (c <= 0xFF)
                            put(QStringLiteral("x%1").arg(c, 2, 16, QLatin1Char('0')).toUpper());
                        else if (c <= 0xFFFF)
                            put(QStringLiteral("u%1").arg(c, 4, 16, QLatin1Char('0')).toUpper());
                        else
                            put(QStringLiteral("U%1").arg(c, 8, 16, QLatin1Char('0')).toUpper());
                    }
                    spaces = false;
                } else if (c == ' ') {
                    if (allowBreaks && !spaces && column > bestWidth && i != 0 && i != n - 1) {
                        newline();
                        indentTo(indent);
                        if (i + 1 < n && v[i + 1] == ' ')
                            put(QStringLiteral("\\"));
                    } else {
                        putCode(c);
                    }
                    spaces = true;
                } else {
                    putCode(c);
                    spaces = false;
                }
            }
            put(QStringLiteral("\""));
            whitespace = false;
            return;
        }
        case Style::Literal: {
            if (!whitespace)
                put(QStringLiteral(" "));
            QString hints = QStringLiteral("|");
            if (v[0] == ' ' || isBreak(v[0]))
                hints += QLatin1Char('2');
            if (!isBreak(v[n - 1]))
                hints += QLatin1Char('-');
            else if (n == 1 || isBreak(v[n - 2]))
                hints += QLatin1Char('+');
            put(hints);
            newline();
            bool breaks = true;
            for (int i = 0; i < n; ++i) {
                if (isBreak(v[i])) {
                    newline();
                    breaks = true;
                } else {
                    if (breaks)
                        indentTo(indent);
                    putCode(v[i]);
                    breaks = false;
                }
            }
            // The next key starts on a fresh line.
            whitespace = true;
            return;
        }
        }
    }

    void writeScalar(const QJsonValue& v, int indent)
    {
        switch (v.type()) {
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            put(whitespace ? QStringLiteral("null") : QStringLiteral(" null"));
            break;
        case QJsonValue::Bool:
            put((whitespace ? QString() : QStringLiteral(" "))
                + (v.toBool() ? QStringLiteral("true") : QStringLiteral("false")));
            break;
        case QJsonValue::Double:
            put((whitespace ? QString() : QStringLiteral(" ")) + goFloat(v.toDouble()));
            break;
        case QJsonValue::String:
            writeString(v.toString(), false, indent);
            break;
        default:
            break;
        }
        whitespace = false;
    }

    static bool isEmptyCollection(const QJsonValue& v)
    {
        return (v.isObject() && v.toObject().isEmpty()) || (v.isArray() && v.toArray().isEmpty());
    }

    /// A mapping whose keys start at column `indent`; the cursor is already positioned for the first key.
    void writeMapping(const QJsonObject& o, int indent)
    {
        QStringList keys = o.keys();
        std::sort(keys.begin(), keys.end(), goYamlKeyLess);
        bool first = true;
        for (const QString& key : keys) {
            if (!first) {
                if (column != 0)
                    newline();
                indentTo(indent);
            }
            first = false;
            writeString(key, true, indent + 2);
            put(QStringLiteral(":"));
            writeNodeAfterIndicator(o.value(key), indent, true);
        }
    }

    /// A sequence whose dashes are at column `indent`.
    void writeSequence(const QJsonArray& a, int indent)
    {
        bool first = true;
        for (const QJsonValue& item : a) {
            if (!first) {
                if (column != 0)
                    newline();
                indentTo(indent);
            }
            first = false;
            put(QStringLiteral("-"));
            writeNodeAfterIndicator(item, indent, false);
        }
    }

    /// Writes the node after "key:" (mapping) or "-" (sequence) at indentation `indent`.
    void writeNodeAfterIndicator(const QJsonValue& v, int indent, bool inMapping)
    {
        if (isEmptyCollection(v)) {
            put(v.isObject() ? QStringLiteral(" {}") : QStringLiteral(" []"));
            whitespace = false;
        } else if (v.isObject()) {
            if (inMapping) {
                newline();
                indentTo(indent + 2);
            } else {
                put(QStringLiteral(" "));
            }
            writeMapping(v.toObject(), indent + 2);
        } else if (v.isArray()) {
            if (inMapping) {
                newline();
                indentTo(indent);
                writeSequence(v.toArray(), indent);
            } else {
                put(QStringLiteral(" "));
                writeSequence(v.toArray(), indent + 2);
            }
        } else {
            writeScalar(v, indent + 2);
        }
    }
};

void writeJsonString(QByteArray& out, const QString& s)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < utf8.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(utf8.at(i));
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '<':
        case '>':
        case '&':
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else if (c == 0xE2 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8.at(i + 1)) == 0x80
                && (static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8
                    || static_cast<unsigned char>(utf8.at(i + 2)) == 0xA9)) {
                out += static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

QByteArray goJsonNumber(double d)
{
    // Integers up to 2^53 are their own shortest form (and a cast is defined for them: one
    // above 2^63 is not); above, encoding/json writes the shortest digits that round-trip,
    // padded with zeros ('f' below 1e21), not the double's exact value.
    if (d == std::floor(d) && std::fabs(d) <= 9007199254740992.0)
        return QByteArray::number(static_cast<qint64>(d));
    // encoding/json floatEncoder: 'f' for 1e-6 <= |f| < 1e21, else 'e' with a trimmed exponent.
    const double a = std::fabs(d);
    if (a < 1e-6 || a >= 1e21) {
        QByteArray s = QByteArray::number(d, 'e', QLocale::FloatingPointShortest);
        const int n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
            s.remove(n - 2, 1);
        return s;
    }
    return QString::number(d, 'f', QLocale::FloatingPointShortest).toUtf8();
}

/// A string, number, bool or null as encoding/json writes it.
void writeJsonScalar(QByteArray& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        writeJsonString(out, v.toString());
        return;
    case QJsonValue::Double:
        out += goJsonNumber(v.toDouble());
        return;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    default:
        out += "null";
        return;
    }
}

void writeJson(
    QByteArray& out, const QJsonValue& v, int depth, const JsonFieldOrder* order = nullptr, const QString& path = {})
{
    const QByteArray pad(4 * (depth + 1), ' ');
    const QByteArray closePad(4 * depth, ' ');
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        if (o.isEmpty()) {
            out += "{}";
            return;
        }
        // A struct's fields in their declared order, a map's keys (and unknown fields) sorted.
        QStringList keys;
        if (order) {
            if (const QStringList* fields = (*order)(path)) {
                for (const QString& f : *fields)
                    if (o.contains(f))
                        keys << f;
            }
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!keys.contains(it.key()))
                keys << it.key();
        out += "{\n";
        bool first = true;
        for (const QString& key : keys) {
            if (!first)
                out += ",\n";
            first = false;
            out += pad;
            writeJsonString(out, key);
            out += ": ";
            writeJson(out, o.value(key), depth + 1, order, path.isEmpty() ? key : path + QLatin1Char('.') + key);
        }
        out += '\n' + closePad + '}';
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        if (a.isEmpty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        bool first = true;
        for (const QJsonValue& item : a) {
            if (!first)
                out += ",\n";
            first = false;
            out += pad;
            writeJson(out, item, depth + 1, order, path); // an element has its list's path
        }
        out += '\n' + closePad + ']';
        return;
    }
    default:
        writeJsonScalar(out, v);
        return;
    }
}

void writeGoJson(QByteArray& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out += '{';
        for (auto it = o.begin(); it != o.end(); ++it) { // QJsonObject keeps its keys sorted
            if (it != o.begin())
                out += ',';
            writeJsonString(out, it.key());
            out += ':';
            writeGoJson(out, it.value());
        }
        out += '}';
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        out += '[';
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i > 0)
                out += ',';
            writeGoJson(out, a.at(i));
        }
        out += ']';
        return;
    }
    default:
        writeJsonScalar(out, v);
        return;
    }
}

} // namespace

QByteArray toGoJson(const QJsonValue& v)
{
    QByteArray out;
    writeGoJson(out, v);
    return out;
}

QByteArray toKubectlYaml(const QJsonValue& v)
{
    YamlEmitter e;
    if (YamlEmitter::isEmptyCollection(v)) {
        e.put(v.isObject() ? QStringLiteral("{}") : QStringLiteral("[]"));
    } else if (v.isObject()) {
        e.writeMapping(v.toObject(), 0);
    } else if (v.isArray()) {
        e.writeSequence(v.toArray(), 0);
    } else {
        e.writeScalar(v, 2);
    }
    if (e.column != 0)
        e.newline();
    return e.out.toUtf8();
}

QByteArray toKubectlJson(const QJsonValue& v)
{
    QByteArray out;
    writeJson(out, v, 0);
    out += '\n';
    return out;
}

QByteArray toKubectlJson(const QJsonValue& v, const JsonFieldOrder& order)
{
    QByteArray out;
    writeJson(out, v, 0, &order);
    out += '\n';
    return out;
}

} // namespace rl
