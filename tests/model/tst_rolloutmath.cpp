// Rollout arithmetic against the tables of spec 3.3, 3.6, 3.7, 3.9 and the worked examples of
// section 10 (numbers from kubernetes/kubernetes deployment_util.go / rolling.go rules).
#include "controllers/rolloutmath.h"

#include <QTest>

#include <cmath>

using namespace rl;
using namespace rl::rollout;

namespace {
std::optional<IntOrString> ios(const QString& s)
{
    if (s.isEmpty())
        return std::nullopt;
    if (s.endsWith(QLatin1Char('%')))
        return IntOrString::fromString(s);
    return IntOrString::fromInt(s.toInt());
}

DeploymentSpec spec(
    qint32 r, const QString& surge, const QString& unavail, const QString& type = QStringLiteral("RollingUpdate"))
{
    DeploymentSpec s;
    s.replicas = r;
    s.strategy.type = type;
    if (type == QLatin1String("RollingUpdate"))
        s.strategy.rollingUpdate = RollingUpdateDeployment {ios(unavail), ios(surge)};
    return s;
}
} // namespace

class TestRolloutMath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolve_data();
    void resolve();
    void newReplicas_data();
    void newReplicas();
    void scaleDown_data();
    void scaleDown();
    void proportional_data();
    void proportional();
    void logRank();
};

void TestRolloutMath::resolve_data()
{
    QTest::addColumn<int>("r");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavail");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("maxSurge");
    QTest::addColumn<int>("maxUnavailable");
    const QString ru = QStringLiteral("RollingUpdate");
    // Spec 3.3 table.
    QTest::newRow("10 25%/25%") << 10 << "25%"
                                << "25%" << ru << 3 << 2;
    QTest::newRow("3 25%/25%") << 3 << "25%"
                               << "25%" << ru << 1 << 0;
    QTest::newRow("4 25%/25%") << 4 << "25%"
                               << "25%" << ru << 1 << 1;
    QTest::newRow("5 25%/25%") << 5 << "25%"
                               << "25%" << ru << 2 << 1;
    QTest::newRow("1 25%/25%") << 1 << "25%"
                               << "25%" << ru << 1 << 0;
    QTest::newRow("10 1/1") << 10 << "1"
                            << "1" << ru << 1 << 1;
    QTest::newRow("3 0/1") << 3 << "0"
                           << "1" << ru << 0 << 1;
    QTest::newRow("3 1/0") << 3 << "1"
                           << "0" << ru << 1 << 0;
    QTest::newRow("3 0/25% fencepost") << 3 << "0"
                                       << "25%" << ru << 0 << 1;
    QTest::newRow("10 39%/39%") << 10 << "39%"
                                << "39%" << ru << 4 << 3;
    QTest::newRow("5 25%/10 clamped") << 5 << "25%"
                                      << "10" << ru << 2 << 5;
    QTest::newRow("0 25%/25%") << 0 << "25%"
                               << "25%" << ru << 0 << 0;
    QTest::newRow("10 3/0 (seed patch)") << 10 << "3"
                                         << "0" << ru << 3 << 0;
    QTest::newRow("Recreate") << 3 << ""
                              << "" << QStringLiteral("Recreate") << 0 << 0;
    QTest::newRow("absent surge") << 10 << ""
                                  << "25%" << ru << 0 << 2;
}

void TestRolloutMath::resolve()
{
    QFETCH(int, r);
    QFETCH(QString, surge);
    QFETCH(QString, unavail);
    QFETCH(QString, type);
    QFETCH(int, maxSurge);
    QFETCH(int, maxUnavailable);
    const DeploymentSpec s = spec(r, surge, unavail, type);
    QCOMPARE(rollout::maxSurge(s), maxSurge);
    QCOMPARE(rollout::maxUnavailable(s), maxUnavailable);
}

void TestRolloutMath::newReplicas_data()
{
    QTest::addColumn<int>("desired");
    QTest::addColumn<int>("surge");
    QTest::addColumn<int>("totalSpec");
    QTest::addColumn<int>("newSpec");
    QTest::addColumn<int>("expected");
    // 10.1: create B with min(13-10, 10) = 3; then +2 -> 5; then nothing.
    QTest::newRow("10.1 create") << 10 << 3 << 10 << 0 << 3;
    QTest::newRow("10.1 second") << 10 << 3 << 11 << 3 << 5;
    QTest::newRow("10.1 full") << 10 << 3 << 13 << 5 << 5;
    QTest::newRow("10.1 after A 8->3") << 10 << 3 << 8 << 5 << 10;
    // 10.2: create with 1, then 2, then stuck.
    QTest::newRow("10.2 create") << 10 << 1 << 10 << 0 << 1;
    QTest::newRow("10.2 second") << 10 << 1 << 10 << 1 << 2;
    QTest::newRow("10.2 stuck") << 10 << 1 << 11 << 2 << 2;
    // 10.3: surge 0 -> created with 0.
    QTest::newRow("10.3 create") << 3 << 0 << 3 << 0 << 0;
    QTest::newRow("10.3 after A 3->2") << 3 << 0 << 2 << 0 << 1;
    // 10.6: B +1 only (R - 9).
    QTest::newRow("10.6 last") << 10 << 3 << 11 << 9 << 10;
}

void TestRolloutMath::newReplicas()
{
    QFETCH(int, desired);
    QFETCH(int, surge);
    QFETCH(int, totalSpec);
    QFETCH(int, newSpec);
    QFETCH(int, expected);
    QCOMPARE(newRSNewReplicasRolling(desired, surge, totalSpec, newSpec), expected);
}

void TestRolloutMath::scaleDown_data()
{
    QTest::addColumn<QList<int>>("oldSpec");
    QTest::addColumn<QList<int>>("oldAvail");
    QTest::addColumn<int>("newSpec");
    QTest::addColumn<int>("newAvail");
    QTest::addColumn<int>("allSpec");
    QTest::addColumn<int>("desired");
    QTest::addColumn<int>("maxUnavailable");
    QTest::addColumn<QList<int>>("result"); // final sizes of the old ReplicaSets
    QTest::addColumn<bool>("scaled");
    // 10.1 first sync: B created with 3; maxScaledDown = 13-8-3 = 2; available 10 > 8 -> A 10->8.
    QTest::newRow("10.1 sync1") << QList<int> {10} << QList<int> {10} << 3 << 0 << 13 << 10 << 2 << QList<int> {8}
                                << true;
    QTest::newRow("10.1 sync3 nothing") << QList<int> {8} << QList<int> {8} << 5 << 0 << 13 << 10 << 2 << QList<int> {8}
                                        << false;
    QTest::newRow("10.1 t5") << QList<int> {8} << QList<int> {8} << 5 << 5 << 13 << 10 << 2 << QList<int> {3} << true;
    QTest::newRow("10.1 t10") << QList<int> {3} << QList<int> {3} << 10 << 10 << 13 << 10 << 2 << QList<int> {0}
                              << true;
    // 10.2: A 10->9, then stuck.
    QTest::newRow("10.2 sync1") << QList<int> {10} << QList<int> {10} << 1 << 0 << 11 << 10 << 1 << QList<int> {9}
                                << true;
    QTest::newRow("10.2 stuck") << QList<int> {9} << QList<int> {9} << 2 << 0 << 11 << 10 << 1 << QList<int> {9}
                                << false;
    // 10.2 undo: A new (9 available), B old with 2 unavailable -> cleanup B 2->0.
    QTest::newRow("10.2 undo") << QList<int> {2} << QList<int> {0} << 9 << 9 << 11 << 10 << 1 << QList<int> {0} << true;
    // 10.3: A 3->2.
    QTest::newRow("10.3 sync1") << QList<int> {3} << QList<int> {3} << 0 << 0 << 3 << 3 << 1 << QList<int> {2} << true;
    QTest::newRow("10.3 waiting") << QList<int> {2} << QList<int> {2} << 1 << 0 << 3 << 3 << 1 << QList<int> {2}
                                  << false;
    QTest::newRow("10.3 t14") << QList<int> {2} << QList<int> {2} << 1 << 1 << 3 << 3 << 1 << QList<int> {1} << true;
    // 3.13 rollover: v1 8/8, v2 5/0, v3 new 0 -> v2 5->0 (cleanup), v1 untouched.
    QTest::newRow("3.13 rollover") << QList<int> {8, 5} << QList<int> {8, 0} << 0 << 0 << 13 << 10 << 2
                                   << QList<int> {8, 0} << true;
    // 10.6: maxUnavailable 0, surge 3: A 10, B 3 -> nothing until B available.
    QTest::newRow("10.6 t0") << QList<int> {10} << QList<int> {10} << 3 << 0 << 13 << 10 << 0 << QList<int> {10}
                             << false;
    QTest::newRow("10.6 t15") << QList<int> {10} << QList<int> {10} << 3 << 3 << 13 << 10 << 0 << QList<int> {7}
                              << true;
    // Edge case of 3.7 step 4: status shows more available than spec -> abandoned.
    QTest::newRow("abort") << QList<int> {2} << QList<int> {3} << 2 << 0 << 5 << 3 << 1 << QList<int> {2} << false;
}

void TestRolloutMath::scaleDown()
{
    QFETCH(QList<int>, oldSpec);
    QFETCH(QList<int>, oldAvail);
    QFETCH(int, newSpec);
    QFETCH(int, newAvail);
    QFETCH(int, allSpec);
    QFETCH(int, desired);
    QFETCH(int, maxUnavailable);
    QFETCH(QList<int>, result);
    QFETCH(bool, scaled);
    std::vector<OldReplicaSet> old;
    for (int i = 0; i < oldSpec.size(); ++i)
        old.push_back({oldSpec[i], oldAvail[i]});
    const ScaleDownPlan plan = planScaleDown(old, newSpec, newAvail, allSpec, desired, maxUnavailable);
    QList<int> sizes = oldSpec;
    for (const auto& s : plan.steps) {
        QCOMPARE(s.from, sizes[s.index]);
        sizes[s.index] = s.to;
    }
    QCOMPARE(sizes, result);
    QCOMPARE(plan.scaled(), scaled);
}

void TestRolloutMath::proportional_data()
{
    QTest::addColumn<QList<int>>("spec");
    QTest::addColumn<QList<int>>("annotatedMax");
    QTest::addColumn<int>("desired");
    QTest::addColumn<int>("surge");
    QTest::addColumn<QList<int>>("result");
    // Spec 3.9 worked example (maxSurge fixed at 3): A 8, B 5 with max-replicas 13, scaled to 15 and back.
    QTest::newRow("3.9 up") << QList<int> {8, 5} << QList<int> {13, 13} << 15 << 3 << QList<int> {11, 7};
    QTest::newRow("3.9 down") << QList<int> {11, 7} << QList<int> {18, 18} << 10 << 3 << QList<int> {8, 5};
    QTest::newRow("to zero") << QList<int> {8, 5} << QList<int> {13, 13} << 0 << 0 << QList<int> {0, 0};
}

void TestRolloutMath::proportional()
{
    QFETCH(QList<int>, spec);
    QFETCH(QList<int>, annotatedMax);
    QFETCH(int, desired);
    QFETCH(int, surge);
    QFETCH(QList<int>, result);
    std::vector<ProportionalInput> in;
    for (int i = 0; i < spec.size(); ++i)
        in.push_back({spec[i], annotatedMax[i]});
    const std::vector<qint32> out = proportionalSizes(in, desired, surge, 13);
    QCOMPARE(QList<int>(out.begin(), out.end()), result);
}

void TestRolloutMath::logRank()
{
    // 1 ms = 1e6 ns -> floor(log2(1e6)) = 19; 1 s = 1e9 ns -> 29; 2 s -> 30.
    QCOMPARE(logarithmicRank(1), qint64(19));
    QCOMPARE(logarithmicRank(1000), qint64(29));
    QCOMPARE(logarithmicRank(2000), qint64(30));
    QCOMPARE(logarithmicRank(0), qint64(-1));
    QCOMPARE(logarithmicRank(-5), qint64(-1));
    // The same bucket as int64(math.Log2(float64(d))) for every duration a simulation sees, in
    // particular those whose nanoseconds lie just below and above a power of two.
    auto goRank = [](Millis ms) { return qint64(std::log2(double(ms) * 1e6)); };
    for (Millis ms = 1; ms <= 200000; ++ms)
        QCOMPARE(logarithmicRank(ms), goRank(ms));
    for (int k = 20; k < 70; ++k) {
        const Millis around = Millis(std::ldexp(1.0, k) / 1e6);
        for (Millis ms = std::max<Millis>(1, around - 3); ms <= around + 3; ++ms)
            QCOMPARE(logarithmicRank(ms), goRank(ms));
    }
}

QTEST_GUILESS_MAIN(TestRolloutMath)
#include "tst_rolloutmath.moc"
