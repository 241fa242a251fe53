#pragma once

#include "analysis/rolloutanalysis.h"
#include "analysis/trafficstats.h"

#include <QString>

#include <memory>

namespace rl {

class Simulation;
class TrafficSource;

/// The same update played under one setting: a patch to the Deployment applied before the update,
/// e.g. `{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}`.
struct ComparisonVariant
{
    QString label;
    QString patch; ///< strategic merge patch (`kubectl patch deployment NAME -p PATCH`); empty = none
};

/// What both runs share.
struct ComparisonSetup
{
    QString setupScript; ///< builds the starting point (a lesson-style script)
    QString workingDirectory; ///< base for relative -f paths of the scripts
    QString ns = QStringLiteral("default");
    QString deployment;
    QString updateScript; ///< the update whose rollout is compared (e.g. `kubectl set image ...`)
    QString service; ///< traffic goes through this Service; empty = no traffic
    double trafficRate = 10.0; ///< requests per simulated second
    quint64 seed = 1;
    Millis leadIn = 5000; ///< shown before the update
    Millis tail = 5000; ///< simulated after the rollout completed
    Millis timeLimit = 600000; ///< give up waiting for completion after this long
};

/// The figures a class compares.
struct ComparisonSummary
{
    /// Whether `kubectl rollout status` reported "successfully rolled out" within the time limit.
    bool completed = false;
    /// From the update command to the first Deployment status for which `kubectl rollout status`
    /// says "successfully rolled out" (spec 7.2: observedGeneration ≥ generation, updatedReplicas ≥
    /// replicas, no old replicas left, every updated replica available). kNoTime when not completed.
    Millis timeToComplete = kNoTime;
    qint32 lowestAvailable = 0; ///< minimum of available pods from the update until completion
    Millis lowestAvailableAt = kNoTime;
    Millis zeroAvailableFor = 0; ///< how long no pod was available (the Recreate gap)
    qint32 highestPods = 0; ///< maximum of active pods (terminating ones excluded, as maxSurge counts)
    Millis highestPodsAt = kNoTime;
    qint32 highestPodsWithTerminating = 0;
    int requests = 0; ///< sent from the update until the end of the run
    int failedRequests = 0;
    int refused = 0;
    int serverErrors = 0;
};

/// One run of a comparison in its own Simulation.
class ComparisonRun
{
public:
    ComparisonRun(const ComparisonSetup& setup, const ComparisonVariant& variant);
    ~ComparisonRun();
    ComparisonRun(const ComparisonRun&) = delete;
    ComparisonRun& operator=(const ComparisonRun&) = delete;

    /// Plays setup, variant patch, lead-in, update, until complete (or the time limit), tail.
    /// False (and *error with the kubectl output) when a command of the setup or the patch failed.
    bool run(QString* error = nullptr);

    const ComparisonVariant& variant() const { return m_variant; }
    const Simulation& simulation() const { return *m_sim; }
    const TrafficSource* traffic() const { return m_traffic.get(); }
    const RolloutAnalysis& analysis() const { return m_analysis; }
    Millis updateAt() const { return m_updateAt; } ///< when the update command ran
    Millis startAt() const { return m_updateAt - m_setup.leadIn; } ///< where views should start
    Millis endAt() const { return m_endAt; }
    const ComparisonSummary& summary() const { return m_summary; }
    /// Everything the scripts printed.
    const QString& output() const { return m_output; }

    /// The summary over [from, to] of an analysed run (exposed for tests).
    static ComparisonSummary summarize(const RolloutAnalysis& a, const TrafficSource* traffic, Millis from, Millis to);

private:
    ComparisonSetup m_setup;
    ComparisonVariant m_variant;
    std::unique_ptr<Simulation> m_sim;
    std::unique_ptr<TrafficSource> m_traffic;
    RolloutAnalysis m_analysis;
    Millis m_updateAt = 0;
    Millis m_endAt = 0;
    ComparisonSummary m_summary;
    QString m_output;
};

/// Two runs of the same update under two settings, same seed.
struct Comparison
{
    std::unique_ptr<ComparisonRun> a;
    std::unique_ptr<ComparisonRun> b;
    QString error;

    static Comparison run(const ComparisonSetup& setup, const ComparisonVariant& a, const ComparisonVariant& b);
    /// A common time span for aligned views: from the earlier start to the later end, relative to
    /// each run's update (ms from the update).
    Millis spanBefore() const;
    Millis spanAfter() const;
};

} // namespace rl
