// planApply (the editor's validation and preview) against `kubectl apply -f` itself: for every
// manifest of the lessons and the test data, planned on a cluster, then applied with Kubectl on
// the same cluster, the planned stderr equals kubectl's (warnings aside) and each document's
// outcome is the word kubectl prints (created / configured / unchanged).
#include "kubectl/applyplan.h"
#include "kubectl/kubectl.h"
#include "kubectl/resources.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace rl;

namespace {

QString outcomeWord(ApplyPlanItem::Outcome o)
{
    switch (o) {
    case ApplyPlanItem::Outcome::Created:
        return QStringLiteral("created");
    case ApplyPlanItem::Outcome::Configured:
        return QStringLiteral("configured");
    case ApplyPlanItem::Outcome::Unchanged:
        return QStringLiteral("unchanged");
    case ApplyPlanItem::Outcome::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

QString withoutWarnings(const QString& err)
{
    QStringList kept;
    for (const QString& l : err.split(QLatin1Char('\n')))
        if (!l.startsWith(QLatin1String("Warning: ")))
            kept << l;
    return kept.join(QLatin1Char('\n'));
}

QMap<QString, int> g_seen; // outcomes met, to know the comparisons covered each of them

/// Plans `file` on `sim`, applies it with kubectl, and compares.
void planThenApply(Simulation& sim, const QString& file)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    const ApplyPlan plan
        = planApply(sim.store(), ClusterVersion {1, sim.profile().minorVersion()}, sim.profile(), text, file);
    Kubectl k(sim);
    const int rc = k.run({"apply", "-f", file});
    if (!plan.parseErrors.empty())
        ++g_seen[QStringLiteral("parse error")];
    QCOMPARE(plan.errorText(), withoutWarnings(k.err()));
    QCOMPARE(plan.ok(), rc == 0);
    // one stdout line per applied document, in order: "<type>/<name> <outcome>"
    QStringList printed = k.out().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const ApplyPlanItem& item : plan.items) {
        ++g_seen[outcomeWord(item.outcome)];
        if (item.outcome == ApplyPlanItem::Outcome::Rejected)
            continue;
        QVERIFY2(!printed.isEmpty(), qPrintable(file));
        const QString line = printed.takeFirst();
        if (!resolveResourceType(item.kind)) // rolloutlab.dev kinds: kubectl remembers what it applied
            continue;
        QCOMPARE(line, resolveResourceType(item.kind)->objectName(item.name) + ' ' + outcomeWord(item.outcome));
    }
}

} // namespace

class TestApplyPlan : public QObject
{
    Q_OBJECT

private slots:
    void everyManifestTwice_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("version");
        QStringList files;
        for (const char* root : {"/resources/lessons", "/tests/data/manifests", "/tests/scripts/manifests"}) {
            QDirIterator it(QStringLiteral(ROLLOUT_SOURCE_DIR) + QLatin1String(root), {"*.yaml", "*.yml", "*.json"},
                QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
        }
        files.sort();
        QVERIFY(files.size() > 20);
        for (const QString& file : files)
            for (const char* version : {"1.32", "1.8"})
                QTest::newRow(
                    qPrintable(QDir(QStringLiteral(ROLLOUT_SOURCE_DIR)).relativeFilePath(file) + " on " + version))
                    << file << QString::fromLatin1(version);
    }

    void everyManifestTwice()
    {
        QFETCH(QString, file);
        QFETCH(QString, version);
        Simulation sim;
        sim.profile().setKubernetesVersion(version);
        planThenApply(sim, file); // created (or rejected)
        sim.advance(5000);
        planThenApply(sim, file); // unchanged
    }

    void lessonSequences()
    {
        // each lesson's manifests in order on one cluster: created, then configured by the next version
        QDir lessons(QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons"));
        for (const QString& lesson : lessons.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            Simulation sim;
            QDir dir(lessons.filePath(lesson));
            for (const QString& file : dir.entryList({"*.yaml"}, QDir::Files, QDir::Name)) {
                planThenApply(sim, dir.filePath(file));
                sim.advance(30 * 1000);
            }
        }
    }

    // The API server allocates a Service's cluster IP and node ports: the plan refuses what the
    // allocator refuses, and shows the addresses the apply then gets.
    void serviceAddresses()
    {
        Simulation sim;
        QTemporaryDir dir;
        const auto write = [&](const QString& name, const QString& extra) {
            const QString file = dir.filePath(name + QStringLiteral(".yaml"));
            QFile f(file);
            if (!f.open(QIODevice::WriteOnly))
                return QString();
            f.write(QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n  name: %1\nspec:\n%2  selector:\n"
                                   "    app: x\n  ports:\n  - port: 80\n")
                        .arg(name, extra)
                        .toUtf8());
            return file;
        };
        const QString plain = write(QStringLiteral("plain"), {});
        const ApplyPlan plan = planApply(sim.store(), ClusterVersion {1, 32}, sim.profile(), QString::fromUtf8([&] {
            QFile f(plain);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }()),
            plain);
        QCOMPARE(plan.items.size(), std::size_t(1));
        QVERIFY(plan.items[0].result);
        const QString previewed = std::get<Service>(*plan.items[0].result).spec.clusterIP;
        QVERIFY(previewed.startsWith(QStringLiteral("10.96.")));
        planThenApply(sim, plain);
        QCOMPARE(
            sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("plain"))->spec.clusterIP, previewed);

        planThenApply(sim, write(QStringLiteral("outside"), QStringLiteral("  clusterIP: 10.0.0.5\n")));
        planThenApply(sim, write(QStringLiteral("taken"), QStringLiteral("  clusterIP: %1\n").arg(previewed)));
        planThenApply(sim, write(QStringLiteral("port"), QStringLiteral("  type: NodePort\n")));
        QVERIFY(!sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("outside")));
        QVERIFY(!sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("taken")));
        QVERIFY(sim.store().get<Service>(QStringLiteral("default"), QStringLiteral("port")));
    }

    void cleanupTestCase()
    {
        for (const char* o : {"created", "configured", "unchanged", "rejected", "parse error"})
            QVERIFY2(g_seen.value(QString::fromLatin1(o)) > 0, o);
    }
};

QTEST_MAIN(TestApplyPlan)
#include "tst_applyplan.moc"
