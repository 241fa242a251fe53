#include "kubectl/clientedits.h"

#include "kubectl/patch.h"
#include "manifest/yamljson.h"

#include <QJsonDocument>
#include <QMap>

#include <algorithm>

namespace rl {

const QString ClientEdits::kLastApplied = QStringLiteral("kubectl.kubernetes.io/last-applied-configuration");
const QString ClientEdits::kRestartedAt = QStringLiteral("kubectl.kubernetes.io/restartedAt");
const QString ClientEdits::kChangeCause = QStringLiteral("kubernetes.io/change-cause");

namespace {

const QString kMetadata = QStringLiteral("metadata");
const QString kSpec = QStringLiteral("spec");
const QString kTemplate = QStringLiteral("template");
const QString kAnnotations = QStringLiteral("annotations");
const QString kLabels = QStringLiteral("labels");
const QString kHashLabel = QStringLiteral("pod-template-hash");

// deploymentutil annotationsToSkip (kubectl polymorphichelpers/rollback.go)
const QStringList kSkipAnnotations = {ClientEdits::kLastApplied, QStringLiteral("deployment.kubernetes.io/revision"),
    QStringLiteral("deployment.kubernetes.io/revision-history"),
    QStringLiteral("deployment.kubernetes.io/desired-replicas"),
    QStringLiteral("deployment.kubernetes.io/max-replicas"), QStringLiteral("deprecated.deployment.rollback.to")};

bool hasPodTemplate(const QJsonObject& obj)
{
    const QString kind = obj.value(QStringLiteral("kind")).toString();
    return kind != QLatin1String("Pod");
}

QJsonObject podSpecOf(const QJsonObject& obj)
{
    if (!hasPodTemplate(obj))
        return obj.value(kSpec).toObject();
    return obj.value(kSpec).toObject().value(kTemplate).toObject().value(kSpec).toObject();
}

QJsonObject withPodSpec(QJsonObject obj, const QJsonObject& podSpec)
{
    QJsonObject spec = obj.value(kSpec).toObject();
    if (!hasPodTemplate(obj)) {
        obj.insert(kSpec, podSpec);
        return obj;
    }
    QJsonObject tmpl = spec.value(kTemplate).toObject();
    tmpl.insert(kSpec, podSpec);
    spec.insert(kTemplate, tmpl);
    obj.insert(kSpec, spec);
    return obj;
}

bool setImageIn(QJsonObject& podSpec, const QString& list, const QString& name, const QString& image)
{
    if (!podSpec.contains(list))
        return false;
    QJsonArray containers = podSpec.value(list).toArray();
    bool found = false;
    for (qsizetype i = 0; i < containers.size(); ++i) {
        QJsonObject c = containers.at(i).toObject();
        if (c.value(QStringLiteral("name")).toString() == name || name == QLatin1String("*")) {
            found = true;
            c.insert(QStringLiteral("image"), image);
            containers.replace(i, c);
        }
    }
    podSpec.insert(list, containers);
    return found;
}

QJsonObject withMetadataMap(QJsonObject obj, const QString& field, const QJsonObject& map)
{
    QJsonObject meta = obj.value(kMetadata).toObject();
    if (map.isEmpty())
        meta.remove(field);
    else
        meta.insert(field, map);
    obj.insert(kMetadata, meta);
    return obj;
}

QJsonObject withoutHashLabel(QJsonObject tmpl)
{
    QJsonObject meta = tmpl.value(kMetadata).toObject();
    QJsonObject labels = meta.value(kLabels).toObject();
    labels.remove(kHashLabel);
    if (labels.isEmpty())
        meta.remove(kLabels);
    else
        meta.insert(kLabels, labels);
    tmpl.insert(kMetadata, meta);
    return tmpl;
}

/// Parses "k=v" / "k-" arguments as annotate.go / label.go parse them.
bool parsePairs(
    const QStringList& args, const QString& what, QMap<QString, QString>& add, QStringList& remove, QString& error)
{
    for (const auto& a : args) {
        const int eq = a.indexOf(QLatin1Char('='));
        if (eq > 0) {
            add.insert(a.left(eq), a.mid(eq + 1));
        } else if (a.endsWith(QLatin1Char('-')) && a.size() > 1) {
            remove << a.chopped(1);
        } else {
            error = QStringLiteral("invalid %1 format: %2").arg(what, a);
            return false;
        }
    }
    QStringList both;
    for (const auto& r : remove) {
        if (add.contains(r))
            both << r;
    }
    if (!both.isEmpty()) {
        error = QStringLiteral("can not both modify and remove the following %1(s) in the same command: %2")
                    .arg(what, both.join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

} // namespace

ClientEditResult ClientEdits::setImage(const QJsonObject& obj, const QList<QPair<QString, QString>>& images)
{
    ClientEditResult r;
    if (images.isEmpty()) {
        r.errors << QStringLiteral("at least one image update is required");
        r.object = obj;
        return r;
    }
    bool star = false;
    for (const auto& p : images)
        star = star || p.first == QLatin1String("*");
    if (star && images.size() > 1) {
        r.errors << QStringLiteral("all containers are already specified by *, but saw more than one "
                                   "container_name=container_image pairs");
        r.object = obj;
        return r;
    }
    QJsonObject podSpec = podSpecOf(obj);
    for (const auto& [name, image] : images) {
        const bool init = setImageIn(podSpec, QStringLiteral("initContainers"), name, image);
        const bool main = setImageIn(podSpec, QStringLiteral("containers"), name, image);
        if (!init && !main)
            r.errors << QStringLiteral("unable to find container named \"%1\"").arg(name);
    }
    r.object = withPodSpec(obj, podSpec);
    r.changed = r.object != obj;
    return r;
}

QJsonObject ClientEdits::createDeployment(const QString& name, const QStringList& images, qint32 replicas, qint32 port,
    const QString& ns, const std::function<QString(int)>& randomSuffix)
{
    const QJsonObject labels {{QStringLiteral("app"), name}};
    QJsonArray containers;
    for (const auto& image : images) {
        QString c = image.split(QLatin1Char('/')).last();
        if (c.contains(QLatin1Char(':')))
            c = c.split(QLatin1Char(':')).first();
        if (c.contains(QLatin1Char('@')))
            c = c.split(QLatin1Char('@')).first();
        if (c.contains(QLatin1Char('_')) || c.contains(QLatin1Char('.'))) {
            c.replace(QLatin1Char('_'), QLatin1Char('-')).replace(QLatin1Char('.'), QLatin1Char('-'));
            c += QLatin1Char('-') + (randomSuffix ? randomSuffix(5) : QStringLiteral("xxxxx"));
        }
        containers.append(QJsonObject {{QStringLiteral("name"), c}, {QStringLiteral("image"), image},
            {QStringLiteral("resources"), QJsonObject()}});
    }
    if (port >= 0 && !containers.isEmpty()) {
        QJsonObject first = containers.at(0).toObject();
        first.insert(QStringLiteral("ports"), QJsonArray {QJsonObject {{QStringLiteral("containerPort"), port}}});
        containers.replace(0, first);
    }
    QJsonObject meta {{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}};
    if (!ns.isEmpty())
        meta.insert(QStringLiteral("namespace"), ns);
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
        {QStringLiteral("kind"), QStringLiteral("Deployment")}, {kMetadata, meta},
        {kSpec,
            QJsonObject {{QStringLiteral("replicas"), replicas},
                {QStringLiteral("selector"), QJsonObject {{QStringLiteral("matchLabels"), labels}}},
                {QStringLiteral("strategy"), QJsonObject()},
                {kTemplate,
                    QJsonObject {{kMetadata, QJsonObject {{kLabels, labels}}},
                        {kSpec, QJsonObject {{QStringLiteral("containers"), containers}}}}}}},
        {QStringLiteral("status"), QJsonObject()}};
}

ClientEditResult ClientEdits::restart(const QJsonObject& deployment, const QString& rfc3339Now)
{
    ClientEditResult r;
    r.object = deployment;
    const QString name = deployment.value(kMetadata).toObject().value(QStringLiteral("name")).toString();
    const QJsonObject spec = deployment.value(kSpec).toObject();
    if (spec.value(QStringLiteral("paused")).toBool()) {
        r.errors << QStringLiteral("deployments.apps \"%1\" can't restart paused deployment (run rollout resume first)")
                        .arg(name);
        return r;
    }
    QJsonObject tmpl = spec.value(kTemplate).toObject();
    QJsonObject meta = tmpl.value(kMetadata).toObject();
    QJsonObject annotations = meta.value(kAnnotations).toObject();
    annotations.insert(kRestartedAt, rfc3339Now);
    meta.insert(kAnnotations, annotations);
    tmpl.insert(kMetadata, meta);
    QJsonObject newSpec = spec;
    newSpec.insert(kTemplate, tmpl);
    r.object.insert(kSpec, newSpec);
    r.changed = r.object != deployment;
    if (!r.changed)
        r.errors << QStringLiteral("failed to create patch for %1: if restart has already been triggered within the "
                                   "past second, please wait before attempting to trigger another")
                        .arg(name);
    return r;
}

bool ClientEdits::templatesEqualIgnoringHash(const QJsonObject& a, const QJsonObject& b)
{
    return withoutHashLabel(a) == withoutHashLabel(b);
}

QJsonArray ClientEdits::rolloutUndoPatch(const QJsonObject& deployment, const QJsonObject& replicaSet)
{
    const QJsonObject tmpl = withoutHashLabel(replicaSet.value(kSpec).toObject().value(kTemplate).toObject());
    const QJsonObject current = deployment.value(kMetadata).toObject().value(kAnnotations).toObject();
    QJsonObject annotations;
    for (const auto& k : kSkipAnnotations) {
        if (current.contains(k))
            annotations.insert(k, current.value(k));
    }
    const QJsonObject rsAnnotations = replicaSet.value(kMetadata).toObject().value(kAnnotations).toObject();
    for (auto it = rsAnnotations.begin(); it != rsAnnotations.end(); ++it) {
        if (!kSkipAnnotations.contains(it.key()))
            annotations.insert(it.key(), it.value());
    }
    return QJsonArray {QJsonObject {{QStringLiteral("op"), QStringLiteral("replace")},
                           {QStringLiteral("path"), QStringLiteral("/spec/template")}, {QStringLiteral("value"), tmpl}},
        QJsonObject {{QStringLiteral("op"), QStringLiteral("replace")},
            {QStringLiteral("path"), QStringLiteral("/metadata/annotations")}, {QStringLiteral("value"), annotations}}};
}

QString ClientEdits::lastAppliedConfiguration(const QJsonObject& manifest)
{
    // kubectl util.GetModifiedConfiguration: annotations without the key itself (an empty map stays
    // as "annotations":{}), JSON-encoded by the unstructured encoder, which ends with a newline.
    QJsonObject m = manifest;
    QJsonObject meta = m.value(kMetadata).toObject();
    QJsonObject annotations = meta.value(kAnnotations).toObject();
    annotations.remove(kLastApplied);
    meta.insert(kAnnotations, annotations);
    m.insert(kMetadata, meta);
    return QString::fromUtf8(toGoJson(m)) + QLatin1Char('\n');
}

ClientEdits::ApplyResult ClientEdits::apply(const QJsonObject* live, const QJsonObject& manifest)
{
    ApplyResult r;
    // modified = manifest + its own last-applied annotation
    QJsonObject modified = manifest;
    {
        QJsonObject meta = modified.value(kMetadata).toObject();
        QJsonObject annotations = meta.value(kAnnotations).toObject();
        annotations.insert(kLastApplied, lastAppliedConfiguration(manifest));
        meta.insert(kAnnotations, annotations);
        modified.insert(kMetadata, meta);
    }
    if (!live) {
        r.outcome = ApplyOutcome::Created;
        r.object = modified;
        return r;
    }
    QJsonObject original;
    const QString last
        = live->value(kMetadata).toObject().value(kAnnotations).toObject().value(kLastApplied).toString();
    if (!last.isEmpty())
        original = QJsonDocument::fromJson(last.toUtf8()).object();
    const QString kind = manifest.value(QStringLiteral("kind")).toString();
    QString err;
    r.patch = Patch::createThreeWayMergePatch(original, modified, *live, kind, &err);
    if (!err.isEmpty()) {
        r.error = err;
        return r;
    }
    if (r.patch.isEmpty()) {
        r.outcome = ApplyOutcome::Unchanged;
        r.object = *live;
        return r;
    }
    const PatchResult applied = Patch::strategicMerge(*live, r.patch);
    if (!applied.ok()) {
        r.error = applied.message;
        return r;
    }
    r.outcome = ApplyOutcome::Configured;
    r.object = applied.object;
    return r;
}

ClientEditResult ClientEdits::annotate(const QJsonObject& obj, const QStringList& args, bool overwrite)
{
    ClientEditResult r;
    r.object = obj;
    QMap<QString, QString> add;
    QStringList remove;
    QString err;
    if (!parsePairs(args, QStringLiteral("annotation"), add, remove, err)) {
        r.errors << err;
        return r;
    }
    QJsonObject annotations = obj.value(kMetadata).toObject().value(kAnnotations).toObject();
    if (!overwrite) {
        // annotate.go validateNoAnnotationOverwrites (Go map order; we list keys sorted)
        QStringList conflicts;
        for (auto it = add.begin(); it != add.end(); ++it) {
            if (it.key() == kChangeCause)
                continue;
            if (annotations.contains(it.key()) && annotations.value(it.key()).toString() != it.value())
                conflicts << QStringLiteral("'%1' already has a value (%2)")
                                 .arg(it.key(), annotations.value(it.key()).toString());
        }
        if (!conflicts.isEmpty()) {
            r.errors << QStringLiteral("--overwrite is false but found the following declared annotation(s): ")
                    + conflicts.join(QStringLiteral("; "));
            return r;
        }
    }
    for (auto it = add.begin(); it != add.end(); ++it)
        annotations.insert(it.key(), it.value());
    for (const auto& k : remove)
        annotations.remove(k);
    r.object = withMetadataMap(obj, kAnnotations, annotations);
    r.changed = r.object != obj;
    return r;
}

ClientEditResult ClientEdits::label(const QJsonObject& obj, const QStringList& args, bool overwrite)
{
    ClientEditResult r;
    r.object = obj;
    QMap<QString, QString> add;
    QStringList remove;
    QString err;
    if (!parsePairs(args, QStringLiteral("label"), add, remove, err)) {
        r.errors << err;
        return r;
    }
    QJsonObject labels = obj.value(kMetadata).toObject().value(kLabels).toObject();
    if (!overwrite) {
        // label.go validateNoOverwrites: the first conflicting key
        for (auto it = add.begin(); it != add.end(); ++it) {
            if (labels.contains(it.key()) && labels.value(it.key()).toString() != it.value()) {
                r.errors << QStringLiteral("'%1' already has a value (%2), and --overwrite is false")
                                .arg(it.key(), labels.value(it.key()).toString());
                return r;
            }
        }
    }
    for (auto it = add.begin(); it != add.end(); ++it)
        labels.insert(it.key(), it.value());
    for (const auto& k : remove)
        labels.remove(k);
    r.object = withMetadataMap(obj, kLabels, labels);
    r.changed = r.object != obj;
    return r;
}

QString ClientEdits::changeCause(
    const QStringList& words, const QList<QPair<QString, QString>>& flags, const QString& program)
{
    QString s = program;
    for (const auto& w : words)
        s += QLatin1Char(' ') + w;
    for (const auto& [name, value] : flags)
        s += QStringLiteral(" --") + name + QLatin1Char('=') + value;
    return s;
}

QJsonObject ClientEdits::record(const QJsonObject& obj, const QString& changeCause)
{
    QJsonObject annotations = obj.value(kMetadata).toObject().value(kAnnotations).toObject();
    annotations.insert(kChangeCause, changeCause);
    return withMetadataMap(obj, kAnnotations, annotations);
}

namespace {
/// A struct of k8s.io/api as encoding/json writes it (the field tags of types.go): its fields in
/// order, and what a field's zero value (0, false, "", an empty list or map, or null) becomes.
/// Most fields are `omitempty` and not pointers: their zero value is not written. The others:
struct GoStruct
{
    QStringList fields;
    QStringList pointers; // pointers: a zero value is written, only null (nil) is not
    QStringList structs; // structs (omitempty does not omit them): {} when absent or null
    std::vector<std::pair<QString, QJsonValue>> required; // no omitempty: this zero value when absent or null
};

const GoStruct* goStruct(const QString& kind, const QString& path)
{
    static const GoStruct object {
        {"kind", "apiVersion", "metadata", "spec", "status"}, {}, {"metadata", "spec", "status"}, {}};
    static const GoStruct objectMeta {
        {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
            "managedFields"},
        {"deletionTimestamp", "deletionGracePeriodSeconds"}, {}, {{"creationTimestamp", QJsonValue::Null}}};
    static const GoStruct deploymentSpec {{"replicas", "selector", "template", "strategy", "minReadySeconds",
                                              "revisionHistoryLimit", "paused", "progressDeadlineSeconds"},
        {"replicas", "selector", "revisionHistoryLimit", "progressDeadlineSeconds"}, {"template", "strategy"}, {}};
    static const GoStruct replicaSetSpec {
        {"replicas", "minReadySeconds", "selector", "template"}, {"replicas", "selector"}, {"template"}, {}};
    static const GoStruct deploymentStatus {
        {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
            "unavailableReplicas", "conditions", "collisionCount"},
        {"collisionCount"}, {}, {}};
    static const GoStruct replicaSetStatus {
        {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration", "conditions"},
        {}, {}, {{"replicas", 0}}};
    static const GoStruct labelSelector {{"matchLabels", "matchExpressions"}, {}, {}, {}};
    static const GoStruct requirement {{"key", "operator", "values"}, {}, {}, {{"key", ""}, {"operator", ""}}};
    static const GoStruct podTemplateSpec {{"metadata", "spec"}, {}, {"metadata", "spec"}, {}};
    static const GoStruct podSpec {
        {"volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
            "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName",
            "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
            "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity",
            "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig",
            "readinessGates", "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
            "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims",
            "resources"},
        {"terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
            "shareProcessNamespace", "securityContext", "affinity", "priority", "dnsConfig", "runtimeClassName",
            "enableServiceLinks", "preemptionPolicy", "setHostnameAsFQDN", "os", "hostUsers", "resources"},
        {}, {{"containers", QJsonValue::Null}}};
    static const GoStruct container {
        {"name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
            "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
            "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext",
            "stdin", "stdinOnce", "tty"},
        {"restartPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "securityContext"},
        {"resources"}, {{"name", ""}}};
    static const GoStruct containerPort {
        {"name", "hostPort", "containerPort", "protocol", "hostIP"}, {}, {}, {{"containerPort", 0}}};
    static const GoStruct envVar {{"name", "value", "valueFrom"}, {"valueFrom"}, {}, {{"name", ""}}};
    static const QStringList envVarSources {"fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"};
    static const GoStruct envVarSource {envVarSources, envVarSources, {}, {}};
    static const GoStruct fieldSelector {{"apiVersion", "fieldPath"}, {}, {}, {{"fieldPath", ""}}};
    static const GoStruct resources {{"limits", "requests", "claims"}, {}, {}, {}};
    static const GoStruct volumeMount {
        {"name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr"},
        {"recursiveReadOnly", "mountPropagation"}, {}, {{"name", ""}, {"mountPath", ""}}};
    static const GoStruct probe {
        {"exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
            "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"},
        {"exec", "httpGet", "tcpSocket", "grpc", "terminationGracePeriodSeconds"}, {}, {}};
    static const GoStruct httpGet {{"path", "port", "host", "scheme", "httpHeaders"}, {}, {}, {{"port", 0}}};
    static const GoStruct tcpSocket {{"port", "host"}, {}, {}, {{"port", 0}}};
    static const GoStruct strategy {{"type", "rollingUpdate"}, {"rollingUpdate"}, {}, {}};
    static const GoStruct rollingUpdate {{"maxUnavailable", "maxSurge"}, {"maxUnavailable", "maxSurge"}, {}, {}};
    static const GoStruct serviceSpec {
        {"ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP",
            "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
            "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
            "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution"},
        {"sessionAffinityConfig", "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass",
            "internalTrafficPolicy", "trafficDistribution"},
        {}, {}};
    static const GoStruct servicePort {{"name", "protocol", "appProtocol", "port", "targetPort", "nodePort"},
        {"appProtocol"}, {}, {{"port", 0}, {"targetPort", 0}}};
    static const GoStruct serviceStatus {{"loadBalancer", "conditions"}, {}, {"loadBalancer"}, {}};
    static const GoStruct deploymentCondition {
        {"type", "status", "lastUpdateTime", "lastTransitionTime", "reason", "message"}, {}, {},
        {{"type", ""}, {"status", ""}, {"lastUpdateTime", QJsonValue::Null}, {"lastTransitionTime", QJsonValue::Null}}};
    static const GoStruct replicaSetCondition {{"type", "status", "lastTransitionTime", "reason", "message"}, {}, {},
        {{"type", ""}, {"status", ""}, {"lastTransitionTime", QJsonValue::Null}}};
    // Volume: its name, then the VolumeSource inline (every source a pointer).
    static const QStringList volumeSources {"hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore",
        "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
        "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image"};
    static const GoStruct volume {QStringList {"name"} + volumeSources, volumeSources, {}, {{"name", ""}}};
    static const GoStruct configMapVolume {
        {"name", "items", "defaultMode", "optional"}, {"defaultMode", "optional"}, {}, {}};
    static const GoStruct secretVolume {
        {"secretName", "items", "defaultMode", "optional"}, {"defaultMode", "optional"}, {}, {}};
    static const GoStruct emptyDirVolume {{"medium", "sizeLimit"}, {"sizeLimit"}, {}, {}};
    static const GoStruct claimVolume {{"claimName", "readOnly"}, {}, {}, {{"claimName", ""}}};
    static const GoStruct hostPathVolume {{"path", "type"}, {"type"}, {}, {{"path", ""}}};
    const bool workload = kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet");

    if (path.isEmpty())
        return &object;
    const QStringList parts = path.split(QLatin1Char('.'));
    const QString& last = parts.last();
    const QString parent = parts.size() > 1 ? parts.at(parts.size() - 2) : QString();
    if (parts.size() == 1) {
        if (last == QLatin1String("metadata"))
            return &objectMeta;
        if (last == QLatin1String("spec"))
            return kind == QLatin1String("Deployment") ? &deploymentSpec
                : kind == QLatin1String("ReplicaSet")  ? &replicaSetSpec
                : kind == QLatin1String("Pod")         ? &podSpec
                : kind == QLatin1String("Service")     ? &serviceSpec
                                                       : nullptr;
        if (last == QLatin1String("status"))
            return kind == QLatin1String("Deployment") ? &deploymentStatus
                : kind == QLatin1String("ReplicaSet")  ? &replicaSetStatus
                : kind == QLatin1String("Service")     ? &serviceStatus
                                                       : nullptr;
        return nullptr;
    }
    if (kind == QLatin1String("Service"))
        return path == QLatin1String("spec.ports") ? &servicePort : nullptr;
    if (parent == QLatin1String("spec") && parts.size() == 2) {
        if (last == QLatin1String("selector") && workload)
            return &labelSelector;
        if (last == QLatin1String("template"))
            return &podTemplateSpec;
        if (last == QLatin1String("strategy"))
            return &strategy;
    }
    if (last == QLatin1String("matchExpressions"))
        return &requirement;
    if (last == QLatin1String("rollingUpdate"))
        return &rollingUpdate;
    if (parent == QLatin1String("template") && last == QLatin1String("metadata"))
        return &objectMeta;
    if (parent == QLatin1String("template") && last == QLatin1String("spec"))
        return &podSpec;
    if (last == QLatin1String("containers") || last == QLatin1String("initContainers"))
        return &container;
    // The struct of the field named `last` among `fields`, or nullptr.
    const auto field
        = [&last](std::initializer_list<std::pair<const char*, const GoStruct*>> fields) -> const GoStruct* {
        for (const auto& [name, type] : fields) {
            if (last == QLatin1String(name))
                return type;
        }
        return nullptr;
    };
    if (parent == QLatin1String("containers") || parent == QLatin1String("initContainers")) {
        if (last.endsWith(QLatin1String("Probe")))
            return &probe;
        return field(
            {{"ports", &containerPort}, {"env", &envVar}, {"resources", &resources}, {"volumeMounts", &volumeMount}});
    }
    if (path == QLatin1String("status.conditions"))
        return kind == QLatin1String("Deployment") ? &deploymentCondition
            : kind == QLatin1String("ReplicaSet")  ? &replicaSetCondition
                                                   : nullptr;
    if (last == QLatin1String("volumes") && parent == QLatin1String("spec"))
        return &volume;
    if (parent == QLatin1String("volumes"))
        return field({{"configMap", &configMapVolume}, {"secret", &secretVolume}, {"emptyDir", &emptyDirVolume},
            {"persistentVolumeClaim", &claimVolume}, {"hostPath", &hostPathVolume}});
    if (parent == QLatin1String("env") && last == QLatin1String("valueFrom"))
        return &envVarSource;
    if (parent == QLatin1String("valueFrom") && last == QLatin1String("fieldRef"))
        return &fieldSelector;
    if (parent.endsWith(QLatin1String("Probe")) && last == QLatin1String("httpGet"))
        return &httpGet;
    if (parent.endsWith(QLatin1String("Probe")) && last == QLatin1String("tcpSocket"))
        return &tcpSocket;
    return nullptr;
}

/// Whether encoding/json's omitempty omits `v`: false, 0, "", an empty list or map, null.
bool isGoEmpty(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return !v.toBool();
    case QJsonValue::Double:
        return v.toDouble() == 0;
    case QJsonValue::String:
        return v.toString().isEmpty();
    case QJsonValue::Array:
        return v.toArray().isEmpty();
    case QJsonValue::Object:
        return v.toObject().isEmpty();
    default:
        return true;
    }
}

/// `v` at `path` decoded into its Go type and written back, where goStruct() knows the struct:
/// the fields the type lacks are dropped (a non-strict decode), and each field's zero value is
/// written or not as its tag says (GoStruct). Elsewhere (maps, structs it does not know) as is.
QJsonValue asGoWrites(const QJsonValue& v, const QString& kind, const QString& path)
{
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            a.replace(i, asGoWrites(a.at(i), kind, path));
        return a;
    }
    if (!v.isObject())
        return v;
    const GoStruct* type = goStruct(kind, path);
    QJsonObject o = v.toObject();
    const auto fieldPath = [&path](const QString& key) { return path.isEmpty() ? key : path + QLatin1Char('.') + key; };
    if (!type) {
        for (auto it = o.begin(); it != o.end(); ++it)
            *it = asGoWrites(*it, kind, fieldPath(it.key()));
        return o;
    }
    const auto required = [type](const QString& key) {
        return std::any_of(type->required.begin(), type->required.end(), [&](const auto& r) { return r.first == key; });
    };
    for (const QString& key : o.keys()) {
        const QJsonValue value = o.value(key);
        const bool kept = type->pointers.contains(key) || type->structs.contains(key) || required(key);
        if (!type->fields.contains(key) || (value.isNull() && !type->structs.contains(key))
            || (isGoEmpty(value) && !kept))
            o.remove(key); // unknown, nil, or omitted (a required one comes back as its zero below)
        else
            o.insert(key, asGoWrites(value, kind, fieldPath(key)));
    }
    for (const QString& key : type->structs) {
        if (!o.contains(key) || o.value(key).isNull())
            o.insert(key, asGoWrites(QJsonObject(), kind, fieldPath(key)));
    }
    for (const auto& [key, zero] : type->required) {
        if (!o.contains(key))
            o.insert(key, zero);
    }
    return o;
}
} // namespace

const QStringList* ClientEdits::typedFieldOrder(const QString& kind, const QString& path)
{
    const GoStruct* s = goStruct(kind, path);
    return s ? &s->fields : nullptr;
}

QJsonObject ClientEdits::typedObject(const QJsonObject& obj)
{
    return asGoWrites(obj, obj.value(QStringLiteral("kind")).toString(), QString()).toObject();
}

} // namespace rl
