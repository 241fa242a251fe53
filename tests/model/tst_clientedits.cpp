#include "kubectl/clientedits.h"
#include "kubectl/patch.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace rl;

namespace {

QString dataDir()
{
    return QStringLiteral(ROLLOUT_TEST_DATA "/patch/");
}

QByteArray readFile(const QString& name)
{
    QFile f(dataDir() + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QJsonObject readJson(const QString& name)
{
    return QJsonDocument::fromJson(readFile(name)).object();
}

// kubectl prints objects after decoding them into Go structs: nulls vanish, and `set image`, which
// works on the typed object, adds empty structs (`resources: {}`, `status: {}`). Both are artefacts
// of the encoding, not of the edit, so the comparisons ignore them (withoutEmpty only for set image).
QJsonValue normalized(const QJsonValue& v, bool dropEmptyObjects)
{
    if (v.isObject()) {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            const QJsonValue n = normalized(it.value(), dropEmptyObjects);
            if (n.isNull() || (dropEmptyObjects && n.isObject() && n.toObject().isEmpty()))
                continue;
            o.insert(it.key(), n);
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const auto& e : v.toArray())
            a.append(normalized(e, dropEmptyObjects));
        return a;
    }
    return v;
}
QJsonValue withoutNulls(const QJsonValue& v)
{
    return normalized(v, false);
}
QJsonValue withoutEmpty(const QJsonValue& v)
{
    return normalized(v, true);
}

using Pairs = QList<QPair<QString, QString>>;

} // namespace

class TestClientEdits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void setImage_data()
    {
        QTest::addColumn<Pairs>("images");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("one container") << Pairs {{"kiada", "luksa/kiada:0.6"}} << "setimage-one.json" << QString();
        QTest::newRow("star") << Pairs {{"*", "busybox:1"}} << "setimage-star.json" << QString();
        QTest::newRow("unknown name, other pair applies")
            << Pairs {{"nope", "x:1"}, {"kiada", "luksa/kiada:0.7"}} << "setimage-missing.json"
            << "setimage-missing.err";
    }
    void setImage()
    {
        QFETCH(Pairs, images);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        const ClientEditResult r = ClientEdits::setImage(readJson(QStringLiteral("in/kiada.json")), images);
        QVERIFY(r.changed);
        QCOMPARE(withoutEmpty(r.object), withoutEmpty(readJson(QStringLiteral("expected/") + expected)));
        if (error.isEmpty()) {
            QVERIFY(r.ok());
        } else {
            QCOMPARE(r.errors.size(), 1);
            QCOMPARE(QStringLiteral("error: ") + r.errors.first() + QLatin1Char('\n'),
                QString::fromUtf8(readFile(QStringLiteral("expected/") + error)));
        }
    }
    void setImageSameImageChangesNothing()
    {
        const ClientEditResult r
            = ClientEdits::setImage(readJson(QStringLiteral("in/kiada.json")), {{"kiada", "luksa/kiada:0.5"}});
        QVERIFY(r.ok());
        QVERIFY(!r.changed);
    }

    void createDeployment_data()
    {
        QTest::addColumn<QStringList>("images");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("kiada") << QStringList {"luksa/kiada:0.5"} << 1 << -1 << "kiada"
                               << "create-kiada.json";
        QTest::newRow("replicas and port") << QStringList {"luksa/kiada:0.5"} << 3 << 8080 << "kiada"
                                           << "create-kiada-port.json";
        QTest::newRow("two images, digest")
            << QStringList {"nginx", "docker.io/library/redis:7@sha256:abc"} << 1 << -1 << "web"
            << "create-two-images.json";
    }
    void createDeployment()
    {
        QFETCH(QStringList, images);
        QFETCH(int, replicas);
        QFETCH(int, port);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        const QJsonObject d = ClientEdits::createDeployment(name, images, replicas, port);
        QCOMPARE(withoutNulls(d), withoutNulls(readJson(QStringLiteral("expected/") + expected)));
    }
    void createDeploymentSanitizesNames()
    {
        // kubectl create deployment my.app --image=reg.io:5000/team/my_img:1.0 gives "my-img-<5 random>"
        int calls = 0;
        const QJsonObject d = ClientEdits::createDeployment(
            QStringLiteral("my.app"), {QStringLiteral("reg.io:5000/team/my_img:1.0")}, 1, -1, {}, [&](int n) {
                ++calls;
                return QString(n, QLatin1Char('b'));
            });
        const QJsonObject c = d[QStringLiteral("spec")][QStringLiteral("template")][QStringLiteral("spec")]
                               [QStringLiteral("containers")][0]
                                   .toObject();
        QCOMPARE(c.value(QStringLiteral("name")).toString(), QStringLiteral("my-img-bbbbb"));
        QCOMPARE(calls, 1);
    }

    void annotateAndLabel_data()
    {
        QTest::addColumn<bool>("isLabel");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("overwrite");
        QTest::addColumn<QString>("expected");
        QTest::newRow("annotate add") << false << "in/kiada.json"
                                      << QStringList {"a=1", "kubernetes.io/change-cause=update to 0.6"} << false
                                      << "annotate-add.json";
        QTest::newRow("annotate conflict")
            << false << "expected/annotate-add.json" << QStringList {"a=2"} << false << "annotate-conflict.err";
        QTest::newRow("annotate overwrite")
            << false << "expected/annotate-add.json" << QStringList {"a=2"} << true << "annotate-overwrite.json";
        QTest::newRow("annotate remove") << false << "expected/annotate-add.json" << QStringList {"a-"} << false
                                         << "annotate-remove.json";
        QTest::newRow("label add") << true << "in/kiada.json" << QStringList {"ver=0.6"} << false << "label-add.json";
        QTest::newRow("label conflict") << true << "in/kiada.json" << QStringList {"rel=canary"} << false
                                        << "label-conflict.err";
        QTest::newRow("label overwrite") << true << "in/kiada.json" << QStringList {"rel=canary"} << true
                                         << "label-overwrite.json";
        QTest::newRow("label remove") << true << "in/kiada.json" << QStringList {"rel-"} << false
                                      << "label-remove.json";
    }
    void annotateAndLabel()
    {
        QFETCH(bool, isLabel);
        QFETCH(QString, input);
        QFETCH(QStringList, args);
        QFETCH(bool, overwrite);
        QFETCH(QString, expected);
        const QJsonObject obj = readJson(input);
        QVERIFY(!obj.isEmpty());
        const ClientEditResult r
            = isLabel ? ClientEdits::label(obj, args, overwrite) : ClientEdits::annotate(obj, args, overwrite);
        if (expected.endsWith(QLatin1String(".err"))) {
            QCOMPARE(r.errors.size(), 1);
            QCOMPARE(QStringLiteral("error: ") + r.errors.first() + QLatin1Char('\n'),
                QString::fromUtf8(readFile(QStringLiteral("expected/") + expected)));
            return;
        }
        QVERIFY(r.ok());
        QCOMPARE(withoutNulls(r.object), withoutNulls(readJson(QStringLiteral("expected/") + expected)));
    }
    void annotateModifyAndRemove()
    {
        const ClientEditResult r = ClientEdits::annotate(
            readJson(QStringLiteral("in/kiada.json")), {QStringLiteral("a=1"), QStringLiteral("a-")}, false);
        QCOMPARE(r.errors,
            QStringList {
                QStringLiteral("can not both modify and remove the following annotation(s) in the same command: a")});
    }

    void restart()
    {
        const QJsonObject d = readJson(QStringLiteral("in/kiada.json"));
        const QString ts = QStringLiteral("2026-07-22T10:15:30+02:00");
        const ClientEditResult r = ClientEdits::restart(d, ts);
        QVERIFY(r.ok());
        // same result as the strategic merge patch kubectl sends
        const PatchResult expected = Patch::apply(d,
            QString::fromUtf8(readFile(QStringLiteral("patches/kiada-restart-annotation.txt"))), PatchType::Strategic);
        QCOMPARE(r.object, expected.object);
        const ClientEditResult again = ClientEdits::restart(r.object, ts);
        QCOMPARE(again.errors,
            QStringList {QStringLiteral("failed to create patch for kiada: if restart has already been triggered "
                                        "within the past second, please wait before attempting to trigger another")});
        QJsonObject paused = d;
        QJsonObject spec = paused[QStringLiteral("spec")].toObject();
        spec.insert(QStringLiteral("paused"), true);
        paused.insert(QStringLiteral("spec"), spec);
        QCOMPARE(ClientEdits::restart(paused, ts).errors,
            QStringList {QStringLiteral(
                "deployments.apps \"kiada\" can't restart paused deployment (run rollout resume first)")});
    }

    void rolloutUndoPatch()
    {
        QJsonObject d = readJson(QStringLiteral("in/kiada.json"));
        QJsonObject meta = d[QStringLiteral("metadata")].toObject();
        meta.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("deployment.kubernetes.io/revision"), QStringLiteral("3")},
                {QStringLiteral("kubernetes.io/change-cause"), QStringLiteral("to 0.7")},
                {QStringLiteral("team"), QStringLiteral("a")}});
        d.insert(QStringLiteral("metadata"), meta);
        const QJsonObject rs = QJsonDocument::fromJson(R"({"metadata":{"annotations":{
            "deployment.kubernetes.io/revision":"2","deployment.kubernetes.io/desired-replicas":"3",
            "kubernetes.io/change-cause":"to 0.6"}},
            "spec":{"template":{"metadata":{"labels":{"app":"kiada","pod-template-hash":"5d5c5f9d76"}},
            "spec":{"containers":[{"name":"kiada","image":"luksa/kiada:0.6"}]}}}})")
                                   .object();
        const QJsonArray p = ClientEdits::rolloutUndoPatch(d, rs);
        const QJsonArray expected = QJsonDocument::fromJson(R"([
            {"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"kiada"}},
             "spec":{"containers":[{"name":"kiada","image":"luksa/kiada:0.6"}]}}},
            {"op":"replace","path":"/metadata/annotations","value":{
             "deployment.kubernetes.io/revision":"3","kubernetes.io/change-cause":"to 0.6"}}])")
                                        .array();
        QCOMPARE(p, expected);
        const PatchResult applied = Patch::jsonPatch(d, p);
        QVERIFY2(applied.ok(), qPrintable(applied.message));
        QVERIFY(ClientEdits::templatesEqualIgnoringHash(
            applied.object[QStringLiteral("spec")][QStringLiteral("template")].toObject(),
            rs[QStringLiteral("spec")][QStringLiteral("template")].toObject()));
    }

    void changeCause_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<Pairs>("flags");
        QTest::addColumn<QString>("expected");
        QTest::newRow("set image --record")
            << QStringList {"set", "image", "deployment", "kiada", "kiada=luksa/kiada:0.6"}
            << Pairs {{"record", "true"}} << "kubectl set image deployment kiada kiada=luksa/kiada:0.6 --record=true";
        QTest::newRow("namespace long name")
            << QStringList {"scale", "deploy", "kiada"}
            << Pairs {{"replicas", "5"}, {"namespace", "prod"}, {"record", "true"}}
            << "kubectl scale deploy kiada --replicas=5 --namespace=prod --record=true";
    }
    void changeCause()
    {
        QFETCH(QStringList, words);
        QFETCH(Pairs, flags);
        QFETCH(QString, expected);
        QCOMPARE(ClientEdits::changeCause(words, flags), expected);
        const QJsonObject d = ClientEdits::record(readJson(QStringLiteral("in/worker.json")), expected);
        QCOMPARE(d[QStringLiteral("metadata")][QStringLiteral("annotations")][ClientEdits::kChangeCause].toString(),
            expected);
    }

    void apply()
    {
        const QJsonObject manifest = readJson(QStringLiteral("in/worker.json"));
        const auto created = ClientEdits::apply(nullptr, manifest);
        QCOMPARE(created.outcome, ClientEdits::ApplyOutcome::Created);
        const QString last
            = created.object[QStringLiteral("metadata")][QStringLiteral("annotations")][ClientEdits::kLastApplied]
                  .toString();
        QVERIFY(last.endsWith(QLatin1Char('\n')));
        QVERIFY(
            last.contains(QLatin1String(R"("metadata":{"annotations":{},"labels":{"app":"worker"},"name":"worker"})")));

        // live object: what the server stored plus fields it defaulted
        QJsonObject live = created.object;
        QJsonObject spec = live[QStringLiteral("spec")].toObject();
        spec.insert(QStringLiteral("revisionHistoryLimit"), 10);
        live.insert(QStringLiteral("spec"), spec);
        QCOMPARE(ClientEdits::apply(&live, manifest).outcome, ClientEdits::ApplyOutcome::Unchanged);

        // switch to Recreate in the manifest: apply succeeds because it sends $retainKeys
        QJsonObject recreate = manifest;
        QJsonObject rspec = recreate[QStringLiteral("spec")].toObject();
        rspec.insert(QStringLiteral("strategy"), QJsonObject {{QStringLiteral("type"), QStringLiteral("Recreate")}});
        recreate.insert(QStringLiteral("spec"), rspec);
        const auto configured = ClientEdits::apply(&live, recreate);
        QCOMPARE(configured.outcome, ClientEdits::ApplyOutcome::Configured);
        QCOMPARE(configured.object[QStringLiteral("spec")][QStringLiteral("strategy")].toObject(),
            (QJsonObject {{QStringLiteral("type"), QStringLiteral("Recreate")}}));
        QCOMPARE(configured.object[QStringLiteral("spec")][QStringLiteral("revisionHistoryLimit")].toInt(), 10);
    }
};

QTEST_GUILESS_MAIN(TestClientEdits)
#include "tst_clientedits.moc"
