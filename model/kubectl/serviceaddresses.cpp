#include "serviceaddresses.h"

#include "sim/objectstore.h"
#include "sim/rng.h"

#include <QJsonArray>
#include <QStringList>

#include <set>

namespace rl {

namespace {

/// ipallocator's Range over 10.96.0.0/16: index i is 10.96.0.1 + i, without the network and
/// broadcast addresses.
constexpr quint32 kFirstIP = ServiceRanges::kBase + 1;
constexpr int kIPs = (1 << (32 - ServiceRanges::kPrefix)) - 2;

/// calculateRangeOffset (ipallocator/bitmap.go): min(max(16, size / 16), 256) addresses at the
/// bottom of the range are left to static assignment. portallocator: min(max(16, size / 32), 128).
constexpr int kIPOffset = 256;
constexpr int kPortOffset = 86;
constexpr int kFirstMinorWithIPSubrange = 25; // ServiceIPStaticSubrange beta
constexpr int kFirstMinorWithPortSubrange = 28; // ServiceNodePortStaticSubrange beta
constexpr int kFirstMinorWithClusterIPs = 20;
constexpr int kFirstMinorWithIPFamilies = 21; // IPv6DualStack beta: initIPFamilyFields runs

QString ipText(quint32 ip)
{
    return QStringLiteral("%1.%2.%3.%4").arg(ip >> 24).arg((ip >> 16) & 0xff).arg((ip >> 8) & 0xff).arg(ip & 0xff);
}

/// randomScanStrategyWithOffset.AllocateBit: a random start in the upper part [offset, max), the
/// first free index from there on (wrapping); then the same in [0, offset).
template<class Taken> std::optional<int> randomScan(int max, int offset, Rng& rng, const Taken& taken)
{
    const auto scan = [&](int lo, int hi) -> std::optional<int> {
        const int size = hi - lo;
        if (size <= 0)
            return std::nullopt;
        const int start = int(rng.below(quint64(size)));
        for (int i = 0; i < size; ++i) {
            const int at = lo + (start + i) % size;
            if (!taken(at))
                return at;
        }
        return std::nullopt;
    };
    if (auto at = scan(offset, max))
        return at;
    return scan(0, offset);
}

bool needsClusterIP(const Service& s)
{
    return s.spec.type != QLatin1String("ExternalName");
}

} // namespace

std::optional<quint32> parseIPv4(QStringView text)
{
    const auto parts = text.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    quint32 ip = 0;
    for (QStringView p : parts) {
        bool ok = false;
        const uint v = p.toUInt(&ok);
        if (!ok || v > 255 || p.isEmpty() || (p.size() > 1 && p.front() == u'0'))
            return std::nullopt;
        ip = (ip << 8) | v;
    }
    return ip;
}

std::optional<FieldError> allocateServiceAddresses(
    Service& s, const Service* old, const ObjectStore& store, int minor, quint64 random)
{
    Rng rng(random);
    // What every other Service holds (an update keeps its own).
    std::set<quint32> ips {kFirstIP, kFirstIP + 9}; // the kubernetes and kube-dns Services
    std::set<int> ports;
    for (const auto& [key, other] : store.all<Service>()) {
        if (old && other->metadata.uid == old->metadata.uid)
            continue;
        if (const auto ip = parseIPv4(other->spec.clusterIP))
            ips.insert(*ip);
        for (const ServicePort& p : other->spec.ports) {
            if (p.nodePort != 0)
                ports.insert(p.nodePort);
        }
    }

    // The cluster IP may not change once set (validateUpgradeDowngradeClusterIPs; before v1.20
    // ValidateImmutableField), unless the Service is or becomes an ExternalName one.
    if (old && needsClusterIP(*old) && needsClusterIP(s) && !old->spec.clusterIP.isEmpty()
        && !s.spec.clusterIP.isEmpty() && s.spec.clusterIP != old->spec.clusterIP) {
        if (minor < kFirstMinorWithClusterIPs)
            return FieldError {FieldError::Type::Invalid, QStringLiteral("spec.clusterIP"), goQuote(s.spec.clusterIP),
                QStringLiteral("field is immutable")};
        return FieldError {FieldError::Type::Invalid, QStringLiteral("spec.clusterIPs[0]"),
            QStringLiteral("[]string{%1}").arg(goQuote(s.spec.clusterIP)), QStringLiteral("may not change once set")};
    }

    // patchAllocatedValues: an update that leaves the IP or a node port empty keeps the old one.
    if (old && needsClusterIP(*old) && needsClusterIP(s) && s.spec.clusterIP.isEmpty()) {
        s.spec.clusterIP = old->spec.clusterIP;
        for (const char* key : {"clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
            const QString k = QLatin1String(key);
            if (!s.spec.extra.contains(k) && old->spec.extra.contains(k))
                s.spec.extra.insert(k, old->spec.extra.value(k));
        }
    }
    if (old && old->spec.needsNodePorts() && s.spec.needsNodePorts()) {
        for (ServicePort& p : s.spec.ports) {
            if (p.nodePort != 0)
                continue;
            for (const ServicePort& o : old->spec.ports) {
                if (o.port == p.port && o.protocol == p.protocol && o.nodePort != 0)
                    p.nodePort = o.nodePort;
            }
        }
    }

    if (needsClusterIP(s) && s.spec.clusterIP != QLatin1String("None")) {
        const bool keep = old && !old->spec.clusterIP.isEmpty() && s.spec.clusterIP == old->spec.clusterIP;
        if (s.spec.clusterIP.isEmpty()) {
            const int offset = minor >= kFirstMinorWithIPSubrange ? kIPOffset : 0;
            const auto at = randomScan(kIPs, offset, rng, [&](int i) { return ips.count(kFirstIP + quint32(i)) > 0; });
            if (!at)
                return FieldError {FieldError::Type::Internal, QStringLiteral("spec.clusterIPs"), {},
                    QStringLiteral("failed to allocate a serviceIP: range is full")};
            s.spec.clusterIP = ipText(kFirstIP + quint32(*at));
        } else if (!keep) {
            // A requested IP (validation has checked that it is one).
            const auto ip = parseIPv4(s.spec.clusterIP);
            QString error;
            if (!ip || *ip < kFirstIP || *ip >= kFirstIP + quint32(kIPs))
                error = minor >= kFirstMinorWithClusterIPs
                    ? QStringLiteral("the provided IP (%1) is not in the valid range. The range of valid IPs is %2")
                          .arg(s.spec.clusterIP, ServiceRanges::cidr())
                    : QStringLiteral("provided IP is not in the valid range. The range of valid IPs is %1")
                          .arg(ServiceRanges::cidr());
            else if (ips.count(*ip))
                error = QStringLiteral("provided IP is already allocated");
            if (!error.isEmpty()) {
                if (minor < kFirstMinorWithClusterIPs)
                    return FieldError {
                        FieldError::Type::Invalid, QStringLiteral("spec.clusterIP"), goQuote(s.spec.clusterIP), error};
                return FieldError {FieldError::Type::Invalid, QStringLiteral("spec.clusterIPs"),
                    QStringLiteral("[]string{%1}").arg(goQuote(s.spec.clusterIP)),
                    QStringLiteral("failed to allocate IP %1: %2").arg(s.spec.clusterIP, error)};
            }
        }
    }
    if (needsClusterIP(s)) {
        if (minor >= kFirstMinorWithClusterIPs && !s.spec.clusterIP.isEmpty()
            && !s.spec.extra.contains(QStringLiteral("clusterIPs")))
            s.spec.extra.insert(QStringLiteral("clusterIPs"), QJsonArray {s.spec.clusterIP});
        if (minor >= kFirstMinorWithIPFamilies) {
            if (!s.spec.extra.contains(QStringLiteral("ipFamilyPolicy")))
                s.spec.extra.insert(QStringLiteral("ipFamilyPolicy"), QStringLiteral("SingleStack"));
            if (!s.spec.extra.contains(QStringLiteral("ipFamilies")))
                s.spec.extra.insert(QStringLiteral("ipFamilies"), QJsonArray {QStringLiteral("IPv4")});
        }
    }

    if (s.spec.needsNodePorts()) {
        for (std::size_t i = 0; i < s.spec.ports.size(); ++i) {
            ServicePort& p = s.spec.ports[i];
            bool kept = false;
            if (old) {
                for (const ServicePort& o : old->spec.ports)
                    kept = kept || (o.nodePort != 0 && o.nodePort == p.nodePort);
            }
            if (p.nodePort == 0) {
                const int offset = minor >= kFirstMinorWithPortSubrange ? kPortOffset : 0;
                const auto at = randomScan(ServiceRanges::kNodePorts, offset, rng,
                    [&](int k) { return ports.count(ServiceRanges::kFirstNodePort + k) > 0; });
                if (!at)
                    return FieldError {FieldError::Type::Internal, QStringLiteral("spec.ports[%1].nodePort").arg(i), {},
                        QStringLiteral("failed to allocate a nodePort: range is full")};
                p.nodePort = ServiceRanges::kFirstNodePort + *at;
            } else if (!kept) {
                QString error;
                if (p.nodePort < ServiceRanges::kFirstNodePort
                    || p.nodePort >= ServiceRanges::kFirstNodePort + ServiceRanges::kNodePorts)
                    error = QStringLiteral("provided port is not in the valid range. The range of valid ports is %1")
                                .arg(ServiceRanges::nodePortRange());
                else if (ports.count(p.nodePort))
                    error = QStringLiteral("provided port is already allocated");
                if (!error.isEmpty())
                    return FieldError {FieldError::Type::Invalid, QStringLiteral("spec.ports[%1].nodePort").arg(i),
                        QString::number(p.nodePort), error};
            }
            ports.insert(p.nodePort);
        }
    }
    return std::nullopt;
}

quint64 allocationRandom(const Rng& rng, const Service& s)
{
    return rng.peekFor(s.metadata.namespace_ + QLatin1Char('/') + s.metadata.name + QLatin1Char('/'));
}

} // namespace rl
