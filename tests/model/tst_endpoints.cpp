#include "controllers/endpointscontroller.h"
#include "controllers/kubelet.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QTest>

using namespace rl;

namespace {
Pod makePod(const QString& name, const QString& app, bool ready, bool deleting, const QString& ip,
    const QString& phase = QStringLiteral("Running"))
{
    Pod p;
    p.metadata.name = name;
    p.metadata.namespace_ = QStringLiteral("default");
    p.metadata.labels[QStringLiteral("app")] = app;
    if (deleting) {
        p.metadata.deletionTimestamp = 1000;
        p.metadata.deletionGracePeriodSeconds = 30;
    }
    p.spec.edit().nodeName = QStringLiteral("node1");
    Container c;
    c.name = QStringLiteral("app");
    c.image = QStringLiteral("nginx");
    p.spec.edit().containers.push_back(c);
    p.status.phase = phase;
    p.status.podIP = ip;
    p.status.conditions.push_back(PodCondition {
        QStringLiteral("Ready"), ready ? QStringLiteral("True") : QStringLiteral("False"), kNoTime, 0, {}, {}});
    return p;
}

Service makeService(bool publishNotReady = false)
{
    Service s;
    s.metadata.name = QStringLiteral("kiada");
    s.metadata.namespace_ = QStringLiteral("default");
    s.spec.selector[QStringLiteral("app")] = QStringLiteral("kiada");
    ServicePort port;
    port.port = 80;
    port.targetPort = IntOrString::fromInt(8080);
    s.spec.ports.push_back(port);
    s.spec.publishNotReadyAddresses = publishNotReady;
    return s;
}
} // namespace

class TestEndpoints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Spec 8: a pod receives traffic iff it is Ready and not terminating (or, with
    // publishNotReadyAddresses, iff it has an IP and is not terminated).
    void whichPodsReceiveTraffic_data()
    {
        QTest::addColumn<bool>("ready");
        QTest::addColumn<bool>("deleting");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("phase");
        QTest::addColumn<QString>("app");
        QTest::addColumn<bool>("publishNotReady");
        QTest::addColumn<bool>("receives");
        QTest::addColumn<bool>("listed");
        QTest::newRow("ready") << true << false << "10.244.0.2"
                               << "Running"
                               << "kiada" << false << true << true;
        QTest::newRow("not ready") << false << false << "10.244.0.2"
                                   << "Running"
                                   << "kiada" << false << false << true;
        QTest::newRow("terminating ready") << true << true << "10.244.0.2"
                                           << "Running"
                                           << "kiada" << false << false << true;
        QTest::newRow("no IP") << true << false << ""
                               << "Pending"
                               << "kiada" << false << false << false;
        QTest::newRow("failed") << true << false << "10.244.0.2"
                                << "Failed"
                                << "kiada" << false << false << false;
        QTest::newRow("other label") << true << false << "10.244.0.2"
                                     << "Running"
                                     << "other" << false << false << false;
        QTest::newRow("publishNotReady, not ready") << false << false << "10.244.0.2"
                                                    << "Running"
                                                    << "kiada" << true << true << true;
        QTest::newRow("publishNotReady, terminating") << false << true << "10.244.0.2"
                                                      << "Running"
                                                      << "kiada" << true << true << true;
    }
    void whichPodsReceiveTraffic()
    {
        QFETCH(bool, ready);
        QFETCH(bool, deleting);
        QFETCH(QString, ip);
        QFETCH(QString, phase);
        QFETCH(QString, app);
        QFETCH(bool, publishNotReady);
        QFETCH(bool, receives);
        QFETCH(bool, listed);
        Simulation sim(1);
        sim.setAutomatic(false); // no kubelet: pods are loaded as they are
        sim.store().load(makeService(publishNotReady));
        sim.store().load(makePod(QStringLiteral("p"), app, ready, deleting, ip, phase));
        auto& ep = sim.endpointsController();
        QCOMPARE(
            ep.readyPods(QStringLiteral("default"), QStringLiteral("kiada")).contains(QStringLiteral("p")), receives);
        QCOMPARE(ep.endpoints(QStringLiteral("default"), QStringLiteral("kiada")).size(), std::size_t(listed ? 1 : 0));
        QCOMPARE(ep.endpointsColumn(QStringLiteral("default"), QStringLiteral("kiada")),
            receives ? QStringLiteral("10.244.0.2:8080") : QStringLiteral("<none>"));
    }

    void followsPodChangesAndRecordsHistory()
    {
        Simulation sim(1);
        sim.setAutomatic(false);
        auto& ep = sim.endpointsController();
        // Pods first, Service later: the Service picks up existing pods.
        for (int i = 0; i < 5; ++i)
            sim.store().load(makePod(QStringLiteral("p%1").arg(i), QStringLiteral("kiada"), true, false,
                QStringLiteral("10.244.0.%1").arg(i + 2)));
        sim.store().load(makeService());
        QCOMPARE(ep.readyPods(QStringLiteral("default"), QStringLiteral("kiada")).size(), 5);
        // kubectl get endpoints: three addresses then "+ N more...".
        QCOMPARE(ep.endpointsColumn(QStringLiteral("default"), QStringLiteral("kiada")),
            QStringLiteral("10.244.0.2:8080,10.244.0.3:8080,10.244.0.4:8080 + 2 more..."));
        sim.advance(1000);
        Pod p = *sim.store().get<Pod>(QStringLiteral("default"), QStringLiteral("p1"));
        p.metadata.deletionTimestamp = sim.now() + 30000;
        sim.store().update(p);
        sim.advance(1000);
        sim.store().remove<Pod>(QStringLiteral("default"), QStringLiteral("p2"));
        QCOMPARE(ep.readyPods(QStringLiteral("default"), QStringLiteral("kiada")), (QStringList {"p0", "p3", "p4"}));
        const auto& h = ep.history(QStringLiteral("default"), QStringLiteral("kiada"));
        QCOMPARE(h.size(), std::size_t(3));
        QCOMPARE(h[1].ready, 4);
        QCOMPARE(h[1].notReady, 1);
        QCOMPARE(h[2].ready, 3);
        QCOMPARE(h[2].time - h[1].time, 1000);
        sim.store().remove<Service>(QStringLiteral("default"), QStringLiteral("kiada"));
        QVERIFY(ep.readyPods(QStringLiteral("default"), QStringLiteral("kiada")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEndpoints)
#include "tst_endpoints.moc"
