#include "traffic.h"

#include "controllers/endpointscontroller.h"
#include "controllers/kubelet.h"
#include "sim/simulation.h"

#include <cmath>

namespace rl {

TrafficSource::TrafficSource(Simulation& sim, const QString& ns, const QString& service, double rate, quint64 seed)
    : m_sim(sim)
    , m_ns(ns)
    , m_service(service)
    , m_rate(rate)
    , m_rng(seed)
{ }

TrafficSource::~TrafficSource()
{
    stop();
}

void TrafficSource::setRate(double perSecond)
{
    m_rate = std::max(0.0, perSecond);
    if (m_running) {
        stop();
        start();
    }
}

void TrafficSource::start()
{
    if (m_running)
        return;
    m_running = true;
    m_nextAt = double(m_sim.now());
    arm();
}

void TrafficSource::stop()
{
    m_running = false;
    if (m_pending)
        m_sim.queue().cancel(m_pending);
    m_pending = 0;
}

void TrafficSource::arm()
{
    m_pending = 0;
    if (!m_running || m_rate <= 0)
        return;
    m_nextAt += 1000.0 / m_rate;
    m_pending = m_sim.queue().scheduleAt(Millis(std::llround(m_nextAt)), [this] { fire(); });
}

void TrafficSource::fire()
{
    m_pending = 0;
    Request r;
    r.time = m_sim.now();
    const QStringList& pods = m_sim.endpointsController().readyPods(m_ns, m_service);
    if (!pods.isEmpty()) {
        r.pod = pods.at(int(m_rng.below(quint64(pods.size()))));
        const Kubelet::Response resp = m_sim.kubelet().respond(m_ns, r.pod);
        r.statusCode = resp.statusCode;
        r.version = resp.version;
        r.body = resp.body;
        if (resp.statusCode == 0)
            r.outcome = Outcome::Refused;
        else if (resp.statusCode >= 200 && resp.statusCode < 400)
            r.outcome = Outcome::Served;
        else
            r.outcome = Outcome::ServerError;
    }
    m_requests.push_back(std::move(r));
    arm();
}

std::map<QString, int> TrafficSource::countsByVersion() const
{
    std::map<QString, int> out;
    for (const auto& r : m_requests) {
        switch (r.outcome) {
        case Outcome::Served:
            ++out[r.version];
            break;
        case Outcome::ServerError:
            ++out[QString::number(r.statusCode)];
            break;
        case Outcome::Refused:
            ++out[QString()];
            break;
        }
    }
    return out;
}

QString TrafficSource::formatLine(const Request& r) const
{
    switch (r.outcome) {
    case Outcome::Served:
        return r.body;
    case Outcome::ServerError:
        return QStringLiteral("HTTP/1.1 %1 %2")
            .arg(r.statusCode)
            .arg(r.statusCode == 500 ? QStringLiteral("Internal Server Error") : QStringLiteral("Error"));
    case Outcome::Refused:
        break;
    }
    // curl 8 (curlimages/curl) without -s, ClusterIP with no ready endpoint: the connection is rejected.
    int port = 80;
    if (auto svc = m_sim.store().get<Service>(m_ns, m_service); svc && !svc->spec.ports.empty())
        port = svc->spec.ports.front().port;
    return QStringLiteral("curl: (7) Failed to connect to %1 port %2 after 0 ms: Couldn't connect to server")
        .arg(m_service)
        .arg(port);
}

void TrafficSource::resync()
{
    while (!m_requests.empty() && m_requests.back().time > m_sim.now())
        m_requests.pop_back();
    m_pending = 0; // the queue was reset by the restore
    if (m_running) {
        m_nextAt = double(m_sim.now());
        arm();
    }
}

} // namespace rl
