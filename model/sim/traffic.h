#pragma once

#include "api/objects.h"
#include "sim/eventqueue.h"
#include "sim/rng.h"

#include <QString>

#include <map>
#include <vector>

namespace rl {

class Simulation;

/// A client that sends requests through a Service at a set rate (requests per simulated second),
/// like the book's `while true; do curl -s http://kiada | grep "Request processed by"; done`.
/// Each request goes to a random pod among those receiving traffic (EndpointsController, spec 8)
/// and is answered by the application simulated for that pod (Kubelet::respond): served with its
/// version, refused (no ready endpoint, or nothing listening yet) or failed with the app's error
/// status. The source has its own seeded generator, so turning traffic on does not change the
/// rest of the simulation.
class TrafficSource
{
public:
    enum class Outcome { Served, ServerError, Refused };
    struct Request
    {
        Millis time = 0;
        Outcome outcome = Outcome::Refused;
        int statusCode = 0;
        QString pod;
        QString version;
        QString body;
        bool operator==(const Request&) const = default;
    };

    TrafficSource(Simulation& sim, const QString& ns, const QString& service, double rate = 10.0, quint64 seed = 1);
    ~TrafficSource();
    TrafficSource(const TrafficSource&) = delete;
    TrafficSource& operator=(const TrafficSource&) = delete;

    double rate() const { return m_rate; }
    /// Requests per simulated second; 0 stops sending.
    void setRate(double perSecond);
    void start();
    void stop();
    bool isRunning() const { return m_running; }

    const std::vector<Request>& requests() const { return m_requests; }
    int sent() const { return int(m_requests.size()); }
    /// Served requests per version text; failures under "" (refused) and "<status>" (e.g. "500").
    std::map<QString, int> countsByVersion() const;

    /// The client loop's output line: the response line for a served request; for failures what
    /// curl prints without -s (`curl -s | grep` prints nothing for them).
    QString formatLine(const Request& r) const;

    /// After a snapshot restore: drops requests later than now and re-arms the next request.
    void resync();

private:
    void fire();
    void arm();

    Simulation& m_sim;
    QString m_ns;
    QString m_service;
    double m_rate;
    Rng m_rng;
    bool m_running = false;
    double m_nextAt = 0;
    EventQueue::Id m_pending = 0;
    std::vector<Request> m_requests;
};

} // namespace rl
