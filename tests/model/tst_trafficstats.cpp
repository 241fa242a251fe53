#include "analysis/rolloutanalysis.h"
#include "analysis/trafficstats.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "sim/snapshot.h"
#include "sim/traffic.h"

#include <QFile>
#include <QTest>

#include <numeric>

using namespace rl;

// Traffic counted per window and per version: every request sent is in exactly one bucket, under
// the version that answered it or as a failure; during the Recreate gap nothing is served.
namespace {

struct Run
{
    std::unique_ptr<Simulation> sim = std::make_unique<Simulation>();
    std::unique_ptr<TrafficSource> client;
    Millis updateAt = 0;
};

/// Plays a lesson; the client starts (10 requests/s) right before `updateCommand`.
Run playWithTraffic(const QString& lesson, const QString& updateCommand)
{
    Run r;
    const QString dir = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/") + lesson;
    QFile f(dir + QStringLiteral("/lesson.sh"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read lesson %s", qPrintable(lesson));
    ScriptRunner runner(*r.sim);
    runner.setWorkingDirectory(dir);
    runner.setSink([](const QString&, bool) {});
    for (const ScriptCommand& c : runner.parser().parse(QString::fromUtf8(f.readAll()))) {
        if (!r.client && c.source.startsWith(updateCommand)) {
            r.client
                = std::make_unique<TrafficSource>(*r.sim, QStringLiteral("default"), QStringLiteral("kiada"), 10.0, 7);
            r.client->start();
            r.sim->advance(3000);
            r.updateAt = r.sim->now();
        }
        runner.runCommand(c);
        r.sim->advance(runner.thinkTime());
    }
    r.sim->advance(5000);
    return r;
}

int podVersion(const RolloutAnalysis& a, const QString& pod)
{
    const int i = a.podIndex(QStringLiteral("default"), pod);
    return i < 0 ? -1 : a.pods()[std::size_t(i)].versionIndex;
}

} // namespace

class TestTrafficStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsAddUp_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QString>("update");
        QTest::addColumn<qint64>("bucket");
        QTest::newRow("02, 1 s") << QStringLiteral("02-kiada-rolling-update")
                                 << QStringLiteral("kubectl apply -f deploy.kiada.0.7") << qint64(1000);
        QTest::newRow("02, 2.5 s") << QStringLiteral("02-kiada-rolling-update")
                                   << QStringLiteral("kubectl apply -f deploy.kiada.0.7") << qint64(2500);
        QTest::newRow("01, 1 s") << QStringLiteral("01-kiada-recreate") << QStringLiteral("kubectl patch")
                                 << qint64(1000);
    }
    void countsAddUp()
    {
        QFETCH(QString, lesson);
        QFETCH(QString, update);
        QFETCH(qint64, bucket);
        const Run r = playWithTraffic(lesson, update);
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(r.sim->store().history(), r.sim->now());
        TrafficStats stats(bucket, r.sim->startTime());
        stats.setPodVersion([&](const QString& pod) { return podVersion(a, pod); });
        stats.update(r.client->requests());

        QVERIFY(r.client->sent() > 100);
        QCOMPARE(stats.sent(), r.client->sent());
        int inBuckets = 0;
        int failedInBuckets = 0;
        std::vector<int> servedInBuckets(stats.versions().size(), 0);
        Millis prev = kNoTime;
        for (const TrafficBucket& b : stats.buckets()) {
            inBuckets += b.total();
            failedInBuckets += b.failed();
            for (std::size_t i = 0; i < b.served.size(); ++i)
                servedInBuckets[i] += b.served[i];
            if (prev != kNoTime)
                QCOMPARE(b.start, prev + bucket);
            prev = b.start;
            QCOMPARE((b.start - r.sim->startTime()) % bucket, 0);
        }
        QCOMPARE(inBuckets, r.client->sent());
        QCOMPARE(failedInBuckets, stats.failed());
        QCOMPARE(servedInBuckets, stats.servedTotals());
        // Against the source's own tally and a direct count of the requests.
        const auto byVersion = r.client->countsByVersion();
        for (int i = 0; i < int(stats.versions().size()); ++i)
            QCOMPARE(stats.servedTotals()[std::size_t(i)], byVersion.at(stats.versions()[i]));
        const int refused = int(std::count_if(r.client->requests().begin(), r.client->requests().end(),
            [](const auto& q) { return q.outcome == TrafficSource::Outcome::Refused; }));
        QCOMPARE(stats.refused(), refused);
        QCOMPARE(std::accumulate(stats.servedTotals().begin(), stats.servedTotals().end(), 0) + stats.failed(),
            r.client->sent());
        // Each request in the bucket of its time.
        for (const auto& q : r.client->requests()) {
            const TrafficBucket& b = stats.buckets()[std::size_t((q.time - stats.buckets().front().start) / bucket)];
            QVERIFY(q.time >= b.start && q.time < b.start + bucket);
        }
        // Both versions answered; each version's palette index is its ReplicaSet's.
        QCOMPARE(stats.versions().size(), 2);
        QCOMPARE(stats.versionIndexes(), std::vector<int>({0, 1}));
    }

    void recreateGap()
    {
        const Run r = playWithTraffic(QStringLiteral("01-kiada-recreate"), QStringLiteral("kubectl patch"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(r.sim->store().history(), r.sim->now());
        // The gap: from the moment no pod is ready after the update until one is ready again.
        Millis gapStart = kNoTime, gapEnd = kNoTime;
        for (const auto& s : a.samples()) {
            if (s.time < r.updateAt)
                continue;
            if (gapStart == kNoTime && s.ready == 0)
                gapStart = s.time;
            else if (gapStart != kNoTime && s.ready > 0) {
                gapEnd = s.time;
                break;
            }
        }
        QVERIFY(gapStart != kNoTime);
        QVERIFY(gapEnd > gapStart + 1000);
        int inGap = 0, servedInGap = 0;
        for (const auto& q : r.client->requests()) {
            if (q.time <= gapStart || q.time >= gapEnd)
                continue;
            ++inGap;
            if (q.outcome == TrafficSource::Outcome::Served)
                ++servedInGap;
            else
                QCOMPARE(q.outcome, TrafficSource::Outcome::Refused);
        }
        QVERIFY(inGap > 10);
        QCOMPARE(servedInGap, 0);
        // The buckets wholly inside the gap hold only failures.
        TrafficStats stats(1000, r.sim->startTime());
        stats.update(r.client->requests());
        int gapBuckets = 0;
        for (const auto& b : stats.buckets()) {
            if (b.start > gapStart && b.start + 1000 < gapEnd) {
                ++gapBuckets;
                QCOMPARE(b.failed(), b.total());
                QVERIFY(b.total() > 0);
            }
        }
        QVERIFY(gapBuckets > 0);
        // Before and after the gap, requests are served.
        QVERIFY(r.client->requests().front().outcome == TrafficSource::Outcome::Served);
        QVERIFY(r.client->requests().back().outcome == TrafficSource::Outcome::Served);
    }

    void followsRestore()
    {
        // After a snapshot restore the source drops later requests; the stats start over.
        Simulation sim;
        const QString dir = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(dir);
        runner.setSink([](const QString&, bool) {});
        runner.runScript(QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f svc.kiada.yaml\n"
                                        "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                        "kubectl rollout status deployment kiada\n"));
        TrafficSource client(sim, QStringLiteral("default"), QStringLiteral("kiada"), 20.0);
        client.start();
        sim.advance(2000);
        const SimulationSnapshot snap = SimulationSnapshot::take(sim);
        sim.advance(3000);
        TrafficStats stats(1000, sim.startTime());
        stats.update(client.requests());
        QCOMPARE(stats.sent(), 100);
        snap.restoreInto(sim);
        client.resync();
        sim.advance(500);
        stats.update(client.requests());
        QCOMPARE(stats.sent(), client.sent());
        QCOMPARE(stats.sent(), 50);
    }
};

QTEST_GUILESS_MAIN(TestTrafficStats)
#include "tst_trafficstats.moc"
