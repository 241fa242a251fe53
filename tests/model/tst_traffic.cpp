#include "controllers/kubelet.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QTest>

using namespace rl;

namespace {
Pod kiadaPod(const QString& name, const QString& image)
{
    Pod p;
    p.metadata.name = name;
    p.metadata.labels[QStringLiteral("app")] = QStringLiteral("kiada");
    Container c;
    c.name = QStringLiteral("kiada");
    c.image = image;
    c.env.push_back(EnvVar {QStringLiteral("FAIL_AFTER_SECONDS"), QStringLiteral("30"), {}});
    p.spec.edit().containers.push_back(c);
    return p;
}

void setUp(Simulation& sim)
{
    sim.profile().setNodeCount(2);
    for (const char* v : {"0.6", "0.7", "0.8"}) {
        ImageBehavior b;
        b.image = QStringLiteral("luksa/kiada:") + QLatin1String(v);
        b.version = QStringLiteral("Kiada ") + QLatin1String(v);
        b.startupTime = 500;
        if (QLatin1String(v) == QLatin1String("0.8"))
            b.failAfterEnv = QStringLiteral("FAIL_AFTER_SECONDS");
        sim.profile().addImageBehavior(b);
    }
    Service s;
    s.metadata.name = QStringLiteral("kiada");
    s.spec.selector[QStringLiteral("app")] = QStringLiteral("kiada");
    ServicePort port;
    port.port = 80;
    port.targetPort = IntOrString::fromInt(8080);
    s.spec.ports.push_back(port);
    sim.store().create(s);
}
} // namespace

class TestTraffic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedWithoutEndpointsThenServed()
    {
        Simulation sim(3);
        setUp(sim);
        TrafficSource client(sim, QStringLiteral("default"), QStringLiteral("kiada"), 10.0);
        client.start();
        sim.advance(1000);
        QCOMPARE(client.sent(), 10);
        for (const auto& r : client.requests())
            QCOMPARE(r.outcome, TrafficSource::Outcome::Refused);
        QCOMPARE(client.formatLine(client.requests().front()),
            QStringLiteral("curl: (7) Failed to connect to kiada port 80 after 0 ms: Couldn't connect to server"));
        sim.store().create(kiadaPod(QStringLiteral("kiada-5d5c5f9d76-qfx9p"), QStringLiteral("luksa/kiada:0.6")));
        sim.advance(20000);
        const auto& last = client.requests().back();
        QCOMPARE(last.outcome, TrafficSource::Outcome::Served);
        QCOMPARE(last.version, QStringLiteral("Kiada 0.6"));
        // The book's client loop line.
        QCOMPARE(client.formatLine(last),
            QStringLiteral("Request processed by Kiada 0.6 running in pod \"kiada-5d5c5f9d76-qfx9p\""));
        int total = 0;
        for (const auto& [version, n] : client.countsByVersion())
            total += n;
        QCOMPARE(total, client.sent());
        QCOMPARE(client.sent(), 210);
    }

    void splitsOverVersionsAndSeesFailures()
    {
        Simulation sim(5);
        setUp(sim);
        sim.store().create(kiadaPod(QStringLiteral("kiada-a"), QStringLiteral("luksa/kiada:0.6")));
        sim.store().create(kiadaPod(QStringLiteral("kiada-b"), QStringLiteral("luksa/kiada:0.8")));
        sim.advance(15000);
        TrafficSource client(sim, QStringLiteral("default"), QStringLiteral("kiada"), 20.0, 42);
        client.start();
        sim.advance(10000); // both ready, 0.8 not failing yet (no probe: it stays an endpoint)
        auto counts = client.countsByVersion();
        QVERIFY(counts[QStringLiteral("Kiada 0.6")] > 60);
        QVERIFY(counts[QStringLiteral("Kiada 0.8")] > 60);
        sim.advance(20000); // 0.8 started > 30 s ago: it answers 500
        const auto& r = client.requests();
        int errors = 0;
        for (auto it = r.rbegin(); it != r.rbegin() + 100; ++it) {
            if (it->outcome == TrafficSource::Outcome::ServerError) {
                ++errors;
                QCOMPARE(it->pod, QStringLiteral("kiada-b"));
                QCOMPARE(it->statusCode, 500);
            }
        }
        QVERIFY(errors > 20);
        counts = client.countsByVersion();
        int total = 0;
        for (const auto& [version, n] : counts)
            total += n;
        QCOMPARE(total, client.sent());
        // Adjustable rate.
        const int before = client.sent();
        client.setRate(2.0);
        sim.advance(10000);
        QCOMPARE(client.sent() - before, 20);
        client.stop();
        sim.advance(10000);
        QCOMPARE(client.sent() - before, 20);
    }
};

QTEST_GUILESS_MAIN(TestTraffic)
#include "tst_traffic.moc"
