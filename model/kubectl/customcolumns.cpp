#include "kubectl/customcolumns.h"

#include "kubectl/jsonpath.h"
#include "kubectl/tabwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <memory>

// Port of k8s.io/cli-runtime/pkg/printers/customcolumn.go (kubectl 1.32).

namespace rl {

namespace {

QStringList splitOnWhitespace(const QString& line)
{
    static const QRegularExpression ws(QStringLiteral("\\s+"));
    return line.split(ws, Qt::SkipEmptyParts);
}

} // namespace

bool CustomColumnsPrinter::relaxedJsonPathExpression(const QString& expr, QString& out, QString* error)
{
    if (expr.isEmpty()) {
        out = expr;
        return true;
    }
    static const QRegularExpression rex(QStringLiteral("^\\{\\.?([^{}]+)\\}$|^\\.?([^{}]+)$"));
    const auto m = rex.match(expr);
    if (!m.hasMatch()) {
        if (error)
            *error = QStringLiteral("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                    "'{name1.name2}' or '{.name1.name2}'");
        return false;
    }
    const QString field = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
    out = QStringLiteral("{.%1}").arg(field);
    return true;
}

bool CustomColumnsPrinter::parseSpec(const QString& spec, QString* error)
{
    m_columns.clear();
    if (spec.isEmpty()) {
        if (error)
            *error = QStringLiteral("custom-columns format specified but no custom columns given");
        return false;
    }
    for (const QString& part : spec.split(QLatin1Char(','))) {
        const int colon = part.indexOf(QLatin1Char(':'));
        if (colon < 0) {
            if (error)
                *error = QStringLiteral("unexpected custom-columns spec: %1, expected <header>:<json-path-expr>")
                             .arg(part);
            return false;
        }
        Column c;
        c.header = part.left(colon);
        if (!relaxedJsonPathExpression(part.mid(colon + 1), c.fieldSpec, error))
            return false;
        m_columns.push_back(c);
    }
    return true;
}

bool CustomColumnsPrinter::parseTemplate(const QString& text, QString* error)
{
    m_columns.clear();
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString& l : lines)
        if (l.endsWith(QLatin1Char('\r')))
            l.chop(1);
    if (text.isEmpty()) {
        if (error)
            *error = QStringLiteral("invalid template, missing header line. Expected format is one line of space "
                                    "separated headers, one line of space separated column specs.");
        return false;
    }
    if (lines.size() < 2 || (lines.size() == 2 && lines[1].isEmpty() && text.endsWith(QLatin1Char('\n')))) {
        if (error)
            *error = QStringLiteral("invalid template, missing spec line. Expected format is one line of space "
                                    "separated headers, one line of space separated column specs.");
        return false;
    }
    const QStringList headers = splitOnWhitespace(lines[0]);
    const QStringList specs = splitOnWhitespace(lines[1]);
    if (headers.size() != specs.size()) {
        if (error)
            *error = QStringLiteral("number of headers (%1) and field specifications (%2) don't match")
                         .arg(headers.size())
                         .arg(specs.size());
        return false;
    }
    for (int i = 0; i < headers.size(); ++i) {
        Column c;
        c.header = headers[i];
        if (!relaxedJsonPathExpression(specs[i], c.fieldSpec, error))
            return false;
        m_columns.push_back(c);
    }
    m_noHeaders = false;
    return true;
}

bool CustomColumnsPrinter::print(const std::vector<QJsonValue>& objects, QString& out, QString* error) const
{
    std::vector<std::unique_ptr<JsonPath>> parsers;
    for (const Column& c : m_columns) {
        auto p = std::make_unique<JsonPath>();
        p->setAllowMissingKeys(true);
        if (!p->parse(c.fieldSpec, error))
            return false;
        parsers.push_back(std::move(p));
    }
    TabWriter w = TabWriter::forGet();
    if (!m_noHeaders) {
        QStringList headers;
        for (const Column& c : m_columns)
            headers << c.header;
        w.write(headers.join(QLatin1Char('\t')) + QLatin1Char('\n'));
    }
    std::vector<QJsonValue> rows;
    for (const QJsonValue& o : objects) {
        const QJsonObject obj = o.toObject();
        if (obj.contains(QStringLiteral("items")) && obj.value(QStringLiteral("items")).isArray()) {
            for (const auto& item : obj.value(QStringLiteral("items")).toArray())
                rows.push_back(item);
        } else {
            rows.push_back(o);
        }
    }
    bool ok = true;
    for (const QJsonValue& row : rows) {
        QStringList cells;
        for (auto& p : parsers) {
            std::vector<QStringList> values;
            if (!p->findResults(row, values, error)) {
                ok = false;
                break;
            }
            QStringList strings;
            if (values.empty() || values.front().isEmpty())
                strings << QStringLiteral("<none>");
            for (const QStringList& v : values)
                strings << v;
            cells << strings.join(QLatin1Char(','));
        }
        if (!ok)
            break;
        w.write(cells.join(QLatin1Char('\t')) + QLatin1Char('\n'));
    }
    out += w.flush();
    return ok;
}

} // namespace rl
