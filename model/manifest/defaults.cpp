#include "manifest/defaults.h"

#include "api/json.h"
#include "manifest/validation.h"

#include <algorithm>
#include <set>

namespace rl {

QString imageTag(const QString& image)
{
    // pkg/util/parsers ParseImageName (docker reference): "repo[:tag][@digest]"; the tag separator
    // is the last ':' after the last '/'.
    QString ref = image;
    const int at = ref.indexOf(QLatin1Char('@'));
    const bool hasDigest = at >= 0;
    if (hasDigest)
        ref = ref.left(at);
    const int slash = ref.lastIndexOf(QLatin1Char('/'));
    const int colon = ref.lastIndexOf(QLatin1Char(':'));
    if (colon > slash)
        return ref.mid(colon + 1);
    return hasDigest ? QString() : QStringLiteral("latest");
}

namespace {

void probeDefaults(std::optional<Probe>& p)
{
    if (!p)
        return;
    // SetDefaults_Probe
    if (p->timeoutSeconds == 0)
        p->timeoutSeconds = 1;
    if (p->periodSeconds == 0)
        p->periodSeconds = 10;
    if (p->successThreshold == 0)
        p->successThreshold = 1;
    if (p->failureThreshold == 0)
        p->failureThreshold = 3;
    // SetDefaults_HTTPGetAction
    if (p->handler.contains(QStringLiteral("httpGet"))) {
        QJsonObject h = p->handler.value(QStringLiteral("httpGet")).toObject();
        if (h.value(QStringLiteral("path")).toString().isEmpty())
            h.insert(QStringLiteral("path"), QStringLiteral("/"));
        if (h.value(QStringLiteral("scheme")).toString().isEmpty())
            h.insert(QStringLiteral("scheme"), QStringLiteral("HTTP"));
        p->handler.insert(QStringLiteral("httpGet"), h);
    }
}

void selectorAndLabelsFromTemplate(std::optional<LabelSelector>& selector, Labels& labels, const Labels& templateLabels)
{
    // extensions/v1beta1 and apps/v1beta1 SetDefaults_Deployment / SetDefaults_ReplicaSet.
    if (!templateLabels.isEmpty()) {
        if (!selector) {
            LabelSelector s;
            s.matchLabels = templateLabels;
            selector = s;
        }
        if (labels.isEmpty())
            labels = templateLabels;
    }
}

} // namespace

void applyContainerDefaults(Container& c)
{
    // SetDefaults_Container
    if (c.terminationMessagePath.isEmpty())
        c.terminationMessagePath = QStringLiteral("/dev/termination-log");
    if (c.terminationMessagePolicy.isEmpty())
        c.terminationMessagePolicy = QStringLiteral("File");
    if (c.imagePullPolicy.isEmpty())
        c.imagePullPolicy
            = imageTag(c.image) == QLatin1String("latest") ? QStringLiteral("Always") : QStringLiteral("IfNotPresent");
    // SetDefaults_ContainerPort
    for (auto& port : c.ports) {
        if (port.protocol.isEmpty())
            port.protocol = QStringLiteral("TCP");
    }
    probeDefaults(c.readinessProbe);
    probeDefaults(c.livenessProbe);
    probeDefaults(c.startupProbe);
}

void applyPodSpecDefaults(PodSpec& s)
{
    // SetDefaults_PodSpec
    if (s.dnsPolicy.isEmpty())
        s.dnsPolicy = QStringLiteral("ClusterFirst");
    if (s.restartPolicy.isEmpty())
        s.restartPolicy = QStringLiteral("Always");
    if (!s.hasSecurityContext)
        s.hasSecurityContext = true;
    if (!s.terminationGracePeriodSeconds)
        s.terminationGracePeriodSeconds = 30;
    if (s.schedulerName.isEmpty())
        s.schedulerName = QStringLiteral("default-scheduler");
    for (auto& c : s.initContainers)
        applyContainerDefaults(c);
    for (auto& c : s.containers)
        applyContainerDefaults(c);
}

void applyDefaults(Deployment& d, const QString& apiVersion)
{
    applyDefaults(d, apiVersion, ClusterVersion {}.minor); // the default cluster's
}

void applyDefaults(Deployment& d, const QString& apiVersion, int minor)
{
    const bool extensions = apiVersion == QLatin1String("extensions/v1beta1");
    const bool beta1 = apiVersion == QLatin1String("apps/v1beta1");
    if (extensions || beta1)
        selectorAndLabelsFromTemplate(d.spec.selector, d.metadata.labels, d.spec.template_.metadata.labels);
    if (!d.spec.replicas)
        d.spec.replicas = 1;
    auto& strategy = d.spec.strategy;
    if (strategy.type.isEmpty())
        strategy.type = QStringLiteral("RollingUpdate");
    const bool rolling = strategy.type == QLatin1String("RollingUpdate");
    if (rolling || (extensions && strategy.rollingUpdate)) {
        if (!strategy.rollingUpdate)
            strategy.rollingUpdate = RollingUpdateDeployment();
        const IntOrString def = extensions ? IntOrString::fromInt(1) : IntOrString::fromString(QStringLiteral("25%"));
        if (!strategy.rollingUpdate->maxUnavailable)
            strategy.rollingUpdate->maxUnavailable = def;
        if (!strategy.rollingUpdate->maxSurge)
            strategy.rollingUpdate->maxSurge = def;
    }
    if (!d.spec.revisionHistoryLimit && (!extensions || minor >= 13))
        d.spec.revisionHistoryLimit = extensions ? kMaxInt32 : (beta1 ? 2 : 10);
    if (!d.spec.progressDeadlineSeconds && (!extensions || minor >= 10))
        d.spec.progressDeadlineSeconds = extensions && minor >= 12 ? kMaxInt32 : 600;
    applyPodSpecDefaults(d.spec.template_.spec);
}

void applyDefaults(ReplicaSet& rs, const QString& apiVersion)
{
    if (apiVersion == QLatin1String("extensions/v1beta1"))
        selectorAndLabelsFromTemplate(rs.spec.selector, rs.metadata.labels, rs.spec.template_.metadata.labels);
    if (!rs.spec.replicas)
        rs.spec.replicas = 1;
    applyPodSpecDefaults(rs.spec.template_.spec);
}

void applyDefaults(Pod& p, const QString& apiVersion)
{
    Q_UNUSED(apiVersion);
    applyPodSpecDefaults(p.spec.edit());
}

namespace {
// DefaultTolerationSeconds: a toleration of the taint's key (or of every key) for NoExecute.
bool toleratesNoExecute(const QJsonArray& tolerations, const QString& key)
{
    return std::any_of(tolerations.begin(), tolerations.end(), [&](const QJsonValue& v) {
        const QJsonObject t = v.toObject();
        const QString k = t.value(QStringLiteral("key")).toString();
        const QString effect = t.value(QStringLiteral("effect")).toString();
        const bool keyMatches
            = k == key || (k.isEmpty() && t.value(QStringLiteral("operator")).toString() == QLatin1String("Exists"));
        return keyMatches && (effect.isEmpty() || effect == QLatin1String("NoExecute"));
    });
}
} // namespace

void admitPod(Pod& p, int minor)
{
    PodSpec& s = p.spec.edit();
    // ServiceAccount: the default account, and its token mounted in every container unless the
    // pod opts out or mounts something at the token's path itself.
    if (s.serviceAccountName.isEmpty())
        s.serviceAccountName = QStringLiteral("default");
    bool mounted = false;
    for (const auto* list : {&s.initContainers, &s.containers}) {
        for (const Container& c : *list) {
            for (const QJsonValue& m : c.volumeMounts)
                mounted
                    = mounted || m.toObject().value(QStringLiteral("mountPath")).toString() == kServiceAccountMountPath;
        }
    }
    if (s.extra.value(QStringLiteral("automountServiceAccountToken")) != QJsonValue(false) && !mounted
        && s.tokenVolume == TokenVolume::None)
        s.tokenVolume = minor >= 21 ? TokenVolume::Projected : TokenVolume::Secret;
    // DefaultTolerationSeconds (kube-apiserver --default-not-ready-toleration-seconds and
    // --default-unreachable-toleration-seconds, 300 each); the taints were renamed in v1.9.
    QJsonArray tolerations = s.extra.value(QStringLiteral("tolerations")).toArray();
    const bool renamed = minor >= 9;
    bool added = false;
    for (const QString& key :
        {renamed ? QStringLiteral("node.kubernetes.io/not-ready") : QStringLiteral("node.alpha.kubernetes.io/notReady"),
            renamed ? QStringLiteral("node.kubernetes.io/unreachable")
                    : QStringLiteral("node.alpha.kubernetes.io/unreachable")}) {
        if (toleratesNoExecute(tolerations, key))
            continue;
        tolerations.append(
            QJsonObject {{QStringLiteral("effect"), QStringLiteral("NoExecute")}, {QStringLiteral("key"), key},
                {QStringLiteral("operator"), QStringLiteral("Exists")}, {QStringLiteral("tolerationSeconds"), 300}});
        added = true;
    }
    if (added)
        s.extra.insert(QStringLiteral("tolerations"), tolerations);
    // Priority: the default priority (no PriorityClass) and, with non-preempting priority, the
    // policy that goes with it.
    if (minor >= 11 && !s.extra.contains(QStringLiteral("priority")))
        s.extra.insert(QStringLiteral("priority"), 0);
    if (minor >= 19 && !s.extra.contains(QStringLiteral("preemptionPolicy")))
        s.extra.insert(QStringLiteral("preemptionPolicy"), QStringLiteral("PreemptLowerPriority"));
    // SetDefaults_Pod: enableServiceLinks, for pods (not templates) since the field came (v1.13).
    if (minor >= 13 && !s.extra.contains(QStringLiteral("enableServiceLinks")))
        s.extra.insert(QStringLiteral("enableServiceLinks"), true);
}

void applyDefaults(Service& s, const QString& apiVersion)
{
    applyDefaults(s, apiVersion, ClusterVersion {}.minor);
}

void applyDefaults(Service& s, const QString& apiVersion, int minor)
{
    Q_UNUSED(apiVersion);
    // SetDefaults_Service
    if (s.spec.sessionAffinity.isEmpty())
        s.spec.sessionAffinity = QStringLiteral("None");
    if (s.spec.type.isEmpty())
        s.spec.type = QStringLiteral("ClusterIP");
    for (auto& port : s.spec.ports) {
        if (port.protocol.isEmpty())
            port.protocol = QStringLiteral("TCP");
        if (!port.targetPort || (port.targetPort->isInt() && port.targetPort->intVal == 0))
            port.targetPort = IntOrString::fromInt(port.port);
    }
    // internalTrafficPolicy: defaulted since the ServiceInternalTrafficPolicy gate went beta
    // (v1.22); the v1.21 alpha dropped the field.
    if (minor >= 22
        && (s.spec.type == QLatin1String("ClusterIP") || s.spec.type == QLatin1String("NodePort")
            || s.spec.type == QLatin1String("LoadBalancer"))) {
        if (!s.spec.extra.contains(QStringLiteral("internalTrafficPolicy")))
            s.spec.extra.insert(QStringLiteral("internalTrafficPolicy"), QStringLiteral("Cluster"));
    }
    // externalTrafficPolicy of the Services that take traffic from outside the cluster.
    if (s.spec.needsNodePorts() && !s.spec.extra.contains(QStringLiteral("externalTrafficPolicy")))
        s.spec.extra.insert(QStringLiteral("externalTrafficPolicy"), QStringLiteral("Cluster"));
    // allocateLoadBalancerNodePorts: true since the ServiceLBNodePortControl gate went beta (v1.22).
    if (minor >= 22 && s.spec.type == QLatin1String("LoadBalancer")
        && !s.spec.extra.contains(QStringLiteral("allocateLoadBalancerNodePorts")))
        s.spec.extra.insert(QStringLiteral("allocateLoadBalancerNodePorts"), true);
}

void dropTypeDependentFields(Service& s, const Service& old, int minor)
{
    if (minor < 20)
        return;
    if (old.spec.needsNodePorts() && !s.spec.needsNodePorts()) {
        // sameNodePorts: the same set of node ports.
        const auto set = [](const Service& svc) {
            std::set<qint32> ports;
            for (const ServicePort& p : svc.spec.ports)
                if (p.nodePort != 0)
                    ports.insert(p.nodePort);
            return ports;
        };
        if (set(s) == set(old))
            for (ServicePort& p : s.spec.ports)
                p.nodePort = 0;
        const QString etp = QStringLiteral("externalTrafficPolicy");
        if (s.spec.extra.value(etp) == old.spec.extra.value(etp))
            s.spec.extra.remove(etp);
    }
    const QString alloc = QStringLiteral("allocateLoadBalancerNodePorts");
    if (old.spec.type == QLatin1String("LoadBalancer") && s.spec.type != QLatin1String("LoadBalancer")
        && s.spec.extra.value(alloc) == old.spec.extra.value(alloc))
        s.spec.extra.remove(alloc);
}

} // namespace rl
