#pragma once

// Kubernetes API objects as plain values: Deployment, ReplicaSet, Pod, Service, Endpoints, Event.
// Field names are the Kubernetes field names (kubernetes/api apps/v1/types.go, core/v1/types.go).
// Fields that the controllers read or write are typed; other valid Kubernetes fields of a pod
// spec or container are kept verbatim in `extra` so that they round-trip, print and hash.
//
// Times are simulated milliseconds since the Unix epoch (the clock is sim/eventqueue.h); kNoTime = unset.
// Kubernetes serialises metav1.Time with one-second precision: objects stored through the
// ObjectStore are truncated to whole seconds, exactly as a real API server round-trips them.

#include "api/cow.h"
#include "api/cowvector.h"
#include "api/shared.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace rl {

using Labels = QMap<QString, QString>; // sorted by key, as Go's map printing / JSON encoding
/// Whether `labels` holds every key of `required` with the same value: a set-based selector's
/// equality requirements (labels.SelectorFromSet), as matchLabels, a Service's selector and the
/// ReplicaSet controller's fully-labeled count use it.
bool labelsInclude(const Labels& labels, const Labels& required);
using Millis = qint64;
inline constexpr Millis kNoTime = -1;
inline constexpr qint32 kMaxInt32 = 2147483647;

enum class Kind { Deployment, ReplicaSet, Pod, Service, Event, Endpoints };
QString kindName(Kind k); // "Deployment"...

/// intstr.IntOrString
struct IntOrString
{
    enum class Type { Int, String };
    Type type = Type::Int;
    qint32 intVal = 0;
    QString strVal;

    static IntOrString fromInt(qint32 v) { return {Type::Int, v, {}}; }
    static IntOrString fromString(const QString& s) { return {Type::String, 0, s}; }
    bool isInt() const { return type == Type::Int; }
    QString toString() const { return isInt() ? QString::number(intVal) : strVal; }
    bool operator==(const IntOrString&) const = default;
};

struct OwnerReference
{
    QString apiVersion;
    QString kind;
    QString name;
    QString uid;
    bool controller = false;
    bool blockOwnerDeletion = false;
    bool operator==(const OwnerReference&) const = default;
};

struct ObjectMeta
{
    QString name;
    QString generateName;
    QString namespace_;
    QString uid;
    QString resourceVersion;
    qint64 generation = 0;
    Millis creationTimestamp = kNoTime;
    Millis deletionTimestamp = kNoTime;
    std::optional<qint64> deletionGracePeriodSeconds;
    Labels labels;
    Labels annotations;
    CowVector<OwnerReference> ownerReferences;

    /// The owner reference with controller: true, or nullptr.
    const OwnerReference* controllerRef() const;
    bool isDeleting() const { return deletionTimestamp != kNoTime; }
    bool operator==(const ObjectMeta&) const = default;
};

struct LabelSelectorRequirement
{
    QString key;
    QString op; // In, NotIn, Exists, DoesNotExist
    QStringList values;
    bool operator==(const LabelSelectorRequirement&) const = default;
};

/// metav1.LabelSelector
struct LabelSelector
{
    Labels matchLabels;
    std::vector<LabelSelectorRequirement> matchExpressions;

    bool isEmpty() const { return matchLabels.isEmpty() && matchExpressions.empty(); }
    /// metav1.LabelSelectorAsSelector semantics: an empty selector matches everything.
    bool matches(const Labels& labels) const;
    /// metav1.FormatLabelSelector: "app=kiada,pod-template-hash=58df67c6f6", "<none>" when empty.
    QString toString() const;
    bool operator==(const LabelSelector&) const = default;
};

struct EnvVar
{
    QString name;
    std::optional<QString> value;
    QJsonObject valueFrom; // kept verbatim
    bool operator==(const EnvVar&) const = default;
};

struct ContainerPort
{
    QString name;
    qint32 containerPort = 0;
    qint32 hostPort = 0;
    QString protocol; // defaulted to TCP
    QString hostIP;
    bool operator==(const ContainerPort&) const = default;
};

/// core/v1 Probe. The handler (httpGet, tcpSocket, exec, grpc) is kept as JSON.
struct Probe
{
    QJsonObject handler; // e.g. {"httpGet": {"path": "/healthz/ready", "port": 8080, "scheme": "HTTP"}}
    qint32 initialDelaySeconds = 0;
    qint32 timeoutSeconds = 0; // 0 = unset before defaulting
    qint32 periodSeconds = 0;
    qint32 successThreshold = 0;
    qint32 failureThreshold = 0;
    std::optional<qint64> terminationGracePeriodSeconds;
    bool operator==(const Probe&) const = default;
};

struct Container
{
    QString name;
    QString image;
    QString imagePullPolicy;
    QStringList command;
    QStringList args;
    QString workingDir;
    std::vector<ContainerPort> ports;
    std::vector<EnvVar> env;
    QJsonObject resources;
    QJsonArray volumeMounts;
    std::optional<Probe> readinessProbe;
    std::optional<Probe> livenessProbe;
    std::optional<Probe> startupProbe;
    QString terminationMessagePath;
    QString terminationMessagePolicy;
    QJsonObject extra; // other core/v1 Container fields, verbatim (lifecycle, securityContext, ...)
    bool operator==(const Container&) const = default;
};

/// The service-account token volume that the ServiceAccount admission plugin gave a pod: a
/// Secret volume "default-token-<5>" before v1.21, a projected "kube-api-access-<5>" since
/// (BoundServiceAccountTokenVolume). Kept as this mark rather than as a volume and a mount in
/// every container, so that the pods of a ReplicaSet share one spec; effectiveSpec() (api/json.h)
/// spells it out for toJson and describe.
enum class TokenVolume : quint8 {
    None,
    Secret,
    Projected,
};

struct PodSpec
{
    CowVector<Container> initContainers;
    CowVector<Container> containers;
    QString restartPolicy;
    std::optional<qint64> terminationGracePeriodSeconds;
    std::optional<qint64> activeDeadlineSeconds;
    QString dnsPolicy;
    QString serviceAccountName;
    QString nodeName;
    QString schedulerName;
    QJsonObject securityContext;
    bool hasSecurityContext = false; // `securityContext: {}` is defaulted and printed
    QJsonArray volumes;
    Labels nodeSelector;
    QJsonObject extra; // other core/v1 PodSpec fields, verbatim (affinity, tolerations, ...)
    TokenVolume tokenVolume = TokenVolume::None; // pods only
    bool operator==(const PodSpec&) const = default;
};

struct PodTemplateSpec
{
    ObjectMeta metadata; // labels and annotations matter; the rest is normally empty
    PodSpec spec;
    bool operator==(const PodTemplateSpec&) const = default;
};

struct RollingUpdateDeployment
{
    std::optional<IntOrString> maxUnavailable;
    std::optional<IntOrString> maxSurge;
    bool operator==(const RollingUpdateDeployment&) const = default;
};

struct DeploymentStrategy
{
    QString type; // "RollingUpdate" or "Recreate"; empty before defaulting
    std::optional<RollingUpdateDeployment> rollingUpdate;
    bool operator==(const DeploymentStrategy&) const = default;
};

struct DeploymentSpec
{
    std::optional<qint32> replicas;
    std::optional<LabelSelector> selector;
    PodTemplateSpec template_;
    DeploymentStrategy strategy;
    qint32 minReadySeconds = 0;
    std::optional<qint32> revisionHistoryLimit;
    bool paused = false;
    std::optional<qint32> progressDeadlineSeconds;
    bool operator==(const DeploymentSpec&) const = default;
};

/// apps/v1 DeploymentCondition (also used for ReplicaSet conditions, which have no lastUpdateTime).
struct Condition
{
    QString type;
    QString status; // "True", "False", "Unknown"
    Millis lastUpdateTime = kNoTime;
    Millis lastTransitionTime = kNoTime;
    QString reason;
    QString message;
    bool operator==(const Condition&) const = default;
};

struct DeploymentStatus
{
    qint64 observedGeneration = 0;
    qint32 replicas = 0;
    qint32 updatedReplicas = 0;
    qint32 readyReplicas = 0;
    qint32 availableReplicas = 0;
    qint32 unavailableReplicas = 0;
    std::optional<qint32> terminatingReplicas;
    std::vector<Condition> conditions;
    std::optional<qint32> collisionCount;

    const Condition* condition(const QString& type) const;
    bool operator==(const DeploymentStatus&) const = default;
};

struct Deployment
{
    static constexpr Kind kind = Kind::Deployment;
    QString apiVersion = QStringLiteral("apps/v1");
    ObjectMeta metadata;
    DeploymentSpec spec;
    DeploymentStatus status;
    bool operator==(const Deployment&) const = default;
};

struct ReplicaSetSpec
{
    std::optional<qint32> replicas;
    qint32 minReadySeconds = 0;
    std::optional<LabelSelector> selector;
    PodTemplateSpec template_;
    bool operator==(const ReplicaSetSpec&) const = default;
};

struct ReplicaSetStatus
{
    qint32 replicas = 0;
    qint32 fullyLabeledReplicas = 0;
    qint32 readyReplicas = 0;
    qint32 availableReplicas = 0;
    std::optional<qint32> terminatingReplicas;
    qint64 observedGeneration = 0;
    std::vector<Condition> conditions;
    bool operator==(const ReplicaSetStatus&) const = default;
};

struct ReplicaSet
{
    static constexpr Kind kind = Kind::ReplicaSet;
    QString apiVersion = QStringLiteral("apps/v1");
    ObjectMeta metadata;
    ReplicaSetSpec spec;
    ReplicaSetStatus status;
    bool operator==(const ReplicaSet&) const = default;
};

struct PodCondition
{
    QString type;
    QString status;
    Millis lastProbeTime = kNoTime;
    Millis lastTransitionTime = kNoTime;
    QString reason;
    QString message;
    bool operator==(const PodCondition&) const = default;
};

struct ContainerState
{
    enum class Kind { None, Waiting, Running, Terminated };
    Kind kind = Kind::None;
    QString reason; // waiting / terminated
    QString message; // waiting / terminated
    Millis startedAt = kNoTime; // running / terminated
    Millis finishedAt = kNoTime; // terminated
    qint32 exitCode = 0;
    qint32 signal = 0;
    QString containerID;
    bool operator==(const ContainerState&) const = default;
};

struct ContainerStatus
{
    QString name;
    ContainerState state;
    ContainerState lastState;
    bool ready = false;
    std::optional<bool> started;
    qint32 restartCount = 0;
    QString image;
    QString imageID;
    QString containerID;
    // The kubelet reports the container's volume mounts (RecursiveReadOnlyMounts, beta in v1.31)
    // once the container exists; toJson writes them from the pod's spec.
    bool mountsReported = false;
    bool operator==(const ContainerStatus&) const = default;
};

struct PodStatus
{
    QString phase; // Pending, Running, Succeeded, Failed, Unknown
    CowVector<PodCondition> conditions;
    QString message;
    QString reason;
    QString hostIP;
    QString podIP;
    Millis startTime = kNoTime;
    CowVector<ContainerStatus> initContainerStatuses;
    CowVector<ContainerStatus> containerStatuses;
    QString qosClass;
    // Whether the API server keeps the lists beside podIP and hostIP: status.podIPs came with v1.16
    // (dual-stack, kubernetes#73977; the conversion fills it from podIP), status.hostIPs with the
    // PodHostIPs gate's beta in v1.29. The kubelet's status writes set them by version.
    bool podIPsListed = false;
    bool hostIPsListed = false;

    const PodCondition* condition(const QString& type) const;
    bool operator==(const PodStatus&) const = default;
};

struct Pod
{
    static constexpr Kind kind = Kind::Pod;
    QString apiVersion = QStringLiteral("v1");
    ObjectMeta metadata;
    Cow<PodSpec> spec; // shared by the versions of the pod until one changes it
    PodStatus status;

    /// The Ready condition when it is True, else nullptr.
    const PodCondition* readyCondition() const;
    /// Ready condition is True (pkg/api/v1/pod/util.go IsPodReady).
    bool isReady() const;
    /// lastTransitionTime of the Ready condition when it is True, else kNoTime.
    Millis readySince() const;
    /// Active for a ReplicaSet: not terminating, phase not Succeeded/Failed (controller_utils.go IsPodActive).
    bool isActive() const;
    /// Available: ready and (minReadySeconds == 0 or readySince + minReadySeconds < now) (podutil.IsPodAvailable).
    bool isAvailable(qint32 minReadySeconds, Millis now) const;
    bool operator==(const Pod&) const = default;
};

struct ServicePort
{
    QString name;
    QString protocol;
    qint32 port = 0;
    std::optional<IntOrString> targetPort;
    qint32 nodePort = 0;
    bool operator==(const ServicePort&) const = default;
};

struct ServiceSpec
{
    Labels selector;
    std::vector<ServicePort> ports;
    QString type; // ClusterIP (default), NodePort, LoadBalancer
    QString clusterIP;
    QString sessionAffinity;
    bool publishNotReadyAddresses = false;
    QJsonObject extra;
    /// NodePort and LoadBalancer Services take traffic on node ports (needsNodePort).
    bool needsNodePorts() const { return type == QLatin1String("NodePort") || type == QLatin1String("LoadBalancer"); }
    bool operator==(const ServiceSpec&) const = default;
};

struct Service
{
    static constexpr Kind kind = Kind::Service;
    QString apiVersion = QStringLiteral("v1");
    ObjectMeta metadata;
    ServiceSpec spec;
    bool operator==(const Service&) const = default;
};

struct ObjectReference
{
    QString kind;
    QString namespace_;
    QString name;
    QString uid;
    QString apiVersion;
    QString resourceVersion;
    QString fieldPath;
    bool operator==(const ObjectReference&) const = default;
};

/// core/v1 EndpointAddress: one pod behind a Service (targetRef names it).
struct EndpointAddress
{
    QString ip;
    QString hostname;
    std::optional<QString> nodeName; // a pointer in the API: set (possibly empty) for every pod
    std::optional<ObjectReference> targetRef;
    bool operator==(const EndpointAddress&) const = default;
};

/// core/v1 EndpointPort: a Service port resolved against a pod (targetPort by number or name).
struct EndpointPort
{
    QString name;
    qint32 port = 0;
    QString protocol;
    std::optional<QString> appProtocol;
    bool operator==(const EndpointPort&) const = default;
};

/// core/v1 EndpointSubset: the addresses that share one set of ports.
struct EndpointSubset
{
    std::vector<EndpointAddress> addresses;
    std::vector<EndpointAddress> notReadyAddresses;
    std::vector<EndpointPort> ports;
    bool operator==(const EndpointSubset&) const = default;
};

/// core/v1 Endpoints, as the endpoints controller writes one for each Service with a selector
/// (same name and namespace; the Service's labels).
struct Endpoints
{
    static constexpr Kind kind = Kind::Endpoints;
    QString apiVersion = QStringLiteral("v1");
    ObjectMeta metadata;
    std::vector<EndpointSubset> subsets;
    bool operator==(const Endpoints&) const = default;
};

/// Who wrote an Event: its `source` (tools/record), `reportingComponent` and
/// `reportingInstance`, and the `action` of an Event written through events.k8s.io. The same for
/// every Event of one emitting process (and action): one block for all of them.
struct EventEmitter
{
    QString sourceComponent;
    QString sourceHost;
    QString reportingController; // reportingComponent in core/v1
    QString reportingInstance;
    QString action;
    bool operator==(const EventEmitter&) const = default;
};

/// core/v1 Event, as recorded by controllers and the kubelet (client-go tools/record), or as the
/// API server shows one that the scheduler wrote through events.k8s.io/v1 (client-go
/// tools/events): then `source`, `firstTimestamp`, `lastTimestamp` are empty, `count` is 0,
/// `eventTime` is set and repeats are a `series`.
struct Event
{
    static constexpr Kind kind = Kind::Event;
    QString apiVersion = QStringLiteral("v1");
    ObjectMeta metadata;
    Shared<ObjectReference> involvedObject; // one block shared by the Events about one object
    QString reason;
    QString message;
    Shared<EventEmitter> emitter;
    Millis firstTimestamp = kNoTime;
    Millis lastTimestamp = kNoTime;
    qint32 count = 1; // 0: not set (events.k8s.io)
    qint32 seriesCount = 0; // 0: no series (next to count: the two fill 8 bytes)
    QString type; // Normal, Warning
    Millis eventTime = kNoTime; // a MicroTime in the API; milliseconds here
    Millis seriesLastObservedTime = kNoTime;
    bool operator==(const Event&) const = default;

    /// describe's From: the source's component, else the reporting controller.
    const QString& from() const
    {
        return emitter->sourceComponent.isEmpty() ? emitter->reportingController : emitter->sourceComponent;
    }
    /// FIRST SEEN of `kubectl get events` (printEvent): firstTimestamp, else eventTime.
    Millis firstSeen() const { return firstTimestamp != kNoTime ? firstTimestamp : eventTime; }
    /// LAST SEEN: the series' last observation, else lastTimestamp, else firstSeen().
    Millis lastSeen() const
    {
        if (seriesCount > 0)
            return seriesLastObservedTime;
        return lastTimestamp != kNoTime ? lastTimestamp : firstSeen();
    }
    /// The COUNT column: the series' count, else count, and 1 for a singleton of events.k8s.io.
    qint32 occurrences() const { return seriesCount > 0 ? seriesCount : (count > 0 ? count : 1); }
};

using DeploymentPtr = std::shared_ptr<const Deployment>;
using ReplicaSetPtr = std::shared_ptr<const ReplicaSet>;
using PodPtr = std::shared_ptr<const Pod>;
using ServicePtr = std::shared_ptr<const Service>;
using EventPtr = std::shared_ptr<const Event>;
using EndpointsPtr = std::shared_ptr<const Endpoints>;

/// Calls `f(std::type_identity<T>{})` with the API type T of kind `k` (Deployment, ReplicaSet, Pod,
/// Service, Event or Endpoints), so that code written once for all kinds can pick the type at run time.
template<class F> decltype(auto) visitKind(Kind k, F&& f)
{
    switch (k) {
    case Kind::Deployment:
        return f(std::type_identity<Deployment> {});
    case Kind::ReplicaSet:
        return f(std::type_identity<ReplicaSet> {});
    case Kind::Pod:
        return f(std::type_identity<Pod> {});
    case Kind::Service:
        return f(std::type_identity<Service> {});
    case Kind::Endpoints:
        return f(std::type_identity<Endpoints> {});
    case Kind::Event:
        break;
    }
    return f(std::type_identity<Event> {});
}

// Well-known keys.
namespace keys {
inline const QString Revision = QStringLiteral("deployment.kubernetes.io/revision");
inline const QString RevisionHistory = QStringLiteral("deployment.kubernetes.io/revision-history");
inline const QString DesiredReplicas = QStringLiteral("deployment.kubernetes.io/desired-replicas");
inline const QString MaxReplicas = QStringLiteral("deployment.kubernetes.io/max-replicas");
inline const QString RollbackTo = QStringLiteral("deprecated.deployment.rollback.to");
inline const QString ChangeCause = QStringLiteral("kubernetes.io/change-cause");
inline const QString RestartedAt = QStringLiteral("kubectl.kubernetes.io/restartedAt");
inline const QString LastApplied = QStringLiteral("kubectl.kubernetes.io/last-applied-configuration");
inline const QString PodTemplateHash = QStringLiteral("pod-template-hash");
inline const QString PodDeletionCost = QStringLiteral("controller.kubernetes.io/pod-deletion-cost");
inline const QString EndpointsLastChangeTriggerTime
    = QStringLiteral("endpoints.kubernetes.io/last-change-trigger-time");
inline const QString EndpointsOverCapacity = QStringLiteral("endpoints.kubernetes.io/over-capacity");
inline const QString HeadlessService = QStringLiteral("service.kubernetes.io/headless");
} // namespace keys

} // namespace rl
