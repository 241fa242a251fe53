#include "kubectl/jsonpath.h"

#include "kubectl/patch.h"
#include "manifest/yamljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

// Port of k8s.io/client-go/util/jsonpath (parser.go, node.go, jsonpath.go) and the comparison
// functions of k8s.io/client-go/third_party/forked/golang/template (funcs.go), as kubectl 1.32 runs
// them through k8s.io/cli-runtime/pkg/printers/jsonpath.go. Map iteration (wildcard, `..`) is in key
// order where Go's is random.

namespace rl {

struct JsonPath::Node
{
    enum class Type { List, Text, Field, Array, Filter, Int, Float, Bool, Wildcard, Recursive, Union, Identifier };
    struct Param
    {
        bool known = false;
        qint64 value = 0;
        bool derived = false;
    };
    Type type = Type::List;
    QString text; // Text, Field, Identifier; Filter: the operator
    qint64 intValue = 0;
    double floatValue = 0;
    bool boolValue = false;
    Param params[3];
    std::vector<Node> nodes; // List: children; Union: lists; Filter: left, right
};

/// A reflect.Value as the Go engine sees it.
struct JsonPath::Value
{
    enum class Kind { Map, Slice, String, Int, Int64, Float64, Bool, Nil, Uint8 };
    Kind kind = Kind::Nil;
    QJsonValue json; // Map, Slice, String, Bool
    qint64 i = 0;
    double f = 0;

    static Value of(const QJsonValue& v, NumberStyle style)
    {
        Value r;
        r.json = v;
        switch (v.type()) {
        case QJsonValue::Object:
            r.kind = Kind::Map;
            break;
        case QJsonValue::Array:
            r.kind = Kind::Slice;
            break;
        case QJsonValue::String:
            r.kind = Kind::String;
            break;
        case QJsonValue::Bool:
            r.kind = Kind::Bool;
            break;
        case QJsonValue::Double: {
            const double d = v.toDouble();
            if (style == NumberStyle::Unstructured && std::floor(d) == d && std::abs(d) < 9.2e18) {
                r.kind = Kind::Int64;
                r.i = static_cast<qint64>(d);
            } else {
                r.kind = Kind::Float64;
                r.f = d;
            }
            break;
        }
        default:
            r.kind = Kind::Nil;
        }
        return r;
    }
    static Value text(const QString& s)
    {
        Value r;
        r.kind = Kind::String;
        r.json = s;
        return r;
    }
    bool isNumberInt() const { return kind == Kind::Int || kind == Kind::Int64 || kind == Kind::Uint8; }
    QString typeName() const
    {
        switch (kind) {
        case Kind::Map:
            return QStringLiteral("map[string]interface {}");
        case Kind::Slice:
            return QStringLiteral("[]interface {}");
        case Kind::String:
            return QStringLiteral("string");
        case Kind::Int:
            return QStringLiteral("int");
        case Kind::Int64:
            return QStringLiteral("int64");
        case Kind::Float64:
            return QStringLiteral("float64");
        case Kind::Bool:
            return QStringLiteral("bool");
        case Kind::Uint8:
            return QStringLiteral("uint8");
        case Kind::Nil:
            break;
        }
        return QStringLiteral("<nil>");
    }
    QJsonValue toJson() const
    {
        switch (kind) {
        case Kind::Int:
        case Kind::Int64:
        case Kind::Uint8:
            return QJsonValue(static_cast<double>(i));
        case Kind::Float64:
            return QJsonValue(f);
        case Kind::Nil:
            return QJsonValue(QJsonValue::Null);
        default:
            return json;
        }
    }
    /// Children for wildcard and recursive descent.
    std::vector<Value> children(NumberStyle style) const
    {
        std::vector<Value> out;
        if (kind == Kind::Map) {
            const QJsonObject o = json.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                out.push_back(of(it.value(), style));
        } else if (kind == Kind::Slice) {
            for (const auto& e : json.toArray())
                out.push_back(of(e, style));
        } else if (kind == Kind::String) {
            for (char c : json.toString().toUtf8()) {
                Value b;
                b.kind = Kind::Uint8;
                b.i = static_cast<unsigned char>(c);
                out.push_back(b);
            }
        }
        return out;
    }
};

namespace {

using Node = JsonPath::Node;
using NT = JsonPath::Node::Type;
constexpr int kEof = -1;

bool isTerminator(int r)
{
    switch (r) {
    case kEof:
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '.':
    case ',':
    case '[':
    case ']':
    case '$':
    case '@':
    case '{':
    case '}':
        return true;
    default:
        return false;
    }
}

bool isAlphaNumeric(int r)
{
    return r == '_' || (r >= 0 && (QChar(r).isLetter() || QChar(r).isDigit()));
}

/// strconv.Unquote extended to single quotes (UnquoteExtend); false on a syntax error.
bool unquoteExtend(const QString& s, QString& out)
{
    const int n = s.size();
    if (n < 2 || s.front() != s.back() || (s.front() != QLatin1Char('"') && s.front() != QLatin1Char('\'')))
        return false;
    const QChar quote = s.front();
    const QString body = s.mid(1, n - 2);
    out.clear();
    for (int i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c == quote)
            return false;
        if (c != QLatin1Char('\\')) {
            out += c;
            continue;
        }
        if (++i >= body.size())
            return false;
        const QChar e = body[i];
        auto hex = [&](int digits) {
            if (i + digits >= body.size())
                return false;
            bool ok = false;
            const uint v = body.mid(i + 1, digits).toUInt(&ok, 16);
            if (!ok || body.mid(i + 1, digits).size() != digits)
                return false;
            out += digits == 2 ? QString(QChar(v)) : QString::fromUcs4(reinterpret_cast<const char32_t*>(&v), 1);
            i += digits;
            return true;
        };
        switch (e.unicode()) {
        case 'a':
            out += QChar(7);
            break;
        case 'b':
            out += QChar(8);
            break;
        case 'f':
            out += QChar(12);
            break;
        case 'n':
            out += QLatin1Char('\n');
            break;
        case 'r':
            out += QLatin1Char('\r');
            break;
        case 't':
            out += QLatin1Char('\t');
            break;
        case 'v':
            out += QChar(11);
            break;
        case '\\':
            out += QLatin1Char('\\');
            break;
        case 'x':
            if (!hex(2))
                return false;
            break;
        case 'u':
            if (!hex(4))
                return false;
            break;
        case 'U':
            if (!hex(8))
                return false;
            break;
        case '\'':
        case '"':
            if (e != quote)
                return false;
            out += e;
            break;
        default:
            return false;
        }
    }
    return true;
}

class Parser
{
public:
    bool parse(const QString& text, Node& root)
    {
        m_in = text;
        root = Node {};
        root.type = NT::List;
        m_pos = 0;
        m_start = 0;
        return parseText(root);
    }
    QString error() const { return m_error; }

private:
    int next()
    {
        if (m_pos >= m_in.size()) {
            m_width = 0;
            return kEof;
        }
        m_width = 1;
        return m_in[m_pos++].unicode();
    }
    int peek()
    {
        const int r = next();
        backup();
        return r;
    }
    void backup() { m_pos -= m_width; }
    QString consumeText()
    {
        const QString v = m_in.mid(m_start, m_pos - m_start);
        m_start = m_pos;
        return v;
    }
    bool at(const char* prefix) const { return QStringView(m_in).mid(m_pos).startsWith(QLatin1String(prefix)); }
    bool fail(const QString& e)
    {
        m_error = e;
        return false;
    }
    static Node make(NT t, const QString& text = {})
    {
        Node n;
        n.type = t;
        n.text = text;
        return n;
    }

    bool parseText(Node& root)
    {
        while (true) {
            bool action = false;
            while (true) {
                if (at("{")) {
                    action = true;
                    break;
                }
                if (next() == kEof)
                    break;
            }
            if (m_pos > m_start)
                root.nodes.push_back(make(NT::Text, consumeText()));
            if (!action)
                return true;
            m_pos += 1;
            consumeText();
            root.nodes.push_back(make(NT::List));
            if (!parseInsideAction(root.nodes.back()))
                return false;
        }
    }

    bool parseInsideAction(Node& cur)
    {
        while (true) {
            if (at("}")) {
                m_pos += 1;
                consumeText();
                return true;
            }
            if (at("[?(")) {
                if (!parseFilter(cur))
                    return false;
                continue;
            }
            if (at("..")) {
                if (!cur.nodes.empty() && cur.nodes.back().type == NT::Recursive)
                    return fail(QStringLiteral("invalid multiple recursive descent"));
                m_pos += 2;
                consumeText();
                cur.nodes.push_back(make(NT::Recursive));
                if (isAlphaNumeric(peek()))
                    parseField(cur);
                continue;
            }
            const int r = next();
            if (r == kEof || r == '\r' || r == '\n')
                return fail(QStringLiteral("unclosed action"));
            if (r == ' ' || r == '@' || r == '$') {
                consumeText();
            } else if (r == '[') {
                if (!parseArray(cur))
                    return false;
            } else if (r == '"' || r == '\'') {
                if (!parseQuote(cur, r))
                    return false;
            } else if (r == '.') {
                parseField(cur);
            } else if (r == '+' || r == '-' || QChar(r).isDigit()) {
                backup();
                if (!parseNumber(cur))
                    return false;
            } else if (isAlphaNumeric(r)) {
                backup();
                parseIdentifier(cur);
            } else {
                return fail(
                    QStringLiteral("unrecognized character in action: U+%1 '%2'")
                        .arg(QString::number(r, 16).toUpper().rightJustified(4, QLatin1Char('0')), QString(QChar(r))));
            }
        }
    }

    void parseIdentifier(Node& cur)
    {
        while (true) {
            if (isTerminator(next())) {
                backup();
                break;
            }
        }
        const QString value = consumeText();
        if (value == QLatin1String("true") || value == QLatin1String("false")) {
            Node n = make(NT::Bool);
            n.boolValue = value == QLatin1String("true");
            cur.nodes.push_back(n);
        } else {
            cur.nodes.push_back(make(NT::Identifier, value));
        }
    }

    bool parseNumber(Node& cur)
    {
        int r = peek();
        if (r == '+' || r == '-')
            next();
        while (true) {
            r = next();
            if (r != '.' && !(r >= 0 && QChar(r).isDigit())) {
                backup();
                break;
            }
        }
        const QString value = consumeText();
        bool ok = false;
        const qint64 i = value.toLongLong(&ok);
        if (ok) {
            Node n = make(NT::Int);
            n.intValue = i;
            cur.nodes.push_back(n);
            return true;
        }
        const double d = value.toDouble(&ok);
        if (ok) {
            Node n = make(NT::Float);
            n.floatValue = d;
            cur.nodes.push_back(n);
            return true;
        }
        return fail(QStringLiteral("cannot parse number %1").arg(value));
    }

    /// parseAction: the expression parsed as "{" + text + "}", its first list.
    bool subParse(const QString& text, Node& out)
    {
        Parser p;
        Node root;
        if (!p.parse(QLatin1Char('{') + text + QLatin1Char('}'), root))
            return fail(p.error());
        out = root.nodes.empty() ? make(NT::List) : root.nodes.front();
        return true;
    }

    bool parseArray(Node& cur)
    {
        while (true) {
            const int r = next();
            if (r == kEof || r == '\n')
                return fail(QStringLiteral("unterminated array"));
            if (r == ']')
                break;
        }
        QString text = consumeText();
        text = text.mid(1, text.size() - 2);
        if (text == QLatin1String("*"))
            text = QStringLiteral(":");
        const QStringList strs = text.split(QLatin1Char(','));
        if (strs.size() > 1) {
            Node u = make(NT::Union);
            for (QString s : strs) {
                while (s.startsWith(QLatin1Char(' ')))
                    s.remove(0, 1);
                while (s.endsWith(QLatin1Char(' ')))
                    s.chop(1);
                Node l;
                if (!subParse(QLatin1Char('[') + s + QLatin1Char(']'), l))
                    return false;
                u.nodes.push_back(l);
            }
            cur.nodes.push_back(u);
            return true;
        }
        static const QRegularExpression dictKey(QStringLiteral("^'([^']*)'$"));
        const auto dm = dictKey.match(text);
        if (dm.hasMatch()) {
            Node l;
            if (!subParse(QLatin1Char('.') + dm.captured(1), l))
                return false;
            for (const Node& n : l.nodes)
                cur.nodes.push_back(n);
            return true;
        }
        static const QRegularExpression sliceRex(QStringLiteral("^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$"));
        const auto m = sliceRex.match(text);
        if (!m.hasMatch())
            return fail(QStringLiteral("invalid array index %1").arg(text));
        Node a = make(NT::Array);
        for (int i = 0; i < 3; ++i) {
            QString v = m.captured(i + 1);
            if (!v.isEmpty()) {
                if (i > 0)
                    v = v.mid(1);
                if (i > 0 && v.isEmpty()) {
                    a.params[i].known = false;
                } else {
                    bool ok = false;
                    a.params[i].known = true;
                    a.params[i].value = v.toLongLong(&ok);
                    if (!ok)
                        return fail(QStringLiteral("array index %1 is not a number").arg(v));
                }
            } else if (i == 1) {
                a.params[i].known = true;
                a.params[i].value = a.params[0].value + 1;
                a.params[i].derived = true;
            } else {
                a.params[i].known = false;
                a.params[i].value = 0;
            }
        }
        cur.nodes.push_back(a);
        return true;
    }

    bool parseFilter(Node& cur)
    {
        m_pos += 3;
        consumeText();
        bool begin = false;
        bool end = false;
        int pair = 0;
        while (true) {
            const int r = next();
            if (r == kEof || r == '\n')
                return fail(QStringLiteral("unterminated filter"));
            if (r == '"' || r == '\'') {
                if (!begin) {
                    begin = true;
                    pair = r;
                    continue;
                }
                if (m_in[m_pos - 2] != QLatin1Char('\\') && r == pair)
                    end = true;
            } else if (r == ')') {
                if (begin == end)
                    break;
            }
        }
        if (next() != ']')
            return fail(QStringLiteral("unclosed array expect ]"));
        QString text = consumeText();
        text.chop(2);
        static const QRegularExpression rex(QStringLiteral("^([^!<>=]+)([!<>=~]+)(.+?)$"));
        const auto m = rex.match(text);
        Node f = make(NT::Filter);
        Node left, right = make(NT::List);
        if (!m.hasMatch()) {
            if (!subParse(text, left))
                return false;
            f.text = QStringLiteral("exists");
        } else {
            if (!subParse(m.captured(1), left) || !subParse(m.captured(3), right))
                return false;
            f.text = m.captured(2);
        }
        f.nodes.push_back(left);
        f.nodes.push_back(right);
        cur.nodes.push_back(f);
        return true;
    }

    bool parseQuote(Node& cur, int endQuote)
    {
        while (true) {
            const int r = next();
            if (r == kEof || r == '\n')
                return fail(QStringLiteral("unterminated quoted string"));
            if (r == endQuote && m_in[m_pos - 2] != QLatin1Char('\\'))
                break;
        }
        const QString value = consumeText();
        QString s;
        if (!unquoteExtend(value, s))
            return fail(QStringLiteral("unquote string %1 error invalid syntax").arg(value));
        cur.nodes.push_back(make(NT::Text, s));
        return true;
    }

    void parseField(Node& cur)
    {
        consumeText();
        while (true) {
            const int r = next();
            if (r == '\\') {
                next();
            } else if (isTerminator(r)) {
                backup();
                break;
            }
        }
        const QString value = consumeText();
        if (value == QLatin1String("*"))
            cur.nodes.push_back(make(NT::Wildcard));
        else
            cur.nodes.push_back(make(NT::Field, QString(value).remove(QLatin1Char('\\'))));
    }

    QString m_in;
    int m_pos = 0;
    int m_start = 0;
    int m_width = 0;
    QString m_error;
};

} // namespace

struct JsonPath::State
{
    State(const JsonPath& j, const std::vector<Node>& r)
        : jp(j)
        , root(r)
    { }
    const JsonPath& jp;
    const std::vector<Node>& root;
    int beginRange = 0;
    int inRange = 0;
    int endRange = 0;
    int lastEndNode = -1;
    QString error;

    using Values = std::vector<Value>;

    bool fail(const QString& e)
    {
        error = e;
        return false;
    }

    bool findResults(const Value& data, int offset, std::vector<Values>& full)
    {
        const Values cur {data};
        const int n = static_cast<int>(root.size());
        for (int i = offset; i < n; ++i) {
            Values results;
            if (!walk(cur, root[i], results))
                return false;
            if (endRange > 0 && endRange <= inRange) {
                --endRange;
                lastEndNode = i;
                break;
            }
            if (beginRange > 0) {
                --beginRange;
                ++inRange;
                if (!results.empty()) {
                    for (const Value& v : results)
                        if (!findResults(v, i + 1, full))
                            return false;
                } else {
                    std::vector<Values> discard;
                    if (!findResults(Value {}, i + 1, discard))
                        return false;
                }
                --inRange;
                for (int k = i + 1; k < n; ++k)
                    if (k == lastEndNode) {
                        i = k;
                        break;
                    }
                continue;
            }
            full.push_back(results);
        }
        return true;
    }

    bool walk(const Values& input, const Node& node, Values& out)
    {
        out.clear();
        switch (node.type) {
        case NT::List: {
            Values cur = input;
            for (const Node& c : node.nodes) {
                Values next;
                if (!walk(cur, c, next))
                    return false;
                cur.swap(next);
            }
            out = cur;
            return true;
        }
        case NT::Text:
            out.push_back(Value::text(node.text));
            return true;
        case NT::Field:
            return evalField(input, node, out);
        case NT::Array:
            return evalArray(input, node, out);
        case NT::Filter:
            return evalFilter(input, node, out);
        case NT::Int:
            for (size_t k = 0; k < input.size(); ++k) {
                Value v;
                v.kind = Value::Kind::Int;
                v.i = node.intValue;
                out.push_back(v);
            }
            return true;
        case NT::Float:
            for (size_t k = 0; k < input.size(); ++k) {
                Value v;
                v.kind = Value::Kind::Float64;
                v.f = node.floatValue;
                out.push_back(v);
            }
            return true;
        case NT::Bool:
            for (size_t k = 0; k < input.size(); ++k) {
                Value v;
                v.kind = Value::Kind::Bool;
                v.json = node.boolValue;
                out.push_back(v);
            }
            return true;
        case NT::Wildcard:
            for (const Value& v : input)
                for (const Value& c : v.children(jp.m_numberStyle))
                    out.push_back(c);
            return true;
        case NT::Recursive:
            recursive(input, out);
            return true;
        case NT::Union:
            for (const Node& l : node.nodes) {
                Values temp;
                if (!walk(input, l, temp))
                    return false;
                out.insert(out.end(), temp.begin(), temp.end());
            }
            return true;
        case NT::Identifier:
            if (node.text == QLatin1String("range")) {
                ++beginRange;
                out = input;
                return true;
            }
            if (node.text == QLatin1String("end")) {
                if (inRange > 0) {
                    ++endRange;
                    return true;
                }
                return fail(QStringLiteral("not in range, nothing to end"));
            }
            return fail(QStringLiteral("unrecognized identifier %1").arg(node.text));
        }
        return true;
    }

    bool evalField(const Values& input, const Node& node, Values& out)
    {
        if (input.empty())
            return true;
        for (const Value& v : input) {
            if (v.kind == Value::Kind::Nil)
                continue;
            if (v.kind == Value::Kind::Map) {
                const QJsonObject o = v.json.toObject();
                const auto it = o.constFind(node.text);
                if (it != o.constEnd())
                    out.push_back(Value::of(it.value(), jp.m_numberStyle));
            }
        }
        if (out.empty() && !jp.m_allowMissingKeys)
            return fail(QStringLiteral("%1 is not found").arg(node.text));
        return true;
    }

    bool evalArray(const Values& input, const Node& node, Values& out)
    {
        for (const Value& v : input) {
            if (v.kind == Value::Kind::Nil)
                continue;
            if (v.kind != Value::Kind::Slice)
                return fail(QStringLiteral("%1 is not array or slice").arg(v.typeName()));
            const QJsonArray arr = v.json.toArray();
            const qint64 len = arr.size();
            Node::Param p[3] = {node.params[0], node.params[1], node.params[2]};
            if (!p[0].known)
                p[0].value = 0;
            if (p[0].value < 0)
                p[0].value += len;
            if (!p[1].known)
                p[1].value = len;
            if (p[1].value < 0 || (p[1].value == 0 && p[1].derived))
                p[1].value += len;
            if (p[1].value == p[0].value)
                return true;
            if (p[0].value >= len || p[0].value < 0)
                return fail(QStringLiteral("array index out of bounds: index %1, length %2").arg(p[0].value).arg(len));
            if (p[1].value > len || p[1].value < 0)
                return fail(
                    QStringLiteral("array index out of bounds: index %1, length %2").arg(p[1].value - 1).arg(len));
            if (p[0].value > p[1].value)
                return fail(QStringLiteral("starting index %1 is greater than ending index %2")
                                .arg(p[0].value)
                                .arg(p[1].value));
            qint64 step = 1;
            if (p[2].known) {
                if (p[2].value <= 0)
                    return fail(QStringLiteral("step must be > 0"));
                step = p[2].value;
            }
            for (qint64 i = p[0].value; i < p[1].value; i += step)
                out.push_back(Value::of(arr.at(i), jp.m_numberStyle));
        }
        return true;
    }

    void recursive(const Values& input, Values& out)
    {
        for (const Value& v : input) {
            if (v.kind == Value::Kind::Nil)
                continue;
            const Values children = v.children(jp.m_numberStyle);
            if (children.empty())
                continue;
            out.push_back(v);
            Values sub;
            recursive(children, sub);
            out.insert(out.end(), sub.begin(), sub.end());
        }
    }

    enum class BasicKind { Bool, Int, Float, String, Invalid };
    static BasicKind basicKind(const Value& v)
    {
        switch (v.kind) {
        case Value::Kind::Bool:
            return BasicKind::Bool;
        case Value::Kind::Int:
        case Value::Kind::Int64:
            return BasicKind::Int;
        case Value::Kind::Uint8:
            return BasicKind::Int; // uint vs int compares as in funcs.go
        case Value::Kind::Float64:
            return BasicKind::Float;
        case Value::Kind::String:
            return BasicKind::String;
        default:
            return BasicKind::Invalid;
        }
    }

    /// funcs.go eq / lt: returns false and sets the error on bad types.
    bool compare(const Value& a, const Value& b, const QString& op, bool& pass)
    {
        const BasicKind ka = basicKind(a);
        const BasicKind kb = basicKind(b);
        if (ka == BasicKind::Invalid || kb == BasicKind::Invalid)
            return fail(QStringLiteral("invalid type for comparison"));
        if (ka != kb)
            return fail(QStringLiteral("incompatible types for comparison"));
        int cmp = 0;
        switch (ka) {
        case BasicKind::Bool:
            if (op != QLatin1String("==") && op != QLatin1String("!="))
                return fail(QStringLiteral("invalid type for comparison"));
            cmp = a.json.toBool() == b.json.toBool() ? 0 : 1;
            break;
        case BasicKind::Int:
            cmp = a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
            break;
        case BasicKind::Float:
            cmp = a.f < b.f ? -1 : (a.f > b.f ? 1 : 0);
            break;
        case BasicKind::String: {
            const QByteArray x = a.json.toString().toUtf8();
            const QByteArray y = b.json.toString().toUtf8();
            cmp = x < y ? -1 : (y < x ? 1 : 0);
            break;
        }
        case BasicKind::Invalid:
            break;
        }
        if (op == QLatin1String("=="))
            pass = cmp == 0;
        else if (op == QLatin1String("!="))
            pass = cmp != 0;
        else if (op == QLatin1String("<"))
            pass = cmp < 0;
        else if (op == QLatin1String(">"))
            pass = cmp > 0;
        else if (op == QLatin1String("<="))
            pass = cmp <= 0;
        else
            pass = cmp >= 0;
        return true;
    }

    bool evalFilter(const Values& input, const Node& node, Values& out)
    {
        static const QStringList ops {"<", ">", "==", "!=", "<=", ">="};
        for (const Value& v : input) {
            if (v.kind != Value::Kind::Slice)
                return fail(QStringLiteral("%1 is not array or slice and cannot be filtered")
                                .arg(v.kind == Value::Kind::Nil ? QStringLiteral("<invalid reflect.Value>")
                                                                : Patch::goFormat(v.toJson())));
            const QJsonArray arr = v.json.toArray();
            for (const auto& e : arr) {
                const Value item = Value::of(e, jp.m_numberStyle);
                Values lefts;
                const bool okLeft = walk({item}, node.nodes[0], lefts);
                if (node.text == QLatin1String("exists")) {
                    error.clear();
                    if (!lefts.empty())
                        out.push_back(item);
                    continue;
                }
                if (!okLeft)
                    return false;
                if (lefts.empty())
                    continue;
                if (lefts.size() > 1)
                    return fail(QStringLiteral("can only compare one element at a time"));
                Values rights;
                if (!walk({item}, node.nodes[1], rights))
                    return false;
                if (rights.empty())
                    continue;
                if (rights.size() > 1)
                    return fail(QStringLiteral("can only compare one element at a time"));
                if (!ops.contains(node.text))
                    return fail(QStringLiteral("unrecognized filter operator %1").arg(node.text));
                bool pass = false;
                if (!compare(lefts[0], rights[0], node.text, pass))
                    return false;
                if (pass)
                    out.push_back(item);
            }
        }
        return true;
    }
};

namespace {

/// json.MarshalIndent(v, "", "    ").
QString indentJson(const QJsonValue& v, const QString& indent)
{
    const QString inner = indent + QStringLiteral("    ");
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.isEmpty())
            return QStringLiteral("{}");
        QStringList parts;
        for (auto it = o.begin(); it != o.end(); ++it)
            parts << inner + QString::fromUtf8(toGoJson(it.key())) + QStringLiteral(": ")
                    + indentJson(it.value(), inner);
        return QStringLiteral("{\n") + parts.join(QStringLiteral(",\n")) + QLatin1Char('\n') + indent
            + QLatin1Char('}');
    }
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        if (a.isEmpty())
            return QStringLiteral("[]");
        QStringList parts;
        for (const auto& e : a)
            parts << inner + indentJson(e, inner);
        return QStringLiteral("[\n") + parts.join(QStringLiteral(",\n")) + QLatin1Char('\n') + indent
            + QLatin1Char(']');
    }
    return QString::fromUtf8(toGoJson(v));
}

} // namespace

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;

bool JsonPath::parse(const QString& text, QString* error)
{
    Parser p;
    auto root = std::make_unique<Node>();
    if (!p.parse(text, *root)) {
        m_root.reset();
        if (error)
            *error = p.error();
        return false;
    }
    m_root = std::move(root);
    return true;
}

bool JsonPath::evaluate(const QJsonValue& data, std::vector<std::vector<Value>>& full, QString* error)
{
    if (!m_root) {
        if (error)
            *error = QStringLiteral(" is an incomplete jsonpath template");
        return false;
    }
    State s(*this, m_root->nodes);
    if (!s.findResults(Value::of(data, m_numberStyle), 0, full)) {
        if (error)
            *error = s.error;
        return false;
    }
    return true;
}

bool JsonPath::execute(const QJsonValue& data, QString& out, QString* error)
{
    std::vector<std::vector<Value>> full;
    if (!evaluate(data, full, error))
        return false;
    for (const std::vector<Value>& results : full) {
        if (m_jsonOutput) {
            QJsonArray arr;
            for (const Value& v : results)
                arr.append(v.toJson());
            out += indentJson(arr, {}) + QLatin1Char('\n');
            continue;
        }
        QStringList texts;
        for (const Value& v : results) {
            switch (v.kind) {
            case Value::Kind::Map:
            case Value::Kind::Slice:
                texts << QString::fromUtf8(toGoJson(v.json));
                break;
            case Value::Kind::String:
                texts << v.json.toString();
                break;
            case Value::Kind::Int:
            case Value::Kind::Int64:
            case Value::Kind::Uint8:
                texts << QString::number(v.i);
                break;
            case Value::Kind::Float64:
                texts << Patch::goFormat(QJsonValue(v.f));
                break;
            case Value::Kind::Bool:
                texts << (v.json.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
                break;
            case Value::Kind::Nil:
                texts << QStringLiteral("null");
                break;
            }
        }
        out += texts.join(QLatin1Char(' '));
    }
    return true;
}

bool JsonPath::findResults(const QJsonValue& data, std::vector<QStringList>& out, QString* error)
{
    std::vector<std::vector<Value>> full;
    if (!evaluate(data, full, error))
        return false;
    for (const std::vector<Value>& results : full) {
        QStringList texts;
        for (const Value& v : results) {
            if (v.isNumberInt())
                texts << QString::number(v.i);
            else if (v.kind == Value::Kind::Float64)
                texts << Patch::goFormat(QJsonValue(v.f));
            else if (v.kind == Value::Kind::Nil)
                texts << QStringLiteral("<nil>");
            else
                texts << Patch::goFormat(v.json);
        }
        out.push_back(texts);
    }
    return true;
}

bool JsonPath::findValues(const QJsonValue& data, std::vector<std::vector<QJsonValue>>& out, QString* error)
{
    std::vector<std::vector<Value>> full;
    if (!evaluate(data, full, error))
        return false;
    for (const std::vector<Value>& results : full) {
        std::vector<QJsonValue> values;
        for (const Value& v : results)
            values.push_back(v.toJson());
        out.push_back(std::move(values));
    }
    return true;
}

QString JsonPath::goSharpV(const QJsonValue& v, NumberStyle style)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        QStringList parts;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue e = it.value();
            parts << Patch::goQuote(it.key()) + QLatin1Char(':')
                    + (e.isNull() ? QStringLiteral("interface {}(nil)") : goSharpV(e, style));
        }
        return QStringLiteral("map[string]interface {}{") + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    case QJsonValue::Array: {
        QStringList parts;
        for (const auto& e : v.toArray())
            parts << (e.isNull() ? QStringLiteral("interface {}(nil)") : goSharpV(e, style));
        return QStringLiteral("[]interface {}{") + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    case QJsonValue::String:
        return Patch::goQuote(v.toString());
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const Value n = Value::of(v, style);
        return n.kind == Value::Kind::Int64 ? QString::number(n.i) : Patch::goFormat(v);
    }
    default:
        return QStringLiteral("interface {}(nil)");
    }
}

bool JsonPath::print(const QString& format, const QString& tmpl, const QJsonValue& data, NumberStyle style,
    bool allowMissingKeys, QString& out, QString& error)
{
    // k8s.io/cli-runtime/pkg/genericclioptions/jsonpath_flags.go and printers/jsonpath.go
    if (tmpl.isEmpty()) {
        error = QStringLiteral("template format specified but no template given");
        return false;
    }
    JsonPath jp;
    QString perr;
    if (!jp.parse(tmpl, &perr)) {
        error = QStringLiteral("error parsing jsonpath %1, %2\n").arg(tmpl, perr);
        return false;
    }
    jp.setAllowMissingKeys(allowMissingKeys);
    jp.setJsonOutput(format == QLatin1String("jsonpath-as-json"));
    jp.setNumberStyle(style);
    QString text;
    QString xerr;
    if (!jp.execute(data, text, &xerr)) {
        error = QStringLiteral("error executing jsonpath %1: Error executing template: %2. Printing more information "
                               "for debugging the template:\n\ttemplate was:\n\t\t%3\n\tobject given to jsonpath "
                               "engine was:\n\t\t%4\n\n\n")
                    .arg(Patch::goQuote(tmpl), xerr, tmpl, goSharpV(data, style));
        return false;
    }
    out = text;
    return true;
}

} // namespace rl
