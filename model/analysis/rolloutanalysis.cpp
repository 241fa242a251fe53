#include "analysis/rolloutanalysis.h"

#include "analysis/versionorder.h"
#include "api/json.h"
#include "controllers/deploymentutil.h"
#include "controllers/rolloutmath.h"
#include "kubectl/rollout.h"

#include <algorithm>

namespace rl {

namespace {

const QString kReplicaSetKind = QStringLiteral("ReplicaSet");
const QString kDeploymentKind = QStringLiteral("Deployment");

/// Waiting reasons that are errors, not progress (kubelet: images.go, kuberuntime_manager.go).
bool isErrorWaitingReason(const QString& r)
{
    return !r.isEmpty() && r != QLatin1String("ContainerCreating") && r != QLatin1String("PodInitializing");
}

PodPhaseState stateOf(const Pod& p, qint32 minReady, Millis t, bool wasReady)
{
    if (p.metadata.isDeleting())
        return PodPhaseState::Terminating;
    if (p.status.phase == QLatin1String("Succeeded") || p.status.phase == QLatin1String("Failed"))
        return PodPhaseState::Finished;
    if (p.isReady())
        return p.isAvailable(minReady, t) ? PodPhaseState::Available : PodPhaseState::Ready;
    bool running = false;
    for (const auto& cs : p.status.containerStatuses) {
        if (cs.state.kind == ContainerState::Kind::Waiting && isErrorWaitingReason(cs.state.reason))
            return PodPhaseState::Failing;
        if (cs.state.kind == ContainerState::Kind::Running)
            running = true;
    }
    if (wasReady)
        return PodPhaseState::NotReady;
    if (p.spec->nodeName.isEmpty())
        return PodPhaseState::Pending;
    return running ? PodPhaseState::Running : PodPhaseState::Creating;
}

QString imageOf(const PodTemplateSpec& t)
{
    return t.spec.containers.empty() ? QString() : t.spec.containers.front().image;
}

} // namespace

QString markerKindName(RolloutMarkerKind k)
{
    switch (k) {
    case RolloutMarkerKind::Created:
        return QStringLiteral("created");
    case RolloutMarkerKind::Update:
        return QStringLiteral("update");
    case RolloutMarkerKind::Rollback:
        return QStringLiteral("rollback");
    case RolloutMarkerKind::Paused:
        return QStringLiteral("paused");
    case RolloutMarkerKind::Resumed:
        return QStringLiteral("resumed");
    case RolloutMarkerKind::Scaled:
        return QStringLiteral("scaled");
    case RolloutMarkerKind::DeadlineExceeded:
        return QStringLiteral("deadline-exceeded");
    case RolloutMarkerKind::Complete:
        return QStringLiteral("complete");
    }
    return {};
}

QString podStateName(PodPhaseState s)
{
    switch (s) {
    case PodPhaseState::Pending:
        return QStringLiteral("Pending");
    case PodPhaseState::Creating:
        return QStringLiteral("Creating");
    case PodPhaseState::Running:
        return QStringLiteral("Running");
    case PodPhaseState::Ready:
        return QStringLiteral("Ready");
    case PodPhaseState::Available:
        return QStringLiteral("Available");
    case PodPhaseState::NotReady:
        return QStringLiteral("NotReady");
    case PodPhaseState::Failing:
        return QStringLiteral("Failing");
    case PodPhaseState::Terminating:
        return QStringLiteral("Terminating");
    case PodPhaseState::Finished:
        return QStringLiteral("Finished");
    }
    return {};
}

bool AvailabilitySample::sameValues(const AvailabilitySample& o) const
{
    return total == o.total && ready == o.ready && available == o.available && updated == o.updated && old == o.old
        && terminating == o.terminating && desired == o.desired && floor == o.floor && ceiling == o.ceiling
        && rollingUpdate == o.rollingUpdate;
}

RolloutAnalysis::RolloutAnalysis(const QString& ns, const QString& name)
{
    setDeployment(ns, name);
}

void RolloutAnalysis::setDeployment(const QString& ns, const QString& name)
{
    m_ns = ns.isEmpty() ? QStringLiteral("default") : ns;
    m_name = name;
    m_follow = name.isEmpty();
    reset();
}

void RolloutAnalysis::reset()
{
    if (m_follow)
        m_name.clear();
    m_processed = 0;
    m_lastObject = nullptr;
    m_now = 0;
    ++m_revision;
    m_deployment.reset();
    m_rolloutPending = false;
    m_newRs.clear();
    m_rs.clear();
    m_pods.clear();
    m_pending = {};
    m_total = m_ready = m_available = m_terminating = 0;
    m_samples.clear();
    m_markers.clear();
    m_bars.clear();
    m_barIndex.clear();
}

const void* RolloutAnalysis::identity(const ObjectPtr& p)
{
    return std::visit([](const auto& ptr) -> const void* { return ptr.get(); }, p);
}

void RolloutAnalysis::update(const std::vector<WatchEvent>& history, Millis now)
{
    // The same history continues when the last event we consumed is still there, unchanged.
    // Time going backwards (a restore into the same simulation) also starts over: samples were
    // already emitted up to the old `now`.
    if (m_processed > history.size() || now < m_now
        || (m_processed > 0 && identity(history[m_processed - 1].object) != m_lastObject))
        reset();
    const std::size_t before = m_processed;
    for (; m_processed < history.size(); ++m_processed) {
        const WatchEvent& e = history[m_processed];
        flushPending(e.time, false);
        apply(e);
    }
    if (m_processed > 0)
        m_lastObject = identity(history[m_processed - 1].object);
    flushPending(now, true);
    if (before != m_processed || now != m_now)
        ++m_revision;
    m_now = now;
}

void RolloutAnalysis::flushPending(Millis upTo, bool inclusive)
{
    while (!m_pending.empty() && (m_pending.top().at < upTo || (inclusive && m_pending.top().at == upTo))) {
        const Pending p = m_pending.top();
        m_pending.pop();
        auto it = m_pods.find(p.podKey);
        if (it == m_pods.end())
            continue;
        refreshPod(p.podKey, it->second, p.at);
        emitSample(p.at);
    }
}

bool RolloutAnalysis::owns(const ReplicaSet& rs) const
{
    if (rs.metadata.namespace_ != m_ns || m_name.isEmpty())
        return false;
    const OwnerReference* ref = rs.metadata.controllerRef();
    return ref && ref->kind == kDeploymentKind && ref->name == m_name;
}

void RolloutAnalysis::apply(const WatchEvent& e)
{
    switch (e.kind) {
    case Kind::Deployment:
        onDeployment(e, std::get<DeploymentPtr>(e.object));
        break;
    case Kind::ReplicaSet:
        onReplicaSet(e, std::get<ReplicaSetPtr>(e.object));
        break;
    case Kind::Pod:
        onPod(e, std::get<PodPtr>(e.object));
        break;
    case Kind::Service:
    case Kind::Event:
    case Kind::Endpoints:
        break;
    }
}

void RolloutAnalysis::onDeployment(const WatchEvent& e, const DeploymentPtr& d)
{
    if (d->metadata.namespace_ != m_ns)
        return;
    if (m_name.isEmpty() && m_follow && e.type == WatchType::Added)
        m_name = d->metadata.name;
    if (d->metadata.name != m_name)
        return;
    const DeploymentPtr prev = m_deployment;
    auto mark = [&](RolloutMarkerKind k, const QString& detail) {
        m_markers.push_back(RolloutMarker {e.time, k, detail});
    };
    if (e.type == WatchType::Deleted) {
        m_deployment.reset();
        m_rolloutPending = false;
        findNewReplicaSet();
        emitSample(e.time);
        return;
    }
    m_deployment = d;
    if (!prev) {
        mark(RolloutMarkerKind::Created, imageOf(d->spec.template_));
    } else {
        if (!(prev->spec.template_ == d->spec.template_)) {
            // A template equal to an existing old ReplicaSet's: the rollout goes back to it.
            ReplicaSetPtr target;
            for (const auto& [name, info] : m_rs) {
                if (name != m_newRs && equalIgnoreHash(info.rs->spec.template_, d->spec.template_)
                    && (!target || deploymentutil::olderFirst(info.rs, target)))
                    target = info.rs;
            }
            if (target)
                mark(RolloutMarkerKind::Rollback,
                    QStringLiteral("revision %1").arg(deploymentutil::revision(*target).value_or(0)));
            else
                mark(RolloutMarkerKind::Update, imageOf(d->spec.template_));
        }
        if (prev->spec.paused != d->spec.paused)
            mark(d->spec.paused ? RolloutMarkerKind::Paused : RolloutMarkerKind::Resumed, {});
        const qint32 before = rollout::desiredReplicas(prev->spec);
        const qint32 after = rollout::desiredReplicas(d->spec);
        if (before != after)
            mark(RolloutMarkerKind::Scaled, QStringLiteral("%1 → %2").arg(before).arg(after));
        const Condition* pc = prev->status.condition(deploymentutil::kProgressing);
        const Condition* nc = d->status.condition(deploymentutil::kProgressing);
        const auto deadline = QLatin1String("ProgressDeadlineExceeded");
        if (nc && nc->reason == deadline && !(pc && pc->reason == deadline))
            mark(RolloutMarkerKind::DeadlineExceeded, nc->message);
    }
    // A rollout (creation, update, rollback) is complete at the first Deployment event for which
    // `kubectl rollout status` prints "successfully rolled out" (it evaluates every ADDED/MODIFIED
    // event, spec 7.2). Pausing or scaling also make the status "waiting" for a moment; they
    // start no rollout and get no completion marker.
    if (!m_markers.empty()) {
        const RolloutMarkerKind k = m_markers.back().kind;
        if (m_markers.back().time == e.time
            && (k == RolloutMarkerKind::Created || k == RolloutMarkerKind::Update || k == RolloutMarkerKind::Rollback))
            m_rolloutPending = true;
    }
    if (m_rolloutPending && deploymentRolloutStatus(*d).done) {
        mark(RolloutMarkerKind::Complete, QStringLiteral("deployment \"%1\" successfully rolled out").arg(m_name));
        m_rolloutPending = false;
    }
    if (!prev || !(prev->spec.template_ == d->spec.template_))
        findNewReplicaSet();
    emitSample(e.time);
}

void RolloutAnalysis::findNewReplicaSet()
{
    // deploymentutil.FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's.
    QString found;
    ReplicaSetPtr best;
    if (m_deployment) {
        for (const auto& [name, info] : m_rs) {
            if (equalIgnoreHash(info.rs->spec.template_, m_deployment->spec.template_)
                && (!best || deploymentutil::olderFirst(info.rs, best))) {
                best = info.rs;
                found = name;
            }
        }
    }
    m_newRs = found;
}

void RolloutAnalysis::onReplicaSet(const WatchEvent& e, const ReplicaSetPtr& rs)
{
    const QString& name = rs->metadata.name;
    auto it = m_rs.find(name);
    if (e.type == WatchType::Deleted) {
        if (it != m_rs.end()) {
            m_rs.erase(it);
            if (name == m_newRs)
                findNewReplicaSet();
            emitSample(e.time);
        }
        return;
    }
    if (it == m_rs.end()) {
        if (!owns(*rs))
            return;
        RsInfo info;
        info.rs = rs;
        info.minReadySeconds = rs->spec.minReadySeconds;
        m_rs.emplace(name, std::move(info));
        findNewReplicaSet();
        emitSample(e.time);
        return;
    }
    RsInfo& info = it->second;
    info.rs = rs;
    if (info.minReadySeconds != rs->spec.minReadySeconds) {
        info.minReadySeconds = rs->spec.minReadySeconds;
        // Rare (the Deployment's minReadySeconds changed): one pass over the pods.
        for (auto& [key, pod] : m_pods)
            if (pod.rs == name)
                refreshPod(key, pod, e.time);
        emitSample(e.time);
    }
}

void RolloutAnalysis::onPod(const WatchEvent& e, const PodPtr& pod)
{
    const QString key = objectKey(pod->metadata.namespace_, pod->metadata.name);
    auto it = m_pods.find(key);
    if (it == m_pods.end()) {
        if (e.type == WatchType::Deleted || pod->metadata.namespace_ != m_ns)
            return;
        const OwnerReference* ref = pod->metadata.controllerRef();
        if (!ref || ref->kind != kReplicaSetKind)
            return;
        auto rsIt = m_rs.find(ref->name);
        if (rsIt == m_rs.end())
            return;
        PodInfo info;
        info.rs = ref->name;
        info.bar = int(m_bars.size());
        PodBar bar;
        bar.ns = pod->metadata.namespace_;
        bar.name = pod->metadata.name;
        bar.replicaSet = ref->name;
        bar.versionIndex = versionIndex(*rsIt->second.rs);
        bar.revision = firstRevision(*rsIt->second.rs);
        bar.image = pod->spec->containers.empty() ? QString() : pod->spec->containers.front().image;
        bar.created = e.time;
        bar.creationTimestamp = pod->metadata.creationTimestamp;
        m_bars.push_back(std::move(bar));
        m_barIndex[key] = info.bar;
        it = m_pods.emplace(key, std::move(info)).first;
    }
    PodInfo& info = it->second;
    if (e.type == WatchType::Deleted) {
        info.pod = pod;
        // Remove the pod's contribution.
        const Contribution old = info.c;
        m_total -= old.active;
        m_ready -= old.ready;
        m_available -= old.available;
        m_terminating -= old.terminating;
        if (auto rsIt = m_rs.find(info.rs); rsIt != m_rs.end())
            rsIt->second.active -= old.active;
        PodBar& bar = m_bars[std::size_t(info.bar)];
        bar.gone = e.time;
        m_pods.erase(it);
        emitSample(e.time);
        return;
    }
    info.pod = pod;
    refreshPod(key, info, e.time);
    emitSample(e.time);
}

void RolloutAnalysis::refreshPod(const QString& key, PodInfo& info, Millis t)
{
    const Pod& p = *info.pod;
    qint32 minReady = 0;
    auto rsIt = m_rs.find(info.rs);
    if (rsIt != m_rs.end())
        minReady = rsIt->second.minReadySeconds;

    Contribution c;
    c.terminating = p.metadata.isDeleting();
    c.active = p.isActive();
    c.ready = c.active && p.isReady();
    c.available = c.active && p.isAvailable(minReady, t);
    const Contribution old = info.c;
    m_total += int(c.active) - int(old.active);
    m_ready += int(c.ready) - int(old.ready);
    m_available += int(c.available) - int(old.available);
    m_terminating += int(c.terminating) - int(old.terminating);
    if (rsIt != m_rs.end())
        rsIt->second.active += int(c.active) - int(old.active);
    info.c = c;

    if (c.active && p.isReady() && !c.available) {
        const Millis since = p.readySince();
        if (since != kNoTime)
            m_pending.push(Pending {std::max(t + 1, since + Millis(minReady) * 1000 + 1), key});
    }

    PodBar& bar = m_bars[std::size_t(info.bar)];
    const PodPhaseState s = stateOf(p, minReady, t, info.wasReady);
    if (p.isReady())
        info.wasReady = true;
    if (bar.segments.empty() || bar.segments.back().state != s) {
        if (!bar.segments.empty() && bar.segments.back().start == t)
            bar.segments.back().state = s;
        else
            bar.segments.push_back(PodSegment {t, s});
    }
    if (bar.scheduled == kNoTime && !p.spec->nodeName.isEmpty())
        bar.scheduled = t;
    if (bar.firstReady == kNoTime && p.isReady())
        bar.firstReady = t;
    if (bar.firstAvailable == kNoTime && c.available)
        bar.firstAvailable = t;
    if (bar.terminating == kNoTime && c.terminating)
        bar.terminating = t;
}

void RolloutAnalysis::emitSample(Millis t)
{
    AvailabilitySample s;
    s.time = t;
    s.total = m_total;
    s.ready = m_ready;
    s.available = m_available;
    s.terminating = m_terminating;
    if (!m_newRs.isEmpty()) {
        auto it = m_rs.find(m_newRs);
        s.updated = it == m_rs.end() ? 0 : it->second.active;
    }
    s.old = m_total - s.updated;
    if (m_deployment) {
        const DeploymentSpec& spec = m_deployment->spec;
        s.desired = rollout::desiredReplicas(spec);
        s.rollingUpdate = rollout::isRollingUpdate(spec);
        if (s.rollingUpdate) {
            s.floor = s.desired - rollout::maxUnavailable(spec);
            s.ceiling = s.desired + rollout::maxSurge(spec);
        } else {
            s.floor = 0;
            s.ceiling = s.desired;
        }
    }
    if (!m_samples.empty()) {
        AvailabilitySample& last = m_samples.back();
        if (last.sameValues(s))
            return;
        if (last.time == t) {
            last = s;
            // Merging may make it equal to the one before: drop the redundant sample.
            if (m_samples.size() > 1 && m_samples[m_samples.size() - 2].sameValues(s))
                m_samples.pop_back();
            return;
        }
    } else if (!m_deployment && m_total == 0 && m_terminating == 0) {
        return;
    }
    m_samples.push_back(s);
}

AvailabilitySample RolloutAnalysis::at(Millis t) const
{
    auto it = std::upper_bound(
        m_samples.begin(), m_samples.end(), t, [](Millis v, const AvailabilitySample& s) { return v < s.time; });
    if (it == m_samples.begin()) {
        AvailabilitySample zero;
        zero.time = t;
        return zero;
    }
    return *(it - 1);
}

int RolloutAnalysis::newVersionIndex() const
{
    auto it = m_rs.find(m_newRs);
    return it == m_rs.end() ? -1 : versionIndex(*it->second.rs);
}

int RolloutAnalysis::podIndex(const QString& ns, const QString& name) const
{
    auto it = m_barIndex.find(objectKey(ns, name));
    return it == m_barIndex.end() ? -1 : it->second;
}

} // namespace rl
