#include "api/json.h"
#include "manifest/decoder.h"
#include "sim/rng.h"

#include <QDateTime>
#include <QTimeZone>

namespace rl {

// Field names and omitempty rules: kubernetes/api apps/v1/types.go, core/v1/types.go and
// apimachinery pkg/apis/meta/v1/types.go. Go's encoding/json never omits structs (omitempty has no
// effect on them), so struct-valued fields such as `strategy`, `resources`, `status` always print
// (`{}` when empty), and a zero metav1.Time prints as null.

QString formatTimestamp(Millis t)
{
    if (t == kNoTime)
        return {};
    const qint64 secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
    return QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
        + QLatin1Char('Z');
}

QString formatMicroTimestamp(Millis t)
{
    if (t == kNoTime)
        return {};
    const qint64 ms = ((t % 1000) + 1000) % 1000;
    return QDateTime::fromMSecsSinceEpoch(t - ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"))
        + QLatin1Char('.') + QString::number(ms).rightJustified(3, QLatin1Char('0')) + QStringLiteral("000Z");
}

Millis parseTimestamp(const QString& s)
{
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(s, Qt::ISODate);
    if (!dt.isValid() || !s.contains(QLatin1Char('T')))
        return kNoTime;
    return dt.toMSecsSinceEpoch();
}

namespace {

QJsonValue timeValue(Millis t)
{
    if (t == kNoTime)
        return QJsonValue(QJsonValue::Null);
    return formatTimestamp(t);
}

QJsonValue microTimeValue(Millis t)
{
    if (t == kNoTime)
        return QJsonValue(QJsonValue::Null);
    return formatMicroTimestamp(t);
}

void putString(QJsonObject& o, const QString& key, const QString& v)
{
    if (!v.isEmpty())
        o.insert(key, v);
}

template<typename T> void putInt(QJsonObject& o, const QString& key, T v)
{
    if (v != 0)
        o.insert(key, static_cast<qint64>(v));
}

template<typename T> void putOpt(QJsonObject& o, const QString& key, const std::optional<T>& v)
{
    if (v)
        o.insert(key, static_cast<qint64>(*v));
}

void putTime(QJsonObject& o, const QString& key, Millis t)
{
    if (t != kNoTime)
        o.insert(key, formatTimestamp(t));
}

QJsonObject labelsJson(const Labels& l)
{
    QJsonObject o;
    for (auto it = l.cbegin(); it != l.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

void putLabels(QJsonObject& o, const QString& key, const Labels& l)
{
    if (!l.isEmpty())
        o.insert(key, labelsJson(l));
}

void putStrings(QJsonObject& o, const QString& key, const QStringList& l)
{
    if (!l.isEmpty())
        o.insert(key, QJsonArray::fromStringList(l));
}

void merge(QJsonObject& o, const QJsonObject& extra)
{
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
}

QJsonValue intOrString(const IntOrString& v)
{
    if (v.isInt())
        return static_cast<qint64>(v.intVal);
    return v.strVal;
}

QJsonObject probeJson(const Probe& p)
{
    QJsonObject o = p.handler;
    putInt(o, QStringLiteral("initialDelaySeconds"), p.initialDelaySeconds);
    putInt(o, QStringLiteral("timeoutSeconds"), p.timeoutSeconds);
    putInt(o, QStringLiteral("periodSeconds"), p.periodSeconds);
    putInt(o, QStringLiteral("successThreshold"), p.successThreshold);
    putInt(o, QStringLiteral("failureThreshold"), p.failureThreshold);
    putOpt(o, QStringLiteral("terminationGracePeriodSeconds"), p.terminationGracePeriodSeconds);
    return o;
}

QJsonObject conditionJson(const Condition& c, bool withUpdateTime)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), c.type);
    o.insert(QStringLiteral("status"), c.status);
    if (withUpdateTime)
        o.insert(QStringLiteral("lastUpdateTime"), timeValue(c.lastUpdateTime));
    o.insert(QStringLiteral("lastTransitionTime"), timeValue(c.lastTransitionTime));
    putString(o, QStringLiteral("reason"), c.reason);
    putString(o, QStringLiteral("message"), c.message);
    return o;
}

QJsonObject containerStateJson(const ContainerState& s)
{
    QJsonObject o;
    QJsonObject inner;
    switch (s.kind) {
    case ContainerState::Kind::None:
        return o;
    case ContainerState::Kind::Waiting:
        putString(inner, QStringLiteral("reason"), s.reason);
        putString(inner, QStringLiteral("message"), s.message);
        o.insert(QStringLiteral("waiting"), inner);
        return o;
    case ContainerState::Kind::Running:
        inner.insert(QStringLiteral("startedAt"), timeValue(s.startedAt));
        o.insert(QStringLiteral("running"), inner);
        return o;
    case ContainerState::Kind::Terminated:
        inner.insert(QStringLiteral("exitCode"), s.exitCode);
        putInt(inner, QStringLiteral("signal"), s.signal);
        putString(inner, QStringLiteral("reason"), s.reason);
        putString(inner, QStringLiteral("message"), s.message);
        inner.insert(QStringLiteral("startedAt"), timeValue(s.startedAt));
        inner.insert(QStringLiteral("finishedAt"), timeValue(s.finishedAt));
        putString(inner, QStringLiteral("containerID"), s.containerID);
        o.insert(QStringLiteral("terminated"), inner);
        return o;
    }
    return o;
}

/// `mounts`: the container's volumeMounts in the pod's spec, for a status that reports them.
QJsonObject containerStatusJson(const ContainerStatus& s, const QJsonArray& mounts = {})
{
    QJsonObject o;
    if (s.mountsReported && !mounts.isEmpty()) {
        // VolumeMountStatus: name, mountPath, readOnly, and for a read-only mount whether it is
        // recursively so (the runtime's answer; Disabled unless the pod asked for it).
        QJsonArray reported;
        for (const QJsonValue& v : mounts) {
            const QJsonObject m = v.toObject();
            QJsonObject r {{QStringLiteral("mountPath"), m.value(QStringLiteral("mountPath"))},
                {QStringLiteral("name"), m.value(QStringLiteral("name"))}};
            if (m.value(QStringLiteral("readOnly")).toBool()) {
                r.insert(QStringLiteral("readOnly"), true);
                r.insert(QStringLiteral("recursiveReadOnly"),
                    m.value(QStringLiteral("recursiveReadOnly")).toString() == QLatin1String("Enabled")
                        ? QStringLiteral("Enabled")
                        : QStringLiteral("Disabled"));
            }
            reported.append(r);
        }
        o.insert(QStringLiteral("volumeMounts"), reported);
    }
    o.insert(QStringLiteral("name"), s.name);
    o.insert(QStringLiteral("state"), containerStateJson(s.state));
    o.insert(QStringLiteral("lastState"), containerStateJson(s.lastState));
    o.insert(QStringLiteral("ready"), s.ready);
    o.insert(QStringLiteral("restartCount"), s.restartCount);
    o.insert(QStringLiteral("image"), s.image);
    o.insert(QStringLiteral("imageID"), s.imageID);
    putString(o, QStringLiteral("containerID"), s.containerID);
    if (s.started)
        o.insert(QStringLiteral("started"), *s.started);
    return o;
}

QJsonObject typeMeta(const QString& apiVersion, Kind kind)
{
    QJsonObject o;
    putString(o, QStringLiteral("apiVersion"), apiVersion);
    o.insert(QStringLiteral("kind"), kindName(kind));
    return o;
}

} // namespace

QJsonObject toJson(const ObjectMeta& m)
{
    QJsonObject o;
    putString(o, QStringLiteral("name"), m.name);
    putString(o, QStringLiteral("generateName"), m.generateName);
    putString(o, QStringLiteral("namespace"), m.namespace_);
    putString(o, QStringLiteral("uid"), m.uid);
    putString(o, QStringLiteral("resourceVersion"), m.resourceVersion);
    putInt(o, QStringLiteral("generation"), m.generation);
    o.insert(QStringLiteral("creationTimestamp"), timeValue(m.creationTimestamp));
    putTime(o, QStringLiteral("deletionTimestamp"), m.deletionTimestamp);
    putOpt(o, QStringLiteral("deletionGracePeriodSeconds"), m.deletionGracePeriodSeconds);
    putLabels(o, QStringLiteral("labels"), m.labels);
    putLabels(o, QStringLiteral("annotations"), m.annotations);
    if (!m.ownerReferences.empty()) {
        QJsonArray refs;
        for (const auto& r : m.ownerReferences) {
            QJsonObject ro;
            ro.insert(QStringLiteral("apiVersion"), r.apiVersion);
            ro.insert(QStringLiteral("kind"), r.kind);
            ro.insert(QStringLiteral("name"), r.name);
            ro.insert(QStringLiteral("uid"), r.uid);
            if (r.controller)
                ro.insert(QStringLiteral("controller"), true);
            if (r.blockOwnerDeletion)
                ro.insert(QStringLiteral("blockOwnerDeletion"), true);
            refs.append(ro);
        }
        o.insert(QStringLiteral("ownerReferences"), refs);
    }
    return o;
}

QJsonObject toJson(const LabelSelector& s)
{
    QJsonObject o;
    putLabels(o, QStringLiteral("matchLabels"), s.matchLabels);
    if (!s.matchExpressions.empty()) {
        QJsonArray exprs;
        for (const auto& e : s.matchExpressions) {
            QJsonObject eo;
            eo.insert(QStringLiteral("key"), e.key);
            eo.insert(QStringLiteral("operator"), e.op);
            putStrings(eo, QStringLiteral("values"), e.values);
            exprs.append(eo);
        }
        o.insert(QStringLiteral("matchExpressions"), exprs);
    }
    return o;
}

QJsonObject toJson(const Container& c)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), c.name);
    putString(o, QStringLiteral("image"), c.image);
    putStrings(o, QStringLiteral("command"), c.command);
    putStrings(o, QStringLiteral("args"), c.args);
    putString(o, QStringLiteral("workingDir"), c.workingDir);
    if (!c.ports.empty()) {
        QJsonArray ports;
        for (const auto& p : c.ports) {
            QJsonObject po;
            putString(po, QStringLiteral("name"), p.name);
            putInt(po, QStringLiteral("hostPort"), p.hostPort);
            po.insert(QStringLiteral("containerPort"), p.containerPort);
            putString(po, QStringLiteral("protocol"), p.protocol);
            putString(po, QStringLiteral("hostIP"), p.hostIP);
            ports.append(po);
        }
        o.insert(QStringLiteral("ports"), ports);
    }
    if (!c.env.empty()) {
        QJsonArray env;
        for (const auto& e : c.env) {
            QJsonObject eo;
            eo.insert(QStringLiteral("name"), e.name);
            if (e.value && !e.value->isEmpty())
                eo.insert(QStringLiteral("value"), *e.value);
            if (!e.valueFrom.isEmpty())
                eo.insert(QStringLiteral("valueFrom"), e.valueFrom);
            env.append(eo);
        }
        o.insert(QStringLiteral("env"), env);
    }
    o.insert(QStringLiteral("resources"), c.resources);
    if (!c.volumeMounts.isEmpty())
        o.insert(QStringLiteral("volumeMounts"), c.volumeMounts);
    if (c.readinessProbe)
        o.insert(QStringLiteral("readinessProbe"), probeJson(*c.readinessProbe));
    if (c.livenessProbe)
        o.insert(QStringLiteral("livenessProbe"), probeJson(*c.livenessProbe));
    if (c.startupProbe)
        o.insert(QStringLiteral("startupProbe"), probeJson(*c.startupProbe));
    putString(o, QStringLiteral("terminationMessagePath"), c.terminationMessagePath);
    putString(o, QStringLiteral("terminationMessagePolicy"), c.terminationMessagePolicy);
    putString(o, QStringLiteral("imagePullPolicy"), c.imagePullPolicy);
    merge(o, c.extra);
    return o;
}

QJsonObject toJson(const PodSpec& s)
{
    QJsonObject o;
    if (!s.volumes.isEmpty())
        o.insert(QStringLiteral("volumes"), s.volumes);
    if (!s.initContainers.empty()) {
        QJsonArray a;
        for (const auto& c : s.initContainers)
            a.append(toJson(c));
        o.insert(QStringLiteral("initContainers"), a);
    }
    if (s.containers.empty()) {
        o.insert(QStringLiteral("containers"), QJsonValue(QJsonValue::Null));
    } else {
        QJsonArray a;
        for (const auto& c : s.containers)
            a.append(toJson(c));
        o.insert(QStringLiteral("containers"), a);
    }
    putString(o, QStringLiteral("restartPolicy"), s.restartPolicy);
    putOpt(o, QStringLiteral("terminationGracePeriodSeconds"), s.terminationGracePeriodSeconds);
    putOpt(o, QStringLiteral("activeDeadlineSeconds"), s.activeDeadlineSeconds);
    putString(o, QStringLiteral("dnsPolicy"), s.dnsPolicy);
    putLabels(o, QStringLiteral("nodeSelector"), s.nodeSelector);
    putString(o, QStringLiteral("serviceAccountName"), s.serviceAccountName);
    // The deprecated alias, which conversion to v1 fills from serviceAccountName.
    if (!s.serviceAccountName.isEmpty() && !s.extra.contains(QStringLiteral("serviceAccount")))
        o.insert(QStringLiteral("serviceAccount"), s.serviceAccountName);
    putString(o, QStringLiteral("nodeName"), s.nodeName);
    if (s.hasSecurityContext || !s.securityContext.isEmpty())
        o.insert(QStringLiteral("securityContext"), s.securityContext);
    putString(o, QStringLiteral("schedulerName"), s.schedulerName);
    merge(o, s.extra);
    return o;
}

QJsonObject toJson(const PodTemplateSpec& t)
{
    QJsonObject o;
    o.insert(QStringLiteral("metadata"), toJson(t.metadata));
    o.insert(QStringLiteral("spec"), toJson(t.spec));
    return o;
}

QJsonObject toJson(const Deployment& d)
{
    QJsonObject o = typeMeta(d.apiVersion, Kind::Deployment);
    o.insert(QStringLiteral("metadata"), toJson(d.metadata));

    QJsonObject spec;
    putOpt(spec, QStringLiteral("replicas"), d.spec.replicas);
    spec.insert(QStringLiteral("selector"),
        d.spec.selector ? QJsonValue(toJson(*d.spec.selector)) : QJsonValue(QJsonValue::Null));
    spec.insert(QStringLiteral("template"), toJson(d.spec.template_));
    QJsonObject strategy;
    putString(strategy, QStringLiteral("type"), d.spec.strategy.type);
    if (d.spec.strategy.rollingUpdate) {
        QJsonObject ru;
        if (d.spec.strategy.rollingUpdate->maxUnavailable)
            ru.insert(QStringLiteral("maxUnavailable"), intOrString(*d.spec.strategy.rollingUpdate->maxUnavailable));
        if (d.spec.strategy.rollingUpdate->maxSurge)
            ru.insert(QStringLiteral("maxSurge"), intOrString(*d.spec.strategy.rollingUpdate->maxSurge));
        strategy.insert(QStringLiteral("rollingUpdate"), ru);
    }
    spec.insert(QStringLiteral("strategy"), strategy);
    putInt(spec, QStringLiteral("minReadySeconds"), d.spec.minReadySeconds);
    putOpt(spec, QStringLiteral("revisionHistoryLimit"), d.spec.revisionHistoryLimit);
    if (d.spec.paused)
        spec.insert(QStringLiteral("paused"), true);
    putOpt(spec, QStringLiteral("progressDeadlineSeconds"), d.spec.progressDeadlineSeconds);
    o.insert(QStringLiteral("spec"), spec);

    QJsonObject status;
    const auto& st = d.status;
    putInt(status, QStringLiteral("observedGeneration"), st.observedGeneration);
    putInt(status, QStringLiteral("replicas"), st.replicas);
    putInt(status, QStringLiteral("updatedReplicas"), st.updatedReplicas);
    putInt(status, QStringLiteral("readyReplicas"), st.readyReplicas);
    putInt(status, QStringLiteral("availableReplicas"), st.availableReplicas);
    putInt(status, QStringLiteral("unavailableReplicas"), st.unavailableReplicas);
    putOpt(status, QStringLiteral("terminatingReplicas"), st.terminatingReplicas);
    if (!st.conditions.empty()) {
        QJsonArray a;
        for (const auto& c : st.conditions)
            a.append(conditionJson(c, true));
        status.insert(QStringLiteral("conditions"), a);
    }
    putOpt(status, QStringLiteral("collisionCount"), st.collisionCount);
    o.insert(QStringLiteral("status"), status);
    return o;
}

QJsonObject toJson(const ReplicaSet& rs)
{
    QJsonObject o = typeMeta(rs.apiVersion, Kind::ReplicaSet);
    o.insert(QStringLiteral("metadata"), toJson(rs.metadata));

    QJsonObject spec;
    putOpt(spec, QStringLiteral("replicas"), rs.spec.replicas);
    putInt(spec, QStringLiteral("minReadySeconds"), rs.spec.minReadySeconds);
    spec.insert(QStringLiteral("selector"),
        rs.spec.selector ? QJsonValue(toJson(*rs.spec.selector)) : QJsonValue(QJsonValue::Null));
    spec.insert(QStringLiteral("template"), toJson(rs.spec.template_));
    o.insert(QStringLiteral("spec"), spec);

    QJsonObject status;
    const auto& st = rs.status;
    status.insert(QStringLiteral("replicas"), st.replicas); // not omitempty in apps/v1
    putInt(status, QStringLiteral("fullyLabeledReplicas"), st.fullyLabeledReplicas);
    putInt(status, QStringLiteral("readyReplicas"), st.readyReplicas);
    putInt(status, QStringLiteral("availableReplicas"), st.availableReplicas);
    putOpt(status, QStringLiteral("terminatingReplicas"), st.terminatingReplicas);
    putInt(status, QStringLiteral("observedGeneration"), st.observedGeneration);
    if (!st.conditions.empty()) {
        QJsonArray a;
        for (const auto& c : st.conditions)
            a.append(conditionJson(c, false));
        status.insert(QStringLiteral("conditions"), a);
    }
    o.insert(QStringLiteral("status"), status);
    return o;
}

QString tokenVolumeName(const Pod& p)
{
    const bool projected = p.spec->tokenVolume == TokenVolume::Projected;
    const QString& seed = projected ? p.metadata.uid : p.metadata.namespace_;
    quint64 h = 14695981039346656037ULL; // FNV-1a 64
    for (const QChar c : seed) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    // The generateName suffix draw, from a generator seeded with the hash: the same name every time.
    return (projected ? QStringLiteral("kube-api-access-") : QStringLiteral("default-token-")) + Rng(h).podSuffix();
}

PodSpec effectiveSpec(const Pod& p)
{
    PodSpec s = *p.spec;
    if (s.tokenVolume == TokenVolume::None)
        return s;
    const QString name = tokenVolumeName(p);
    // The ServiceAccount admission plugin appends the volume, and a mount of it to every container.
    QJsonObject volume {{QStringLiteral("name"), name}};
    if (s.tokenVolume == TokenVolume::Projected) {
        const QJsonObject token {{QStringLiteral("serviceAccountToken"),
            QJsonObject {
                {QStringLiteral("expirationSeconds"), 3607}, {QStringLiteral("path"), QStringLiteral("token")}}}};
        const QJsonObject ca {{QStringLiteral("configMap"),
            QJsonObject {{QStringLiteral("items"),
                             QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("ca.crt")},
                                 {QStringLiteral("path"), QStringLiteral("ca.crt")}}}},
                {QStringLiteral("name"), QStringLiteral("kube-root-ca.crt")}}}};
        const QJsonObject ns {{QStringLiteral("downwardAPI"),
            QJsonObject {{QStringLiteral("items"),
                QJsonArray {QJsonObject {{QStringLiteral("fieldRef"),
                                             QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                 {QStringLiteral("fieldPath"), QStringLiteral("metadata.namespace")}}},
                    {QStringLiteral("path"), QStringLiteral("namespace")}}}}}}};
        volume.insert(QStringLiteral("projected"),
            QJsonObject {
                {QStringLiteral("defaultMode"), 420}, {QStringLiteral("sources"), QJsonArray {token, ca, ns}}});
    } else {
        volume.insert(QStringLiteral("secret"),
            QJsonObject {{QStringLiteral("defaultMode"), 420}, {QStringLiteral("secretName"), name}});
    }
    s.volumes.append(volume);
    const QJsonObject mount {{QStringLiteral("mountPath"), kServiceAccountMountPath}, {QStringLiteral("name"), name},
        {QStringLiteral("readOnly"), true}};
    for (CowVector<Container>* list : {&s.initContainers, &s.containers}) {
        for (std::size_t i = 0; i < list->size(); ++i)
            (*list)[i].volumeMounts.append(mount);
    }
    s.tokenVolume = TokenVolume::None;
    return s;
}

QJsonObject toJson(const Pod& p)
{
    QJsonObject o = typeMeta(p.apiVersion, Kind::Pod);
    o.insert(QStringLiteral("metadata"), toJson(p.metadata));
    const PodSpec spec = effectiveSpec(p);
    o.insert(QStringLiteral("spec"), toJson(spec));
    const auto mountsOf = [](const CowVector<Container>& list, const QString& name) {
        for (const Container& c : list) {
            if (c.name == name)
                return c.volumeMounts;
        }
        return QJsonArray();
    };

    QJsonObject status;
    const auto& st = p.status;
    putString(status, QStringLiteral("phase"), st.phase);
    if (!st.conditions.empty()) {
        QJsonArray a;
        for (const auto& c : st.conditions) {
            QJsonObject co;
            co.insert(QStringLiteral("type"), c.type);
            co.insert(QStringLiteral("status"), c.status);
            co.insert(QStringLiteral("lastProbeTime"), timeValue(c.lastProbeTime));
            co.insert(QStringLiteral("lastTransitionTime"), timeValue(c.lastTransitionTime));
            putString(co, QStringLiteral("reason"), c.reason);
            putString(co, QStringLiteral("message"), c.message);
            a.append(co);
        }
        status.insert(QStringLiteral("conditions"), a);
    }
    putString(status, QStringLiteral("message"), st.message);
    putString(status, QStringLiteral("reason"), st.reason);
    putString(status, QStringLiteral("hostIP"), st.hostIP);
    if (!st.hostIP.isEmpty() && st.hostIPsListed)
        status.insert(QStringLiteral("hostIPs"), QJsonArray {QJsonObject {{QStringLiteral("ip"), st.hostIP}}});
    putString(status, QStringLiteral("podIP"), st.podIP);
    if (!st.podIP.isEmpty() && st.podIPsListed)
        status.insert(QStringLiteral("podIPs"), QJsonArray {QJsonObject {{QStringLiteral("ip"), st.podIP}}});
    putTime(status, QStringLiteral("startTime"), st.startTime);
    if (!st.initContainerStatuses.empty()) {
        QJsonArray a;
        for (const auto& c : st.initContainerStatuses)
            a.append(containerStatusJson(c, mountsOf(spec.initContainers, c.name)));
        status.insert(QStringLiteral("initContainerStatuses"), a);
    }
    if (!st.containerStatuses.empty()) {
        QJsonArray a;
        for (const auto& c : st.containerStatuses)
            a.append(containerStatusJson(c, mountsOf(spec.containers, c.name)));
        status.insert(QStringLiteral("containerStatuses"), a);
    }
    putString(status, QStringLiteral("qosClass"), st.qosClass);
    o.insert(QStringLiteral("status"), status);
    return o;
}

QJsonObject toJson(const Service& s)
{
    QJsonObject o = typeMeta(s.apiVersion, Kind::Service);
    o.insert(QStringLiteral("metadata"), toJson(s.metadata));

    QJsonObject spec;
    if (!s.spec.ports.empty()) {
        QJsonArray ports;
        for (const auto& p : s.spec.ports) {
            QJsonObject po;
            putString(po, QStringLiteral("name"), p.name);
            putString(po, QStringLiteral("protocol"), p.protocol);
            po.insert(QStringLiteral("port"), p.port);
            if (p.targetPort)
                po.insert(QStringLiteral("targetPort"), intOrString(*p.targetPort));
            putInt(po, QStringLiteral("nodePort"), p.nodePort);
            ports.append(po);
        }
        spec.insert(QStringLiteral("ports"), ports);
    }
    putLabels(spec, QStringLiteral("selector"), s.spec.selector);
    putString(spec, QStringLiteral("clusterIP"), s.spec.clusterIP);
    putString(spec, QStringLiteral("type"), s.spec.type);
    putString(spec, QStringLiteral("sessionAffinity"), s.spec.sessionAffinity);
    if (s.spec.publishNotReadyAddresses)
        spec.insert(QStringLiteral("publishNotReadyAddresses"), true);
    merge(spec, s.spec.extra);
    o.insert(QStringLiteral("spec"), spec);
    o.insert(QStringLiteral("status"), QJsonObject {{QStringLiteral("loadBalancer"), QJsonObject()}});
    return o;
}

QJsonObject toJson(const ObjectReference& r)
{
    QJsonObject ref;
    putString(ref, QStringLiteral("kind"), r.kind);
    putString(ref, QStringLiteral("namespace"), r.namespace_);
    putString(ref, QStringLiteral("name"), r.name);
    putString(ref, QStringLiteral("uid"), r.uid);
    putString(ref, QStringLiteral("apiVersion"), r.apiVersion);
    putString(ref, QStringLiteral("resourceVersion"), r.resourceVersion);
    putString(ref, QStringLiteral("fieldPath"), r.fieldPath);
    return ref;
}

QJsonObject toJson(const Endpoints& e)
{
    QJsonObject o = typeMeta(e.apiVersion, Kind::Endpoints);
    o.insert(QStringLiteral("metadata"), toJson(e.metadata));
    auto addresses = [](const std::vector<EndpointAddress>& list) {
        QJsonArray out;
        for (const auto& a : list) {
            QJsonObject ao;
            ao.insert(QStringLiteral("ip"), a.ip);
            putString(ao, QStringLiteral("hostname"), a.hostname);
            if (a.nodeName)
                ao.insert(QStringLiteral("nodeName"), *a.nodeName);
            if (a.targetRef)
                ao.insert(QStringLiteral("targetRef"), toJson(*a.targetRef));
            out.append(ao);
        }
        return out;
    };
    // subsets has omitempty: an Endpoints object without addresses prints no subsets at all.
    if (!e.subsets.empty()) {
        QJsonArray subsets;
        for (const auto& ss : e.subsets) {
            QJsonObject so;
            if (!ss.addresses.empty())
                so.insert(QStringLiteral("addresses"), addresses(ss.addresses));
            if (!ss.notReadyAddresses.empty())
                so.insert(QStringLiteral("notReadyAddresses"), addresses(ss.notReadyAddresses));
            if (!ss.ports.empty()) {
                QJsonArray ports;
                for (const auto& p : ss.ports) {
                    QJsonObject po;
                    putString(po, QStringLiteral("name"), p.name);
                    po.insert(QStringLiteral("port"), p.port);
                    putString(po, QStringLiteral("protocol"), p.protocol);
                    if (p.appProtocol)
                        po.insert(QStringLiteral("appProtocol"), *p.appProtocol);
                    ports.append(po);
                }
                so.insert(QStringLiteral("ports"), ports);
            }
            subsets.append(so);
        }
        o.insert(QStringLiteral("subsets"), subsets);
    }
    return o;
}

QJsonObject toJson(const Event& e)
{
    QJsonObject o = typeMeta(e.apiVersion, Kind::Event);
    o.insert(QStringLiteral("metadata"), toJson(e.metadata));
    o.insert(QStringLiteral("involvedObject"), toJson(*e.involvedObject));
    putString(o, QStringLiteral("reason"), e.reason);
    putString(o, QStringLiteral("message"), e.message);
    QJsonObject source;
    putString(source, QStringLiteral("component"), e.emitter->sourceComponent);
    putString(source, QStringLiteral("host"), e.emitter->sourceHost);
    o.insert(QStringLiteral("source"), source);
    o.insert(QStringLiteral("firstTimestamp"), timeValue(e.firstTimestamp));
    o.insert(QStringLiteral("lastTimestamp"), timeValue(e.lastTimestamp));
    putInt(o, QStringLiteral("count"), e.count); // omitempty: absent for events.k8s.io Events
    putString(o, QStringLiteral("type"), e.type);
    // MicroTime: RFC 3339 with six decimals, null when zero (a struct: never omitted).
    o.insert(QStringLiteral("eventTime"), microTimeValue(e.eventTime));
    if (e.seriesCount > 0) {
        QJsonObject series;
        series.insert(QStringLiteral("count"), e.seriesCount);
        series.insert(QStringLiteral("lastObservedTime"), microTimeValue(e.seriesLastObservedTime));
        o.insert(QStringLiteral("series"), series);
    }
    putString(o, QStringLiteral("action"), e.emitter->action);
    // Neither has omitempty: both print, empty, for an Event of a client older than v1.28.
    o.insert(QStringLiteral("reportingComponent"), e.emitter->reportingController);
    o.insert(QStringLiteral("reportingInstance"), e.emitter->reportingInstance);
    return o;
}

QJsonObject toJson(const Event& e, int minor)
{
    QJsonObject o = toJson(e);
    if (minor < kFirstMinorWithEventSeriesFields) {
        for (const char* field :
            {"eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"})
            o.remove(QLatin1String(field));
    }
    return o;
}

} // namespace rl

// Strict decoders: the implementation lives in manifest/decoder.cpp (it also reports every unknown
// field so that the manifest layer can order them by source position).
namespace rl {
namespace {
template<typename T> bool decodeInto(const QJsonObject& json, T& out, DecodeError& err)
{
    const StrictDecodeResult r = decodeStrict(json, out);
    if (!r.typeError.isEmpty()) {
        err = r.typeError;
        return false;
    }
    if (!r.unknownFields.isEmpty()) {
        QString first = r.unknownFields.first();
        first = first.mid(first.indexOf(QLatin1Char('"')) + 1);
        first.chop(1);
        err = DecodeError {first, strictDecodingMessage(r.unknownFields)};
        return false;
    }
    err = DecodeError();
    return true;
}
} // namespace

bool fromJson(const QJsonObject& json, Deployment& out, DecodeError& err)
{
    return decodeInto(json, out, err);
}
bool fromJson(const QJsonObject& json, ReplicaSet& out, DecodeError& err)
{
    return decodeInto(json, out, err);
}
bool fromJson(const QJsonObject& json, Pod& out, DecodeError& err)
{
    return decodeInto(json, out, err);
}
bool fromJson(const QJsonObject& json, Service& out, DecodeError& err)
{
    return decodeInto(json, out, err);
}
} // namespace rl
