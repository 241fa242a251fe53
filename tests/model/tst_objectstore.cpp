#include "sim/eventqueue.h"
#include "sim/objectstore.h"
#include "sim/rng.h"

#include <QRegularExpression>
#include <QTest>

#include <map>

using namespace rl;

namespace {
Event makeEvent(const QString& name, const QString& message = QStringLiteral("m"))
{
    Event e;
    e.metadata.name = name;
    e.metadata.namespace_ = QStringLiteral("default");
    e.message = message;
    return e;
}

// A store on its own clock, as the simulation owns one.
struct Fixture
{
    EventQueue queue;
    Rng rng {1};
    ObjectStore store {queue, rng};
};

// Creates pods "a" and "b" in "default"; returns them as given to the store.
std::pair<Pod, Pod> createPodsAB(ObjectStore& store)
{
    Pod a;
    a.metadata.name = QStringLiteral("a");
    a.metadata.namespace_ = QStringLiteral("default");
    Pod b = a;
    b.metadata.name = QStringLiteral("b");
    store.create(a);
    store.create(b);
    return {a, b};
}

QStringList listed(const ObjectStore& store)
{
    QStringList out;
    for (const auto& [key, e] : store.all<Event>())
        out << key + QLatin1Char(' ') + e->message;
    return out;
}
} // namespace

class TestObjectStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Events enter the ordered list only when it is read (all<Event>()); what it shows must be
    // what an eagerly ordered store would show, whatever happened to them in between.
    void listsEventsInKeyOrderWhateverHappenedBefore()
    {
        Fixture f;
        ObjectStore& store = f.store;
        QVERIFY(store.create(makeEvent(QStringLiteral("b.2"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("a.1"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("c.3"))));
        QVERIFY(!store.create(makeEvent(QStringLiteral("a.1"), QStringLiteral("again")))); // AlreadyExists
        // Updated and removed before ever being listed.
        QVERIFY(store.update(makeEvent(QStringLiteral("b.2"), QStringLiteral("updated"))));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("c.3")));
        // Removed and created again while pending: listed once, as the newer object.
        QVERIFY(store.create(makeEvent(QStringLiteral("d.4"), QStringLiteral("old"))));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("d.4")));
        QVERIFY(store.create(makeEvent(QStringLiteral("d.4"), QStringLiteral("new"))));
        QCOMPARE(store.find<Event>(QStringLiteral("default/b.2"))->message, QStringLiteral("updated"));
        QCOMPARE(listed(store),
            (QStringList {QStringLiteral("default/a.1 m"), QStringLiteral("default/b.2 updated"),
                QStringLiteral("default/d.4 new")}));

        // Once listed, later writes show at once, and new keys fall into place between old ones.
        QVERIFY(store.update(makeEvent(QStringLiteral("a.1"), QStringLiteral("again"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("b.1"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("e.5"))));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("d.4")));
        QCOMPARE(listed(store),
            (QStringList {QStringLiteral("default/a.1 again"), QStringLiteral("default/b.1 m"),
                QStringLiteral("default/b.2 updated"), QStringLiteral("default/e.5 m")}));
        QCOMPARE(store.all<Event>().size(), std::size_t(4));
    }

    void listsManyEventsInKeyOrder()
    {
        // Enough pending Events for the insertion order to come from the code units after the
        // shared prefix: keys that differ only beyond those 32 units, keys that are prefixes of
        // others, and characters outside Latin-1 must still be listed in QString order.
        Fixture f;
        ObjectStore& store = f.store;
        Rng rng(7);
        QStringList names;
        const QString shared = QStringLiteral("bench-7d9c8b5f6d-");
        for (int i = 0; i < 300; ++i) {
            QString name = shared + QString::number(rng.below(40), 36) + QLatin1Char('.')
                + QString::number(rng.below(1u << 20), 16);
            if (i % 7 == 0) // equal for 32 units and more, then different
                name = shared + QStringLiteral("z.0123456789abcdefghijklmnopqrstuvwxyz") + QString::number(i);
            if (i % 11 == 0)
                name += QChar(0x00e9 + i % 3);
            if (i % 13 == 0)
                name = name.left(shared.size() + 1); // a prefix of others
            if (names.contains(name))
                continue;
            names << name;
        }
        for (const QString& name : names)
            QVERIFY(store.create(makeEvent(name)));
        // The store keeps the prefix of the waiting keys as they come; taking away some of them
        // (the first one among them) must not change the order of the others.
        QStringList kept;
        for (int i = 0; i < names.size(); ++i) {
            if (i % 5 == 0)
                QVERIFY(store.remove<Event>(QStringLiteral("default"), names.at(i)));
            else
                kept << names.at(i);
        }
        QStringList expected;
        for (const QString& name : kept)
            expected << QStringLiteral("default/") + name + QStringLiteral(" m");
        std::sort(expected.begin(), expected.end());
        QVERIFY(expected.size() > 200);
        QCOMPARE(listed(store), expected);
    }

    void eventListingReadsLikeAnOrderedMap()
    {
        // all<Event>() is the store's entries in key order (a Listing, not a map of copies): it
        // must answer as the ordered map would, with holes where Events went since it was listed
        // and new Events merged in at the next listing.
        Fixture f;
        ObjectStore& store = f.store;
        std::map<QString, QString> model; // key -> message: what an ordered map would list
        Rng rng(11);
        auto name = [&](int i) {
            // Many keys equal in their first 32 units after the shared prefix (the sort's words).
            return QStringLiteral("web-5f7d9c8b6d-") + QString::number(i % 3)
                + QStringLiteral(".0123456789abcdef0123456789abcdef") + QString::number(rng.below(1u << 30), 16);
        };
        auto create = [&](int i) {
            const QString n = name(i);
            if (store.create(makeEvent(n, QString::number(i))))
                model[QStringLiteral("default/") + n] = QString::number(i);
        };
        auto check = [&] {
            const auto& listing = store.all<Event>();
            QCOMPARE(listing.size(), model.size());
            QStringList got, want;
            for (const auto& [key, e] : listing)
                got << key + QLatin1Char(' ') + e->message;
            for (const auto& [key, message] : model)
                want << key + QLatin1Char(' ') + message;
            QCOMPARE(got, want);
        };
        for (int i = 0; i < 200; ++i)
            create(i);
        check();
        // Removed after the listing: holes that iteration, find(), count(), at() and
        // lower_bound() step over without a new listing.
        {
            const auto& listing = store.all<Event>();
            std::vector<QString> keys;
            for (const auto& [key, e] : listing)
                keys.push_back(key);
            for (std::size_t i = 0; i < keys.size(); i += 3) {
                const QString n = keys[i].mid(8);
                QVERIFY(store.remove<Event>(QStringLiteral("default"), n));
                model.erase(keys[i]);
            }
            QCOMPARE(listing.size(), model.size());
            std::size_t seen = 0;
            for (auto it = listing.begin(); it != listing.end(); ++it, ++seen)
                QCOMPARE(it->first, std::next(model.begin(), std::ptrdiff_t(seen))->first);
            QCOMPARE(seen, model.size());
            for (std::size_t i = 0; i < keys.size(); ++i) {
                const bool kept = i % 3 != 0;
                QCOMPARE(listing.count(keys[i]), std::size_t(kept ? 1 : 0));
                QCOMPARE(listing.find(keys[i]) != listing.end(), kept);
                const auto lb = listing.lower_bound(keys[i]);
                const auto want = model.lower_bound(keys[i]);
                QCOMPARE(lb == listing.end(), want == model.end());
                if (want != model.end())
                    QCOMPARE(lb->first, want->first);
                if (kept)
                    QCOMPARE(listing.at(keys[i])->message, model.at(keys[i]));
            }
            bool threw = false;
            try {
                listing.at(keys[0]);
            } catch (const std::out_of_range&) {
                threw = true;
            }
            QVERIFY(threw);
            QCOMPARE(listing.lower_bound(QStringLiteral("zzz")), listing.end());
        }
        // Created after the listing, between and around the old keys, and updated in place.
        for (int i = 200; i < 400; ++i)
            create(i);
        QVERIFY(store.update(makeEvent(model.begin()->first.mid(8), QStringLiteral("updated"))));
        model.begin()->second = QStringLiteral("updated");
        check();
        // toMap() (a snapshot's copy) holds the same.
        const ObjectStore::Map<Event> copy = store.all<Event>().toMap();
        QCOMPARE(copy.size(), model.size());
        QCOMPARE(copy.begin()->first, model.begin()->first);
        QCOMPARE(copy.rbegin()->second->message, model.rbegin()->second);
    }

    void eventListingSurvivesRemovalsWhileIterated()
    {
        // A reader that removes Events as it walks the listing (the element after the current
        // one, and the current one after its last use) sees each remaining one once.
        Fixture f;
        ObjectStore& store = f.store;
        for (int i = 0; i < 100; ++i)
            QVERIFY(store.create(makeEvent(QStringLiteral("e.%1").arg(i, 3, 10, QLatin1Char('0')))));
        QStringList visited;
        const auto& listing = store.all<Event>();
        for (auto it = listing.begin(); it != listing.end();) {
            const QString key = it->first;
            const QString name = it->second->metadata.name;
            visited << key;
            ++it;
            if (it != listing.end() && visited.size() % 2 == 1) {
                const QString next = it->second->metadata.name;
                QVERIFY(store.remove<Event>(QStringLiteral("default"), next));
                ++it; // (a hole now, skipped by ++ from the current position as well)
            }
            QVERIFY(store.remove<Event>(QStringLiteral("default"), name));
        }
        // The same walk over an ordered map: every third Event is removed unvisited.
        QStringList expected;
        for (int i = 0; i < 100; ++i) {
            if (i % 3 != 1)
                expected << QStringLiteral("default/e.%1").arg(i, 3, 10, QLatin1Char('0'));
        }
        QCOMPARE(visited, expected);
        QVERIFY(store.all<Event>().empty());
        QCOMPARE(store.count<Event>(), std::size_t(0));
    }

    void snapshotHoldsPendingEventsAndRestoreBringsThemBack()
    {
        Fixture f;
        ObjectStore& store = f.store;
        QVERIFY(store.create(makeEvent(QStringLiteral("b"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("a"))));
        const ObjectStore::Snapshot snap = store.snapshot(); // both still pending until now
        QVERIFY(store.create(makeEvent(QStringLiteral("c"))));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("a")));
        store.restore(snap);
        QCOMPARE(listed(store), (QStringList {QStringLiteral("default/a m"), QStringLiteral("default/b m")}));
        QVERIFY(!store.find<Event>(QStringLiteral("default/c")));
        QVERIFY(store.update(makeEvent(QStringLiteral("a"), QStringLiteral("after restore"))));
        QCOMPARE(
            listed(store), (QStringList {QStringLiteral("default/a after restore"), QStringLiteral("default/b m")}));
    }

    void eventNamesAfterEveryStoredOneAreNewAndOthersAreLookedUp()
    {
        // The store takes an Event whose name ends in a hex number above every stored one's for
        // new without looking it up (the recorder's names grow with the clock). Every other name,
        // and every name after a load or a restore, must still meet AlreadyExists.
        Fixture f;
        ObjectStore& store = f.store;
        QVERIFY(store.create(makeEvent(QStringLiteral("x.ff"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("y.100"))));
        QVERIFY(!store.create(makeEvent(QStringLiteral("x.ff"), QStringLiteral("again"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("z.0100")))); // the same number, another name
        QVERIFY(store.create(makeEvent(QStringLiteral("w.1F")))); // not a lower-case hex number
        QVERIFY(!store.create(makeEvent(QStringLiteral("w.1F"), QStringLiteral("again"))));
        const ObjectStore::Snapshot snap = store.snapshot();
        QVERIFY(store.create(makeEvent(QStringLiteral("v.200"))));
        store.load(makeEvent(QStringLiteral("u.fff"), QStringLiteral("loaded")));
        QVERIFY(!store.create(makeEvent(QStringLiteral("u.fff"), QStringLiteral("again"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("u.1000"))));
        QCOMPARE(store.count<Event>(), std::size_t(7));
        store.restore(snap);
        QCOMPARE(store.count<Event>(), std::size_t(4));
        QVERIFY(!store.create(makeEvent(QStringLiteral("y.100"), QStringLiteral("again")))); // restored
        QVERIFY(store.create(makeEvent(QStringLiteral("v.200"), QStringLiteral("anew")))); // gone with the restore
        QVERIFY(!store.create(makeEvent(QStringLiteral("v.200"), QStringLiteral("again"))));
        QCOMPARE(store.find<Event>(QStringLiteral("default/v.200"))->message, QStringLiteral("anew"));
        QCOMPARE(listed(store),
            (QStringList {QStringLiteral("default/v.200 anew"), QStringLiteral("default/w.1F m"),
                QStringLiteral("default/x.ff m"), QStringLiteral("default/y.100 m"),
                QStringLiteral("default/z.0100 m")}));
    }

    void eventNamesOfEveryShapeMeetAlreadyExists_data()
    {
        // keySuffix() reads a key from its end back to its last '.': 1-16 lower-case hex digits
        // there make a number (a name above every stored one's is new without a lookup). Any
        // other end is no number, and the name is left to the index. Either way a second create()
        // of a name must meet AlreadyExists, and reading back must stay inside the key.
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("suffix"); // -1: none
        QTest::newRow("event name") << QStringLiteral("kiada-58df67c6f6-x7b2q.187d0ce378ce54c1")
                                    << qint64(0x187d0ce378ce54c1LL);
        QTest::newRow("one digit") << QStringLiteral("kiada.7") << qint64(7);
        QTest::newRow("leading zeros") << QStringLiteral("kiada.00ff") << qint64(255);
        QTest::newRow("dot first") << QStringLiteral(".ff") << qint64(255);
        QTest::newRow("two dots") << QStringLiteral("kiada.ff.fff") << qint64(0xfff);
        QTest::newRow("16 digits") << QStringLiteral("kiada.7ffffffffffffffe") << qint64(0x7ffffffffffffffeLL);
        QTest::newRow("no dot") << QStringLiteral("kiada") << qint64(-1);
        QTest::newRow("digits, no dot") << QStringLiteral("ff") << qint64(-1);
        QTest::newRow("dot last") << QStringLiteral("kiada.") << qint64(-1);
        QTest::newRow("dot only") << QStringLiteral(".") << qint64(-1);
        QTest::newRow("upper case") << QStringLiteral("kiada.FF") << qint64(-1);
        QTest::newRow("17 digits") << QStringLiteral("kiada.1ffffffffffffffff") << qint64(-1);
        QTest::newRow("dash after") << QStringLiteral("kiada.fff-x") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }
    void eventNamesOfEveryShapeMeetAlreadyExists()
    {
        QFETCH(QString, name);
        QFETCH(qint64, suffix);
        const std::optional<quint64> read = ObjectStore::keySuffix(QStringLiteral("default/") + name);
        QCOMPARE(read.has_value(), suffix >= 0);
        if (read)
            QCOMPARE(*read, quint64(suffix));
        QCOMPARE(ObjectStore::keySuffix(QStringLiteral("default/kiada.ffffffffffffffff")), std::optional(~quint64(0)));

        Fixture f;
        ObjectStore& store = f.store;
        QVERIFY(store.create(makeEvent(QStringLiteral("a.10"))));
        QVERIFY(store.create(makeEvent(name)));
        QVERIFY(!store.create(makeEvent(name, QStringLiteral("again"))));
        QVERIFY(!store.create(makeEvent(QStringLiteral("a.10"), QStringLiteral("again"))));
        QVERIFY(store.create(makeEvent(QStringLiteral("a.11"))));
        QVERIFY(!store.create(makeEvent(name, QStringLiteral("again"))));
        QCOMPARE(store.count<Event>(), std::size_t(3));
        QCOMPARE(store.get<Event>(QStringLiteral("default"), name)->message, QStringLiteral("m"));
    }

    void createsAnObjectNamedByAView()
    {
        // create(obj, name) names the object by a text the caller keeps on its stack (the event
        // recorder's "<object>.<nanos>"): the store copies it into the object's block, and a
        // lookup by a view finds it.
        Fixture f;
        ObjectStore& store = f.store;
        char16_t buffer[] = u"kiada.17c";
        const QStringView view(buffer, 9);
        Event e = makeEvent(QString());
        const EventPtr created = store.create(std::move(e), view);
        QVERIFY(created);
        QVERIFY(!store.create(makeEvent(QString()), view)); // AlreadyExists, by the same view
        QVERIFY(store.get<Event>(QStringLiteral("default"), view) == created);
        buffer[0] = u'X'; // the caller's text changes; the stored name does not
        QCOMPARE(created->metadata.name, QStringLiteral("kiada.17c"));
        QCOMPARE(created->metadata.name.utf16()[created->metadata.name.size()], u'\0');
        QVERIFY(!store.get<Event>(QStringLiteral("default"), view));
        QCOMPARE(store.find<Event>(QStringLiteral("default/kiada.17c")), created);
        QCOMPARE(listed(store), (QStringList {QStringLiteral("default/kiada.17c m")}));
    }

    void namesShareTheirKeysTextAndOutliveIt()
    {
        // A stored object's name is the tail of its key "namespace/name", and its uid and
        // resourceVersion follow the key in the same block: each must read as itself (ending in
        // a '\0', as a QString's text does), stay valid after the object is gone, and change on
        // its own.
        Fixture f;
        ObjectStore& store = f.store;
        Pod pod;
        pod.metadata.generateName = QStringLiteral("kiada-58df67c6f6-");
        const PodPtr created = store.create(pod);
        QVERIFY(created);
        const QString name = created->metadata.name;
        QCOMPARE(name.size(), 22);
        const QString uid = created->metadata.uid;
        QVERIFY(
            QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
                .match(uid)
                .hasMatch());
        QCOMPARE(created->metadata.resourceVersion, QString::number(store.resourceVersion()));
        for (const QString* text :
            {&created->metadata.name, &created->metadata.uid, &created->metadata.resourceVersion})
            QCOMPARE(text->utf16()[text->size()], u'\0');
        Pod other;
        other.metadata.name = QStringLiteral("other");
        const PodPtr second = store.create(other);
        QVERIFY(second->metadata.uid != uid); // its own block, its own draw
        QCOMPARE(second->metadata.resourceVersion, QString::number(store.resourceVersion()));
        QVERIFY(name.startsWith(QStringLiteral("kiada-58df67c6f6-")));
        QCOMPARE(store.get<Pod>(QStringLiteral("default"), name), created);
        QCOMPARE(store.all<Pod>().begin()->first, QStringLiteral("default/") + name);
        const EventPtr event = store.create(makeEvent(QStringLiteral("kiada.17c")));
        QCOMPARE(event->metadata.name, QStringLiteral("kiada.17c"));
        QVERIFY(store.remove<Pod>(QStringLiteral("default"), name));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("kiada.17c")));
        QString copy = event->metadata.name;
        copy += QStringLiteral("-more"); // its own text now
        QCOMPARE(copy, QStringLiteral("kiada.17c-more"));
        QCOMPARE(event->metadata.name, QStringLiteral("kiada.17c"));
        QCOMPARE(QString(created->metadata.name).prepend(u'x'), QLatin1Char('x') + name);
        QCOMPARE(created->metadata.name, name);
        QString uidCopy = created->metadata.uid;
        uidCopy.append(QStringLiteral("-more")); // the key's block is shared: a copy of its own
        QCOMPARE(created->metadata.uid, uid);
        QCOMPARE(uidCopy, uid + QStringLiteral("-more"));
        QVERIFY(store.remove<Pod>(QStringLiteral("default"), QStringLiteral("other")));
        QCOMPARE(store.count<Pod>(), std::size_t(0));
        QCOMPARE(created->metadata.uid, uid); // the objects outlive their entries, texts included
    }

    void keyOfSharesTheKeyTheStoreKeeps()
    {
        // keyOf() gives objectKey(namespace, name); for an object the store named, in the text
        // the store keeps it by (no new block), and for any other metadata in a text of its own.
        Fixture f;
        ObjectStore& store = f.store;
        const EventPtr event = store.create(makeEvent(QStringLiteral("kiada.17c")));
        const QString key = ObjectStore::keyOf(event->metadata);
        QCOMPARE(key, QStringLiteral("default/kiada.17c"));
        QCOMPARE(key.constData(), store.all<Event>().begin()->first.constData());
        QCOMPARE(store.find<Event>(key), event);

        ObjectMeta plain;
        plain.namespace_ = QStringLiteral("shop");
        plain.name = QStringLiteral("web");
        QCOMPARE(ObjectStore::keyOf(plain), QStringLiteral("shop/web"));
        // A name with other text before it in its block: not taken for a key.
        ObjectMeta tail;
        tail.namespace_ = QStringLiteral("shop");
        tail.name = QString::fromLatin1("shop-web");
        tail.name.remove(0, 5); // moves the start: the block keeps "shop-" before the name
        QCOMPARE(tail.name, QStringLiteral("web"));
        QCOMPARE(tail.name.data_ptr().freeSpaceAtBegin(), 5);
        QCOMPARE(ObjectStore::keyOf(tail), QStringLiteral("shop/web"));
        ObjectMeta other = event->metadata;
        other.namespace_ = QStringLiteral("kube-system"); // longer than the text before the name
        QCOMPARE(ObjectStore::keyOf(other), QStringLiteral("kube-system/kiada.17c"));
        other.namespace_ = QStringLiteral("default2");
        QCOMPARE(ObjectStore::keyOf(other), QStringLiteral("default2/kiada.17c"));
    }

    void otherKindsAreListedAtOnce()
    {
        Fixture f;
        ObjectStore& store = f.store;
        Deployment d;
        d.metadata.name = QStringLiteral("web");
        QVERIFY(store.create(d));
        QCOMPARE(store.count<Deployment>(), std::size_t(1));
        QCOMPARE(store.all<Deployment>().size(), std::size_t(1));
        QCOMPARE(store.all<Deployment>().begin()->first, QStringLiteral("default/web"));
        QVERIFY(store.remove<Deployment>(QStringLiteral("default"), QStringLiteral("web")));
        QVERIFY(store.all<Deployment>().empty());
    }

    void podsAreListedLikeEvents()
    {
        // Pods are listed lazily too: removing pending ones in any order (each is swapped out of
        // the pending list) must leave exactly the others, and count() never lists.
        Fixture f;
        ObjectStore& store = f.store;
        for (const char* name : {"e", "b", "d", "a", "c", "f"}) {
            Pod p;
            p.metadata.name = QLatin1String(name);
            QVERIFY(store.create(p));
        }
        QCOMPARE(store.count<Pod>(), std::size_t(6));
        for (const char* name : {"b", "f", "e"})
            QVERIFY(store.remove<Pod>(QStringLiteral("default"), QLatin1String(name)));
        QCOMPARE(store.count<Pod>(), std::size_t(3));
        QStringList keys;
        for (const auto& [key, pod] : store.all<Pod>())
            keys << key;
        QCOMPARE(keys,
            (QStringList {QStringLiteral("default/a"), QStringLiteral("default/c"), QStringLiteral("default/d")}));
    }

    // A listener hears the kinds it asked for, and every kind when it named none.
    void listenersHearTheKindsTheyAskedFor()
    {
        Fixture f;
        ObjectStore& store = f.store;
        QStringList pods, all;
        const int podsOnly = store.addListener(
            [&](const WatchEvent& ev) { pods << kindName(ev.kind); }, ObjectStore::kindBit(Kind::Pod));
        const int everything = store.addListener([&](const WatchEvent& ev) { all << kindName(ev.kind); });
        Pod p;
        p.metadata.name = QStringLiteral("p");
        QVERIFY(store.create(p));
        QVERIFY(store.create(makeEvent(QStringLiteral("p.1"))));
        QVERIFY(store.remove<Pod>(QStringLiteral("default"), QStringLiteral("p")));
        QCOMPARE(pods, (QStringList {QStringLiteral("Pod"), QStringLiteral("Pod")}));
        QCOMPARE(all, (QStringList {QStringLiteral("Pod"), QStringLiteral("Event"), QStringLiteral("Pod")}));
        store.removeListener(podsOnly);
        store.removeListener(everything);
        QVERIFY(store.create(makeEvent(QStringLiteral("p.2"))));
        QCOMPARE(all.size(), 3);
    }

    // With the history off, a change of a kind that no listener asks for goes nowhere; a listener
    // of the kind added later, after others came and went, hears the next one.
    void unheardKindsWithoutHistory()
    {
        Fixture f;
        ObjectStore& store = f.store;
        store.setHistoryEnabled(false);
        QStringList pods, events;
        const int eventsFirst
            = store.addListener([&](const WatchEvent&) { events << QStringLiteral("removed before the write"); },
                ObjectStore::kindBit(Kind::Event));
        store.addListener([&](const WatchEvent& ev) { pods << kindName(ev.kind); }, ObjectStore::kindBit(Kind::Pod));
        store.removeListener(eventsFirst);
        const quint64 rv = store.resourceVersion();
        QVERIFY(store.create(makeEvent(QStringLiteral("p.1"))));
        QVERIFY(store.find<Event>(QStringLiteral("default/p.1")));
        QCOMPARE(store.resourceVersion(), rv + 1); // written all the same
        QVERIFY(events.isEmpty());
        QVERIFY(pods.isEmpty());
        QVERIFY(store.history().empty());
        createPodsAB(store); // the listener of pods still hears them
        QCOMPARE(pods, (QStringList {QStringLiteral("Pod"), QStringLiteral("Pod")}));
        store.addListener([&](const WatchEvent& ev) { events << std::get<EventPtr>(ev.object)->metadata.name; },
            ObjectStore::kindBit(Kind::Event));
        QVERIFY(store.create(makeEvent(QStringLiteral("p.2"))));
        QVERIFY(store.remove<Event>(QStringLiteral("default"), QStringLiteral("p.1")));
        QCOMPARE(events, (QStringList {QStringLiteral("p.2"), QStringLiteral("p.1")}));
        QCOMPARE(pods.size(), 2);
    }

    // While a change is dispatched, a listener removed by an earlier one is not called any more,
    // one added is called from the next change on, and one may remove itself.
    void listenersEditedDuringADispatch()
    {
        Fixture f;
        ObjectStore& store = f.store;
        QStringList calls;
        int second = 0;
        int added = 0;
        int first = 0;
        first = store.addListener([&](const WatchEvent&) {
            calls << QStringLiteral("first");
            store.removeListener(second);
            store.removeListener(first); // itself
            added = store.addListener([&](const WatchEvent&) { calls << QStringLiteral("added"); });
        });
        second = store.addListener([&](const WatchEvent&) { calls << QStringLiteral("second"); });
        const int third = store.addListener([&](const WatchEvent&) { calls << QStringLiteral("third"); });
        QVERIFY(store.create(makeEvent(QStringLiteral("a.1"))));
        QCOMPARE(calls, (QStringList {QStringLiteral("first"), QStringLiteral("third")}));
        calls.clear();
        QVERIFY(store.create(makeEvent(QStringLiteral("a.2"))));
        QCOMPARE(calls, (QStringList {QStringLiteral("third"), QStringLiteral("added")}));
        store.removeListener(third);
        store.removeListener(added);
    }

    // A listener's pointer left in an object's entry during one change is there at the next
    // change of that object (DELETED included), for no other object, and gone once cleared.
    void attachmentsFollowTheirObject()
    {
        Fixture f;
        ObjectStore& store = f.store;
        const int slot = store.reserveAttachment();
        QVERIFY(slot >= 0);
        QVERIFY(!store.dispatchedAttachments()); // outside a dispatch
        int records[2] = {1, 2};
        QList<void*> seen; // what the listener found at each change
        const int id = store.addListener(
            [&](const WatchEvent& ev) {
                void** attached = store.dispatchedAttachments();
                QVERIFY(attached);
                seen << attached[slot];
                const auto& pod = std::get<PodPtr>(ev.object);
                if (ev.type == WatchType::Added)
                    attached[slot] = pod->metadata.name == QStringLiteral("a") ? &records[0] : &records[1];
            },
            ObjectStore::kindBit(Kind::Pod));
        const auto [a, b] = createPodsAB(store);
        QCOMPARE(store.count<Pod>(), std::size_t(2));
        QVERIFY(store.update(a));
        QVERIFY(store.update(b));
        QVERIFY(store.remove<Pod>(QStringLiteral("default"), QStringLiteral("a")));
        QVERIFY(store.create(a)); // a new object of the same name starts with nothing
        QCOMPARE(seen, (QList<void*> {nullptr, nullptr, &records[0], &records[1], &records[0], nullptr}));
        QCOMPARE(store.attachmentsOf<Pod>(QStringLiteral("default/b"))[slot], static_cast<void*>(&records[1]));
        store.clearAttachment(slot);
        QCOMPARE(store.attachmentsOf<Pod>(QStringLiteral("default/b"))[slot], nullptr);
        QVERIFY(!store.attachmentsOf<Pod>(QStringLiteral("default/none")));
        store.removeListener(id);
        // Slots run out, and a released one is free again (and cleared).
        QList<int> taken {slot};
        for (int i = 1; i < ObjectStore::kAttachments; ++i)
            taken << store.reserveAttachment();
        QVERIFY(!taken.contains(-1));
        QCOMPARE(store.reserveAttachment(), -1);
        store.releaseAttachment(slot);
        QCOMPARE(store.reserveAttachment(), slot);
    }

    void entryHandlesWriteTheirObject()
    {
        Fixture f;
        ObjectStore& store = f.store;
        QVERIFY(!store.dispatchedEntry().entry); // outside a dispatch
        std::map<QString, ObjectStore::EntryHandle> handles; // what a listener heard, per pod
        QList<bool> heardEntry;
        const int id = store.addListener(
            [&](const WatchEvent& ev) {
                const auto& pod = std::get<PodPtr>(ev.object);
                heardEntry << (store.dispatchedEntry().entry != nullptr);
                if (ev.type == WatchType::Deleted)
                    handles.erase(pod->metadata.name);
                else
                    handles[pod->metadata.name] = store.dispatchedEntry();
            },
            ObjectStore::kindBit(Kind::Pod));
        createPodsAB(store);
        QCOMPARE(store.count<Pod>(), std::size_t(2));
        QVERIFY(handles.at(QStringLiteral("a")).entry != handles.at(QStringLiteral("b")).entry);

        // A write through a handle is a write of that object, as update() by name makes it.
        Pod a2 = *store.get<Pod>(QStringLiteral("default"), QStringLiteral("a"));
        a2.status.phase = QStringLiteral("Running");
        const quint64 rv = store.resourceVersion();
        const PodPtr written = store.update(std::move(a2), handles.at(QStringLiteral("a")));
        QVERIFY(written);
        QCOMPARE(written->metadata.resourceVersion, QString::number(rv + 1));
        QCOMPARE(store.get<Pod>(QStringLiteral("default"), QStringLiteral("a")), written);
        QCOMPARE(store.all<Pod>().at(QStringLiteral("default/a")), written);
        QCOMPARE(store.get<Pod>(QStringLiteral("default"), QStringLiteral("b"))->status.phase, QString());

        // A snapshot restore makes every entry anew: a handle taken before is not used, the
        // object is found by name.
        const ObjectStore::Snapshot snap = store.snapshot();
        const ObjectStore::EntryHandle stale = handles.at(QStringLiteral("b"));
        store.restore(snap);
        Pod b2 = *store.get<Pod>(QStringLiteral("default"), QStringLiteral("b"));
        b2.status.phase = QStringLiteral("Pending");
        QVERIFY(store.update(std::move(b2), stale));
        QCOMPARE(
            store.get<Pod>(QStringLiteral("default"), QStringLiteral("b"))->status.phase, QStringLiteral("Pending"));
        // A handle of another kind is not used either.
        ObjectStore::EntryHandle wrongKind = handles.at(QStringLiteral("b"));
        wrongKind.kind = Kind::Event;
        Pod b3 = *store.get<Pod>(QStringLiteral("default"), QStringLiteral("b"));
        QVERIFY(store.update(std::move(b3), wrongKind));

        // Removal through a handle; DELETED carries no entry.
        QVERIFY(store.remove<Pod>(handles.at(QStringLiteral("a")), QStringLiteral("default"), QStringLiteral("a")));
        QVERIFY(!store.get<Pod>(QStringLiteral("default"), QStringLiteral("a")));
        QCOMPARE(store.count<Pod>(), std::size_t(1));
        QVERIFY(!store.all<Pod>().count(QStringLiteral("default/a")));
        QVERIFY(!handles.count(QStringLiteral("a")));
        QCOMPARE(heardEntry.size(), 6);
        QCOMPARE(heardEntry.last(), false);
        QVERIFY(!store.dispatchedEntry().entry);
        store.removeListener(id);
    }
};

QTEST_GUILESS_MAIN(TestObjectStore)
#include "tst_objectstore.moc"
