#include "kubectl/printers.h"
#include "kubectl/rollout.h"

#include <QTest>

using namespace rl;

namespace {
ContainerStatus waiting(const QString& reason)
{
    ContainerStatus s;
    s.name = QStringLiteral("c");
    s.state.kind = ContainerState::Kind::Waiting;
    s.state.reason = reason;
    return s;
}
ContainerStatus running(bool ready)
{
    ContainerStatus s;
    s.name = QStringLiteral("c");
    s.state.kind = ContainerState::Kind::Running;
    s.ready = ready;
    return s;
}
Pod podWith(const QString& phase, std::vector<ContainerStatus> statuses)
{
    Pod p;
    p.metadata.name = QStringLiteral("p");
    p.status.phase = phase;
    p.spec.edit().containers.resize(statuses.size());
    p.status.containerStatuses = std::move(statuses);
    return p;
}
} // namespace

// Rules: printPod in kubernetes pkg/printers/internalversion/printers.go (spec 7.10) and
// DeploymentStatusViewer (spec 7.2).
class TestPrinters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void podStatus_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("ready");
        QTest::newRow("creating") << 0 << QStringLiteral("ContainerCreating") << QStringLiteral("0/1");
        QTest::newRow("running ready") << 1 << QStringLiteral("Running") << QStringLiteral("1/1");
        QTest::newRow("running not ready") << 2 << QStringLiteral("Running") << QStringLiteral("0/1");
        QTest::newRow("first waiting container wins") << 3 << QStringLiteral("ErrImagePull") << QStringLiteral("0/2");
        QTest::newRow("terminating") << 4 << QStringLiteral("Terminating") << QStringLiteral("1/1");
        QTest::newRow("exit code") << 5 << QStringLiteral("ExitCode:137") << QStringLiteral("0/1");
    }
    void podStatus()
    {
        QFETCH(int, which);
        QFETCH(QString, status);
        QFETCH(QString, ready);
        Pod p;
        switch (which) {
        case 0:
            p = podWith(QStringLiteral("Pending"), {waiting(QStringLiteral("ContainerCreating"))});
            break;
        case 1:
            p = podWith(QStringLiteral("Running"), {running(true)});
            break;
        case 2:
            p = podWith(QStringLiteral("Running"), {running(false)});
            break;
        case 3:
            p = podWith(QStringLiteral("Pending"),
                {waiting(QStringLiteral("ErrImagePull")), waiting(QStringLiteral("ContainerCreating"))});
            break;
        case 4:
            p = podWith(QStringLiteral("Running"), {running(true)});
            p.metadata.deletionTimestamp = 1000;
            break;
        case 5: {
            ContainerStatus s;
            s.name = QStringLiteral("c");
            s.state.kind = ContainerState::Kind::Terminated;
            s.state.exitCode = 137;
            p = podWith(QStringLiteral("Failed"), {s});
            break;
        }
        }
        QCOMPARE(podStatusText(p), status);
        QCOMPARE(podReadyText(p), ready);
    }

    void restarts()
    {
        ContainerStatus s = running(true);
        s.restartCount = 2;
        s.lastState.kind = ContainerState::Kind::Terminated;
        s.lastState.finishedAt = 100000;
        const Pod p = podWith(QStringLiteral("Running"), {s});
        QCOMPARE(podRestartsText(p, 115000), QStringLiteral("2 (15s ago)"));
    }

    void labelColumns()
    {
        QCOMPARE(labelColumnHeader(QStringLiteral("ver")), QStringLiteral("VER"));
        QCOMPARE(labelColumnHeader(QStringLiteral("app.kubernetes.io/name")), QStringLiteral("NAME"));
        QCOMPARE(formatLabels({}), QStringLiteral("<none>"));
        QCOMPARE(formatLabels({{QStringLiteral("rel"), QStringLiteral("stable")},
                     {QStringLiteral("app"), QStringLiteral("kiada")}}),
            QStringLiteral("app=kiada,rel=stable"));
    }

    void deploymentRow()
    {
        Deployment d;
        d.metadata.name = QStringLiteral("kiada");
        d.metadata.creationTimestamp = 0;
        d.spec.replicas = 3;
        d.status.readyReplicas = 3;
        d.status.updatedReplicas = 1;
        d.status.availableReplicas = 2;
        TableOptions o;
        const QString table = formatTable({tableHeader(Kind::Deployment, o), tableRow(d, 50 * 60000, o)});
        QCOMPARE(table,
            QStringLiteral(
                "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nkiada   3/3     1            2           50m\n"));
    }

    // printers.go formatEndpoints: "<none>" without subsets, an empty cell when the subsets hold
    // only not-ready addresses, three "ip:port" then " + N more...", every port of each subset.
    void endpointsColumn_data()
    {
        QTest::addColumn<int>("ready");
        QTest::addColumn<int>("notReady");
        QTest::addColumn<int>("ports");
        QTest::addColumn<QString>("column");
        QTest::newRow("no subsets") << 0 << 0 << 1 << "<none>";
        QTest::newRow("only not ready") << 0 << 2 << 1 << "";
        QTest::newRow("two") << 2 << 1 << 1 << "10.244.0.1:8080,10.244.0.2:8080";
        QTest::newRow("five") << 5 << 0 << 1 << "10.244.0.1:8080,10.244.0.2:8080,10.244.0.3:8080 + 2 more...";
        QTest::newRow("two ports") << 2 << 0 << 2 << "10.244.0.1:8080,10.244.0.2:8080,10.244.0.1:8081 + 1 more...";
        QTest::newRow("headless without ports") << 2 << 0 << 0 << "10.244.0.1,10.244.0.2";
    }
    void endpointsColumn()
    {
        QFETCH(int, ready);
        QFETCH(int, notReady);
        QFETCH(int, ports);
        QFETCH(QString, column);
        Endpoints ep;
        if (ready + notReady > 0) {
            EndpointSubset ss;
            for (int i = 0; i < ready + notReady; ++i) {
                EndpointAddress a;
                a.ip = QStringLiteral("10.244.0.%1").arg(i + 1);
                (i < ready ? ss.addresses : ss.notReadyAddresses).push_back(a);
            }
            for (int i = 0; i < ports; ++i)
                ss.ports.push_back(EndpointPort {QStringLiteral("p%1").arg(i), 8080 + i, QStringLiteral("TCP"), {}});
            ep.subsets.push_back(ss);
        }
        QCOMPARE(formatEndpoints(ep, std::nullopt), column);
        if (ports == 2) // describe svc: the port of one name only
            QCOMPARE(formatEndpoints(ep, QStringLiteral("p1")), QStringLiteral("10.244.0.1:8081,10.244.0.2:8081"));
    }

    void rolloutStatus_data()
    {
        QTest::addColumn<int>("generation");
        QTest::addColumn<int>("observed");
        QTest::addColumn<int>("updated");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("available");
        QTest::addColumn<QString>("line");
        QTest::newRow("not observed") << 2 << 1 << 0 << 3 << 3
                                      << QStringLiteral("Waiting for deployment spec update to be observed...");
        QTest::newRow("updating")
            << 2 << 2 << 1 << 4 << 3
            << QStringLiteral(
                   "Waiting for deployment \"kiada\" rollout to finish: 1 out of 3 new replicas have been updated...");
        QTest::newRow("old pending")
            << 2 << 2 << 3 << 4 << 3
            << QStringLiteral(
                   "Waiting for deployment \"kiada\" rollout to finish: 1 old replicas are pending termination...");
        QTest::newRow("available")
            << 2 << 2 << 3 << 3 << 2
            << QStringLiteral(
                   "Waiting for deployment \"kiada\" rollout to finish: 2 of 3 updated replicas are available...");
        QTest::newRow("done") << 2 << 2 << 3 << 3 << 3
                              << QStringLiteral("deployment \"kiada\" successfully rolled out");
    }
    void rolloutStatus()
    {
        QFETCH(int, generation);
        QFETCH(int, observed);
        QFETCH(int, updated);
        QFETCH(int, total);
        QFETCH(int, available);
        QFETCH(QString, line);
        Deployment d;
        d.metadata.name = QStringLiteral("kiada");
        d.metadata.generation = generation;
        d.status.observedGeneration = observed;
        d.spec.replicas = 3;
        d.status.updatedReplicas = updated;
        d.status.replicas = total;
        d.status.availableReplicas = available;
        QCOMPARE(deploymentRolloutStatus(d).message, line);
    }
    void deadlineExceeded()
    {
        Deployment d;
        d.metadata.name = QStringLiteral("worker");
        d.status.conditions.push_back({QStringLiteral("Progressing"), QStringLiteral("False"), 0, 0,
            QStringLiteral("ProgressDeadlineExceeded"), {}});
        const RolloutStatus s = deploymentRolloutStatus(d);
        QVERIFY(s.error);
        QCOMPARE(s.message, QStringLiteral("deployment \"worker\" exceeded its progress deadline"));
    }
};

QTEST_GUILESS_MAIN(TestPrinters)
#include "tst_printers.moc"
