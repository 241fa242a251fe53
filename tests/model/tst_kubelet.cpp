#include "api/json.h"
#include "controllers/kubelet.h"
#include "kubectl/describe.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <map>

using namespace rl;

namespace {

struct Recorded
{
    Millis time;
    QString type;
    QString reason;
    QString message;
    QString source;
};

// Collects every Event object written to the store (first occurrence and count updates).
struct EventLog
{
    explicit EventLog(Simulation& sim)
        : m_sim(sim)
    {
        sim.store().addListener([this](const WatchEvent& ev) {
            if (ev.kind != Kind::Event || ev.type == WatchType::Deleted)
                return;
            const auto& e = *std::get<EventPtr>(ev.object);
            // describe's From: the source, else (events.k8s.io) the reporting controller.
            all.push_back({m_sim.now(), e.type, e.reason, e.message, e.from()});
        });
    }
    QStringList lines(const QString& reason = {}) const
    {
        QStringList out;
        for (const auto& r : all) {
            if (reason.isEmpty() || r.reason == reason)
                out << r.reason + QLatin1Char(' ') + r.message;
        }
        out.removeDuplicates();
        return out;
    }
    std::vector<Millis> times(const QString& reason, const QString& message = {}) const
    {
        std::vector<Millis> out;
        for (const auto& r : all) {
            if (r.reason == reason && (message.isEmpty() || r.message == message))
                out.push_back(r.time);
        }
        return out;
    }
    Simulation& m_sim;
    std::vector<Recorded> all;
};

// luksa/kiada:0.6 as the pull tests declare it: pulled in 2 s, 12,345 bytes, up 1 s after start.
ImageBehavior kiadaImage()
{
    ImageBehavior b;
    b.image = QStringLiteral("luksa/kiada:0.6");
    b.pullTime = 2000;
    b.startupTime = 1000;
    b.sizeBytes = 12345;
    return b;
}

Pod makePod(const QString& name, const QString& image, const QString& container = QStringLiteral("app"))
{
    Pod p;
    p.metadata.name = name;
    p.metadata.labels[QStringLiteral("app")] = QStringLiteral("demo");
    Container c;
    c.name = container;
    c.image = image;
    p.spec.edit().containers.push_back(c);
    p.spec.edit().restartPolicy = QStringLiteral("Always");
    return p;
}

Probe httpProbe(qint32 period, qint32 failureThreshold)
{
    Probe pr;
    pr.handler = QJsonObject {{QStringLiteral("httpGet"),
        QJsonObject {{QStringLiteral("path"), QStringLiteral("/healthz/ready")}, {QStringLiteral("port"), 8080},
            {QStringLiteral("scheme"), QStringLiteral("HTTP")}}}};
    pr.periodSeconds = period;
    pr.timeoutSeconds = 1;
    pr.successThreshold = 1;
    pr.failureThreshold = failureThreshold;
    return pr;
}

PodPtr pod(Simulation& sim, const QString& name)
{
    return sim.store().get<Pod>(QStringLiteral("default"), name);
}

const ContainerStatus& status0(const PodPtr& p)
{
    return p->status.containerStatuses.at(0);
}

} // namespace

// A cluster of one node with room for one pod, which records where and when (seconds after its
// start) each pod is first bound: "<pod> <node> <seconds>".
struct OneSlotCluster
{
    Simulation sim {3};
    Millis t0 = 0;
    QStringList bindings;
    explicit OneSlotCluster(const QString& version)
    {
        sim.profile().setKubernetesVersion(version);
        sim.profile().setNodeCount(1);
        sim.profile().setMaxPodsPerNode(1);
        t0 = sim.now();
        sim.store().addListener([this](const WatchEvent& ev) {
            if (ev.kind != Kind::Pod || ev.type != WatchType::Modified)
                return;
            const auto& p = *std::get<PodPtr>(ev.object);
            const QString name = p.metadata.name;
            if (!p.spec->nodeName.isEmpty() && !bound(name))
                bindings << name + QLatin1Char(' ') + p.spec->nodeName + QLatin1Char(' ')
                        + QString::number(double(sim.now() - t0) / 1000.0);
        });
    }
    bool bound(const QString& name) const
    {
        return std::any_of(
            bindings.begin(), bindings.end(), [&](const QString& b) { return b.section(u' ', 0, 0) == name; });
    }
    void create(const char* name) { sim.store().create(makePod(QLatin1String(name), QStringLiteral("nginx:1.27"))); }
    void advanceTo(Millis t) { sim.advance(t0 + t - sim.now()); }
};

class TestKubelet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The pod conditions the kubelet writes, by version: ContainersReady since v1.11 (readiness
    // gates), PodReadyToStartContainers since v1.29.
    void conditionsOfTheVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QStringList>("conditions");
        QTest::newRow("v1.8") << QStringLiteral("1.8") << QStringList {"Initialized", "Ready", "PodScheduled"};
        QTest::newRow("v1.11") << QStringLiteral("1.11")
                               << QStringList {"Initialized", "Ready", "ContainersReady", "PodScheduled"};
        QTest::newRow("v1.29") << QStringLiteral("1.29")
                               << QStringList {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                                      "PodScheduled"};
    }
    void conditionsOfTheVersion()
    {
        QFETCH(QString, version);
        QFETCH(QStringList, conditions);
        Simulation sim(7);
        sim.profile().setKubernetesVersion(version);
        sim.store().create(makePod(QStringLiteral("web"), QStringLiteral("nginx:1.27")));
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "web")->isReady(); }, 60000));
        QStringList types;
        for (const auto& c : pod(sim, "web")->status.conditions)
            types << c.type;
        QCOMPARE(types, conditions);
    }

    // status.podIPs (since v1.16) and status.hostIPs (since v1.29) beside podIP and hostIP, as the
    // API server keeps what the kubelet writes; describe's IPs list follows podIPs.
    void ipListsOfTheVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("podIPs");
        QTest::addColumn<bool>("hostIPs");
        QTest::newRow("v1.8") << QStringLiteral("1.8") << false << false;
        QTest::newRow("v1.15") << QStringLiteral("1.15") << false << false;
        QTest::newRow("v1.16") << QStringLiteral("1.16") << true << false;
        QTest::newRow("v1.28") << QStringLiteral("1.28") << true << false;
        QTest::newRow("v1.29") << QStringLiteral("1.29") << true << true;
        QTest::newRow("v1.32") << QStringLiteral("1.32") << true << true;
    }
    void ipListsOfTheVersion()
    {
        QFETCH(QString, version);
        QFETCH(bool, podIPs);
        QFETCH(bool, hostIPs);
        Simulation sim(7);
        sim.profile().setKubernetesVersion(version);
        sim.store().create(makePod(QStringLiteral("web"), QStringLiteral("nginx:1.27")));
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "web")->isReady(); }, 60000));
        const PodPtr p = pod(sim, "web");
        const QJsonObject status = toJson(*p).value(QStringLiteral("status")).toObject();
        QVERIFY(!status.value(QStringLiteral("podIP")).toString().isEmpty());
        QVERIFY(!status.value(QStringLiteral("hostIP")).toString().isEmpty());
        QCOMPARE(status.contains(QStringLiteral("podIPs")), podIPs);
        QCOMPARE(status.contains(QStringLiteral("hostIPs")), hostIPs);
        if (podIPs)
            QCOMPARE(status.value(QStringLiteral("podIPs")).toArray().at(0).toObject().value(QStringLiteral("ip")),
                status.value(QStringLiteral("podIP")));
        const QString text = describePod(*p, sim.store(), sim.now());
        QCOMPARE(text.contains(QRegularExpression(QStringLiteral("\\nIPs: +<none>\\n"))), !podIPs);
        QCOMPARE(text.contains(QStringLiteral("\n  IP:  ") + p->status.podIP + QLatin1Char('\n')), podIPs);
    }

    void startsPodWithoutProbe()
    {
        Simulation sim(7);
        sim.profile().setNodeNames({QStringLiteral("kind-worker")});
        sim.profile().addImageBehavior(kiadaImage());
        EventLog log(sim);
        QString boundVersion; // resourceVersion of the first version bound to the node
        sim.store().addListener([&](const WatchEvent& ev) {
            if (ev.kind == Kind::Pod && boundVersion.isEmpty()
                && !std::get<PodPtr>(ev.object)->spec->nodeName.isEmpty())
                boundVersion = std::get<PodPtr>(ev.object)->metadata.resourceVersion;
        });
        const Millis t0 = sim.now();
        const PodPtr created = sim.store().create(
            makePod(QStringLiteral("kiada"), QStringLiteral("luksa/kiada:0.6"), QStringLiteral("kiada")));
        QVERIFY(created);
        sim.advance(1000);
        QCOMPARE(pod(sim, "kiada")->spec->nodeName, QStringLiteral("kind-worker"));
        QCOMPARE(pod(sim, "kiada")->status.phase, QStringLiteral("Pending"));
        QCOMPARE(status0(pod(sim, "kiada")).state.reason, QStringLiteral("ContainerCreating"));
        QCOMPARE(status0(pod(sim, "kiada")).image, QStringLiteral("luksa/kiada:0.6")); // the spec's, until created
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "kiada")->isReady(); }, 60000));
        // then containerd's reference of the image, normalized
        QCOMPARE(status0(pod(sim, "kiada")).image, QStringLiteral("docker.io/luksa/kiada:0.6"));
        // scheduling 0.1 + kubelet 0.2 + sandbox 0.5 + pull 2 + create 0.05 + start 0.3 (default latencies)
        QCOMPARE(sim.now() - t0, 3150);
        const PodPtr p = pod(sim, "kiada");
        QCOMPARE(p->status.phase, QStringLiteral("Running"));
        QCOMPARE(p->status.podIP, QStringLiteral("10.244.0.2"));
        QVERIFY(!p->status.hostIP.isEmpty());
        QCOMPARE(status0(p).state.kind, ContainerState::Kind::Running);
        QCOMPARE(status0(p).started, std::optional<bool>(true));
        QVERIFY(status0(p).containerID.startsWith(QStringLiteral("containerd://")));
        QStringList conds;
        for (const auto& c : p->status.conditions)
            conds << c.type + QLatin1Char('=') + c.status;
        // kubelet order (generateAPIPodStatus) as kubectl get -o yaml shows it on v1.32.
        QCOMPARE(conds,
            (QStringList {"PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True",
                "PodScheduled=True"}));
        QCOMPARE(log.lines(),
            (QStringList {
                "Scheduled Successfully assigned default/kiada to kind-worker",
                "Pulling Pulling image \"luksa/kiada:0.6\"",
                "Pulled Successfully pulled image \"luksa/kiada:0.6\" in 2s (2s including waiting). "
                "Image size: 12345 bytes.",
                "Created Created container kiada",
                "Started Started container kiada",
            }));
        QCOMPARE(log.all.front().source, QStringLiteral("default-scheduler"));
        QCOMPARE(log.all.back().source, QStringLiteral("kubelet"));

        // Each Event names the pod (the container's Events with its field path), as kubectl get
        // events -o yaml shows; the container's Events hold one involvedObject between them.
        std::map<QString, EventPtr> byReason;
        for (const auto& [key, e] : sim.store().all<Event>())
            byReason[e->reason] = e;
        QCOMPARE(byReason.size(), std::size_t(5));
        for (const auto& [reason, e] : byReason) {
            const ObjectReference& r = e->involvedObject;
            QCOMPARE(r.kind, QStringLiteral("Pod"));
            QCOMPARE(r.apiVersion, QStringLiteral("v1"));
            QCOMPARE(r.namespace_, QStringLiteral("default"));
            QCOMPARE(r.name, QStringLiteral("kiada"));
            QCOMPARE(r.uid, p->metadata.uid);
            QCOMPARE(r.fieldPath,
                reason == QLatin1String("Scheduled") ? QString() : QStringLiteral("spec.containers{kiada}"));
        }
        const ObjectReference* shared = &byReason.at(QStringLiteral("Pulling"))->involvedObject.get();
        for (const char* reason : {"Pulled", "Created", "Started"})
            QCOMPARE(&byReason.at(QLatin1String(reason))->involvedObject.get(), shared);

        // The scheduler's copy of the pod is the one it scheduled (as created); the kubelet's is
        // the version it first saw, bound, whatever it writes to the status afterwards.
        QCOMPARE(byReason.at(QStringLiteral("Scheduled"))->involvedObject->resourceVersion,
            created->metadata.resourceVersion);
        QVERIFY(!boundVersion.isEmpty());
        QVERIFY(boundVersion != created->metadata.resourceVersion);
        QVERIFY(p->metadata.resourceVersion != boundVersion);
        for (const char* reason : {"Pulling", "Pulled", "Created", "Started"})
            QCOMPARE(byReason.at(QLatin1String(reason))->involvedObject->resourceVersion, boundVersion);

        // v1.32: the scheduler writes through events.k8s.io (no source, timestamps or count;
        // eventTime, action and the reporting fields); the kubelet through core/v1, with
        // reportingComponent and reportingInstance copied from its source.
        const Event& scheduled = *byReason.at(QStringLiteral("Scheduled"));
        QCOMPARE(scheduled.emitter->sourceComponent, QString());
        QCOMPARE(scheduled.emitter->sourceHost, QString());
        QCOMPARE(scheduled.firstTimestamp, kNoTime);
        QCOMPARE(scheduled.lastTimestamp, kNoTime);
        QCOMPARE(scheduled.count, 0);
        QCOMPARE(scheduled.seriesCount, 0);
        QCOMPARE(scheduled.eventTime, t0 + 100); // after the scheduling latency, to the millisecond
        QCOMPARE(scheduled.emitter->reportingController, QStringLiteral("default-scheduler"));
        QCOMPARE(scheduled.emitter->reportingInstance, QStringLiteral("default-scheduler-kind-worker"));
        QCOMPARE(scheduled.emitter->action, QStringLiteral("Binding"));
        const Event& started = *byReason.at(QStringLiteral("Started"));
        QCOMPARE(started.emitter->sourceComponent, QStringLiteral("kubelet"));
        QCOMPARE(started.emitter->sourceHost, QStringLiteral("kind-worker"));
        QCOMPARE(started.count, 1);
        QCOMPARE(started.eventTime, kNoTime);
        QCOMPARE(started.emitter->reportingController, QStringLiteral("kubelet"));
        QCOMPARE(started.emitter->reportingInstance, QStringLiteral("kind-worker"));
        QCOMPARE(started.emitter->action, QString());
        // One block for all Events of the node's kubelet.
        QCOMPARE(&started.emitter.get(), &byReason.at(QStringLiteral("Pulling"))->emitter.get());
    }

    // A pod that does not fit: every attempt records FailedScheduling; from the second on, the
    // scheduler's copy has the PodScheduled=False status, so that Event is a new one, and the
    // attempts after it make it a series. Attempts follow flushUnschedulablePodsLeftover (every
    // 30 s, pods unschedulable for more than 5 min) on v1.32, 60 s on v1.23; none on v1.11-v1.13
    // (until a cluster event); the FIFO's back-off before v1.11.
    void unschedulablePodIsTriedAgain_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QList<Millis>>("attempts"); // ms after the pod's creation
        // The Events as stored: "<first>-<last> x<count>" in seconds (the series as last written)
        QTest::addColumn<QStringList>("events");
        // 1.32: 0.1, then the first 30 s tick more than 5 min later (330 s) + 0.1, then 660.1 ...
        QTest::newRow("v1.32") << QStringLiteral("1.32") << QList<Millis> {100, 330100, 660100, 990100}
                               << QStringList {"0.1 x1", "330.1-660.1 x2"};
        // 1.23: unschedulableQTimeInterval 60 s: 0.1, 90.1, 180.1, ...
        QTest::newRow("v1.23") << QStringLiteral("1.23") << QList<Millis> {100, 90100, 180100, 270100}
                               << QStringList {"0.1 x1", "90.1-180.1 x2"};
        // 1.12: the pod waits for room (none comes here); the legacy recorder.
        QTest::newRow("v1.12") << QStringLiteral("1.12") << QList<Millis> {100} << QStringList {"0-0 x1"};
        // 1.10: back-off 1, 2, 4, 8 s; the legacy recorder counts all five in one Event.
        QTest::newRow("v1.10") << QStringLiteral("1.10") << QList<Millis> {100, 1200, 3300, 7400, 15500}
                               << QStringList {"0-15 x5"};
    }
    void unschedulablePodIsTriedAgain()
    {
        QFETCH(QString, version);
        QFETCH(QList<Millis>, attempts);
        QFETCH(QStringList, events);
        Simulation sim(3);
        sim.profile().setKubernetesVersion(version);
        sim.profile().setNodeCount(1);
        sim.profile().setMaxPodsPerNode(1);
        EventLog log(sim);
        const Millis t0 = sim.now();
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27"))); // scheduled first
        sim.store().create(makePod(QStringLiteral("b"), QStringLiteral("nginx:1.27")));
        // Past the last attempt; v1.12's pod waits for room for half an hour (none comes).
        sim.advance(attempts.size() > 1 ? attempts.back() + 1 : 1800 * 1000);
        QList<Millis> seen;
        for (const Millis t : log.times(QStringLiteral("FailedScheduling")))
            seen << t - t0;
        // Writes, not attempts: the third attempt and later ones of a series are only counted.
        QList<Millis> expectedWrites = attempts;
        if (version.section(QLatin1Char('.'), 1).toInt() >= 16) // a series' third occurrence on only counts
            expectedWrites = attempts.mid(0, 3);
        QCOMPARE(seen, expectedWrites);
        QStringList got;
        const auto secs = [&](Millis t) { return QString::number(double(t - t0) / 1000.0); };
        for (const auto& [key, e] : sim.store().all<Event>()) {
            if (e->reason != QLatin1String("FailedScheduling"))
                continue;
            if (e->seriesCount > 0)
                got << secs(e->eventTime) + QLatin1Char('-') + secs(e->seriesLastObservedTime) + QStringLiteral(" x")
                        + QString::number(e->seriesCount);
            else if (e->eventTime != kNoTime)
                got << secs(e->eventTime) + QStringLiteral(" x1");
            else
                got << QString::number((e->firstTimestamp - t0) / 1000) + QLatin1Char('-')
                        + QString::number((e->lastTimestamp - t0) / 1000) + QStringLiteral(" x")
                        + QString::number(e->count);
        }
        QCOMPARE(got, events);
    }

    // A deletion that makes room moves every unschedulable pod back to be tried
    // (MoveAllToActiveOrBackoffQueue on AssignedPodDelete): the first takes the room, the others
    // fail again, each with its FailedScheduling. Since v1.14 a pod still in its back-off (1 s
    // doubled per attempt, at most 10 s, from its last failure) waits for it, moved on at the
    // back-off queue's one-second ticks. Before v1.11 a deletion hurried nothing.
    void deletionMovesEveryUnschedulablePod_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QStringList>("bound"); // "<pod> <seconds>" in the order of binding
        QTest::addColumn<int>("failures"); // FailedScheduling occurrences of pod c
        // 1.32: a deleted at 20: b and c tried at 20.1; b binds, c fails (its 2nd attempt: 2 s
        // back-off to 22.1). b deleted at 20.5: c waits for the tick at 23 and binds at 23.1.
        QTest::newRow("v1.32") << QStringLiteral("1.32") << QStringList {"a 0.1", "b 20.1", "c 23.1"} << 2;
        // 1.12: no back-off queue: c is tried at once after b's deletion.
        QTest::newRow("v1.12") << QStringLiteral("1.12") << QStringList {"a 0.1", "b 20.1", "c 20.6"} << 2;
        // 1.10: only the FIFO's back-off: both retry at 0.1, 1.2, 3.3, 7.4, 15.5, 31.6 (b
        // binds), then c at 63.7 (32 s): the deletions changed nothing.
        QTest::newRow("v1.10") << QStringLiteral("1.10") << QStringList {"a 0.1", "b 31.6", "c 63.7"} << 6;
    }
    void deletionMovesEveryUnschedulablePod()
    {
        QFETCH(QString, version);
        QFETCH(QStringList, bound);
        QFETCH(int, failures);
        OneSlotCluster c(version);
        for (const char* name : {"a", "b", "c"})
            c.create(name);
        c.advanceTo(20000);
        c.sim.store().remove<Pod>(QStringLiteral("default"), QStringLiteral("a"));
        c.advanceTo(20500);
        if (c.bound(QStringLiteral("b"))) // bound at 20.1 where the deletion moved the pods
            c.sim.store().remove<Pod>(QStringLiteral("default"), QStringLiteral("b"));
        c.advanceTo(32000);
        if (c.sim.store().get<Pod>(QStringLiteral("default"), QStringLiteral("b"))) // v1.10: bound at 31.6
            c.sim.store().remove<Pod>(QStringLiteral("default"), QStringLiteral("b"));
        c.advanceTo(70000);
        QStringList seen;
        for (const QString& b : c.bindings)
            seen << b.section(u' ', 0, 0) + QLatin1Char(' ') + b.section(u' ', 2, 2);
        QCOMPARE(seen, bound);
        // Occurrences, not writes: the series counts its third and later ones in the cache.
        int occurrences = 0;
        for (const auto& [key, e] : c.sim.store().all<Event>()) {
            if (e->reason == QLatin1String("FailedScheduling") && e->involvedObject->name == QLatin1String("c"))
                occurrences += e->occurrences();
        }
        QCOMPARE(occurrences, failures);
    }

    // A node added, or a larger maxPods, is the scheduler's Node/Add or UpdateNodeAllocatable
    // event: the unschedulable pods are moved back to be tried (after their back-off) as after a
    // deletion. Before v1.11 only the pod's own back-off brings it back.
    void clusterChangeMovesUnschedulablePods_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("addNode"); // else raise maxPodsPerNode to 2
        QTest::addColumn<QString>("bound"); // "<node> <seconds>" of pod b
        QTest::newRow("v1.32 node added") << QStringLiteral("1.32") << true << QStringLiteral("node2 20.1");
        QTest::newRow("v1.32 maxPods") << QStringLiteral("1.32") << false << QStringLiteral("node1 20.1");
        // 1.10: b's attempts at 0.1, 1.2, 3.3, 7.4, 15.5, then 31.6, when the new node is there.
        QTest::newRow("v1.10 node added") << QStringLiteral("1.10") << true << QStringLiteral("node2 31.6");
    }
    void clusterChangeMovesUnschedulablePods()
    {
        QFETCH(QString, version);
        QFETCH(bool, addNode);
        QFETCH(QString, bound);
        OneSlotCluster c(version);
        c.create("a");
        c.create("b");
        c.advanceTo(20000);
        QVERIFY(!c.bound(QStringLiteral("b")));
        if (addNode)
            c.sim.profile().setNodeCount(2);
        else
            c.sim.profile().setMaxPodsPerNode(2);
        c.sim.kubelet().clusterChanged();
        c.advanceTo(40000);
        QCOMPARE(c.bindings.size(), 2);
        QCOMPARE(c.bindings.back(), QStringLiteral("b ") + bound);
    }

    // The series' later occurrences reach the API at the scheduler's periodic ticks: every 30
    // minutes (refreshExistingEventSeries), and 6-minute ticks once none came for 6 minutes
    // (finishSeries), which also forget the series: the next occurrence starts a new Event.
    void seriesIsWrittenAtTheTicks()
    {
        Simulation sim(3);
        sim.profile().setNodeCount(1);
        sim.profile().setMaxPodsPerNode(1);
        EventLog log(sim);
        const Millis t0 = sim.now();
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27")));
        sim.store().create(makePod(QStringLiteral("b"), QStringLiteral("nginx:1.27")));
        const auto advanceTo = [&](Millis t) { sim.advance(t0 + t - sim.now()); };
        const auto series = [&] {
            for (const auto& [key, e] : sim.store().all<Event>()) {
                if (e->seriesCount > 0)
                    return e;
            }
            return EventPtr();
        };
        const auto writes = [&] { return log.times(QStringLiteral("FailedScheduling")).size(); };
        // Attempts at 0.1 s, then every 330 s: 330.1, 660.1, 990.1, 1320.1, 1650.1, 1980.1.
        advanceTo(1800 * 1000 - 1);
        QCOMPARE(writes(), std::size_t(3)); // created, created, series of 2
        QCOMPARE(series()->seriesCount, 2);
        advanceTo(1800 * 1000); // the 30-minute refresh writes what it counted: 5, up to 1650.1
        QCOMPARE(writes(), std::size_t(4));
        QCOMPARE(log.times(QStringLiteral("FailedScheduling")).back(), t0 + 1800 * 1000);
        QCOMPARE(series()->seriesCount, 5);
        QCOMPARE(series()->seriesLastObservedTime, t0 + 1650100);
        // Room at 2000 s: pod b is bound, no more attempts. The series (last 1980.1, counted
        // only) ends at the first 6-minute tick more than 6 minutes after it: 2520 s.
        advanceTo(2000 * 1000);
        sim.store().remove<Pod>(QStringLiteral("default"), QStringLiteral("a"));
        advanceTo(2520 * 1000 - 1);
        QVERIFY(!pod(sim, "b")->spec->nodeName.isEmpty());
        QCOMPARE(writes(), std::size_t(4));
        QCOMPARE(series()->seriesCount, 5);
        advanceTo(2520 * 1000);
        QCOMPARE(writes(), std::size_t(5));
        QCOMPARE(series()->seriesCount, 6);
        QCOMPARE(series()->seriesLastObservedTime, t0 + 1980100);
        advanceTo(4 * 3600 * 1000); // nothing more to write; the Events expire
        QCOMPARE(writes(), std::size_t(5));
        QVERIFY(!series());
    }

    void secondPodFindsImagePresent()
    {
        Simulation sim(3);
        sim.profile().setNodeCount(1);
        EventLog log(sim);
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27")));
        sim.advance(20000);
        sim.store().create(makePod(QStringLiteral("b"), QStringLiteral("nginx:1.27")));
        sim.advance(20000);
        QVERIFY(pod(sim, "b")->isReady());
        QVERIFY(log.lines(QStringLiteral("Pulled"))
                    .contains(QStringLiteral("Pulled Container image \"nginx:1.27\" already present on machine")));
        QCOMPARE(pod(sim, "b")->status.podIP, QStringLiteral("10.244.0.3"));
    }

    void podVersionsShareTheirSpec()
    {
        // The kubelet's status writes leave the spec as it is: every version of the pod after
        // its binding holds the same spec block (the history keeps them all).
        Simulation sim(7);
        sim.profile().setNodeCount(1);
        std::vector<PodPtr> versions;
        sim.store().addListener([&](const WatchEvent& ev) {
            if (ev.kind == Kind::Pod && ev.type == WatchType::Modified)
                versions.push_back(std::get<PodPtr>(ev.object));
        });
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27")));
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "a")->isReady(); }, 60000));
        QVERIFY(versions.size() >= 3);
        QCOMPARE(versions.front()->spec->nodeName, QStringLiteral("node1")); // the binding
        for (const PodPtr& v : versions) {
            QVERIFY(v->spec.isSharedWith(versions.front()->spec));
            QCOMPARE(v->spec->nodeName, QStringLiteral("node1"));
        }
        QVERIFY(versions.front()->status.phase != versions.back()->status.phase);
    }

    void pulledMessageFollowsTheVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("message");
        const QString base = QStringLiteral("Successfully pulled image \"luksa/kiada:0.6\" in 2s");
        QTest::newRow("v1.27") << QStringLiteral("v1.27") << base;
        QTest::newRow("v1.29") << QStringLiteral("v1.29") << base + QStringLiteral(" (2s including waiting)");
        QTest::newRow("v1.30") << QStringLiteral("v1.30")
                               << base + QStringLiteral(" (2s including waiting). Image size: 12345 bytes.");
    }

    void pulledMessageFollowsTheVersion()
    {
        // The kubelet's Pulled message gained the time with waiting in v1.28 and the image size in
        // v1.30 (spec 6.4).
        QFETCH(QString, version);
        QFETCH(QString, message);
        Simulation sim(7);
        sim.profile().setKubernetesVersion(version);
        sim.profile().setNodeCount(1);
        const ImageBehavior b = kiadaImage();
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        sim.store().create(makePod(QStringLiteral("kiada"), b.image));
        sim.advance(30000);
        QCOMPARE(log.lines(QStringLiteral("Pulled")), QStringList {QStringLiteral("Pulled ") + message});
    }

    void pulledMessagesOfTheSamePullShareOneText()
    {
        // Pods that pull the same image in the same time after the same wait are told the same
        // text: one block between their Events. A pull that waited for another on its node (pulls
        // are serialized) is told its own.
        Simulation sim(5);
        sim.profile().setNodeCount(2);
        const ImageBehavior b = kiadaImage();
        sim.profile().addImageBehavior(b);
        for (const char* name : {"a", "b", "c"})
            sim.store().create(makePod(QString::fromLatin1(name), b.image));
        sim.advance(30000);
        std::map<QString, EventPtr> pulled; // by pod
        for (const auto& [key, e] : sim.store().all<Event>()) {
            if (e->reason == QLatin1String("Pulled"))
                pulled[e->involvedObject->name] = e;
        }
        QCOMPARE(pulled.size(), std::size_t(3));
        const QString plain = QStringLiteral(
            "Successfully pulled image \"luksa/kiada:0.6\" in 2s (2s including waiting). Image size: 12345 bytes.");
        std::vector<const Event*> same;
        const Event* waited = nullptr;
        for (const auto& [name, e] : pulled) {
            if (e->message == plain)
                same.push_back(e.get());
            else
                waited = e.get();
        }
        // Two nodes: two pods pull at once, the third waits for the pull on its node.
        QCOMPARE(same.size(), std::size_t(2));
        QVERIFY(waited);
        QVERIFY2(waited->message.startsWith(QStringLiteral("Successfully pulled image \"luksa/kiada:0.6\" in 500ms (")),
            qPrintable(waited->message));
        QCOMPARE(same[0]->message.constData(), same[1]->message.constData());
        QVERIFY(waited->message.constData() != same[0]->message.constData());
    }

    void readinessProbeAndFailingApp()
    {
        // Book: kiada 0.8 answers 500 FAIL_AFTER_SECONDS after start; probe period 10 s, failureThreshold 1.
        Simulation sim(11);
        sim.profile().setNodeCount(1);
        ImageBehavior b;
        b.image = QStringLiteral("luksa/kiada:0.8");
        b.startupTime = 500;
        b.failAfterEnv = QStringLiteral("FAIL_AFTER_SECONDS");
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        Pod p = makePod(QStringLiteral("kiada"), QStringLiteral("luksa/kiada:0.8"), QStringLiteral("kiada"));
        p.spec.edit().containers[0].env.push_back(
            EnvVar {QStringLiteral("FAIL_AFTER_SECONDS"), QStringLiteral("30"), {}});
        p.spec.edit().containers[0].readinessProbe = httpProbe(10, 1);
        sim.store().create(p);
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "kiada")->status.phase == QLatin1String("Running"); }, 60000));
        QVERIFY(!pod(sim, "kiada")->isReady()); // initial result Failure
        const Millis started = sim.now();
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "kiada")->isReady(); }, 20000));
        QVERIFY(sim.now() - started <= 10500); // at the latest at the next tick
        const Millis readyAt = sim.now();
        QVERIFY(sim.advanceUntil([&] { return !pod(sim, "kiada")->isReady(); }, 60000));
        const Millis lost = sim.now() - started;
        QVERIFY2(lost >= 30000 && lost <= 41000, qPrintable(QString::number(lost)));
        QVERIFY(sim.now() - readyAt >= 20000);
        const PodPtr now = pod(sim, "kiada");
        const PodCondition* ready = now->status.condition(QStringLiteral("Ready"));
        QCOMPARE(ready->reason, QStringLiteral("ContainersNotReady"));
        QCOMPARE(ready->message, QStringLiteral("containers with unready status: [kiada]"));
        QCOMPARE(ready->lastTransitionTime, (sim.now() / 1000) * 1000);
        QVERIFY(
            log.lines(QStringLiteral("Unhealthy"))
                .contains(QStringLiteral("Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500")));
        // Still Running, no restarts: readiness failures never restart a container.
        QCOMPARE(now->status.phase, QStringLiteral("Running"));
        QCOMPARE(status0(now).restartCount, 0);
        // The probe keeps failing every period, recording Unhealthy each time.
        const auto before = log.times(QStringLiteral("Unhealthy")).size();
        sim.advance(30000);
        QCOMPARE(log.times(QStringLiteral("Unhealthy")).size(), before + 3);
    }

    void startupBeforeProbeSucceedsIsConnectionRefused()
    {
        Simulation sim(5);
        sim.profile().setNodeCount(1);
        ImageBehavior b;
        b.image = QStringLiteral("slow:1");
        b.startupTime = 25000;
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        Pod p = makePod(QStringLiteral("slow"), QStringLiteral("slow:1"));
        p.spec.edit().containers[0].readinessProbe = httpProbe(10, 3);
        sim.store().create(p);
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "slow")->isReady(); }, 60000));
        const QStringList unhealthy = log.lines(QStringLiteral("Unhealthy"));
        QCOMPARE(unhealthy.size(), 1);
        QCOMPARE(unhealthy.at(0),
            QStringLiteral("Unhealthy Readiness probe failed: Get \"http://10.244.0.2:8080/healthz/ready\": "
                           "dial tcp 10.244.0.2:8080: connect: connection refused"));
    }

    void imagePullBackOff()
    {
        // Workshop: worker:v0.3 does not exist.
        Simulation sim(13);
        sim.profile().setNodeCount(1);
        ImageBehavior b;
        b.image = QStringLiteral("dockercoins/worker:v0.3");
        b.exists = false;
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        sim.store().create(
            makePod(QStringLiteral("worker"), QStringLiteral("dockercoins/worker:v0.3"), QStringLiteral("worker")));
        sim.advance(2000);
        QCOMPARE(status0(pod(sim, "worker")).state.reason, QStringLiteral("ErrImagePull"));
        QCOMPARE(status0(pod(sim, "worker")).state.message,
            QStringLiteral("rpc error: code = NotFound desc = failed to pull and unpack image "
                           "\"docker.io/dockercoins/worker:v0.3\": failed to resolve reference "
                           "\"docker.io/dockercoins/worker:v0.3\": docker.io/dockercoins/worker:v0.3: not found"));
        // Failed pull attempts, read from the kubelet's back-off entry (events thin out under the
        // recorder's per-object spam filter, as on a real cluster).
        QStringList reasons;
        std::vector<Millis> pulls;
        for (int i = 0; i < 1200; ++i) {
            sim.advance(1000);
            const QString r = status0(pod(sim, "worker")).state.reason;
            if (reasons.isEmpty() || reasons.back() != r)
                reasons << r;
            const Millis attempt = sim.kubelet()
                                       .state()
                                       .pods.find(QStringLiteral("default/worker"))
                                       ->second.containers[0]
                                       .pullBackoffUpdated;
            if (pulls.empty() || pulls.back() != attempt)
                pulls.push_back(attempt);
        }
        QCOMPARE(reasons.mid(0, 3), (QStringList {"ErrImagePull", "ImagePullBackOff", "ErrImagePull"}));
        QCOMPARE(pod(sim, "worker")->status.phase, QStringLiteral("Pending"));
        QVERIFY(!pod(sim, "worker")->isReady());
        // Attempts: back-off 10, 20, 40, 80, 160, 300 s, each noticed at a 10-15 s re-sync.
        QString dbg;
        for (Millis t : pulls)
            dbg += QString::number((t - pulls[0]) / 1000) + QLatin1Char(' ');
        QVERIFY2(pulls.size() >= 7 && pulls.size() <= 10, qPrintable(dbg));
        for (std::size_t i = 1; i < pulls.size(); ++i) {
            const Millis gap = pulls[i] - pulls[i - 1];
            const Millis backoff = std::min<Millis>(10000LL << (i - 1), 300000);
            QVERIFY2(gap >= backoff && gap <= backoff + 15000, qPrintable(QStringLiteral("%1: %2").arg(i).arg(gap)));
        }
        QVERIFY(log.lines(QStringLiteral("BackOff"))
                    .contains(QStringLiteral("BackOff Back-off pulling image \"dockercoins/worker:v0.3\"")));
        QVERIFY(log.lines(QStringLiteral("Failed")).contains(QStringLiteral("Failed Error: ImagePullBackOff")));
        QVERIFY(log.lines(QStringLiteral("Failed")).contains(QStringLiteral("Failed Error: ErrImagePull")));
    }

    void crashLoopBackOff()
    {
        Simulation sim(17);
        sim.profile().setNodeCount(1);
        ImageBehavior b;
        b.image = QStringLiteral("crash:1");
        b.crashAfter = 5000;
        b.crashExitCode = 2;
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        sim.store().create(makePod(QStringLiteral("c"), QStringLiteral("crash:1")));
        std::vector<Millis> restarts;
        int seen = 0;
        bool sawBackOff = false;
        for (int i = 0; i < 400; ++i) {
            sim.advance(1000);
            const auto& cs = status0(pod(sim, "c"));
            if (cs.restartCount != seen) {
                seen = cs.restartCount;
                restarts.push_back(sim.now());
                QCOMPARE(cs.lastState.kind, ContainerState::Kind::Terminated);
                QCOMPARE(cs.lastState.exitCode, 2);
                QCOMPARE(cs.lastState.reason, QStringLiteral("Error"));
            }
            if (cs.state.reason == QLatin1String("CrashLoopBackOff")) {
                sawBackOff = true;
                QVERIFY(cs.state.message.startsWith(QStringLiteral("back-off ")));
                QVERIFY(cs.state.message.endsWith(QStringLiteral(" restarting failed container=app pod=c_default(%1)")
                                                      .arg(pod(sim, "c")->metadata.uid)));
            }
        }
        QVERIFY(sawBackOff);
        QVERIFY(restarts.size() >= 4);
        // Run 5 s, then wait 0, 10, 20, 40 s (+ PLEG and re-sync delays up to ~16 s).
        const Millis expectedWait[] = {0, 10000, 20000, 40000};
        for (std::size_t i = 1; i < 4; ++i) {
            const Millis gap = restarts[i] - restarts[i - 1];
            QVERIFY2(gap >= 5000 + expectedWait[i] && gap <= 5000 + expectedWait[i] + 17000,
                qPrintable(QString::number(gap)));
        }
        QCOMPARE(pod(sim, "c")->status.phase, QStringLiteral("Running"));
        QVERIFY(log.lines(QStringLiteral("BackOff"))
                    .contains(QStringLiteral("BackOff Back-off restarting failed container app in pod c_default(%1)")
                                  .arg(pod(sim, "c")->metadata.uid)));
    }

    void termination_data()
    {
        QTest::addColumn<bool>("ignoresSigterm");
        QTest::addColumn<qint64>("grace");
        QTest::addColumn<qint64>("gone"); // ms after the delete
        QTest::addColumn<int>("exitCode");
        QTest::newRow("ignores SIGTERM, 30 s default") << true << qint64(-1) << qint64(30500) << 137;
        QTest::newRow("ignores SIGTERM, grace 10") << true << qint64(10) << qint64(10500) << 137;
        QTest::newRow("exits on SIGTERM") << false << qint64(-1) << qint64(700) << 143;
        QTest::newRow("grace 1 -> minimum 2 s") << true << qint64(1) << qint64(2500) << 137;
    }
    void termination()
    {
        QFETCH(bool, ignoresSigterm);
        QFETCH(qint64, grace);
        QFETCH(qint64, gone);
        QFETCH(int, exitCode);
        Simulation sim(19);
        sim.profile().setNodeCount(1);
        ImageBehavior b;
        b.image = QStringLiteral("dockercoins/worker:v0.1");
        b.ignoresSigterm = ignoresSigterm;
        b.shutdownTime = 200;
        sim.profile().addImageBehavior(b);
        EventLog log(sim);
        sim.store().create(
            makePod(QStringLiteral("w"), QStringLiteral("dockercoins/worker:v0.1"), QStringLiteral("worker")));
        QVERIFY(sim.advanceUntil([&] { return pod(sim, "w")->isReady(); }, 60000));
        sim.advance(300);
        const Millis t = sim.now();
        sim.kubelet().deletePod(
            QStringLiteral("default"), QStringLiteral("w"), grace < 0 ? std::nullopt : std::optional<qint64>(grace));
        const PodPtr deleting = pod(sim, "w");
        QVERIFY(deleting->metadata.isDeleting());
        const qint64 expectedGrace = grace < 0 ? 30 : grace;
        QCOMPARE(deleting->metadata.deletionGracePeriodSeconds, std::optional<qint64>(expectedGrace));
        QCOMPARE(deleting->metadata.deletionTimestamp, (t / 1000) * 1000 + expectedGrace * 1000);
        int lastExit = -1;
        QVERIFY(sim.advanceUntil(
            [&] {
                const PodPtr p = pod(sim, "w");
                if (p && status0(p).state.kind == ContainerState::Kind::Terminated)
                    lastExit = status0(p).state.exitCode;
                return !p;
            },
            60000));
        QCOMPARE(sim.now() - t, gone);
        QCOMPARE(lastExit, exitCode);
        QVERIFY(log.lines(QStringLiteral("Killing")).contains(QStringLiteral("Killing Stopping container worker")));
    }

    void immediateDeletion()
    {
        Simulation sim(23);
        sim.profile().setNodeCount(1);
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27")));
        // Not yet bound: the API server deletes it at once.
        sim.kubelet().deletePod(QStringLiteral("default"), QStringLiteral("a"));
        QVERIFY(!pod(sim, "a"));
        sim.store().create(makePod(QStringLiteral("b"), QStringLiteral("nginx:1.27")));
        sim.advance(10000);
        sim.kubelet().deletePod(QStringLiteral("default"), QStringLiteral("b"), 0);
        QVERIFY(!pod(sim, "b"));
        QCOMPARE(sim.kubelet().podCount(QStringLiteral("node1")), 0);
        sim.advance(60000); // nothing left to run for the removed pods
        QVERIFY(sim.store().all<Pod>().empty());
    }

    void schedulingSpreadsAndWaitsForRoom()
    {
        Simulation sim(29);
        sim.profile().setNodeCount(3);
        sim.profile().setMaxPodsPerNode(2);
        EventLog log(sim);
        for (int i = 0; i < 7; ++i)
            sim.store().create(makePod(QStringLiteral("p%1").arg(i), QStringLiteral("nginx:1.27")));
        sim.advance(20000);
        for (const char* n : {"node1", "node2", "node3"})
            QCOMPARE(sim.kubelet().podCount(QString::fromLatin1(n)), 2);
        int pending = 0;
        QString waiting;
        for (const auto& [key, p] : sim.store().all<Pod>()) {
            if (p->spec->nodeName.isEmpty()) {
                ++pending;
                waiting = p->metadata.name;
                const PodCondition* c = p->status.condition(QStringLiteral("PodScheduled"));
                QVERIFY(c);
                QCOMPARE(c->status, QStringLiteral("False"));
                QCOMPARE(c->reason, QStringLiteral("Unschedulable"));
            }
        }
        QCOMPARE(pending, 1);
        QCOMPARE(log.lines(QStringLiteral("FailedScheduling")),
            QStringList {QStringLiteral("FailedScheduling 0/3 nodes are available: 3 Too many pods. preemption: 0/3 "
                                        "nodes are available: 3 No preemption victims found for incoming pod.")});
        const QString victim = waiting == QLatin1String("p0") ? QStringLiteral("p1") : QStringLiteral("p0");
        sim.kubelet().deletePod(QStringLiteral("default"), victim, 0);
        sim.advance(20000);
        QVERIFY(!pod(sim, waiting)->spec->nodeName.isEmpty());
        QVERIFY(pod(sim, waiting)->isReady());
    }

    void podIPsFollowTheNodeAndItsAddresses()
    {
        // Node i has the pod range 10.<244 + i / 256>.<i % 256>.0/24 (kind's 10.244.0.0/16 gives
        // 256 nodes a /24 each; the simulation goes on past it for larger clusters) and hands out
        // .2, .3, ... in turn. 300 nodes of two pods each: .2 and .3 on each, 10.245.x past 256.
        Simulation sim(11);
        sim.profile().setNodeCount(300);
        for (int i = 0; i < 600; ++i)
            sim.store().create(makePod(QStringLiteral("p%1").arg(i), QStringLiteral("nginx:1.27")));
        sim.advance(30000);
        std::map<QString, QStringList> ipsByNode;
        for (const auto& [key, p] : sim.store().all<Pod>()) {
            QVERIFY(p->isReady());
            const int node = p->spec->nodeName.mid(4).toInt() - 1; // "node1" is the first
            QVERIFY(node >= 0 && node < 300);
            const QString subnet = QStringLiteral("10.%1.%2.").arg(244 + node / 256).arg(node % 256);
            QVERIFY2(p->status.podIP.startsWith(subnet), qPrintable(p->status.podIP + QLatin1Char(' ') + subnet));
            ipsByNode[p->spec->nodeName] << p->status.podIP.mid(subnet.size());
        }
        QCOMPARE(ipsByNode.size(), std::size_t(300));
        for (auto& [node, hosts] : ipsByNode) {
            hosts.sort();
            QCOMPARE(hosts, (QStringList {QStringLiteral("2"), QStringLiteral("3")}));
        }
        QCOMPARE(pod(sim, QStringLiteral("p0"))->status.podIP.count(QLatin1Char('.')), 3);
    }

    void deterministic()
    {
        auto run = [](quint64 seed) {
            Simulation sim(seed);
            EventLog log(sim);
            for (int i = 0; i < 5; ++i) {
                Pod p = makePod(QStringLiteral("p%1").arg(i), QStringLiteral("luksa/kiada:0.5"));
                p.spec.edit().containers[0].readinessProbe = httpProbe(10, 3);
                sim.store().create(p);
            }
            sim.advance(60000);
            QStringList out;
            for (const auto& r : log.all)
                out << QString::number(r.time) + QLatin1Char(' ') + r.reason + QLatin1Char(' ') + r.message;
            return out;
        };
        QCOMPARE(run(1), run(1));
        QVERIFY(run(1) != run(2));
    }

    void manualModeSchedulesNothing()
    {
        Simulation sim(31);
        sim.setAutomatic(false);
        sim.store().create(makePod(QStringLiteral("a"), QStringLiteral("nginx:1.27")));
        sim.advance(30000);
        QVERIFY(pod(sim, "a")->spec->nodeName.isEmpty());
        sim.setAutomatic(true);
        sim.advance(30000);
        QVERIFY(pod(sim, "a")->isReady());
    }
};

QTEST_GUILESS_MAIN(TestKubelet)
#include "tst_kubelet.moc"
