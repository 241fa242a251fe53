#include "kubectl/printers.h"

#include "kubectl/duration.h"
#include "kubectl/resources.h"
#include "kubectl/tabwriter.h"

namespace rl {

namespace {

QString nameCell(Kind kind, const QString& name, const TableOptions& o)
{
    return o.showKind ? resourceTypeFor(kind).objectName(name) : name;
}

void appendLabelCells(QStringList& row, const Labels& labels, const TableOptions& o)
{
    for (const QString& key : o.labelColumns)
        row << labels.value(key);
    if (o.showLabels)
        row << formatLabels(labels);
}

QString selectorString(const std::optional<LabelSelector>& s)
{
    if (!s || s->isEmpty())
        return QString(); // labels.Everything().String()
    return s->toString();
}

QString containerNames(const PodSpec& spec)
{
    QStringList names;
    for (const Container& c : spec.containers)
        names << c.name;
    return names.join(QLatin1Char(','));
}

QString containerImages(const PodSpec& spec)
{
    QStringList images;
    for (const Container& c : spec.containers)
        images << c.image;
    return images.join(QLatin1Char(','));
}

QString noneIfEmpty(const QString& s)
{
    return s.isEmpty() ? QStringLiteral("<none>") : s;
}

bool isRestartableInit(const Container& c)
{
    return c.extra.value(QStringLiteral("restartPolicy")).toString() == QLatin1String("Always");
}

const Container* findInit(const Pod& p, const QString& name)
{
    for (const Container& c : p.spec->initContainers)
        if (c.name == name)
            return &c;
    return nullptr;
}

struct PodSummary
{
    QString reason;
    int ready = 0;
    int total = 0;
    int restarts = 0;
    Millis lastRestart = kNoTime;
};

// printPod, kubernetes/kubernetes pkg/printers/internalversion/printers.go (v1.32).
PodSummary summarize(const Pod& pod)
{
    PodSummary s;
    s.total = int(pod.spec->containers.size());
    s.reason = pod.status.reason.isEmpty() ? pod.status.phase : pod.status.reason;
    for (const PodCondition& c : pod.status.conditions)
        if (c.type == QLatin1String("PodScheduled") && c.reason == QLatin1String("SchedulingGated"))
            s.reason = QStringLiteral("SchedulingGated");
    for (const Container& c : pod.spec->initContainers)
        if (isRestartableInit(c))
            ++s.total;

    int restartableInitRestarts = 0;
    Millis lastRestartableInitRestart = kNoTime;
    bool initializing = false;
    const int initCount = int(pod.spec->initContainers.size());
    for (int i = 0; i < int(pod.status.initContainerStatuses.size()); ++i) {
        const ContainerStatus& cs = pod.status.initContainerStatuses[i];
        s.restarts += cs.restartCount;
        if (cs.lastState.kind == ContainerState::Kind::Terminated && cs.lastState.finishedAt > s.lastRestart)
            s.lastRestart = cs.lastState.finishedAt;
        const Container* spec = findInit(pod, cs.name);
        const bool restartable = spec && isRestartableInit(*spec);
        if (restartable) {
            restartableInitRestarts += cs.restartCount;
            if (cs.lastState.kind == ContainerState::Kind::Terminated
                && cs.lastState.finishedAt > lastRestartableInitRestart)
                lastRestartableInitRestart = cs.lastState.finishedAt;
        }
        const auto& st = cs.state;
        if (st.kind == ContainerState::Kind::Terminated && st.exitCode == 0)
            continue;
        if (restartable && cs.started.value_or(false)) {
            if (cs.ready)
                ++s.ready;
            continue;
        }
        if (st.kind == ContainerState::Kind::Terminated) {
            if (st.reason.isEmpty())
                s.reason = st.signal != 0 ? QStringLiteral("Init:Signal:%1").arg(st.signal)
                                          : QStringLiteral("Init:ExitCode:%1").arg(st.exitCode);
            else
                s.reason = QStringLiteral("Init:") + st.reason;
        } else if (st.kind == ContainerState::Kind::Waiting && !st.reason.isEmpty()
            && st.reason != QLatin1String("PodInitializing")) {
            s.reason = QStringLiteral("Init:") + st.reason;
        } else {
            s.reason = QStringLiteral("Init:%1/%2").arg(i).arg(initCount);
        }
        initializing = true;
        break;
    }

    const PodCondition* initialized = pod.status.condition(QStringLiteral("Initialized"));
    if (!initializing || (initialized && initialized->status == QLatin1String("True"))) {
        s.restarts = restartableInitRestarts;
        s.lastRestart = lastRestartableInitRestart;
        bool hasRunning = false;
        for (int i = int(pod.status.containerStatuses.size()) - 1; i >= 0; --i) {
            const ContainerStatus& cs = pod.status.containerStatuses[i];
            s.restarts += cs.restartCount;
            if (cs.lastState.kind == ContainerState::Kind::Terminated && cs.lastState.finishedAt > s.lastRestart)
                s.lastRestart = cs.lastState.finishedAt;
            const auto& st = cs.state;
            if (st.kind == ContainerState::Kind::Waiting && !st.reason.isEmpty()) {
                s.reason = st.reason;
            } else if (st.kind == ContainerState::Kind::Terminated && !st.reason.isEmpty()) {
                s.reason = st.reason;
            } else if (st.kind == ContainerState::Kind::Terminated) {
                s.reason = st.signal != 0 ? QStringLiteral("Signal:%1").arg(st.signal)
                                          : QStringLiteral("ExitCode:%1").arg(st.exitCode);
            } else if (cs.ready && st.kind == ContainerState::Kind::Running) {
                hasRunning = true;
                ++s.ready;
            }
        }
        if (s.reason == QLatin1String("Completed") && hasRunning) {
            const PodCondition* ready = pod.status.condition(QStringLiteral("Ready"));
            s.reason = ready && ready->status == QLatin1String("True") ? QStringLiteral("Running")
                                                                       : QStringLiteral("NotReady");
        }
    }

    if (pod.metadata.isDeleting() && pod.status.reason == QLatin1String("NodeLost"))
        s.reason = QStringLiteral("Unknown");
    else if (pod.metadata.isDeleting())
        s.reason = QStringLiteral("Terminating");
    return s;
}

} // namespace

QString formatLabels(const Labels& labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    return parts.isEmpty() ? QStringLiteral("<none>") : parts.join(QLatin1Char(','));
}

QString labelColumnHeader(const QString& key)
{
    return key.mid(key.lastIndexOf(QLatin1Char('/')) + 1).toUpper();
}

QStringList tableHeader(Kind kind, const TableOptions& o)
{
    QStringList h;
    switch (kind) {
    case Kind::Deployment:
        h = {"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"};
        if (o.wide)
            h << QStringList {"CONTAINERS", "IMAGES", "SELECTOR"};
        break;
    case Kind::ReplicaSet:
        h = {"NAME", "DESIRED", "CURRENT", "READY", "AGE"};
        if (o.wide)
            h << QStringList {"CONTAINERS", "IMAGES", "SELECTOR"};
        break;
    case Kind::Pod:
        h = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
        if (o.wide)
            h << QStringList {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"};
        break;
    case Kind::Service:
        h = {"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"};
        if (o.wide)
            h << QStringLiteral("SELECTOR");
        break;
    case Kind::Event:
        h = {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"};
        if (o.wide)
            h = QStringList {"LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                "COUNT", "NAME"};
        break;
    case Kind::Endpoints:
        h = {"NAME", "ENDPOINTS", "AGE"};
        break;
    }
    for (const QString& key : o.labelColumns)
        h << labelColumnHeader(key);
    if (o.showLabels)
        h << QStringLiteral("LABELS");
    return h;
}

QStringList tableRow(const Deployment& d, Millis now, const TableOptions& o)
{
    QStringList row {nameCell(Kind::Deployment, d.metadata.name, o),
        QStringLiteral("%1/%2").arg(d.status.readyReplicas).arg(d.spec.replicas.value_or(0)),
        QString::number(d.status.updatedReplicas), QString::number(d.status.availableReplicas),
        translateTimestampSince(d.metadata.creationTimestamp, now)};
    if (o.wide)
        row << containerNames(d.spec.template_.spec) << containerImages(d.spec.template_.spec)
            << selectorString(d.spec.selector);
    appendLabelCells(row, d.metadata.labels, o);
    return row;
}

QStringList tableRow(const ReplicaSet& rs, Millis now, const TableOptions& o)
{
    QStringList row {nameCell(Kind::ReplicaSet, rs.metadata.name, o), QString::number(rs.spec.replicas.value_or(0)),
        QString::number(rs.status.replicas), QString::number(rs.status.readyReplicas),
        translateTimestampSince(rs.metadata.creationTimestamp, now)};
    if (o.wide)
        row << containerNames(rs.spec.template_.spec) << containerImages(rs.spec.template_.spec)
            << selectorString(rs.spec.selector);
    appendLabelCells(row, rs.metadata.labels, o);
    return row;
}

QString podStatusText(const Pod& p)
{
    return summarize(p).reason;
}

QString podReadyText(const Pod& p)
{
    const PodSummary s = summarize(p);
    return QStringLiteral("%1/%2").arg(s.ready).arg(s.total);
}

QString podRestartsText(const Pod& p, Millis now)
{
    const PodSummary s = summarize(p);
    if (s.restarts != 0 && s.lastRestart != kNoTime)
        return QStringLiteral("%1 (%2 ago)").arg(s.restarts).arg(translateTimestampSince(s.lastRestart, now));
    return QString::number(s.restarts);
}

QStringList tableRow(const Pod& p, Millis now, const TableOptions& o)
{
    const PodSummary s = summarize(p);
    QString restarts = QString::number(s.restarts);
    if (s.restarts != 0 && s.lastRestart != kNoTime)
        restarts = QStringLiteral("%1 (%2 ago)").arg(s.restarts).arg(translateTimestampSince(s.lastRestart, now));
    QStringList row {nameCell(Kind::Pod, p.metadata.name, o), QStringLiteral("%1/%2").arg(s.ready).arg(s.total),
        s.reason, restarts, translateTimestampSince(p.metadata.creationTimestamp, now)};
    if (o.wide) {
        QString gates = QStringLiteral("<none>");
        const QJsonArray readinessGates = p.spec->extra.value(QStringLiteral("readinessGates")).toArray();
        if (!readinessGates.isEmpty()) {
            int trueCount = 0;
            for (const auto& g : readinessGates) {
                const PodCondition* c
                    = p.status.condition(g.toObject().value(QStringLiteral("conditionType")).toString());
                if (c && c->status == QLatin1String("True"))
                    ++trueCount;
            }
            gates = QStringLiteral("%1/%2").arg(trueCount).arg(readinessGates.size());
        }
        row << noneIfEmpty(p.status.podIP) << noneIfEmpty(p.spec->nodeName) << QStringLiteral("<none>") << gates;
    }
    appendLabelCells(row, p.metadata.labels, o);
    return row;
}

QStringList tableRow(const Service& svc, Millis now, const TableOptions& o)
{
    const QString type = svc.spec.type.isEmpty() ? QStringLiteral("ClusterIP") : svc.spec.type;
    QString external = QStringLiteral("<none>");
    const QJsonArray externalIPs = svc.spec.extra.value(QStringLiteral("externalIPs")).toArray();
    if (type == QLatin1String("LoadBalancer"))
        external = QStringLiteral("<pending>");
    if (!externalIPs.isEmpty()) {
        QStringList ips;
        for (const auto& v : externalIPs)
            ips << v.toString();
        external = ips.join(QLatin1Char(','));
    }
    QStringList ports;
    for (const ServicePort& p : svc.spec.ports) {
        const QString proto = p.protocol.isEmpty() ? QStringLiteral("TCP") : p.protocol;
        if (p.nodePort != 0)
            ports << QStringLiteral("%1:%2/%3").arg(p.port).arg(p.nodePort).arg(proto);
        else
            ports << QStringLiteral("%1/%2").arg(p.port).arg(proto);
    }
    QStringList row {nameCell(Kind::Service, svc.metadata.name, o), type, noneIfEmpty(svc.spec.clusterIP), external,
        ports.isEmpty() ? QStringLiteral("<none>") : ports.join(QLatin1Char(',')),
        translateTimestampSince(svc.metadata.creationTimestamp, now)};
    if (o.wide)
        row << formatLabels(svc.spec.selector);
    appendLabelCells(row, svc.metadata.labels, o);
    return row;
}

// printers.go formatEndpoints: the ready addresses with each port of the set ("" = every port),
// at most three, then " + N more..."; "<none>" without subsets, and an empty cell when the
// subsets hold only not-ready addresses.
QString formatEndpoints(const Endpoints& ep, const std::optional<QString>& portName)
{
    if (ep.subsets.empty())
        return QStringLiteral("<none>");
    constexpr int max = 3;
    QStringList list;
    bool more = false;
    int count = 0;
    for (const EndpointSubset& ss : ep.subsets) {
        if (ss.ports.empty()) { // a headless Service may have no ports
            count += int(ss.addresses.size());
            for (const EndpointAddress& a : ss.addresses) {
                if (list.size() == max) {
                    more = true;
                    break;
                }
                list << a.ip;
            }
            continue;
        }
        for (const EndpointPort& port : ss.ports) {
            if (portName && port.name != *portName)
                continue;
            count += int(ss.addresses.size());
            for (const EndpointAddress& a : ss.addresses) {
                if (list.size() == max) {
                    more = true;
                    break;
                }
                // net.JoinHostPort: an IPv6 address goes in brackets.
                const QString host = a.ip.contains(u':') ? QLatin1Char('[') + a.ip + QLatin1Char(']') : a.ip;
                list << host + QLatin1Char(':') + QString::number(port.port);
            }
        }
    }
    QString out = list.join(QLatin1Char(','));
    if (more)
        out += QStringLiteral(" + %1 more...").arg(count - max);
    return out;
}

QStringList tableRow(const Endpoints& ep, Millis now, const TableOptions& o)
{
    QStringList row {nameCell(Kind::Endpoints, ep.metadata.name, o), formatEndpoints(ep, std::nullopt),
        translateTimestampSince(ep.metadata.creationTimestamp, now)};
    appendLabelCells(row, ep.metadata.labels, o);
    return row;
}

QStringList tableRow(const Event& e, Millis now, const TableOptions& o)
{
    // printEvent (pkg/printers/internalversion): an Event of events.k8s.io has no first or last
    // timestamp and no count, so its eventTime, series and 1 stand in for them.
    const QString last = translateTimestampSince(e.lastSeen(), now);
    const QString object = e.involvedObject->name.isEmpty()
        ? e.involvedObject->kind.toLower()
        : e.involvedObject->kind.toLower() + QLatin1Char('/') + e.involvedObject->name;
    QStringList row;
    if (o.wide) {
        // formatEventSource: the reporting controller and instance stand in for an empty source.
        const EventEmitter& by = e.emitter;
        const QString& component = by.sourceComponent.isEmpty() ? by.reportingController : by.sourceComponent;
        const QString& host = by.sourceHost.isEmpty() ? by.reportingInstance : by.sourceHost;
        const QString source = host.isEmpty() ? component : component + QStringLiteral(", ") + host;
        row = QStringList {last, e.type, e.reason, object, e.involvedObject->fieldPath, source, e.message.trimmed(),
            translateTimestampSince(e.firstSeen(), now), QString::number(e.occurrences()), e.metadata.name};
    } else {
        row = QStringList {last, e.type, e.reason, object, e.message.trimmed()};
    }
    appendLabelCells(row, e.metadata.labels, o);
    return row;
}

QString formatTable(const std::vector<QStringList>& rows)
{
    TabWriter w = TabWriter::forGet();
    for (const QStringList& r : rows)
        w.write(r.join(QLatin1Char('\t')) + QLatin1Char('\n'));
    return w.flush();
}

} // namespace rl
