#pragma once

// The scenario the simulation benchmarks share: a 25 %/25 % apps/v1 Deployment "bench" of N
// replicas whose image "bench/app:v1" (then ":v2") pulls in 2 s and starts in 1 s, on enough nodes
// for the surge and the terminating pods.

#include "manifest/defaults.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

namespace rl::bench {

inline const QString& deploymentKey()
{
    static const QString key = objectKey(QStringLiteral("default"), QStringLiteral("bench"));
    return key;
}

/// Sizes the cluster for `replicas` and declares the two images.
inline void prepareCluster(Simulation& sim, qint32 replicas)
{
    ClusterProfile& profile = sim.profile();
    profile.setNodeCount(int(replicas * 1.3 / 110) + 2); // room for the surge and terminating pods
    for (const char* tag : {"v1", "v2"}) {
        ImageBehavior b;
        b.image = QStringLiteral("bench/app:") + QLatin1String(tag);
        b.pullTime = 2000;
        b.startupTime = 1000;
        b.shutdownTime = 500;
        profile.addImageBehavior(b);
    }
}

inline Deployment deployment(qint32 replicas, qint32 minReadySeconds = 0)
{
    Deployment d;
    d.metadata.name = QStringLiteral("bench");
    d.metadata.namespace_ = QStringLiteral("default");
    d.spec.replicas = replicas;
    d.spec.minReadySeconds = minReadySeconds;
    LabelSelector sel;
    sel.matchLabels[QStringLiteral("app")] = QStringLiteral("bench");
    d.spec.selector = sel;
    d.spec.template_.metadata.labels[QStringLiteral("app")] = QStringLiteral("bench");
    Container c;
    c.name = QStringLiteral("app");
    c.image = QStringLiteral("bench/app:v1");
    d.spec.template_.spec.containers.push_back(c);
    applyDefaults(d, QStringLiteral("apps/v1"));
    return d;
}

/// The rollout is over: every replica updated and available, and no other pod left. Checked
/// before every queue event, so it looks the Deployment up by a key built once.
inline bool complete(Simulation& sim, qint32 replicas)
{
    // Asked after every queue event: the pod count (the index's size) first, the Deployment's
    // status only when it can be complete.
    if (sim.store().count<Pod>() != std::size_t(replicas))
        return false;
    auto d = sim.store().find<Deployment>(deploymentKey());
    if (!d)
        return false;
    const auto& s = d->status;
    return s.observedGeneration >= d->metadata.generation && s.updatedReplicas == replicas && s.replicas == replicas
        && s.availableReplicas == replicas && sim.store().count<Pod>() == std::size_t(replicas);
}

/// Sets the new image "bench/app:v2" (a new template: a rollout).
inline void updateImage(Simulation& sim)
{
    Deployment updated = *sim.store().find<Deployment>(deploymentKey());
    updated.spec.template_.spec.containers[0].image = QStringLiteral("bench/app:v2");
    updated.metadata.generation += 1;
    sim.store().update(updated);
}

} // namespace rl::bench
