#include "analysis/comparison.h"

#include "kubectl/rollout.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <algorithm>

namespace rl {

ComparisonRun::ComparisonRun(const ComparisonSetup& setup, const ComparisonVariant& variant)
    : m_setup(setup)
    , m_variant(variant)
    , m_sim(std::make_unique<Simulation>(setup.seed))
    , m_analysis(setup.ns, setup.deployment)
{ }

ComparisonRun::~ComparisonRun()
{
    m_traffic.reset(); // cancels its pending request in the simulation's queue
}

bool ComparisonRun::run(QString* error)
{
    ScriptRunner runner(*m_sim);
    runner.setWorkingDirectory(m_setup.workingDirectory);
    runner.setSink([this](const QString& text, bool) { m_output += text; });
    runner.setEcho(true);
    const auto fail = [&](const QString& what) {
        if (error)
            *error = what + QStringLiteral("\n") + m_output;
        return false;
    };
    if (!m_setup.setupScript.isEmpty() && runner.runScript(m_setup.setupScript) != 0)
        return fail(QStringLiteral("The setup script failed."));
    const auto deployment = [this] { return m_sim->store().get<Deployment>(m_setup.ns, m_setup.deployment); };
    const auto settled = [&] {
        auto d = deployment();
        if (!d)
            return false;
        const RolloutStatus s = deploymentRolloutStatus(*d);
        return s.done || s.error;
    };
    if (!deployment())
        return fail(QStringLiteral("The setup did not create deployment \"%1\".").arg(m_setup.deployment));
    runner.setThinkTime(0);
    if (!m_variant.patch.isEmpty()) {
        const int rc = runner.runArgv({QStringLiteral("patch"), QStringLiteral("deployment"), m_setup.deployment,
            QStringLiteral("-n"), m_setup.ns, QStringLiteral("-p"), m_variant.patch});
        if (rc != 0)
            return fail(QStringLiteral("The patch of \"%1\" failed.").arg(m_variant.label));
    }
    m_sim->advanceUntil(settled, m_setup.timeLimit);
    if (!m_setup.service.isEmpty()) {
        m_traffic
            = std::make_unique<TrafficSource>(*m_sim, m_setup.ns, m_setup.service, m_setup.trafficRate, m_setup.seed);
        m_traffic->start();
    }
    m_sim->advance(m_setup.leadIn);
    m_updateAt = m_sim->now();
    runner.runScript(m_setup.updateScript);
    const bool settledInTime = m_sim->advanceUntil(settled, m_setup.timeLimit - (m_sim->now() - m_updateAt));
    if (settledInTime)
        m_sim->advance(m_setup.tail);
    m_endAt = m_sim->now();
    if (m_traffic)
        m_traffic->stop();
    m_analysis.update(m_sim->store().history(), m_endAt);
    m_summary = summarize(m_analysis, m_traffic.get(), m_updateAt, m_endAt);
    return true;
}

ComparisonSummary ComparisonRun::summarize(
    const RolloutAnalysis& a, const TrafficSource* traffic, Millis from, Millis to)
{
    ComparisonSummary s;
    for (const RolloutMarker& m : a.markers()) {
        if (m.kind == RolloutMarkerKind::Complete && m.time >= from && m.time <= to) {
            s.completed = true;
            s.timeToComplete = m.time - from;
            break;
        }
    }
    // Extremes while the rollout runs: from the update to its completion (or the end).
    const Millis until = s.completed ? from + s.timeToComplete : to;
    const AvailabilitySample first = a.at(from);
    s.lowestAvailable = first.available;
    s.lowestAvailableAt = from;
    s.highestPods = first.total;
    s.highestPodsAt = from;
    s.highestPodsWithTerminating = first.total + first.terminating;
    const auto& samples = a.samples();
    auto it = std::upper_bound(
        samples.begin(), samples.end(), from, [](Millis v, const AvailabilitySample& x) { return v < x.time; });
    Millis zeroSince = first.available == 0 ? from : kNoTime;
    for (; it != samples.end() && it->time <= until; ++it) {
        if (it->available < s.lowestAvailable) {
            s.lowestAvailable = it->available;
            s.lowestAvailableAt = it->time;
        }
        if (it->total > s.highestPods) {
            s.highestPods = it->total;
            s.highestPodsAt = it->time;
        }
        s.highestPodsWithTerminating = std::max(s.highestPodsWithTerminating, it->total + it->terminating);
        if (it->available == 0 && zeroSince == kNoTime)
            zeroSince = it->time;
        else if (it->available > 0 && zeroSince != kNoTime) {
            s.zeroAvailableFor += it->time - zeroSince;
            zeroSince = kNoTime;
        }
    }
    if (zeroSince != kNoTime)
        s.zeroAvailableFor += until - zeroSince;
    if (traffic) {
        for (const auto& r : traffic->requests()) {
            if (r.time < from || r.time > to)
                continue;
            ++s.requests;
            if (r.outcome == TrafficSource::Outcome::Refused)
                ++s.refused;
            else if (r.outcome == TrafficSource::Outcome::ServerError)
                ++s.serverErrors;
        }
        s.failedRequests = s.refused + s.serverErrors;
    }
    return s;
}

Comparison Comparison::run(const ComparisonSetup& setup, const ComparisonVariant& a, const ComparisonVariant& b)
{
    Comparison c;
    c.a = std::make_unique<ComparisonRun>(setup, a);
    c.b = std::make_unique<ComparisonRun>(setup, b);
    QString err;
    if (!c.a->run(&err))
        c.error = err;
    else if (!c.b->run(&err))
        c.error = err;
    return c;
}

Millis Comparison::spanBefore() const
{
    Millis before = 0;
    for (const auto* r : {a.get(), b.get()})
        if (r)
            before = std::max(before, r->updateAt() - r->startAt());
    return before;
}

Millis Comparison::spanAfter() const
{
    Millis after = 0;
    for (const auto* r : {a.get(), b.get()})
        if (r)
            after = std::max(after, r->endAt() - r->updateAt());
    return after;
}

} // namespace rl
