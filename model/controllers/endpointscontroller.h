#pragma once

#include "api/objects.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace rl {

class Simulation;

/// Which pods stand behind each Service (spec section 8), kept up to date from pod and Service
/// watch events. It mirrors what the endpoints/EndpointSlice controllers and kube-proxy make of
/// the pods: a pod receives traffic iff it is Ready and not terminating (or, with
/// publishNotReadyAddresses, iff it has an IP and is not terminated). The model changes at once,
/// without the ~1 s propagation of a real cluster. Each change is also appended to a per-Service
/// history so that views can chart it.
class EndpointsController
{
public:
    explicit EndpointsController(Simulation& sim);
    ~EndpointsController();
    EndpointsController(const EndpointsController&) = delete;
    EndpointsController& operator=(const EndpointsController&) = delete;

    /// One pod behind a Service, with EndpointSlice conditions.
    struct Endpoint
    {
        QString pod;
        QString ip;
        QString node;
        bool ready = false; // receives new connections
        bool serving = false; // pod Ready condition
        bool terminating = false; // deletionTimestamp set
        bool operator==(const Endpoint&) const = default;
    };
    /// Receiving-pod count after each change.
    struct Sample
    {
        Millis time = 0;
        int ready = 0;
        int notReady = 0;
        bool operator==(const Sample&) const = default;
    };

    /// `pod` as an endpoint of `svc` (endpoints_controller.go / endpointslice utils): it matches the
    /// selector, has an IP and is not Succeeded or Failed; nothing otherwise.
    static std::optional<Endpoint> endpointFor(const Service& svc, const Pod& pod);
    /// Every candidate pod (matches the selector, has an IP, not Succeeded/Failed), sorted by name.
    std::vector<Endpoint> endpoints(const QString& ns, const QString& service) const;
    /// Names of the pods that receive traffic now, sorted.
    const QStringList& readyPods(const QString& ns, const QString& service) const;
    /// `kubectl get endpoints` ENDPOINTS column: "10.244.1.2:8080,10.244.2.3:8080 + 1 more...", "<none>".
    QString endpointsColumn(const QString& ns, const QString& service) const;
    const std::vector<Sample>& history(const QString& ns, const QString& service) const;

    /// Rebuilds every Service's endpoints from the store (after setAutomatic(true) or a snapshot
    /// restore) and drops history samples later than now.
    void resync();

private:
    struct ServiceState
    {
        ServicePtr service;
        std::map<QString, Endpoint> endpoints; // pod name -> endpoint
        QStringList ready; // cache, sorted
        std::vector<Sample> history;
    };
    void onPod(const PodPtr& pod, bool deleted);
    void rebuild(ServiceState& s);
    void refresh(ServiceState& s);

    Simulation& m_sim;
    int m_listener = 0;
    std::map<QString, ServiceState> m_services; // objectKey(ns, name)
};

} // namespace rl
