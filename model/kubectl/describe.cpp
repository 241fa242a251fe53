#include "kubectl/describe.h"

#include "api/json.h"
#include "controllers/endpointscontroller.h"
#include "kubectl/duration.h"
#include "kubectl/tabwriter.h"
#include "sim/objectstore.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace rl {

namespace {

const QString L1 = QStringLiteral("  ");
const QString L2 = QStringLiteral("    ");
const QString L3 = QStringLiteral("      ");

void labelsMultiline(QString& w, const QString& title, const Labels& labels)
{
    w += title + QStringLiteral(":\t");
    if (labels.isEmpty()) {
        w += QStringLiteral("<none>\n");
        return;
    }
    bool first = true;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (!first)
            w += QLatin1Char('\t');
        first = false;
        w += it.key() + QLatin1Char('=') + it.value() + QLatin1Char('\n');
    }
}

QString shorten(const QString& s, int max)
{
    return s.size() > max ? s.left(max) + QStringLiteral("...") : s;
}

void annotationsMultiline(QString& w, const QString& title, const Labels& annotations)
{
    w += title + QStringLiteral(":\t");
    QStringList keys;
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        if (it.key() != keys::LastApplied)
            keys << it.key();
    if (keys.isEmpty()) {
        w += QStringLiteral("<none>\n");
        return;
    }
    const int maxLen = 140;
    for (int i = 0; i < keys.size(); ++i) {
        if (i != 0)
            w += QLatin1Char('\t');
        QString value = annotations.value(keys[i]);
        if (value.endsWith(QLatin1Char('\n')))
            value.chop(1);
        if (value.size() + keys[i].size() + 2 > maxLen || value.contains(QLatin1Char('\n'))) {
            w += keys[i] + QStringLiteral(":\n");
            for (const QString& s : value.split(QLatin1Char('\n')))
                w += QLatin1Char('\t') + shorten(s, maxLen - 2) + QLatin1Char('\n');
        } else {
            w += keys[i] + QStringLiteral(": ") + value + QLatin1Char('\n');
        }
    }
}

QString portsText(const std::vector<ContainerPort>& ports, bool host)
{
    QStringList out;
    for (const ContainerPort& p : ports) {
        QString s = QStringLiteral("%1/%2").arg(host ? p.hostPort : p.containerPort).arg(p.protocol);
        if (!p.name.isEmpty())
            s += QStringLiteral(" (%1)").arg(p.name);
        out << s;
    }
    return out.join(QStringLiteral(", "));
}

QString probeText(const Probe& p)
{
    const QString attrs = QStringLiteral("delay=%1s timeout=%2s period=%3s #success=%4 #failure=%5")
                              .arg(p.initialDelaySeconds)
                              .arg(p.timeoutSeconds)
                              .arg(p.periodSeconds)
                              .arg(p.successThreshold)
                              .arg(p.failureThreshold);
    auto portText = [](const QJsonValue& v) { return v.isString() ? v.toString() : QString::number(v.toInt()); };
    if (p.handler.contains(QStringLiteral("httpGet"))) {
        const QJsonObject h = p.handler.value(QStringLiteral("httpGet")).toObject();
        QString scheme = h.value(QStringLiteral("scheme")).toString(QStringLiteral("HTTP")).toLower();
        QString host = h.value(QStringLiteral("host")).toString();
        if (host.contains(QLatin1Char(':')))
            host = QLatin1Char('[') + host + QLatin1Char(']');
        return QStringLiteral("http-get %1://%2:%3%4 %5")
            .arg(scheme, host, portText(h.value(QStringLiteral("port"))), h.value(QStringLiteral("path")).toString(),
                attrs);
    }
    if (p.handler.contains(QStringLiteral("tcpSocket"))) {
        const QJsonObject h = p.handler.value(QStringLiteral("tcpSocket")).toObject();
        return QStringLiteral("tcp-socket %1:%2 %3")
            .arg(h.value(QStringLiteral("host")).toString(), portText(h.value(QStringLiteral("port"))), attrs);
    }
    if (p.handler.contains(QStringLiteral("exec"))) {
        QStringList cmd;
        for (const auto& v :
            p.handler.value(QStringLiteral("exec")).toObject().value(QStringLiteral("command")).toArray())
            cmd << v.toString();
        return QStringLiteral("exec [%1] %2").arg(cmd.join(QLatin1Char(' ')), attrs);
    }
    if (p.handler.contains(QStringLiteral("grpc"))) {
        const QJsonObject h = p.handler.value(QStringLiteral("grpc")).toObject();
        return QStringLiteral("grpc <pod>:%1 %2 %3")
            .arg(h.value(QStringLiteral("port")).toInt())
            .arg(h.value(QStringLiteral("service")).toString(), attrs);
    }
    return QStringLiteral("unknown %1").arg(attrs);
}

void resources(QString& w, const QJsonObject& res, const QString& key, const QString& title)
{
    const QJsonObject m = res.value(key).toObject();
    if (m.isEmpty())
        return;
    w += L2 + title + QStringLiteral(":\n");
    for (auto it = m.begin(); it != m.end(); ++it)
        w += L3 + it.key() + QStringLiteral(":\t") + (it->isString() ? it->toString() : QString::number(it->toDouble()))
            + QLatin1Char('\n');
}

void containers(QString& w, const QString& label, const std::vector<Container>& list,
    const std::vector<ContainerStatus>* statuses, Millis now)
{
    w += L1 + label + QStringLiteral(":\n");
    for (const Container& c : list) {
        const ContainerStatus* st = nullptr;
        if (statuses)
            for (const ContainerStatus& s : *statuses)
                if (s.name == c.name)
                    st = &s;
        w += L1 + QLatin1Char(' ') + c.name + QStringLiteral(":\n");
        if (st)
            w += L2 + QStringLiteral("Container ID:\t") + st->containerID + QLatin1Char('\n');
        w += L2 + QStringLiteral("Image:\t") + c.image + QLatin1Char('\n');
        if (st)
            w += L2 + QStringLiteral("Image ID:\t") + st->imageID + QLatin1Char('\n');
        const QString ports = portsText(c.ports, false);
        w += L2 + (ports.contains(QLatin1Char(',')) ? QStringLiteral("Ports:\t") : QStringLiteral("Port:\t"))
            + (ports.isEmpty() ? QStringLiteral("<none>") : ports) + QLatin1Char('\n');
        const QString hostPorts = portsText(c.ports, true);
        w += L2
            + (hostPorts.contains(QLatin1Char(',')) ? QStringLiteral("Host Ports:\t") : QStringLiteral("Host Port:\t"))
            + (hostPorts.isEmpty() ? QStringLiteral("<none>") : hostPorts) + QLatin1Char('\n');
        for (const auto& [title, items] :
            {std::pair {QStringLiteral("Command"), c.command}, {QStringLiteral("Args"), c.args}}) {
            if (items.isEmpty())
                continue;
            w += L2 + title + QStringLiteral(":\n");
            for (const QString& item : items)
                for (const QString& s : item.split(QLatin1Char('\n')))
                    w += L3 + s + QLatin1Char('\n');
        }
        if (st) {
            auto state = [&](const QString& title, const ContainerState& s) {
                switch (s.kind) {
                case ContainerState::Kind::Running:
                    w += L2 + title + QStringLiteral(":\tRunning\n");
                    w += L3 + QStringLiteral("Started:\t") + formatRfc1123z(s.startedAt) + QLatin1Char('\n');
                    break;
                case ContainerState::Kind::Waiting:
                    w += L2 + title + QStringLiteral(":\tWaiting\n");
                    w += L3 + QStringLiteral("Reason:\t") + s.reason + QLatin1Char('\n');
                    break;
                case ContainerState::Kind::Terminated:
                    w += L2 + title + QStringLiteral(":\tTerminated\n");
                    if (!s.reason.isEmpty())
                        w += L3 + QStringLiteral("Reason:\t") + s.reason + QLatin1Char('\n');
                    if (!s.message.isEmpty())
                        w += L3 + QStringLiteral("Message:\t") + s.message + QLatin1Char('\n');
                    w += L3 + QStringLiteral("Exit Code:\t") + QString::number(s.exitCode) + QLatin1Char('\n');
                    if (s.signal > 0)
                        w += L3 + QStringLiteral("Signal:\t") + QString::number(s.signal) + QLatin1Char('\n');
                    w += L3 + QStringLiteral("Started:\t") + formatRfc1123z(s.startedAt) + QLatin1Char('\n');
                    w += L3 + QStringLiteral("Finished:\t") + formatRfc1123z(s.finishedAt) + QLatin1Char('\n');
                    break;
                case ContainerState::Kind::None:
                    w += L2 + title + QStringLiteral(":\tWaiting\n");
                    break;
                }
            };
            state(QStringLiteral("State"), st->state);
            if (st->lastState.kind != ContainerState::Kind::None)
                state(QStringLiteral("Last State"), st->lastState);
            w += L2 + QStringLiteral("Ready:\t") + (st->ready ? QStringLiteral("True") : QStringLiteral("False"))
                + QLatin1Char('\n');
            w += L2 + QStringLiteral("Restart Count:\t") + QString::number(st->restartCount) + QLatin1Char('\n');
        }
        resources(w, c.resources, QStringLiteral("limits"), QStringLiteral("Limits"));
        resources(w, c.resources, QStringLiteral("requests"), QStringLiteral("Requests"));
        if (c.livenessProbe)
            w += L2 + QStringLiteral("Liveness:\t") + probeText(*c.livenessProbe) + QLatin1Char('\n');
        if (c.readinessProbe)
            w += L2 + QStringLiteral("Readiness:\t") + probeText(*c.readinessProbe) + QLatin1Char('\n');
        if (c.startupProbe)
            w += L2 + QStringLiteral("Startup:\t") + probeText(*c.startupProbe) + QLatin1Char('\n');
        w += L2 + QStringLiteral("Environment:") + (c.env.empty() ? QStringLiteral("\t<none>") : QString())
            + QLatin1Char('\n');
        for (const EnvVar& e : c.env) {
            if (e.value || e.valueFrom.isEmpty()) {
                const QStringList lines = e.value.value_or(QString()).split(QLatin1Char('\n'));
                for (int i = 0; i < lines.size(); ++i)
                    w += L3 + (i == 0 ? e.name + QStringLiteral(":\t") : QStringLiteral("\t")) + lines[i]
                        + QLatin1Char('\n');
            } else if (e.valueFrom.contains(QStringLiteral("fieldRef"))) {
                const QJsonObject f = e.valueFrom.value(QStringLiteral("fieldRef")).toObject();
                w += L3 + e.name
                    + QStringLiteral(":\t (%1:%2)\n")
                          .arg(f.value(QStringLiteral("apiVersion")).toString(QStringLiteral("v1")),
                              f.value(QStringLiteral("fieldPath")).toString());
            } else {
                w += L3 + e.name + QStringLiteral(":\t<set to the key of a reference>\n");
            }
        }
        w += L2 + QStringLiteral("Mounts:") + (c.volumeMounts.isEmpty() ? QStringLiteral("\t<none>") : QString())
            + QLatin1Char('\n');
        std::vector<QJsonObject> mounts;
        for (const auto& m : c.volumeMounts)
            mounts.push_back(m.toObject());
        std::stable_sort(mounts.begin(), mounts.end(), [](const QJsonObject& a, const QJsonObject& b) {
            return a.value(QStringLiteral("mountPath")).toString() < b.value(QStringLiteral("mountPath")).toString();
        });
        for (const QJsonObject& m : mounts) {
            QStringList flags {
                m.value(QStringLiteral("readOnly")).toBool() ? QStringLiteral("ro") : QStringLiteral("rw")};
            if (!m.value(QStringLiteral("subPath")).toString().isEmpty())
                flags << QStringLiteral("path=\"%1\"").arg(m.value(QStringLiteral("subPath")).toString());
            w += L3
                + QStringLiteral("%1 from %2 (%3)\n")
                      .arg(m.value(QStringLiteral("mountPath")).toString(), m.value(QStringLiteral("name")).toString(),
                          flags.join(QLatin1Char(',')));
        }
    }
    Q_UNUSED(now);
}

void volumes(QString& w, const QJsonArray& vols, const QString& space)
{
    if (vols.isEmpty()) {
        w += space + QStringLiteral("Volumes:\t<none>\n");
        return;
    }
    w += space + QStringLiteral("Volumes:\n");
    for (const auto& v : vols) {
        const QJsonObject o = v.toObject();
        w += L1 + (space.isEmpty() ? QString() : QStringLiteral(" ")) + o.value(QStringLiteral("name")).toString()
            + QStringLiteral(":\n");
        if (o.contains(QStringLiteral("emptyDir"))) {
            const QJsonObject e = o.value(QStringLiteral("emptyDir")).toObject();
            w += L2 + QStringLiteral("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
            w += L2 + QStringLiteral("Medium:\t") + e.value(QStringLiteral("medium")).toString() + QLatin1Char('\n');
            w += L2 + QStringLiteral("SizeLimit:\t")
                + (e.contains(QStringLiteral("sizeLimit")) ? e.value(QStringLiteral("sizeLimit")).toString()
                                                           : QStringLiteral("<unset>"))
                + QLatin1Char('\n');
        } else if (o.contains(QStringLiteral("configMap"))) {
            const QJsonObject c = o.value(QStringLiteral("configMap")).toObject();
            w += L2 + QStringLiteral("Type:\tConfigMap (a volume populated by a ConfigMap)\n");
            w += L2 + QStringLiteral("Name:\t") + c.value(QStringLiteral("name")).toString() + QLatin1Char('\n');
            w += L2 + QStringLiteral("Optional:\t")
                + (c.value(QStringLiteral("optional")).toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                + QLatin1Char('\n');
        } else if (o.contains(QStringLiteral("secret"))) {
            const QJsonObject c = o.value(QStringLiteral("secret")).toObject();
            w += L2 + QStringLiteral("Type:\tSecret (a volume populated by a Secret)\n");
            w += L2 + QStringLiteral("SecretName:\t") + c.value(QStringLiteral("secretName")).toString()
                + QLatin1Char('\n');
            w += L2 + QStringLiteral("Optional:\t")
                + (c.value(QStringLiteral("optional")).toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                + QLatin1Char('\n');
        } else if (o.contains(QStringLiteral("projected"))) {
            // printProjectedVolumeSource: a line or two per source.
            w += L2 + QStringLiteral("Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            const auto optional = [](const QJsonObject& src) {
                const QJsonValue v = src.value(QStringLiteral("optional"));
                return v.isUndefined() ? QStringLiteral("<nil>")
                                       : (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            };
            for (const QJsonValue& source :
                o.value(QStringLiteral("projected")).toObject().value(QStringLiteral("sources")).toArray()) {
                const QJsonObject src = source.toObject();
                if (src.contains(QStringLiteral("secret"))) {
                    const QJsonObject sec = src.value(QStringLiteral("secret")).toObject();
                    w += L2 + QStringLiteral("SecretName:\t") + sec.value(QStringLiteral("name")).toString()
                        + QLatin1Char('\n');
                    w += L2 + QStringLiteral("SecretOptionalName:\t") + optional(sec) + QLatin1Char('\n');
                } else if (src.contains(QStringLiteral("downwardAPI"))) {
                    w += L2 + QStringLiteral("DownwardAPI:\ttrue\n");
                } else if (src.contains(QStringLiteral("configMap"))) {
                    const QJsonObject cm = src.value(QStringLiteral("configMap")).toObject();
                    w += L2 + QStringLiteral("ConfigMapName:\t") + cm.value(QStringLiteral("name")).toString()
                        + QLatin1Char('\n');
                    w += L2 + QStringLiteral("ConfigMapOptional:\t") + optional(cm) + QLatin1Char('\n');
                } else if (src.contains(QStringLiteral("serviceAccountToken"))) {
                    w += L2 + QStringLiteral("TokenExpirationSeconds:\t")
                        + QString::number(src.value(QStringLiteral("serviceAccountToken"))
                                              .toObject()
                                              .value(QStringLiteral("expirationSeconds"))
                                              .toInteger())
                        + QLatin1Char('\n');
                }
            }
        } else {
            w += L2 + QStringLiteral("<unknown>\n");
        }
    }
}

/// printTolerationsMultilineWithIndent: sorted by key, "key[=value][:effect][ op=Exists][ for Ns]".
void tolerationsMultiline(QString& w, const QString& indent, const QJsonArray& list)
{
    w += indent + QStringLiteral("Tolerations:\t");
    if (list.isEmpty()) {
        w += QStringLiteral("<none>\n");
        return;
    }
    std::vector<QJsonObject> tolerations;
    for (const QJsonValue& v : list)
        tolerations.push_back(v.toObject());
    std::stable_sort(tolerations.begin(), tolerations.end(), [](const QJsonObject& a, const QJsonObject& b) {
        return a.value(QStringLiteral("key")).toString() < b.value(QStringLiteral("key")).toString();
    });
    for (std::size_t i = 0; i < tolerations.size(); ++i) {
        const QJsonObject& o = tolerations[i];
        if (i != 0)
            w += indent + QLatin1Char('\t');
        const QString key = o.value(QStringLiteral("key")).toString();
        const QString value = o.value(QStringLiteral("value")).toString();
        const QString effect = o.value(QStringLiteral("effect")).toString();
        w += key;
        if (!value.isEmpty())
            w += QLatin1Char('=') + value;
        if (!effect.isEmpty())
            w += QLatin1Char(':') + effect;
        // An Exists toleration without key and effect tolerates everything.
        if (o.value(QStringLiteral("operator")).toString() == QLatin1String("Exists") && value.isEmpty())
            w += key.isEmpty() && effect.isEmpty() ? QStringLiteral("op=Exists") : QStringLiteral(" op=Exists");
        if (o.contains(QStringLiteral("tolerationSeconds")))
            w += QStringLiteral(" for %1s").arg(o.value(QStringLiteral("tolerationSeconds")).toInteger());
        w += QLatin1Char('\n');
    }
}

void podTemplate(QString& w, const PodTemplateSpec& t)
{
    w += QStringLiteral("Pod Template:\n");
    labelsMultiline(w, QStringLiteral("  Labels"), t.metadata.labels);
    if (!t.metadata.annotations.isEmpty())
        annotationsMultiline(w, QStringLiteral("  Annotations"), t.metadata.annotations);
    if (!t.spec.serviceAccountName.isEmpty())
        w += L1 + QStringLiteral("Service Account:\t") + t.spec.serviceAccountName + QLatin1Char('\n');
    if (!t.spec.initContainers.empty())
        containers(w, QStringLiteral("Init Containers"), t.spec.initContainers, nullptr, 0);
    containers(w, QStringLiteral("Containers"), t.spec.containers, nullptr, 0);
    volumes(w, t.spec.volumes, L1);
    const QString pc = t.spec.extra.value(QStringLiteral("priorityClassName")).toString();
    if (!pc.isEmpty())
        w += L1 + QStringLiteral("Priority Class Name:\t") + pc + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("  Node-Selectors"), t.spec.nodeSelector);
    tolerationsMultiline(w, QStringLiteral("  "), t.spec.extra.value(QStringLiteral("tolerations")).toArray());
}

template<class T> std::vector<EventPtr> eventsFor(const T& obj, const ObjectStore& store)
{
    std::vector<EventPtr> out;
    for (const auto& [key, e] : store.all<Event>()) {
        const ObjectReference& r = e->involvedObject;
        if (r.kind == kindName(T::kind) && r.name == obj.metadata.name && r.namespace_ == obj.metadata.namespace_
            && (r.uid.isEmpty() || obj.metadata.uid.isEmpty() || r.uid == obj.metadata.uid))
            out.push_back(e);
    }
    std::stable_sort(out.begin(), out.end(),
        [](const EventPtr& a, const EventPtr& b) { return a->lastTimestamp < b->lastTimestamp; });
    return out;
}

/// DescribeEvents: flushes the writer before the table, so the table is aligned on its own.
QString eventsText(const std::vector<EventPtr>& events, Millis now)
{
    if (events.empty())
        return QStringLiteral("Events:\t<none>\n");
    QString w = QStringLiteral("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for (const EventPtr& e : events) {
        // eventTime when set, else firstTimestamp; a series, else a count above 1, adds the last.
        const QString first = translateTimestampSince(e->eventTime != kNoTime ? e->eventTime : e->firstTimestamp, now);
        QString interval = first;
        if (e->seriesCount > 0)
            interval = QStringLiteral("%1 (x%2 over %3)")
                           .arg(translateTimestampSince(e->seriesLastObservedTime, now))
                           .arg(e->seriesCount)
                           .arg(first);
        else if (e->count > 1)
            interval = QStringLiteral("%1 (x%2 over %3)")
                           .arg(translateTimestampSince(e->lastTimestamp, now))
                           .arg(e->count)
                           .arg(first);
        w += L1 + e->type + QLatin1Char('\t') + e->reason + QLatin1Char('\t') + interval + QLatin1Char('\t') + e->from()
            + QLatin1Char('\t') + e->message.trimmed() + QLatin1Char('\n');
    }
    return w;
}

QString align(const QString& text)
{
    return TabWriter::format(text, 0, 2);
}

QString rsList(const std::vector<ReplicaSetPtr>& list)
{
    QStringList parts;
    for (const ReplicaSetPtr& rs : list)
        parts << QStringLiteral("%1 (%2/%3 replicas created)")
                     .arg(rs->metadata.name)
                     .arg(rs->status.replicas)
                     .arg(rs->spec.replicas.value_or(0));
    return parts.isEmpty() ? QStringLiteral("<none>") : parts.join(QStringLiteral(", "));
}

template<class C> void conditions(QString& w, const std::vector<C>& list)
{
    if (list.empty())
        return;
    w += QStringLiteral("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
    for (const C& c : list)
        w += L1 + c.type + QStringLiteral(" \t") + c.status + QLatin1Char('\t') + c.reason + QLatin1Char('\n');
}

} // namespace

QString formatRfc1123z(Millis t)
{
    if (t == kNoTime)
        t = 0;
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
    return QLocale::c().toString(dt, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")) + QStringLiteral(" +0000");
}

QString podTemplateLines(const PodTemplateSpec& t)
{
    QString w;
    podTemplate(w, t);
    return w;
}

void deploymentReplicaSets(
    const Deployment& d, const ObjectStore& store, ReplicaSetPtr& newRs, std::vector<ReplicaSetPtr>& oldRs)
{
    newRs.reset();
    oldRs.clear();
    std::vector<ReplicaSetPtr> owned;
    for (const auto& [key, rs] : store.all<ReplicaSet>()) {
        if (rs->metadata.namespace_ != d.metadata.namespace_)
            continue;
        const OwnerReference* ref = rs->metadata.controllerRef();
        if (ref && ref->uid == d.metadata.uid)
            owned.push_back(rs);
    }
    // FindNewReplicaSet: the oldest matching one (creationTimestamp, then name).
    std::vector<ReplicaSetPtr> byAge = owned;
    std::stable_sort(byAge.begin(), byAge.end(), [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) {
        return a->metadata.creationTimestamp < b->metadata.creationTimestamp;
    });
    for (const ReplicaSetPtr& rs : byAge)
        if (equalIgnoreHash(rs->spec.template_, d.spec.template_)) {
            newRs = rs;
            break;
        }
    for (const ReplicaSetPtr& rs : owned)
        if (rs != newRs)
            oldRs.push_back(rs);
}

QString describeDeployment(const Deployment& d, const ObjectStore& store, Millis now)
{
    QString w;
    w += QStringLiteral("Name:\t") + d.metadata.name + QLatin1Char('\n');
    w += QStringLiteral("Namespace:\t") + d.metadata.namespace_ + QLatin1Char('\n');
    w += QStringLiteral("CreationTimestamp:\t") + formatRfc1123z(d.metadata.creationTimestamp) + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Labels"), d.metadata.labels);
    annotationsMultiline(w, QStringLiteral("Annotations"), d.metadata.annotations);
    w += QStringLiteral("Selector:\t") + (d.spec.selector ? d.spec.selector->toString() : QStringLiteral("<none>"))
        + QLatin1Char('\n');
    w += QStringLiteral("Replicas:\t%1 desired | %2 updated | %3 total | %4 available | %5 unavailable\n")
             .arg(d.spec.replicas.value_or(0))
             .arg(d.status.updatedReplicas)
             .arg(d.status.replicas)
             .arg(d.status.availableReplicas)
             .arg(d.status.unavailableReplicas);
    w += QStringLiteral("StrategyType:\t") + d.spec.strategy.type + QLatin1Char('\n');
    w += QStringLiteral("MinReadySeconds:\t") + QString::number(d.spec.minReadySeconds) + QLatin1Char('\n');
    if (d.spec.strategy.rollingUpdate) {
        const auto& ru = *d.spec.strategy.rollingUpdate;
        w += QStringLiteral("RollingUpdateStrategy:\t%1 max unavailable, %2 max surge\n")
                 .arg(ru.maxUnavailable ? ru.maxUnavailable->toString() : QStringLiteral("0"),
                     ru.maxSurge ? ru.maxSurge->toString() : QStringLiteral("0"));
    }
    podTemplate(w, d.spec.template_);
    conditions(w, d.status.conditions);
    ReplicaSetPtr newRs;
    std::vector<ReplicaSetPtr> oldRs;
    deploymentReplicaSets(d, store, newRs, oldRs);
    w += QStringLiteral("OldReplicaSets:\t") + rsList(oldRs) + QLatin1Char('\n');
    w += QStringLiteral("NewReplicaSet:\t")
        + rsList(newRs ? std::vector<ReplicaSetPtr> {newRs} : std::vector<ReplicaSetPtr> {}) + QLatin1Char('\n');
    const auto events = eventsFor(d, store);
    if (events.empty())
        return align(w + eventsText(events, now));
    return align(w) + align(eventsText(events, now));
}

QString describeReplicaSet(const ReplicaSet& rs, const ObjectStore& store, Millis now)
{
    QString w;
    w += QStringLiteral("Name:\t") + rs.metadata.name + QLatin1Char('\n');
    w += QStringLiteral("Namespace:\t") + rs.metadata.namespace_ + QLatin1Char('\n');
    w += QStringLiteral("Selector:\t") + (rs.spec.selector ? rs.spec.selector->toString() : QStringLiteral("<none>"))
        + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Labels"), rs.metadata.labels);
    annotationsMultiline(w, QStringLiteral("Annotations"), rs.metadata.annotations);
    if (const OwnerReference* ref = rs.metadata.controllerRef())
        w += QStringLiteral("Controlled By:\t") + ref->kind + QLatin1Char('/') + ref->name + QLatin1Char('\n');
    w += QStringLiteral("Replicas:\t%1 current / %2 desired\n")
             .arg(rs.status.replicas)
             .arg(rs.spec.replicas.value_or(0));
    int running = 0, waiting = 0, succeeded = 0, failed = 0;
    for (const auto& [key, p] : store.all<Pod>()) {
        const OwnerReference* ref = p->metadata.controllerRef();
        if (!ref || ref->uid != rs.metadata.uid)
            continue;
        const QString& phase = p->status.phase;
        if (phase == QLatin1String("Running"))
            ++running;
        else if (phase == QLatin1String("Pending") || phase.isEmpty())
            ++waiting;
        else if (phase == QLatin1String("Succeeded"))
            ++succeeded;
        else if (phase == QLatin1String("Failed"))
            ++failed;
    }
    w += QStringLiteral("Pods Status:\t%1 Running / %2 Waiting / %3 Succeeded / %4 Failed\n")
             .arg(running)
             .arg(waiting)
             .arg(succeeded)
             .arg(failed);
    podTemplate(w, rs.spec.template_);
    conditions(w, rs.status.conditions);
    const auto events = eventsFor(rs, store);
    if (events.empty())
        return align(w + eventsText(events, now));
    return align(w) + align(eventsText(events, now));
}

QString describePod(const Pod& p, const ObjectStore& store, Millis now)
{
    QString w;
    w += QStringLiteral("Name:\t") + p.metadata.name + QLatin1Char('\n');
    w += QStringLiteral("Namespace:\t") + p.metadata.namespace_ + QLatin1Char('\n');
    // The spec as the API returns it (with the token volume and its mounts).
    const PodSpec spec = effectiveSpec(p);
    if (const QJsonValue priority = spec.extra.value(QStringLiteral("priority")); !priority.isUndefined())
        w += QStringLiteral("Priority:\t") + QString::number(priority.toInteger()) + QLatin1Char('\n');
    w += QStringLiteral("Service Account:\t") + spec.serviceAccountName + QLatin1Char('\n');
    w += QStringLiteral("Node:\t")
        + (p.spec->nodeName.isEmpty() ? QStringLiteral("<none>")
                                      : p.spec->nodeName + QLatin1Char('/') + p.status.hostIP)
        + QLatin1Char('\n');
    if (p.status.startTime != kNoTime)
        w += QStringLiteral("Start Time:\t") + formatRfc1123z(p.status.startTime) + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Labels"), p.metadata.labels);
    annotationsMultiline(w, QStringLiteral("Annotations"), p.metadata.annotations);
    if (p.metadata.isDeleting()) {
        w += QStringLiteral("Status:\tTerminating (lasts %1)\n")
                 .arg(translateTimestampSince(p.metadata.deletionTimestamp, now));
        w += QStringLiteral("Termination Grace Period:\t%1s\n").arg(p.metadata.deletionGracePeriodSeconds.value_or(0));
    } else {
        w += QStringLiteral("Status:\t") + p.status.phase + QLatin1Char('\n');
    }
    if (!p.status.reason.isEmpty())
        w += QStringLiteral("Reason:\t") + p.status.reason + QLatin1Char('\n');
    if (!p.status.message.isEmpty())
        w += QStringLiteral("Message:\t") + p.status.message + QLatin1Char('\n');
    w += QStringLiteral("IP:\t") + p.status.podIP + QLatin1Char('\n');
    w += QStringLiteral("IPs:")
        + (p.status.podIP.isEmpty() || !p.status.podIPsListed
                ? QStringLiteral("\t<none>\n")
                : QStringLiteral("\n  IP:  ") + p.status.podIP + QLatin1Char('\n'));
    if (const OwnerReference* ref = p.metadata.controllerRef())
        w += QStringLiteral("Controlled By:\t") + ref->kind + QLatin1Char('/') + ref->name + QLatin1Char('\n');
    if (!spec.initContainers.empty())
        containers(
            w, QStringLiteral("Init Containers"), spec.initContainers, &p.status.initContainerStatuses.vector(), now);
    // describe pod writes "Containers:" at level 0
    QString c;
    containers(c, QStringLiteral("Containers"), spec.containers, &p.status.containerStatuses.vector(), now);
    // strip the two-space indent of the pod-template variant: pod describe has containers at level 0
    QStringList lines = c.split(QLatin1Char('\n'));
    for (QString& l : lines)
        if (l.startsWith(L1))
            l.remove(0, 2);
    w += lines.join(QLatin1Char('\n'));
    if (!p.status.conditions.empty()) {
        w += QStringLiteral("Conditions:\n  Type\tStatus\n");
        for (const PodCondition& pc : p.status.conditions)
            w += L1 + pc.type + QStringLiteral(" \t") + pc.status + QLatin1Char('\n');
    }
    volumes(w, spec.volumes, QString());
    w += QStringLiteral("QoS Class:\t")
        + (p.status.qosClass.isEmpty() ? QStringLiteral("BestEffort") : p.status.qosClass) + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Node-Selectors"), p.spec->nodeSelector);
    tolerationsMultiline(w, QString(), spec.extra.value(QStringLiteral("tolerations")).toArray());
    const auto events = eventsFor(p, store);
    if (events.empty())
        return align(w + eventsText(events, now));
    return align(w) + align(eventsText(events, now));
}

QString describeService(const Service& s, const ObjectStore& store, Millis now, int minor)
{
    QString w;
    w += QStringLiteral("Name:\t") + s.metadata.name + QLatin1Char('\n');
    w += QStringLiteral("Namespace:\t") + s.metadata.namespace_ + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Labels"), s.metadata.labels);
    annotationsMultiline(w, QStringLiteral("Annotations"), s.metadata.annotations);
    QStringList sel;
    for (auto it = s.spec.selector.begin(); it != s.spec.selector.end(); ++it)
        sel << it.key() + QLatin1Char('=') + it.value();
    w += QStringLiteral("Selector:\t") + (sel.isEmpty() ? QStringLiteral("<none>") : sel.join(QLatin1Char(',')))
        + QLatin1Char('\n');
    w += QStringLiteral("Type:\t") + (s.spec.type.isEmpty() ? QStringLiteral("ClusterIP") : s.spec.type)
        + QLatin1Char('\n');
    // The dual-stack fields as the server filled them in (spec.extra): none before v1.20.
    const QJsonObject& extra = s.spec.extra;
    if (extra.contains(QStringLiteral("ipFamilyPolicy")))
        w += QStringLiteral("IP Family Policy:\t") + extra.value(QStringLiteral("ipFamilyPolicy")).toString()
            + QLatin1Char('\n');
    const auto joined = [](const QJsonValue& v) {
        QStringList items;
        for (const QJsonValue& item : v.toArray())
            items << item.toString();
        return items.isEmpty() ? QStringLiteral("<none>") : items.join(QLatin1Char(','));
    };
    w += QStringLiteral("IP Families:\t") + joined(extra.value(QStringLiteral("ipFamilies"))) + QLatin1Char('\n');
    w += QStringLiteral("IP:\t") + s.spec.clusterIP + QLatin1Char('\n');
    w += QStringLiteral("IPs:\t") + joined(extra.value(QStringLiteral("clusterIPs"))) + QLatin1Char('\n');
    // kubectl 1.32 lists the Service's EndpointSlices (describe.go formatEndpointSlices, since
    // kubernetes#124598): "<none>" when there is no slice (a Service without a selector, or a
    // server before discovery.k8s.io/v1 in v1.21), else the ready endpoints (ready = pod Ready and
    // not terminating, or publishNotReadyAddresses) with the port of that name, three at most and
    // " + N more..."; an empty text when none is ready (the controller's placeholder slice). A pod
    // that resolves none of the ports sits in a slice without ports and is listed without one.
    // Its "more" is set by any endpoint after the third, ready or not, as formatEndpointSlices does.
    const bool hasSlices = minor >= kFirstMinorWithEndpointSliceV1 && !s.spec.selector.isEmpty();
    struct Selected
    {
        PodPtr pod;
        EndpointsController::Endpoint endpoint;
        bool portless = true; // resolves none of the Service's ports
    };
    std::vector<Selected> selected;
    for (const auto& [key, p] : store.all<Pod>()) {
        if (const auto e = EndpointsController::endpointFor(s, *p)) {
            Selected one {p, *e};
            for (const ServicePort& port : s.spec.ports)
                one.portless = one.portless && !EndpointsController::findPort(*p, port);
            selected.push_back(std::move(one));
        }
    }
    std::sort(selected.begin(), selected.end(),
        [](const Selected& a, const Selected& b) { return a.endpoint.ip < b.endpoint.ip; });
    for (const ServicePort& port : s.spec.ports) {
        const QString name = port.name.isEmpty() ? QStringLiteral("<unset>") : port.name;
        const QString proto = port.protocol.isEmpty() ? QStringLiteral("TCP") : port.protocol;
        w += QStringLiteral("Port:\t%1\t%2/%3\n").arg(name).arg(port.port).arg(proto);
        const QString target = port.targetPort ? port.targetPort->toString() : QString::number(port.port);
        w += QStringLiteral("TargetPort:\t%1/%2\n").arg(target, proto);
        if (port.nodePort != 0)
            w += QStringLiteral("NodePort:\t%1\t%2/%3\n").arg(name).arg(port.nodePort).arg(proto);
        QStringList list;
        bool more = false;
        int count = 0;
        for (const auto& [p, e, portless] : selected) {
            const auto number = EndpointsController::findPort(*p, port);
            if (!number && !portless)
                continue; // in a slice whose ports do not include this one
            if (list.size() == 3)
                more = true;
            if (!e.ready)
                continue;
            if (!more)
                list << (number ? e.ip + QLatin1Char(':') + QString::number(*number) : e.ip);
            ++count;
        }
        QString text = list.join(QLatin1Char(','));
        if (!hasSlices)
            text = QStringLiteral("<none>");
        else if (more)
            text += QStringLiteral(" + %1 more...").arg(count - 3);
        w += QStringLiteral("Endpoints:\t") + text + QLatin1Char('\n');
    }
    w += QStringLiteral("Session Affinity:\t")
        + (s.spec.sessionAffinity.isEmpty() ? QStringLiteral("None") : s.spec.sessionAffinity) + QLatin1Char('\n');
    if (const QString policy = extra.value(QStringLiteral("externalTrafficPolicy")).toString(); !policy.isEmpty())
        w += QStringLiteral("External Traffic Policy:\t") + policy + QLatin1Char('\n');
    if (extra.contains(QStringLiteral("internalTrafficPolicy")))
        w += QStringLiteral("Internal Traffic Policy:\t")
            + extra.value(QStringLiteral("internalTrafficPolicy")).toString() + QLatin1Char('\n');
    const auto events = eventsFor(s, store);
    if (events.empty())
        return align(w + eventsText(events, now));
    return align(w) + align(eventsText(events, now));
}

QString describeEndpoints(const Endpoints& ep, const ObjectStore& store, Millis now)
{
    QString w;
    w += QStringLiteral("Name:\t") + ep.metadata.name + QLatin1Char('\n');
    w += QStringLiteral("Namespace:\t") + ep.metadata.namespace_ + QLatin1Char('\n');
    labelsMultiline(w, QStringLiteral("Labels"), ep.metadata.labels);
    annotationsMultiline(w, QStringLiteral("Annotations"), ep.metadata.annotations);
    w += QStringLiteral("Subsets:\n");
    const auto ips = [](const std::vector<EndpointAddress>& list) {
        QStringList out;
        for (const EndpointAddress& a : list)
            out << a.ip;
        return out.isEmpty() ? QStringLiteral("<none>") : out.join(QLatin1Char(','));
    };
    for (const EndpointSubset& ss : ep.subsets) {
        w += L1 + QStringLiteral("Addresses:\t") + ips(ss.addresses) + QLatin1Char('\n');
        w += L1 + QStringLiteral("NotReadyAddresses:\t") + ips(ss.notReadyAddresses) + QLatin1Char('\n');
        if (!ss.ports.empty()) {
            w += L1 + QStringLiteral("Ports:\n");
            w += QStringLiteral("    Name\tPort\tProtocol\n    ----\t----\t--------\n");
            for (const EndpointPort& p : ss.ports)
                w += QStringLiteral("    %1\t%2\t%3\n")
                         .arg(p.name.isEmpty() ? QStringLiteral("<unset>") : p.name)
                         .arg(p.port)
                         .arg(p.protocol);
        }
        w += QLatin1Char('\n');
    }
    const auto events = eventsFor(ep, store);
    if (events.empty())
        return align(w + eventsText(events, now));
    return align(w) + align(eventsText(events, now));
}

} // namespace rl
