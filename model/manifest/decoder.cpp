#include "manifest/decoder.h"

#include <QRegularExpression>

#include <cmath>
#include <set>

namespace rl {

// The rules follow Go's encoding/json as forked in sigs.k8s.io/json (case-sensitive field names):
// - a JSON value of the wrong type aborts decoding with UnmarshalTypeError:
//   "json: cannot unmarshal <json type> into Go struct field <Struct>.<dotted path> of type <Go type>"
//   (the path has no list indices; numbers that do not fit print as "number <literal>");
// - null leaves the field at its zero value;
// - unknown fields are collected (apimachinery runtime.NewStrictDecodingError) with indexed paths.

QString jsonTypeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("null");
    }
}

namespace {

/// The number as the JSON text had it, as far as a double keeps it: a whole number in full
/// (exact up to 2^53, and for any literal a double holds exactly, such as 2^63), else 17 digits.
QString numberLiteral(double d)
{
    if (d == std::floor(d) && std::fabs(d) < 1e21)
        return QString::number(d, 'f', 0);
    return QString::number(d, 'g', 17);
}

class Decoder
{
public:
    StrictDecodeResult result;
    QString pkg = QStringLiteral("v1"); // Go package of the versioned struct types

    bool failed() const { return !result.typeError.isEmpty(); }

    /// The order in which the API server's decoder meets the fields. The JSON it decodes is
    /// kubectl's, whose objects encoding/json writes with their keys sorted, and it decodes each
    /// value where it meets its key: depth first, keys in sorted order, list items by index.
    /// Its first type error is the one it keeps, and it lists unknown fields as it meets them,
    /// while this decoder reads each struct's fields in the struct's order: both are put in the
    /// server's order with these keys. A path's key is its field names, and each list index as a
    /// token that sorts by number (`leaf`, an unknown field's name, is one token, dots and all).
    static QStringList orderKey(QStringView path, const QString& leaf = {})
    {
        QStringList tokens;
        qsizetype start = 0;
        for (qsizetype i = 0; i <= path.size(); ++i) {
            if (i < path.size() && path[i] != u'.' && path[i] != u'[')
                continue;
            if (i > start)
                tokens << path.mid(start, i - start).toString();
            start = i + 1;
            if (i < path.size() && path[i] == u'[') {
                const qsizetype close = path.indexOf(u']', i);
                const qsizetype end = close < 0 ? path.size() : close;
                tokens << QChar(u'\x01') + path.mid(i + 1, end - i - 1).toString().rightJustified(10, u'0');
                i = end;
                start = end + 1;
            }
        }
        if (!leaf.isEmpty())
            tokens << leaf;
        return tokens;
    }

    /// The result as the server's decoder gives it: its first type error alone, else the unknown
    /// fields in the order it met them (result.unknownFields is filled here).
    StrictDecodeResult finish()
    {
        if (failed())
            return {{}, result.typeError};
        std::stable_sort(
            m_unknown.begin(), m_unknown.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [order, text] : m_unknown)
            result.unknownFields << text;
        return result;
    }

    void typeError(const QString& value, const QString& structName, const QString& path, const QString& goType)
    {
        QStringList order = orderKey(path);
        if (failed() && !(order < m_typeErrorOrder))
            return; // the server's decoder meets the one kept first
        m_typeErrorOrder = std::move(order);
        static const QRegularExpression index(QStringLiteral("\\[\\d+\\]"));
        QString field = path;
        field.remove(index);
        result.typeError.path = path;
        result.typeError.message = QStringLiteral("json: cannot unmarshal %1 into Go struct field %2.%3 of type %4")
                                       .arg(value, structName, field, goType);
    }

    /// Reports the keys of `o` that are not in `known`.
    void checkKnown(const QJsonObject& o, const QString& path, std::initializer_list<const char*> known,
        const QStringList& more = {})
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool found = more.contains(it.key());
            for (const char* k : known) {
                if (it.key() == QLatin1String(k)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                m_unknown.emplace_back(
                    orderKey(path, it.key()), QStringLiteral("unknown field \"%1\"").arg(join(path, it.key())));
            }
        }
    }

    static QString join(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    // Typed field readers. `st` is the Go struct holding the field, `key` the JSON name.
    bool present(const QJsonObject& o, const QString& key) const { return o.contains(key) && !o.value(key).isNull(); }

    QString str(const QJsonObject& o, const char* key, const QString& st, const QString& path,
        const QString& goType = QStringLiteral("string"))
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return {};
        const QJsonValue v = o.value(k);
        if (!v.isString()) {
            typeError(jsonTypeName(v), st, join(path, k), goType);
            return {};
        }
        return v.toString();
    }

    std::optional<qint64> integer(const QJsonValue& v, const QString& st, const QString& fieldPath, bool is32)
    {
        const QString goType = is32 ? QStringLiteral("int32") : QStringLiteral("int64");
        if (!v.isDouble()) {
            typeError(jsonTypeName(v), st, fieldPath, goType);
            return std::nullopt;
        }
        const double d = v.toDouble();
        // int64's bounds as doubles: -2^63 is one, 2^63 - 1 is not (it rounds up to 2^63, which
        // does not fit: a cast of it would be undefined).
        const double lo = is32 ? -2147483648.0 : -9223372036854775808.0;
        const bool above = is32 ? d > 2147483647.0 : d >= 9223372036854775808.0;
        if (d != std::floor(d) || d < lo || above) {
            typeError(QStringLiteral("number ") + numberLiteral(d), st, fieldPath, goType);
            return std::nullopt;
        }
        return static_cast<qint64>(d);
    }

    std::optional<qint32> i32(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return std::nullopt;
        auto v = integer(o.value(k), st, join(path, k), true);
        if (!v)
            return std::nullopt;
        return static_cast<qint32>(*v);
    }

    std::optional<qint64> i64(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return std::nullopt;
        return integer(o.value(k), st, join(path, k), false);
    }

    bool boolean(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return false;
        const QJsonValue v = o.value(k);
        if (!v.isBool()) {
            typeError(jsonTypeName(v), st, join(path, k), QStringLiteral("bool"));
            return false;
        }
        return v.toBool();
    }

    /// A nested struct; returns an empty object when absent/null or on a type error.
    QJsonObject object(const QJsonObject& o, const char* key, const QString& st, const QString& path,
        const QString& goType, bool* isPresent = nullptr)
    {
        const QString k = QLatin1String(key);
        if (isPresent)
            *isPresent = false;
        if (!present(o, k))
            return {};
        const QJsonValue v = o.value(k);
        if (!v.isObject()) {
            typeError(jsonTypeName(v), st, join(path, k), goType);
            return {};
        }
        if (isPresent)
            *isPresent = true;
        return v.toObject();
    }

    QJsonArray array(
        const QJsonObject& o, const char* key, const QString& st, const QString& path, const QString& goType)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return {};
        const QJsonValue v = o.value(k);
        if (!v.isArray()) {
            typeError(jsonTypeName(v), st, join(path, k), goType);
            return {};
        }
        return v.toArray();
    }

    /// Elements of a list of structs: each must be an object (or null = zero value).
    std::vector<std::pair<QJsonObject, QString>> objects(
        const QJsonObject& o, const char* key, const QString& st, const QString& path, const QString& elemType)
    {
        std::vector<std::pair<QJsonObject, QString>> out;
        const QJsonArray a = array(o, key, st, path, QStringLiteral("[]") + elemType);
        const QString base = join(path, QLatin1String(key));
        for (int i = 0; i < a.size(); ++i) {
            const QString p = base + QStringLiteral("[%1]").arg(i);
            if (a.at(i).isNull()) {
                out.push_back({QJsonObject(), p});
            } else if (!a.at(i).isObject()) {
                typeError(jsonTypeName(a.at(i)), st, base, elemType);
                return {};
            } else {
                out.push_back({a.at(i).toObject(), p});
            }
        }
        return out;
    }

    QStringList strings(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        QStringList out;
        const QJsonArray a = array(o, key, st, path, QStringLiteral("[]string"));
        for (const QJsonValue& v : a) {
            if (v.isNull()) {
                out << QString();
            } else if (!v.isString()) {
                typeError(jsonTypeName(v), st, join(path, QLatin1String(key)), QStringLiteral("string"));
                return {};
            } else {
                out << v.toString();
            }
        }
        return out;
    }

    Labels stringMap(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        Labels out;
        const QJsonObject m = object(o, key, st, path, QStringLiteral("map[string]string"));
        for (auto it = m.begin(); it != m.end(); ++it) {
            if (it.value().isNull()) {
                out.insert(it.key(), QString());
            } else if (!it.value().isString()) {
                typeError(jsonTypeName(it.value()), st, join(path, QLatin1String(key)), QStringLiteral("string"));
                return {};
            } else {
                out.insert(it.key(), it.value().toString());
            }
        }
        return out;
    }

    std::optional<IntOrString> intOrString(
        const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return std::nullopt;
        const QJsonValue v = o.value(k);
        if (v.isString())
            return IntOrString::fromString(v.toString());
        // intstr.IntOrString.UnmarshalJSON decodes anything else into IntVal (int32).
        auto i = integer(v, st, join(path, k), true);
        if (!i)
            return std::nullopt;
        return IntOrString::fromInt(static_cast<qint32>(*i));
    }

    Millis time(const QJsonObject& o, const char* key, const QString& st, const QString& path)
    {
        const QString k = QLatin1String(key);
        if (!present(o, k))
            return kNoTime;
        const QJsonValue v = o.value(k);
        if (!v.isString()) {
            typeError(jsonTypeName(v), st, join(path, k), QStringLiteral("string"));
            return kNoTime;
        }
        return parseTimestamp(v.toString());
    }

    // --- structs -------------------------------------------------------------------------------

    void meta(const QJsonObject& root, ObjectMeta& m, const QString& st, const QString& path)
    {
        const QString p = join(path, QStringLiteral("metadata"));
        const QJsonObject o = object(root, "metadata", st, path, pkg + QStringLiteral(".ObjectMeta"));
        const QString S = QStringLiteral("ObjectMeta");
        checkKnown(o, p,
            {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
                "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
                "ownerReferences", "finalizers", "managedFields"});
        m.name = str(o, "name", S, p);
        m.generateName = str(o, "generateName", S, p);
        m.namespace_ = str(o, "namespace", S, p);
        m.uid = str(o, "uid", S, p, QStringLiteral("types.UID"));
        m.resourceVersion = str(o, "resourceVersion", S, p);
        m.generation = i64(o, "generation", S, p).value_or(0);
        m.creationTimestamp = time(o, "creationTimestamp", S, p);
        m.deletionTimestamp = time(o, "deletionTimestamp", S, p);
        m.deletionGracePeriodSeconds = i64(o, "deletionGracePeriodSeconds", S, p);
        m.labels = stringMap(o, "labels", S, p);
        m.annotations = stringMap(o, "annotations", S, p);
        for (const auto& [ro, rp] : objects(o, "ownerReferences", S, p, pkg + QStringLiteral(".OwnerReference"))) {
            const QString R = QStringLiteral("OwnerReference");
            checkKnown(ro, rp, {"apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"});
            OwnerReference ref;
            ref.apiVersion = str(ro, "apiVersion", R, rp);
            ref.kind = str(ro, "kind", R, rp);
            ref.name = str(ro, "name", R, rp);
            ref.uid = str(ro, "uid", R, rp, QStringLiteral("types.UID"));
            ref.controller = boolean(ro, "controller", R, rp);
            ref.blockOwnerDeletion = boolean(ro, "blockOwnerDeletion", R, rp);
            m.ownerReferences.push_back(ref);
        }
        strings(o, "finalizers", S, p);
    }

    std::optional<LabelSelector> selector(const QJsonObject& parent, const QString& st, const QString& path)
    {
        bool has = false;
        const QJsonObject o = object(parent, "selector", st, path, pkg + QStringLiteral(".LabelSelector"), &has);
        if (!has)
            return std::nullopt;
        const QString p = join(path, QStringLiteral("selector"));
        const QString S = QStringLiteral("LabelSelector");
        checkKnown(o, p, {"matchLabels", "matchExpressions"});
        LabelSelector s;
        s.matchLabels = stringMap(o, "matchLabels", S, p);
        for (const auto& [eo, ep] :
            objects(o, "matchExpressions", S, p, pkg + QStringLiteral(".LabelSelectorRequirement"))) {
            const QString R = QStringLiteral("LabelSelectorRequirement");
            checkKnown(eo, ep, {"key", "operator", "values"});
            LabelSelectorRequirement r;
            r.key = str(eo, "key", R, ep);
            r.op = str(eo, "operator", R, ep, pkg + QStringLiteral(".LabelSelectorOperator"));
            r.values = strings(eo, "values", R, ep);
            s.matchExpressions.push_back(r);
        }
        return s;
    }

    std::optional<Probe> probe(const QJsonObject& c, const char* key, const QString& path)
    {
        bool has = false;
        const QString C = QStringLiteral("Container");
        const QJsonObject o = object(c, key, C, path, QStringLiteral("v1.Probe"), &has);
        if (!has)
            return std::nullopt;
        const QString p = join(path, QLatin1String(key));
        const QString S = QStringLiteral("Probe");
        checkKnown(o, p,
            {"exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"});
        Probe pr;
        bool h = false;
        QJsonObject x = object(o, "httpGet", S, p, QStringLiteral("v1.HTTPGetAction"), &h);
        if (h) {
            checkKnown(x, join(p, QStringLiteral("httpGet")), {"path", "port", "host", "scheme", "httpHeaders"});
            pr.handler.insert(QStringLiteral("httpGet"), x);
        }
        x = object(o, "tcpSocket", S, p, QStringLiteral("v1.TCPSocketAction"), &h);
        if (h) {
            checkKnown(x, join(p, QStringLiteral("tcpSocket")), {"port", "host"});
            pr.handler.insert(QStringLiteral("tcpSocket"), x);
        }
        x = object(o, "exec", S, p, QStringLiteral("v1.ExecAction"), &h);
        if (h) {
            checkKnown(x, join(p, QStringLiteral("exec")), {"command"});
            pr.handler.insert(QStringLiteral("exec"), x);
        }
        x = object(o, "grpc", S, p, QStringLiteral("v1.GRPCAction"), &h);
        if (h) {
            checkKnown(x, join(p, QStringLiteral("grpc")), {"port", "service"});
            pr.handler.insert(QStringLiteral("grpc"), x);
        }
        pr.initialDelaySeconds = i32(o, "initialDelaySeconds", S, p).value_or(0);
        pr.timeoutSeconds = i32(o, "timeoutSeconds", S, p).value_or(0);
        pr.periodSeconds = i32(o, "periodSeconds", S, p).value_or(0);
        pr.successThreshold = i32(o, "successThreshold", S, p).value_or(0);
        pr.failureThreshold = i32(o, "failureThreshold", S, p).value_or(0);
        pr.terminationGracePeriodSeconds = i64(o, "terminationGracePeriodSeconds", S, p);
        return pr;
    }

    Container container(const QJsonObject& o, const QString& p)
    {
        static const QStringList extraKeys
            = {QStringLiteral("envFrom"), QStringLiteral("resizePolicy"), QStringLiteral("restartPolicy"),
                QStringLiteral("volumeDevices"), QStringLiteral("lifecycle"), QStringLiteral("securityContext"),
                QStringLiteral("stdin"), QStringLiteral("stdinOnce"), QStringLiteral("tty")};
        checkKnown(o, p,
            {"name", "image", "command", "args", "workingDir", "ports", "env", "resources", "volumeMounts",
                "livenessProbe", "readinessProbe", "startupProbe", "terminationMessagePath", "terminationMessagePolicy",
                "imagePullPolicy"},
            extraKeys);
        const QString S = QStringLiteral("Container");
        Container c;
        c.name = str(o, "name", S, p);
        c.image = str(o, "image", S, p);
        c.command = strings(o, "command", S, p);
        c.args = strings(o, "args", S, p);
        c.workingDir = str(o, "workingDir", S, p);
        for (const auto& [po, pp] : objects(o, "ports", S, p, QStringLiteral("v1.ContainerPort"))) {
            const QString P = QStringLiteral("ContainerPort");
            checkKnown(po, pp, {"name", "hostPort", "containerPort", "protocol", "hostIP"});
            ContainerPort port;
            port.name = str(po, "name", P, pp);
            port.hostPort = i32(po, "hostPort", P, pp).value_or(0);
            port.containerPort = i32(po, "containerPort", P, pp).value_or(0);
            port.protocol = str(po, "protocol", P, pp, QStringLiteral("v1.Protocol"));
            port.hostIP = str(po, "hostIP", P, pp);
            c.ports.push_back(port);
        }
        for (const auto& [eo, ep] : objects(o, "env", S, p, QStringLiteral("v1.EnvVar"))) {
            const QString E = QStringLiteral("EnvVar");
            checkKnown(eo, ep, {"name", "value", "valueFrom"});
            EnvVar e;
            e.name = str(eo, "name", E, ep);
            if (present(eo, QStringLiteral("value")))
                e.value = str(eo, "value", E, ep);
            e.valueFrom = object(eo, "valueFrom", E, ep, QStringLiteral("v1.EnvVarSource"));
            c.env.push_back(e);
        }
        c.resources = object(o, "resources", S, p, QStringLiteral("v1.ResourceRequirements"));
        c.volumeMounts = array(o, "volumeMounts", S, p, QStringLiteral("[]v1.VolumeMount"));
        c.livenessProbe = probe(o, "livenessProbe", p);
        c.readinessProbe = probe(o, "readinessProbe", p);
        c.startupProbe = probe(o, "startupProbe", p);
        c.terminationMessagePath = str(o, "terminationMessagePath", S, p);
        c.terminationMessagePolicy
            = str(o, "terminationMessagePolicy", S, p, QStringLiteral("v1.TerminationMessagePolicy"));
        c.imagePullPolicy = str(o, "imagePullPolicy", S, p, QStringLiteral("v1.PullPolicy"));
        for (const QString& k : extraKeys) {
            if (o.contains(k) && !o.value(k).isNull())
                c.extra.insert(k, o.value(k));
        }
        return c;
    }

    void podSpec(const QJsonObject& parent, PodSpec& s, const QString& st, const QString& path)
    {
        const QJsonObject o = object(parent, "spec", st, path, QStringLiteral("v1.PodSpec"));
        const QString p = join(path, QStringLiteral("spec"));
        static const QStringList extraKeys = {QStringLiteral("ephemeralContainers"), QStringLiteral("serviceAccount"),
            QStringLiteral("automountServiceAccountToken"), QStringLiteral("hostNetwork"), QStringLiteral("hostPID"),
            QStringLiteral("hostIPC"), QStringLiteral("shareProcessNamespace"), QStringLiteral("imagePullSecrets"),
            QStringLiteral("hostname"), QStringLiteral("subdomain"), QStringLiteral("affinity"),
            QStringLiteral("tolerations"), QStringLiteral("hostAliases"), QStringLiteral("priorityClassName"),
            QStringLiteral("priority"), QStringLiteral("dnsConfig"), QStringLiteral("readinessGates"),
            QStringLiteral("runtimeClassName"), QStringLiteral("enableServiceLinks"),
            QStringLiteral("preemptionPolicy"), QStringLiteral("overhead"), QStringLiteral("topologySpreadConstraints"),
            QStringLiteral("setHostnameAsFQDN"), QStringLiteral("os"), QStringLiteral("hostUsers"),
            QStringLiteral("schedulingGates"), QStringLiteral("resourceClaims"), QStringLiteral("resources")};
        checkKnown(o, p,
            {"volumes", "initContainers", "containers", "restartPolicy", "terminationGracePeriodSeconds",
                "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "nodeName",
                "securityContext", "schedulerName"},
            extraKeys);
        const QString S = QStringLiteral("PodSpec");
        s.volumes = array(o, "volumes", S, p, QStringLiteral("[]v1.Volume"));
        for (const auto& [co, cp] : objects(o, "initContainers", S, p, QStringLiteral("v1.Container")))
            s.initContainers.push_back(container(co, cp));
        for (const auto& [co, cp] : objects(o, "containers", S, p, QStringLiteral("v1.Container")))
            s.containers.push_back(container(co, cp));
        s.restartPolicy = str(o, "restartPolicy", S, p, QStringLiteral("v1.RestartPolicy"));
        s.terminationGracePeriodSeconds = i64(o, "terminationGracePeriodSeconds", S, p);
        s.activeDeadlineSeconds = i64(o, "activeDeadlineSeconds", S, p);
        s.dnsPolicy = str(o, "dnsPolicy", S, p, QStringLiteral("v1.DNSPolicy"));
        s.nodeSelector = stringMap(o, "nodeSelector", S, p);
        s.serviceAccountName = str(o, "serviceAccountName", S, p);
        s.nodeName = str(o, "nodeName", S, p);
        s.securityContext
            = object(o, "securityContext", S, p, QStringLiteral("v1.PodSecurityContext"), &s.hasSecurityContext);
        s.schedulerName = str(o, "schedulerName", S, p);
        for (const QString& k : extraKeys) {
            if (o.contains(k) && !o.value(k).isNull())
                s.extra.insert(k, o.value(k));
        }
    }

    void podTemplate(const QJsonObject& spec, PodTemplateSpec& t, const QString& st, const QString& path)
    {
        const QJsonObject o = object(spec, "template", st, path, pkg + QStringLiteral(".PodTemplateSpec"));
        const QString p = join(path, QStringLiteral("template"));
        checkKnown(o, p, {"metadata", "spec"});
        meta(o, t.metadata, QStringLiteral("PodTemplateSpec"), p);
        podSpec(o, t.spec, QStringLiteral("PodTemplateSpec"), p);
    }

    std::vector<Condition> conditions(
        const QJsonObject& o, const QString& st, const QString& p, const QString& condStruct, bool withUpdate)
    {
        std::vector<Condition> out;
        for (const auto& [co, cp] : objects(o, "conditions", st, p, pkg + QLatin1Char('.') + condStruct)) {
            if (withUpdate)
                checkKnown(co, cp, {"type", "status", "lastUpdateTime", "lastTransitionTime", "reason", "message"});
            else
                checkKnown(co, cp, {"type", "status", "lastTransitionTime", "reason", "message"});
            Condition c;
            c.type = str(co, "type", condStruct, cp);
            c.status = str(co, "status", condStruct, cp, QStringLiteral("v1.ConditionStatus"));
            if (withUpdate)
                c.lastUpdateTime = time(co, "lastUpdateTime", condStruct, cp);
            c.lastTransitionTime = time(co, "lastTransitionTime", condStruct, cp);
            c.reason = str(co, "reason", condStruct, cp);
            c.message = str(co, "message", condStruct, cp);
            out.push_back(c);
        }
        return out;
    }

    void topLevel(const QJsonObject& json, const QStringList& more = {})
    {
        checkKnown(json, QString(), {"apiVersion", "kind", "metadata", "spec", "status"}, more);
    }

private:
    QStringList m_typeErrorOrder; // orderKey() of result.typeError
    std::vector<std::pair<QStringList, QString>> m_unknown; // orderKey() and text of each unknown field
};

void setPackage(Decoder& d, const QString& apiVersion)
{
    const int slash = apiVersion.indexOf(QLatin1Char('/'));
    d.pkg = slash >= 0 ? apiVersion.mid(slash + 1) : apiVersion;
    if (d.pkg.isEmpty())
        d.pkg = QStringLiteral("v1");
}

} // namespace

DecodeError decodeTypedError(const QJsonObject& json)
{
    const QString kind = json.value(QStringLiteral("kind")).toString();
    const QString apiVersion = json.value(QStringLiteral("apiVersion")).toString();
    const auto typeError = [&json](auto obj) { return decodeStrict(json, obj).typeError; };
    // The group versions of k8s.io/api that hold each kind (client-go's scheme, v1.32).
    const bool apps = apiVersion == QLatin1String("apps/v1") || apiVersion == QLatin1String("apps/v1beta2")
        || apiVersion == QLatin1String("extensions/v1beta1");
    if (kind == QLatin1String("Deployment") && (apps || apiVersion == QLatin1String("apps/v1beta1")))
        return typeError(Deployment());
    if (kind == QLatin1String("ReplicaSet") && apps)
        return typeError(ReplicaSet());
    if (kind == QLatin1String("Pod") && apiVersion == QLatin1String("v1"))
        return typeError(Pod());
    if (kind == QLatin1String("Service") && apiVersion == QLatin1String("v1"))
        return typeError(Service());
    return decodeTypeAndObjectMeta(json, kind);
}

QString strictDecodingMessage(const QStringList& unknownFields)
{
    return QStringLiteral("strict decoding error: ") + unknownFields.join(QStringLiteral(", "));
}

DecodeError decodeTypeAndObjectMeta(const QJsonObject& json, const QString& structName)
{
    Decoder d; // metav1.ObjectMeta: package v1 whatever the object's version
    d.str(json, "apiVersion", structName, QString());
    d.str(json, "kind", structName, QString());
    ObjectMeta meta;
    d.meta(json, meta, structName, QString());
    return d.result.typeError;
}

StrictDecodeResult decodeStrict(const QJsonObject& json, Deployment& out)
{
    Decoder d;
    out = Deployment();
    out.apiVersion = json.value(QStringLiteral("apiVersion")).toString(out.apiVersion);
    setPackage(d, out.apiVersion);
    const bool legacy = out.apiVersion != QLatin1String("apps/v1") && out.apiVersion != QLatin1String("apps/v1beta2");
    d.topLevel(json);
    const QString D = QStringLiteral("Deployment");
    d.meta(json, out.metadata, D, QString());
    const QJsonObject spec = d.object(json, "spec", D, QString(), d.pkg + QStringLiteral(".DeploymentSpec"));
    const QString p = QStringLiteral("spec");
    const QString S = QStringLiteral("DeploymentSpec");
    d.checkKnown(spec, p,
        {"replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused",
            "progressDeadlineSeconds"},
        legacy ? QStringList {QStringLiteral("rollbackTo")} : QStringList {});
    out.spec.replicas = d.i32(spec, "replicas", S, p);
    out.spec.selector = d.selector(spec, S, p);
    d.podTemplate(spec, out.spec.template_, S, p);
    const QJsonObject strategy = d.object(spec, "strategy", S, p, d.pkg + QStringLiteral(".DeploymentStrategy"));
    const QString sp = QStringLiteral("spec.strategy");
    d.checkKnown(strategy, sp, {"type", "rollingUpdate"});
    out.spec.strategy.type = d.str(
        strategy, "type", QStringLiteral("DeploymentStrategy"), sp, d.pkg + QStringLiteral(".DeploymentStrategyType"));
    bool hasRu = false;
    const QJsonObject ru = d.object(strategy, "rollingUpdate", QStringLiteral("DeploymentStrategy"), sp,
        d.pkg + QStringLiteral(".RollingUpdateDeployment"), &hasRu);
    if (hasRu) {
        const QString rp = QStringLiteral("spec.strategy.rollingUpdate");
        d.checkKnown(ru, rp, {"maxUnavailable", "maxSurge"});
        RollingUpdateDeployment r;
        r.maxUnavailable = d.intOrString(ru, "maxUnavailable", QStringLiteral("RollingUpdateDeployment"), rp);
        r.maxSurge = d.intOrString(ru, "maxSurge", QStringLiteral("RollingUpdateDeployment"), rp);
        out.spec.strategy.rollingUpdate = r;
    }
    out.spec.minReadySeconds = d.i32(spec, "minReadySeconds", S, p).value_or(0);
    out.spec.revisionHistoryLimit = d.i32(spec, "revisionHistoryLimit", S, p);
    out.spec.paused = d.boolean(spec, "paused", S, p);
    out.spec.progressDeadlineSeconds = d.i32(spec, "progressDeadlineSeconds", S, p);
    if (legacy) {
        bool hasRb = false;
        const QJsonObject rb = d.object(spec, "rollbackTo", S, p, d.pkg + QStringLiteral(".RollbackConfig"), &hasRb);
        if (hasRb) {
            d.checkKnown(rb, QStringLiteral("spec.rollbackTo"), {"revision"});
            const auto rev = d.i64(rb, "revision", QStringLiteral("RollbackConfig"), QStringLiteral("spec.rollbackTo"));
            // Converted to the deprecated.deployment.rollback.to annotation by the API server.
            out.metadata.annotations.insert(keys::RollbackTo, QString::number(rev.value_or(0)));
        }
    }

    const QJsonObject status = d.object(json, "status", D, QString(), d.pkg + QStringLiteral(".DeploymentStatus"));
    const QString stp = QStringLiteral("status");
    const QString ST = QStringLiteral("DeploymentStatus");
    d.checkKnown(status, stp,
        {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
            "unavailableReplicas", "terminatingReplicas", "conditions", "collisionCount"});
    out.status.observedGeneration = d.i64(status, "observedGeneration", ST, stp).value_or(0);
    out.status.replicas = d.i32(status, "replicas", ST, stp).value_or(0);
    out.status.updatedReplicas = d.i32(status, "updatedReplicas", ST, stp).value_or(0);
    out.status.readyReplicas = d.i32(status, "readyReplicas", ST, stp).value_or(0);
    out.status.availableReplicas = d.i32(status, "availableReplicas", ST, stp).value_or(0);
    out.status.unavailableReplicas = d.i32(status, "unavailableReplicas", ST, stp).value_or(0);
    out.status.terminatingReplicas = d.i32(status, "terminatingReplicas", ST, stp);
    out.status.conditions = d.conditions(status, ST, stp, QStringLiteral("DeploymentCondition"), true);
    out.status.collisionCount = d.i32(status, "collisionCount", ST, stp);
    return d.finish();
}

StrictDecodeResult decodeStrict(const QJsonObject& json, ReplicaSet& out)
{
    Decoder d;
    out = ReplicaSet();
    out.apiVersion = json.value(QStringLiteral("apiVersion")).toString(out.apiVersion);
    setPackage(d, out.apiVersion);
    d.topLevel(json);
    const QString R = QStringLiteral("ReplicaSet");
    d.meta(json, out.metadata, R, QString());
    const QJsonObject spec = d.object(json, "spec", R, QString(), d.pkg + QStringLiteral(".ReplicaSetSpec"));
    const QString p = QStringLiteral("spec");
    const QString S = QStringLiteral("ReplicaSetSpec");
    d.checkKnown(spec, p, {"replicas", "minReadySeconds", "selector", "template"});
    out.spec.replicas = d.i32(spec, "replicas", S, p);
    out.spec.minReadySeconds = d.i32(spec, "minReadySeconds", S, p).value_or(0);
    out.spec.selector = d.selector(spec, S, p);
    d.podTemplate(spec, out.spec.template_, S, p);
    const QJsonObject status = d.object(json, "status", R, QString(), d.pkg + QStringLiteral(".ReplicaSetStatus"));
    const QString stp = QStringLiteral("status");
    const QString ST = QStringLiteral("ReplicaSetStatus");
    d.checkKnown(status, stp,
        {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "terminatingReplicas",
            "observedGeneration", "conditions"});
    out.status.replicas = d.i32(status, "replicas", ST, stp).value_or(0);
    out.status.fullyLabeledReplicas = d.i32(status, "fullyLabeledReplicas", ST, stp).value_or(0);
    out.status.readyReplicas = d.i32(status, "readyReplicas", ST, stp).value_or(0);
    out.status.availableReplicas = d.i32(status, "availableReplicas", ST, stp).value_or(0);
    out.status.terminatingReplicas = d.i32(status, "terminatingReplicas", ST, stp);
    out.status.observedGeneration = d.i64(status, "observedGeneration", ST, stp).value_or(0);
    out.status.conditions = d.conditions(status, ST, stp, QStringLiteral("ReplicaSetCondition"), false);
    return d.finish();
}

StrictDecodeResult decodeStrict(const QJsonObject& json, Pod& out)
{
    Decoder d;
    out = Pod();
    out.apiVersion = json.value(QStringLiteral("apiVersion")).toString(out.apiVersion);
    d.topLevel(json);
    const QString P = QStringLiteral("Pod");
    d.meta(json, out.metadata, P, QString());
    d.podSpec(json, out.spec.edit(), P, QString());
    // Pod status is written by the kubelet; only its top-level fields are checked here.
    const QJsonObject status = d.object(json, "status", P, QString(), QStringLiteral("v1.PodStatus"));
    d.checkKnown(status, QStringLiteral("status"),
        {"phase", "conditions", "message", "reason", "nominatedNodeName", "hostIP", "hostIPs", "podIP", "podIPs",
            "startTime", "initContainerStatuses", "containerStatuses", "qosClass", "ephemeralContainerStatuses",
            "resize", "resourceClaimStatuses"});
    out.status.phase
        = d.str(status, "phase", QStringLiteral("PodStatus"), QStringLiteral("status"), QStringLiteral("v1.PodPhase"));
    out.status.hostIP = d.str(status, "hostIP", QStringLiteral("PodStatus"), QStringLiteral("status"));
    out.status.podIP = d.str(status, "podIP", QStringLiteral("PodStatus"), QStringLiteral("status"));
    out.status.podIPsListed = status.contains(QStringLiteral("podIPs"));
    out.status.hostIPsListed = status.contains(QStringLiteral("hostIPs"));
    out.status.qosClass = d.str(
        status, "qosClass", QStringLiteral("PodStatus"), QStringLiteral("status"), QStringLiteral("v1.PodQOSClass"));
    out.status.startTime = d.time(status, "startTime", QStringLiteral("PodStatus"), QStringLiteral("status"));
    return d.finish();
}

StrictDecodeResult decodeStrict(const QJsonObject& json, Service& out)
{
    Decoder d;
    out = Service();
    out.apiVersion = json.value(QStringLiteral("apiVersion")).toString(out.apiVersion);
    d.topLevel(json);
    const QString V = QStringLiteral("Service");
    d.meta(json, out.metadata, V, QString());
    const QJsonObject spec = d.object(json, "spec", V, QString(), QStringLiteral("v1.ServiceSpec"));
    const QString p = QStringLiteral("spec");
    const QString S = QStringLiteral("ServiceSpec");
    static const QStringList extraKeys = {QStringLiteral("clusterIPs"), QStringLiteral("externalIPs"),
        QStringLiteral("loadBalancerIP"), QStringLiteral("loadBalancerSourceRanges"), QStringLiteral("externalName"),
        QStringLiteral("externalTrafficPolicy"), QStringLiteral("healthCheckNodePort"),
        QStringLiteral("sessionAffinityConfig"), QStringLiteral("ipFamilies"), QStringLiteral("ipFamilyPolicy"),
        QStringLiteral("allocateLoadBalancerNodePorts"), QStringLiteral("loadBalancerClass"),
        QStringLiteral("internalTrafficPolicy"), QStringLiteral("trafficDistribution")};
    d.checkKnown(
        spec, p, {"ports", "selector", "clusterIP", "type", "sessionAffinity", "publishNotReadyAddresses"}, extraKeys);
    for (const auto& [po, pp] : d.objects(spec, "ports", S, p, QStringLiteral("v1.ServicePort"))) {
        const QString SP = QStringLiteral("ServicePort");
        d.checkKnown(po, pp, {"name", "protocol", "appProtocol", "port", "targetPort", "nodePort"});
        ServicePort port;
        port.name = d.str(po, "name", SP, pp);
        port.protocol = d.str(po, "protocol", SP, pp, QStringLiteral("v1.Protocol"));
        port.port = d.i32(po, "port", SP, pp).value_or(0);
        port.targetPort = d.intOrString(po, "targetPort", SP, pp);
        port.nodePort = d.i32(po, "nodePort", SP, pp).value_or(0);
        out.spec.ports.push_back(port);
    }
    out.spec.selector = d.stringMap(spec, "selector", S, p);
    out.spec.clusterIP = d.str(spec, "clusterIP", S, p);
    out.spec.type = d.str(spec, "type", S, p, QStringLiteral("v1.ServiceType"));
    out.spec.sessionAffinity = d.str(spec, "sessionAffinity", S, p, QStringLiteral("v1.ServiceAffinity"));
    out.spec.publishNotReadyAddresses = d.boolean(spec, "publishNotReadyAddresses", S, p);
    for (const QString& k : extraKeys) {
        if (spec.contains(k) && !spec.value(k).isNull())
            out.spec.extra.insert(k, spec.value(k));
    }
    const QJsonObject status = d.object(json, "status", V, QString(), QStringLiteral("v1.ServiceStatus"));
    d.checkKnown(status, QStringLiteral("status"), {"loadBalancer", "conditions"});
    return d.finish();
}

} // namespace rl
