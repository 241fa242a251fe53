#include "scenario/scriptrunner.h"
#include "scenario/workspace.h"
#include "sim/simulation.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace rl;

class TestWorkspace : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip()
    {
        Workspace w;
        w.seed = 42;
        w.time = 90'000;
        w.lesson = QStringLiteral("resources/lessons/02-kiada-rolling-update");
        w.commands.push_back({1000,
            {QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("kiada"),
                QStringLiteral("--image=luksa/kiada:0.5"), QStringLiteral("--replicas=3")},
            {}, {}});
        w.commands.push_back({5000, {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
            QStringLiteral("kind: Service\n"), QStringLiteral("/tmp")});
        w.documents.push_back({QStringLiteral("deploy.yaml"), QStringLiteral("apiVersion: apps/v1\n")});
        w.ui.insert(QStringLiteral("speed"), 4.0);
        QString error;
        const auto back = Workspace::fromJson(w.toJson(), &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(*back, w);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << QByteArray("{\"format\": \"rollout-lab-workspace\", \"vers")
                                   << QStringLiteral("the file is damaged: unterminated string at byte 42");
        QTest::newRow("other json") << QByteArray("{\"seed\": \"1\"}")
                                    << QStringLiteral("this is not a Rollout Lab workspace");
        QTest::newRow("newer") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 2, "seed": "1", "time": 0})")
                               << QStringLiteral(
                                      "the workspace was saved by a newer Rollout Lab (format 2; this one reads 1)");
        QTest::newRow("older") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 0, "seed": "1", "time": 0})")
                               << QStringLiteral("the workspace has an unknown format version 0");
        QTest::newRow("much newer") << QByteArray(R"({"format": "rollout-lab-workspace", "version": 1e20})")
                                    << QStringLiteral("the workspace was saved by a newer Rollout Lab (format "
                                                      "100000000000000000000; this one reads 1)");
        QTest::newRow("fractional version")
            << QByteArray(R"({"format": "rollout-lab-workspace", "version": 1.5, "seed": "1", "time": 0})")
            << QStringLiteral("the file is damaged: it has no format version");
        QTest::newRow("negative version")
            << QByteArray(R"({"format": "rollout-lab-workspace", "version": -3, "seed": "1", "time": 0})")
            << QStringLiteral("the workspace has an unknown format version -3");
        QTest::newRow("rolloutctl state before format 1")
            << QByteArray(R"({"seed": "1", "commands": [{"argv": ["get", "pods"]}]})")
            << QStringLiteral("the file was saved by an older Rollout Lab (a state file without a format version; "
                              "this one reads format 1)");
        QTest::newRow("array") << QByteArray("[1, 2]") << QStringLiteral("this is not a Rollout Lab workspace");
        QTest::newRow("deep nesting") << QByteArray(2000, '[')
                                      << QStringLiteral("the file is damaged: too deeply nested document at byte 1025");
        QTest::newRow("bad seed") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 1, "seed": 1, "time": 0})")
                                  << QStringLiteral("the file is damaged: seed must be a number in a string");
        QTest::newRow("unordered") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 1, "seed": "1", "time": 9,
                "commands": [{"at": 5, "argv": ["get", "pods"]}, {"at": 4, "argv": ["get", "pods"]}]})")
                                   << QStringLiteral("the file is damaged: commands[1].at is missing or out of order");
        QTest::newRow("argv types") << QByteArray(
            R"({"format": "rollout-lab-workspace", "version": 1, "seed": "1", "time": 9,
                "commands": [{"at": 5, "argv": ["get", 3]}]})")
                                    << QStringLiteral("the file is damaged: commands[0].argv must hold strings");
    }
    void refused()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!Workspace::fromJson(data, &error).has_value());
        QCOMPARE(error, message);
    }

    void failedSaveKeepsOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("class.rlw"));
        Workspace w;
        w.seed = 7;
        QString error;
        QVERIFY(w.save(path, &error));
        QVERIFY(!w.save(dir.filePath(QStringLiteral("missing/dir/x.rlw")), &error));
        QVERIFY(error.startsWith(QStringLiteral("cannot write ")));
        const auto back = Workspace::load(path, &error);
        QVERIFY(back.has_value());
        QCOMPARE(back->seed, quint64(7));
    }

    // Replaying the saved commands rebuilds the same cluster and the same history, byte for byte.
    void replayRebuildsHistory()
    {
        Workspace w;
        w.seed = 3;
        w.commands.push_back({0,
            {QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("kiada"),
                QStringLiteral("--image=luksa/kiada:0.5"), QStringLiteral("--replicas=3")},
            {}, {}});
        w.commands.push_back({20'000,
            {QStringLiteral("set"), QStringLiteral("image"), QStringLiteral("deployment/kiada"),
                QStringLiteral("kiada=luksa/kiada:0.6")},
            {}, {}});
        w.time = 60'000;

        auto historyOf = [&](const Workspace& ws) {
            Simulation sim(ws.seed);
            ScriptRunner runner(sim);
            runner.setSink([](const QString&, bool) {});
            ws.replay(sim, runner);
            QStringList lines;
            for (const auto& e : sim.store().history())
                lines << QStringLiteral("%1 %2 %3").arg(e.time).arg(watchTypeName(e.type)).arg(int(e.kind));
            lines << QString::number(sim.now() - sim.startTime());
            return lines;
        };
        QString error;
        const auto back = Workspace::fromJson(w.toJson(), &error);
        QVERIFY(back.has_value());
        const QStringList a = historyOf(w);
        QCOMPARE(historyOf(*back), a);
        QCOMPARE(a.last(), QStringLiteral("60000"));
        QVERIFY(a.size() > 20); // pods of both ReplicaSets were created, scheduled, started
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
