// The kubectl-style tables: each model's header and cells equal what `kubectl get` (the model's
// Kubectl, whose printers are checked against kubectl 1.32 in tests/model) prints for the same
// state, through a real rollout (lesson 02: Recreate 0.6, then RollingUpdate to 0.7), with
// QAbstractItemModelTester watching every incremental update.
#include "kubectl/kubectl.h"
#include "kubectl/tabwriter.h"
#include "models/deploymentsmodel.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/replicasetsmodel.h"
#include "models/rollouthistorymodel.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace rl;

namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

QString kubectlOut(Simulation& sim, const QStringList& argv)
{
    Kubectl k(sim);
    k.run(argv);
    return k.out();
}

} // namespace

class TestTableModels : public QObject
{
    Q_OBJECT

private:
    Simulation m_sim {42};
    ScriptRunner m_runner {m_sim};
    DeploymentsModel m_deployments;
    ReplicaSetsModel m_replicaSets;
    PodsModel m_pods;
    EventsModel m_events;
    RolloutHistoryModel m_history;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

    void refreshAll()
    {
        for (ObjectTableModel* m :
            std::initializer_list<ObjectTableModel*> {&m_deployments, &m_replicaSets, &m_pods, &m_events, &m_history})
            m->refresh();
    }

    void run(const QString& script)
    {
        m_runner.runScript(script);
        refreshAll();
    }

    /// Every model's text equals kubectl's for the current state.
    void compareAll()
    {
        QCOMPARE(m_deployments.tableText(), kubectlOut(m_sim, {"get", "deploy"}));
        QCOMPARE(m_replicaSets.tableText(), kubectlOut(m_sim, {"get", "rs", "-L", "ver"}));
        QCOMPARE(m_pods.tableText(), kubectlOut(m_sim, {"get", "pods"}));
        QCOMPARE(m_events.tableText(), kubectlOut(m_sim, {"get", "events"}));
        // rollout history prints its own tabwriter (0, 2) after the name line
        QString table;
        for (int c = 0; c < m_history.columnCount(); ++c)
            table
                += m_history.headerData(c, Qt::Horizontal).toString() + (c + 1 < m_history.columnCount() ? "\t" : "\n");
        for (int r = 0; r < m_history.rowCount(); ++r)
            table += m_history.index(r, 0).data().toString() + '\t' + m_history.index(r, 1).data().toString() + '\n';
        const QString expected = kubectlOut(m_sim, {"rollout", "history", "deployment/kiada"});
        if (m_history.rowCount() == 0)
            QCOMPARE(expected, QStringLiteral("deployment.apps/kiada \nNo rollout history found.\n"));
        else
            QCOMPARE(QStringLiteral("deployment.apps/kiada \n") + TabWriter::format(table, 0, 2) + '\n', expected);
    }

private slots:
    void initTestCase()
    {
        m_runner.setWorkingDirectory(kLesson);
        m_runner.setThinkTime(0);
        m_replicaSets.setLabelColumns({QStringLiteral("ver")});
        m_history.setDeployment(QStringLiteral("kiada"));
        for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*> {
                 &m_deployments, &m_replicaSets, &m_pods, &m_events, &m_history}) {
            m_testers.push_back(
                std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::QtTest));
        }
        for (ObjectTableModel* m :
            std::initializer_list<ObjectTableModel*> {&m_deployments, &m_replicaSets, &m_pods, &m_events, &m_history})
            m->setSimulation(&m_sim);
    }

    void headers()
    {
        auto header = [](const QAbstractItemModel& m) {
            QStringList h;
            for (int c = 0; c < m.columnCount(); ++c)
                h << m.headerData(c, Qt::Horizontal).toString();
            return h;
        };
        // kubectl 1.32: pkg/printers/internalversion/printers.go column definitions, -L ver -> VER
        QCOMPARE(header(m_deployments), QStringList({"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}));
        QCOMPARE(header(m_replicaSets), QStringList({"NAME", "DESIRED", "CURRENT", "READY", "AGE", "VER"}));
        QCOMPARE(header(m_pods), QStringList({"NAME", "READY", "STATUS", "RESTARTS", "AGE"}));
        QCOMPARE(header(m_events), QStringList({"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}));
        QCOMPARE(header(m_history), QStringList({"REVISION", "CHANGE-CAUSE"}));
        QCOMPARE(m_deployments.rowCount(), 0);
        QCOMPARE(m_deployments.tableText(), QString());
    }

    void recreateRollout()
    {
        run(QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f svc.kiada.yaml\n"
                           "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"));
        QCOMPARE(m_deployments.rowCount(), 1);
        QCOMPARE(m_pods.rowCount(), 0); // the controllers have not run yet
        compareAll();
        QSignalSpy podInserts(&m_pods, &QAbstractItemModel::rowsInserted);
        QSignalSpy podResets(&m_pods, &QAbstractItemModel::modelReset);
        run(QStringLiteral("sleep 1"));
        compareAll();
        QCOMPARE(m_pods.rowCount(), 3);
        QVERIFY(!podInserts.isEmpty());
        QCOMPARE(podResets.count(), 0);
        run(QStringLiteral("kubectl rollout status deployment kiada"));
        compareAll();
        QCOMPARE(m_deployments.index(0, 1).data().toString(), QStringLiteral("3/3"));
    }

    void rollingUpdate()
    {
        QSignalSpy rsResets(&m_replicaSets, &QAbstractItemModel::modelReset);
        QSignalSpy rsChanges(&m_replicaSets, &QAbstractItemModel::dataChanged);
        run(QStringLiteral("kubectl apply -f deploy.kiada.0.7.rolling-update.yaml"));
        compareAll();
        // the lesson's steps: every moment of the update, the tables read as kubectl prints them
        for (const char* step : {"sleep 1", "sleep 4", "sleep 8", "sleep 3", "sleep 11", "sleep 30"}) {
            run(QString::fromLatin1(step));
            compareAll();
        }
        QCOMPARE(m_replicaSets.rowCount(), 2);
        QCOMPARE(rsResets.count(), 0);
        QVERIFY(!rsChanges.isEmpty());
        QCOMPARE(m_history.rowCount(), 2);
        QCOMPARE(m_history.index(1, 0).data(ObjectTableModel::RevisionRole).toLongLong(), 2);
    }

    void roles()
    {
        const int row = m_replicaSets.rowCount() - 1;
        const QModelIndex name = m_replicaSets.index(row, 0);
        QCOMPARE(
            name.data(ObjectTableModel::ObjectKeyRole).toString(), QStringLiteral("default/") + name.data().toString());
        QCOMPARE(name.data(ObjectTableModel::NamespaceRole).toString(), QStringLiteral("default"));
        QVERIFY(name.data(ObjectTableModel::RevisionRole).toLongLong() > 0);
        // numbers sort as numbers, AGE by creation (younger first when ascending)
        QCOMPARE(m_replicaSets.index(row, 1).data(ObjectTableModel::SortRole).typeId(), QMetaType::Int);
        const QModelIndex age0 = m_pods.index(0, 4);
        QVERIFY(age0.data(ObjectTableModel::SortRole).canConvert<qint64>());
        QCOMPARE(m_pods.rowOf(m_pods.index(1, 0).data(ObjectTableModel::ObjectKeyRole).toString()), 1);
    }

    void ageTicksAsDataChanged()
    {
        QSignalSpy changes(&m_deployments, &QAbstractItemModel::dataChanged);
        QSignalSpy resets(&m_deployments, &QAbstractItemModel::modelReset);
        m_sim.advance(120 * 1000);
        refreshAll();
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        compareAll();
        refreshAll(); // nothing changed: no signal
        QCOMPARE(changes.count(), 1);
    }

    void deleteRemovesRows()
    {
        QSignalSpy removed(&m_pods, &QAbstractItemModel::rowsRemoved);
        const QString victim = m_pods.index(0, 0).data().toString();
        run(QStringLiteral("kubectl delete pod %1 --wait=false\nsleep 40").arg(victim));
        compareAll();
        QVERIFY(!removed.isEmpty());
        QCOMPARE(m_pods.rowOf(QStringLiteral("default/") + victim), -1);
        QCOMPARE(m_pods.rowCount(), 3);
    }

    void render()
    {
        // how the shell will show them: a plain QTableView over each model
        const QString dir = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR");
        for (ObjectTableModel* m :
            std::initializer_list<ObjectTableModel*> {&m_deployments, &m_replicaSets, &m_pods, &m_events}) {
            QTableView view;
            view.setModel(m);
            view.verticalHeader()->hide();
            view.resizeColumnsToContents();
            view.resize(760, 220);
            const QImage image = view.grab().toImage();
            QVERIFY(!image.isNull());
            if (!dir.isEmpty())
                QVERIFY(image.save(
                    QDir(dir).filePath(QString::fromLatin1(m->metaObject()->className()).section(':', -1) + ".png")));
        }
    }

    void switchingSimulationAndNamespace()
    {
        Simulation empty;
        m_pods.setSimulation(&empty);
        QCOMPARE(m_pods.rowCount(), 0);
        m_pods.setSimulation(&m_sim);
        QCOMPARE(m_pods.rowCount(), 3);
        m_pods.setNamespace(QStringLiteral("other"));
        QCOMPARE(m_pods.rowCount(), 0);
        m_pods.setNamespace(QStringLiteral("default"));
        m_pods.setSimulation(nullptr);
        QCOMPARE(m_pods.rowCount(), 0);
        m_pods.setSimulation(&m_sim);
    }
};

QTEST_MAIN(TestTableModels)
#include "tst_tablemodels.moc"
