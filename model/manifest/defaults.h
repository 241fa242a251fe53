#pragma once

// Server-side defaulting, per apiVersion (spec 1.3): kubernetes/kubernetes pkg/apis/apps/v1/defaults.go,
// apps/v1beta1, apps/v1beta2, extensions/v1beta1 defaults.go and pkg/apis/core/v1/defaults.go.

#include "api/objects.h"

namespace rl {

/// Defaults a Deployment as the API server does when it is created/updated through `apiVersion`
/// ("apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"); includes the pod template.
void applyDefaults(Deployment& d, const QString& apiVersion);
/// The same on a cluster of minor version `minor`: extensions/v1beta1 left revisionHistoryLimit
/// unset until v1.13 (kubernetes#66605) and progressDeadlineSeconds until v1.10, which defaulted
/// it to 600 by mistake (kubernetes#66135) until v1.12 made it MaxInt32 (kubernetes#66581). Unset
/// and MaxInt32 act alike (keep every ReplicaSet, no deadline); only the object shows the
/// difference.
void applyDefaults(Deployment& d, const QString& apiVersion, int minor);
void applyDefaults(ReplicaSet& rs, const QString& apiVersion);
/// A pod's spec defaults (those of a template; what the API server adds to a pod it creates
/// only, enableServiceLinks among it, is admitPod()'s).
void applyDefaults(Pod& p, const QString& apiVersion = QStringLiteral("v1"));
void applyDefaults(Service& s, const QString& apiVersion = QStringLiteral("v1"));
/// The same on a cluster of minor version `minor` (internalTrafficPolicy: Cluster since v1.22).
void applyDefaults(Service& s, const QString& apiVersion, int minor);

/// The Service strategy's dropTypeDependentFields (v1.20+) on an update of `old` to `s`: fields
/// that only the old type needed (node ports, externalTrafficPolicy, allocateLoadBalancerNodePorts)
/// go when the update left them as they were, so that a change of type needs no other edit.
void dropTypeDependentFields(Service& s, const Service& old, int minor);

/// What the API server's admission plugins and pod defaulting add to a pod it creates on a cluster
/// of minor version `minor`, as kubectl then shows it: serviceAccountName "default" and the token
/// volume (ServiceAccount), the not-ready and unreachable NoExecute tolerations of 300 s
/// (DefaultTolerationSeconds; node.alpha.kubernetes.io/notReady and .../unreachable before
/// v1.9), priority 0 (Priority, v1.11) and preemptionPolicy PreemptLowerPriority (v1.19), and
/// enableServiceLinks true (v1.13). Nothing that the pod sets already.
void admitPod(Pod& p, int minor);

/// core/v1 pod template defaults (restartPolicy, dnsPolicy, grace period, scheduler, securityContext,
/// container terminationMessage*, imagePullPolicy, port protocols, probe timings and httpGet scheme).
void applyPodSpecDefaults(PodSpec& s);
void applyContainerDefaults(Container& c);

/// The tag kubelet and defaulting see: "latest" when the image has neither tag nor digest.
QString imageTag(const QString& image);

} // namespace rl
