// Deployment controller, sync by sync, against the worked examples of spec section 10 and the rules
// of sections 2-4 (kubernetes/kubernetes pkg/controller/deployment). Automatic mode is off: every
// sync is called by hand and ReplicaSet statuses are set by the test, as the ReplicaSet controller
// would write them.
#include "controllers/deploymentcontroller.h"
#include "controllers/deploymentutil.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QRegularExpression>
#include <QTest>

using namespace rl;

namespace {
PodTemplateSpec templ(const QString& image)
{
    PodTemplateSpec t;
    t.metadata.labels[QStringLiteral("app")] = QStringLiteral("kiada");
    Container c;
    c.name = QStringLiteral("kiada");
    c.image = image;
    c.imagePullPolicy = QStringLiteral("IfNotPresent");
    c.terminationMessagePath = QStringLiteral("/dev/termination-log");
    c.terminationMessagePolicy = QStringLiteral("File");
    t.spec.containers.push_back(c);
    t.spec.restartPolicy = QStringLiteral("Always");
    t.spec.terminationGracePeriodSeconds = 30;
    t.spec.dnsPolicy = QStringLiteral("ClusterFirst");
    t.spec.schedulerName = QStringLiteral("default-scheduler");
    t.spec.hasSecurityContext = true;
    return t;
}

struct Fixture
{
    Simulation sim;
    Fixture() { sim.setAutomatic(false); }

    Deployment deployment(qint32 r, const QString& image, const QString& type = QStringLiteral("RollingUpdate"),
        std::optional<IntOrString> surge = IntOrString::fromString(QStringLiteral("25%")),
        std::optional<IntOrString> unavail = IntOrString::fromString(QStringLiteral("25%")))
    {
        Deployment d;
        d.metadata.name = QStringLiteral("kiada");
        d.metadata.namespace_ = QStringLiteral("default");
        d.metadata.uid = QStringLiteral("d-uid");
        d.metadata.generation = 1;
        d.metadata.creationTimestamp = sim.store().apiNow() - 3600 * 1000;
        d.spec.replicas = r;
        LabelSelector sel;
        sel.matchLabels[QStringLiteral("app")] = QStringLiteral("kiada");
        d.spec.selector = sel;
        d.spec.template_ = templ(image);
        d.spec.strategy.type = type;
        if (type == QLatin1String("RollingUpdate"))
            d.spec.strategy.rollingUpdate = RollingUpdateDeployment {unavail, surge};
        d.spec.revisionHistoryLimit = 10;
        d.spec.progressDeadlineSeconds = 600;
        return d;
    }

    /// An old, fully available ReplicaSet of `d` with template `image`.
    ReplicaSet oldRs(const Deployment& d, const QString& hash, const QString& image, qint32 replicas, int revision,
        Millis age = 3600 * 1000)
    {
        ReplicaSet rs;
        rs.metadata.name = d.metadata.name + QLatin1Char('-') + hash;
        rs.metadata.namespace_ = d.metadata.namespace_;
        rs.metadata.uid = QStringLiteral("rs-") + hash;
        rs.metadata.generation = 1;
        rs.metadata.creationTimestamp = sim.store().apiNow() - age;
        rs.metadata.ownerReferences.push_back(
            {QStringLiteral("apps/v1"), QStringLiteral("Deployment"), d.metadata.name, d.metadata.uid, true, true});
        rs.spec.template_ = templ(image);
        rs.spec.template_.metadata.labels[keys::PodTemplateHash] = hash;
        rs.metadata.labels = rs.spec.template_.metadata.labels;
        LabelSelector sel = *d.spec.selector;
        sel.matchLabels[keys::PodTemplateHash] = hash;
        rs.spec.selector = sel;
        rs.spec.replicas = replicas;
        rs.spec.minReadySeconds = d.spec.minReadySeconds;
        rs.metadata.annotations[keys::Revision] = QString::number(revision);
        rs.metadata.annotations[keys::DesiredReplicas] = QString::number(d.spec.replicas.value_or(1));
        rs.status.replicas = rs.status.readyReplicas = rs.status.availableReplicas = rs.status.fullyLabeledReplicas
            = replicas;
        rs.status.observedGeneration = 1;
        return rs;
    }

    void setStatus(const QString& name, qint32 replicas, qint32 ready, qint32 available)
    {
        ReplicaSet rs = *sim.store().get<ReplicaSet>(QStringLiteral("default"), name);
        rs.status.replicas = replicas;
        rs.status.readyReplicas = ready;
        rs.status.availableReplicas = available;
        rs.status.observedGeneration = rs.metadata.generation;
        sim.store().load(rs);
    }

    void sync() { sim.deploymentController().syncDeployment(QStringLiteral("default/kiada")); }
    DeploymentPtr d() const { return sim.store().get<Deployment>(QStringLiteral("default"), QStringLiteral("kiada")); }

    /// "name=spec" for every ReplicaSet, oldest first.
    QStringList sizes() const
    {
        std::vector<ReplicaSetPtr> rss;
        for (const auto& [k, rs] : sim.store().all<ReplicaSet>())
            rss.push_back(rs);
        std::stable_sort(rss.begin(), rss.end(), [](const ReplicaSetPtr& a, const ReplicaSetPtr& b) {
            return a->metadata.creationTimestamp < b->metadata.creationTimestamp;
        });
        QStringList out;
        for (const auto& rs : rss)
            out << rs->metadata.name + QLatin1Char('=') + QString::number(rs->spec.replicas.value_or(1));
        return out;
    }
    QString newRsName() const
    {
        for (const auto& [k, rs] : sim.store().all<ReplicaSet>()) {
            if (rs->spec.template_.spec.containers[0].image == d()->spec.template_.spec.containers[0].image)
                return rs->metadata.name;
        }
        return {};
    }
    QStringList eventMessages() const
    {
        std::vector<EventPtr> ev;
        for (const auto& [k, e] : sim.store().all<Event>())
            ev.push_back(e);
        std::sort(ev.begin(), ev.end(),
            [](const EventPtr& a, const EventPtr& b) { return a->metadata.name < b->metadata.name; });
        QStringList out;
        for (const auto& e : ev)
            out << e->reason + QLatin1Char(' ') + e->message;
        return out;
    }
    const Condition* cond(const QString& type) const { return d()->status.condition(type); }
};

/// A Deployment at generation 2 whose template moved to `image` while `old` ran fully available.
Deployment rolledTo(Fixture& f, Deployment d, const QString& oldImage, const QString& newImage, qint32 r)
{
    d.spec.template_ = templ(oldImage);
    d.metadata.annotations[keys::Revision] = QStringLiteral("1");
    d.status.observedGeneration = 1;
    d.status.replicas = d.status.updatedReplicas = d.status.readyReplicas = d.status.availableReplicas = r;
    const Millis t = f.sim.store().apiNow() - 1800 * 1000;
    d.status.conditions.push_back({QStringLiteral("Available"), QStringLiteral("True"), t, t,
        QStringLiteral("MinimumReplicasAvailable"), QStringLiteral("Deployment has minimum availability.")});
    d.status.conditions.push_back(
        {QStringLiteral("Progressing"), QStringLiteral("True"), t, t, QStringLiteral("NewReplicaSetAvailable"),
            QStringLiteral("ReplicaSet \"kiada-aaaa\" has successfully progressed.")});
    d.spec.template_ = templ(newImage);
    d.metadata.generation = 2;
    return d;
}
} // namespace

class TestDeploymentController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolling25();
    void stuckRollout();
    void bookSurge0();
    void recreate();
    void scaleFinished();
    void proportionalScaling();
    void pausedNoNewReplicaSet();
    void progressDeadline();
    void undoReusesReplicaSet();
    void legacyRollback();
    void revisionHistoryLimit();
    void scalingEventWording_data();
    void scalingEventWording();
    void scalingEventWordingOnOldCluster();
    void newReplicaSetOfTheClusterVersion_data();
    void newReplicaSetOfTheClusterVersion();
};

void TestDeploymentController::rolling25()
{
    // Spec 10.1: R = 10, 25%/25% -> surge 3, unavailable 2.
    Fixture f;
    Deployment d
        = rolledTo(f, f.deployment(10, {}), QStringLiteral("luksa/kiada:0.1"), QStringLiteral("luksa/kiada:0.2"), 10);
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("luksa/kiada:0.1"), 10, 1));
    f.sim.store().load(d);

    f.sync();
    const QString b = f.newRsName();
    QVERIFY(b.startsWith(QLatin1String("kiada-")));
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=8"), b + QStringLiteral("=3")}));
    QCOMPARE(f.eventMessages(),
        (QStringList {QStringLiteral("ScalingReplicaSet Scaled up replica set %1 from 0 to 3").arg(b),
            QStringLiteral("ScalingReplicaSet Scaled down replica set kiada-aaaa from 10 to 8")}));
    QCOMPARE(f.d()->metadata.annotations.value(keys::Revision), QStringLiteral("2"));
    auto newRs = f.sim.store().get<ReplicaSet>(QStringLiteral("default"), b);
    QCOMPARE(newRs->metadata.annotations.value(keys::Revision), QStringLiteral("2"));
    QCOMPARE(newRs->metadata.annotations.value(keys::DesiredReplicas), QStringLiteral("10"));
    QCOMPARE(newRs->metadata.annotations.value(keys::MaxReplicas), QStringLiteral("13"));
    QCOMPARE(newRs->spec.selector->matchLabels.value(keys::PodTemplateHash), b.mid(6));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetCreated"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->message, QStringLiteral("Created new replica set \"%1\"").arg(b));

    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=8"), b + QStringLiteral("=5")}));
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=8"), b + QStringLiteral("=5")}));

    // t = 5: the five new pods are available.
    f.setStatus(QStringLiteral("kiada-aaaa"), 8, 8, 8);
    f.setStatus(b, 5, 5, 5);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=3"), b + QStringLiteral("=5")}));
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=3"), b + QStringLiteral("=10")}));
    f.setStatus(QStringLiteral("kiada-aaaa"), 3, 3, 3);
    f.setStatus(b, 10, 10, 10);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=0"), b + QStringLiteral("=10")}));
    f.setStatus(QStringLiteral("kiada-aaaa"), 0, 0, 0);
    f.sync();
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetAvailable"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->message,
        QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(b));
    QCOMPARE(f.cond(QStringLiteral("Available"))->status, QStringLiteral("True"));
    QCOMPARE(f.d()->status.updatedReplicas, 10);
    QCOMPARE(f.d()->status.observedGeneration, qint64(2));
    // Conditions are appended when they change: Available first, then Progressing.
    QCOMPARE(f.d()->status.conditions.back().type, QStringLiteral("Progressing"));
}

void TestDeploymentController::stuckRollout()
{
    // Spec 10.2: extensions/v1beta1 defaults 1/1, no deadline.
    Fixture f;
    Deployment d
        = f.deployment(10, {}, QStringLiteral("RollingUpdate"), IntOrString::fromInt(1), IntOrString::fromInt(1));
    d.spec.progressDeadlineSeconds = kMaxInt32;
    d.spec.revisionHistoryLimit = kMaxInt32;
    d = rolledTo(f, d, QStringLiteral("dockercoins/worker:v0.2"), QStringLiteral("dockercoins/worker:v0.3"), 10);
    d.status.conditions.pop_back(); // no Progressing condition without a deadline
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("dockercoins/worker:v0.2"), 10, 1));
    f.sim.store().load(d);
    f.sync();
    const QString b = f.newRsName();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=9"), b + QStringLiteral("=1")}));
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=9"), b + QStringLiteral("=2")}));
    f.setStatus(QStringLiteral("kiada-aaaa"), 9, 9, 9);
    f.setStatus(b, 2, 0, 0);
    f.sync();
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=9"), b + QStringLiteral("=2")}));
    QCOMPARE(f.d()->status.replicas, 11);
    QCOMPARE(f.d()->status.updatedReplicas, 2);
    QCOMPARE(f.d()->status.availableReplicas, 9);
    QCOMPARE(f.d()->status.unavailableReplicas, 2);
    QCOMPARE(f.cond(QStringLiteral("Available"))->status, QStringLiteral("True"));
    QVERIFY(!f.cond(QStringLiteral("Progressing")));
}

void TestDeploymentController::bookSurge0()
{
    // Spec 10.3: R = 3, surge 0, unavailable 1: B created with 0 (no event), A 3 -> 2.
    Fixture f;
    Deployment d
        = f.deployment(3, {}, QStringLiteral("RollingUpdate"), IntOrString::fromInt(0), IntOrString::fromInt(1));
    d.spec.minReadySeconds = 10;
    d = rolledTo(f, d, QStringLiteral("luksa/kiada:0.6"), QStringLiteral("luksa/kiada:0.7"), 3);
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("luksa/kiada:0.6"), 3, 1));
    f.sim.store().load(d);
    f.sync();
    const QString b = f.newRsName();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=2"), b + QStringLiteral("=0")}));
    QCOMPARE(f.eventMessages(),
        QStringList {QStringLiteral("ScalingReplicaSet Scaled down replica set kiada-aaaa from 3 to 2")});
    QCOMPARE(f.sim.store().get<ReplicaSet>(QStringLiteral("default"), b)->spec.minReadySeconds, 10);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=2"), b + QStringLiteral("=1")}));
    // B's pod ready but not available: nothing.
    f.setStatus(QStringLiteral("kiada-aaaa"), 2, 2, 2);
    f.setStatus(b, 1, 1, 0);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=2"), b + QStringLiteral("=1")}));
    // Available: A 2 -> 1, then B -> 2.
    f.setStatus(b, 1, 1, 1);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=1"), b + QStringLiteral("=1")}));
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=1"), b + QStringLiteral("=2")}));
}

void TestDeploymentController::recreate()
{
    // Spec 10.5: A 3 -> 0; nothing while old pods exist; then B created with 3.
    Fixture f;
    Deployment d = rolledTo(f, f.deployment(3, {}, QStringLiteral("Recreate"), std::nullopt, std::nullopt),
        QStringLiteral("luksa/kiada:0.5"), QStringLiteral("luksa/kiada:0.6"), 3);
    ReplicaSet a = f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("luksa/kiada:0.5"), 3, 1);
    f.sim.store().load(a);
    Pod p;
    p.metadata.name = QStringLiteral("kiada-aaaa-xxxxx");
    p.metadata.namespace_ = QStringLiteral("default");
    p.metadata.labels = a.spec.template_.metadata.labels;
    p.metadata.ownerReferences.push_back(
        {QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"), a.metadata.name, a.metadata.uid, true, true});
    p.status.phase = QStringLiteral("Running");
    f.sim.store().load(p);
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.sizes(), QStringList {QStringLiteral("kiada-aaaa=0")});
    QCOMPARE(f.eventMessages(),
        QStringList {QStringLiteral("ScalingReplicaSet Scaled down replica set kiada-aaaa from 3 to 0")});
    f.setStatus(QStringLiteral("kiada-aaaa"), 0, 0, 0);
    // A terminating pod still blocks the new ReplicaSet.
    Pod terminating = p;
    terminating.metadata.deletionTimestamp = f.sim.store().apiNow() + 30000;
    f.sim.store().load(terminating);
    f.sync();
    QCOMPARE(f.sizes(), QStringList {QStringLiteral("kiada-aaaa=0")});
    QCOMPARE(f.cond(QStringLiteral("Available"))->status, QStringLiteral("False"));
    f.sim.store().remove<Pod>(QStringLiteral("default"), p.metadata.name);
    f.sync();
    const QString b = f.newRsName();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=0"), b + QStringLiteral("=3")}));
    QCOMPARE(f.eventMessages().last(), QStringLiteral("ScalingReplicaSet Scaled up replica set %1 from 0 to 3").arg(b));
    QCOMPARE(f.sim.store().get<ReplicaSet>(QStringLiteral("default"), b)->metadata.annotations.value(keys::MaxReplicas),
        QStringLiteral("3"));
}

void TestDeploymentController::scaleFinished()
{
    // Spec 10.9: scale 3 -> 5 is a scaling event; Progressing stays NewReplicaSetAvailable.
    Fixture f;
    Deployment d = f.deployment(3, QStringLiteral("luksa/kiada:0.5"));
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("luksa/kiada:0.5"), 3, 1));
    d = rolledTo(f, d, QStringLiteral("luksa/kiada:0.5"), QStringLiteral("luksa/kiada:0.5"), 3);
    d.spec.replicas = 5;
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.sizes(), QStringList {QStringLiteral("kiada-aaaa=5")});
    auto a = f.sim.store().get<ReplicaSet>(QStringLiteral("default"), QStringLiteral("kiada-aaaa"));
    QCOMPARE(a->metadata.annotations.value(keys::DesiredReplicas), QStringLiteral("5"));
    QCOMPARE(a->metadata.annotations.value(keys::MaxReplicas), QStringLiteral("7"));
    QCOMPARE(f.eventMessages(),
        QStringList {QStringLiteral("ScalingReplicaSet Scaled up replica set kiada-aaaa from 3 to 5")});
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetAvailable"));
    f.sync();
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetAvailable"));
    QCOMPARE(f.d()->metadata.annotations.value(keys::Revision), QStringLiteral("1"));
}

void TestDeploymentController::proportionalScaling()
{
    // Spec 3.9: A 8, B 5 (max-replicas 13), R 10 -> 15 with maxSurge 3 -> A 11, B 7.
    Fixture f;
    Deployment d
        = f.deployment(10, {}, QStringLiteral("RollingUpdate"), IntOrString::fromInt(3), IntOrString::fromInt(2));
    d = rolledTo(f, d, QStringLiteral("v1"), QStringLiteral("v2"), 10);
    ReplicaSet a = f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("v1"), 8, 1, 7200 * 1000);
    ReplicaSet b = f.oldRs(d, QStringLiteral("bbbb"), QStringLiteral("v2"), 5, 2, 600 * 1000);
    a.metadata.annotations[keys::MaxReplicas] = b.metadata.annotations[keys::MaxReplicas] = QStringLiteral("13");
    b.status.availableReplicas = b.status.readyReplicas = 0;
    f.sim.store().load(a);
    f.sim.store().load(b);
    d.metadata.annotations[keys::Revision] = QStringLiteral("2");
    d.spec.replicas = 15;
    d.metadata.generation = 3;
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=11"), QStringLiteral("kiada-bbbb=7")}));
    QCOMPARE(f.eventMessages(),
        (QStringList {QStringLiteral("ScalingReplicaSet Scaled up replica set kiada-aaaa from 8 to 11"),
            QStringLiteral("ScalingReplicaSet Scaled up replica set kiada-bbbb from 5 to 7")}));
    Deployment back = *f.d();
    back.spec.replicas = 10;
    f.sim.store().load(back);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-aaaa=8"), QStringLiteral("kiada-bbbb=5")}));
}

void TestDeploymentController::pausedNoNewReplicaSet()
{
    Fixture f;
    Deployment d = rolledTo(f, f.deployment(3, {}), QStringLiteral("v1"), QStringLiteral("v2"), 3);
    d.spec.paused = true;
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("v1"), 3, 1));
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.sizes(), QStringList {QStringLiteral("kiada-aaaa=3")});
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->status, QStringLiteral("Unknown"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("DeploymentPaused"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->message, QStringLiteral("Deployment is paused"));
    QCOMPARE(f.d()->status.updatedReplicas, 0);
    Deployment resumed = *f.d();
    resumed.spec.paused = false;
    f.sim.store().load(resumed);
    f.sync();
    // Resume: DeploymentResumed is written, then the rollout creates the new ReplicaSet (surge 1).
    QCOMPARE(f.sizes().size(), 2);
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("NewReplicaSetCreated"));
}

void TestDeploymentController::progressDeadline()
{
    Fixture f;
    Deployment d
        = f.deployment(10, {}, QStringLiteral("RollingUpdate"), IntOrString::fromInt(1), IntOrString::fromInt(1));
    d = rolledTo(f, d, QStringLiteral("v1"), QStringLiteral("v2"), 10);
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("v1"), 10, 1));
    f.sim.store().load(d);
    f.sync();
    f.sync();
    const QString b = f.newRsName();
    f.setStatus(QStringLiteral("kiada-aaaa"), 9, 9, 9);
    f.setStatus(b, 2, 0, 0);
    f.sync(); // progress: B's pods appeared
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("ReplicaSetUpdated"));
    QCOMPARE(
        f.cond(QStringLiteral("Progressing"))->message, QStringLiteral("ReplicaSet \"%1\" is progressing.").arg(b));
    const Millis last = f.cond(QStringLiteral("Progressing"))->lastUpdateTime;
    f.sim.advance(600 * 1000);
    f.sync(); // exactly at the deadline: not yet (strictly after)
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("ReplicaSetUpdated"));
    f.sim.advance(1000);
    f.sync();
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->status, QStringLiteral("False"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->reason, QStringLiteral("ProgressDeadlineExceeded"));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->message,
        QStringLiteral("ReplicaSet \"%1\" has timed out progressing.").arg(b));
    QCOMPARE(f.cond(QStringLiteral("Progressing"))->lastUpdateTime, last + 601 * 1000);
    QCOMPARE(f.cond(QStringLiteral("Available"))->status, QStringLiteral("True"));
}

void TestDeploymentController::undoReusesReplicaSet()
{
    // Spec 2.4: revisions 1, 2, 3; undo to 2 makes the 0.2 ReplicaSet revision 4 with history "2".
    Fixture f;
    Deployment d = rolledTo(f, f.deployment(3, {}), QStringLiteral("0.3"), QStringLiteral("0.2"), 3);
    f.sim.store().load(f.oldRs(d, QStringLiteral("r1"), QStringLiteral("0.1"), 0, 1, 9000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r2"), QStringLiteral("0.2"), 0, 2, 8000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r3"), QStringLiteral("0.3"), 3, 3, 7000 * 1000));
    f.setStatus(QStringLiteral("kiada-r1"), 0, 0, 0);
    f.setStatus(QStringLiteral("kiada-r2"), 0, 0, 0);
    d.metadata.annotations[keys::Revision] = QStringLiteral("3");
    f.sim.store().load(d);
    f.sync();
    auto r2 = f.sim.store().get<ReplicaSet>(QStringLiteral("default"), QStringLiteral("kiada-r2"));
    QCOMPARE(r2->metadata.annotations.value(keys::Revision), QStringLiteral("4"));
    QCOMPARE(r2->metadata.annotations.value(keys::RevisionHistory), QStringLiteral("2"));
    QCOMPARE(f.sim.store().all<ReplicaSet>().size(), std::size_t(3)); // reused, not recreated
    f.sync();
    QCOMPARE(f.d()->metadata.annotations.value(keys::Revision), QStringLiteral("4"));
}

void TestDeploymentController::legacyRollback()
{
    Fixture f;
    Deployment d = rolledTo(f, f.deployment(3, {}), QStringLiteral("0.2"), QStringLiteral("0.2"), 3);
    f.sim.store().load(f.oldRs(d, QStringLiteral("r1"), QStringLiteral("0.1"), 0, 1, 9000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r2"), QStringLiteral("0.2"), 3, 2, 8000 * 1000));
    d.metadata.annotations[keys::Revision] = QStringLiteral("2");
    d.metadata.annotations[keys::RollbackTo] = QStringLiteral("0");
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.d()->spec.template_.spec.containers[0].image, QStringLiteral("0.1"));
    QVERIFY(!f.d()->metadata.annotations.contains(keys::RollbackTo));
    QCOMPARE(
        f.eventMessages().last(), QStringLiteral("DeploymentRollback Rolled back deployment \"kiada\" to revision 1"));
}

void TestDeploymentController::revisionHistoryLimit()
{
    Fixture f;
    Deployment d = rolledTo(f, f.deployment(3, {}), QStringLiteral("0.4"), QStringLiteral("0.4"), 3);
    d.spec.revisionHistoryLimit = 1;
    f.sim.store().load(f.oldRs(d, QStringLiteral("r1"), QStringLiteral("0.1"), 0, 1, 9000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r2"), QStringLiteral("0.2"), 0, 2, 8000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r3"), QStringLiteral("0.3"), 0, 3, 7000 * 1000));
    f.sim.store().load(f.oldRs(d, QStringLiteral("r4"), QStringLiteral("0.4"), 3, 4, 6000 * 1000));
    for (const char* n : {"kiada-r1", "kiada-r2", "kiada-r3"})
        f.setStatus(QString::fromLatin1(n), 0, 0, 0);
    d.metadata.annotations[keys::Revision] = QStringLiteral("4");
    d.metadata.generation = 1;
    f.sim.store().load(d);
    f.sync();
    QCOMPARE(f.sizes(), (QStringList {QStringLiteral("kiada-r3=0"), QStringLiteral("kiada-r4=3")}));
}

void TestDeploymentController::scalingEventWording_data()
{
    // Spec 3.14: the ScalingReplicaSet message per Kubernetes version.
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("created");
    QTest::addColumn<QString>("message");
    QTest::newRow("1.32 created") << 32 << 0 << 3 << true
                                  << QStringLiteral("Scaled up replica set kiada-58df67c6f6 from 0 to 3");
    QTest::newRow("1.32 down") << 32 << 3 << 2 << false
                               << QStringLiteral("Scaled down replica set kiada-58df67c6f6 from 3 to 2");
    QTest::newRow("1.31 up") << 31 << 1 << 2 << false
                             << QStringLiteral("Scaled up replica set kiada-58df67c6f6 from 1 to 2");
    QTest::newRow("1.30 created") << 30 << 0 << 3 << true
                                  << QStringLiteral("Scaled up replica set kiada-58df67c6f6 to 3");
    QTest::newRow("1.30 down") << 30 << 3 << 2 << false
                               << QStringLiteral("Scaled down replica set kiada-58df67c6f6 to 2 from 3");
    QTest::newRow("1.22 up") << 22 << 1 << 2 << false
                             << QStringLiteral("Scaled up replica set kiada-58df67c6f6 to 2 from 1");
    QTest::newRow("1.21 down") << 21 << 3 << 2 << false
                               << QStringLiteral("Scaled down replica set kiada-58df67c6f6 to 2");
    QTest::newRow("1.8 created") << 8 << 0 << 1 << true
                                 << QStringLiteral("Scaled up replica set kiada-58df67c6f6 to 1");
}

void TestDeploymentController::scalingEventWording()
{
    QFETCH(int, minor);
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(bool, created);
    QFETCH(QString, message);
    QCOMPARE(deploymentutil::scalingReplicaSetMessage(minor, QStringLiteral("kiada-58df67c6f6"), from, to, created),
        message);
}

void TestDeploymentController::scalingEventWordingOnOldCluster()
{
    // The workshop's v1.8 cluster words the same rollout step without "from".
    Fixture f;
    f.sim.profile().setKubernetesVersion(QStringLiteral("1.8"));
    Deployment d
        = rolledTo(f, f.deployment(10, {}), QStringLiteral("luksa/kiada:0.1"), QStringLiteral("luksa/kiada:0.2"), 10);
    f.sim.store().load(f.oldRs(d, QStringLiteral("aaaa"), QStringLiteral("luksa/kiada:0.1"), 10, 1));
    f.sim.store().load(d);
    f.sync();
    const QString b = f.newRsName();
    QCOMPARE(f.eventMessages(),
        (QStringList {QStringLiteral("ScalingReplicaSet Scaled up replica set %1 to 3").arg(b),
            QStringLiteral("ScalingReplicaSet Scaled down replica set kiada-aaaa to 8")}));
}

void TestDeploymentController::newReplicaSetOfTheClusterVersion_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("decimalLabel"); // pod-template-hash the plain sum (v1.8-v1.11)
    QTest::addColumn<QString>("ownerApiVersion"); // of the controller references (apps/v1 from v1.11)
    QTest::newRow("v1.8") << QStringLiteral("1.8") << true << QStringLiteral("extensions/v1beta1");
    QTest::newRow("v1.10") << QStringLiteral("1.10") << true << QStringLiteral("extensions/v1beta1");
    QTest::newRow("v1.11") << QStringLiteral("1.11") << true << QStringLiteral("apps/v1");
    QTest::newRow("v1.12") << QStringLiteral("1.12") << false << QStringLiteral("apps/v1");
    QTest::newRow("v1.32") << QStringLiteral("1.32") << false << QStringLiteral("apps/v1");
}

void TestDeploymentController::newReplicaSetOfTheClusterVersion()
{
    QFETCH(QString, version);
    QFETCH(bool, decimalLabel);
    QFETCH(QString, ownerApiVersion);
    Simulation sim;
    sim.profile().setKubernetesVersion(version);
    Fixture f;
    Deployment d = f.deployment(2, QStringLiteral("luksa/kiada:0.1"));
    d.metadata.uid.clear();
    d.metadata.creationTimestamp = kNoTime;
    sim.store().create(d);
    sim.advance(10 * 1000);
    const auto rss = sim.store().all<ReplicaSet>();
    QCOMPARE(rss.size(), std::size_t(1));
    const ReplicaSet& rs = *rss.begin()->second;
    const QString suffix = rs.metadata.name.mid(QStringLiteral("kiada-").size());
    // The name: SafeEncodeString's digits (0-9 -> 4 5 6 7 8 9 b c d f) since v1.8.
    QVERIFY2(QRegularExpression(QStringLiteral("^[456789bcdf]{1,10}$")).match(suffix).hasMatch(), qPrintable(suffix));
    QString decimal;
    for (const QChar c : suffix)
        decimal += QChar(char16_t(u'0' + QStringLiteral("456789bcdf").indexOf(c))); // back to the sum's digits
    const QString label = decimalLabel ? decimal : suffix;
    QCOMPARE(rs.metadata.labels.value(keys::PodTemplateHash), label);
    QCOMPARE(rs.spec.template_.metadata.labels.value(keys::PodTemplateHash), label);
    QCOMPARE(rs.spec.selector->matchLabels.value(keys::PodTemplateHash), label);
    QCOMPARE(rs.metadata.ownerReferences.at(0).apiVersion, ownerApiVersion);
    const auto pods = sim.store().all<Pod>();
    QCOMPARE(pods.size(), std::size_t(2));
    for (const auto& [key, p] : pods) {
        QVERIFY(p->metadata.name.startsWith(rs.metadata.name + QLatin1Char('-')));
        QCOMPARE(p->metadata.labels.value(keys::PodTemplateHash), label);
        QCOMPARE(p->metadata.ownerReferences.at(0).apiVersion, ownerApiVersion);
        QCOMPARE(p->metadata.ownerReferences.at(0).kind, QStringLiteral("ReplicaSet"));
    }
}

QTEST_GUILESS_MAIN(TestDeploymentController)
#include "tst_deploymentcontroller.moc"
