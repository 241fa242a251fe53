#pragma once

// What the simulated cluster is (ClusterProfile) and how its container images behave
// (ImageBehavior). Both are plain data, declared in manifests of our own API group:
//
//   apiVersion: rolloutlab.dev/v1alpha1
//   kind: ClusterProfile
//   metadata: {name: workshop}
//   spec:
//     kubernetesVersion: "1.8"      # default "1.32"; selects version-dependent wording
//     nodes: 3                      # number of worker nodes (names node1..nodeN), or
//     nodeNames: [kind-worker, kind-worker2]
//     maxPodsPerNode: 110           # kubelet --max-pods
//     seed: 42                      # re-seeds the simulation's random generator
//     latencies:                    # seconds (decimals allowed)
//       scheduling: 0.1             # pod created -> bound to a node
//       kubeletSync: 0.2            # bound -> kubelet admits the pod (first status write)
//       sandbox: 0.5                # pod sandbox (network) set up before the first pull
//       pull: 3                     # default image pull time (uncached), jittered +-25%
//       containerCreate: 0.05       # Pulled -> Created
//       containerStart: 0.3         # Created -> Started (running)
//       startup: 1                  # default app start-up time until it answers probes
//       podCleanup: 0.5             # containers stopped -> pod object removed
//
//   apiVersion: rolloutlab.dev/v1alpha1
//   kind: ImageBehavior
//   metadata: {name: kiada-0.8}
//   spec:
//     image: luksa/kiada:0.8        # exact image, or repository with wildcard tag "luksa/kiada:*"
//     exists: true                  # false: pulls fail (ErrImagePull / ImagePullBackOff)
//     pullError: "..."              # optional: the pull error text (default: containerd "not found")
//     pullSeconds: 2                # pull time when not cached on the node
//     sizeBytes: 52428800           # image size printed in the Pulled event
//     startupSeconds: 1             # container start -> app answers (readiness probes succeed)
//     version: "Kiada 0.8"          # the version text its responses carry
//     response: 'Request processed by {version} running in pod "{pod}"'
//     failAfter:                    # the app starts answering 500 after N seconds
//       seconds: 30                 # default N
//       fromEnv: FAIL_AFTER_SECONDS # N read from this container env var when set
//       statusCode: 500
//     crash: {afterSeconds: 5, exitCode: 1}   # the process exits N seconds after each start
//     shutdown:
//       ignoresSigterm: true        # runs until SIGKILL at the end of the grace period (exit 137)
//       seconds: 0.2                # otherwise: time to exit after SIGTERM
//       exitCode: 143               # exit code after SIGTERM
//
// With nothing declared, every image exists, pulls in a few seconds and starts in about one
// second (seeded jitter), answers probes with 200 and exits quickly on SIGTERM.

#include "api/objects.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rl {

/// How the application in one image (or a family of images) behaves. Times in milliseconds.
struct ImageBehavior
{
    QString name; // metadata.name of the declaring manifest
    QString image; // match pattern: exact image, or "repo:*" (any tag of repo)
    bool exists = true;
    QString pullError; // empty: generated containerd "not found" text
    std::optional<Millis> pullTime;
    qint64 sizeBytes = 0; // 0: derived from the image name
    std::optional<Millis> startupTime;
    QString version;
    QString response; // template with {version}, {pod}, {node}; empty: Kiada-style default
    std::optional<Millis> failAfter;
    QString failAfterEnv;
    qint32 failStatusCode = 500;
    std::optional<Millis> crashAfter;
    qint32 crashExitCode = 1;
    bool ignoresSigterm = false;
    Millis shutdownTime = 200;
    qint32 sigtermExitCode = 143;

    /// Whether `pattern` (exact or "repo:*") matches the container image reference.
    static bool imageMatches(const QString& pattern, const QString& image);
    bool operator==(const ImageBehavior&) const = default;
};

/// Latencies of the simulated control plane and node components, in milliseconds.
struct Latencies
{
    Millis scheduling = 100;
    Millis kubeletSync = 200;
    Millis sandbox = 500;
    Millis pull = 3000;
    Millis containerCreate = 50;
    Millis containerStart = 300;
    Millis startup = 1000;
    Millis podCleanup = 500;
    bool operator==(const Latencies&) const = default;
};

/// What the simulated cluster is: its Kubernetes version, its nodes, latencies, and how images
/// behave (ImageBehavior rules, matched exact image first, then wildcard patterns, later
/// declarations winning over earlier ones of the same pattern).
class ClusterProfile
{
public:
    ClusterProfile();

    QString name() const { return m_name; }
    void setName(const QString& n) { m_name = n; }

    /// "1.32" by default.
    const QString& kubernetesVersion() const { return m_version; }
    void setKubernetesVersion(const QString& v);
    /// Minor version number of kubernetesVersion() ("1.8" -> 8). Asked on every container start,
    /// status write and scaling event, so it is parsed when the version is set.
    int minorVersion() const { return m_minor; }

    QStringList nodeNames() const { return m_nodeNames; }
    void setNodeNames(const QStringList& names) { m_nodeNames = names; }
    /// Sets node1..nodeN.
    void setNodeCount(int n);
    int maxPodsPerNode() const { return m_maxPods; }
    void setMaxPodsPerNode(int n) { m_maxPods = n; }

    std::optional<quint64> seed() const { return m_seed; }
    void setSeed(std::optional<quint64> s) { m_seed = s; }

    const Latencies& latencies() const { return m_latencies; }
    Latencies& latencies() { return m_latencies; }

    const std::vector<ImageBehavior>& imageBehaviors() const { return m_behaviors; }
    /// Adds or replaces (same image pattern) a rule.
    void addImageBehavior(const ImageBehavior& b);
    void clearImageBehaviors() { m_behaviors.clear(); }
    /// The rule for an image: exact match first, then a wildcard pattern; nullptr if none.
    const ImageBehavior* findImageBehavior(const QString& image) const;

    bool operator==(const ClusterProfile&) const = default;

private:
    QString m_name;
    QString m_version = QStringLiteral("1.32");
    int m_minor = 32;
    QStringList m_nodeNames;
    int m_maxPods = 110;
    std::optional<quint64> m_seed;
    Latencies m_latencies;
    std::vector<ImageBehavior> m_behaviors;
};

inline const QString kRolloutLabApiVersion = QStringLiteral("rolloutlab.dev/v1alpha1");

/// Decodes `kind: ImageBehavior`. On error returns nullopt and sets *error to a message naming
/// the field, e.g. `ImageBehavior "x": spec.pullSeconds: must be a number >= 0`.
std::optional<ImageBehavior> decodeImageBehavior(const QJsonObject& doc, QString* error);
/// Decodes `kind: ClusterProfile` into `profile` (fields not given keep their value).
bool decodeClusterProfile(const QJsonObject& doc, ClusterProfile& profile, QString* error);

/// Go's time.Duration.String() for a millisecond duration: "500ms", "2.345s", "1m20s", "5m0s".
QString formatGoDuration(Millis ms);

} // namespace rl
