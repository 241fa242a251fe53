#include "api/json.h"
#include "controllers/endpointscontroller.h"
#include "controllers/kubelet.h"
#include "manifest/defaults.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"
#include "sim/snapshot.h"

#include <QJsonDocument>
#include <QTest>

using namespace rl;

namespace {
QStringList podLines(Simulation& sim)
{
    QStringList out;
    for (const auto& [key, p] : sim.store().all<Pod>()) {
        QString cs;
        for (const auto& c : p->status.containerStatuses)
            cs += QStringLiteral(" %1/%2/%3/%4")
                      .arg(c.state.reason)
                      .arg(c.restartCount)
                      .arg(c.ready)
                      .arg(int(c.state.kind));
        out << key + QLatin1Char(' ') + p->status.phase + QLatin1Char(' ') + p->spec->nodeName + QLatin1Char(' ')
                + p->status.podIP + cs + (p->metadata.isDeleting() ? QStringLiteral(" deleting") : QString());
    }
    return out;
}

QStringList eventLines(Simulation& sim)
{
    QStringList out;
    for (const auto& [key, e] : sim.store().all<Event>())
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                   .arg(key, e->reason)
                   .arg(e->count)
                   .arg(e->firstTimestamp)
                   .arg(e->lastTimestamp)
                   .arg(e->metadata.resourceVersion, e->message);
    return out;
}

void populate(Simulation& sim)
{
    sim.profile().setNodeCount(2);
    ImageBehavior crash;
    crash.image = QStringLiteral("crash:1");
    crash.crashAfter = 3000;
    sim.profile().addImageBehavior(crash);
    ImageBehavior stubborn;
    stubborn.image = QStringLiteral("worker:1");
    stubborn.ignoresSigterm = true;
    sim.profile().addImageBehavior(stubborn);
    for (int i = 0; i < 4; ++i) {
        Pod p;
        p.metadata.name = QStringLiteral("p%1").arg(i);
        p.metadata.labels[QStringLiteral("app")] = QStringLiteral("x");
        Container c;
        c.name = QStringLiteral("c");
        c.image = i == 0 ? QStringLiteral("crash:1") : QStringLiteral("worker:1");
        Probe pr;
        pr.handler = QJsonObject {{QStringLiteral("tcpSocket"), QJsonObject {{QStringLiteral("port"), 80}}}};
        pr.periodSeconds = 5;
        if (i == 3)
            c.readinessProbe = pr;
        p.spec.edit().containers.push_back(c);
        sim.store().create(p);
    }
    Service s;
    s.metadata.name = QStringLiteral("x");
    s.spec.selector[QStringLiteral("app")] = QStringLiteral("x");
    sim.store().create(s);
}
} // namespace

class TestSnapshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void restoreContinuesDeterministically()
    {
        Simulation sim(9);
        populate(sim);
        sim.advance(12000);
        sim.kubelet().deletePod(QStringLiteral("default"), QStringLiteral("p1"));
        sim.advance(3000);
        const SimulationSnapshot snap = SimulationSnapshot::take(sim);
        const QStringList atSnapshot = podLines(sim);
        const QStringList readyAtSnapshot
            = sim.endpointsController().readyPods(QStringLiteral("default"), QStringLiteral("x"));

        sim.advance(60000);
        const QStringList later = podLines(sim);
        const QStringList laterEvents = eventLines(sim);
        QVERIFY(later != atSnapshot); // p1 is gone, p0 restarted

        snap.restoreInto(sim);
        QCOMPARE(sim.now(), snap.time);
        QCOMPARE(podLines(sim), atSnapshot);
        QCOMPARE(sim.endpointsController().readyPods(QStringLiteral("default"), QStringLiteral("x")), readyAtSnapshot);
        sim.advance(60000);
        const QStringList replay1 = podLines(sim);
        QVERIFY(!sim.store().get<Pod>(QStringLiteral("default"), QStringLiteral("p1"))); // termination resumed

        snap.restoreInto(sim);
        sim.advance(60000);
        QCOMPARE(podLines(sim), replay1);
        // The restored run reaches the same state as the original continuation here.
        QCOMPARE(replay1, later);
        QCOMPARE(eventLines(sim), laterEvents);
    }

    // The recorder's caches and leases are part of the state: after a restore, a repeat
    // aggregates into the Event it did in the original run (the same count, the same series),
    // and each Event goes when its lease expires there, as the API server's TTL had it.
    void restoreRecordsTheSameEvents_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("v1.32: scheduler series") << QStringLiteral("v1.32.0");
        QTest::newRow("v1.8: per-write leases") << QStringLiteral("v1.8.15");
    }
    void restoreRecordsTheSameEvents()
    {
        QFETCH(QString, version);
        Simulation sim(5);
        sim.profile().setKubernetesVersion(version);
        QStringList writes;
        sim.store().addListener([&](const WatchEvent& ev) {
            if (ev.kind != Kind::Event)
                return;
            const Event& e = *std::get<EventPtr>(ev.object);
            writes << QStringLiteral("%1 %2 %3 %4 %5 %6")
                          .arg(sim.now())
                          .arg(watchTypeName(ev.type), e.metadata.name, e.reason)
                          .arg(e.occurrences())
                          .arg(e.lastSeen());
        });
        populate(sim);
        sim.profile().setNodeCount(1); // four pods for three slots: one waits, one crashes
        sim.profile().setMaxPodsPerNode(3);
        sim.advance(40000);
        const SimulationSnapshot snap = SimulationSnapshot::take(sim);
        writes.clear();
        sim.advance(2 * 3600 * 1000); // past the Events' one-hour TTL
        const QStringList original = writes;
        const QStringList originalEvents = eventLines(sim);
        QVERIFY(original.size() > 20);
        QVERIFY(original.join(u'\n').contains(QStringLiteral(" DELETED "))); // Events expired
        QVERIFY(original.join(u'\n').contains(QStringLiteral(" BackOff "))); // crash loop repeats
        QVERIFY(original.join(u'\n').contains(QStringLiteral(" FailedScheduling "))); // and the waiting pod

        snap.restoreInto(sim);
        writes.clear();
        sim.advance(2 * 3600 * 1000);
        QCOMPARE(writes, original);
        QCOMPARE(eventLines(sim), originalEvents);
    }

    // Mid-rollout, every write after a restore is the original run's: the same objects, names,
    // resourceVersions, at the same moments; the Endpoints too, with their trigger times, also
    // when the snapshot is taken while an endpoints sync waits.
    void restoreMidRolloutRepeatsEveryWrite_data()
    {
        QTest::addColumn<bool>("whileSyncWaits");
        QTest::newRow("quiet moment") << false;
        QTest::newRow("endpoints sync waiting") << true;
    }
    void restoreMidRolloutRepeatsEveryWrite()
    {
        QFETCH(bool, whileSyncWaits);
        Simulation sim(11);
        Service svc;
        svc.metadata.name = QStringLiteral("web");
        svc.spec.selector[QStringLiteral("app")] = QStringLiteral("web");
        svc.spec.clusterIP = QStringLiteral("10.96.0.30");
        ServicePort port;
        port.port = 80;
        port.targetPort = IntOrString::fromInt(8080);
        svc.spec.ports.push_back(port);
        sim.store().create(svc);
        Deployment d;
        d.metadata.name = QStringLiteral("web");
        d.metadata.namespace_ = QStringLiteral("default");
        d.spec.replicas = 6;
        d.spec.minReadySeconds = 5;
        LabelSelector sel;
        sel.matchLabels[QStringLiteral("app")] = QStringLiteral("web");
        d.spec.selector = sel;
        d.spec.template_.metadata.labels[QStringLiteral("app")] = QStringLiteral("web");
        Container c;
        c.name = QStringLiteral("web");
        c.image = QStringLiteral("web:1");
        d.spec.template_.spec.containers.push_back(c);
        applyDefaults(d, QStringLiteral("apps/v1"));
        sim.store().create(d);
        sim.advance(60000);
        Deployment next = *sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("web"));
        next.spec.template_.spec.containers[0].image = QStringLiteral("web:2");
        next.metadata.generation += 1;
        sim.store().update(std::move(next));
        sim.advance(4000);
        if (whileSyncWaits) { // a new label for the Service: only the endpoints controller has work
            Service labelled = *sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("web"));
            labelled.metadata.labels[QStringLiteral("tier")] = QStringLiteral("front");
            sim.store().update(std::move(labelled));
            QCOMPARE(sim.endpointsController().state().pending.size(), std::size_t(1));
        }

        QStringList writes;
        sim.store().addListener([&](const WatchEvent& ev) {
            writes << QStringLiteral("%1 %2 %3 %4")
                          .arg(sim.now())
                          .arg(watchTypeName(ev.type), kindName(ev.kind),
                              std::visit(
                                  [](const auto& o) {
                                      QString line = o->metadata.name + QLatin1Char(' ') + o->metadata.resourceVersion;
                                      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(*o)>, Endpoints>)
                                          line += QLatin1Char(' ')
                                              + QString::fromUtf8(
                                                  QJsonDocument(toJson(*o)).toJson(QJsonDocument::Compact));
                                      return line;
                                  },
                                  ev.object));
        });
        const SimulationSnapshot snap = SimulationSnapshot::take(sim);
        sim.advance(600000);
        const QStringList original = writes;
        QVERIFY(original.filter(QStringLiteral("DELETED Pod")).size() >= 5); // the rollout went on
        QVERIFY(original.filter(QStringLiteral("MODIFIED Endpoints")).size() >= 5); // and the endpoints followed
        QVERIFY(original.filter(QStringLiteral("last-change-trigger-time")).size() >= 1);
        if (whileSyncWaits)
            QVERIFY(original.filter(QStringLiteral("MODIFIED Endpoints")).first().contains(QStringLiteral("front")));

        snap.restoreInto(sim);
        writes.clear();
        sim.advance(600000);
        QCOMPARE(writes, original);
    }
};

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
