#include "kubectl/duration.h"
#include "kubectl/tabwriter.h"

#include <QTest>

using namespace rl;

// Expected layouts are kubectl's own output as quoted in the spec (7.3, 7.10, 7.11).
class TestTabWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void getLayout_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("deployment") << QStringLiteral(
            "NAME\tREADY\tUP-TO-DATE\tAVAILABLE\tAGE\nkiada\t3/3\t1\t2\t50m\n")
                                    << QStringLiteral("NAME    READY   UP-TO-DATE   AVAILABLE   AGE\n"
                                                      "kiada   3/3     1            2           50m\n");
        QTest::newRow("rs with -L") << QStringLiteral(
            "NAME\tDESIRED\tCURRENT\tREADY\tAGE\tVER\nkiada-58df67c6f6\t1\t1\t0\t2s\t0.7\n"
            "kiada-5d5c5f9d76\t2\t2\t2\t53m\t0.6\n")
                                    << QStringLiteral("NAME               DESIRED   CURRENT   READY   AGE   VER\n"
                                                      "kiada-58df67c6f6   1         1         0       2s    0.7\n"
                                                      "kiada-5d5c5f9d76   2         2         2       53m   0.6\n");
        QTest::newRow("empty last cell") << QStringLiteral("A\tB\nx\t\n") << QStringLiteral("A     B\nx     \n");
        QTest::newRow("no trailing newline") << QStringLiteral("A\tB\nxx\tyy") << QStringLiteral("A     B\nxx    yy");
    }
    void getLayout()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto w = TabWriter::forGet();
        w.write(input);
        QCOMPARE(w.flush(), expected);
    }

    void describeBlocks()
    {
        // A line without a tab ends the column block: "Pod Template:" splits the two blocks.
        const QString in
            = QStringLiteral("Name:\tkiada\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=kiada\n\trel=stable\n"
                             "  Containers:\n   kiada:\n    Image:\tluksa/kiada:0.7\n  Volumes:\t<none>\n");
        const QString out
            = QStringLiteral("Name:       kiada\nNamespace:  default\nPod Template:\n  Labels:  app=kiada\n"
                             "           rel=stable\n  Containers:\n   kiada:\n    Image:  luksa/kiada:0.7\n"
                             "  Volumes:  <none>\n");
        QCOMPARE(TabWriter::format(in, 0, 2), out);
    }

    void nestedColumns()
    {
        // Conditions table inside describe: column 0 is shared with the "Key:" block only while
        // consecutive lines have a tab.
        const QString in = QStringLiteral("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n"
                                          "  Available \tTrue\tMinimumReplicasAvailable\n"
                                          "  Progressing \tTrue\tNewReplicaSetAvailable\n"
                                          "OldReplicaSets:\tx\nNewReplicaSet:\ty\n");
        const QString out
            = QStringLiteral("Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n"
                             "  Available      True    MinimumReplicasAvailable\n"
                             "  Progressing    True    NewReplicaSetAvailable\n"
                             "OldReplicaSets:  x\nNewReplicaSet:   y\n");
        QCOMPARE(TabWriter::format(in, 0, 2), out);
    }

    void humanDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("expected");
        // apimachinery/pkg/util/duration/duration_test.go TestHumanDuration
        QTest::newRow("1s") << qint64(1000) << QStringLiteral("1s");
        QTest::newRow("70s") << qint64(70000) << QStringLiteral("70s");
        QTest::newRow("190s") << qint64(190000) << QStringLiteral("3m10s");
        QTest::newRow("70m") << qint64(70 * 60000) << QStringLiteral("70m");
        QTest::newRow("47h") << qint64(47 * 3600000LL) << QStringLiteral("47h");
        QTest::newRow("49h") << qint64(49 * 3600000LL) << QStringLiteral("2d1h");
        QTest::newRow("8d") << qint64(8 * 24 * 3600000LL) << QStringLiteral("8d");
        QTest::newRow("367d") << qint64(367 * 24 * 3600000LL) << QStringLiteral("367d");
        QTest::newRow("365d*2+1") << qint64((365 * 2 + 1) * 24 * 3600000LL) << QStringLiteral("2y1d");
        QTest::newRow("365d*10") << qint64(365 * 10 * 24 * 3600000LL) << QStringLiteral("10y");
        QTest::newRow("119s") << qint64(119000) << QStringLiteral("119s");
        QTest::newRow("5m") << qint64(300000) << QStringLiteral("5m");
        QTest::newRow("3h20m") << qint64(200 * 60000) << QStringLiteral("3h20m");
        QTest::newRow("4h") << qint64(240 * 60000) << QStringLiteral("4h");
        QTest::newRow("3d") << qint64(72 * 3600000LL) << QStringLiteral("3d");
        QTest::newRow("-1s") << qint64(-1000) << QStringLiteral("0s");
        QTest::newRow("-2s") << qint64(-2000) << QStringLiteral("<invalid>");
    }
    void humanDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, expected);
        QCOMPARE(rl::humanDuration(ms), expected);
    }
    void unknownTimestamp() { QCOMPARE(translateTimestampSince(kNoTime, 5000), QStringLiteral("<unknown>")); }

    void parseDuration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("error");
        // Go's time.ParseDuration and its error strings (src/time/format.go).
        QTest::newRow("0") << QStringLiteral("0") << qint64(0) << QString();
        QTest::newRow("30s") << QStringLiteral("30s") << qint64(30000) << QString();
        QTest::newRow("1m30s") << QStringLiteral("1m30s") << qint64(90000) << QString();
        QTest::newRow("1.5h") << QStringLiteral("1.5h") << qint64(5400000) << QString();
        QTest::newRow("300ms") << QStringLiteral("300ms") << qint64(300) << QString();
        QTest::newRow("abc") << QStringLiteral("abc") << qint64(-1) << QStringLiteral("time: invalid duration \"abc\"");
        QTest::newRow("10") << QStringLiteral("10") << qint64(-1)
                            << QStringLiteral("time: missing unit in duration \"10\"");
        QTest::newRow("1d") << QStringLiteral("1d") << qint64(-1)
                            << QStringLiteral("time: unknown unit \"d\" in duration \"1d\"");
        QTest::newRow("empty") << QString() << qint64(-1) << QStringLiteral("time: invalid duration \"\"");
    }
    void parseDuration()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, error);
        QString err;
        const auto v = parseGoDuration(text, &err);
        if (error.isEmpty()) {
            QVERIFY(v.has_value());
            QCOMPARE(*v, ms);
        } else {
            QVERIFY(!v.has_value());
            QCOMPARE(err, error);
        }
    }
};

QTEST_GUILESS_MAIN(TestTabWriter)
#include "tst_tabwriter.moc"
