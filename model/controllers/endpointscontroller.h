#pragma once

#include "api/objects.h"
#include "controllers/workqueue.h"

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
///
/// It is also kube-controller-manager's endpoints controller (endpoints_controller.go): for
/// every Service with a selector it writes the v1 Endpoints object of the same name, through a
/// work queue that syncs a Service after each change of its pods that can change its endpoints
/// (podEndpointsChanged), of the Service, or a deletion of its Endpoints; and deletes the object
/// with the Service.
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
    const std::vector<Sample>& history(const QString& ns, const QString& service) const;

    /// Rebuilds every Service's endpoints from the store (after setAutomatic(true) or a snapshot
    /// restore) and drops history samples later than now.
    void resync();

    /// The subsets the controller writes for `svc` given the pods its selector selects
    /// (syncService: ShouldPodBeInEndpoints, FindPort for each Service port, then RepackSubsets:
    /// one subset per set of addresses with the same ports, addresses sorted by IP and uid, ports
    /// and subsets by the MD5 of their Go dump).
    static std::vector<EndpointSubset> subsetsFor(const Service& svc, const std::vector<PodPtr>& pods);
    /// podutil.FindPort: the container port a Service port's targetPort names in `pod` (a number
    /// as it is; a name looked up among the containers' ports with the same protocol).
    static std::optional<qint32> findPort(const Pod& pod, const ServicePort& port);

    /// The trigger-time tracker's memory of each Service (TriggerTimeTracker): what a snapshot
    /// keeps so that a replay annotates the same times.
    struct TriggerState
    {
        Millis lastServiceTrigger = kNoTime;
        std::map<QString, Millis> lastPodTriggers; // pod name -> Ready condition's lastTransitionTime
        bool operator==(const TriggerState&) const = default;
    };
    /// What a snapshot keeps: the trigger times, and the syncs that wait in the work queue (the
    /// queue itself is reset by a restore), so that a replay writes the same Endpoints.
    struct State
    {
        std::map<QString, TriggerState> triggers; // objectKey(ns, service)
        std::vector<std::pair<QString, Millis>> pending;
    };
    State state() const { return {m_triggers, m_queue.pending()}; }
    /// Takes `s`. With `resyncNext`, the next resync() (the restore's) queues only the syncs that
    /// were waiting; without it (a snapshot taken with automation off) every later resync() is a
    /// full one.
    void restoreState(const State& s, bool resyncNext)
    {
        m_triggers = s.triggers;
        m_restoredPending = s.pending;
        m_restored = resyncNext;
    }

private:
    struct ServiceState
    {
        ServicePtr service;
        std::map<QString, Endpoint> endpoints; // pod name -> endpoint
        QStringList ready; // cache, sorted
        std::vector<Sample> history;
        std::map<QString, PodPtr> selected; // pod name -> every pod the selector selects
    };
    void onPod(const PodPtr& pod, bool deleted);
    void rebuild(ServiceState& s);
    void refresh(ServiceState& s);
    void enqueue(const QString& key);
    void syncService(const QString& key);
    Millis lastChangeTriggerTime(const QString& key, const Service& svc, const std::vector<PodPtr>& pods);

    Simulation& m_sim;
    int m_listener = 0;
    std::map<QString, ServiceState> m_services; // objectKey(ns, name)
    std::map<QString, TriggerState> m_triggers;
    WorkQueue m_queue;
    std::vector<std::pair<QString, Millis>> m_restoredPending;
    bool m_restored = false;
};

} // namespace rl
