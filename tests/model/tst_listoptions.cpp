// kubectl get's --field-selector (the API server's field selection) and --sort-by (kubectl's
// SortingPrinter): kubectl/listoptions.
#include "kubectl/kubectl.h"
#include "kubectl/listoptions.h"
#include "sim/simulation.h"

#include <QJsonObject>
#include <QTest>

using namespace rl;

namespace {
QJsonValue named(const QString& name, const QJsonValue& value = QJsonValue(QJsonValue::Undefined))
{
    QJsonObject meta {{QStringLiteral("name"), name}};
    QJsonObject o {{QStringLiteral("metadata"), meta}};
    if (!value.isUndefined())
        o.insert(QStringLiteral("v"), value);
    return o;
}

QStringList sortedNames(const std::vector<QJsonValue>& objects, const QString& sortBy)
{
    std::vector<int> order;
    QString error;
    if (!sortOrder(objects, sortBy, false, order, &error))
        return {QStringLiteral("error: ") + error};
    QStringList names;
    for (int i : order)
        names << objects[std::size_t(i)][QStringLiteral("metadata")][QStringLiteral("name")].toString();
    return names;
}
} // namespace

class TestListOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // sortorder.NaturalLess: digit runs by value, digits before other characters, fewer leading
    // zeros first, a prefix first.
    void naturalOrder_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("less");
        QTest::newRow("run by value") << "web-2"
                                      << "web-10" << true;
        QTest::newRow("run by value, reversed") << "web-10"
                                                << "web-2" << false;
        QTest::newRow("letters") << "a"
                                 << "b" << true;
        QTest::newRow("digit before letter") << "1a"
                                             << "a1" << true;
        QTest::newRow("fewer zeros first") << "a1"
                                           << "a01" << true;
        QTest::newRow("zeros, reversed") << "a01"
                                         << "a1" << false;
        QTest::newRow("prefix first") << "abc"
                                      << "abcd" << true;
        QTest::newRow("equal") << "x7"
                               << "x7" << false;
        QTest::newRow("timestamps") << "2026-01-01T10:00:09Z"
                                    << "2026-01-01T10:00:10Z" << true;
        QTest::newRow("IPs") << "10.244.0.9"
                             << "10.244.0.10" << true;
    }
    void naturalOrder()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, less);
        QCOMPARE(naturalLess(a, b), less);
    }

    // Numbers by value; strings as quantities when both are one; objects without the field first.
    void sortByValues()
    {
        const std::vector<QJsonValue> numbers {named("a", 10), named("b", 9), named("c", 100)};
        QCOMPARE(sortedNames(numbers, ".v"), (QStringList {"b", "a", "c"}));
        const std::vector<QJsonValue> quantities {
            named("a", "1Gi"), named("b", "100Mi"), named("c", "2"), named("d", "500m")};
        QCOMPARE(sortedNames(quantities, "{.v}"), (QStringList {"d", "c", "b", "a"}));
        const std::vector<QJsonValue> missing {named("a", "y"), named("b"), named("c", "x")};
        QCOMPARE(sortedNames(missing, "v"), (QStringList {"b", "c", "a"}));
        const std::vector<QJsonValue> nulls {named("a", "x"), named("b", QJsonValue::Null)};
        QCOMPARE(sortedNames(nulls, "v"), (QStringList {"b", "a"}));
        const std::vector<QJsonValue> none {named("a"), named("b")};
        QCOMPARE(sortedNames(none, ".v"),
            QStringList {"error: couldn't find any field with path \"{.v}\" in the list of objects"});
        // The table printer leaves a single row alone.
        std::vector<int> order;
        QVERIFY(sortOrder({named("a")}, ".v", true, order, nullptr));
        QCOMPARE(order, std::vector<int> {0});
    }

    void parseFieldSelector_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("terms"); // field, op, value
        QTest::addColumn<QString>("error");
        QTest::newRow("equals") << "status.phase=Running" << QStringList {"status.phase", "=", "Running"} << QString();
        QTest::newRow("double equals") << "type==Warning" << QStringList {"type", "=", "Warning"} << QString();
        QTest::newRow("not equals") << "type!=Normal" << QStringList {"type", "!=", "Normal"} << QString();
        QTest::newRow("two, sorted") << "type=Warning,reason=BackOff"
                                     << QStringList {"reason", "=", "BackOff", "type", "=", "Warning"} << QString();
        QTest::newRow("escaped comma") << "reason=a\\,b" << QStringList {"reason", "=", "a,b"} << QString();
        QTest::newRow("empty value") << "spec.nodeName=" << QStringList {"spec.nodeName", "=", ""} << QString();
        QTest::newRow("no operator") << "phase" << QStringList {}
                                     << QStringLiteral("invalid selector: 'phase'; can't understand 'phase'");
    }
    void parseFieldSelector()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, terms);
        QFETCH(QString, error);
        QString e;
        const auto s = FieldSelector::parse(text, &e);
        QCOMPARE(e, error);
        QCOMPARE(bool(s), error.isEmpty());
        if (!s)
            return;
        QStringList got;
        for (const auto& t : s->terms())
            got << t.field << (t.equals ? QStringLiteral("=") : QStringLiteral("!=")) << t.value;
        QCOMPARE(got, terms);
    }

    void selectableFields()
    {
        Pod p;
        p.metadata.name = QStringLiteral("web");
        p.metadata.namespace_ = QStringLiteral("default");
        p.status.phase = QStringLiteral("Running");
        p.spec.edit().nodeName = QStringLiteral("node1");
        const ObjectPtr pod = std::make_shared<const Pod>(p);
        QCOMPARE(selectableField(pod, QStringLiteral("status.phase")), QStringLiteral("Running"));
        QCOMPARE(selectableField(pod, QStringLiteral("spec.hostNetwork")), QStringLiteral("false"));
        QCOMPARE(selectableField(pod, QStringLiteral("status.replicas")), std::nullopt);
        QVERIFY(FieldSelector::parse(QStringLiteral("spec.nodeName=node1,status.phase!=Pending"))->matches(pod));
        QVERIFY(!FieldSelector::parse(QStringLiteral("spec.nodeName!=node1"))->matches(pod));
        const auto rsField = FieldSelector::parse(QStringLiteral("status.replicas=3"));
        QCOMPARE(rsField->unsupportedField(Kind::ReplicaSet), std::nullopt);
        QCOMPARE(rsField->unsupportedField(Kind::Deployment), QStringLiteral("status.replicas"));
        QCOMPARE(
            FieldSelector::parse(QStringLiteral("involvedObject.name=x,source=kubelet"))->unsupportedField(Kind::Event),
            std::nullopt);
    }

    // Through kubectl: the server's error for a field it cannot select on, kubectl's for a path
    // no object has, and the selection and order themselves.
    void kubectlGet()
    {
        Simulation sim;
        Kubectl k(sim);
        QCOMPARE(k.run({"create", "deployment", "web", "--image=nginx", "--replicas=3"}), 0);
        sim.advance(30000);
        QCOMPARE(k.run({"get", "pods", "--field-selector", "foo=bar"}), 1);
        QCOMPARE(k.err(),
            QStringLiteral("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label "
                           "selector \"\", field selector \"foo=bar\": field label not supported: foo\n"));
        QCOMPARE(k.run({"get", "pods", "--sort-by=.spec.foo"}), 1);
        QCOMPARE(k.err(),
            QStringLiteral("error: couldn't find any field with path \"{.spec.foo}\" in the list of objects\n"));
        QCOMPARE(k.run({"get", "pods", "--field-selector=status.phase=Running", "-o", "name"}), 0);
        QCOMPARE(k.out().count(QLatin1Char('\n')), 3);
        QCOMPARE(k.run({"get", "pods", "--field-selector=status.phase!=Running"}), 0);
        QCOMPARE(k.err(), QStringLiteral("No resources found in default namespace.\n"));
        QCOMPARE(k.run({"get", "events", "--field-selector", "reason=Scheduled", "-o", "name"}), 0);
        QCOMPARE(k.out().count(QLatin1Char('\n')), 3);
        // Sorted by IP, the pods come node by node (10.244.<node>.<n>).
        QCOMPARE(k.run({"get", "pods", "--sort-by={.status.podIP}", "-o",
                     "jsonpath={range .items[*]}{.status.podIP} {end}"}),
            0);
        QStringList ips = k.out().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(ips.size(), 3);
        QStringList sorted = ips;
        std::sort(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) { return naturalLess(a, b); });
        QCOMPARE(ips, sorted);
    }
};

QTEST_GUILESS_MAIN(TestListOptions)
#include "tst_listoptions.moc"
