#include "podgrid/podstate.h"

#include "kubectl/printers.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace rl {

QString podVisualStateName(PodVisualState s)
{
    switch (s) {
    case PodVisualState::Pending:
        return QCoreApplication::translate("rl::PodState", "Pending");
    case PodVisualState::Pulling:
        return QCoreApplication::translate("rl::PodState", "Pulling image");
    case PodVisualState::Creating:
        return QCoreApplication::translate("rl::PodState", "Creating");
    case PodVisualState::Running:
        return QCoreApplication::translate("rl::PodState", "Running, not ready");
    case PodVisualState::Ready:
        return QCoreApplication::translate("rl::PodState", "Ready (minReadySeconds running)");
    case PodVisualState::Available:
        return QCoreApplication::translate("rl::PodState", "Available");
    case PodVisualState::Terminating:
        return QCoreApplication::translate("rl::PodState", "Terminating");
    case PodVisualState::Failed:
        return QCoreApplication::translate("rl::PodState", "Failed");
    }
    return {};
}

namespace {
bool isImageEvent(const QString& reason)
{
    return reason == QLatin1String("Pulling") || reason == QLatin1String("Pulled") || reason == QLatin1String("Failed")
        || reason == QLatin1String("BackOff") || reason == QLatin1String("Created")
        || reason == QLatin1String("Started");
}
} // namespace

void PodEventIndex::rebuild(const ObjectStore::Listing<Event>& events, quint64 storeResourceVersion)
{
    if (storeResourceVersion == m_builtAt && events.size() == m_builtCount && storeResourceVersion != 0)
        return;
    m_builtAt = storeResourceVersion;
    m_builtCount = events.size();
    m_latest.clear();
    for (const auto& [key, e] : events) {
        if (e->involvedObject->kind != QLatin1String("Pod") || e->emitter->sourceComponent != QLatin1String("kubelet")
            || !isImageEvent(e->reason))
            continue;
        const Millis t = e->lastTimestamp != kNoTime ? e->lastTimestamp : e->firstTimestamp;
        const quint64 rv = e->metadata.resourceVersion.toULongLong();
        Latest& l = m_latest[e->involvedObject->uid];
        if (l.reason.isEmpty() || t > l.time || (t == l.time && rv > l.rv))
            l = {t, rv, e->reason};
    }
}

QString PodEventIndex::latestReason(const QString& podUid) const
{
    auto it = m_latest.constFind(podUid);
    return it == m_latest.cend() ? QString() : it->reason;
}

void PodEventIndex::clear()
{
    m_latest.clear();
    m_builtAt = 0;
    m_builtCount = 0;
}

PodStateInfo classifyPod(const Pod& pod, qint32 minReadySeconds, Millis now, bool pulling)
{
    PodStateInfo info;
    if (pod.metadata.isDeleting()) {
        // The API server sets deletionTimestamp = time of the delete + grace period.
        info.state = PodVisualState::Terminating;
        info.reason = QStringLiteral("Terminating");
        const qint64 grace = pod.metadata.deletionGracePeriodSeconds.value_or(0);
        const Millis left = std::max<Millis>(0, pod.metadata.deletionTimestamp - now);
        info.graceSecondsLeft = (left + 999) / 1000;
        info.graceLeft = grace > 0 ? std::clamp(double(left) / double(grace * 1000), 0.0, 1.0) : 0.0;
        return info;
    }
    // kubectl get pods' STATUS column (printPod) is the reason we show.
    const QString status = podStatusText(pod);
    info.reason = status;
    const QString& phase = pod.status.phase;
    if (phase == QLatin1String("Failed") || phase == QLatin1String("Succeeded")) {
        info.state = PodVisualState::Failed;
        return info;
    }
    if (status == QLatin1String("Pending") || (phase.isEmpty() && status.isEmpty())) {
        info.state = PodVisualState::Pending;
        if (info.reason.isEmpty())
            info.reason = QStringLiteral("Pending");
        return info;
    }
    if (status == QLatin1String("ContainerCreating") || status == QLatin1String("PodInitializing")
        || (status.startsWith(QLatin1String("Init:")) && status.size() > 5 && status.at(5).isDigit())) {
        info.state = pulling ? PodVisualState::Pulling : PodVisualState::Creating;
        return info;
    }
    if (status != QLatin1String("Running") && status != QLatin1String("NotReady")) {
        // A container waits with an error reason (ErrImagePull, ImagePullBackOff,
        // CrashLoopBackOff, CreateContainerConfigError, ...) or has terminated (Error, Completed,
        // OOMKilled, ExitCode:N) and waits for its restart.
        info.state = PodVisualState::Failed;
        return info;
    }
    if (!pod.isReady()) {
        info.state = PodVisualState::Running;
        return info;
    }
    if (pod.isAvailable(minReadySeconds, now)) {
        info.state = PodVisualState::Available;
        info.readyProgress = 1.0;
        return info;
    }
    info.state = PodVisualState::Ready;
    const Millis since = pod.readySince();
    if (since != kNoTime && minReadySeconds > 0)
        info.readyProgress = std::clamp(double(now - since) / (double(minReadySeconds) * 1000.0), 0.0, 1.0);
    return info;
}

PodStateInfo advancePodState(const PodStateInfo& before, const Pod& pod, qint32 minReadySeconds, Millis now)
{
    PodStateInfo info = before;
    if (before.state == PodVisualState::Terminating) {
        const qint64 grace = pod.metadata.deletionGracePeriodSeconds.value_or(0);
        const Millis left = std::max<Millis>(0, pod.metadata.deletionTimestamp - now);
        info.graceSecondsLeft = (left + 999) / 1000;
        info.graceLeft = grace > 0 ? std::clamp(double(left) / double(grace * 1000), 0.0, 1.0) : 0.0;
    } else if (before.state == PodVisualState::Ready) {
        if (pod.isAvailable(minReadySeconds, now)) {
            info.state = PodVisualState::Available;
            info.readyProgress = 1.0;
        } else {
            const Millis since = pod.readySince();
            info.readyProgress = since != kNoTime && minReadySeconds > 0
                ? std::clamp(double(now - since) / (double(minReadySeconds) * 1000.0), 0.0, 1.0)
                : 0.0;
        }
    }
    return info;
}

} // namespace rl
