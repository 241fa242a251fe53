#include "analysis/rolloutanalysis.h"
#include "analysis/versionorder.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QFile>
#include <QTest>

#include <map>
#include <set>

using namespace rl;

// One bar per pod of the Deployment, with the times read straight from the watch history:
// start = the pod's ADDED event (its creationTimestamp, whole seconds), terminating = the first
// version with a deletionTimestamp, end = its DELETED event; version = its ReplicaSet's first
// revision (stable through rollbacks).
namespace {

std::unique_ptr<Simulation> playLesson(const QString& lesson)
{
    auto sim = std::make_unique<Simulation>();
    const QString dir = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/") + lesson;
    QFile f(dir + QStringLiteral("/lesson.sh"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read lesson %s", qPrintable(lesson));
    ScriptRunner runner(*sim);
    runner.setWorkingDirectory(dir);
    runner.setSink([](const QString&, bool) {});
    runner.runScript(QString::fromUtf8(f.readAll()));
    return sim;
}

struct Expected
{
    Millis added = kNoTime;
    Millis creationTimestamp = kNoTime;
    Millis terminating = kNoTime;
    Millis firstReady = kNoTime;
    Millis gone = kNoTime;
    QString rs;
    QString image;
};

} // namespace

class TestPodTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneBarPerPod_data()
    {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<int>("pods");
        QTest::newRow("01 recreate") << QStringLiteral("01-kiada-recreate") << 6;
        QTest::newRow("02 rolling update") << QStringLiteral("02-kiada-rolling-update") << 6;
        QTest::newRow("03 faulty version") << QStringLiteral("03-kiada-faulty-version") << -1;
    }
    void oneBarPerPod()
    {
        QFETCH(QString, lesson);
        QFETCH(int, pods);
        const auto sim = playLesson(lesson);
        const auto& history = sim->store().history();
        std::map<QString, Expected> expected;
        std::map<QString, ReplicaSetPtr> firstSeenRs; // the ReplicaSet as it was when it appeared
        for (const WatchEvent& e : history) {
            if (e.kind == Kind::ReplicaSet && e.type == WatchType::Added) {
                const auto rs = std::get<ReplicaSetPtr>(e.object);
                firstSeenRs.emplace(rs->metadata.name, rs);
            }
            if (e.kind != Kind::Pod)
                continue;
            const auto pod = std::get<PodPtr>(e.object);
            Expected& x = expected[pod->metadata.name];
            if (e.type == WatchType::Added) {
                x.added = e.time;
                x.creationTimestamp = pod->metadata.creationTimestamp;
                x.rs = pod->metadata.controllerRef()->name;
                x.image = pod->spec->containers.front().image;
            }
            if (x.terminating == kNoTime && pod->metadata.deletionTimestamp != kNoTime)
                x.terminating = e.time;
            if (x.firstReady == kNoTime && pod->isReady())
                x.firstReady = e.time;
            if (e.type == WatchType::Deleted)
                x.gone = e.time;
        }
        if (pods >= 0)
            QCOMPARE(int(expected.size()), pods);

        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(history, sim->now());
        QCOMPARE(a.pods().size(), expected.size());
        std::set<QString> seen;
        for (const PodBar& bar : a.pods()) {
            QVERIFY2(seen.insert(bar.name).second, qPrintable(bar.name));
            QVERIFY(expected.count(bar.name));
            const Expected& x = expected.at(bar.name);
            QCOMPARE(bar.created, x.added);
            QCOMPARE(bar.creationTimestamp, x.creationTimestamp);
            QCOMPARE(bar.created / 1000 * 1000, bar.creationTimestamp);
            QCOMPARE(bar.terminating, x.terminating);
            QCOMPARE(bar.firstReady, x.firstReady);
            QCOMPARE(bar.gone, x.gone);
            QCOMPARE(bar.end(sim->now()), x.gone == kNoTime ? sim->now() : x.gone);
            QCOMPARE(bar.replicaSet, x.rs);
            QCOMPARE(bar.image, x.image);
            // The version: the ReplicaSet's revision when it was created, minus one.
            const ReplicaSetPtr rs = firstSeenRs.at(x.rs);
            QCOMPARE(bar.versionIndex, rs->metadata.annotations.value(keys::Revision).toInt() - 1);
            // Segments: in time order, inside the bar, from its start; terminating last.
            QVERIFY(!bar.segments.empty());
            QCOMPARE(bar.segments.front().start, bar.created);
            for (std::size_t i = 1; i < bar.segments.size(); ++i) {
                QVERIFY(bar.segments[i - 1].start < bar.segments[i].start);
                QVERIFY(bar.segments[i - 1].state != bar.segments[i].state);
            }
            QVERIFY(bar.segments.back().start <= bar.end(sim->now()));
            if (x.terminating != kNoTime) {
                QCOMPARE(bar.segments.back().state, PodPhaseState::Terminating);
                QCOMPARE(bar.segments.back().start, x.terminating);
            }
            // Bars are in order of creation.
        }
        for (std::size_t i = 1; i < a.pods().size(); ++i)
            QVERIFY(a.pods()[i - 1].created <= a.pods()[i].created);
    }

    void versionsOfLesson02()
    {
        const auto sim = playLesson(QStringLiteral("02-kiada-rolling-update"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(sim->store().history(), sim->now());
        QStringList got;
        for (const PodBar& bar : a.pods())
            got << QStringLiteral("%1 %2").arg(bar.versionIndex).arg(bar.image);
        QCOMPARE(got,
            QStringList({QStringLiteral("0 luksa/kiada:0.6"), QStringLiteral("0 luksa/kiada:0.6"),
                QStringLiteral("0 luksa/kiada:0.6"), QStringLiteral("1 luksa/kiada:0.7"),
                QStringLiteral("1 luksa/kiada:0.7"), QStringLiteral("1 luksa/kiada:0.7")}));
        // maxSurge 0 / maxUnavailable 1 with minReadySeconds 10: each new pod is available 10 s
        // after it is ready, and the next old pod terminates only then.
        for (const PodBar& bar : a.pods()) {
            if (bar.versionIndex != 1)
                continue;
            QVERIFY(bar.firstReady != kNoTime);
            // readySince is the Ready condition's lastTransitionTime (whole seconds); available when
            // readySince + minReadySeconds < now, strictly: 1 ms later.
            const Millis readySince = bar.firstReady / 1000 * 1000;
            QCOMPARE(bar.firstAvailable, readySince + 10000 + 1);
        }
    }

    void versionKeptThroughRollback()
    {
        // Lesson 03 rolls back to 0.7: its ReplicaSet becomes revision 4 but keeps version 1.
        const auto sim = playLesson(QStringLiteral("03-kiada-faulty-version"));
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(sim->store().history(), sim->now());
        std::map<QString, int> versionOfImage;
        for (const PodBar& bar : a.pods()) {
            auto [it, inserted] = versionOfImage.emplace(bar.image, bar.versionIndex);
            QCOMPARE(it->second, bar.versionIndex);
        }
        QCOMPARE(versionOfImage.at(QStringLiteral("luksa/kiada:0.6")), 0);
        QCOMPARE(versionOfImage.at(QStringLiteral("luksa/kiada:0.7")), 1);
        QCOMPARE(versionOfImage.at(QStringLiteral("luksa/kiada:0.8")), 2);
        for (const auto& [key, rs] : sim->store().all<ReplicaSet>()) {
            if (rs->spec.template_.spec.containers.front().image == QLatin1String("luksa/kiada:0.7")) {
                QCOMPARE(rs->metadata.annotations.value(keys::Revision), QStringLiteral("4"));
                QCOMPARE(versionIndex(*rs), 1);
            }
        }
        // The faulty 0.8 pod was ready for a while (fails after 30 s) but never available
        // (minReadySeconds 60): its bar shows Ready, then NotReady.
        bool sawFaulty = false;
        for (const PodBar& bar : a.pods()) {
            if (bar.image != QLatin1String("luksa/kiada:0.8"))
                continue;
            sawFaulty = true;
            QCOMPARE(bar.firstAvailable, kNoTime);
            QVERIFY(bar.firstReady != kNoTime);
            bool notReady = false;
            for (const auto& s : bar.segments)
                notReady = notReady || s.state == PodPhaseState::NotReady;
            QVERIFY(notReady);
        }
        QVERIFY(sawFaulty);
    }
};

QTEST_GUILESS_MAIN(TestPodTimeline)
#include "tst_podtimeline.moc"
