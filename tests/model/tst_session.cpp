#include "scenario/rolloutctl.h"
#include "scenario/session.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

QString readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

/// Every object of the cluster, compared as values (resourceVersion and status included).
template<class T> QStringList differences(const ObjectStore& a, const ObjectStore& b, const char* kind)
{
    QStringList diffs;
    const auto& ma = a.all<T>();
    const auto& mb = b.all<T>();
    for (const auto& [key, obj] : ma) {
        auto it = mb.find(key);
        if (it == mb.end())
            diffs << QStringLiteral("%1 %2 only in the first").arg(QLatin1String(kind), key);
        else if (!(*it->second == *obj))
            diffs << QStringLiteral("%1 %2 differs").arg(QLatin1String(kind), key);
    }
    for (const auto& [key, obj] : mb)
        if (!ma.count(key))
            diffs << QStringLiteral("%1 %2 only in the second").arg(QLatin1String(kind), key);
    return diffs;
}

QStringList differences(const Simulation& a, const Simulation& b)
{
    QStringList d;
    if (a.now() != b.now())
        d << QStringLiteral("time %1 != %2").arg(a.now()).arg(b.now());
    d << differences<Deployment>(a.store(), b.store(), "Deployment");
    d << differences<ReplicaSet>(a.store(), b.store(), "ReplicaSet");
    d << differences<Pod>(a.store(), b.store(), "Pod");
    d << differences<Event>(a.store(), b.store(), "Event");
    if (a.store().history().size() != b.store().history().size())
        d << QStringLiteral("history %1 != %2").arg(a.store().history().size()).arg(b.store().history().size());
    return d;
}

/// Copies of the objects of a simulation (the live one moves on; these stay).
struct Frozen
{
    explicit Frozen(const Simulation& s)
        : now(s.now())
        , deployments(s.store().all<Deployment>())
        , replicaSets(s.store().all<ReplicaSet>())
        , pods(s.store().all<Pod>())
    { }
    Millis now;
    ObjectStore::Map<Deployment> deployments;
    ObjectStore::Map<ReplicaSet> replicaSets;
    ObjectStore::Map<Pod> pods;
    template<class M> static bool same(const M& a, const M& b)
    {
        if (a.size() != b.size())
            return false;
        for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
            if (ia->first != ib->first || !(*ia->second == *ib->second))
                return false;
        return true;
    }
    bool matches(const Simulation& s) const
    {
        return now == s.now() && same(deployments, s.store().all<Deployment>())
            && same(replicaSets, s.store().all<ReplicaSet>()) && same(pods, s.store().all<Pod>());
    }
};

} // namespace

class TestSession : public QObject
{
    Q_OBJECT
private slots:
    void shellQuote_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << "kiada=luksa/kiada:0.7"
                               << "kiada=luksa/kiada:0.7";
        QTest::newRow("flag") << "--replicas=5"
                              << "--replicas=5";
        QTest::newRow("json") << R"({"spec":{"minReadySeconds":10}})"
                              << R"('{"spec":{"minReadySeconds":10}}')";
        QTest::newRow("space") << "a b"
                               << "'a b'";
        QTest::newRow("quote") << "it's"
                               << R"('it'\''s')";
        QTest::newRow("empty") << ""
                               << "''";
    }
    void shellQuote()
    {
        QFETCH(QString, word);
        QFETCH(QString, quoted);
        QCOMPARE(Session::shellQuote(word), quoted);
    }

    void actionEchoesTheKubectlCommand()
    {
        Session s;
        QSignalSpy out(&s, &Session::outputAvailable);
        QSignalSpy finished(&s, &Session::commandFinished);
        QCOMPARE(s.runArgv({QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("kiada"),
                     QStringLiteral("--image=luksa/kiada:0.5"), QStringLiteral("--replicas=3")}),
            0);
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.at(0).at(0).toString(),
            QStringLiteral("$ kubectl create deployment kiada --image=luksa/kiada:0.5 --replicas=3\n"));
        // kubectl create deployment's name printer (kubectl 1.32).
        QCOMPARE(out.at(1).at(0).toString(), QStringLiteral("deployment.apps/kiada created\n"));
        QCOMPARE(out.at(1).at(1).toBool(), false);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toInt(), 0);
        QCOMPARE(s.commands().size(), std::size_t(1));
        QCOMPARE(s.commands().front().argv.first(), QStringLiteral("kubectl"));

        out.clear();
        QCOMPARE(s.runArgv({QStringLiteral("scale"), QStringLiteral("deployment"), QStringLiteral("nope"),
                     QStringLiteral("--replicas=5")}),
            1);
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.at(1).at(0).toString(),
            QStringLiteral("Error from server (NotFound): deployments.apps \"nope\" not found\n"));
        QCOMPARE(out.at(1).at(1).toBool(), true);
    }

    void consoleOutputIsRolloutctls()
    {
        // The same lesson through the session and through `rolloutctl run --echo`: same text.
        Session s;
        QString session;
        connect(&s, &Session::outputAvailable, this, [&](const QString& t, bool) { session += t; });
        s.runScript(readFile(kLesson + QStringLiteral("/lesson.sh")), kLesson);

        QString ctl;
        RolloutCtl r([&](const QString& t, bool) { ctl += t; });
        r.run({QStringLiteral("run"), QStringLiteral("--echo"), kLesson + QStringLiteral("/lesson.sh")});
        QCOMPARE(session, ctl);
        QVERIFY(session.contains(QStringLiteral("deployment \"kiada\" successfully rolled out")));
    }

    void playedScriptUnfoldsWithTime()
    {
        // A lesson played as time passes (frames of 40 ms at 10x) ends as rolloutctl's run.
        Session s;
        QString session;
        connect(&s, &Session::outputAvailable, this, [&](const QString& t, bool) { session += t; });
        QSignalSpy finished(&s, &Session::scriptFinished);
        s.playScript(readFile(kLesson + QStringLiteral("/lesson.sh")), kLesson);
        // The first command ran at once; the next waits for its moment.
        QVERIFY(session.startsWith(QStringLiteral("$ kubectl apply -f images.yaml\n")));
        QVERIFY(!session.contains(QStringLiteral("svc.kiada.yaml")));
        QVERIFY(s.pendingCommands() > 10);
        s.advanceBy(999);
        QCOMPARE(s.commands().size(), std::size_t(1));
        s.advanceBy(1);
        QCOMPARE(s.commands().size(), std::size_t(2));
        int frames = 0;
        while (s.pendingCommands() > 0 && frames < 100'000) {
            s.advanceBy(400);
            ++frames;
        }
        QCOMPARE(finished.size(), 1);
        QString ctl;
        RolloutCtl r([&](const QString& t, bool) { ctl += t; });
        r.run({QStringLiteral("run"), QStringLiteral("--echo"), kLesson + QStringLiteral("/lesson.sh")});
        QCOMPARE(session, ctl);
    }

    void timeAndCoalescedChanges()
    {
        Session s;
        QSignalSpy time(&s, &Session::timeChanged);
        QSignalSpy changed(&s, &Session::changed);
        s.advanceBy(100);
        s.advanceBy(250);
        QCOMPARE(s.elapsed(), Millis(350));
        QCOMPARE(time.size(), 2);
        QCOMPARE(time.last().at(0).value<Millis>(), Millis(350));
        QCOMPARE(changed.size(), 0); // coalesced: delivered by the event loop
        QVERIFY(changed.wait(1000));
        QCOMPARE(changed.size(), 1);
        QCoreApplication::processEvents();
        QCOMPARE(changed.size(), 1);
    }

    void stepRunsOneEventAndReplaysExactly()
    {
        Session s;
        s.runArgv({QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("kiada"),
            QStringLiteral("--image=luksa/kiada:0.5"), QStringLiteral("--replicas=3")});
        QVERIFY(s.nextEventAt() >= 0);
        int steps = 0;
        while (steps < 25 && s.stepToNextEvent())
            ++steps;
        QCOMPARE(steps, 25);
        QCOMPARE(s.commands().back().argv, (QStringList {QStringLiteral("sim"), QStringLiteral("step")}));

        Session copy;
        copy.fromWorkspace(s.toWorkspace());
        QCOMPARE(differences(copy.simulation(), s.simulation()), QStringList());
    }

    void viewThePastAndReturn()
    {
        Session s;
        s.runScript(QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                   "sleep 20\n"),
            kLesson);
        const Frozen before(s.simulation());
        const Millis t = s.elapsed();
        QCOMPARE(before.replicaSets.size(), std::size_t(1));
        s.runArgv(
            {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("deploy.kiada.0.7.rolling-update.yaml")});
        s.advanceBy(40'000);
        QCOMPARE(s.simulation().store().all<ReplicaSet>().size(), std::size_t(2));

        QSignalSpy replaced(&s, &Session::viewSimulationReplaced);
        QSignalSpy viewTime(&s, &Session::viewTimeChanged);
        s.viewAt(t);
        QVERIFY(s.isViewingPast());
        QCOMPARE(s.viewTime(), t);
        QCOMPARE(viewTime.last().at(0).value<Millis>(), t);
        QCOMPARE(replaced.size(), 1);
        QVERIFY(&s.viewSimulation() != &s.simulation());
        QVERIFY(before.matches(s.viewSimulation()));
        // The live cluster is untouched.
        QCOMPARE(s.simulation().store().all<ReplicaSet>().size(), std::size_t(2));

        // Moving forward reuses the replica; moving back rebuilds it; both equal the live run.
        s.viewAt(t + 5000);
        QCOMPARE(replaced.size(), 1);
        s.viewAt(s.elapsed() - 1);
        s.advanceBy(1);
        QVERIFY(!s.isViewingPast()); // playing the past catches up with the present
        QCOMPARE(replaced.size(), 2);
        QCOMPARE(&s.viewSimulation(), &s.simulation());
    }

    void actingInThePastBranchesAndUndoRestores()
    {
        Session s;
        s.runScript(QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                   "sleep 20\n"),
            kLesson);
        const Millis t = s.elapsed();
        s.runArgv(
            {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("deploy.kiada.0.7.rolling-update.yaml")});
        s.advanceBy(60'000);
        const Frozen future(s.simulation());
        const std::size_t commands = s.commands().size();

        // Cancelled: nothing happens.
        s.viewAt(t);
        s.setBranchHandler([] { return false; });
        QCOMPARE(s.runArgv({QStringLiteral("scale"), QStringLiteral("deployment"), QStringLiteral("kiada"),
                     QStringLiteral("--replicas=5")}),
            1);
        QVERIFY(s.isViewingPast());
        QCOMPARE(s.commands().size(), commands);
        QVERIFY(future.matches(s.simulation()));

        // Confirmed: the moment viewed becomes the present, the later commands are gone.
        std::shared_ptr<Session::Future> discarded;
        s.setBranchHandler([&] {
            discarded = s.branchAtView();
            return true;
        });
        QSignalSpy rewritten(&s, &Session::historyRewritten);
        QCOMPARE(s.runArgv({QStringLiteral("scale"), QStringLiteral("deployment"), QStringLiteral("kiada"),
                     QStringLiteral("--replicas=5")}),
            0);
        QVERIFY(discarded);
        QCOMPARE(rewritten.size(), 1);
        QVERIFY(!s.isViewingPast());
        QCOMPARE(s.elapsed(), t);
        QCOMPARE(s.commands().size(), commands); // apply 0.7 dropped, scale added
        QCOMPARE(
            s.commands().back().argv.mid(1, 2), (QStringList {QStringLiteral("scale"), QStringLiteral("deployment")}));
        s.advanceBy(30'000);
        QCOMPARE(s.simulation().store().all<ReplicaSet>().size(), std::size_t(1));
        QCOMPARE(s.simulation().store().all<Pod>().size(), std::size_t(5));

        // Undo: the discarded future is back, unchanged; redo swaps again.
        auto redo = s.restoreFuture(discarded);
        QVERIFY(redo);
        QVERIFY(future.matches(s.simulation()));
        QCOMPARE(s.commands().size(), commands);
        QCOMPARE(s.commands().back().argv.mid(1, 1), QStringList {QStringLiteral("apply")});
        s.restoreFuture(redo);
        QCOMPARE(s.simulation().store().all<Pod>().size(), std::size_t(5));
    }

    void workspaceKeepsEverything()
    {
        QTemporaryDir dir;
        const QString manifest = dir.filePath(QStringLiteral("deploy.yaml"));
        {
            QFile f(manifest);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(readFile(kLesson + QStringLiteral("/deploy.kiada.0.7.rolling-update.yaml")).toUtf8());
        }
        Session s;
        s.runScript(
            readFile(kLesson + QStringLiteral("/lesson.sh")).section(QStringLiteral("## A rolling"), 0, 0), kLesson);
        s.setWorkingDirectory(dir.path());
        s.runLine(QStringLiteral("kubectl apply -f deploy.yaml"));
        s.runLine(QStringLiteral("sim traffic kiada 5"));
        s.advanceBy(12'345);
        QVERIFY(s.traffic());
        const int sent = s.traffic()->sent();
        QVERIFY(sent > 0);

        const QString path = dir.filePath(QStringLiteral("w.rolloutlab"));
        QString error;
        QVERIFY2(s.toWorkspace().save(path, &error), qPrintable(error));
        QFile::remove(manifest); // the manifest's text is in the workspace
        const auto w = Workspace::load(path, &error);
        QVERIFY2(w, qPrintable(error));
        Session back;
        back.fromWorkspace(*w);
        QCOMPARE(back.elapsed(), s.elapsed());
        QCOMPARE(back.lesson(), s.lesson());
        QCOMPARE(differences(back.simulation(), s.simulation()), QStringList());
        QVERIFY(back.traffic());
        QCOMPARE(back.traffic()->requests(), s.traffic()->requests());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
