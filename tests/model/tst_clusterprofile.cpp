#include "sim/clusterprofile.h"

#include <QJsonDocument>
#include <QTest>

using namespace rl;

namespace {
QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}
} // namespace

class TestClusterProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        // Expected values: Go's time.Duration.String().
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("ms") << qint64(503) << QStringLiteral("503ms");
        QTest::newRow("whole s") << qint64(10000) << QStringLiteral("10s");
        QTest::newRow("frac s") << qint64(2345) << QStringLiteral("2.345s");
        QTest::newRow("trailing zero") << qint64(1500) << QStringLiteral("1.5s");
        QTest::newRow("minutes") << qint64(80000) << QStringLiteral("1m20s");
        QTest::newRow("5m") << qint64(300000) << QStringLiteral("5m0s");
        QTest::newRow("hours") << qint64(3723000) << QStringLiteral("1h2m3s");
        QTest::newRow("zero after the point") << qint64(2050) << QStringLiteral("2.05s");
        QTest::newRow("ms in an hour") << qint64(3600001) << QStringLiteral("1h0m0.001s");
        QTest::newRow("negative") << qint64(-1500) << QStringLiteral("-1.5s");
        QTest::newRow("negative ms") << qint64(-7) << QStringLiteral("-7ms");
    }
    void goDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatGoDuration(ms), text);
    }

    void imageMatching_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("image");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "luksa/kiada:0.8"
                               << "luksa/kiada:0.8" << true;
        QTest::newRow("other tag") << "luksa/kiada:0.8"
                                   << "luksa/kiada:0.7" << false;
        QTest::newRow("wildcard tag") << "luksa/kiada:*"
                                      << "luksa/kiada:0.7" << true;
        QTest::newRow("wildcard untagged") << "luksa/kiada:*"
                                           << "luksa/kiada" << true;
        QTest::newRow("wildcard other repo") << "luksa/kiada:*"
                                             << "luksa/kiada-ssl:0.7" << false;
        QTest::newRow("registry port") << "localhost:3000/worker:*"
                                       << "localhost:3000/worker:v0.3" << true;
        QTest::newRow("registry port exact") << "localhost:3000/worker:v0.2"
                                             << "localhost:3000/worker:v0.3" << false;
    }
    void imageMatching()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, image);
        QFETCH(bool, matches);
        QCOMPARE(ImageBehavior::imageMatches(pattern, image), matches);
    }

    void exactBeatsWildcard()
    {
        ClusterProfile p;
        ImageBehavior any;
        any.image = QStringLiteral("luksa/kiada:*");
        any.version = QStringLiteral("any");
        ImageBehavior exact;
        exact.image = QStringLiteral("luksa/kiada:0.8");
        exact.version = QStringLiteral("Kiada 0.8");
        p.addImageBehavior(exact);
        p.addImageBehavior(any);
        QCOMPARE(p.findImageBehavior(QStringLiteral("luksa/kiada:0.8"))->version, QStringLiteral("Kiada 0.8"));
        QCOMPARE(p.findImageBehavior(QStringLiteral("luksa/kiada:0.6"))->version, QStringLiteral("any"));
        QVERIFY(!p.findImageBehavior(QStringLiteral("nginx")));
    }

    void decodeImageBehavior()
    {
        QString error;
        auto b = rl::decodeImageBehavior(json(R"({"apiVersion":"rolloutlab.dev/v1alpha1","kind":"ImageBehavior",
            "metadata":{"name":"kiada-0.8"},
            "spec":{"image":"luksa/kiada:0.8","pullSeconds":2.5,"startupSeconds":1,"version":"Kiada 0.8",
                    "failAfter":{"fromEnv":"FAIL_AFTER_SECONDS","statusCode":500},
                    "shutdown":{"ignoresSigterm":true}}})"),
            &error);
        QVERIFY2(b, qPrintable(error));
        QCOMPARE(b->name, QStringLiteral("kiada-0.8"));
        QCOMPARE(b->image, QStringLiteral("luksa/kiada:0.8"));
        QCOMPARE(b->pullTime, std::optional<Millis>(2500));
        QCOMPARE(b->startupTime, std::optional<Millis>(1000));
        QCOMPARE(b->failAfterEnv, QStringLiteral("FAIL_AFTER_SECONDS"));
        QVERIFY(!b->failAfter);
        QVERIFY(b->ignoresSigterm);
        QVERIFY(b->exists);
    }

    void decodeErrors_data()
    {
        QTest::addColumn<QString>("doc");
        QTest::addColumn<QString>("error");
        const QString head = QStringLiteral(R"({"apiVersion":"rolloutlab.dev/v1alpha1","kind":"ImageBehavior",
            "metadata":{"name":"x"},"spec":)");
        QTest::newRow("unknown field")
            << head + R"({"image":"a","pullSecs":1}})"
            << R"(ImageBehavior "x": spec.pullSecs: unknown field (known: image, exists, pullError, pullSeconds, sizeBytes, startupSeconds, version, response, failAfter, crash, shutdown))";
        QTest::newRow("negative") << head + R"({"image":"a","pullSeconds":-1}})"
                                  << R"(ImageBehavior "x": spec.pullSeconds: must be a number of seconds >= 0)";
        QTest::newRow("no image")
            << head + R"({"exists":false}})"
            << R"(ImageBehavior "x": spec.image: required (an image, or a repository with tag "*"))";
        QTest::newRow("exists type") << head + R"({"image":"a","exists":"no"}})"
                                     << R"(ImageBehavior "x": spec.exists: must be true or false)";
        QTest::newRow("exit code") << head + R"({"image":"a","crash":{"afterSeconds":3,"exitCode":300}}})"
                                   << R"(ImageBehavior "x": spec.crash.exitCode: must be an integer between 0 and 255)";
        QTest::newRow("failAfter empty") << head + R"({"image":"a","failAfter":{"statusCode":500}}})"
                                         << R"(ImageBehavior "x": spec.failAfter: needs seconds or fromEnv)";
        QTest::newRow("apiVersion") << QStringLiteral(
            R"({"apiVersion":"v1","kind":"ImageBehavior","metadata":{"name":"x"}})")
                                    << R"(ImageBehavior "x": apiVersion: must be rolloutlab.dev/v1alpha1)";
    }
    void decodeErrors()
    {
        QFETCH(QString, doc);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!rl::decodeImageBehavior(QJsonDocument::fromJson(doc.toUtf8()).object(), &actual));
        QCOMPARE(actual, error);
    }

    void decodeClusterProfile()
    {
        ClusterProfile p;
        QCOMPARE(p.kubernetesVersion(), QStringLiteral("1.32"));
        QCOMPARE(p.nodeNames().size(), 3);
        QString error;
        QVERIFY2(rl::decodeClusterProfile(json(R"({"apiVersion":"rolloutlab.dev/v1alpha1","kind":"ClusterProfile",
            "metadata":{"name":"workshop"},
            "spec":{"kubernetesVersion":"v1.8","nodes":5,"seed":42,"maxPodsPerNode":20,
                    "latencies":{"scheduling":0.2,"pull":1}}})"),
                     p, &error),
            qPrintable(error));
        QCOMPARE(p.name(), QStringLiteral("workshop"));
        QCOMPARE(p.kubernetesVersion(), QStringLiteral("1.8"));
        QCOMPARE(p.minorVersion(), 8);
        QCOMPARE(p.nodeNames(), (QStringList {"node1", "node2", "node3", "node4", "node5"}));
        QCOMPARE(p.seed(), std::optional<quint64>(42));
        QCOMPARE(p.maxPodsPerNode(), 20);
        QCOMPARE(p.latencies().scheduling, 200);
        QCOMPARE(p.latencies().pull, 1000);
        QCOMPARE(p.latencies().containerStart, Latencies().containerStart);

        ClusterProfile q;
        QVERIFY(!rl::decodeClusterProfile(json(R"({"apiVersion":"rolloutlab.dev/v1alpha1","kind":"ClusterProfile",
            "metadata":{"name":"bad"},"spec":{"kubernetesVersion":"latest"}})"),
            q, &error));
        QCOMPARE(error,
            QStringLiteral(R"(ClusterProfile "bad": spec.kubernetesVersion: must look like "1.32" (got "latest"))"));
        QCOMPARE(q, ClusterProfile()); // unchanged on error
        QVERIFY(!rl::decodeClusterProfile(json(R"({"apiVersion":"rolloutlab.dev/v1alpha1","kind":"ClusterProfile",
            "metadata":{"name":"bad"},"spec":{"nodes":2,"nodeNames":["a","b","c"]}})"),
            q, &error));
        QCOMPARE(error, QStringLiteral(R"(ClusterProfile "bad": spec.nodes: does not match the length of nodeNames)"));
    }
};

QTEST_GUILESS_MAIN(TestClusterProfile)
#include "tst_clusterprofile.moc"
