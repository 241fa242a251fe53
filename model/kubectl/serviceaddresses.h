#pragma once

// What kube-apiserver's Service storage adds to a Service it stores (pkg/registry/core/service/
// storage/alloc.go, ipallocator/bitmap.go, portallocator): the cluster IP from the service range
// and a node port for each port of a NodePort or LoadBalancer Service, and, by version, the
// dual-stack fields that go with the IP (clusterIPs since v1.20, ipFamilies and ipFamilyPolicy
// since v1.21, when the IPv6DualStack gate went beta).

#include "api/objects.h"
#include "manifest/validation.h"

#include <optional>

namespace rl {

class Rng;

class ObjectStore;

/// The simulated cluster's ranges, those of a kind cluster (whose pod and node addresses the
/// kubelet gives out too): --service-cluster-ip-range 10.96.0.0/16, --service-node-port-range
/// 30000-32767. The `kubernetes` Service holds 10.96.0.1 and kube-dns 10.96.0.10.
struct ServiceRanges
{
    static constexpr quint32 kBase = (10u << 24) | (96u << 16); // 10.96.0.0
    static constexpr int kPrefix = 16;
    static constexpr int kFirstNodePort = 30000;
    static constexpr int kNodePorts = 2768; // 30000-32767
    static QString cidr() { return QStringLiteral("10.96.0.0/16"); }
    static QString nodePortRange() { return QStringLiteral("30000-32767"); }
};

/// Allocates what `s` lacks, as the API server does when it creates `s` (`old` null) or replaces
/// `old` with it: a cluster IP unless the type is ExternalName or the IP is "None"; node ports;
/// the fields of its version. On update the allocated values of `old` stay where `s` leaves them
/// empty (patchAllocatedValues). A requested IP or port outside its range, or held by another
/// Service, is refused with the API server's field error. `random` seeds the random scan (the
/// allocators start at a random offset, prefer the upper part of their range since v1.25 for IPs
/// (ServiceIPStaticSubrange) and v1.28 for ports (ServiceNodePortStaticSubrange), and take the
/// next free one).
std::optional<FieldError> allocateServiceAddresses(
    Service& s, const Service* old, const ObjectStore& store, int minor, quint64 random);

/// The `random` of allocateServiceAddresses() for `s`: the simulation's generator as it stands
/// (read, not advanced, so that a Service leaves every later pod name as it was) and the Service's
/// key. The apply preview and the write draw the same, so the preview shows the address the
/// write will get.
quint64 allocationRandom(const Rng& rng, const Service& s);

/// `a.b.c.d` as a number, or nothing when `text` is not an IPv4 address.
std::optional<quint32> parseIPv4(QStringView text);

} // namespace rl
