#include "manifest/manifest.h"

#include "api/json.h"
#include "manifest/decoder.h"
#include "manifest/defaults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace rl {

QString ManifestError::locationText() const
{
    if (!pos.isValid())
        return {};
    QString s = file + QLatin1Char(':') + QString::number(pos.line);
    if (pos.column > 0)
        s += QLatin1Char(':') + QString::number(pos.column);
    return s;
}

namespace {

QString parentPath(const QString& path)
{
    if (path.endsWith(QLatin1Char(']')))
        return path.left(std::max<qsizetype>(0, path.lastIndexOf(QLatin1Char('['))));
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? path.left(dot) : QString();
}

} // namespace

SourcePos ManifestDocument::positionOf(const QString& jsonPath) const
{
    for (QString p = jsonPath; !p.isEmpty(); p = parentPath(p)) {
        const auto it = sourceMap.values.constFind(p);
        if (it != sourceMap.values.cend() && it->isValid())
            return *it;
    }
    return pos;
}

SourcePos ManifestDocument::keyPositionOf(const QString& jsonPath) const
{
    for (QString p = jsonPath; !p.isEmpty(); p = parentPath(p)) {
        const auto it = sourceMap.keys.constFind(p);
        if (it != sourceMap.keys.cend() && it->isValid())
            return *it;
        const auto v = sourceMap.values.constFind(p);
        if (v != sourceMap.values.cend() && v->isValid())
            return *v;
    }
    return pos;
}

namespace {

const QString kStopValidate
    = QStringLiteral("if you choose to ignore these errors, turn validation off with --validate=false");

// Go encoding/json syntax checking for JSON input (kubectl's YAMLOrJSONDecoder decodes a stream
// that starts with '{' as JSON): returns the message Go gives, or an empty string.
class GoJsonChecker
{
public:
    explicit GoJsonChecker(const QByteArray& s)
        : m_s(s)
    { }

    /// Checks the whole stream of top-level values; returns "" or the error text.
    QString check(int& errorIndex)
    {
        for (;;) {
            skipWs();
            if (m_i >= m_s.size())
                return {};
            if (!value())
                break;
        }
        errorIndex = m_errIndex;
        return m_err;
    }

private:
    const QByteArray& m_s;
    int m_i = 0;
    int m_depth = 0;
    QString m_err;
    int m_errIndex = 0;
    // encoding/json scanner.go maxNestingDepth: "invalid character '[' exceeded max depth".
    static constexpr int kMaxNestingDepth = 10000;

    /// scanner.pushParseState: entering an object or array.
    bool push()
    {
        if (++m_depth > kMaxNestingDepth)
            return fail(QStringLiteral("exceeded max depth"));
        ++m_i;
        return true;
    }

    static QString quoteChar(char c)
    {
        if (c == '\'')
            return QStringLiteral("'\\''");
        if (c == '"')
            return QStringLiteral("'\"'");
        return QLatin1Char('\'') + QString::fromLatin1(&c, 1) + QLatin1Char('\'');
    }
    bool fail(const QString& context)
    {
        if (m_i >= m_s.size()) {
            m_err = QStringLiteral("unexpected EOF");
            m_errIndex = m_s.size();
            return false;
        }
        m_err = QStringLiteral("json: offset %1: invalid character %2 %3")
                    .arg(m_i + 1)
                    .arg(quoteChar(m_s.at(m_i)), context);
        m_errIndex = m_i;
        return false;
    }
    void skipWs()
    {
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }
    /// One top-level value. Iterative (an explicit stack of open objects and arrays), so that deep
    /// nesting cannot overflow the C++ stack before Go's depth limit is reached.
    bool value()
    {
        std::vector<char> open; // '{' or '['
        for (;;) {
            // A value is expected.
            skipWs();
            if (m_i >= m_s.size())
                return fail(QString());
            const char c = m_s[m_i];
            bool done = false;
            if (c == '{' || c == '[') {
                if (!push())
                    return false;
                open.push_back(c);
                skipWs();
                if (m_i < m_s.size() && m_s[m_i] == (c == '{' ? '}' : ']')) {
                    ++m_i;
                    --m_depth;
                    open.pop_back();
                    done = true;
                } else if (c == '{' && !key()) {
                    return false;
                }
            } else {
                if (!scalar(c))
                    return false;
                done = true;
            }
            // After a complete value: close what ends here, stop at the next element or member.
            while (done) {
                if (open.empty())
                    return true;
                skipWs();
                const bool inObject = open.back() == '{';
                if (m_i < m_s.size() && m_s[m_i] == ',') {
                    ++m_i;
                    if (inObject && !key())
                        return false;
                    done = false;
                } else if (m_i < m_s.size() && m_s[m_i] == (inObject ? '}' : ']')) {
                    ++m_i;
                    --m_depth;
                    open.pop_back();
                } else {
                    return fail(inObject ? QStringLiteral("after object key:value pair")
                                         : QStringLiteral("after array element"));
                }
            }
        }
    }
    /// `"key":` of an object member.
    bool key()
    {
        skipWs();
        if (m_i >= m_s.size() || m_s[m_i] != '"')
            return fail(QStringLiteral("looking for beginning of object key string"));
        if (!string())
            return false;
        skipWs();
        if (m_i >= m_s.size() || m_s[m_i] != ':')
            return fail(QStringLiteral("after object key"));
        ++m_i;
        return true;
    }
    bool scalar(char c)
    {
        if (c == '"')
            return string();
        if (c == '-' || (c >= '0' && c <= '9'))
            return number();
        if (c == 't')
            return literal("true");
        if (c == 'f')
            return literal("false");
        if (c == 'n')
            return literal("null");
        return fail(QStringLiteral("looking for beginning of value"));
    }
    bool string()
    {
        ++m_i;
        while (m_i < m_s.size()) {
            const unsigned char c = static_cast<unsigned char>(m_s[m_i]);
            if (c == '"') {
                ++m_i;
                return true;
            }
            if (c == '\\') {
                ++m_i;
                if (m_i >= m_s.size())
                    return fail(QString());
                if (!QByteArray("\"\\/bfnrtu").contains(m_s[m_i]))
                    return fail(QStringLiteral("in string escape code"));
            } else if (c < 0x20) {
                return fail(QStringLiteral("in string literal"));
            }
            ++m_i;
        }
        return fail(QString());
    }
    bool digits()
    {
        if (m_i >= m_s.size() || m_s[m_i] < '0' || m_s[m_i] > '9')
            return fail(QStringLiteral("in numeric literal"));
        while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9')
            ++m_i;
        return true;
    }
    bool number()
    {
        if (m_s[m_i] == '-')
            ++m_i;
        if (m_i < m_s.size() && m_s[m_i] == '0')
            ++m_i;
        else if (!digits())
            return false;
        if (m_i < m_s.size() && m_s[m_i] == '.') {
            ++m_i;
            if (!digits())
                return false;
        }
        if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            ++m_i;
            if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-'))
                ++m_i;
            if (!digits())
                return false;
        }
        return true;
    }
    bool literal(const char* word)
    {
        const int n = int(qstrlen(word));
        for (int k = 0; k < n; ++k, ++m_i) {
            if (m_i >= m_s.size() || m_s[m_i] != word[k])
                return fail(
                    QStringLiteral("in literal %1 (expecting %2)").arg(QLatin1String(word), quoteChar(word[k])));
        }
        return true;
    }
};

SourcePos offsetToPos(const QByteArray& text, int index)
{
    int line = 1, col = 1;
    for (int i = 0; i < index && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {line, col};
}

struct RawDoc
{
    QJsonValue json;
    SourceMap map;
    SourcePos pos;
};

void addError(ParseResult& r, ManifestError e)
{
    if (r.errors.empty())
        r.documentsBeforeError = r.documents.size();
    r.errors.push_back(std::move(e));
}

/// What kubectl's decoder says of an object it cannot decode without validation (empty when it
/// decodes), after `unable to decode "FILE": `; `path` is the offending field's, when there is one.
/// Unstructured (apimachinery unstructuredJSONScheme.Decode, then the builder's metadataOnlyObject):
/// a kind that is not a non-empty string is missing. Typed (runtime/serializer/json): apiVersion
/// and kind are read as strings by SimpleMetaFactory.Interpret, then both must be set.
QString decodeError(const QJsonObject& o, ManifestChecks checks, QString& path)
{
    const QJsonValue apiVersion = o.value(QStringLiteral("apiVersion"));
    const QJsonValue kind = o.value(QStringLiteral("kind"));
    // The position shown is the field's when it is there (null, or not a string).
    const auto missing = [&](const char* field, const QString& key) {
        if (o.contains(key))
            path = key;
        return QStringLiteral("Object '%1' is missing in '%2'")
            .arg(QLatin1String(field), QString::fromUtf8(toGoJson(o)));
    };
    if (checks == ManifestChecks::Typed) {
        for (const auto& [key, value] : {std::pair {"apiVersion", apiVersion}, std::pair {"kind", kind}}) {
            if (!value.isUndefined() && !value.isNull() && !value.isString()) {
                path = QLatin1String(key);
                return QStringLiteral("couldn't get version/kind; json parse error: json: cannot unmarshal %1 into "
                                      "Go struct field .%2 of type string")
                    .arg(jsonTypeName(value), QLatin1String(key));
            }
        }
        if (kind.toString().isEmpty())
            return missing("Kind", QStringLiteral("kind"));
        if (apiVersion.toString().isEmpty())
            return missing("apiVersion", QStringLiteral("apiVersion"));
        const DecodeError e = decodeTypedError(o);
        path = e.path;
        return e.message;
    } else if (kind.toString().isEmpty()) {
        return missing("Kind", QStringLiteral("kind"));
    }
    const DecodeError e = decodeTypeAndObjectMeta(o, QStringLiteral("metadataOnlyObject"));
    path = e.path;
    return e.message;
}

void addDocument(ParseResult& r, const QJsonValue& value, const SourceMap& map, const SourcePos& pos,
    const QString& file, const QString& pathPrefix, ManifestChecks checks, bool listItem = false)
{
    if (value.isNull() || value.isUndefined())
        return;
    if (!value.isObject()) {
        addError(r,
            {QStringLiteral("error validating %1: error validating data: invalid object to validate; %2")
                    .arg(goQuote(file), kStopValidate),
                QString(), QString(), file, pos, jsonTypeName(value)});
        return;
    }
    const QJsonObject o = value.toObject();
    const QJsonValue apiVersion = o.value(QStringLiteral("apiVersion"));
    const QJsonValue kind = o.value(QStringLiteral("kind"));
    if (checks != ManifestChecks::Validate) {
        QString path;
        const QString error = decodeError(o, checks, path);
        if (!error.isEmpty()) {
            ManifestError e {QStringLiteral("unable to decode %1: %2").arg(goQuote(file), error), QString(), QString(),
                file, path.isEmpty() ? pos : map.values.value(path, pos)};
            if (listItem && kind.toString().isEmpty()) {
                // The builder takes a List's items apart after decoding it: an item without a kind
                // fails its type lookup (unstructured), or the typed decode of the item's JSON.
                e.message = checks == ManifestChecks::Typed ? error
                                                            : QStringLiteral("unable to get type info from the object "
                                                                             "\"*unstructured.Unstructured\": Object "
                                                                             "'Kind' is missing in 'object has no kind "
                                                                             "field '");
                e.bare = true;
            }
            addError(r, e);
            return;
        }
    }
    QStringList problems;
    if (checks != ManifestChecks::Validate) {
        // decoded: a missing apiVersion is left empty (the unstructured decoder does not need it)
    } else if (apiVersion.isUndefined() || apiVersion.isNull())
        problems << QStringLiteral("apiVersion not set");
    else if (!apiVersion.isString())
        problems << QStringLiteral("apiVersion isn't string type");
    if (kind.isUndefined() || kind.isNull())
        problems << QStringLiteral("kind not set");
    else if (!kind.isString())
        problems << QStringLiteral("kind isn't string type");
    if (!problems.isEmpty()) {
        const QString agg = problems.size() == 1
            ? problems.first()
            : QLatin1Char('[') + problems.join(QStringLiteral(", ")) + QLatin1Char(']');
        addError(r,
            {QStringLiteral("error validating %1: error validating data: %2; %3")
                    .arg(goQuote(file), agg, kStopValidate),
                QString(), QString(), file, pos});
        return;
    }
    // kind: List (v1) is flattened by kubectl's builder.
    if (kind.toString() == QLatin1String("List") && o.value(QStringLiteral("items")).isArray()) {
        const QJsonArray items = o.value(QStringLiteral("items")).toArray();
        for (int i = 0; i < items.size(); ++i) {
            const QString prefix = pathPrefix + QStringLiteral("items[%1]").arg(i);
            SourceMap sub;
            for (auto it = map.values.cbegin(); it != map.values.cend(); ++it) {
                if (it.key().startsWith(prefix + QLatin1Char('.')))
                    sub.values.insert(it.key().mid(prefix.size() + 1), it.value());
            }
            for (auto it = map.keys.cbegin(); it != map.keys.cend(); ++it) {
                if (it.key().startsWith(prefix + QLatin1Char('.')))
                    sub.keys.insert(it.key().mid(prefix.size() + 1), it.value());
            }
            const SourcePos itemPos = map.values.value(prefix, pos);
            addDocument(r, items.at(i), sub, itemPos, file, QString(), checks, true);
        }
        return;
    }
    ManifestDocument d;
    d.apiVersion = apiVersion.toString();
    d.kind = kind.toString();
    const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
    d.name = meta.value(QStringLiteral("name")).toString();
    d.namespace_ = meta.value(QStringLiteral("namespace")).toString();
    d.json = o;
    d.file = file;
    d.pos = pos;
    d.sourceMap = map;
    r.documents.push_back(d);
}

} // namespace

ParseResult parseManifests(const QByteArray& text, const QString& fileName, ManifestChecks checks)
{
    ParseResult r;
    int first = 0;
    while (first < text.size() && QByteArray(" \t\r\n").contains(text.at(first)))
        ++first;
    if (first < text.size() && text.at(first) == '{') {
        // JSON stream.
        int errIndex = 0;
        const QString err = GoJsonChecker(text).check(errIndex);
        if (!err.isEmpty()) {
            addError(r,
                {QStringLiteral("error parsing %1: %2").arg(fileName, err), QString(), QString(), fileName,
                    offsetToPos(text, errIndex)});
            return r;
        }
        // JSON is YAML: reuse the YAML reader for the source map (one document per top-level value).
        YamlChunk chunk {text, 1};
        QJsonValue v;
        SourceMap map;
        YamlError yerr;
        if (yamlToJson(chunk, v, &map, yerr)) {
            addDocument(r, v, map, offsetToPos(text, first), fileName, QString(), checks);
        } else {
            const QJsonDocument doc = QJsonDocument::fromJson(text);
            addDocument(r, doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), SourceMap(),
                offsetToPos(text, first), fileName, QString(), checks);
        }
        return r;
    }
    // kubectl's YAMLReader hands out the documents before a bad separator before it fails on it.
    std::vector<YamlChunk> chunks;
    QString splitError;
    const bool split = splitYamlDocuments(text, chunks, splitError);
    for (const YamlChunk& chunk : chunks) {
        QJsonValue v;
        SourceMap map;
        YamlError yerr;
        if (!yamlToJson(chunk, v, &map, yerr)) {
            addError(r,
                {QStringLiteral("error parsing %1: error converting YAML to JSON: %2").arg(fileName, yerr.message),
                    QString(), QString(), fileName, yerr.pos});
            continue;
        }
        // Position of the document: its first non-blank, non-comment line.
        SourcePos pos {chunk.firstLine, 1};
        const QList<QByteArray> lines = chunk.text.split('\n');
        for (int i = 0; i < lines.size(); ++i) {
            const QByteArray t = lines.at(i).trimmed();
            if (!t.isEmpty() && !t.startsWith('#')) {
                pos = {chunk.firstLine + i, 1};
                break;
            }
        }
        addDocument(r, v, map, pos, fileName, QString(), checks);
    }
    if (!split) {
        addError(
            r, {QStringLiteral("error parsing %1: %2").arg(fileName, splitError), QString(), QString(), fileName, {}});
    }
    return r;
}

QString decodeErrorText(const ManifestError& e, bool typed)
{
    if (e.jsonType.isEmpty())
        return e.message;
    // apimachinery unstructured.UnstructuredJSONScheme.decode (it first unmarshals into a struct
    // named detector) or, for a typed decode, runtime/serializer/json SimpleMetaFactory.Interpret
    // (its version/kind probe is an anonymous struct).
    const QString into = typed
        ? QStringLiteral("couldn't get version/kind; json parse error: json: cannot unmarshal %1 "
                         "into Go value of type struct { APIVersion string "
                         "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
                         "\"json:\\\"kind,omitempty\\\"\" }")
        : QStringLiteral("json: cannot unmarshal %1 into Go value of type unstructured.detector");
    return QStringLiteral("unable to decode %1: %2").arg(goQuote(e.file), into.arg(e.jsonType));
}

bool isServed(const QString& apiVersion, const QString& kind, const ClusterVersion& v)
{
    static const QStringList coreKinds
        = {QStringLiteral("Pod"), QStringLiteral("Service"), QStringLiteral("ConfigMap"), QStringLiteral("Secret"),
            QStringLiteral("Namespace"), QStringLiteral("ServiceAccount"), QStringLiteral("Endpoints"),
            QStringLiteral("Event"), QStringLiteral("ReplicationController"), QStringLiteral("PersistentVolumeClaim"),
            QStringLiteral("PersistentVolume"), QStringLiteral("Node"), QStringLiteral("LimitRange"),
            QStringLiteral("ResourceQuota"), QStringLiteral("PodTemplate"), QStringLiteral("List")};
    static const QStringList appsV1 = {QStringLiteral("Deployment"), QStringLiteral("ReplicaSet"),
        QStringLiteral("StatefulSet"), QStringLiteral("DaemonSet"), QStringLiteral("ControllerRevision")};
    const bool upTo115 = !v.atLeast(1, 16);
    if (apiVersion == QLatin1String("v1"))
        return coreKinds.contains(kind);
    if (apiVersion == QLatin1String("apps/v1"))
        return v.atLeast(1, 9) && appsV1.contains(kind);
    if (apiVersion == QLatin1String("apps/v1beta2"))
        return upTo115 && v.atLeast(1, 8) && appsV1.contains(kind);
    if (apiVersion == QLatin1String("apps/v1beta1"))
        return upTo115
            && (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet")
                || kind == QLatin1String("ControllerRevision"));
    if (apiVersion == QLatin1String("extensions/v1beta1")) {
        if (kind == QLatin1String("Ingress"))
            return !v.atLeast(1, 22);
        return upTo115
            && (kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet")
                || kind == QLatin1String("DaemonSet") || kind == QLatin1String("NetworkPolicy")
                || kind == QLatin1String("PodSecurityPolicy"));
    }
    if (apiVersion == QLatin1String("batch/v1"))
        return kind == QLatin1String("Job") || (kind == QLatin1String("CronJob") && v.atLeast(1, 21));
    if (apiVersion == QLatin1String("networking.k8s.io/v1"))
        return kind == QLatin1String("NetworkPolicy") || (kind == QLatin1String("Ingress") && v.atLeast(1, 19));
    if (apiVersion == QLatin1String("autoscaling/v2"))
        return kind == QLatin1String("HorizontalPodAutoscaler") && v.atLeast(1, 23);
    if (apiVersion == QLatin1String("autoscaling/v1"))
        return kind == QLatin1String("HorizontalPodAutoscaler");
    if (apiVersion == QLatin1String("policy/v1"))
        return kind == QLatin1String("PodDisruptionBudget") && v.atLeast(1, 21);
    return false;
}

namespace {

template<typename T> bool decodeObject(const ManifestDocument& doc, T& out, AdmitResult& r)
{
    const StrictDecodeResult dr = decodeStrict(doc.json, out);
    if (dr.ok())
        return true;
    const QString version = doc.apiVersion.mid(doc.apiVersion.indexOf(QLatin1Char('/')) + 1);
    const QString prefix
        = QStringLiteral("%1 in version %2 cannot be handled as a %1: ").arg(doc.kind, goQuote(version));
    ManifestError e;
    e.reason = QStringLiteral("BadRequest");
    e.file = doc.file;
    if (!dr.typeError.isEmpty()) {
        e.message = prefix + dr.typeError.message;
        e.fieldPath = dr.typeError.path;
        e.pos = doc.positionOf(e.fieldPath);
    } else {
        // Go decodes in document order: order the unknown fields by their position in the source.
        struct Unknown
        {
            QString text;
            QString path;
            SourcePos pos;
        };
        std::vector<Unknown> unknown;
        for (const QString& u : dr.unknownFields) {
            QString path = u.mid(u.indexOf(QLatin1Char('"')) + 1);
            path.chop(1);
            unknown.push_back({u, path, doc.keyPositionOf(path)});
        }
        std::stable_sort(unknown.begin(), unknown.end(), [](const Unknown& a, const Unknown& b) {
            return std::make_pair(a.pos.line, a.pos.column) < std::make_pair(b.pos.line, b.pos.column);
        });
        QStringList texts;
        for (const auto& u : unknown)
            texts << u.text;
        e.message = prefix + strictDecodingMessage(texts);
        e.fieldPath = unknown.front().path;
        e.pos = unknown.front().pos;
    }
    r.errors.push_back(e);
    r.message = kubectlErrorText(e);
    return false;
}

/// The JSON value at a path like "spec.template.spec.containers[0].name" (undefined if absent).
QJsonValue valueAt(const QJsonObject& root, const QString& path)
{
    QJsonValue cur = root;
    static const QRegularExpression part(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    auto it = part.globalMatch(path);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!m.captured(2).isEmpty())
            cur = cur.toArray().at(m.captured(2).toInt());
        else
            cur = cur.toObject().value(m.captured(1));
        if (cur.isUndefined())
            break;
    }
    return cur;
}

/// Scalars point at their value, missing fields and collections at their key (or nearest ancestor).
SourcePos errorPosition(const ManifestDocument& doc, const QString& path)
{
    const QJsonValue v = valueAt(doc.json, path);
    if (v.isObject() || v.isArray() || v.isUndefined())
        return doc.keyPositionOf(path);
    return doc.positionOf(path);
}

template<typename T>
void finish(const ManifestDocument& doc, T obj, const ClusterVersion& v, const ApiObject* old, AdmitResult& r)
{
    if constexpr (std::is_same_v<T, Deployment> || std::is_same_v<T, Service>)
        applyDefaults(obj, doc.apiVersion, v.minor);
    else
        applyDefaults(obj, doc.apiVersion);
    if constexpr (std::is_same_v<T, Pod>) {
        if (!old) // the admission plugins of a create
            admitPod(obj, v.minor);
    }
    const T* oldObj = old ? std::get_if<T>(old) : nullptr;
    if constexpr (std::is_same_v<T, Service>) {
        if (oldObj) // the strategy's PrepareForUpdate, before validation
            dropTypeDependentFields(obj, *oldObj, v.minor);
    }
    const std::vector<FieldError> errs = validate(obj, oldObj, v);
    if (!errs.empty()) {
        for (const FieldError& fe : errs) {
            ManifestError e;
            e.message = fe.toString();
            e.reason = QStringLiteral("Invalid");
            e.fieldPath = fe.field;
            e.file = doc.file;
            e.pos = errorPosition(doc, fe.field);
            r.errors.push_back(e);
        }
        r.message = formatInvalid(doc.kind, obj.metadata.name, errs);
        return;
    }
    if constexpr (std::is_same_v<T, Deployment> || std::is_same_v<T, ReplicaSet>)
        r.warnings = warningsFor(obj);
    r.object = ApiObject(std::move(obj));
}

} // namespace

AdmitResult admit(const ManifestDocument& doc, const ClusterVersion& v, const ApiObject* old)
{
    AdmitResult r;
    if (!isServed(doc.apiVersion, doc.kind, v)) {
        ManifestError e;
        e.message = QStringLiteral("resource mapping not found for name: %1 namespace: %2 from %3: no matches for kind "
                                   "%4 in version %5\nensure CRDs are installed first")
                        .arg(goQuote(doc.name), goQuote(doc.namespace_), goQuote(doc.file), goQuote(doc.kind),
                            goQuote(doc.apiVersion));
        e.file = doc.file;
        e.fieldPath = QStringLiteral("kind");
        e.pos = doc.positionOf(QStringLiteral("kind"));
        r.errors.push_back(e);
        r.message = kubectlErrorText(e);
        return r;
    }
    // apiserver handlers/rest.go limitedReadBody: the request body (the object as JSON) is read up to
    // MaxRequestBodyBytes (3 MiB by default) and refused with 413 beyond it.
    static constexpr qsizetype kMaxRequestBodyBytes = 3 * 1024 * 1024;
    if (QJsonDocument(doc.json).toJson(QJsonDocument::Compact).size() > kMaxRequestBodyBytes) {
        ManifestError e;
        e.message = QStringLiteral("Request entity too large: limit is %1").arg(kMaxRequestBodyBytes);
        e.reason = QStringLiteral("RequestEntityTooLarge");
        e.file = doc.file;
        e.pos = doc.pos;
        r.errors.push_back(e);
        r.message = kubectlErrorText(e);
        return r;
    }
    if (doc.kind == QLatin1String("Deployment")) {
        Deployment d;
        if (decodeObject(doc, d, r))
            finish(doc, std::move(d), v, old, r);
    } else if (doc.kind == QLatin1String("ReplicaSet")) {
        ReplicaSet rs;
        if (decodeObject(doc, rs, r))
            finish(doc, std::move(rs), v, old, r);
    } else if (doc.kind == QLatin1String("Pod")) {
        Pod p;
        if (decodeObject(doc, p, r))
            finish(doc, std::move(p), v, old, r);
    } else if (doc.kind == QLatin1String("Service")) {
        Service s;
        if (decodeObject(doc, s, r))
            finish(doc, std::move(s), v, old, r);
    } else {
        ManifestError e;
        e.message = QStringLiteral("%1 %2 is served by Kubernetes but not simulated by Rollout Lab")
                        .arg(doc.apiVersion, doc.kind);
        e.file = doc.file;
        e.pos = doc.pos;
        r.errors.push_back(e);
        r.message = kubectlErrorText(e);
    }
    return r;
}

void applyDefaults(ApiObject& o, const QString& apiVersion)
{
    std::visit([&apiVersion](auto& x) { applyDefaults(x, apiVersion); }, o);
}

std::vector<FieldError> validate(const ApiObject& o, const ApiObject* old, const ClusterVersion& v)
{
    return std::visit(
        [old, &v](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            const T* oldObj = old ? std::get_if<T>(old) : nullptr;
            return validate(x, oldObj, v);
        },
        o);
}

QJsonObject toJson(const ApiObject& o)
{
    return std::visit([](const auto& x) { return toJson(x); }, o);
}

QString kindOf(const ApiObject& o)
{
    return std::visit([](const auto& x) { return kindName(std::decay_t<decltype(x)>::kind); }, o);
}

QString nameOf(const ApiObject& o)
{
    return std::visit([](const auto& x) { return x.metadata.name; }, o);
}

QString kubectlErrorText(const ManifestError& e, const QString& verb)
{
    if (e.reason.isEmpty() && (e.bare || e.message.startsWith(QLatin1String("error: "))))
        return e.message;
    if (e.reason.isEmpty())
        return QStringLiteral("error: ") + e.message;
    if (e.reason == QLatin1String("Invalid"))
        return e.message;
    QString msg = e.message;
    if (!e.file.isEmpty())
        msg = QStringLiteral("error when %1 %2: %3").arg(verb, goQuote(e.file), msg);
    return QStringLiteral("Error from server (%1): %2").arg(e.reason, msg);
}

} // namespace rl
