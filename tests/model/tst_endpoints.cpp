#include "api/json.h"
#include "controllers/endpointscontroller.h"
#include "controllers/kubelet.h"
#include "kubectl/printers.h"
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

    // The v1 Endpoints object of endpoints_controller.go syncService: in which list each pod goes
    // (ShouldPodBeInEndpoints, IsPodReady, publishNotReadyAddresses), sorted by IP.
    void subsetsOfTheEndpointsObject_data()
    {
        QTest::addColumn<bool>("publishNotReady");
        QTest::addColumn<QString>("ready");
        QTest::addColumn<QString>("notReady");
        QTest::newRow("default") << false << "10.244.0.10,10.244.0.2"
                                 << "10.244.0.3";
        QTest::newRow("publishNotReadyAddresses") << true << "10.244.0.10,10.244.0.2,10.244.0.3,10.244.0.4"
                                                  << "";
    }
    void subsetsOfTheEndpointsObject()
    {
        QFETCH(bool, publishNotReady);
        QFETCH(QString, ready);
        QFETCH(QString, notReady);
        const std::vector<PodPtr> pods {
            std::make_shared<const Pod>(
                makePod(QStringLiteral("a"), QStringLiteral("kiada"), true, false, QStringLiteral("10.244.0.2"))),
            std::make_shared<const Pod>(makePod(QStringLiteral("b"), QStringLiteral("kiada"), true, false,
                QStringLiteral("10.244.0.10"))), // "10" < "2": bytes
            std::make_shared<const Pod>(
                makePod(QStringLiteral("c"), QStringLiteral("kiada"), false, false, QStringLiteral("10.244.0.3"))),
            std::make_shared<const Pod>(makePod(
                QStringLiteral("d"), QStringLiteral("kiada"), true, true, QStringLiteral("10.244.0.4"))), // terminating
            std::make_shared<const Pod>(
                makePod(QStringLiteral("e"), QStringLiteral("kiada"), true, false, QStringLiteral(""))), // no IP yet
            std::make_shared<const Pod>(makePod(QStringLiteral("f"), QStringLiteral("kiada"), true, false,
                QStringLiteral("10.244.0.5"), QStringLiteral("Succeeded"))),
        };
        const auto subsets = EndpointsController::subsetsFor(makeService(publishNotReady), pods);
        QCOMPARE(subsets.size(), std::size_t(1));
        const auto ips = [](const std::vector<EndpointAddress>& list) {
            QStringList out;
            for (const auto& a : list)
                out << a.ip;
            return out.join(u',');
        };
        QCOMPARE(ips(subsets[0].addresses), ready);
        QCOMPARE(ips(subsets[0].notReadyAddresses), notReady);
        QCOMPARE(subsets[0].ports.size(), std::size_t(1));
        QCOMPARE(subsets[0].ports[0].port, 8080);
        QCOMPARE(subsets[0].ports[0].protocol, QStringLiteral("TCP"));
        const EndpointAddress& a = *std::find_if(subsets[0].addresses.begin(), subsets[0].addresses.end(),
            [](const EndpointAddress& x) { return x.ip == QLatin1String("10.244.0.2"); });
        QCOMPARE(a.targetRef->kind, QStringLiteral("Pod"));
        QCOMPARE(a.targetRef->name, QStringLiteral("a"));
        QCOMPARE(a.nodeName, std::optional<QString>(QStringLiteral("node1")));
    }

    // FindPort: a named targetPort is looked up in each pod; a pod without it offers nothing on
    // that port, so the ports it does offer form a subset of their own (RepackSubsets).
    void namedTargetPortsAndRepacking()
    {
        Service svc = makeService();
        svc.spec.ports.clear();
        ServicePort http;
        http.name = QStringLiteral("http");
        http.port = 80;
        http.targetPort = IntOrString::fromString(QStringLiteral("web"));
        ServicePort metrics;
        metrics.name = QStringLiteral("metrics");
        metrics.port = 9090;
        metrics.targetPort = IntOrString::fromInt(9090);
        svc.spec.ports = {http, metrics};
        Pod withPort = makePod(QStringLiteral("a"), QStringLiteral("kiada"), true, false, QStringLiteral("10.244.0.2"));
        ContainerPort web;
        web.name = QStringLiteral("web");
        web.containerPort = 8080;
        withPort.spec.edit().containers[0].ports.push_back(web);
        Pod withPort2 = withPort;
        withPort2.metadata.name = QStringLiteral("b");
        withPort2.status.podIP = QStringLiteral("10.244.0.3");
        const Pod without
            = makePod(QStringLiteral("c"), QStringLiteral("kiada"), true, false, QStringLiteral("10.244.0.4"));

        auto subsets = EndpointsController::subsetsFor(
            svc, {std::make_shared<const Pod>(withPort), std::make_shared<const Pod>(withPort2)});
        QCOMPARE(subsets.size(), std::size_t(1)); // both ports, the same two addresses
        QCOMPARE(subsets[0].ports.size(), std::size_t(2));
        QCOMPARE(subsets[0].addresses.size(), std::size_t(2));
        for (const auto& p : subsets[0].ports)
            QCOMPARE(p.port, p.name == QLatin1String("http") ? 8080 : 9090);

        subsets = EndpointsController::subsetsFor(svc,
            {std::make_shared<const Pod>(withPort), std::make_shared<const Pod>(withPort2),
                std::make_shared<const Pod>(without)});
        // http is offered by two pods, metrics by three: two sets of addresses, two subsets.
        QCOMPARE(subsets.size(), std::size_t(2));
        const std::size_t h = subsets[0].ports[0].name == QLatin1String("http") ? 0 : 1;
        QCOMPARE(subsets[h].ports.size(), std::size_t(1));
        QCOMPARE(subsets[h].ports[0].port, 8080);
        QCOMPARE(subsets[h].addresses.size(), std::size_t(2));
        QCOMPARE(subsets[1 - h].ports.size(), std::size_t(1));
        QCOMPARE(subsets[1 - h].ports[0].name, QStringLiteral("metrics"));
        QCOMPARE(subsets[1 - h].addresses.size(), std::size_t(3));
        QCOMPARE(EndpointsController::findPort(without, http), std::nullopt);
        QCOMPARE(EndpointsController::findPort(withPort, http), std::optional<qint32>(8080));
    }

    // The controller writes the object: created (empty) with the Service, filled as pods become
    // ready, its trigger time the last Ready transition; deleted with the Service, and written
    // again when someone deletes it while the Service lives.
    void controllerWritesTheObject()
    {
        Simulation sim(3);
        const QString ns = QStringLiteral("default");
        Service svc = makeService();
        svc.metadata.labels[QStringLiteral("tier")] = QStringLiteral("web");
        svc.spec.clusterIP = QStringLiteral("10.96.0.20");
        sim.store().create(svc);
        sim.advance(1);
        EndpointsPtr ep = sim.store().get<Endpoints>(ns, QStringLiteral("kiada"));
        QVERIFY(ep);
        QVERIFY(ep->subsets.empty());
        QCOMPARE(ep->metadata.labels, svc.metadata.labels);
        const ServicePtr stored = sim.store().get<Service>(ns, QStringLiteral("kiada"));
        QCOMPARE(ep->metadata.annotations.value(keys::EndpointsLastChangeTriggerTime),
            formatTimestamp(stored->metadata.creationTimestamp));
        QCOMPARE(formatEndpoints(*ep, std::nullopt), QStringLiteral("<none>"));

        for (int i = 0; i < 3; ++i) {
            Pod p;
            p.metadata.name = QStringLiteral("kiada-%1").arg(i);
            p.metadata.labels[QStringLiteral("app")] = QStringLiteral("kiada");
            Container c;
            c.name = QStringLiteral("app");
            c.image = QStringLiteral("nginx");
            p.spec.edit().containers.push_back(c);
            sim.store().create(p);
        }
        sim.advance(60000);
        ep = sim.store().get<Endpoints>(ns, QStringLiteral("kiada"));
        QCOMPARE(ep->subsets.size(), std::size_t(1));
        QCOMPARE(ep->subsets[0].addresses.size(), std::size_t(3));
        Millis lastReady = kNoTime;
        for (const auto& a : ep->subsets[0].addresses) {
            const PodPtr pod = sim.store().get<Pod>(ns, a.targetRef->name);
            QCOMPARE(a.ip, pod->status.podIP);
            QCOMPARE(a.targetRef->uid, pod->metadata.uid);
            QCOMPARE(*a.nodeName, pod->spec->nodeName);
            QVERIFY(a.targetRef->resourceVersion.isEmpty()); // v1.24+
            lastReady = std::max(lastReady, pod->readySince());
        }
        QCOMPARE(ep->metadata.annotations.value(keys::EndpointsLastChangeTriggerTime), formatTimestamp(lastReady));
        QVERIFY(!ep->metadata.labels.contains(keys::HeadlessService));
        const QString rv = ep->metadata.resourceVersion;
        sim.advance(60000);
        QCOMPARE(sim.store().get<Endpoints>(ns, QStringLiteral("kiada"))->metadata.resourceVersion, rv); // no change

        // A terminating pod leaves at once, without its Ready changing.
        Pod p = *sim.store().get<Pod>(ns, QStringLiteral("kiada-1"));
        sim.kubelet().deletePod(ns, p.metadata.name, 30);
        sim.advance(1);
        ep = sim.store().get<Endpoints>(ns, QStringLiteral("kiada"));
        QCOMPARE(ep->subsets[0].addresses.size(), std::size_t(2));
        QVERIFY(!ep->metadata.annotations.contains(keys::EndpointsLastChangeTriggerTime)); // no new trigger

        sim.store().remove<Endpoints>(ns, QStringLiteral("kiada"));
        sim.advance(1);
        ep = sim.store().get<Endpoints>(ns, QStringLiteral("kiada"));
        QVERIFY(ep);
        QCOMPARE(ep->subsets[0].addresses.size(), std::size_t(2));

        sim.store().remove<Service>(ns, QStringLiteral("kiada"));
        sim.advance(1);
        QVERIFY(!sim.store().get<Endpoints>(ns, QStringLiteral("kiada")));
    }

    // Versions: targetRef.resourceVersion until v1.23 (kubernetes#108450); the over-capacity
    // truncation to 1,000 addresses since v1.22; the headless label.
    void versionsAndCapacity_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("targetRefVersion");
        QTest::addColumn<int>("addresses");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("v1.32") << "v1.32.0" << false << 1000 << true;
        QTest::newRow("v1.23") << "v1.23.0" << true << 1000 << true;
        QTest::newRow("v1.21") << "v1.21.0" << true << 1001 << false;
    }
    void versionsAndCapacity()
    {
        QFETCH(QString, version);
        QFETCH(bool, targetRefVersion);
        QFETCH(int, addresses);
        QFETCH(bool, truncated);
        Simulation sim(1);
        sim.profile().setKubernetesVersion(version);
        sim.setAutomatic(false);
        for (int i = 0; i < 1001; ++i) {
            Pod p = makePod(QStringLiteral("p%1").arg(i), QStringLiteral("kiada"), true, false,
                QStringLiteral("10.244.%1.%2").arg(i / 250).arg(i % 250 + 2));
            p.metadata.resourceVersion = QStringLiteral("5");
            sim.store().load(p);
        }
        Service svc = makeService();
        svc.spec.clusterIP = QStringLiteral("None");
        sim.store().load(svc);
        sim.setAutomatic(true); // the controller starts: it syncs every Service
        sim.advance(1);
        const EndpointsPtr ep = sim.store().get<Endpoints>(QStringLiteral("default"), QStringLiteral("kiada"));
        QVERIFY(ep);
        int n = 0;
        for (const auto& ss : ep->subsets)
            n += int(ss.addresses.size());
        QCOMPARE(n, addresses);
        QCOMPARE(ep->metadata.annotations.value(keys::EndpointsOverCapacity) == QLatin1String("truncated"), truncated);
        QCOMPARE(ep->subsets[0].addresses[0].targetRef->resourceVersion.isEmpty(), !targetRefVersion);
        QCOMPARE(ep->metadata.labels.value(keys::HeadlessService, QStringLiteral("absent")), QString());
    }
};

QTEST_GUILESS_MAIN(TestEndpoints)
#include "tst_endpoints.moc"
