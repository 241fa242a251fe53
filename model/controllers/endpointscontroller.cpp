#include "endpointscontroller.h"

#include "sim/simulation.h"

#include <optional>

namespace rl {

EndpointsController::EndpointsController(Simulation& sim)
    : m_sim(sim)
{
    m_listener = m_sim.store().addListener(
        [this](const WatchEvent& ev) {
            if (ev.kind == Kind::Pod) {
                onPod(std::get<PodPtr>(ev.object), ev.type == WatchType::Deleted);
            } else if (ev.kind == Kind::Service) {
                const ServicePtr svc = std::get<ServicePtr>(ev.object);
                const QString key = objectKey(svc->metadata.namespace_, svc->metadata.name);
                if (ev.type == WatchType::Deleted) {
                    m_services.erase(key);
                    return;
                }
                ServiceState& s = m_services[key];
                s.service = svc;
                rebuild(s);
            }
        },
        ObjectStore::kindBit(Kind::Pod) | ObjectStore::kindBit(Kind::Service));
}

EndpointsController::~EndpointsController()
{
    m_sim.store().removeListener(m_listener);
}

// endpoints_controller.go syncService + endpointslice utils: candidates and conditions (spec 8).
std::optional<EndpointsController::Endpoint> EndpointsController::endpointFor(const Service& svc, const Pod& pod)
{
    if (svc.spec.selector.isEmpty() || pod.metadata.namespace_ != svc.metadata.namespace_)
        return std::nullopt;
    for (auto it = svc.spec.selector.cbegin(); it != svc.spec.selector.cend(); ++it) {
        auto found = pod.metadata.labels.constFind(it.key());
        if (found == pod.metadata.labels.cend() || found.value() != it.value())
            return std::nullopt;
    }
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
    for (const auto& [key, pod] : m_sim.store().all<Pod>()) {
        if (auto e = endpointFor(*s.service, *pod))
            s.endpoints[pod->metadata.name] = *e;
    }
    refresh(s);
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

// kubectl get endpoints (printers formatEndpoints): "ip:port" pairs, at most 3, then " + N more...".
QString EndpointsController::endpointsColumn(const QString& ns, const QString& service) const
{
    auto it = m_services.find(objectKey(ns, service));
    if (it == m_services.end())
        return QStringLiteral("<none>");
    const ServiceState& s = it->second;
    QStringList ports;
    for (const auto& p : s.service->spec.ports) {
        if (p.targetPort && p.targetPort->isInt())
            ports << QString::number(p.targetPort->intVal);
        else if (!p.targetPort)
            ports << QString::number(p.port);
        else
            ports << QString::number(p.port); // named port: resolved from the container, not modelled
    }
    if (ports.isEmpty())
        ports << QString();
    QStringList list;
    int total = 0;
    for (const auto& port : ports) {
        for (const auto& name : s.ready) {
            ++total;
            if (list.size() < 3)
                list << s.endpoints.at(name).ip + (port.isEmpty() ? QString() : QLatin1Char(':') + port);
        }
    }
    if (list.isEmpty())
        return QStringLiteral("<none>");
    QString out = list.join(QLatin1Char(','));
    if (total > 3)
        out += QStringLiteral(" + %1 more...").arg(total - 3);
    return out;
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
}

} // namespace rl
