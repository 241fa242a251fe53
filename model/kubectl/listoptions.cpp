#include "kubectl/listoptions.h"

#include "kubectl/customcolumns.h"
#include "kubectl/jsonpath.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace rl {

namespace {

/// splitTerm: the leftmost unescaped operator, "!=" and "==" before "=" at one position.
bool splitTerm(const QString& term, FieldSelector::Term& out)
{
    for (qsizetype i = 0; i < term.size(); ++i) {
        if (term[i] == u'\\') {
            ++i;
            continue;
        }
        for (const QString& op : {QStringLiteral("!="), QStringLiteral("=="), QStringLiteral("=")}) {
            if (QStringView(term).mid(i).startsWith(op)) {
                out.field = term.left(i);
                out.equals = op != QLatin1String("!=");
                out.value = term.mid(i + op.size());
                return true;
            }
        }
    }
    return false;
}

/// resource.ParseQuantity, reduced to the value: a decimal number and a suffix (binary SI,
/// decimal SI or a decimal exponent).
std::optional<long double> quantityValue(const QString& s)
{
    static const QRegularExpression rex(QStringLiteral(
        "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$"));
    const auto m = rex.match(s);
    if (!m.hasMatch())
        return std::nullopt;
    long double v = m.captured(1).toDouble();
    const QString suffix = m.captured(2);
    static const QHash<QString, long double> scale {{QStringLiteral("Ki"), 1024.0L}, {QStringLiteral("Mi"), 1048576.0L},
        {QStringLiteral("Gi"), 1073741824.0L}, {QStringLiteral("Ti"), 1099511627776.0L},
        {QStringLiteral("Pi"), 1125899906842624.0L}, {QStringLiteral("Ei"), 1152921504606846976.0L},
        {QStringLiteral("n"), 1e-9L}, {QStringLiteral("u"), 1e-6L}, {QStringLiteral("m"), 1e-3L},
        {QStringLiteral("k"), 1e3L}, {QStringLiteral("M"), 1e6L}, {QStringLiteral("G"), 1e9L},
        {QStringLiteral("T"), 1e12L}, {QStringLiteral("P"), 1e15L}, {QStringLiteral("E"), 1e18L}};
    if (suffix.isEmpty())
        return v;
    if (auto it = scale.find(suffix); it != scale.end())
        return v * it.value();
    return v * std::pow(10.0L, suffix.mid(1).toInt()); // e3, E-2
}

/// isLess over unstructured values: numbers, then strings (quantities or natural order).
bool isLess(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isNull() || b.isNull()) // a nil interface before any value
        return a.isNull() && !b.isNull();
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble();
    if (a.isString() && b.isString()) {
        const QString sa = a.toString();
        const QString sb = b.toString();
        const auto qa = quantityValue(sa);
        const auto qb = qa ? quantityValue(sb) : std::nullopt;
        if (qa && qb)
            return *qa < *qb;
        return naturalLess(sa, sb);
    }
    return false;
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

std::optional<FieldSelector> FieldSelector::parse(const QString& text, QString* error)
{
    FieldSelector s;
    s.m_text = text;
    // splitTerms: ',' separates terms unless escaped.
    QStringList parts;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'\\' && i + 1 < text.size()) {
            current += text[i];
            current += text[++i];
        } else if (text[i] == u',') {
            parts << current;
            current.clear();
        } else {
            current += text[i];
        }
    }
    parts << current;
    parts.sort();
    for (const QString& part : parts) {
        if (part.isEmpty())
            continue;
        Term t;
        if (!splitTerm(part, t)) {
            if (error)
                *error = QStringLiteral("invalid selector: '%1'; can't understand '%2'").arg(text, part);
            return std::nullopt;
        }
        QString value;
        for (qsizetype i = 0; i < t.value.size(); ++i)
            value += t.value[i] == u'\\' && i + 1 < t.value.size() ? t.value[++i] : t.value[i];
        t.value = value;
        s.m_terms.push_back(t);
    }
    return s;
}

std::optional<QString> FieldSelector::unsupportedField(Kind k) const
{
    // A probe object of the kind answers which labels it has.
    ObjectPtr probe;
    switch (k) {
    case Kind::Deployment:
        probe = std::make_shared<const Deployment>();
        break;
    case Kind::ReplicaSet:
        probe = std::make_shared<const ReplicaSet>();
        break;
    case Kind::Pod:
        probe = std::make_shared<const Pod>();
        break;
    case Kind::Service:
        probe = std::make_shared<const Service>();
        break;
    case Kind::Event: {
        Event e;
        e.involvedObject = ObjectReference {};
        e.emitter = EventEmitter {};
        probe = std::make_shared<const Event>(std::move(e));
        break;
    }
    case Kind::Endpoints:
        probe = std::make_shared<const Endpoints>();
        break;
    }
    for (const Term& t : m_terms) {
        if (!selectableField(probe, t.field))
            return t.field;
    }
    return std::nullopt;
}

bool FieldSelector::matches(const ObjectPtr& obj) const
{
    for (const Term& t : m_terms) {
        const auto v = selectableField(obj, t.field);
        if (v && (*v == t.value) != t.equals)
            return false;
    }
    return true;
}

std::optional<QString> selectableField(const ObjectPtr& obj, const QString& field)
{
    return std::visit(
        [&](const auto& p) -> std::optional<QString> {
            using T = std::remove_cvref_t<decltype(*p)>;
            if (field == QLatin1String("metadata.name"))
                return p->metadata.name;
            if (field == QLatin1String("metadata.namespace"))
                return p->metadata.namespace_;
            if constexpr (std::is_same_v<T, Pod>) {
                const PodSpec& s = *p->spec;
                if (field == QLatin1String("spec.nodeName"))
                    return s.nodeName;
                if (field == QLatin1String("spec.restartPolicy"))
                    return s.restartPolicy;
                if (field == QLatin1String("spec.schedulerName"))
                    return s.schedulerName;
                if (field == QLatin1String("spec.serviceAccountName"))
                    return s.serviceAccountName;
                if (field == QLatin1String("spec.hostNetwork"))
                    return s.extra.value(QStringLiteral("hostNetwork")).toBool() ? QStringLiteral("true")
                                                                                 : QStringLiteral("false");
                if (field == QLatin1String("status.phase"))
                    return p->status.phase;
                if (field == QLatin1String("status.podIP"))
                    return p->status.podIP;
                if (field == QLatin1String("status.nominatedNodeName"))
                    return QString();
            } else if constexpr (std::is_same_v<T, ReplicaSet>) {
                if (field == QLatin1String("status.replicas"))
                    return QString::number(p->status.replicas);
            } else if constexpr (std::is_same_v<T, Event>) {
                const ObjectReference& r = *p->involvedObject;
                if (field == QLatin1String("involvedObject.kind"))
                    return r.kind;
                if (field == QLatin1String("involvedObject.namespace"))
                    return r.namespace_;
                if (field == QLatin1String("involvedObject.name"))
                    return r.name;
                if (field == QLatin1String("involvedObject.uid"))
                    return r.uid;
                if (field == QLatin1String("involvedObject.apiVersion"))
                    return r.apiVersion;
                if (field == QLatin1String("involvedObject.resourceVersion"))
                    return r.resourceVersion;
                if (field == QLatin1String("involvedObject.fieldPath"))
                    return r.fieldPath;
                if (field == QLatin1String("reason"))
                    return p->reason;
                if (field == QLatin1String("reportingComponent"))
                    return p->emitter->reportingController;
                if (field == QLatin1String("source"))
                    return p->emitter->sourceComponent;
                if (field == QLatin1String("type"))
                    return p->type;
            }
            return std::nullopt;
        },
        obj);
}

QString groupVersionResource(Kind k)
{
    switch (k) {
    case Kind::Deployment:
        return QStringLiteral("apps/v1, Resource=deployments");
    case Kind::ReplicaSet:
        return QStringLiteral("apps/v1, Resource=replicasets");
    case Kind::Pod:
        return QStringLiteral("/v1, Resource=pods");
    case Kind::Service:
        return QStringLiteral("/v1, Resource=services");
    case Kind::Event:
        return QStringLiteral("/v1, Resource=events");
    case Kind::Endpoints:
        return QStringLiteral("/v1, Resource=endpoints");
    }
    return {};
}

bool sortOrder(
    const std::vector<QJsonValue>& objects, const QString& sortBy, bool table, std::vector<int>& order, QString* error)
{
    order.resize(objects.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    if (objects.empty() || (table && objects.size() < 2))
        return true;
    QString field;
    if (!CustomColumnsPrinter::relaxedJsonPathExpression(sortBy, field, error)) {
        if (!table)
            return false;
        field = sortBy; // the table sorter tries the flag as it was given
    }
    JsonPath parser;
    parser.setAllowMissingKeys(true);
    QString parseError;
    if (!parser.parse(field, &parseError)) {
        if (error)
            *error = table ? QStringLiteral("sorting error: ") + parseError : parseError;
        return false;
    }
    std::vector<std::optional<QJsonValue>> keys;
    bool foundOnce = false;
    for (const QJsonValue& o : objects) {
        std::vector<std::vector<QJsonValue>> results;
        QString findError;
        parser.findValues(o, results, &findError);
        if (!results.empty() && !results.front().empty()) {
            keys.push_back(results.front().front());
            foundOnce = true;
        } else {
            keys.push_back(std::nullopt);
        }
    }
    if (!foundOnce) {
        if (error)
            *error = QStringLiteral("couldn't find any field with path \"%1\" in the list of objects").arg(field);
        return false;
    }
    // Less: an object without the field before any other.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (!keys[a])
            return bool(keys[b]);
        if (!keys[b])
            return false;
        return isLess(*keys[a], *keys[b]);
    });
    return true;
}

bool naturalLess(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const QChar c1 = a[i];
        const QChar c2 = b[j];
        const bool d1 = isDigit(c1);
        const bool d2 = isDigit(c2);
        if (d1 != d2)
            return d1; // digits before other characters
        if (!d1) {
            if (c1 != c2)
                return c1 < c2;
            ++i;
            ++j;
            continue;
        }
        // Runs of digits: without leading zeros, the shorter is less, then by text, then the one
        // with fewer zeros.
        for (; i < a.size() && a[i] == u'0'; ++i) { }
        for (; j < b.size() && b[j] == u'0'; ++j) { }
        const qsizetype start1 = i;
        const qsizetype start2 = j;
        for (; i < a.size() && isDigit(a[i]); ++i) { }
        for (; j < b.size() && isDigit(b[j]); ++j) { }
        if (i - start1 != j - start2)
            return i - start1 < j - start2;
        const QStringView n1 = a.mid(start1, i - start1);
        const QStringView n2 = b.mid(start2, j - start2);
        if (n1 != n2)
            return n1 < n2;
        if (start1 != start2)
            return start1 < start2;
    }
    return a.size() < b.size();
}

} // namespace rl
