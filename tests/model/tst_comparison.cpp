#include "analysis/comparison.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QTest>

using namespace rl;

// The same update (kiada 0.6 -> 0.7, 3 replicas) under two settings, each in its own Simulation
// with the same seed. The bounds checked are the strategy's promises (spec 3.3, 3.8): maxSurge 1 /
// maxUnavailable 0 never has fewer than 3 available pods and at most 4; 0/1 never more than 3
// pods; Recreate has a moment with no pod at all.
namespace {

const QString kSurge1 = QStringLiteral(
    R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}})");
const QString kUnavailable1 = QStringLiteral(
    R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}})");
const QString kRecreate = QStringLiteral(R"({"spec":{"strategy":{"type":"Recreate"}}})");

ComparisonSetup kiadaSetup()
{
    ComparisonSetup s;
    s.workingDirectory = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");
    s.setupScript = QStringLiteral("kubectl apply -f images.yaml\n"
                                   "kubectl apply -f svc.kiada.yaml\n"
                                   "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                   "kubectl rollout status deployment kiada\n");
    s.deployment = QStringLiteral("kiada");
    s.updateScript = QStringLiteral(
        R"(kubectl patch deployment kiada -p '{"spec":{"template":{"metadata":{"labels":{"ver":"0.7"}},"spec":{"containers":[{"name":"kiada","image":"luksa/kiada:0.7"}]}}}}')");
    s.service = QStringLiteral("kiada");
    s.trafficRate = 10;
    s.seed = 42;
    return s;
}

/// Samples from the update to the end of the run.
std::vector<AvailabilitySample> during(const ComparisonRun& r)
{
    std::vector<AvailabilitySample> out {r.analysis().at(r.updateAt())};
    for (const auto& s : r.analysis().samples())
        if (s.time > r.updateAt())
            out.push_back(s);
    return out;
}

} // namespace

class TestComparison : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void surgeAgainstUnavailable()
    {
        const Comparison c = Comparison::run(kiadaSetup(), {QStringLiteral("maxSurge 1, maxUnavailable 0"), kSurge1},
            {QStringLiteral("maxSurge 0, maxUnavailable 1"), kUnavailable1});
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        const ComparisonRun& a = *c.a;
        const ComparisonRun& b = *c.b;
        // 1/0: never below 3 available, peaks at 4 pods.
        int maxTotal = 0;
        for (const auto& s : during(a)) {
            QVERIFY2(s.available >= 3, qPrintable(QString::number(s.time - a.updateAt())));
            QVERIFY(s.total <= 4);
            QCOMPARE(s.floor, 3);
            QCOMPARE(s.ceiling, 4);
            maxTotal = std::max(maxTotal, s.total);
        }
        QCOMPARE(maxTotal, 4);
        QCOMPARE(a.summary().lowestAvailable, 3);
        QCOMPARE(a.summary().highestPods, 4);
        // 0/1: never above 3 pods, down to 2 available.
        int minAvailable = 3;
        for (const auto& s : during(b)) {
            QVERIFY2(s.total <= 3, qPrintable(QString::number(s.time - b.updateAt())));
            QCOMPARE(s.floor, 2);
            QCOMPARE(s.ceiling, 3);
            minAvailable = std::min(minAvailable, s.available);
        }
        QCOMPARE(minAvailable, 2);
        QCOMPARE(b.summary().lowestAvailable, 2);
        QCOMPARE(b.summary().highestPods, 3);
        // Both finished; the time to complete is the first "successfully rolled out" moment.
        for (const ComparisonRun* r : {&a, &b}) {
            QVERIFY(r->summary().completed);
            QVERIFY(r->summary().timeToComplete > 0);
            const auto& m = r->analysis().markers();
            const auto done = std::find_if(m.begin(), m.end(), [&](const RolloutMarker& x) {
                return x.kind == RolloutMarkerKind::Complete && x.time >= r->updateAt();
            });
            QVERIFY(done != m.end());
            QCOMPARE(r->summary().timeToComplete, done->time - r->updateAt());
            const AvailabilitySample end = r->analysis().at(done->time);
            QCOMPARE(end.updated, 3);
            QCOMPARE(end.available, 3);
            QCOMPARE(r->summary().zeroAvailableFor, 0);
            QCOMPARE(r->summary().failedRequests, 0); // a rolling update keeps serving
            QVERIFY(r->summary().requests > 100);
            QCOMPARE(r->summary().requests,
                int(std::count_if(r->traffic()->requests().begin(), r->traffic()->requests().end(),
                    [&](const auto& q) { return q.time >= r->updateAt() && q.time <= r->endAt(); })));
        }
        // Same seed, same setup: both start the update at the same moment.
        QCOMPARE(a.updateAt() - a.simulation().startTime(), b.updateAt() - b.simulation().startTime());
    }

    void recreateAgainstRollingUpdate()
    {
        const Comparison c = Comparison::run(
            kiadaSetup(), {QStringLiteral("Recreate"), kRecreate}, {QStringLiteral("RollingUpdate 1/0"), kSurge1});
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        const ComparisonSummary& r = c.a->summary();
        QVERIFY(r.completed);
        QCOMPARE(r.lowestAvailable, 0);
        QVERIFY(r.zeroAvailableFor > 1000);
        QCOMPARE(r.highestPods, 3);
        QVERIFY(r.failedRequests > 0);
        QCOMPARE(r.failedRequests, r.refused);
        bool zero = false;
        for (const auto& s : during(*c.a))
            zero = zero || (s.total == 0 && s.available == 0);
        QVERIFY(zero);
        QCOMPARE(c.b->summary().lowestAvailable, 3);
        QCOMPARE(c.b->summary().failedRequests, 0);
        QVERIFY(c.spanAfter() >= std::max(c.a->endAt() - c.a->updateAt(), c.b->endAt() - c.b->updateAt()));
    }

    void deterministic()
    {
        const Comparison one
            = Comparison::run(kiadaSetup(), {QStringLiteral("A"), kSurge1}, {QStringLiteral("B"), kRecreate});
        const Comparison two
            = Comparison::run(kiadaSetup(), {QStringLiteral("A"), kSurge1}, {QStringLiteral("B"), kRecreate});
        QCOMPARE(one.a->analysis().samples(), two.a->analysis().samples());
        QCOMPARE(one.b->analysis().samples(), two.b->analysis().samples());
        QCOMPARE(one.b->traffic()->requests(), two.b->traffic()->requests());
    }

    void badPatchReportsError()
    {
        const Comparison c = Comparison::run(
            kiadaSetup(), {QStringLiteral("bad"), QStringLiteral("{not json")}, {QStringLiteral("B"), kSurge1});
        QVERIFY(!c.error.isEmpty());
        QVERIFY2(c.error.contains(QLatin1String("patch")), qPrintable(c.error));
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
