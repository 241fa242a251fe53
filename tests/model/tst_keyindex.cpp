#include "sim/keyindex.h"
#include "sim/rng.h"

#include <QTest>

#include <map>

using namespace rl;

class TestKeyIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesAMapUnderRandomOperations_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("keys"); // distinct keys drawn from: few keys means many re-inserts
        QTest::newRow("few keys, much churn") << quint64(1) << 40;
        QTest::newRow("many keys, growth") << quint64(2) << 5000;
        QTest::newRow("shared prefixes") << quint64(3) << 800;
    }
    void matchesAMapUnderRandomOperations()
    {
        // Inserts, lookups and erasures against std::map: every answer must agree, and a pointer
        // to an element must stay valid (same element, same value) through growth and through the
        // backward shifts of other erasures until the element itself is erased.
        QFETCH(quint64, seed);
        QFETCH(int, keys);
        Rng rng(seed);
        KeyIndex<int> index;
        std::map<QString, std::pair<int, KeyIndex<int>::value_type*>> expected;
        auto keyOf = [&](quint64 n) { return QStringLiteral("default/bench-7d9c8b5f6d-") + QString::number(n, 36); };
        for (int step = 0; step < 20000; ++step) {
            const QString key = keyOf(rng.below(quint64(keys)));
            switch (rng.below(3)) {
            case 0: { // insert (or find the existing element); an absent key half the time as
                      // emplaceAbsent() does, whose slot waits for the next operation
                if (!expected.count(key) && rng.below(2) == 0) {
                    auto* element = index.emplaceAbsent(key);
                    QCOMPARE(element->first, key);
                    QCOMPARE(element->second, 0);
                    element->second = step;
                    expected[key] = {step, element};
                    break;
                }
                auto [element, inserted] = index.tryEmplace(key);
                QCOMPARE(inserted, !expected.count(key));
                QCOMPARE(element->first, key);
                if (inserted) {
                    QCOMPARE(element->second, 0); // value-initialised
                    element->second = step;
                    expected[key] = {step, element};
                } else {
                    QCOMPARE(element, expected[key].second);
                }
                break;
            }
            case 1: { // look up
                auto* element = index.find(key);
                auto it = expected.find(key);
                QCOMPARE(element != nullptr, it != expected.end());
                if (element) {
                    QCOMPARE(element, it->second.second);
                    QCOMPARE(element->second, it->second.first);
                }
                break;
            }
            default: { // erase
                auto it = expected.find(key);
                if (it == expected.end()) {
                    QVERIFY(!index.contains(key));
                    break;
                }
                index.erase(index.find(key));
                expected.erase(it);
                QVERIFY(!index.find(key));
            }
            }
            QCOMPARE(index.size(), expected.size());
        }
        for (const auto& [key, value] : expected) {
            auto* element = index.find(key);
            QVERIFY(element);
            QCOMPARE(element, value.second);
            QCOMPARE(element->second, value.first);
        }
        index.clear();
        QVERIFY(index.empty());
        QVERIFY(!index.find(keyOf(0)));
    }

    void copiesAreDeepAndIndependent()
    {
        // The kubelet's state (a KeyIndex of pod runs) is copied for snapshots: a copy must hold
        // the same keys and values in elements of its own, and later changes to either side must
        // not show in the other.
        KeyIndex<int> a;
        for (int i = 0; i < 100; ++i)
            a.tryEmplace(QString::number(i)).first->second = i;
        KeyIndex<int> b = a;
        QCOMPARE(b.size(), std::size_t(100));
        for (int i = 0; i < 100; ++i) {
            auto* inA = a.find(QString::number(i));
            auto* inB = b.find(QString::number(i));
            QVERIFY(inB && inB != inA);
            QCOMPARE(inB->second, i);
        }
        a.find(QStringLiteral("7"))->second = -7;
        b.erase(b.find(QStringLiteral("8")));
        QCOMPARE(b.find(QStringLiteral("7"))->second, 7);
        QVERIFY(a.contains(QStringLiteral("8")));
        KeyIndex<int> c;
        c.tryEmplace(QStringLiteral("gone"));
        c = b; // assignment replaces what was there
        QVERIFY(!c.contains(QStringLiteral("gone")));
        QCOMPARE(c.size(), std::size_t(99));
        KeyIndex<int> d = std::move(c);
        QCOMPARE(d.size(), std::size_t(99));
        QCOMPARE(d.find(QStringLiteral("99"))->second, 99);
    }

    void absentKeysAreFoundBeforeAndAfterTheirSlotsAreWritten()
    {
        // emplaceAbsent() leaves up to a batch of slots unwritten: whatever comes next (a lookup,
        // an erasure of one of them, a copy, a walk, growth) finds every element all the same.
        KeyIndex<int> index;
        QList<KeyIndex<int>::value_type*> elements;
        for (int i = 0; i < 1000; ++i) {
            auto* element = index.emplaceAbsent(QStringLiteral("default/kiada.%1").arg(i, 0, 16));
            element->second = i;
            elements.append(element);
            QCOMPARE(index.size(), std::size_t(i + 1));
            if (i % 97 == 0) { // a lookup now and then, between batches
                QCOMPARE(index.find(QStringLiteral("default/kiada.%1").arg(i, 0, 16)), element);
                QVERIFY(!index.contains(QStringLiteral("default/kiada.%1").arg(i + 1, 0, 16)));
            }
        }
        index.erase(elements.takeLast()); // its slot not written yet
        QCOMPARE(index.size(), std::size_t(999));
        const KeyIndex<int> copy = index;
        int walked = 0;
        copy.forEach([&](const QString& key, int value) {
            QCOMPARE(key, QStringLiteral("default/kiada.%1").arg(value, 0, 16));
            ++walked;
        });
        QCOMPARE(walked, 999);
        for (int i = 0; i < 999; ++i) {
            QCOMPARE(index.find(QStringLiteral("default/kiada.%1").arg(i, 0, 16)), elements[i]);
            QCOMPARE(copy.find(QStringLiteral("default/kiada.%1").arg(i, 0, 16))->second, i);
        }
        auto [again, inserted] = index.tryEmplace(QStringLiteral("default/kiada.5"));
        QVERIFY(!inserted);
        QCOMPARE(again, elements[5]);
    }

    void emptyAndReserved()
    {
        KeyIndex<QString> index;
        QVERIFY(!index.find(QStringLiteral("x")));
        QVERIFY(!index.contains(QString()));
        index.reserve(1000);
        for (int i = 0; i < 1000; ++i)
            index.tryEmplace(QString::number(i)).first->second = QString::number(i * 2);
        QCOMPARE(index.size(), std::size_t(1000));
        QCOMPARE(index.find(QStringLiteral("999"))->second, QStringLiteral("1998"));
        auto [empty, inserted] = index.tryEmplace(QString()); // the empty key is a key like any other
        QVERIFY(inserted);
        QCOMPARE(index.find(QString()), empty);
    }

    void hashOfPartsIsHashOfWhole()
    {
        // Every split of a key into a + sep + b, with every length of a (word boundaries fall
        // anywhere), hashes as the whole key does.
        const QString key = QStringLiteral("kube-system/kiada-58df67c6f6-x7b2q.187d0ce378ce54c1");
        const std::size_t whole = KeyHash::of(key);
        for (qsizetype cut = 0; cut < key.size(); ++cut) {
            const QStringView k(key);
            QCOMPARE(KeyHash().add(k.left(cut)).add(k.at(cut).unicode()).add(k.mid(cut + 1)).result(), whole);
            QCOMPARE(KeyHash().add(k.left(cut)).add(k.mid(cut)).result(), whole);
        }
        // of() keeps its state in registers: it must still hash every length as add() does
        // (0-3 units left over after the last whole word included).
        for (qsizetype n = 0; n <= key.size(); ++n)
            QCOMPARE(KeyHash::of(QStringView(key).left(n)), KeyHash().add(QStringView(key).left(n)).result());
        // Keys that differ in one late unit, or only in length, hash apart.
        QVERIFY(KeyHash::of(QStringLiteral("default/kiada-1")) != KeyHash::of(QStringLiteral("default/kiada-2")));
        QVERIFY(KeyHash::of(QStringLiteral("ab")) != KeyHash::of(QStringView(u"ab\0", 3)));
    }

    void findsAJoinedKeyWithoutBuildingIt()
    {
        KeyIndex<int> index;
        for (int i = 0; i < 500; ++i)
            index.tryEmplace(QStringLiteral("ns%1/pod-%2").arg(i % 3).arg(i)).first->second = i;
        for (int i = 0; i < 500; ++i) {
            const QString ns = QStringLiteral("ns%1").arg(i % 3);
            const QString name = QStringLiteral("pod-%1").arg(i);
            auto* found = index.find(ns, u'/', name);
            QVERIFY(found);
            QCOMPARE(found->second, i);
            QCOMPARE(found, index.find(ns + QLatin1Char('/') + name));
            // The same parts joined otherwise, or in another namespace, are other keys.
            QVERIFY(!index.find(ns, u'.', name));
            QVERIFY(!index.find(QStringLiteral("ns%1").arg((i + 1) % 3), u'/', name));
            // The same key cut elsewhere is the same key.
            QCOMPARE(index.find(ns + QLatin1Char('/'), u'p', name.mid(1)), found);
        }
        QVERIFY(!index.find(QStringLiteral("ns0"), u'/', QStringLiteral("pod-1")));
        QVERIFY(!KeyIndex<int>().find(QStringLiteral("a"), u'/', QStringLiteral("b")));
    }

    void prefetchNamesTheElementAndChangesNothing()
    {
        // prefetch() stage 2 hands back the element of a stored key (for the caller to ask for
        // what it holds), nothing for other keys, and leaves the index as it was: the deferred
        // slot of a key not written yet stays deferred, and find() still finds it.
        KeyIndex<int> index;
        for (int i = 0; i < 300; ++i)
            index.tryEmplace(QStringLiteral("ns/pod-%1").arg(i)).first->second = i;
        index.emplaceAbsent(QStringLiteral("ns/late"))->second = -1;
        for (int i = 0; i < 300; ++i) {
            const QString name = QStringLiteral("pod-%1").arg(i);
            for (int stage = 0; stage < 2; ++stage)
                QVERIFY(!index.prefetch(QStringLiteral("ns"), u'/', name, stage));
            const auto* element = index.prefetch(QStringLiteral("ns"), u'/', name, 2);
            QVERIFY(element);
            QCOMPARE(element->second, i);
        }
        QVERIFY(!index.prefetch(QStringLiteral("ns"), u'/', QStringLiteral("pod-300"), 2));
        QVERIFY(!index.prefetch(QStringLiteral("other"), u'/', QStringLiteral("pod-1"), 2));
        QVERIFY(!KeyIndex<int>().prefetch(QStringLiteral("ns"), u'/', QStringLiteral("pod-1"), 2));
        QCOMPARE(index.size(), std::size_t(301));
        QCOMPARE(index.find(QStringLiteral("ns"), u'/', QStringLiteral("late"))->second, -1);
        QCOMPARE(index.find(QStringLiteral("ns/pod-7"))->second, 7);
    }
};

QTEST_GUILESS_MAIN(TestKeyIndex)
#include "tst_keyindex.moc"
