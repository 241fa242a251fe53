#include "endpointscontroller.h"

#include "api/json.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>
#include <optional>

namespace rl {

namespace {

// The versions in which the controller's output changed.
constexpr int kFirstMinorWithTriggerTime = 14; // endpoints.kubernetes.io/last-change-trigger-time
constexpr int kFirstMinorWithOverCapacity = 22; // truncation to 1,000 addresses (KEP 2221)
constexpr int kFirstMinorWithoutTargetRefVersion = 24; // kubernetes#108450
constexpr int kMaxCapacity = 1000;

bool selects(const Service& svc, const Pod& pod)
{
    return !svc.spec.selector.isEmpty() && pod.metadata.namespace_ == svc.metadata.namespace_
        && labelsInclude(pod.metadata.labels, svc.spec.selector);
}

// endpointslice util podEndpointsChanged (the first result): a change that can change endpoints.
bool podEndpointsChanged(const Pod& old, const Pod& now)
{
    return old.metadata.deletionTimestamp != now.metadata.deletionTimestamp || old.isReady() != now.isReady()
        || old.status.podIP != now.status.podIP;
}

// ShouldPodBeInEndpoints for the legacy Endpoints: an IP, not terminal, and not terminating
// unless the Service publishes not-ready addresses.
bool inEndpoints(const Pod& pod, bool publishNotReady)
{
    if (pod.status.podIP.isEmpty())
        return false;
    if (pod.status.phase == QLatin1String("Succeeded") || pod.status.phase == QLatin1String("Failed"))
        return false;
    return publishNotReady || !pod.metadata.isDeleting();
}

QString protocolOf(const QString& p)
{
    return p.isEmpty() ? QStringLiteral("TCP") : p;
}

// The MD5 of an object's Go dump (hashutil.DeepHashObject: spew's "%#v" with methods off), by
// which RepackSubsets orders ports and subsets.
QByteArray goDumpHash(const QString& dump)
{
    return QCryptographicHash::hash(dump.toUtf8(), QCryptographicHash::Md5);
}

QString dumpPort(const EndpointPort& p, bool withType)
{
    return (withType ? QStringLiteral("(v1.EndpointPort)") : QString())
        + QStringLiteral("{Name:(string)%1 Port:(int32)%2 Protocol:(v1.Protocol)%3 AppProtocol:(*string)%4}")
              .arg(p.name)
              .arg(p.port)
              .arg(p.protocol, p.appProtocol ? *p.appProtocol : QStringLiteral("<nil>"));
}

QString dumpAddresses(const std::vector<EndpointAddress>& list)
{
    if (list.empty())
        return QStringLiteral("([]v1.EndpointAddress)<nil>");
    QStringList items;
    for (const EndpointAddress& a : list) {
        QString ref = QStringLiteral("<nil>");
        if (a.targetRef) {
            const ObjectReference& r = *a.targetRef;
            ref = QStringLiteral("{Kind:(string)%1 Namespace:(string)%2 Name:(string)%3 UID:(types.UID)%4 "
                                 "APIVersion:(string)%5 ResourceVersion:(string)%6 FieldPath:(string)%7}")
                      .arg(r.kind, r.namespace_, r.name, r.uid, r.apiVersion, r.resourceVersion, r.fieldPath);
        }
        items << QStringLiteral(
            "{IP:(string)%1 Hostname:(string)%2 NodeName:(*string)%3 TargetRef:(*v1.ObjectReference)%4}")
                     .arg(a.ip, a.hostname, a.nodeName ? *a.nodeName : QStringLiteral("<nil>"), ref);
    }
    return QStringLiteral("([]v1.EndpointAddress)[") + items.join(QLatin1Char(' ')) + QLatin1Char(']');
}

QString dumpSubset(const EndpointSubset& s)
{
    QStringList ports;
    for (const EndpointPort& p : s.ports)
        ports << dumpPort(p, false);
    return QStringLiteral("(v1.EndpointSubset){Addresses:") + dumpAddresses(s.addresses)
        + QStringLiteral(" NotReadyAddresses:") + dumpAddresses(s.notReadyAddresses)
        + QStringLiteral(" Ports:([]v1.EndpointPort)[") + ports.join(QLatin1Char(' ')) + QStringLiteral("]}");
}

// endpoints.LessEndpointAddress: by the IP's bytes, then by the target's uid.
bool lessAddress(const EndpointAddress& a, const EndpointAddress& b)
{
    const int c = QString::compare(a.ip, b.ip);
    if (c != 0)
        return c < 0;
    if (!b.targetRef)
        return false;
    if (!a.targetRef)
        return true;
    return a.targetRef->uid < b.targetRef->uid;
}

// truncateEndpoints: at most 1,000 addresses, ready ones first, spread over the subsets in
// proportion (rounded up) to their sizes.
bool truncate(std::vector<EndpointSubset>& subsets)
{
    int totalReady = 0;
    int totalNotReady = 0;
    for (const auto& s : subsets) {
        totalReady += int(s.addresses.size());
        totalNotReady += int(s.notReadyAddresses.size());
    }
    if (totalReady + totalNotReady <= kMaxCapacity)
        return false;
    const bool truncateReady = totalReady > kMaxCapacity;
    const int max = truncateReady ? kMaxCapacity : kMaxCapacity - totalReady;
    const int numTotal = truncateReady ? totalReady : totalNotReady;
    int canBeAdded = max;
    for (auto& s : subsets) {
        const int inSubset = int(truncateReady ? s.addresses.size() : s.notReadyAddresses.size());
        int toBeAdded = int(std::ceil(double(inSubset) / double(numTotal) * double(max)));
        toBeAdded = std::min(toBeAdded, canBeAdded);
        if (truncateReady) {
            if (int(s.addresses.size()) > toBeAdded)
                s.addresses.resize(std::size_t(toBeAdded));
            s.notReadyAddresses.clear();
            canBeAdded -= int(s.addresses.size());
        } else {
            if (int(s.notReadyAddresses.size()) > toBeAdded)
                s.notReadyAddresses.resize(std::size_t(toBeAdded));
            canBeAdded -= int(s.notReadyAddresses.size());
        }
    }
    return true;
}

int addressCount(const std::vector<EndpointSubset>& subsets)
{
    int n = 0;
    for (const auto& s : subsets)
        n += int(s.addresses.size() + s.notReadyAddresses.size());
    return n;
}

// Semantic.DeepEqual of the subsets, with the targets' resourceVersions ignored since v1.24
// (endpointSubsetsEqualIgnoreResourceVersion).
bool sameSubsets(std::vector<EndpointSubset> a, std::vector<EndpointSubset> b, bool ignoreVersions)
{
    if (ignoreVersions) {
        for (auto* list : {&a, &b})
            for (auto& s : *list)
                for (auto* addrs : {&s.addresses, &s.notReadyAddresses})
                    for (auto& addr : *addrs)
                        if (addr.targetRef)
                            addr.targetRef->resourceVersion.clear();
    }
    return a == b;
}

} // namespace

EndpointsController::EndpointsController(Simulation& sim)
    : m_sim(sim)
    , m_queue(sim.queue(), [this](const QString& key) { syncService(key); })
{
    m_listener = m_sim.store().addListener(
        [this](const WatchEvent& ev) {
            if (ev.kind == Kind::Pod) {
                onPod(std::get<PodPtr>(ev.object), ev.type == WatchType::Deleted);
            } else if (ev.kind == Kind::Service) {
                const ServicePtr svc = std::get<ServicePtr>(ev.object);
                const QString key = objectKey(svc->metadata.namespace_, svc->metadata.name);
                enqueue(key);
                if (ev.type == WatchType::Deleted) {
                    m_services.erase(key);
                    return;
                }
                ServiceState& s = m_services[key];
                s.service = svc;
                rebuild(s);
            } else if (ev.kind == Kind::Endpoints && ev.type == WatchType::Deleted) {
                const EndpointsPtr ep = std::get<EndpointsPtr>(ev.object);
                enqueue(objectKey(ep->metadata.namespace_, ep->metadata.name)); // onEndpointsDelete
            }
        },
        ObjectStore::kindBit(Kind::Pod) | ObjectStore::kindBit(Kind::Service) | ObjectStore::kindBit(Kind::Endpoints));
}

EndpointsController::~EndpointsController()
{
    m_sim.store().removeListener(m_listener);
}

// endpoints_controller.go syncService + endpointslice utils: candidates and conditions (spec 8).
std::optional<EndpointsController::Endpoint> EndpointsController::endpointFor(const Service& svc, const Pod& pod)
{
    if (!selects(svc, pod))
        return std::nullopt;
    if (pod.status.podIP.isEmpty() || pod.status.phase == QLatin1String("Succeeded")
        || pod.status.phase == QLatin1String("Failed"))
        return std::nullopt;
    Endpoint e;
    e.pod = pod.metadata.name;
    e.ip = pod.status.podIP;
    e.node = pod.spec->nodeName;
    e.serving = pod.isReady();
    e.terminating = pod.metadata.isDeleting();
    e.ready = svc.spec.publishNotReadyAddresses || (e.serving && !e.terminating);
    return e;
}

void EndpointsController::onPod(const PodPtr& pod, bool deleted)
{
    for (auto& [key, s] : m_services) {
        if (s.service->metadata.namespace_ != pod->metadata.namespace_)
            continue;
        // The endpoints controller's queue: the Services that select the pod before or after
        // the change, when it can change their endpoints (GetServicesToUpdateOnPodChange).
        const bool selected = !deleted && selects(*s.service, *pod);
        if (auto was = s.selected.find(pod->metadata.name); was != s.selected.end()) {
            if (!selected || podEndpointsChanged(*was->second, *pod))
                enqueue(key);
            if (selected)
                was->second = pod;
            else
                s.selected.erase(was);
        } else if (selected) {
            s.selected.emplace(pod->metadata.name, pod);
            enqueue(key);
        }
        auto old = s.endpoints.find(pod->metadata.name);
        std::optional<Endpoint> e = deleted ? std::nullopt : endpointFor(*s.service, *pod);
        if (!e && old == s.endpoints.end())
            continue;
        if (e && old != s.endpoints.end() && *e == old->second)
            continue;
        if (e)
            s.endpoints[pod->metadata.name] = *e;
        else
            s.endpoints.erase(old);
        refresh(s);
    }
}

void EndpointsController::rebuild(ServiceState& s)
{
    s.endpoints.clear();
    s.selected.clear();
    for (const auto& [key, pod] : m_sim.store().all<Pod>()) {
        if (selects(*s.service, *pod))
            s.selected.emplace(pod->metadata.name, pod);
        if (auto e = endpointFor(*s.service, *pod))
            s.endpoints[pod->metadata.name] = *e;
    }
    refresh(s);
}

void EndpointsController::enqueue(const QString& key)
{
    if (m_sim.isAutomatic())
        m_queue.add(key, m_sim.now()); // EndpointUpdatesBatchPeriod: 0
}

std::optional<qint32> EndpointsController::findPort(const Pod& pod, const ServicePort& port)
{
    if (!port.targetPort)
        return port.port;
    if (port.targetPort->isInt())
        return port.targetPort->intVal;
    for (const Container& c : pod.spec->containers) {
        for (const ContainerPort& cp : c.ports) {
            if (cp.name == port.targetPort->strVal && protocolOf(cp.protocol) == protocolOf(port.protocol))
                return cp.containerPort;
        }
    }
    return std::nullopt;
}

std::vector<EndpointSubset> EndpointsController::subsetsFor(const Service& svc, const std::vector<PodPtr>& pods)
{
    // addEndpointSubset gives each (pod, port) a subset of its own; RepackSubsets then maps each
    // port to the addresses that offer it (not ready wins over ready), groups the ports by that
    // set, and sorts. Addresses are keyed by IP and uid.
    struct Offer
    {
        EndpointPort port;
        std::map<std::pair<QString, QString>, std::pair<EndpointAddress, bool>> addresses; // -> ready
    };
    std::vector<Offer> offers; // in the order the ports first appear
    const bool headless = svc.spec.clusterIP == QLatin1String("None");
    std::vector<EndpointSubset> portless; // a headless Service without ports: not repacked
    for (const PodPtr& pod : pods) {
        if (!inEndpoints(*pod, svc.spec.publishNotReadyAddresses))
            continue;
        EndpointAddress a;
        a.ip = pod->status.podIP;
        a.nodeName = pod->spec->nodeName;
        a.targetRef = ObjectReference {
            QStringLiteral("Pod"), pod->metadata.namespace_, pod->metadata.name, pod->metadata.uid, {}, {}, {}};
        const QJsonObject& extra = pod->spec->extra;
        const QString hostname = extra.value(QStringLiteral("hostname")).toString();
        if (!hostname.isEmpty() && extra.value(QStringLiteral("subdomain")).toString() == svc.metadata.name)
            a.hostname = hostname; // ShouldSetHostname
        const bool ready = svc.spec.publishNotReadyAddresses || pod->isReady();
        if (svc.spec.ports.empty()) {
            if (headless) {
                EndpointSubset ss;
                (ready ? ss.addresses : ss.notReadyAddresses).push_back(a);
                portless.push_back(std::move(ss));
            }
            continue;
        }
        for (const ServicePort& sp : svc.spec.ports) {
            const auto number = findPort(*pod, sp);
            if (!number)
                continue;
            const EndpointPort ep {sp.name, *number, protocolOf(sp.protocol), std::nullopt}; // no appProtocol modelled
            auto offer = std::find_if(offers.begin(), offers.end(), [&](const Offer& o) { return o.port == ep; });
            if (offer == offers.end()) {
                offers.push_back({ep, {}});
                offer = offers.end() - 1;
            }
            auto [it, fresh] = offer->addresses.try_emplace({a.ip, a.targetRef->uid}, a, ready);
            if (!fresh && it->second.second)
                it->second.second = ready;
        }
    }
    if (svc.spec.ports.empty())
        return portless;
    std::vector<EndpointSubset> out;
    std::vector<const Offer*> grouped;
    for (const Offer& o : offers) {
        auto same = std::find_if(grouped.begin(), grouped.end(), [&](const Offer* g) {
            if (g->addresses.size() != o.addresses.size())
                return false;
            for (auto a = g->addresses.begin(), b = o.addresses.begin(); a != g->addresses.end(); ++a, ++b) {
                if (a->first != b->first || a->second.second != b->second.second)
                    return false;
            }
            return true;
        });
        if (same != grouped.end()) {
            out[std::size_t(same - grouped.begin())].ports.push_back(o.port);
            continue;
        }
        grouped.push_back(&o);
        EndpointSubset ss;
        for (const auto& [key, entry] : o.addresses)
            (entry.second ? ss.addresses : ss.notReadyAddresses).push_back(entry.first);
        ss.ports.push_back(o.port);
        out.push_back(std::move(ss));
    }
    // SortSubsets.
    for (EndpointSubset& ss : out) {
        std::sort(ss.addresses.begin(), ss.addresses.end(), lessAddress);
        std::sort(ss.notReadyAddresses.begin(), ss.notReadyAddresses.end(), lessAddress);
        std::sort(ss.ports.begin(), ss.ports.end(), [](const EndpointPort& a, const EndpointPort& b) {
            return goDumpHash(dumpPort(a, true)) < goDumpHash(dumpPort(b, true));
        });
    }
    std::sort(out.begin(), out.end(), [](const EndpointSubset& a, const EndpointSubset& b) {
        return goDumpHash(dumpSubset(a)) < goDumpHash(dumpSubset(b));
    });
    return out;
}

// TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime: the Service's creation when it is new
// to the tracker, else the earliest trigger that changed since the last sync (a pod's Ready
// condition's lastTransitionTime, the Service's creation), or none.
Millis EndpointsController::lastChangeTriggerTime(
    const QString& key, const Service& svc, const std::vector<PodPtr>& pods)
{
    auto known = m_triggers.find(key);
    const bool wasKnown = known != m_triggers.end();
    TriggerState& state = m_triggers[key];
    Millis minChanged = kNoTime;
    const auto consider = [&](Millis t) {
        if (minChanged == kNoTime || t < minChanged)
            minChanged = t;
    };
    std::map<QString, Millis> podTriggers;
    for (const PodPtr& pod : pods) {
        const PodCondition* ready = pod->status.condition(QStringLiteral("Ready"));
        if (!ready || ready->lastTransitionTime == kNoTime)
            continue;
        const Millis t = ready->lastTransitionTime;
        podTriggers.emplace(pod->metadata.name, t);
        auto last = state.lastPodTriggers.find(pod->metadata.name);
        if (last == state.lastPodTriggers.end() || t > last->second)
            consider(t);
    }
    const Millis serviceTrigger = svc.metadata.creationTimestamp;
    if (serviceTrigger != kNoTime && (state.lastServiceTrigger == kNoTime || serviceTrigger > state.lastServiceTrigger))
        consider(serviceTrigger);
    state.lastPodTriggers = std::move(podTriggers);
    state.lastServiceTrigger = serviceTrigger;
    return wasKnown ? minChanged : serviceTrigger;
}

// endpoints_controller.go syncService.
void EndpointsController::syncService(const QString& key)
{
    if (!m_sim.isAutomatic())
        return;
    ObjectStore& store = m_sim.store();
    const int slash = key.indexOf(QLatin1Char('/'));
    const QString ns = key.left(slash);
    const QString name = key.mid(slash + 1);
    auto it = m_services.find(key);
    if (it == m_services.end()) { // the Service is gone: so are its Endpoints
        store.remove<Endpoints>(ns, name);
        m_triggers.erase(key);
        return;
    }
    const Service& svc = *it->second.service;
    if (svc.spec.type == QLatin1String("ExternalName") || svc.spec.selector.isEmpty())
        return; // no endpoints from this controller
    std::vector<PodPtr> pods;
    pods.reserve(it->second.selected.size());
    for (const auto& [podName, pod] : it->second.selected)
        pods.push_back(pod);
    const int minor = m_sim.profile().minorVersion();
    const Millis trigger = lastChangeTriggerTime(key, svc, pods);
    std::vector<EndpointSubset> subsets = subsetsFor(svc, pods);
    if (minor < kFirstMinorWithoutTargetRefVersion) {
        for (auto& ss : subsets)
            for (auto* addrs : {&ss.addresses, &ss.notReadyAddresses})
                for (auto& a : *addrs)
                    if (const auto& pod = it->second.selected.find(a.targetRef->name); pod != it->second.selected.end())
                        a.targetRef->resourceVersion = pod->second->metadata.resourceVersion;
    }

    const EndpointsPtr current = store.get<Endpoints>(ns, name);
    if (current) {
        Labels compare = current->metadata.labels;
        compare.remove(keys::HeadlessService);
        const bool capacityOk = addressCount(current->subsets) <= kMaxCapacity
            && !current->metadata.annotations.contains(keys::EndpointsOverCapacity);
        if (sameSubsets(current->subsets, subsets, minor >= kFirstMinorWithoutTargetRefVersion)
            && compare == svc.metadata.labels && (capacityOk || minor < kFirstMinorWithOverCapacity))
            return; // "endpoints are equal, skipping update"
    }
    Endpoints n = current ? *current : Endpoints {};
    if (!current) {
        n.metadata.name = name;
        n.metadata.namespace_ = ns;
    }
    n.subsets = std::move(subsets);
    n.metadata.labels = svc.metadata.labels;
    if (trigger != kNoTime && minor >= kFirstMinorWithTriggerTime)
        n.metadata.annotations.insert(keys::EndpointsLastChangeTriggerTime, formatTimestamp(trigger));
    else
        n.metadata.annotations.remove(keys::EndpointsLastChangeTriggerTime);
    if (minor >= kFirstMinorWithOverCapacity) {
        if (truncate(n.subsets))
            n.metadata.annotations.insert(keys::EndpointsOverCapacity, QStringLiteral("truncated"));
        else
            n.metadata.annotations.remove(keys::EndpointsOverCapacity);
    }
    if (svc.spec.clusterIP.isEmpty() || svc.spec.clusterIP == QLatin1String("None")) // !IsServiceIPSet
        n.metadata.labels.insert(keys::HeadlessService, QString());
    else
        n.metadata.labels.remove(keys::HeadlessService);
    if (current) {
        store.update(std::move(n));
        return;
    }
    // The new object's uid comes from a stream of its own (the generator's next state and the
    // key), so that a Service changes no later pod's name.
    Rng uids(m_sim.rng().peekFor(key));
    store.create(std::move(n), name, std::nullopt, &uids);
}

void EndpointsController::refresh(ServiceState& s)
{
    QStringList ready;
    int notReady = 0;
    for (const auto& [name, e] : s.endpoints) {
        if (e.ready)
            ready << name;
        else
            ++notReady;
    }
    const bool changed = ready != s.ready;
    s.ready = std::move(ready);
    const Sample sample {m_sim.now(), int(s.ready.size()), notReady};
    if (!s.history.empty() && s.history.back().time == sample.time)
        s.history.back() = sample;
    else if (changed || s.history.empty() || s.history.back().notReady != notReady)
        s.history.push_back(sample);
}

std::vector<EndpointsController::Endpoint> EndpointsController::endpoints(
    const QString& ns, const QString& service) const
{
    std::vector<Endpoint> out;
    auto it = m_services.find(objectKey(ns, service));
    if (it == m_services.end())
        return out;
    for (const auto& [name, e] : it->second.endpoints)
        out.push_back(e);
    return out;
}

const QStringList& EndpointsController::readyPods(const QString& ns, const QString& service) const
{
    static const QStringList empty;
    auto it = m_services.find(objectKey(ns, service));
    return it == m_services.end() ? empty : it->second.ready;
}

const std::vector<EndpointsController::Sample>& EndpointsController::history(
    const QString& ns, const QString& service) const
{
    static const std::vector<Sample> empty;
    auto it = m_services.find(objectKey(ns, service));
    return it == m_services.end() ? empty : it->second.history;
}

void EndpointsController::resync()
{
    m_queue.clear();
    std::map<QString, ServiceState> old;
    old.swap(m_services);
    for (const auto& [key, svc] : m_sim.store().all<Service>()) {
        ServiceState& s = m_services[key];
        s.service = svc;
        if (auto it = old.find(key); it != old.end()) {
            s.history = std::move(it->second.history);
            while (!s.history.empty() && s.history.back().time > m_sim.now())
                s.history.pop_back();
        }
        rebuild(s);
    }
    if (m_restored) { // a snapshot's restore: the syncs that were waiting, and no others
        m_restored = false;
        if (m_sim.isAutomatic())
            for (const auto& [key, at] : m_restoredPending)
                m_queue.add(key, at);
        m_restoredPending.clear();
        return;
    }
    // A controller that starts syncs every Service, and the Endpoints whose Service is gone
    // (checkLeftoverEndpoints).
    for (const auto& [key, s] : m_services)
        enqueue(key);
    for (const auto& [key, ep] : m_sim.store().all<Endpoints>()) {
        if (!m_services.count(key))
            enqueue(key);
    }
}

} // namespace rl
