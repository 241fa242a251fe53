#include "kubectl/patch.h"

#include "manifest/goyamlsyntax.h"
#include "manifest/yamljson.h"

#include <QHash>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

// Ported rules, by upstream file:
//  k8s.io/apimachinery/pkg/util/strategicpatch/patch.go   mergeMap, mergeSlice, diffMaps, ...
//  k8s.io/apimachinery/pkg/util/mergepatch/errors.go       error texts
//  k8s.io/api/{apps,core}/v1/types.go                      patchStrategy / patchMergeKey tags
//  gopkg.in/evanphx/json-patch.v4 patch.go, merge.go       JSON patch and JSON merge patch
//  k8s.io/apiserver/pkg/endpoints/handlers/patch.go        how the server reports the errors
//  k8s.io/kubectl/pkg/cmd/patch/patch.go                   `unable to parse %q: %v`

namespace rl {

namespace {

using Error = PatchResult::Error;

struct Fail
{
    Error kind;
    QString message;
    QString serverMessage;
};

[[noreturn]] void fail(const QString& message, Error kind = Error::Internal, const QString& serverMessage = {})
{
    throw Fail {kind, message, serverMessage};
}

const QString kDirective = QStringLiteral("$patch");
const QString kDelete = QStringLiteral("delete");
const QString kReplace = QStringLiteral("replace");
const QString kMerge = QStringLiteral("merge");
const QString kRetainKeys = QStringLiteral("$retainKeys");
const QString kDeleteFromPrimitiveList = QStringLiteral("$deleteFromPrimitiveList");
const QString kSetElementOrder = QStringLiteral("$setElementOrder");

// mergepatch/errors.go
const QString kErrBadJSONDoc = QStringLiteral("invalid JSON document");
const QString kErrNoListOfLists = QStringLiteral("lists of lists are not supported");
const QString kErrBadPatchFormatForPrimitiveList = QStringLiteral("invalid patch format of primitive list");
const QString kErrBadPatchFormatForRetainKeys = QStringLiteral("invalid patch format of retainKeys");
const QString kErrBadPatchFormatForSetElementOrderList = QStringLiteral("invalid patch format of setElementOrder list");

QString goTypeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return QStringLiteral("map[string]interface {}");
    case QJsonValue::Array:
        return QStringLiteral("[]interface {}");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("float64");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    default:
        return QStringLiteral("<nil>");
    }
}

[[noreturn]] void failNoMergeKey(const QJsonValue& m, const QString& key)
{
    fail(QStringLiteral("map: %1 does not contain declared merge key: %2").arg(Patch::goFormat(m), key));
}
[[noreturn]] void failBadArgType(const QString& expected, const QJsonValue& actual)
{
    fail(QStringLiteral("expected a %1, but received a %2").arg(expected, goTypeName(actual)));
}
[[noreturn]] void failBadPatchType(const QJsonValue& directive, const QJsonObject& m)
{
    const QString d = directive.isString() ? directive.toString() : Patch::goFormat(directive);
    fail(QStringLiteral("unknown patch type: %1 in map: %2").arg(d, Patch::goFormat(m)));
}

// --- patch metadata (struct tags of k8s.io/api) -------------------------------------------------

struct Meta
{
    QString type; // struct type of the field, element type for lists ("" = no metadata)
    QString strategy; // "merge", "replace" or ""
    bool retainKeys = false;
    QString mergeKey;
};

using Schema = QHash<QString, QHash<QString, Meta>>;

Meta typ(const QString& type)
{
    return Meta {type, {}, false, {}};
}

const Schema& schema()
{
    static const Schema s = [] {
        Schema s;
        const Meta objectMeta {QStringLiteral("ObjectMeta"), {}, false, {}};
        const Meta mergeByType {QStringLiteral("Condition"), kMerge, false, QStringLiteral("type")};
        const Meta mergeByName {QString(), kMerge, false, QStringLiteral("name")};
        const Meta mergeByIp {QString(), kMerge, false, QStringLiteral("ip")};
        const Meta container {QStringLiteral("Container"), kMerge, false, QStringLiteral("name")};
        s[QStringLiteral("Deployment")] = {{QStringLiteral("metadata"), objectMeta},
            {QStringLiteral("spec"), typ(QStringLiteral("DeploymentSpec"))},
            {QStringLiteral("status"), typ(QStringLiteral("DeploymentStatus"))}};
        s[QStringLiteral("ReplicaSet")] = {{QStringLiteral("metadata"), objectMeta},
            {QStringLiteral("spec"), typ(QStringLiteral("ReplicaSetSpec"))},
            {QStringLiteral("status"), typ(QStringLiteral("ReplicaSetStatus"))}};
        s[QStringLiteral("Pod")]
            = {{QStringLiteral("metadata"), objectMeta}, {QStringLiteral("spec"), typ(QStringLiteral("PodSpec"))},
                {QStringLiteral("status"), typ(QStringLiteral("PodStatus"))}};
        s[QStringLiteral("Service")]
            = {{QStringLiteral("metadata"), objectMeta}, {QStringLiteral("spec"), typ(QStringLiteral("ServiceSpec"))},
                {QStringLiteral("status"), typ(QStringLiteral("ServiceStatus"))}};
        s[QStringLiteral("ObjectMeta")]
            = {{QStringLiteral("ownerReferences"), {QString(), kMerge, false, QStringLiteral("uid")}},
                {QStringLiteral("finalizers"), {QString(), kMerge, false, {}}}};
        s[QStringLiteral("DeploymentSpec")] = {{QStringLiteral("template"), typ(QStringLiteral("PodTemplateSpec"))},
            {QStringLiteral("strategy"), {QStringLiteral("DeploymentStrategy"), {}, true, {}}}};
        s[QStringLiteral("DeploymentStatus")] = {{QStringLiteral("conditions"), mergeByType}};
        s[QStringLiteral("ReplicaSetSpec")] = {{QStringLiteral("template"), typ(QStringLiteral("PodTemplateSpec"))}};
        s[QStringLiteral("ReplicaSetStatus")] = {{QStringLiteral("conditions"), mergeByType}};
        s[QStringLiteral("PodTemplateSpec")]
            = {{QStringLiteral("metadata"), objectMeta}, {QStringLiteral("spec"), typ(QStringLiteral("PodSpec"))}};
        s[QStringLiteral("PodSpec")] = {
            {QStringLiteral("volumes"), {QStringLiteral("Volume"), kMerge, true, QStringLiteral("name")}},
            {QStringLiteral("initContainers"), container}, {QStringLiteral("containers"), container},
            {QStringLiteral("ephemeralContainers"), container}, {QStringLiteral("imagePullSecrets"), mergeByName},
            {QStringLiteral("hostAliases"), mergeByIp},
            {QStringLiteral("topologySpreadConstraints"), {QString(), kMerge, false, QStringLiteral("topologyKey")}},
            {QStringLiteral("schedulingGates"), mergeByName},
            {QStringLiteral("resourceClaims"), {QString(), kMerge, true, QStringLiteral("name")}}};
        s[QStringLiteral("Container")]
            = {{QStringLiteral("ports"), {QString(), kMerge, false, QStringLiteral("containerPort")}},
                {QStringLiteral("env"), mergeByName},
                {QStringLiteral("volumeMounts"), {QString(), kMerge, false, QStringLiteral("mountPath")}},
                {QStringLiteral("volumeDevices"), {QString(), kMerge, false, QStringLiteral("devicePath")}}};
        s[QStringLiteral("PodStatus")] = {{QStringLiteral("conditions"), mergeByType},
            {QStringLiteral("podIPs"), mergeByIp}, {QStringLiteral("hostIPs"), mergeByIp},
            {QStringLiteral("resourceClaimStatuses"), {QString(), kMerge, true, QStringLiteral("name")}}};
        s[QStringLiteral("ServiceSpec")]
            = {{QStringLiteral("ports"), {QString(), kMerge, false, QStringLiteral("port")}}};
        s[QStringLiteral("ServiceStatus")] = {{QStringLiteral("conditions"), mergeByType}};
        return s;
    }();
    return s;
}

Meta lookup(const QString& type, const QString& key)
{
    const auto& s = schema();
    const auto it = s.constFind(type);
    if (it == s.constEnd())
        return {};
    return it->value(key);
}

// --- helpers mirroring Go semantics ---------------------------------------------------------------

QJsonValue pruneNulls(const QJsonValue& v)
{
    if (v.isObject()) {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (!it.value().isNull())
                o.insert(it.key(), pruneNulls(it.value()));
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const auto& e : v.toArray())
            a.append(pruneNulls(e));
        return a;
    }
    return v;
}

QList<QJsonValue> toList(const QJsonArray& a)
{
    return QList<QJsonValue>(a.begin(), a.end());
}
QJsonArray toArray(const QList<QJsonValue>& l)
{
    QJsonArray a;
    for (const auto& v : l)
        a.append(v);
    return a;
}

/// Go's interface == for decoded JSON scalars (maps and slices never compare equal here).
bool goEqual(const QJsonValue& a, const QJsonValue& b)
{
    if (a.type() != b.type())
        return false;
    if (a.isObject() || a.isArray())
        return false;
    return a == b;
}

QString sortString(const QJsonValue& v)
{
    return Patch::goFormat(v);
}

QList<QJsonValue> sortScalars(QList<QJsonValue> s)
{
    std::stable_sort(
        s.begin(), s.end(), [](const QJsonValue& a, const QJsonValue& b) { return sortString(a) < sortString(b); });
    return s;
}

// deduplicateScalars keeps Go's exact (order-changing) algorithm.
QList<QJsonValue> deduplicateScalars(QList<QJsonValue> s)
{
    qsizetype length = s.size() - 1;
    for (qsizetype i = 0; i < length; ++i) {
        for (qsizetype j = i + 1; j <= length; ++j) {
            if (goEqual(s[i], s[j])) {
                s[j] = s[length];
                s.resize(length);
                --length;
                --j;
            }
        }
    }
    return s;
}

/// sliceElementType: the JSON type shared by all elements.
QJsonValue::Type sliceElementType(std::initializer_list<const QList<QJsonValue>*> slices)
{
    bool found = false;
    QJsonValue::Type prev = QJsonValue::Null;
    for (const auto* s : slices) {
        for (const auto& v : *s) {
            if (!found) {
                found = true;
                prev = v.type();
                if (prev == QJsonValue::Array)
                    fail(kErrNoListOfLists, Error::Invalid);
            } else if (prev != v.type()) {
                QStringList parts;
                for (const auto* t : slices)
                    parts << Patch::goFormat(toArray(*t));
                fail(QStringLiteral("list element types are not identical: [%1]").arg(parts.join(QLatin1Char(' '))));
            }
        }
    }
    if (!found)
        fail(QStringLiteral("no elements in any of the given slices"));
    return prev;
}

QJsonValue keyOf(const QJsonValue& item, const QString& mergeKey, bool isMap)
{
    if (!isMap)
        return item;
    if (!item.isObject())
        return QJsonValue(QJsonValue::Undefined);
    return item.toObject().value(mergeKey);
}

qsizetype indexOf(const QList<QJsonValue>& l, const QJsonValue& val, const QString& mergeKey, bool isMap)
{
    const QJsonValue k = keyOf(val, mergeKey, isMap);
    for (qsizetype i = 0; i < l.size(); ++i) {
        const QJsonValue other = keyOf(l[i], mergeKey, isMap);
        // a missing key is Go's nil: nil == nil
        if ((k.isUndefined() && other.isUndefined()) || goEqual(k, other))
            return i;
    }
    return -1;
}

void validateMergeKeyInLists(const QString& mergeKey, std::initializer_list<const QList<QJsonValue>*> lists)
{
    for (const auto* l : lists) {
        for (const auto& item : *l) {
            if (!item.isObject())
                failBadArgType(QStringLiteral("map[string]interface {}"), item);
            if (!item.toObject().contains(mergeKey))
                failNoMergeKey(item, mergeKey);
        }
    }
}

bool isDeleteDirective(const QJsonValue& v)
{
    return v.isObject() && v.toObject().value(kDirective) == QJsonValue(kDelete);
}

QList<QJsonValue> normalizeSliceOrder(
    QList<QJsonValue> toSort, const QList<QJsonValue>& order, const QString& mergeKey, bool isMap)
{
    QList<QJsonValue> toDelete;
    if (isMap) {
        validateMergeKeyInLists(mergeKey, {&toSort, &order});
        QList<QJsonValue> keep;
        for (const auto& v : toSort)
            (isDeleteDirective(v) ? toDelete : keep).append(v);
        toSort = keep;
    }
    std::stable_sort(toSort.begin(), toSort.end(), [&](const QJsonValue& a, const QJsonValue& b) {
        const auto ia = indexOf(order, a, mergeKey, isMap);
        const auto ib = indexOf(order, b, mergeKey, isMap);
        return ia >= 0 && ib >= 0 && ia < ib;
    });
    toSort.append(toDelete);
    return toSort;
}

QList<QJsonValue> mergeSortedSlice(const QList<QJsonValue>& left, const QList<QJsonValue>& right,
    const QList<QJsonValue>& serverOrder, const QString& mergeKey, bool isMap)
{
    QList<QJsonValue> s;
    qsizetype i = 0, j = 0;
    const qsizetype size = left.size() + right.size();
    for (qsizetype k = 0; k < size; ++k) {
        if (i >= left.size() && j < right.size()) {
            s.append(right[j++]);
        } else if (j >= right.size() && i < left.size()) {
            s.append(left[i++]);
        } else {
            const auto li = indexOf(serverOrder, left[i], mergeKey, isMap);
            const auto ri = indexOf(serverOrder, right[j], mergeKey, isMap);
            if (li >= 0 && ri >= 0 && li < ri)
                s.append(left[i++]);
            else
                s.append(right[j++]);
        }
    }
    return s;
}

QList<QJsonValue> normalizeElementOrder(const QList<QJsonValue>& patch, const QList<QJsonValue>& serverOnly,
    const QList<QJsonValue>& patchOrder, const QList<QJsonValue>& serverOrder, const QString& mergeKey, bool isMap)
{
    const auto p = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
    const auto s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
    return mergeSortedSlice(s, p, serverOrder, mergeKey, isMap);
}

void partition(const QList<QJsonValue>& merged, const QList<QJsonValue>& by, const QString& mergeKey, bool isMap,
    QList<QJsonValue>& inList, QList<QJsonValue>& serverOnly)
{
    for (const auto& v : merged) {
        if (isMap) {
            if (!v.isObject())
                failBadArgType(QStringLiteral("map[string]interface {}"), v);
            if (!v.toObject().contains(mergeKey))
                failNoMergeKey(v, mergeKey);
        }
        bool found = false;
        const QJsonValue k = keyOf(v, mergeKey, isMap);
        for (const auto& b : by) {
            if (isMap && !b.isObject())
                fail(QStringLiteral("value for key %1 is not a map.").arg(0));
            if (goEqual(keyOf(b, mergeKey, isMap), k)) {
                found = true;
                break;
            }
        }
        (found ? inList : serverOnly).append(v);
    }
}

QString extractKey(const QString& s, const QString& prefix)
{
    const int slash = s.indexOf(QLatin1Char('/'));
    if (slash < 0 || s.left(slash) != prefix) {
        if (prefix == kDeleteFromPrimitiveList)
            fail(kErrBadPatchFormatForPrimitiveList, Error::BadRequest);
        fail(kErrBadPatchFormatForSetElementOrderList, Error::BadRequest);
    }
    return s.mid(slash + 1);
}

struct MergeOptions
{
    bool mergeParallelList = true;
    bool ignoreUnmatchedNulls = true;
};

QJsonObject mergeMap(QJsonObject original, QJsonObject patch, const QString& type, const MergeOptions& opt);

QList<QJsonValue> mergeSlice(QList<QJsonValue> original, QList<QJsonValue> patch, const QString& elemType,
    const QString& mergeKey, const MergeOptions& opt, bool isDeleteList)
{
    if (original.isEmpty() && patch.isEmpty())
        return original;
    const bool isMap = sliceElementType({&original, &patch}) == QJsonValue::Object;
    QList<QJsonValue> merged;
    if (!isMap) {
        if (opt.mergeParallelList && isDeleteList) {
            QList<QJsonValue> out;
            for (const auto& v : original) {
                if (indexOf(patch, v, {}, false) < 0)
                    out.append(v);
            }
            return out;
        }
        merged = deduplicateScalars(original + patch);
    } else {
        if (mergeKey.isEmpty())
            fail(QStringLiteral("cannot merge lists without merge key for type %1").arg(QStringLiteral("map")));
        // mergeSliceWithSpecialElements
        QList<QJsonValue> withoutSpecial;
        bool replace = false;
        for (const auto& v : patch) {
            const QJsonObject m = v.toObject();
            if (!m.contains(kDirective)) {
                withoutSpecial.append(v);
                continue;
            }
            const QJsonValue d = m.value(kDirective);
            if (d == QJsonValue(kDelete)) {
                if (!m.contains(mergeKey))
                    failNoMergeKey(m, mergeKey);
                const QJsonValue mv = m.value(mergeKey);
                QList<QJsonValue> kept;
                for (const auto& o : original) {
                    if (!o.isObject())
                        fail(QStringLiteral("value for key %1 is not a map.").arg(kept.size()));
                    if (!goEqual(o.toObject().value(mergeKey), mv) || !o.toObject().contains(mergeKey))
                        kept.append(o);
                }
                original = kept;
            } else if (d == QJsonValue(kReplace)) {
                replace = true;
            } else if (d == QJsonValue(kMerge)) {
                fail(QStringLiteral("merging lists cannot yet be specified in the patch"));
            } else {
                failBadPatchType(d, m);
            }
        }
        if (replace) {
            original = withoutSpecial;
            patch.clear();
        } else {
            patch = withoutSpecial;
        }
        // mergeSliceWithoutSpecialElements
        merged = original;
        for (const auto& v : patch) {
            const QJsonObject m = v.toObject();
            if (!m.contains(mergeKey))
                failNoMergeKey(m, mergeKey);
            const QJsonValue mv = m.value(mergeKey);
            qsizetype found = -1;
            for (qsizetype i = 0; i < merged.size(); ++i) {
                if (!merged[i].isObject())
                    fail(QStringLiteral("value for key %1 is not a map.").arg(i));
                const QJsonObject o = merged[i].toObject();
                if (o.contains(mergeKey) && goEqual(o.value(mergeKey), mv)) {
                    found = i;
                    break;
                }
            }
            if (found >= 0)
                merged[found] = mergeMap(merged[found].toObject(), m, elemType, opt);
            else
                merged.append(v);
        }
    }
    QList<QJsonValue> patchItems, serverOnly;
    partition(merged, patch, mergeKey, isMap, patchItems, serverOnly);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, isMap);
}

QJsonValue mergeSliceHandler(
    const QJsonValue& original, const QJsonValue& patch, const Meta& meta, bool isDeleteList, const MergeOptions& opt)
{
    if (!original.isArray())
        failBadArgType(QStringLiteral("[]interface {}"), original);
    if (!patch.isArray())
        failBadArgType(QStringLiteral("[]interface {}"), patch);
    if (meta.strategy == kMerge)
        return toArray(mergeSlice(
            toList(original.toArray()), toList(patch.toArray()), meta.type, meta.mergeKey, opt, isDeleteList));
    return patch;
}

void applyRetainKeysDirective(QJsonObject& original, QJsonObject& patch, const MergeOptions& opt)
{
    if (!patch.contains(kRetainKeys))
        return;
    const QJsonValue retain = patch.take(kRetainKeys);
    if (!opt.mergeParallelList) {
        if (original.contains(kRetainKeys)) {
            if (original.value(kRetainKeys) != retain)
                fail(QStringLiteral(
                    "%1 and %2 are not deep equal: this may happen when calculating the 3-way diff patch")
                         .arg(Patch::goFormat(original.value(kRetainKeys)), Patch::goFormat(retain)));
        } else {
            original.insert(kRetainKeys, retain);
        }
        return;
    }
    if (!retain.isArray())
        fail(kErrBadPatchFormatForRetainKeys, Error::BadRequest);
    QSet<QString> keep;
    for (const auto& v : retain.toArray())
        keep.insert(v.toString());
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull() || it.key().startsWith(kDeleteFromPrimitiveList)
            || it.key().startsWith(kSetElementOrder))
            continue;
        if (!keep.contains(it.key()))
            fail(kErrBadPatchFormatForRetainKeys, Error::BadRequest);
    }
    const QStringList keys = original.keys();
    for (const auto& k : keys) {
        if (!keep.contains(k))
            original.remove(k);
    }
}

void mergePatchIntoOriginal(QJsonObject& original, QJsonObject& patch, const QString& type, const MergeOptions& opt)
{
    const QStringList keys = patch.keys();
    for (const auto& key : keys) {
        if (!key.startsWith(kSetElementOrder))
            continue;
        const QJsonValue order = patch.value(key);
        if (!opt.mergeParallelList) {
            if (original.contains(key)) {
                if (original.value(key) != order)
                    fail(kErrBadPatchFormatForSetElementOrderList, Error::BadRequest);
            } else {
                original.insert(key, order);
            }
        }
        patch.remove(key);
        if (!order.isArray())
            failBadArgType(QStringLiteral("[]interface {}"), order);
        const QList<QJsonValue> orderList = toList(order.toArray());
        const QString originalKey = extractKey(key, kSetElementOrder);
        const bool foundOriginal = original.contains(originalKey);
        const bool foundPatch = patch.contains(originalKey);
        QList<QJsonValue> originalList, patchList;
        if (foundOriginal) {
            if (!original.value(originalKey).isArray())
                failBadArgType(QStringLiteral("[]interface {}"), original.value(originalKey));
            originalList = toList(original.value(originalKey).toArray());
        }
        if (foundPatch) {
            if (!patch.value(originalKey).isArray())
                failBadArgType(QStringLiteral("[]interface {}"), patch.value(originalKey));
            patchList = toList(patch.value(originalKey).toArray());
        }
        const Meta meta = lookup(type, originalKey);
        // validatePatchWithSetOrderList
        if (!orderList.isEmpty() && !patchList.isEmpty()) {
            QList<QJsonValue> nonDelete;
            for (const auto& v : patchList) {
                if (!meta.mergeKey.isEmpty() && !v.isObject())
                    failBadArgType(QStringLiteral("map[string]interface {}"), v);
                if (meta.mergeKey.isEmpty() || !isDeleteDirective(v))
                    nonDelete.append(v);
            }
            qsizetype pi = 0, si = 0;
            while (pi < nonDelete.size() && si < orderList.size()) {
                if (nonDelete[pi].isObject() && nonDelete[pi].toObject().contains(kDirective)) {
                    ++pi;
                    continue;
                }
                bool equal = false;
                if (meta.mergeKey.isEmpty()) {
                    equal = goEqual(nonDelete[pi], orderList[si]);
                } else {
                    const QJsonObject l = nonDelete[pi].toObject();
                    if (!orderList[si].isObject())
                        failBadArgType(QStringLiteral("map[string]interface {}"), orderList[si]);
                    const QJsonObject r = orderList[si].toObject();
                    if (!l.contains(meta.mergeKey))
                        failNoMergeKey(l, meta.mergeKey);
                    if (!r.contains(meta.mergeKey))
                        failNoMergeKey(r, meta.mergeKey);
                    equal = goEqual(l.value(meta.mergeKey), r.value(meta.mergeKey));
                }
                if (equal)
                    ++pi;
                ++si;
            }
            if (pi < nonDelete.size() && si >= orderList.size())
                fail(QStringLiteral("The order in patch list:\n%1\n doesn't match %2 list:\n%3\n")
                         .arg(Patch::goFormat(toArray(patchList)), kSetElementOrder, Patch::goFormat(order)));
        }
        QList<QJsonValue> merged;
        if (foundOriginal && !foundPatch)
            merged = originalList;
        else if (!foundOriginal && foundPatch)
            merged = patchList;
        else if (foundOriginal && foundPatch)
            merged = toList(
                mergeSliceHandler(original.value(originalKey), patch.value(originalKey), meta, false, opt).toArray());
        else
            continue;
        const bool isMap = !meta.mergeKey.isEmpty();
        QList<QJsonValue> patchItems, serverOnly;
        partition(merged, orderList, meta.mergeKey, isMap, patchItems, serverOnly);
        const bool elemIsMap = sliceElementType({&originalList, &patchList}) == QJsonValue::Object;
        original.insert(originalKey,
            toArray(normalizeElementOrder(patchItems, serverOnly, orderList, originalList, meta.mergeKey, elemIsMap)));
        patch.remove(originalKey);
    }
}

QJsonObject mergeMap(QJsonObject original, QJsonObject patch, const QString& type, const MergeOptions& opt)
{
    if (patch.contains(kDirective)) {
        const QJsonValue d = patch.value(kDirective);
        if (d == QJsonValue(kReplace)) {
            patch.remove(kDirective);
            return patch;
        }
        if (d == QJsonValue(kDelete))
            return {};
        failBadPatchType(d, patch);
    }
    applyRetainKeysDirective(original, patch, opt);
    mergePatchIntoOriginal(original, patch, type, opt);

    const QStringList keys = patch.keys();
    for (const auto& k : keys) {
        const QJsonValue patchV = patch.value(k);
        QString key = k;
        bool isDeleteList = false;
        if (k.startsWith(kDeleteFromPrimitiveList)) {
            if (!opt.mergeParallelList) {
                original.insert(k, patchV);
                continue;
            }
            key = extractKey(k, kDeleteFromPrimitiveList);
            isDeleteList = true;
        }
        if (patchV.isNull()) {
            original.remove(key);
            if (opt.ignoreUnmatchedNulls)
                continue;
        }
        if (!original.contains(key)) {
            if (!isDeleteList)
                original.insert(key, patchV);
            continue;
        }
        const QJsonValue origV = original.value(key);
        if (origV.type() != patchV.type()) {
            original.insert(key, patchV);
            continue;
        }
        const Meta meta = lookup(type, key);
        if (origV.isObject()) {
            original.insert(key,
                meta.strategy == kReplace ? patchV
                                          : QJsonValue(mergeMap(origV.toObject(), patchV.toObject(), meta.type, opt)));
        } else if (origV.isArray()) {
            original.insert(key, mergeSliceHandler(origV, patchV, meta, isDeleteList, opt));
        } else {
            original.insert(key, patchV);
        }
    }
    return original;
}

// --- patch creation (diff) -------------------------------------------------------------------------

struct DiffOptions
{
    bool setElementOrder = false;
    bool ignoreChangesAndAdditions = false;
    bool ignoreDeletions = false;
    bool buildRetainKeysDirective = false;
};

QJsonObject diffMaps(const QJsonObject& original, const QJsonObject& modified, const QString& type, DiffOptions opt);

void diffLists(const QList<QJsonValue>& original, const QList<QJsonValue>& modified, const QString& elemType,
    const QString& mergeKey, const DiffOptions& opt, QList<QJsonValue>& patchList, QList<QJsonValue>& deleteList,
    QList<QJsonValue>& setOrderList)
{
    if (original.isEmpty()) {
        if (modified.isEmpty() || opt.ignoreChangesAndAdditions)
            return;
        patchList = modified;
        return;
    }
    const QJsonValue::Type t = sliceElementType({&original, &modified});
    if (t == QJsonValue::Object) {
        // diffListsOfMaps
        auto sortByKey = [&](QList<QJsonValue> l) {
            for (const auto& v : l) {
                if (!v.isObject())
                    failBadArgType(QStringLiteral("map[string]interface {}"), v);
            }
            std::stable_sort(l.begin(), l.end(), [&](const QJsonValue& a, const QJsonValue& b) {
                return sortString(a.toObject().value(mergeKey)) < sortString(b.toObject().value(mergeKey));
            });
            return l;
        };
        const auto o = sortByKey(original);
        const auto m = sortByKey(modified);
        qsizetype oi = 0, mi = 0;
        while (oi < o.size() || mi < m.size()) {
            const bool oIn = oi < o.size();
            const bool mIn = mi < m.size();
            QString os, ms;
            if (oIn) {
                if (!o[oi].toObject().contains(mergeKey))
                    failNoMergeKey(o[oi], mergeKey);
                os = sortString(o[oi].toObject().value(mergeKey));
            }
            if (mIn) {
                if (!m[mi].toObject().contains(mergeKey))
                    failNoMergeKey(m[mi], mergeKey);
                ms = sortString(m[mi].toObject().value(mergeKey));
            }
            if (oIn && mIn && os == ms) {
                QJsonObject pv = diffMaps(o[oi].toObject(), m[mi].toObject(), elemType, opt);
                if (!pv.isEmpty()) {
                    pv.insert(mergeKey, m[mi].toObject().value(mergeKey));
                    patchList.append(pv);
                }
                ++oi;
                ++mi;
            } else if (!oIn || (mIn && os > ms)) {
                if (!opt.ignoreChangesAndAdditions)
                    patchList.append(m[mi]);
                ++mi;
            } else {
                if (!opt.ignoreDeletions)
                    deleteList.append(
                        QJsonObject {{mergeKey, o[oi].toObject().value(mergeKey)}, {kDirective, kDelete}});
                ++oi;
            }
        }
        patchList = normalizeSliceOrder(patchList, modified, mergeKey, true);
        bool orderSame = original.size() == modified.size();
        for (qsizetype i = 0; orderSame && i < modified.size(); ++i) {
            if (!original[i].toObject().contains(mergeKey))
                failNoMergeKey(original[i], mergeKey);
            orderSame = goEqual(original[i].toObject().value(mergeKey), modified[i].toObject().value(mergeKey));
        }
        patchList.append(deleteList);
        deleteList.clear();
        if (opt.setElementOrder
            && ((!opt.ignoreChangesAndAdditions && (!patchList.isEmpty() || !orderSame))
                || (!opt.ignoreDeletions && !patchList.isEmpty()))) {
            for (const auto& v : modified)
                setOrderList.append(QJsonObject {{mergeKey, v.toObject().value(mergeKey)}});
        }
        return;
    }
    // diffListsOfScalars
    const auto o = sortScalars(original);
    const auto m = sortScalars(modified);
    qsizetype oi = 0, mi = 0;
    while (oi < o.size() || mi < m.size()) {
        const bool oIn = oi < o.size();
        const bool mIn = mi < m.size();
        const QString os = oIn ? sortString(o[oi]) : QString();
        const QString ms = mIn ? sortString(m[mi]) : QString();
        if (oIn && mIn && os == ms) {
            ++oi;
            ++mi;
        } else if (!oIn || (mIn && os > ms)) {
            if (!opt.ignoreChangesAndAdditions)
                patchList.append(m[mi]);
            ++mi;
        } else {
            if (!opt.ignoreDeletions)
                deleteList.append(o[oi]);
            ++oi;
        }
    }
    deleteList = deduplicateScalars(deleteList);
    patchList = normalizeSliceOrder(patchList, modified, {}, false);
    if (opt.setElementOrder
        && ((!opt.ignoreDeletions && !deleteList.isEmpty())
            || (!opt.ignoreChangesAndAdditions && toArray(original) != toArray(modified))))
        setOrderList = modified;
}

QJsonObject diffMaps(const QJsonObject& original, const QJsonObject& modified, const QString& type, DiffOptions opt)
{
    QJsonObject patch;
    QList<QJsonValue> retainKeysList;
    for (auto it = modified.begin(); it != modified.end(); ++it) {
        const QString key = it.key();
        const QJsonValue modifiedValue = it.value();
        if (opt.buildRetainKeysDirective && !modifiedValue.isNull())
            retainKeysList.append(key);
        if (!original.contains(key)) {
            if (!opt.ignoreChangesAndAdditions)
                patch.insert(key, modifiedValue);
            continue;
        }
        const QJsonValue originalValue = original.value(key);
        if (key == kDirective) {
            if (!originalValue.isString() || !modifiedValue.isString())
                fail(QStringLiteral("invalid value for special key: %1").arg(kDirective));
            if (originalValue != modifiedValue)
                patch.insert(kDirective, modifiedValue);
            continue;
        }
        if (originalValue.type() != modifiedValue.type()) {
            if (!opt.ignoreChangesAndAdditions)
                patch.insert(key, modifiedValue);
            continue;
        }
        const Meta meta = lookup(type, key);
        if (originalValue.isObject()) {
            DiffOptions sub = opt;
            sub.buildRetainKeysDirective = meta.retainKeys;
            if (meta.strategy == kReplace) {
                if (!opt.ignoreChangesAndAdditions)
                    patch.insert(key, modifiedValue);
            } else {
                const QJsonObject pv = diffMaps(originalValue.toObject(), modifiedValue.toObject(), meta.type, sub);
                if (!pv.isEmpty())
                    patch.insert(key, pv);
            }
        } else if (originalValue.isArray() && meta.strategy == kMerge) {
            DiffOptions sub = opt;
            sub.buildRetainKeysDirective = meta.retainKeys;
            QList<QJsonValue> add, del, order;
            diffLists(toList(originalValue.toArray()), toList(modifiedValue.toArray()), meta.type, meta.mergeKey, sub,
                add, del, order);
            if (!add.isEmpty())
                patch.insert(key, toArray(add));
            if (!del.isEmpty())
                patch.insert(kDeleteFromPrimitiveList + QLatin1Char('/') + key, toArray(del));
            if (!order.isEmpty())
                patch.insert(kSetElementOrder + QLatin1Char('/') + key, toArray(order));
        } else if (!opt.ignoreChangesAndAdditions && originalValue != modifiedValue) {
            patch.insert(key, modifiedValue);
        }
    }
    if (!opt.ignoreDeletions) {
        for (auto it = original.begin(); it != original.end(); ++it) {
            if (!modified.contains(it.key()))
                patch.insert(it.key(), QJsonValue::Null);
        }
    }
    bool hasAdditionalNewField = false;
    for (auto it = original.begin(); it != original.end(); ++it) {
        if (!it.value().isNull() && !modified.contains(it.key()))
            hasAdditionalNewField = true;
    }
    if (!retainKeysList.isEmpty() && (!patch.isEmpty() || hasAdditionalNewField))
        patch.insert(kRetainKeys, toArray(sortScalars(retainKeysList)));
    return patch;
}

// --- YAML to JSON (sigs.k8s.io/yaml on gopkg.in/yaml.v2) -------------------------------------------

QJsonValue resolvePlainScalar(const QString& s)
{
    static const QSet<QString> nulls {QStringLiteral(""), QStringLiteral("~"), QStringLiteral("null"),
        QStringLiteral("Null"), QStringLiteral("NULL")};
    static const QSet<QString> trues {QStringLiteral("y"), QStringLiteral("Y"), QStringLiteral("yes"),
        QStringLiteral("Yes"), QStringLiteral("YES"), QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON"),
        QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE")};
    static const QSet<QString> falses {QStringLiteral("n"), QStringLiteral("N"), QStringLiteral("no"),
        QStringLiteral("No"), QStringLiteral("NO"), QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF"),
        QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE")};
    if (nulls.contains(s))
        return QJsonValue::Null;
    if (trues.contains(s))
        return true;
    if (falses.contains(s))
        return false;
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression hexRe(QStringLiteral("^0x[0-9a-fA-F]+$"));
    static const QRegularExpression floatRe(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (intRe.match(s).hasMatch()) {
        bool ok = false;
        const qlonglong v = s.toLongLong(&ok);
        if (ok)
            return QJsonValue(v);
    }
    if (hexRe.match(s).hasMatch()) {
        bool ok = false;
        const qlonglong v = s.mid(2).toLongLong(&ok, 16);
        if (ok)
            return QJsonValue(v);
    }
    if (floatRe.match(s).hasMatch())
        return s.toDouble();
    return s;
}

/// go-yaml v2 decoder.scalar for a scalar with an explicit !!int, !!float, !!bool, !!null or
/// !!timestamp tag (resolve.go): the text, resolved as a plain scalar would be, must be of that
/// kind (an int passes as a float), else "cannot decode !!str `x` as a !!int"; a !!binary text must
/// be base64. Returns the message, or an empty string.
QString taggedScalarError(const std::string& tag, const QString& s)
{
    static const std::string yamlTag = "tag:yaml.org,2002:";
    if (tag.rfind(yamlTag, 0) != 0)
        return {};
    const QString kind = QString::fromStdString(tag.substr(yamlTag.size()));
    if (kind == QLatin1String("binary")) {
        QByteArray data = s.toLatin1();
        data.replace('\n', QByteArray()).replace('\r', QByteArray());
        const auto decoded = QByteArray::fromBase64Encoding(data, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || data.size() % 4 != 0)
            return QStringLiteral("!!binary value contains invalid base64 data");
        return {};
    }
    static const QStringList kinds {QStringLiteral("int"), QStringLiteral("float"), QStringLiteral("bool"),
        QStringLiteral("null"), QStringLiteral("timestamp")};
    if (!kinds.contains(kind))
        return {};
    static const QRegularExpression timestamp(QStringLiteral("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$"));
    if (kind == QLatin1String("timestamp") && timestamp.match(s).hasMatch())
        return {};
    // strconv.ParseInt(s, 0, 64) after go-yaml removes the underscores.
    static const QRegularExpression goInt(
        QStringLiteral("^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$"));
    const QJsonValue v = resolvePlainScalar(s);
    QString resolved;
    if (v.isNull())
        resolved = QStringLiteral("null");
    else if (v.isBool())
        resolved = QStringLiteral("bool");
    else if (v.isDouble())
        resolved = goInt.match(QString(s).remove(u'_')).hasMatch() ? QStringLiteral("int") : QStringLiteral("float");
    else
        resolved = QStringLiteral("str");
    if (resolved == kind || (kind == QLatin1String("float") && resolved == QLatin1String("int")))
        return {};
    return QStringLiteral("cannot decode !!%1 `%2` as a !!%3").arg(resolved, s, kind);
}

/// The JSON of a YAML node, or the first decode error (as go-yaml reports it) in `error`.
QJsonValue yamlToJson(const YAML::Node& n, QString& error)
{
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString s = QString::fromStdString(n.Scalar());
        error = taggedScalarError(n.Tag(), s);
        if (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str" || n.Tag() == "!!str")
            return s;
        return resolvePlainScalar(s);
    }
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const auto& e : n) {
            a.append(yamlToJson(e, error));
            if (!error.isEmpty())
                break;
        }
        return a;
    }
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto& kv : n) {
            const QJsonValue k = yamlToJson(kv.first, error);
            if (!error.isEmpty())
                break;
            QString key;
            if (k.isString())
                key = k.toString();
            else if (k.isBool())
                key = k.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            else if (k.isNull())
                key = QStringLiteral("null");
            else
                key = QString::fromStdString(kv.first.Scalar());
            o.insert(key, yamlToJson(kv.second, error));
            if (!error.isEmpty())
                break;
        }
        return o;
    }
    }
    return QJsonValue::Null;
}

/// yaml-cpp's parser messages in go-yaml's words.
QString goYamlMessage(const std::string& msg)
{
    const QString m = QString::fromStdString(msg);
    if (m.startsWith(QLatin1String("illegal map value")))
        return QStringLiteral("mapping values are not allowed in this context");
    if (m.startsWith(QLatin1String("end of map not found")))
        return QStringLiteral("did not find expected key");
    if (m.startsWith(QLatin1String("end of sequence not found")))
        return QStringLiteral("did not find expected '-' indicator");
    if (m.startsWith(QLatin1String("end of map flow not found")))
        return QStringLiteral("did not find expected ',' or '}'");
    if (m.startsWith(QLatin1String("end of sequence flow not found")))
        return QStringLiteral("did not find expected node content");
    if (m.startsWith(QLatin1String("unknown token")))
        return QStringLiteral("found character that cannot start any token");
    if (m.contains(QLatin1String("end of")) && m.contains(QLatin1String("quote")))
        return QStringLiteral("found unexpected end of stream");
    return m;
}

// --- JSON patch (evanphx/json-patch v4) -------------------------------------------------------------

const QString kErrMissing = QStringLiteral("missing value");
const QString kErrInvalidIndex = QStringLiteral("invalid index referenced");
const QString kErrTestFailed = QStringLiteral("test failed");

[[noreturn]] void failOp(const QString& message)
{
    fail(message, Error::Invalid);
}

QString decodePatchKey(QString k)
{
    return k.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
}

/// A location in the document: the container path and the last key.
struct Location
{
    QStringList parents; // decoded keys from the root to the container
    QString key;
    bool valid = false;
};

/// Reads the container at `parents` (object or array); false when a step is missing.
bool containerAt(const QJsonValue& root, const QStringList& parents, QJsonValue& out)
{
    QJsonValue cur = root;
    for (const auto& p : parents) {
        if (cur.isObject()) {
            const QJsonObject o = cur.toObject();
            if (!o.contains(p) || o.value(p).isNull())
                return false;
            cur = o.value(p);
        } else if (cur.isArray()) {
            bool ok = false;
            int i = p.toInt(&ok);
            const QJsonArray a = cur.toArray();
            if (!ok)
                return false;
            if (i < 0)
                i += a.size();
            if (i < 0 || i >= a.size())
                return false;
            cur = a.at(i);
        } else {
            return false;
        }
    }
    if (!cur.isObject() && !cur.isArray())
        return false;
    out = cur;
    return true;
}

Location findObject(const QJsonValue& root, const QString& path)
{
    const QStringList split = path.split(QLatin1Char('/'));
    if (split.size() < 2)
        return {};
    Location loc;
    for (qsizetype i = 1; i < split.size() - 1; ++i)
        loc.parents << decodePatchKey(split[i]);
    loc.key = decodePatchKey(split.last());
    QJsonValue c;
    loc.valid = containerAt(root, loc.parents, c);
    return loc;
}

/// Replaces the container at `parents` by `f(container)`.
QJsonValue modifyAt(
    const QJsonValue& node, const QStringList& parents, qsizetype depth, const std::function<QJsonValue(QJsonValue)>& f)
{
    if (depth == parents.size())
        return f(node);
    const QString& p = parents[depth];
    if (node.isObject()) {
        QJsonObject o = node.toObject();
        o.insert(p, modifyAt(o.value(p), parents, depth + 1, f));
        return o;
    }
    QJsonArray a = node.toArray();
    int i = p.toInt();
    if (i < 0)
        i += a.size();
    a.replace(i, modifyAt(a.at(i), parents, depth + 1, f));
    return a;
}

QJsonValue containerOf(const QJsonValue& root, const Location& loc)
{
    QJsonValue c;
    containerAt(root, loc.parents, c);
    return c;
}

/// evanphx/json-patch partialArray index checks: the index of an existing element (negative counts
/// from the end; `allowEnd` also accepts one past the last element, as `add` does), or false with
/// Go's error text (strconv.Atoi failure, or an invalid index).
bool existingIndex(const QJsonArray& a, const QString& key, int& i, QString& err, bool allowEnd = false)
{
    bool ok = false;
    i = key.toInt(&ok);
    if (!ok) {
        err = QStringLiteral("strconv.Atoi: parsing %1: invalid syntax").arg(Patch::goQuote(key));
        return false;
    }
    if (i < 0)
        i += a.size();
    if (i < 0 || i > a.size() || (i == a.size() && !allowEnd)) {
        err = QStringLiteral("Unable to access invalid index: %1: %2").arg(key.toInt()).arg(kErrInvalidIndex);
        return false;
    }
    return true;
}

/// partialDoc/partialArray get: a missing object key is Go's nil (no error), a bad index is an error.
bool getAt(const QJsonValue& container, const QString& key, QJsonValue& out, QString& err)
{
    if (container.isObject()) {
        out = container.toObject().value(key);
        return true;
    }
    const QJsonArray a = container.toArray();
    int i = 0;
    if (!existingIndex(a, key, i, err))
        return false;
    out = a.at(i);
    return true;
}

QJsonValue addAt(const QJsonValue& container, const QString& key, const QJsonValue& val, QString& err)
{
    if (container.isObject()) {
        QJsonObject o = container.toObject();
        o.insert(key, val);
        return o;
    }
    QJsonArray a = container.toArray();
    if (key == QLatin1String("-")) {
        a.append(val);
        return a;
    }
    int i = 0;
    if (!existingIndex(a, key, i, err, true))
        return container;
    a.insert(i, val);
    return a;
}

QJsonValue removeAt(const QJsonValue& container, const QString& key, QString& err)
{
    if (container.isObject()) {
        QJsonObject o = container.toObject();
        if (!o.contains(key)) {
            err = QStringLiteral("Unable to remove nonexistent key: %1: %2").arg(key, kErrMissing);
            return container;
        }
        o.remove(key);
        return o;
    }
    QJsonArray a = container.toArray();
    int i = 0;
    if (!existingIndex(a, key, i, err))
        return container;
    a.removeAt(i);
    return a;
}

QJsonValue setAt(const QJsonValue& container, const QString& key, const QJsonValue& val, QString& err)
{
    if (container.isObject()) {
        QJsonObject o = container.toObject();
        o.insert(key, val);
        return o;
    }
    QJsonArray a = container.toArray();
    int i = 0;
    if (!existingIndex(a, key, i, err))
        return container;
    a.replace(i, val);
    return a;
}

QJsonValue applyOperation(const QJsonValue& doc, const QJsonObject& op)
{
    const QString kind = op.value(QStringLiteral("op")).isString() ? op.value(QStringLiteral("op")).toString()
                                                                   : QStringLiteral("unknown");
    const bool hasPath = op.value(QStringLiteral("path")).isString();
    const QString path = op.value(QStringLiteral("path")).toString();
    const bool hasFrom = op.value(QStringLiteral("from")).isString();
    const QString from = op.value(QStringLiteral("from")).toString();
    const QJsonValue value = op.value(QStringLiteral("value"));
    QString err;
    auto change = [&](const Location& loc, const std::function<QJsonValue(QJsonValue)>& f) {
        return modifyAt(doc, loc.parents, 0, f);
    };

    if (kind == QLatin1String("add")) {
        if (!hasPath)
            failOp(QStringLiteral("add operation failed to decode path: %1").arg(kErrMissing));
        const Location loc = findObject(doc, path);
        if (!loc.valid)
            failOp(
                QStringLiteral("add operation does not apply: doc is missing path: \"%1\": %2").arg(path, kErrMissing));
        const QJsonValue out = change(loc, [&](QJsonValue c) { return addAt(c, loc.key, value, err); });
        if (!err.isEmpty())
            failOp(QStringLiteral("error in add for path: '%1': %2").arg(path, err));
        return out;
    }
    if (kind == QLatin1String("remove")) {
        if (!hasPath)
            failOp(QStringLiteral("remove operation failed to decode path: %1").arg(kErrMissing));
        const Location loc = findObject(doc, path);
        if (!loc.valid)
            failOp(QStringLiteral("remove operation does not apply: doc is missing path: \"%1\": %2")
                       .arg(path, kErrMissing));
        const QJsonValue out = change(loc, [&](QJsonValue c) { return removeAt(c, loc.key, err); });
        if (!err.isEmpty())
            failOp(QStringLiteral("error in remove for path: '%1': %2").arg(path, err));
        return out;
    }
    if (kind == QLatin1String("replace")) {
        if (!hasPath)
            failOp(QStringLiteral("replace operation failed to decode path: %1").arg(kErrMissing));
        const Location loc = findObject(doc, path);
        if (!loc.valid)
            failOp(
                QStringLiteral("replace operation does not apply: doc is missing path: %1: %2").arg(path, kErrMissing));
        QJsonValue old;
        if (!getAt(containerOf(doc, loc), loc.key, old, err))
            failOp(
                QStringLiteral("replace operation does not apply: doc is missing key: %1: %2").arg(path, kErrMissing));
        // v4: a missing object key is replaced like an add (kubectl patch --local accepts it)
        const QJsonValue out = change(loc, [&](QJsonValue c) { return setAt(c, loc.key, value, err); });
        if (!err.isEmpty())
            failOp(QStringLiteral("error in remove for path: '%1': %2").arg(path, err));
        return out;
    }
    if (kind == QLatin1String("move") || kind == QLatin1String("copy")) {
        if (!hasFrom)
            failOp(QStringLiteral("%1 operation failed to decode from: %2").arg(kind, kErrMissing));
        const Location src = findObject(doc, from);
        if (!src.valid)
            failOp(QStringLiteral("%1 operation does not apply: doc is missing from path: %2: %3")
                       .arg(kind, from, kErrMissing));
        QJsonValue val;
        if (!getAt(containerOf(doc, src), src.key, val, err))
            failOp(QStringLiteral("error in %1 for path: '%2': %3").arg(kind, src.key, err));
        QJsonValue next = doc;
        if (kind == QLatin1String("move")) {
            next = modifyAt(doc, src.parents, 0, [&](QJsonValue c) { return removeAt(c, src.key, err); });
            if (!err.isEmpty())
                failOp(QStringLiteral("error in move for path: '%1': %2").arg(src.key, err));
        } else if (val.isUndefined()) {
            failOp(QStringLiteral("copy operation does not apply: doc is missing from path: %1: %2")
                       .arg(from, kErrMissing));
        }
        if (!hasPath)
            failOp(QStringLiteral("%1 operation failed to decode path: %2").arg(kind, kErrMissing));
        const Location dst = findObject(next, path);
        if (!dst.valid)
            failOp(QStringLiteral("%1 operation does not apply: doc is missing destination path: %2: %3")
                       .arg(kind, path, kErrMissing));
        const QJsonValue out
            = modifyAt(next, dst.parents, 0, [&](QJsonValue c) { return addAt(c, dst.key, val, err); });
        if (!err.isEmpty())
            failOp(QStringLiteral("error in %1 for path: '%2': %3").arg(kind, path, err));
        return out;
    }
    if (kind == QLatin1String("test")) {
        if (!hasPath)
            failOp(QStringLiteral("test operation failed to decode path: %1").arg(kErrMissing));
        if (path.isEmpty()) {
            if (doc == value)
                return doc;
            failOp(QStringLiteral("testing value %1 failed: %2").arg(path, kErrTestFailed));
        }
        const Location loc = findObject(doc, path);
        if (!loc.valid)
            failOp(QStringLiteral("test operation does not apply: is missing path: %1: %2").arg(path, kErrMissing));
        QJsonValue val;
        const bool present = getAt(containerOf(doc, loc), loc.key, val, err);
        if (!present && containerOf(doc, loc).isArray())
            failOp(QStringLiteral("error in test for path: '%1': %2").arg(path, err));
        if (!present || val.isNull() || val.isUndefined()) {
            if (value.isNull() || value.isUndefined())
                return doc;
            failOp(QStringLiteral("testing value %1 failed: %2").arg(path, kErrTestFailed));
        }
        if (val == value)
            return doc;
        failOp(QStringLiteral("testing value %1 failed: %2").arg(path, kErrTestFailed));
    }
    failOp(QStringLiteral("Unexpected kind: %1").arg(kind));
}

/// RFC 7386 as evanphx/json-patch's MergePatch: objects merge, everything else replaces.
QJsonValue mergeDocs(const QJsonValue& doc, const QJsonValue& patch)
{
    if (!patch.isObject())
        return pruneNulls(patch);
    QJsonObject out = doc.isObject() ? doc.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull()) {
            out.remove(it.key());
            continue;
        }
        const QJsonValue cur = out.value(it.key());
        out.insert(it.key(),
            (cur.isUndefined() || cur.isNull() || !cur.isObject()) ? mergeDocs({}, it.value())
                                                                   : mergeDocs(cur, it.value()));
    }
    return out;
}

QString kindOf(const QJsonObject& o)
{
    return o.value(QStringLiteral("kind")).toString();
}

PatchResult finish(const QJsonObject& original, const QJsonObject& patched)
{
    PatchResult r;
    r.withNulls = patched;
    r.object = pruneNulls(patched).toObject();
    r.changed = r.object != pruneNulls(original).toObject();
    return r;
}

PatchResult failed(const Fail& f)
{
    PatchResult r;
    r.error = f.kind;
    r.message = f.message;
    r.serverMessage = f.serverMessage.isEmpty() ? f.message : f.serverMessage;
    return r;
}

} // namespace

// --- public API ------------------------------------------------------------------------------------

QString PatchResult::kubectlError() const
{
    switch (error) {
    case Error::None:
        return {};
    case Error::Parse:
        return QStringLiteral("error: ") + message;
    case Error::BadRequest:
        return QStringLiteral("Error from server (BadRequest): ") + (serverMessage.isEmpty() ? message : serverMessage);
    case Error::Invalid:
        // apiserver: NewGenericServerResponse(422, ...) carries no details, kubectl prints its message.
        return QStringLiteral("The request is invalid: the server rejected our request due to an error in our request");
    case Error::Internal:
        return QStringLiteral("Error from server: ") + (serverMessage.isEmpty() ? message : serverMessage);
    }
    return {};
}

bool Patch::parse(const QString& text, QJsonValue& out, QString& error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
    if (pe.error == QJsonParseError::NoError) {
        out = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        return true;
    }
    // go-yaml's scanner and parser decide whether the text is YAML, and with which error it is not.
    goyaml::SyntaxError syntax;
    if (!goyaml::check(text.toUtf8(), syntax)) {
        error = QStringLiteral("unable to parse %1: %2").arg(goQuote(text), syntax.message);
        return false;
    }
    try {
        const YAML::Node n = YAML::Load(text.toStdString());
        QString decode;
        out = yamlToJson(n, decode);
        if (!decode.isEmpty()) {
            error = QStringLiteral("unable to parse %1: yaml: %2").arg(goQuote(text), decode);
            return false;
        }
        return true;
    } catch (const YAML::Exception& e) {
        // go-yaml prints "line N" from its problem mark; scanner errors on the first line have none.
        QString msg = goYamlMessage(e.msg);
        // A flow collection left open: go-yaml wants a node after '[', '{' or ',', else the
        // separator or the closing bracket.
        if (msg.startsWith(QLatin1String("did not find expected")) && msg != QLatin1String("did not find expected key")
            && msg != QLatin1String("did not find expected '-' indicator")) {
            const QString trimmed = text.trimmed();
            const QChar last = trimmed.isEmpty() ? QChar() : trimmed.back();
            const bool sequence = QString::fromStdString(e.msg).startsWith(QLatin1String("end of sequence flow"));
            if (last == u',' || last == u'[' || last == u'{')
                msg = QStringLiteral("did not find expected node content");
            else
                msg = sequence ? QStringLiteral("did not find expected ',' or ']'")
                               : QStringLiteral("did not find expected ',' or '}'");
        }
        const bool scanner = msg.startsWith(QLatin1String("mapping values")) || msg.startsWith(QLatin1String("found"));
        int line = e.mark.line + 1;
        if (scanner && e.mark.line == 0)
            line = 0;
        else if (msg == QLatin1String("did not find expected key"))
            line = e.mark.line;
        error = line > 0 ? QStringLiteral("unable to parse %1: yaml: line %2: %3").arg(goQuote(text)).arg(line).arg(msg)
                         : QStringLiteral("unable to parse %1: yaml: %2").arg(goQuote(text), msg);
        return false;
    }
}

QString Patch::goJsonSyntaxError(const QByteArray& data)
{
    // encoding/json's scanner (scanner.go): the first byte that no state accepts, with the
    // state's context, or "unexpected end of JSON input".
    const auto quoteChar = [](unsigned char c) -> QString {
        if (c == '\'')
            return QStringLiteral("'\\''");
        if (c == '"')
            return QStringLiteral("'\"'");
        static const char* const named[] = {"\\a", "\\b", "\\t", "\\n", "\\v", "\\f", "\\r"};
        if (c >= 7 && c <= 13)
            return QLatin1Char('\'') + QLatin1String(named[c - 7]) + QLatin1Char('\'');
        if (c < 0x20 || c == 0x7f)
            return QStringLiteral("'\\x%1'").arg(int(c), 2, 16, QLatin1Char('0'));
        if (c >= 0x80 && c < 0xa0)
            return QStringLiteral("'\\u%1'").arg(int(c), 4, 16, QLatin1Char('0'));
        if (c == '\\')
            return QStringLiteral("'\\\\'");
        return QLatin1Char('\'') + QChar(c) + QLatin1Char('\'');
    };
    enum class Ctx { Object, Array };
    std::vector<Ctx> stack;
    qsizetype i = 0;
    const qsizetype n = data.size();
    const auto isSpace = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const auto skip = [&] {
        while (i < n && isSpace(uchar(data[i])))
            ++i;
    };
    // At the end of the input the scanner is given a space (scanner.eof()): the states that
    // refuse one report it rather than the end.
    const auto bad = [&](const char* context) {
        return QStringLiteral("invalid character %1 %2")
            .arg(quoteChar(i < n ? uchar(data[i]) : uchar(' ')), QLatin1String(context));
    };
    const QString eof = QStringLiteral("unexpected end of JSON input");
    // A string from its opening quote to past its closing one; the error, or an empty text.
    const auto scanString = [&]() -> QString {
        for (++i;; ++i) {
            if (i >= n)
                return eof;
            const unsigned char c = uchar(data[i]);
            if (c == '"')
                break;
            if (c < 0x20)
                return bad("in string literal");
            if (c != '\\')
                continue;
            if (++i >= n || !QByteArrayView("\"\\/bfnrtu").contains(data[i]))
                return bad("in string escape code");
            if (data[i] == 'u') {
                for (int k = 0; k < 4; ++k) {
                    if (++i >= n || !isxdigit(uchar(data[i])))
                        return bad("in \\u hexadecimal character escape");
                }
            }
        }
        ++i;
        return {};
    };
    // After a value: what the enclosing context allows next.
    enum class Want { Value, Key, KeyOrEnd, ValueOrEnd };
    Want want = Want::Value;
    for (;;) {
        skip();
        if (i >= n)
            return eof;
        unsigned char c = uchar(data[i]);
        if (want == Want::Key || want == Want::KeyOrEnd) {
            if (c == '}' && want == Want::KeyOrEnd) {
                ++i;
                stack.pop_back();
            } else if (c != '"') {
                return bad("looking for beginning of object key string");
            } else {
                // the key string, then ':'
                if (const QString e = scanString(); !e.isEmpty())
                    return e;
                skip();
                if (i >= n)
                    return eof;
                if (data[i] != ':')
                    return bad("after object key");
                ++i;
                want = Want::Value;
                continue;
            }
        } else {
            // a value
            if (c == ']' && want == Want::ValueOrEnd) {
                ++i;
                stack.pop_back();
            } else if (c == '{') {
                ++i;
                stack.push_back(Ctx::Object);
                want = Want::KeyOrEnd;
                continue;
            } else if (c == '[') {
                ++i;
                stack.push_back(Ctx::Array);
                want = Want::ValueOrEnd;
                continue;
            } else if (c == '"') {
                if (const QString e = scanString(); !e.isEmpty())
                    return e;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if (c == '-') {
                    ++i;
                    if (i >= n || !(data[i] >= '0' && data[i] <= '9'))
                        return bad("in numeric literal");
                }
                if (data[i] == '0')
                    ++i;
                else
                    while (i < n && data[i] >= '0' && data[i] <= '9')
                        ++i;
                if (i < n && data[i] == '.') {
                    ++i;
                    if (i >= n || !(data[i] >= '0' && data[i] <= '9'))
                        return bad("after decimal point in numeric literal");
                    while (i < n && data[i] >= '0' && data[i] <= '9')
                        ++i;
                }
                if (i < n && (data[i] == 'e' || data[i] == 'E')) {
                    ++i;
                    if (i < n && (data[i] == '+' || data[i] == '-'))
                        ++i;
                    if (i >= n || !(data[i] >= '0' && data[i] <= '9'))
                        return bad("in exponent of numeric literal");
                    while (i < n && data[i] >= '0' && data[i] <= '9')
                        ++i;
                }
            } else if (c == 't' || c == 'f' || c == 'n') {
                const char* word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                const qsizetype len = qsizetype(strlen(word));
                for (qsizetype k = 1; k < len; ++k) {
                    if (i + k >= n || data[i + k] != word[k]) {
                        i += k;
                        return bad(QStringLiteral("in literal %1 (expecting '%2')")
                                       .arg(QLatin1String(word), QString(QLatin1Char(word[k])))
                                       .toLatin1()
                                       .constData());
                    }
                }
                i += len;
            } else {
                return bad("looking for beginning of value");
            }
        }
        // after a complete value
        for (;;) {
            skip();
            if (stack.empty()) {
                if (i < n)
                    return bad("after top-level value");
                return {};
            }
            if (i >= n)
                return eof;
            c = uchar(data[i]);
            if (stack.back() == Ctx::Object) {
                if (c == ',') {
                    ++i;
                    want = Want::Key;
                    break;
                }
                if (c == '}') {
                    ++i;
                    stack.pop_back();
                    continue;
                }
                return bad("after object key:value pair");
            }
            if (c == ',') {
                ++i;
                want = Want::Value;
                break;
            }
            if (c == ']') {
                ++i;
                stack.pop_back();
                continue;
            }
            return bad("after array element");
        }
    }
}

PatchResult Patch::apply(const QJsonObject& original, const QString& patchText, PatchType type)
{
    // apimachinery yaml.ToJSON hands text that begins with '{' on unchanged: each patch type's
    // JSON decoder then refuses what is not JSON.
    if (patchText.trimmed().startsWith(u'{')) {
        const QString syntax = goJsonSyntaxError(patchText.toUtf8());
        if (!syntax.isEmpty()) {
            PatchResult r;
            r.error = Error::BadRequest;
            switch (type) {
            case PatchType::Strategic: // mergepatch.ErrBadJSONDoc; the server's json.Unmarshal
                r.message = kErrBadJSONDoc;
                r.serverMessage = syntax;
                break;
            case PatchType::Merge: // jsonpatch.ErrBadJSONPatch, on either side
                r.message = r.serverMessage = QStringLiteral("Invalid JSON Patch");
                break;
            case PatchType::Json:
                r.message = syntax;
                r.serverMessage = QStringLiteral("error decoding patch: ") + syntax;
                break;
            }
            return r;
        }
    }
    QJsonValue p;
    QString err;
    if (!parse(patchText, p, err)) {
        PatchResult r;
        r.error = Error::Parse;
        r.message = err;
        return r;
    }
    switch (type) {
    case PatchType::Strategic:
        return strategicMerge(original, p);
    case PatchType::Merge:
        return mergePatch(original, p);
    case PatchType::Json:
        return jsonPatch(original, p);
    }
    return {};
}

PatchResult Patch::strategicMerge(const QJsonObject& original, const QJsonValue& patch)
{
    try {
        // A null patch (yaml.ToJSON of "~", "null" or a comment) changes nothing.
        if (patch.isNull())
            return finish(original, original);
        if (!patch.isObject())
            fail(kErrBadJSONDoc, Error::BadRequest);
        const QJsonObject merged = mergeMap(original, patch.toObject(), kindOf(original), MergeOptions {});
        return finish(original, merged);
    } catch (const Fail& f) {
        return failed(f);
    }
}

PatchResult Patch::mergePatch(const QJsonObject& original, const QJsonValue& patch)
{
    if (!patch.isObject()) {
        PatchResult r;
        r.error = Error::BadRequest;
        r.message = QStringLiteral("Invalid JSON Patch");
        r.serverMessage = r.message;
        // jsonpatch.MergePatch returns an array patch as the patched document, which kubectl then
        // fails to decode as an object (kubectl 1.32, --local).
        if (patch.isArray())
            r.message = QStringLiteral("json: cannot unmarshal array into Go value of type unstructured.detector");
        return r;
    }
    return finish(original, mergeDocs(original, patch).toObject());
}

PatchResult Patch::jsonPatch(const QJsonObject& original, const QJsonValue& patch)
{
    try {
        if (!patch.isArray() && !patch.isNull()) {
            const QString t = patch.isObject() ? QStringLiteral("object")
                : patch.isString()             ? QStringLiteral("string")
                : patch.isBool()               ? QStringLiteral("bool")
                                               : QStringLiteral("number");
            fail(QStringLiteral("json: cannot unmarshal %1 into Go value of type jsonpatch.Patch").arg(t),
                Error::BadRequest,
                QStringLiteral("error decoding patch: json: cannot unmarshal %1 into Go value of type "
                               "[]handlers.jsonPatchOp")
                    .arg(t));
        }
        QJsonValue doc = original;
        for (const auto& op : patch.toArray()) {
            if (!op.isObject()) {
                const QString t = op.isArray() ? QStringLiteral("array")
                    : op.isString()            ? QStringLiteral("string")
                    : op.isBool()              ? QStringLiteral("bool")
                                               : QStringLiteral("number");
                fail(QStringLiteral("json: cannot unmarshal %1 into Go value of type jsonpatch.Operation").arg(t),
                    Error::BadRequest,
                    QStringLiteral("error decoding patch: json: cannot unmarshal %1 into Go value of type "
                                   "handlers.jsonPatchOp")
                        .arg(t));
            }
            doc = applyOperation(doc, op.toObject());
        }
        return finish(original, doc.toObject());
    } catch (const Fail& f) {
        return failed(f);
    }
}

QJsonObject Patch::createTwoWayMergePatch(
    const QJsonObject& original, const QJsonObject& modified, const QString& kind, QString* error)
{
    try {
        DiffOptions opt;
        opt.setElementOrder = true;
        return diffMaps(original, modified, kind, opt);
    } catch (const Fail& f) {
        if (error)
            *error = f.message;
        return {};
    }
}

QJsonObject Patch::createThreeWayMergePatch(const QJsonObject& original, const QJsonObject& modified,
    const QJsonObject& current, const QString& kind, QString* error)
{
    try {
        DiffOptions deltaOpt;
        deltaOpt.ignoreDeletions = true;
        deltaOpt.setElementOrder = true;
        const QJsonObject delta = diffMaps(current, modified, kind, deltaOpt);
        DiffOptions delOpt;
        delOpt.setElementOrder = true;
        delOpt.ignoreChangesAndAdditions = true;
        const QJsonObject deletions = diffMaps(original, modified, kind, delOpt);
        return mergeMap(deletions, delta, kind, MergeOptions {false, false});
    } catch (const Fail& f) {
        if (error)
            *error = f.message;
        return {};
    }
}

QString Patch::goQuote(const QString& s)
{
    QString out = QStringLiteral("\"");
    const QList<uint> cps = s.toUcs4();
    for (uint c : cps) {
        switch (c) {
        case '\a':
            out += QStringLiteral("\\a");
            break;
        case '\b':
            out += QStringLiteral("\\b");
            break;
        case '\f':
            out += QStringLiteral("\\f");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\v':
            out += QStringLiteral("\\v");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
            else if (c >= 0x80 && !QChar::isPrint(char32_t(c)))
                out += c > 0xffff ? QStringLiteral("\\U%1").arg(c, 8, 16, QLatin1Char('0'))
                                  : QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'));
            else
                out += QString::fromUcs4(reinterpret_cast<const char32_t*>(&c), 1);
        }
    }
    return out + QLatin1Char('"');
}

QString Patch::goFormat(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        QStringList parts;
        for (auto it = o.begin(); it != o.end(); ++it)
            parts << it.key() + QLatin1Char(':') + goFormat(it.value());
        return QStringLiteral("map[") + parts.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    case QJsonValue::Array: {
        QStringList parts;
        for (const auto& e : v.toArray())
            parts << goFormat(e);
        return QLatin1Char('[') + parts.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // fmt's %v of a float64 is strconv.FormatFloat(f, 'g', -1, 64): shortest digits, %e when
        // exp < -4 || exp >= 6 (1e+06, 1.5e-05), plain otherwise (8080, 0.5).
        const double d = v.toDouble();
        QString e = QString::number(d, 'e', QLocale::FloatingPointShortest); // d.ddde+XX
        const int ePos = e.indexOf(QLatin1Char('e'));
        const int exp = e.mid(ePos + 1).toInt();
        if (exp < -4 || exp >= 6) {
            QString mant = e.left(ePos);
            QString ex = e.mid(ePos + 1);
            const QChar sign = ex.startsWith(QLatin1Char('-')) ? QLatin1Char('-') : QLatin1Char('+');
            QString digits = ex.mid((ex.startsWith(QLatin1Char('-')) || ex.startsWith(QLatin1Char('+'))) ? 1 : 0);
            while (digits.size() > 2 && digits.startsWith(QLatin1Char('0')))
                digits.remove(0, 1);
            if (digits.size() < 2)
                digits.prepend(QLatin1Char('0'));
            return mant + QLatin1Char('e') + sign + digits;
        }
        return QString::number(d, 'f', QLocale::FloatingPointShortest);
    }
    default:
        return QStringLiteral("<nil>");
    }
}

} // namespace rl
