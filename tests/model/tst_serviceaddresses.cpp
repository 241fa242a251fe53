// The API server's allocation of cluster IPs and node ports (kubectl/serviceaddresses), seen as a
// user sees it: through kubectl, on clusters of different versions.
#include "kubectl/kubectl.h"
#include "kubectl/serviceaddresses.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace rl;

namespace {
QString serviceYaml(const QString& name, const QString& extraSpec = {})
{
    return QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n  name: %1\nspec:\n%2  selector:\n    app: %1\n"
                          "  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n")
        .arg(name, extraSpec);
}

quint32 ipOf(Simulation& sim, const QString& name)
{
    const auto s = sim.store().get<Service>(QStringLiteral("default"), name);
    return s ? parseIPv4(s->spec.clusterIP).value_or(0) : 0;
}

constexpr quint32 ip(int a, int b, int c, int d)
{
    return (quint32(a) << 24) | (quint32(b) << 16) | (quint32(c) << 8) | quint32(d);
}
} // namespace

class TestServiceAddresses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Since v1.25 (ServiceIPStaticSubrange) a dynamic IP comes from the upper part of the range,
    // past its first 256 addresses; the fields that go with it depend on the version.
    void clusterIPAndItsFields_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<quint32>("lowest");
        QTest::addColumn<bool>("clusterIPs");
        QTest::addColumn<bool>("families");
        QTest::addColumn<bool>("internalTrafficPolicy");
        QTest::newRow("v1.32") << QStringLiteral("v1.32.0") << ip(10, 96, 1, 1) << true << true << true;
        QTest::newRow("v1.22") << QStringLiteral("v1.22.17") << ip(10, 96, 0, 1) << true << true << true;
        QTest::newRow("v1.21") << QStringLiteral("v1.21.14") << ip(10, 96, 0, 1) << true << true << false;
        QTest::newRow("v1.20") << QStringLiteral("v1.20.15") << ip(10, 96, 0, 1) << true << false << false;
        QTest::newRow("v1.8") << QStringLiteral("v1.8.15") << ip(10, 96, 0, 1) << false << false << false;
    }
    void clusterIPAndItsFields()
    {
        QFETCH(QString, version);
        QFETCH(quint32, lowest);
        QFETCH(bool, clusterIPs);
        QFETCH(bool, families);
        QFETCH(bool, internalTrafficPolicy);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        QSet<quint32> seen;
        for (int i = 0; i < 20; ++i) {
            const QString name = QStringLiteral("svc%1").arg(i);
            QCOMPARE(k.run({"apply", "-f", "-"}, serviceYaml(name)), 0);
            const quint32 a = ipOf(sim, name);
            QVERIFY2(a >= lowest && a <= ip(10, 96, 255, 254), qPrintable(QString::number(a, 16)));
            QVERIFY(a != ip(10, 96, 0, 1) && a != ip(10, 96, 0, 10)); // kubernetes, kube-dns
            seen.insert(a);
        }
        QCOMPARE(seen.size(), 20);
        const auto s = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("svc0"));
        const QJsonObject& extra = s->spec.extra;
        QCOMPARE(extra.contains(QStringLiteral("clusterIPs")), clusterIPs);
        if (clusterIPs)
            QCOMPARE(extra.value(QStringLiteral("clusterIPs")).toArray(), QJsonArray {s->spec.clusterIP});
        QCOMPARE(extra.value(QStringLiteral("ipFamilyPolicy")).toString(),
            families ? QStringLiteral("SingleStack") : QString());
        QCOMPARE(extra.value(QStringLiteral("ipFamilies")).toArray(),
            families ? QJsonArray {QStringLiteral("IPv4")} : QJsonArray {});
        QCOMPARE(extra.contains(QStringLiteral("internalTrafficPolicy")), internalTrafficPolicy);

        // kubectl get shows the IP; describe lists the fields there are.
        QCOMPARE(k.run({"get", "svc", "svc0"}), 0);
        QVERIFY(k.out().contains(QStringLiteral(" ") + s->spec.clusterIP + QStringLiteral(" ")));
        QCOMPARE(k.run({"describe", "svc", "svc0"}), 0);
        QCOMPARE(k.out().contains(QRegularExpression(QStringLiteral("\nIP Family Policy: +SingleStack\n"))), families);
        QCOMPARE(k.out().contains(QRegularExpression(QStringLiteral("\nIPs: +<none>\n"))), !clusterIPs);
        QCOMPARE(k.out().contains(QStringLiteral("Internal Traffic Policy:")), internalTrafficPolicy);
    }

    // An update keeps the allocated IP and node ports (apply again; apply without the IP that an
    // earlier apply asked for, which the three-way merge takes out of the object sent).
    void updatesKeepTheAddresses()
    {
        Simulation sim;
        Kubectl k(sim);
        const QString yaml = serviceYaml(QStringLiteral("web"), QStringLiteral("  type: NodePort\n"));
        QCOMPARE(k.run({"apply", "-f", "-"}, yaml), 0);
        const auto first = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("web"));
        QVERIFY(!first->spec.clusterIP.isEmpty());
        const int nodePort = first->spec.ports.at(0).nodePort;
        QVERIFY2(nodePort >= 30086 && nodePort <= 32767, qPrintable(QString::number(nodePort)));
        QCOMPARE(k.run({"apply", "-f", "-"}, yaml + QStringLiteral("    # again\n")), 0);
        const auto now = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("web"));
        QCOMPARE(now->spec.clusterIP, first->spec.clusterIP);
        QCOMPARE(now->spec.ports.at(0).nodePort, nodePort);
        QCOMPARE(k.run({"get", "svc", "web"}), 0);
        QVERIFY(k.out().contains(QStringLiteral("80:%1/TCP").arg(nodePort)));
        QCOMPARE(now->spec.extra.value(QStringLiteral("externalTrafficPolicy")).toString(), QStringLiteral("Cluster"));
        QCOMPARE(k.run({"describe", "svc", "web"}), 0);
        QVERIFY(k.out().contains(QRegularExpression(QStringLiteral(
            "\nSession Affinity: +None\nExternal Traffic Policy: +Cluster\nInternal Traffic Policy: +Cluster\n"))));

        QCOMPARE(k.run({"apply", "-f", "-"},
                     serviceYaml(QStringLiteral("fixed"), QStringLiteral("  clusterIP: 10.96.0.20\n"))),
            0);
        QCOMPARE(k.run({"apply", "-f", "-"}, serviceYaml(QStringLiteral("fixed"))), 0);
        QCOMPARE(ipOf(sim, QStringLiteral("fixed")), ip(10, 96, 0, 20));

        // Once set, the IP stays.
        QCOMPARE(k.run({"apply", "-f", "-"},
                     serviceYaml(QStringLiteral("fixed"), QStringLiteral("  clusterIP: 10.96.0.21\n"))),
            1);
        QCOMPARE(k.err().section(u'\n', 0, 0),
            QStringLiteral("The Service \"fixed\" is invalid: spec.clusterIPs[0]: Invalid value: "
                           "[]string{\"10.96.0.21\"}: may not change once set"));
        QCOMPARE(ipOf(sim, QStringLiteral("fixed")), ip(10, 96, 0, 20));
    }

    // A change of type drops what only the old type used (v1.20+), when the update left it as it
    // was; before v1.20 the leftover node port is refused.
    void typeChangeDropsNodePorts()
    {
        Simulation sim;
        Kubectl k(sim);
        const QString nodePort = serviceYaml(QStringLiteral("web"), QStringLiteral("  type: NodePort\n"));
        const QString clusterIP = serviceYaml(QStringLiteral("web"), QStringLiteral("  type: ClusterIP\n"));
        QCOMPARE(k.run({"apply", "-f", "-"}, nodePort), 0);
        QCOMPARE(k.run({"apply", "-f", "-"}, clusterIP), 0);
        auto svc = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("web"));
        QCOMPARE(svc->spec.ports.at(0).nodePort, 0);
        QVERIFY(!svc->spec.extra.contains(QStringLiteral("externalTrafficPolicy")));
        QCOMPARE(k.run({"apply", "-f", "-"}, nodePort), 0);
        svc = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("web"));
        QVERIFY(svc->spec.ports.at(0).nodePort >= 30086);

        Simulation old;
        old.profile().setKubernetesVersion(QStringLiteral("v1.19.16"));
        Kubectl k19(old);
        QCOMPARE(k19.run({"apply", "-f", "-"}, nodePort), 0);
        QCOMPARE(k19.run({"apply", "-f", "-"}, clusterIP), 1);
        QCOMPARE(k19.err().section(u'\n', 0, 0),
            QStringLiteral("The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when "
                           "`type` is 'ClusterIP'"));
    }

    // A requested address outside the range or held by another Service: the API server's errors.
    void requestedAddresses_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("err");
        QTest::newRow("IP not in range") << QStringLiteral("v1.32.0") << QStringLiteral("  clusterIP: 10.0.0.5\n")
                                         << QStringLiteral(
                                                "The Service \"x\" is invalid: spec.clusterIPs: Invalid value: "
                                                "[]string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided "
                                                "IP (10.0.0.5) is not in the valid range. The range of valid IPs is "
                                                "10.96.0.0/16\n");
        QTest::newRow("IP not in range, v1.19")
            << QStringLiteral("v1.19.16") << QStringLiteral("  clusterIP: 10.0.0.5\n")
            << QStringLiteral("The Service \"x\" is invalid: spec.clusterIP: Invalid value: \"10.0.0.5\": provided IP "
                              "is not in the valid range. The range of valid IPs is 10.96.0.0/16\n");
        QTest::newRow("IP of kube-dns") << QStringLiteral("v1.32.0") << QStringLiteral("  clusterIP: 10.96.0.10\n")
                                        << QStringLiteral(
                                               "The Service \"x\" is invalid: spec.clusterIPs: Invalid value: "
                                               "[]string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided "
                                               "IP is already allocated\n");
        QTest::newRow("node port not in range")
            << QStringLiteral("v1.32.0") << QStringLiteral("  type: NodePort\n  clusterIP: 10.96.0.20\n") << QString();
    }
    void requestedAddresses()
    {
        QFETCH(QString, version);
        QFETCH(QString, spec);
        QFETCH(QString, err);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        QString yaml = serviceYaml(QStringLiteral("x"), spec);
        if (err.isEmpty()) { // a node port of 80
            yaml += QStringLiteral("    nodePort: 80\n");
            err = QStringLiteral("The Service \"x\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided "
                                 "port is not in the valid range. The range of valid ports is 30000-32767\n");
        }
        QCOMPARE(k.run({"apply", "-f", "-"}, yaml), 1);
        QCOMPARE(k.err().section(u'\n', 0, 0) + QLatin1Char('\n'), err);
        QVERIFY(!sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("x")));
    }

    void takenIPAndPort()
    {
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(
            k.run({"apply", "-f", "-"}, serviceYaml(QStringLiteral("a"), QStringLiteral("  type: NodePort\n"))), 0);
        const auto a = sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("a"));
        QCOMPARE(k.run({"apply", "-f", "-"},
                     serviceYaml(QStringLiteral("b"), QStringLiteral("  clusterIP: %1\n").arg(a->spec.clusterIP))),
            1);
        QVERIFY(k.err().contains(QStringLiteral("provided IP is already allocated")));
        QCOMPARE(k.run({"apply", "-f", "-"},
                     serviceYaml(QStringLiteral("c"), QStringLiteral("  type: NodePort\n"))
                         + QStringLiteral("    nodePort: %1\n").arg(a->spec.ports.at(0).nodePort)),
            1);
        QVERIFY(k.err().contains(QStringLiteral("spec.ports[0].nodePort: Invalid value: %1: provided port is already "
                                                "allocated")
                                     .arg(a->spec.ports.at(0).nodePort)));
        // A headless Service gets no IP.
        QCOMPARE(
            k.run({"apply", "-f", "-"}, serviceYaml(QStringLiteral("d"), QStringLiteral("  clusterIP: None\n"))), 0);
        QCOMPARE(sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("d"))->spec.clusterIP,
            QStringLiteral("None"));
    }

    // describe's Endpoints: <none> without a pod, at most three ready addresses sorted by IP.
    // kubectl 1.32 describes a Service's endpoints from its EndpointSlices: an empty text while
    // only the placeholder slice exists, three ready ones and how many more; "<none>" from a
    // server without discovery.k8s.io/v1 (before v1.21).
    void describeEndpoints_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("v1.32") << QStringLiteral("v1.32.0");
        QTest::newRow("v1.20") << QStringLiteral("v1.20.15");
    }
    void describeEndpoints()
    {
        QFETCH(QString, version);
        const bool slices = version == QLatin1String("v1.32.0");
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        Kubectl k(sim);
        QCOMPARE(k.run({"apply", "-f", "-"}, serviceYaml(QStringLiteral("kiada"))), 0);
        QCOMPARE(k.run({"describe", "svc", "kiada"}), 0);
        QVERIFY2(k.out().contains(QRegularExpression(
                     slices ? QStringLiteral("\nEndpoints: +\n") : QStringLiteral("\nEndpoints: +<none>\n"))),
            qPrintable(k.out()));
        QCOMPARE(k.run({"create", "deployment", "kiada", "--image=luksa/kiada:0.1", "--replicas=5"}), 0);
        sim.advance(60000);
        QCOMPARE(k.run({"describe", "svc", "kiada"}), 0);
        QStringList ips;
        for (const auto& [key, p] : sim.store().all<Pod>())
            ips << p->status.podIP;
        QCOMPARE(ips.size(), 5);
        ips.sort();
        QVERIFY2(
            k.out().contains(slices ? QStringLiteral("Endpoints:                %1:8080,%2:8080,%3:8080 + 2 more...\n")
                                          .arg(ips[0], ips[1], ips[2])
                                    : QStringLiteral("Endpoints:         <none>\n")),
            qPrintable(k.out()));
    }
};

QTEST_GUILESS_MAIN(TestServiceAddresses)
#include "tst_serviceaddresses.moc"
