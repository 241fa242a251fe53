#include "manifest/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include "api/json.h"

namespace rl {

QString FieldError::body() const
{
    // apimachinery pkg/util/validation/field/errors.go ErrorBody.
    QString s;
    switch (type) {
    case Type::NotFound:
        s = QStringLiteral("Not found");
        break;
    case Type::Required:
        s = QStringLiteral("Required value");
        break;
    case Type::Duplicate:
        s = QStringLiteral("Duplicate value");
        break;
    case Type::Invalid:
        s = QStringLiteral("Invalid value");
        break;
    case Type::NotSupported:
        s = QStringLiteral("Unsupported value");
        break;
    case Type::Forbidden:
        s = QStringLiteral("Forbidden");
        break;
    case Type::TooLong:
        s = QStringLiteral("Too long");
        break;
    case Type::TooMany:
        s = QStringLiteral("Too many");
        break;
    case Type::Internal:
        s = QStringLiteral("Internal error");
        break;
    }
    const bool omitValue = type == Type::Required || type == Type::Forbidden || type == Type::TooLong
        || type == Type::Internal || value.isEmpty();
    if (!omitValue)
        s += QStringLiteral(": ") + value;
    if (!detail.isEmpty())
        s += QStringLiteral(": ") + detail;
    return s;
}

QString goQuote(const QString& s)
{
    // strconv.Quote
    QString out = QStringLiteral("\"");
    const QList<uint> cps = s.toUcs4();
    for (uint c : cps) {
        switch (c) {
        case '"':
            out += QStringLiteral("\\\"");
            continue;
        case '\\':
            out += QStringLiteral("\\\\");
            continue;
        case '\a':
            out += QStringLiteral("\\a");
            continue;
        case '\b':
            out += QStringLiteral("\\b");
            continue;
        case '\f':
            out += QStringLiteral("\\f");
            continue;
        case '\n':
            out += QStringLiteral("\\n");
            continue;
        case '\r':
            out += QStringLiteral("\\r");
            continue;
        case '\t':
            out += QStringLiteral("\\t");
            continue;
        case '\v':
            out += QStringLiteral("\\v");
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F)
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        else if (c >= 0x80 && !QChar::isPrint(c))
            out += c <= 0xFFFF ? QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'))
                               : QStringLiteral("\\U%1").arg(c, 8, 16, QLatin1Char('0'));
        else
            out += QString::fromUcs4(reinterpret_cast<const char32_t*>(&c), 1);
    }
    out += QLatin1Char('"');
    return out;
}

namespace {

using Type = FieldError::Type;

FieldError invalid(const QString& field, const QString& value, const QString& detail)
{
    return {Type::Invalid, field, value, detail};
}
FieldError required(const QString& field, const QString& detail = QString())
{
    return {Type::Required, field, QString(), detail};
}
FieldError forbidden(const QString& field, const QString& detail)
{
    return {Type::Forbidden, field, QString(), detail};
}
FieldError notSupported(const QString& field, const QString& value, const QStringList& supported)
{
    QStringList quoted;
    for (const QString& s : supported)
        quoted << goQuote(s);
    return {Type::NotSupported, field, value,
        quoted.isEmpty() ? QString() : QStringLiteral("supported values: ") + quoted.join(QStringLiteral(", "))};
}
FieldError duplicate(const QString& field, const QString& value)
{
    return {Type::Duplicate, field, value, QString()};
}

const QString kNegative = QStringLiteral("must be greater than or equal to 0");

void nonNegative(std::vector<FieldError>& errs, qint64 v, const QString& field)
{
    if (v < 0)
        errs.push_back(invalid(field, QString::number(v), kNegative));
}

QString compactJson(const QJsonValue& v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// ---- value rendering: Go syntax (%#v) up to v1.33, JSON since v1.34 (spec 1.5 note 4) ----

QString renderIntOrString(const IntOrString& v, const ClusterVersion& cv)
{
    if (cv.atLeast(1, 34))
        return v.isInt() ? QString::number(v.intVal) : goQuote(v.strVal);
    return QStringLiteral("intstr.IntOrString{Type:%1, IntVal:%2, StrVal:%3}")
        .arg(v.isInt() ? 0 : 1)
        .arg(v.intVal)
        .arg(goQuote(v.strVal));
}

QString goMap(const Labels& l)
{
    if (l.isEmpty())
        return QStringLiteral("map[string]string(nil)");
    QStringList parts;
    for (auto it = l.cbegin(); it != l.cend(); ++it)
        parts << goQuote(it.key()) + QLatin1Char(':') + goQuote(it.value());
    return QStringLiteral("map[string]string{") + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

QString renderLabels(const Labels& l, const ClusterVersion& cv)
{
    if (cv.atLeast(1, 34)) {
        if (l.isEmpty())
            return QStringLiteral("null");
        QJsonObject o;
        for (auto it = l.cbegin(); it != l.cend(); ++it)
            o.insert(it.key(), it.value());
        return compactJson(o);
    }
    return goMap(l);
}

QString renderSelector(const std::optional<LabelSelector>& s, const ClusterVersion& cv)
{
    if (!s)
        return QStringLiteral("null");
    if (cv.atLeast(1, 34))
        return compactJson(toJson(*s));
    QString exprs;
    if (s->matchExpressions.empty()) {
        exprs = QStringLiteral("[]v1.LabelSelectorRequirement(nil)");
    } else {
        QStringList items;
        for (const auto& e : s->matchExpressions) {
            QString values;
            if (e.values.isEmpty()) {
                values = QStringLiteral("[]string(nil)");
            } else {
                QStringList q;
                for (const QString& v : e.values)
                    q << goQuote(v);
                values = QStringLiteral("[]string{") + q.join(QStringLiteral(", ")) + QLatin1Char('}');
            }
            items << QStringLiteral("v1.LabelSelectorRequirement{Key:%1, Operator:%2, Values:%3}")
                         .arg(goQuote(e.key), goQuote(e.op), values);
        }
        exprs = QStringLiteral("[]v1.LabelSelectorRequirement{") + items.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    return QStringLiteral("v1.LabelSelector{MatchLabels:%1, MatchExpressions:%2}").arg(goMap(s->matchLabels), exprs);
}

QString renderStrategy(const DeploymentStrategy& s, const ClusterVersion& cv)
{
    if (cv.atLeast(1, 34)) {
        QJsonObject o;
        if (!s.type.isEmpty())
            o.insert(QStringLiteral("type"), s.type);
        if (s.rollingUpdate) {
            QJsonObject ru;
            auto put = [&ru](const QString& k, const std::optional<IntOrString>& v) {
                if (v)
                    ru.insert(k, v->isInt() ? QJsonValue(v->intVal) : QJsonValue(v->strVal));
            };
            put(QStringLiteral("maxUnavailable"), s.rollingUpdate->maxUnavailable);
            put(QStringLiteral("maxSurge"), s.rollingUpdate->maxSurge);
            o.insert(QStringLiteral("rollingUpdate"), ru);
        }
        return compactJson(o);
    }
    // A non-nil pointer prints as its address in Go; any fixed address stands in for it here.
    return QStringLiteral("apps.DeploymentStrategy{Type:%1, RollingUpdate:(*apps.RollingUpdateDeployment)(%2)}")
        .arg(goQuote(s.type), s.rollingUpdate ? QStringLiteral("0xc000a4e3c0") : QStringLiteral("nil"));
}

// ---- apimachinery pkg/util/validation ----

QString regexError(const QString& msg, const QString& fmt, const QStringList& examples)
{
    if (examples.isEmpty())
        return msg + QStringLiteral(" (regex used for validation is '") + fmt + QStringLiteral("')");
    QString out = msg + QStringLiteral(" (e.g. ");
    for (int i = 0; i < examples.size(); ++i) {
        if (i > 0)
            out += QStringLiteral(" or ");
        out += QLatin1Char('\'') + examples.at(i) + QStringLiteral("', ");
    }
    return out + QStringLiteral("regex used for validation is '") + fmt + QStringLiteral("')");
}

QString maxLenError(int n)
{
    return QStringLiteral("must be no more than %1 characters").arg(n);
}

bool fullMatch(const QString& pattern, const QString& value)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(value).hasMatch();
}

const QString kDns1123LabelFmt = QStringLiteral("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
const QString kDns1123SubdomainFmt
    = kDns1123LabelFmt + QStringLiteral("(\\.") + kDns1123LabelFmt + QStringLiteral(")*");
const QString kDns1035LabelFmt = QStringLiteral("[a-z]([-a-z0-9]*[a-z0-9])?");
const QString kQualifiedNameFmt = QStringLiteral("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
const QString kQualifiedNameErrMsg = QStringLiteral(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");

} // namespace

QStringList isDns1123Subdomain(const QString& value)
{
    QStringList errs;
    if (value.size() > 253)
        errs << maxLenError(253);
    if (!fullMatch(kDns1123SubdomainFmt, value))
        errs << regexError(QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                                          "characters, '-' or '.', and must start and end with an alphanumeric "
                                          "character"),
            kDns1123SubdomainFmt, {QStringLiteral("example.com")});
    return errs;
}

QStringList isDns1123Label(const QString& value)
{
    QStringList errs;
    if (value.size() > 63)
        errs << maxLenError(63);
    if (!fullMatch(kDns1123LabelFmt, value))
        errs << regexError(QStringLiteral("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                                          "characters or '-', and must start and end with an alphanumeric character"),
            kDns1123LabelFmt, {QStringLiteral("my-name"), QStringLiteral("123-abc")});
    return errs;
}

QStringList isDns1035Label(const QString& value)
{
    QStringList errs;
    if (value.size() > 63)
        errs << maxLenError(63);
    if (!fullMatch(kDns1035LabelFmt, value))
        errs << regexError(QStringLiteral("a DNS-1035 label must consist of lower case alphanumeric characters or "
                                          "'-', start with an alphabetic character, and end with an alphanumeric "
                                          "character"),
            kDns1035LabelFmt, {QStringLiteral("my-name"), QStringLiteral("abc-123")});
    return errs;
}

QStringList isQualifiedName(const QString& value)
{
    QStringList errs;
    const QStringList parts = value.split(QLatin1Char('/'));
    QString name;
    const QStringList examples = {QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")};
    if (parts.size() == 1) {
        name = parts.at(0);
    } else if (parts.size() == 2) {
        const QString prefix = parts.at(0);
        name = parts.at(1);
        if (prefix.isEmpty()) {
            errs << QStringLiteral("prefix part must be non-empty");
        } else {
            for (const QString& m : isDns1123Subdomain(prefix))
                errs << QStringLiteral("prefix part ") + m;
        }
    } else {
        errs << QStringLiteral("a qualified name ") + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, examples)
                + QStringLiteral(" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
    }
    if (name.isEmpty())
        errs << QStringLiteral("name part must be non-empty");
    else if (name.size() > 63)
        errs << QStringLiteral("name part ") + maxLenError(63);
    if (!fullMatch(kQualifiedNameFmt, name))
        errs << QStringLiteral("name part ") + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, examples);
    return errs;
}

QStringList isValidLabelValue(const QString& value)
{
    QStringList errs;
    if (value.size() > 63)
        errs << maxLenError(63);
    const QString fmt = QStringLiteral("(") + kQualifiedNameFmt + QStringLiteral(")?");
    if (!fullMatch(fmt, value))
        errs << regexError(QStringLiteral("a valid label must be an empty string or consist of alphanumeric "
                                          "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                                          "character"),
            fmt, {QStringLiteral("MyValue"), QStringLiteral("my_value"), QStringLiteral("12345")});
    return errs;
}

namespace {

void validateLabels(std::vector<FieldError>& errs, const Labels& labels, const QString& field)
{
    // apimachinery pkg/apis/meta/v1/validation ValidateLabels: key then value, keys sorted (Go map
    // iteration is random; sorted keeps our output stable).
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        for (const QString& m : isQualifiedName(it.key()))
            errs.push_back(invalid(field, goQuote(it.key()), m));
        for (const QString& m : isValidLabelValue(it.value()))
            errs.push_back(invalid(field, goQuote(it.value()), m));
    }
}

void validateAnnotations(std::vector<FieldError>& errs, const Labels& annotations, const QString& field)
{
    qint64 total = 0;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        for (const QString& m : isQualifiedName(it.key().toLower()))
            errs.push_back(invalid(field, goQuote(it.key()), m));
        total += it.key().toUtf8().size() + it.value().toUtf8().size();
    }
    if (total > 256 * 1024)
        errs.push_back({Type::TooLong, field, QString(), QStringLiteral("must have at most 262144 bytes")});
}

void validateObjectMeta(std::vector<FieldError>& errs, const ObjectMeta& m, const QStringList (*nameFn)(const QString&))
{
    if (!m.generateName.isEmpty()) {
        // apimachinery api/validation/objectmeta.go: generateName is validated as a prefix
        // (nameFn(generateName, true)), which masks a trailing '-' (maskTrailingDash) first.
        QString prefix = m.generateName;
        if (prefix.size() > 1 && prefix.endsWith(QLatin1Char('-')))
            prefix[prefix.size() - 1] = QLatin1Char('a');
        for (const QString& msg : nameFn(prefix))
            errs.push_back(invalid(QStringLiteral("metadata.generateName"), goQuote(m.generateName), msg));
    }
    if (m.name.isEmpty() && m.generateName.isEmpty()) {
        errs.push_back(required(QStringLiteral("metadata.name"), QStringLiteral("name or generateName is required")));
    } else if (!m.name.isEmpty()) {
        for (const QString& msg : nameFn(m.name))
            errs.push_back(invalid(QStringLiteral("metadata.name"), goQuote(m.name), msg));
    }
    nonNegative(errs, m.generation, QStringLiteral("metadata.generation"));
    validateLabels(errs, m.labels, QStringLiteral("metadata.labels"));
    validateAnnotations(errs, m.annotations, QStringLiteral("metadata.annotations"));
}

const QStringList subdomainName(const QString& v)
{
    return isDns1123Subdomain(v);
}
const QStringList dns1035Name(const QString& v)
{
    return isDns1035Label(v);
}

} // namespace

QStringList isValidPortName(const QString& port)
{
    // apimachinery IsValidPortName
    QStringList errs;
    if (port.size() > 15)
        errs << QStringLiteral("must be no more than 15 characters");
    if (!fullMatch(QStringLiteral("[-a-z0-9]+"), port))
        errs << QStringLiteral("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    if (!QRegularExpression(QStringLiteral("[a-z]")).match(port).hasMatch())
        errs << QStringLiteral("must contain at least one letter (a-z)");
    if (port.contains(QStringLiteral("--")))
        errs << QStringLiteral("must not contain consecutive hyphens");
    if (!port.isEmpty() && (port.startsWith(QLatin1Char('-')) || port.endsWith(QLatin1Char('-'))))
        errs << QStringLiteral("must not begin or end with a hyphen");
    return errs;
}

namespace {

const QString kPortRange = QStringLiteral("must be between 1 and 65535, inclusive");

void validateProbe(std::vector<FieldError>& errs, const std::optional<Probe>& p, const QString& path)
{
    if (!p)
        return;
    const int handlers = int(p->handler.contains(QStringLiteral("exec")))
        + int(p->handler.contains(QStringLiteral("httpGet"))) + int(p->handler.contains(QStringLiteral("tcpSocket")))
        + int(p->handler.contains(QStringLiteral("grpc")));
    if (handlers == 0)
        errs.push_back(required(path, QStringLiteral("must specify a handler type")));
    else if (handlers > 1)
        errs.push_back(forbidden(path, QStringLiteral("may not specify more than 1 handler type")));
    nonNegative(errs, p->initialDelaySeconds, path + QStringLiteral(".initialDelaySeconds"));
    nonNegative(errs, p->timeoutSeconds, path + QStringLiteral(".timeoutSeconds"));
    nonNegative(errs, p->periodSeconds, path + QStringLiteral(".periodSeconds"));
    nonNegative(errs, p->successThreshold, path + QStringLiteral(".successThreshold"));
    nonNegative(errs, p->failureThreshold, path + QStringLiteral(".failureThreshold"));
    if (p->terminationGracePeriodSeconds && *p->terminationGracePeriodSeconds <= 0)
        errs.push_back(invalid(path + QStringLiteral(".terminationGracePeriodSeconds"),
            QString::number(*p->terminationGracePeriodSeconds), QStringLiteral("must be greater than 0")));
    const QJsonObject http = p->handler.value(QStringLiteral("httpGet")).toObject();
    const QJsonValue port = http.contains(QStringLiteral("port"))
        ? http.value(QStringLiteral("port"))
        : p->handler.value(QStringLiteral("tcpSocket")).toObject().value(QStringLiteral("port"));
    if (port.isDouble()) {
        const int n = port.toInt();
        if (n < 1 || n > 65535)
            errs.push_back(
                invalid(path + (http.isEmpty() ? QStringLiteral(".tcpSocket.port") : QStringLiteral(".httpGet.port")),
                    QString::number(n), kPortRange));
    }
}

void validateContainers(std::vector<FieldError>& errs, const std::vector<Container>& containers, const QString& path)
{
    // pkg/apis/core/validation validateContainers + validateContainerCommon.
    if (containers.empty()) {
        errs.push_back(required(path));
        return;
    }
    QSet<QString> names;
    for (size_t i = 0; i < containers.size(); ++i) {
        const Container& c = containers[i];
        const QString p = path + QStringLiteral("[%1]").arg(i);
        if (c.name.isEmpty()) {
            errs.push_back(required(p + QStringLiteral(".name")));
        } else {
            for (const QString& m : isDns1123Label(c.name))
                errs.push_back(invalid(p + QStringLiteral(".name"), goQuote(c.name), m));
        }
        if (c.image.isEmpty())
            errs.push_back(required(p + QStringLiteral(".image")));
        if (c.terminationMessagePolicy.isEmpty())
            errs.push_back(required(p + QStringLiteral(".terminationMessagePolicy")));
        else if (c.terminationMessagePolicy != QLatin1String("File")
            && c.terminationMessagePolicy != QLatin1String("FallbackToLogsOnError"))
            errs.push_back(
                notSupported(p + QStringLiteral(".terminationMessagePolicy"), goQuote(c.terminationMessagePolicy),
                    {QStringLiteral("File"), QStringLiteral("FallbackToLogsOnError")}));
        QSet<QString> portNames;
        for (size_t j = 0; j < c.ports.size(); ++j) {
            const ContainerPort& port = c.ports[j];
            const QString pp = p + QStringLiteral(".ports[%1]").arg(j);
            if (!port.name.isEmpty()) {
                const QStringList msgs = isValidPortName(port.name);
                for (const QString& m : msgs)
                    errs.push_back(invalid(pp + QStringLiteral(".name"), goQuote(port.name), m));
                if (msgs.isEmpty()) {
                    if (portNames.contains(port.name))
                        errs.push_back(duplicate(pp + QStringLiteral(".name"), goQuote(port.name)));
                    portNames.insert(port.name);
                }
            }
            if (port.containerPort == 0)
                errs.push_back(required(pp + QStringLiteral(".containerPort")));
            else if (port.containerPort < 1 || port.containerPort > 65535)
                errs.push_back(
                    invalid(pp + QStringLiteral(".containerPort"), QString::number(port.containerPort), kPortRange));
            if (port.hostPort != 0 && (port.hostPort < 1 || port.hostPort > 65535))
                errs.push_back(invalid(pp + QStringLiteral(".hostPort"), QString::number(port.hostPort), kPortRange));
            if (port.protocol.isEmpty())
                errs.push_back(required(pp + QStringLiteral(".protocol")));
            else if (port.protocol != QLatin1String("TCP") && port.protocol != QLatin1String("UDP")
                && port.protocol != QLatin1String("SCTP"))
                errs.push_back(notSupported(pp + QStringLiteral(".protocol"), goQuote(port.protocol),
                    {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")}));
        }
        for (size_t j = 0; j < c.env.size(); ++j) {
            if (c.env[j].name.isEmpty())
                errs.push_back(required(p + QStringLiteral(".env[%1].name").arg(j)));
        }
        if (c.imagePullPolicy.isEmpty())
            errs.push_back(required(p + QStringLiteral(".imagePullPolicy")));
        else if (c.imagePullPolicy != QLatin1String("Always") && c.imagePullPolicy != QLatin1String("IfNotPresent")
            && c.imagePullPolicy != QLatin1String("Never"))
            errs.push_back(notSupported(p + QStringLiteral(".imagePullPolicy"), goQuote(c.imagePullPolicy),
                {QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never")}));
        // validateContainers: probes, then name uniqueness.
        validateProbe(errs, c.livenessProbe, p + QStringLiteral(".livenessProbe"));
        if (c.livenessProbe && c.livenessProbe->successThreshold != 1)
            errs.push_back(invalid(p + QStringLiteral(".livenessProbe.successThreshold"),
                QString::number(c.livenessProbe->successThreshold), QStringLiteral("must be 1")));
        validateProbe(errs, c.readinessProbe, p + QStringLiteral(".readinessProbe"));
        if (c.readinessProbe && c.readinessProbe->terminationGracePeriodSeconds)
            errs.push_back(invalid(p + QStringLiteral(".readinessProbe.terminationGracePeriodSeconds"),
                QString::number(*c.readinessProbe->terminationGracePeriodSeconds),
                QStringLiteral("must not be set for readinessProbes")));
        validateProbe(errs, c.startupProbe, p + QStringLiteral(".startupProbe"));
        if (c.startupProbe && c.startupProbe->successThreshold != 1)
            errs.push_back(invalid(p + QStringLiteral(".startupProbe.successThreshold"),
                QString::number(c.startupProbe->successThreshold), QStringLiteral("must be 1")));
        if (!c.name.isEmpty()) {
            if (names.contains(c.name))
                errs.push_back(duplicate(p + QStringLiteral(".name"), goQuote(c.name)));
            names.insert(c.name);
        }
    }
}

void validatePodSpec(std::vector<FieldError>& errs, const PodSpec& s, const QString& path)
{
    validateContainers(errs, s.containers, path + QStringLiteral(".containers"));
    if (!s.initContainers.empty())
        validateContainers(errs, s.initContainers, path + QStringLiteral(".initContainers"));
    const QString rp = path + QStringLiteral(".restartPolicy");
    if (s.restartPolicy.isEmpty())
        errs.push_back(required(rp));
    else if (s.restartPolicy != QLatin1String("Always") && s.restartPolicy != QLatin1String("OnFailure")
        && s.restartPolicy != QLatin1String("Never"))
        errs.push_back(notSupported(rp, goQuote(s.restartPolicy),
            {QStringLiteral("Always"), QStringLiteral("OnFailure"), QStringLiteral("Never")}));
    const QString dp = path + QStringLiteral(".dnsPolicy");
    if (s.dnsPolicy.isEmpty())
        errs.push_back(required(dp));
    else if (s.dnsPolicy != QLatin1String("ClusterFirstWithHostNet") && s.dnsPolicy != QLatin1String("ClusterFirst")
        && s.dnsPolicy != QLatin1String("Default") && s.dnsPolicy != QLatin1String("None"))
        errs.push_back(notSupported(dp, goQuote(s.dnsPolicy),
            {QStringLiteral("ClusterFirstWithHostNet"), QStringLiteral("ClusterFirst"), QStringLiteral("Default"),
                QStringLiteral("None")}));
    validateLabels(errs, s.nodeSelector, path + QStringLiteral(".nodeSelector"));
    if (!s.serviceAccountName.isEmpty()) {
        for (const QString& m : isDns1123Subdomain(s.serviceAccountName))
            errs.push_back(invalid(path + QStringLiteral(".serviceAccountName"), goQuote(s.serviceAccountName), m));
    }
    if (s.activeDeadlineSeconds && (*s.activeDeadlineSeconds < 1 || *s.activeDeadlineSeconds > kMaxInt32))
        errs.push_back(invalid(path + QStringLiteral(".activeDeadlineSeconds"),
            QString::number(*s.activeDeadlineSeconds), QStringLiteral("must be between 1 and 2147483647, inclusive")));
    if (s.terminationGracePeriodSeconds)
        nonNegative(errs, *s.terminationGracePeriodSeconds, path + QStringLiteral(".terminationGracePeriodSeconds"));
}

/// metav1 LabelSelectorAsSelector fails for these; ValidateLabelSelector reports the details.
bool selectorConvertible(const LabelSelector& s)
{
    for (auto it = s.matchLabels.cbegin(); it != s.matchLabels.cend(); ++it) {
        if (!isQualifiedName(it.key()).isEmpty() || !isValidLabelValue(it.value()).isEmpty())
            return false;
    }
    for (const auto& e : s.matchExpressions) {
        if (!isQualifiedName(e.key).isEmpty())
            return false;
        if (e.op == QLatin1String("In") || e.op == QLatin1String("NotIn")) {
            if (e.values.isEmpty())
                return false;
        } else if (e.op == QLatin1String("Exists") || e.op == QLatin1String("DoesNotExist")) {
            if (!e.values.isEmpty())
                return false;
        } else {
            return false;
        }
        for (const QString& v : e.values) {
            if (!isValidLabelValue(v).isEmpty())
                return false;
        }
    }
    return true;
}

void validateLabelSelector(std::vector<FieldError>& errs, const LabelSelector& s, const QString& path)
{
    validateLabels(errs, s.matchLabels, path + QStringLiteral(".matchLabels"));
    for (size_t i = 0; i < s.matchExpressions.size(); ++i) {
        const auto& e = s.matchExpressions[i];
        const QString p = path + QStringLiteral(".matchExpressions[%1]").arg(i);
        if (e.op == QLatin1String("In") || e.op == QLatin1String("NotIn")) {
            if (e.values.isEmpty())
                errs.push_back(required(p + QStringLiteral(".values"),
                    QStringLiteral("must be specified when `operator` is 'In' or 'NotIn'")));
        } else if (e.op == QLatin1String("Exists") || e.op == QLatin1String("DoesNotExist")) {
            if (!e.values.isEmpty())
                errs.push_back(forbidden(p + QStringLiteral(".values"),
                    QStringLiteral("may not be specified when `operator` is 'Exists' or 'DoesNotExist'")));
        } else {
            errs.push_back(invalid(
                p + QStringLiteral(".operator"), goQuote(e.op), QStringLiteral("not a valid selector operator")));
        }
        for (const QString& m : isQualifiedName(e.key))
            errs.push_back(invalid(p + QStringLiteral(".key"), goQuote(e.key), m));
        for (int j = 0; j < e.values.size(); ++j) {
            for (const QString& m : isValidLabelValue(e.values.at(j)))
                errs.push_back(invalid(p + QStringLiteral(".values[%1]").arg(j), goQuote(e.values.at(j)), m));
        }
    }
}

/// Shared by Deployment and ReplicaSet: selector checks, then ValidatePodTemplateSpecForReplicaSet.
void validateSelectorAndTemplate(std::vector<FieldError>& errs, const std::optional<LabelSelector>& selector,
    const PodTemplateSpec& t, const ClusterVersion& cv)
{
    const QString sp = QStringLiteral("spec.selector");
    if (!selector) {
        errs.push_back(required(sp));
    } else {
        validateLabelSelector(errs, *selector, sp);
        if (selector->isEmpty())
            errs.push_back(
                invalid(sp, renderSelector(selector, cv), QStringLiteral("empty selector is invalid for deployment")));
    }
    if (selector && !selectorConvertible(*selector)) {
        errs.push_back(invalid(sp, renderSelector(selector, cv), QStringLiteral("invalid label selector")));
        return;
    }
    // A nil selector selects nothing (never matches); an empty one selects everything.
    const bool matches = selector && (selector->isEmpty() || selector->matches(t.metadata.labels));
    if (!matches)
        errs.push_back(invalid(QStringLiteral("spec.template.metadata.labels"), renderLabels(t.metadata.labels, cv),
            QStringLiteral("`selector` does not match template `labels`")));
    // ValidatePodTemplateSpec
    validateLabels(errs, t.metadata.labels, QStringLiteral("spec.template.metadata.labels"));
    validateAnnotations(errs, t.metadata.annotations, QStringLiteral("spec.template.metadata.annotations"));
    validatePodSpec(errs, t.spec, QStringLiteral("spec.template.spec"));
    if (t.spec.restartPolicy != QLatin1String("Always"))
        errs.push_back(notSupported(QStringLiteral("spec.template.spec.restartPolicy"), goQuote(t.spec.restartPolicy),
            {QStringLiteral("Always")}));
    if (t.spec.activeDeadlineSeconds)
        errs.push_back(forbidden(QStringLiteral("spec.template.spec.activeDeadlineSeconds"),
            QStringLiteral("activeDeadlineSeconds in ReplicaSet is not Supported")));
}

bool isValidPercent(const QString& s)
{
    return fullMatch(QStringLiteral("[0-9]+%"), s);
}

/// ValidatePositiveIntOrPercent
void positiveIntOrPercent(
    std::vector<FieldError>& errs, const IntOrString& v, const QString& path, const ClusterVersion& cv)
{
    if (!v.isInt()) {
        if (!isValidPercent(v.strVal))
            errs.push_back(invalid(path, renderIntOrString(v, cv),
                QStringLiteral("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  "
                               "or '93%', regex used for validation is '[0-9]+%')")));
    } else {
        nonNegative(errs, v.intVal, path);
    }
}

int intOrPercentValue(const IntOrString& v)
{
    if (!v.isInt()) {
        if (isValidPercent(v.strVal))
            return v.strVal.chopped(1).toInt();
        bool ok = false;
        const int n = v.strVal.toInt(&ok); // intstr IntValue(): Atoi, 0 on failure
        return ok ? n : 0;
    }
    return v.intVal;
}

} // namespace

std::vector<FieldError> validate(const Deployment& d, const Deployment* old, const ClusterVersion& cv)
{
    std::vector<FieldError> errs;
    validateObjectMeta(errs, d.metadata, subdomainName);
    const auto& spec = d.spec;
    nonNegative(errs, spec.replicas.value_or(0), QStringLiteral("spec.replicas"));
    validateSelectorAndTemplate(errs, spec.selector, spec.template_, cv);

    // ValidateDeploymentStrategy
    const auto& st = spec.strategy;
    if (st.type == QLatin1String("Recreate")) {
        if (st.rollingUpdate)
            errs.push_back(forbidden(QStringLiteral("spec.strategy.rollingUpdate"),
                QStringLiteral("may not be specified when strategy `type` is 'Recreate'")));
    } else if (st.type == QLatin1String("RollingUpdate")) {
        if (!st.rollingUpdate) {
            errs.push_back(required(QStringLiteral("spec.strategy.rollingUpdate"),
                QStringLiteral("this should be defaulted and never be nil")));
        } else {
            const QString rp = QStringLiteral("spec.strategy.rollingUpdate");
            const IntOrString mu = st.rollingUpdate->maxUnavailable.value_or(IntOrString());
            const IntOrString ms = st.rollingUpdate->maxSurge.value_or(IntOrString());
            positiveIntOrPercent(errs, mu, rp + QStringLiteral(".maxUnavailable"), cv);
            positiveIntOrPercent(errs, ms, rp + QStringLiteral(".maxSurge"), cv);
            if (intOrPercentValue(mu) == 0 && intOrPercentValue(ms) == 0)
                errs.push_back(invalid(rp + QStringLiteral(".maxUnavailable"), renderIntOrString(mu, cv),
                    QStringLiteral("may not be 0 when `maxSurge` is 0")));
            if (!mu.isInt() && isValidPercent(mu.strVal) && intOrPercentValue(mu) > 100)
                errs.push_back(invalid(rp + QStringLiteral(".maxUnavailable"), renderIntOrString(mu, cv),
                    QStringLiteral("must not be greater than 100%")));
        }
    } else {
        errs.push_back(notSupported(QStringLiteral("spec.strategy"), renderStrategy(st, cv),
            {QStringLiteral("Recreate"), QStringLiteral("RollingUpdate")}));
    }
    nonNegative(errs, spec.minReadySeconds, QStringLiteral("spec.minReadySeconds"));
    if (spec.revisionHistoryLimit)
        nonNegative(errs, *spec.revisionHistoryLimit, QStringLiteral("spec.revisionHistoryLimit"));
    if (spec.progressDeadlineSeconds) {
        nonNegative(errs, *spec.progressDeadlineSeconds, QStringLiteral("spec.progressDeadlineSeconds"));
        if (*spec.progressDeadlineSeconds <= spec.minReadySeconds)
            errs.push_back(
                invalid(QStringLiteral("spec.progressDeadlineSeconds"), QString::number(*spec.progressDeadlineSeconds),
                    QStringLiteral("must be greater than minReadySeconds")));
    }
    // Deployment strategy ValidateUpdate: selector immutable except through apps/v1beta1 and extensions/v1beta1.
    if (old && d.apiVersion != QLatin1String("apps/v1beta1") && d.apiVersion != QLatin1String("extensions/v1beta1")
        && spec.selector != old->spec.selector)
        errs.push_back(invalid(
            QStringLiteral("spec.selector"), renderSelector(spec.selector, cv), QStringLiteral("field is immutable")));
    return errs;
}

std::vector<FieldError> validate(const ReplicaSet& rs, const ReplicaSet* old, const ClusterVersion& cv)
{
    std::vector<FieldError> errs;
    validateObjectMeta(errs, rs.metadata, subdomainName);
    nonNegative(errs, rs.spec.replicas.value_or(0), QStringLiteral("spec.replicas"));
    nonNegative(errs, rs.spec.minReadySeconds, QStringLiteral("spec.minReadySeconds"));
    validateSelectorAndTemplate(errs, rs.spec.selector, rs.spec.template_, cv);
    if (old && rs.apiVersion != QLatin1String("extensions/v1beta1") && rs.spec.selector != old->spec.selector)
        errs.push_back(invalid(QStringLiteral("spec.selector"), renderSelector(rs.spec.selector, cv),
            QStringLiteral("field is immutable")));
    return errs;
}

std::vector<FieldError> validate(const Pod& p, const Pod* old, const ClusterVersion& cv)
{
    Q_UNUSED(old);
    Q_UNUSED(cv);
    std::vector<FieldError> errs;
    validateObjectMeta(errs, p.metadata, subdomainName);
    validatePodSpec(errs, p.spec, QStringLiteral("spec"));
    return errs;
}

std::vector<FieldError> validate(const Service& s, const Service* old, const ClusterVersion& cv)
{
    Q_UNUSED(old);
    Q_UNUSED(cv);
    std::vector<FieldError> errs;
    validateObjectMeta(errs, s.metadata, dns1035Name);
    const bool external = s.spec.type == QLatin1String("ExternalName");
    if (s.spec.ports.empty() && !external)
        errs.push_back(required(QStringLiteral("spec.ports")));
    QSet<QString> names;
    for (size_t i = 0; i < s.spec.ports.size(); ++i) {
        const ServicePort& port = s.spec.ports[i];
        const QString p = QStringLiteral("spec.ports[%1]").arg(i);
        if (s.spec.ports.size() > 1 && port.name.isEmpty())
            errs.push_back(required(p + QStringLiteral(".name")));
        else if (!port.name.isEmpty()) {
            for (const QString& m : isDns1123Label(port.name))
                errs.push_back(invalid(p + QStringLiteral(".name"), goQuote(port.name), m));
            if (names.contains(port.name))
                errs.push_back(duplicate(p + QStringLiteral(".name"), goQuote(port.name)));
            names.insert(port.name);
        }
        if (port.port < 1 || port.port > 65535)
            errs.push_back(invalid(p + QStringLiteral(".port"), QString::number(port.port), kPortRange));
        if (port.protocol.isEmpty())
            errs.push_back(required(p + QStringLiteral(".protocol")));
        else if (port.protocol != QLatin1String("TCP") && port.protocol != QLatin1String("UDP")
            && port.protocol != QLatin1String("SCTP"))
            errs.push_back(notSupported(p + QStringLiteral(".protocol"), goQuote(port.protocol),
                {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")}));
        if (port.targetPort) {
            if (port.targetPort->isInt()) {
                if (port.targetPort->intVal < 1 || port.targetPort->intVal > 65535)
                    errs.push_back(invalid(
                        p + QStringLiteral(".targetPort"), QString::number(port.targetPort->intVal), kPortRange));
            } else {
                for (const QString& m : isValidPortName(port.targetPort->strVal))
                    errs.push_back(invalid(p + QStringLiteral(".targetPort"), goQuote(port.targetPort->strVal), m));
            }
        }
    }
    // Node ports belong to NodePort and LoadBalancer Services.
    if (s.spec.type == QLatin1String("ClusterIP")) {
        for (std::size_t i = 0; i < s.spec.ports.size(); ++i)
            if (s.spec.ports[i].nodePort != 0)
                errs.push_back(forbidden(QStringLiteral("spec.ports[%1].nodePort").arg(i),
                    QStringLiteral("may not be used when `type` is 'ClusterIP'")));
    }
    validateLabels(errs, s.spec.selector, QStringLiteral("spec.selector"));
    if (!s.spec.type.isEmpty() && s.spec.type != QLatin1String("ClusterIP") && s.spec.type != QLatin1String("NodePort")
        && s.spec.type != QLatin1String("LoadBalancer") && !external)
        errs.push_back(notSupported(QStringLiteral("spec.type"), goQuote(s.spec.type),
            {QStringLiteral("ClusterIP"), QStringLiteral("ExternalName"), QStringLiteral("LoadBalancer"),
                QStringLiteral("NodePort")}));
    return errs;
}

std::vector<FieldError> validateStatus(const Deployment& d, const Deployment* old, const ClusterVersion& cv)
{
    Q_UNUSED(cv);
    // apps validation ValidateDeploymentStatus / ValidateDeploymentStatusUpdate.
    std::vector<FieldError> errs;
    const auto& s = d.status;
    nonNegative(errs, s.observedGeneration, QStringLiteral("status.observedGeneration"));
    nonNegative(errs, s.replicas, QStringLiteral("status.replicas"));
    nonNegative(errs, s.updatedReplicas, QStringLiteral("status.updatedReplicas"));
    nonNegative(errs, s.readyReplicas, QStringLiteral("status.readyReplicas"));
    nonNegative(errs, s.availableReplicas, QStringLiteral("status.availableReplicas"));
    nonNegative(errs, s.unavailableReplicas, QStringLiteral("status.unavailableReplicas"));
    if (s.terminatingReplicas)
        nonNegative(errs, *s.terminatingReplicas, QStringLiteral("status.terminatingReplicas"));
    if (s.collisionCount)
        nonNegative(errs, *s.collisionCount, QStringLiteral("status.collisionCount"));
    const QString msg = QStringLiteral("cannot be greater than status.replicas");
    if (s.updatedReplicas > s.replicas)
        errs.push_back(invalid(QStringLiteral("status.updatedReplicas"), QString::number(s.updatedReplicas), msg));
    if (s.readyReplicas > s.replicas)
        errs.push_back(invalid(QStringLiteral("status.readyReplicas"), QString::number(s.readyReplicas), msg));
    if (s.availableReplicas > s.replicas)
        errs.push_back(invalid(QStringLiteral("status.availableReplicas"), QString::number(s.availableReplicas), msg));
    if (s.availableReplicas > s.readyReplicas)
        errs.push_back(invalid(QStringLiteral("status.availableReplicas"), QString::number(s.availableReplicas),
            QStringLiteral("cannot be greater than readyReplicas")));
    if (old && s.collisionCount && old->status.collisionCount && *s.collisionCount < *old->status.collisionCount)
        errs.push_back(invalid(QStringLiteral("status.collisionCount"), QString::number(*s.collisionCount),
            QStringLiteral("cannot be decremented")));
    return errs;
}

std::vector<FieldError> validateStatus(const ReplicaSet& rs, const ReplicaSet* old, const ClusterVersion& cv)
{
    Q_UNUSED(old);
    Q_UNUSED(cv);
    // apps validation ValidateReplicaSetStatus.
    std::vector<FieldError> errs;
    const auto& s = rs.status;
    nonNegative(errs, s.replicas, QStringLiteral("status.replicas"));
    nonNegative(errs, s.fullyLabeledReplicas, QStringLiteral("status.fullyLabeledReplicas"));
    nonNegative(errs, s.readyReplicas, QStringLiteral("status.readyReplicas"));
    nonNegative(errs, s.availableReplicas, QStringLiteral("status.availableReplicas"));
    nonNegative(errs, s.observedGeneration, QStringLiteral("status.observedGeneration"));
    const QString msg = QStringLiteral("cannot be greater than status.replicas");
    if (s.fullyLabeledReplicas > s.replicas)
        errs.push_back(
            invalid(QStringLiteral("status.fullyLabeledReplicas"), QString::number(s.fullyLabeledReplicas), msg));
    if (s.readyReplicas > s.replicas)
        errs.push_back(invalid(QStringLiteral("status.readyReplicas"), QString::number(s.readyReplicas), msg));
    if (s.availableReplicas > s.replicas)
        errs.push_back(invalid(QStringLiteral("status.availableReplicas"), QString::number(s.availableReplicas), msg));
    if (s.availableReplicas > s.readyReplicas)
        errs.push_back(invalid(QStringLiteral("status.availableReplicas"), QString::number(s.availableReplicas),
            QStringLiteral("cannot be greater than readyReplicas")));
    return errs;
}

namespace {
QStringList nameWarnings(const QString& name)
{
    const QStringList msgs = isDns1123Label(name);
    if (msgs.isEmpty() || name.isEmpty())
        return {};
    return {QStringLiteral("metadata.name: this is used in Pod names and hostnames, which can result in surprising "
                           "behavior; a DNS label is recommended: [")
        + msgs.join(QLatin1Char(' ')) + QLatin1Char(']')};
}
} // namespace

QStringList warningsFor(const Deployment& d)
{
    return nameWarnings(d.metadata.name);
}

QStringList warningsFor(const ReplicaSet& rs)
{
    return nameWarnings(rs.metadata.name);
}

QString formatInvalid(const QString& kind, const QString& name, const std::vector<FieldError>& errors)
{
    const QString prefix = QStringLiteral("The %1 %2 is invalid").arg(kind, goQuote(name));
    QStringList msgs;
    for (const auto& e : errors) {
        const QString m = e.toString();
        if (!msgs.contains(m))
            msgs << m;
    }
    if (msgs.isEmpty())
        return prefix;
    if (msgs.size() == 1)
        return prefix + QStringLiteral(": ") + msgs.first();
    QString out = prefix + QStringLiteral(": \n");
    for (const QString& m : msgs)
        out += QStringLiteral("* ") + m + QLatin1Char('\n');
    out.chop(1);
    return out;
}

} // namespace rl
