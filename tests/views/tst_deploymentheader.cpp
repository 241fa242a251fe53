#include "rollout/deploymentheaderwidget.h"
#include "scenario.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace rl;
using namespace rl::testing;

class TestDeploymentHeader : public QObject
{
    Q_OBJECT
private slots:
    void resolved_data();
    void resolved();
    void recreate();
    void fromSimulation();
    void widget();
};

namespace {
std::optional<IntOrString> intOrString(const QString& s)
{
    if (s.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int v = s.toInt(&ok);
    return ok ? IntOrString::fromInt(v) : IntOrString::fromString(s);
}
} // namespace

// Expected values by the Deployment controller's rules (deployment_util.go ResolveFenceposts):
// maxSurge rounds up, maxUnavailable rounds down, both 0 -> maxUnavailable 1; MaxUnavailable()
// clamps to replicas. "At most" = replicas + maxSurge, "at least" = replicas - maxUnavailable.
void TestDeploymentHeader::resolved_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::addColumn<QString>("surgeText");
    QTest::addColumn<QString>("unavailableText");
    QTest::newRow("10, 25%/25% (the issue's example)") << 10 << "25%"
                                                       << "25%"
                                                       << "maxSurge 25% → at most 13 pods"
                                                       << "maxUnavailable 25% → at least 8 available";
    QTest::newRow("3, 0/1 (kiada 0.7)") << 3 << "0"
                                        << "1"
                                        << "maxSurge 0 → at most 3 pods"
                                        << "maxUnavailable 1 → at least 2 available";
    QTest::newRow("1, 25%/25%: surge rounds up, unavailable down") << 1 << "25%"
                                                                   << "25%"
                                                                   << "maxSurge 25% → at most 2 pods"
                                                                   << "maxUnavailable 25% → at least 1 available";
    QTest::newRow("1, 0/1: one pod") << 1 << "0"
                                     << "1"
                                     << "maxSurge 0 → at most 1 pod"
                                     << "maxUnavailable 1 → at least 0 available";
    QTest::newRow("10, 1/1 (extensions/v1beta1 worker)") << 10 << "1"
                                                         << "1"
                                                         << "maxSurge 1 → at most 11 pods"
                                                         << "maxUnavailable 1 → at least 9 available";
    QTest::newRow("10, 3/0 (workshop patch)") << 10 << "3"
                                              << "0"
                                              << "maxSurge 3 → at most 13 pods"
                                              << "maxUnavailable 0 → at least 10 available";
    QTest::newRow("10, 0/0: unavailable becomes 1") << 10 << "0"
                                                    << "0"
                                                    << "maxSurge 0 → at most 10 pods"
                                                    << "maxUnavailable 0 → at least 9 available";
    QTest::newRow("7, 50%/50%") << 7 << "50%"
                                << "50%"
                                << "maxSurge 50% → at most 11 pods"
                                << "maxUnavailable 50% → at least 4 available";
    QTest::newRow("4, 100%/100%") << 4 << "100%"
                                  << "100%"
                                  << "maxSurge 100% → at most 8 pods"
                                  << "maxUnavailable 100% → at least 0 available";
    QTest::newRow("0 replicas") << 0 << "25%"
                                << "25%"
                                << "maxSurge 25% → at most 0 pods"
                                << "maxUnavailable 25% → at least 0 available";
    QTest::newRow("3, maxUnavailable 5 clamps to replicas") << 3 << "1"
                                                            << "5"
                                                            << "maxSurge 1 → at most 4 pods"
                                                            << "maxUnavailable 5 → at least 0 available";
}

void TestDeploymentHeader::resolved()
{
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    QFETCH(QString, surgeText);
    QFETCH(QString, unavailableText);
    Deployment d;
    d.metadata.name = QStringLiteral("web");
    d.spec.replicas = replicas;
    d.spec.strategy.type = QStringLiteral("RollingUpdate");
    d.spec.strategy.rollingUpdate = RollingUpdateDeployment {intOrString(unavailable), intOrString(surge)};
    const DeploymentHeaderText t = deploymentHeaderText(d);
    QCOMPARE(t.maxSurge, surgeText);
    QCOMPARE(t.maxUnavailable, unavailableText);
    QCOMPARE(t.strategy, QStringLiteral("RollingUpdate"));
}

void TestDeploymentHeader::recreate()
{
    Deployment d;
    d.metadata.name = QStringLiteral("web");
    d.spec.replicas = 3;
    d.spec.strategy.type = QStringLiteral("Recreate");
    d.spec.minReadySeconds = 10;
    d.spec.progressDeadlineSeconds = 600;
    d.spec.paused = true;
    const DeploymentHeaderText t = deploymentHeaderText(d);
    QCOMPARE(t.strategy, QStringLiteral("Recreate"));
    QVERIFY(t.maxUnavailable.isEmpty());
    QVERIFY(!t.maxSurge.contains(QLatin1String("maxSurge")));
    QCOMPARE(t.minReadySeconds, QStringLiteral("minReadySeconds 10"));
    QCOMPARE(t.progressDeadline, QStringLiteral("progressDeadlineSeconds 600"));
    QCOMPARE(t.paused, QStringLiteral("paused: true"));
}

void TestDeploymentHeader::fromSimulation()
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner, {deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:1"), 10, 0)}), 0);
    sim.advance(60'000);
    DeploymentPtr d = sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("web"));
    QVERIFY(d);
    DeploymentHeaderText t = deploymentHeaderText(*d);
    // apps/v1 defaults: RollingUpdate 25%/25%, progressDeadlineSeconds 600.
    QCOMPARE(t.maxSurge, QStringLiteral("maxSurge 25% → at most 13 pods"));
    QCOMPARE(t.maxUnavailable, QStringLiteral("maxUnavailable 25% → at least 8 available"));
    QCOMPARE(t.progressDeadline, QStringLiteral("progressDeadlineSeconds 600"));
    QCOMPARE(t.paused, QStringLiteral("paused: false"));
    // kubectl describe's Replicas line and rollout status (kubectl's texts).
    QCOMPARE(t.replicas, QStringLiteral("10 desired | 10 updated | 10 total | 10 available | 0 unavailable"));
    QCOMPARE(t.status, QStringLiteral("deployment \"web\" successfully rolled out"));
    QVERIFY(t.statusDone);
    // Conditions as the controller wrote them (deployment/sync.go, progress.go).
    QCOMPARE(t.conditions.size(), std::size_t(2));
    QCOMPARE(t.conditions[0].type, QStringLiteral("Available"));
    QCOMPARE(t.conditions[0].status, QStringLiteral("True"));
    QCOMPARE(t.conditions[0].reason, QStringLiteral("MinimumReplicasAvailable"));
    QCOMPARE(t.conditions[0].message, QStringLiteral("Deployment has minimum availability."));
    QCOMPARE(t.conditions[1].type, QStringLiteral("Progressing"));
    QCOMPARE(t.conditions[1].reason, QStringLiteral("NewReplicaSetAvailable"));
    // Mid-rollout: the status line is rollout status's waiting message.
    QCOMPARE(runner.runArgv({QStringLiteral("set"), QStringLiteral("image"), QStringLiteral("deployment/web"),
                 QStringLiteral("app=demo:2")}),
        0);
    sim.advance(1000);
    d = sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("web"));
    t = deploymentHeaderText(*d);
    QVERIFY(!t.statusDone);
    QVERIFY2(
        t.status.startsWith(QLatin1String("Waiting for deployment \"web\" rollout to finish: ")), qPrintable(t.status));
    QCOMPARE(t.conditions[1].reason, QStringLiteral("ReplicaSetUpdated"));
}

void TestDeploymentHeader::widget()
{
    Simulation sim;
    ScriptRunner runner(sim);
    runner.setSink([](const QString&, bool) {});
    QCOMPARE(apply(runner, {deploymentYaml(QStringLiteral("web"), QStringLiteral("demo:1"), 10, 0)}), 0);
    sim.advance(60'000);
    DeploymentHeaderWidget w;
    w.setDeployment(sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("web")));
    const QString facts = w.findChild<QLabel*>(QStringLiteral("deploymentFacts"))->text();
    QVERIFY(facts.contains(QStringLiteral("maxSurge&nbsp;25%&nbsp;→&nbsp;at&nbsp;most&nbsp;13&nbsp;pods")));
    const QString conditions = w.findChild<QLabel*>(QStringLiteral("deploymentConditions"))->text();
    QVERIFY(conditions.contains(QStringLiteral("MinimumReplicasAvailable")));
    QSignalSpy cmd(&w, &DeploymentHeaderWidget::commandRequested);
    std::unique_ptr<QMenu> menu(w.createContextMenu());
    menu->findChild<QAction*>(QStringLiteral("rollout-pause"))->trigger();
    QCOMPARE(cmd.at(0).at(0).toStringList(), (QStringList {"rollout", "pause", "deployment/web"}));
    QVERIFY(!menu->findChild<QAction*>(QStringLiteral("rollout-resume")));
    QCOMPARE(runner.runArgv(cmd.at(0).at(0).toStringList()), 0);
    w.setDeployment(sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("web")));
    QCOMPARE(w.text().paused, QStringLiteral("paused: true"));
    std::unique_ptr<QMenu> menu2(w.createContextMenu());
    menu2->findChild<QAction*>(QStringLiteral("rollout-resume"))->trigger();
    QCOMPARE(cmd.at(1).at(0).toStringList(), (QStringList {"rollout", "resume", "deployment/web"}));
}

QTEST_MAIN(TestDeploymentHeader)
#include "tst_deploymentheader.moc"
