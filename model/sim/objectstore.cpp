#include "objectstore.h"

#include <QStringBuilder>

#include <algorithm>
#include <array>
#include <cstring>

namespace rl {

QString watchTypeName(WatchType t)
{
    switch (t) {
    case WatchType::Added:
        return QStringLiteral("ADDED");
    case WatchType::Modified:
        return QStringLiteral("MODIFIED");
    case WatchType::Deleted:
        return QStringLiteral("DELETED");
    }
    return {};
}

QString objectKey(const QString& ns, const QString& name)
{
    return ns % QLatin1Char('/') % name; // QStringBuilder: one allocation
}

ObjectStore::ObjectStore(EventQueue& queue, Rng& rng)
    : m_queue(queue)
    , m_rng(rng)
{ }

std::optional<quint64> ObjectStore::keySuffix(QStringView key)
{
    // From the end back to the '.': at most 17 units are read (a generic lastIndexOf() costs more
    // than the digits, and any unit but a hex digit ends the search anyway).
    const char16_t* const begin = key.utf16();
    const char16_t* p = begin + key.size();
    quint64 v = 0;
    int shift = 0;
    while (p != begin) {
        const char16_t c = *--p;
        quint64 digit;
        if (c >= u'0' && c <= u'9')
            digit = quint64(c - u'0');
        else if (c >= u'a' && c <= u'f')
            digit = quint64(c - u'a' + 10);
        else if (c == u'.' && shift > 0)
            return v;
        else
            return std::nullopt;
        if (shift == 64)
            return std::nullopt; // more than 16 digits
        v |= digit << shift;
        shift += 4;
    }
    return std::nullopt; // no '.'
}

template<class T> void ObjectStore::noteKey(Table<T>& t, QStringView key)
{
    if constexpr (T::kind == Kind::Event) {
        if (const auto suffix = keySuffix(key))
            t.suffixBound = std::max(t.suffixBound, *suffix == ~quint64(0) ? *suffix : *suffix + 1);
    }
}

QString ObjectStore::viewOf(const QString& s, qsizetype from, qsizetype n)
{
    QString::DataPointer view = const_cast<QString&>(s).data_ptr(); // a reference more on the block
    Q_ASSERT(
        view.d_ptr() && from >= 0 && n >= 0 && view.freeSpaceAtBegin() + from + n <= view.constAllocatedCapacity());
    view.ptr += from;
    view.size = n;
    return QString(std::move(view));
}

QString ObjectStore::keyOf(const ObjectMeta& meta)
{
    const QString& ns = meta.namespace_;
    const QString& name = meta.name;
    const qsizetype head = ns.size() + 1; // "<ns>/"
    QString::DataPointer view = const_cast<QString&>(name).data_ptr();
    // The units before the name are read only if they lie in its block, and used only if they
    // spell "<ns>/": whatever the block is, the view then holds the key's text.
    if (view.d_ptr() && view.freeSpaceAtBegin() >= head) {
        const char16_t* start = reinterpret_cast<const char16_t*>(view.data()) - head;
        if (start[ns.size()] == u'/' && QStringView(start, ns.size()) == ns) {
            view.ptr -= head; // a reference more on the block
            view.size += head;
            return QString(std::move(view));
        }
    }
    return objectKey(ns, name);
}

QString ObjectStore::keyTail(const QString& key, qsizetype n)
{
    Q_ASSERT(n > 0 && n <= key.size());
    return viewOf(key, key.size() - n, n);
}

QString ObjectStore::keyBlock(std::initializer_list<QStringView> parts, qsizetype extra)
{
    qsizetype length = 0;
    for (QStringView p : parts)
        length += p.size();
    QString block(length + 1 + extra, Qt::Uninitialized);
    char16_t* out = reinterpret_cast<char16_t*>(block.data());
    for (QStringView p : parts)
        out = std::copy(p.utf16(), p.utf16() + p.size(), out);
    *out = u'\0';
    return viewOf(block, 0, length);
}

template<class T>
typename ObjectStore::Index<T>::value_type* ObjectStore::put(const QString& key, std::shared_ptr<const T> ptr)
{
    Table<T>& t = tableFor<T>();
    auto [entry, fresh] = t.index.tryEmplace(key);
    entry->second.ptr = std::move(ptr);
    if (fresh) {
        noteKey(t, key);
        list(t, entry);
    } else if constexpr (!kFlatListed<T>) {
        if (entry->second.listed())
            entry->second.it->second = entry->second.ptr; // (a listing reads the entry itself)
    }
    return entry;
}

template<class T> void ObjectStore::list(Table<T>& t, typename Index<T>::value_type* entry)
{
    if constexpr (kListedLazily<T>) {
        // The prefix that the waiting keys share, kept while each key is at hand: listPending()
        // then need not read a million scattered keys once more to find it. Removals only leave
        // it shorter than it could be, which sorts the same.
        const QString& key = entry->first;
        if (t.pending.empty()) {
            t.pendingFirst = key;
            t.pendingCommon = key.size();
        } else {
            const qsizetype n = std::min(t.pendingCommon, key.size());
            const ushort* a = key.utf16();
            const ushort* b = t.pendingFirst.utf16();
            qsizetype i = 0;
            while (i < n && a[i] == b[i])
                ++i;
            t.pendingCommon = i;
        }
        entry->second.pendingPos = t.pending.size();
        t.pending.push_back(entry);
    } else {
        entry->second.it = t.map.emplace(entry->first, entry->second.ptr).first;
        entry->second.pendingPos = Entry<T>::kListed;
    }
}

namespace {
inline void prefetch(const void* p)
{
    __builtin_prefetch(p);
}

/// Puts elements in the order of their QString key (`key(e)`). Many keys (a million Events) share
/// a long prefix and lie scattered in memory, so comparing them string by string costs two cache
/// misses a comparison: this reads each key once and sorts by the 32 code units after the first
/// `common` ones, which all keys share, a byte each (a unit above 255 counts as 255), and only
/// the keys equal in those bytes by their whole text.
template<class E, class Key> void sortByKey(std::vector<E>& elements, Key key, qsizetype common)
{
    if (elements.size() < 64) {
        std::sort(elements.begin(), elements.end(), [&](const E& a, const E& b) { return key(a) < key(b); });
        return;
    }
    // The bytes big-endian in four words, so that integer order is their order (a missing unit
    // is 0).
    constexpr std::size_t kWords = 4;
    struct Sorted
    {
        std::array<quint64, kWords> w;
        E element;
    };
    std::vector<Sorted> sorted(elements.size());
    for (std::size_t at = 0; at < elements.size(); ++at) {
        // The elements and their keys lie scattered: ask for them ahead (the element 16 steps
        // ahead, the text of the key 8 steps ahead, whose element is in cache by then).
        if (at + 16 < elements.size())
            prefetch(elements[at + 16]);
        if (at + 8 < elements.size())
            prefetch(key(elements[at + 8]).constData());
        const E& e = elements[at];
        const QString& k = key(e);
        Sorted& item = sorted[at];
        item.element = e;
        const ushort* units = k.utf16() + common;
        const qsizetype n = std::min<qsizetype>(8 * kWords, k.size() - common);
        for (std::size_t word = 0; word < kWords; ++word) {
            quint64 w = 0;
            for (qsizetype i = qsizetype(8 * word); i < qsizetype(8 * word + 8); ++i)
                w = (w << 8) | (i < n ? std::min<quint64>(units[i], 255) : 0);
            item.w[word] = w;
        }
    }
    std::sort(sorted.begin(), sorted.end(), [](const Sorted& a, const Sorted& b) { return a.w < b.w; });
    for (std::size_t from = 0; from < sorted.size();) {
        std::size_t to = from + 1;
        while (to < sorted.size() && sorted[to].w == sorted[from].w)
            ++to;
        if (to - from > 1) {
            std::sort(sorted.begin() + std::ptrdiff_t(from), sorted.begin() + std::ptrdiff_t(to),
                [&](const Sorted& a, const Sorted& b) { return key(a.element) < key(b.element); });
        }
        from = to;
    }
    for (std::size_t i = 0; i < sorted.size(); ++i)
        elements[i] = sorted[i].element;
}
} // namespace

template<class T> void ObjectStore::listPending(Table<T>& t)
{
    sortByKey(
        t.pending, [](const auto* entry) -> const QString& { return entry->first; }, t.pendingCommon);
    if constexpr (kFlatListed<T>) {
        // The listing is the entries themselves: the sorted new ones merged with those listed
        // before (its holes closed on the way), and no key or pointer copied.
        auto& nodes = t.listing.m_nodes;
        if (t.listing.m_holes != 0) {
            nodes.erase(std::remove(nodes.begin(), nodes.end(), nullptr), nodes.end());
            t.listing.m_holes = 0;
        }
        for (auto* entry : t.pending)
            entry->second.pendingPos = Entry<T>::kListed;
        const auto old = std::ptrdiff_t(nodes.size());
        nodes.insert(nodes.end(), t.pending.begin(), t.pending.end());
        if (old != 0 && !t.pending.empty()) {
            std::inplace_merge(nodes.begin(), nodes.begin() + old, nodes.end(),
                [](const auto* a, const auto* b) { return a->first < b->first; });
        }
    } else {
        // In key order, each key belongs right after the previous one: the hint is then right and
        // the insertion takes constant time (std::map checks it, and searches when it is wrong).
        auto hint = t.map.end();
        const std::size_t n = t.pending.size();
        for (std::size_t at = 0; at < n; ++at) {
            // Copying the key and the pointer writes the reference counts of the key's text and of
            // the object, each in a cache line of its own: ask for them ahead, as sortByKey does.
            if (at + 16 < n)
                prefetch(t.pending[at + 16]);
            if (at + 8 < n) {
                const auto* ahead = t.pending[at + 8];
                prefetch(const_cast<QString&>(ahead->first).data_ptr().d_ptr());
                prefetch(reinterpret_cast<const char*>(ahead->second.ptr.get()) - 8); // make_shared's counts
            }
            auto* entry = t.pending[at];
            auto it = t.map.emplace_hint(hint, entry->first, entry->second.ptr);
            entry->second.it = it;
            entry->second.pendingPos = Entry<T>::kListed;
            hint = std::next(it);
        }
    }
    t.pending.clear();
    t.pendingFirst.clear();
}

template<class T> void ObjectStore::unlist(Table<T>& t, const typename Index<T>::value_type* entry)
{
    auto& nodes = t.listing.m_nodes;
    const std::size_t at = t.listing.lowerBound(entry->first);
    Q_ASSERT(at < nodes.size() && nodes[at] == entry);
    if (at < nodes.size() && nodes[at] == entry) {
        nodes[at] = nullptr;
        ++t.listing.m_holes;
    }
}

template<class T> void ObjectStore::reindex(Table<T>& t)
{
    t.index.clear();
    t.pending.clear();
    t.pendingFirst.clear();
    t.suffixBound = 0;
    t.index.reserve(t.map.size());
    if constexpr (kFlatListed<T>) {
        // The map is the snapshot's copy, in key order: the listing takes the new entries in
        // that order, and the map is not kept.
        t.listing.m_nodes.clear();
        t.listing.m_holes = 0;
        t.listing.m_nodes.reserve(t.map.size());
        for (const auto& [key, ptr] : t.map) {
            auto* entry = t.index.tryEmplace(key).first;
            entry->second = Entry<T> {ptr, {}, Entry<T>::kListed};
            noteKey(t, key);
            t.listing.m_nodes.push_back(entry);
        }
        t.map.clear();
    } else {
        for (auto it = t.map.begin(); it != t.map.end(); ++it) {
            t.index.tryEmplace(it->first).first->second = Entry<T> {it->second, it, Entry<T>::kListed};
            noteKey(t, it->first);
        }
    }
}

namespace {
template<class T> constexpr bool hasGeneration = T::kind == Kind::Deployment || T::kind == Kind::ReplicaSet;
}

template<class T>
requires(!std::is_reference_v<T>) std::shared_ptr<const T> ObjectStore::create(
    T&& obj, QStringView name, std::optional<quint64> nameSuffix, Rng* uids)
{
    Q_ASSERT(obj.metadata.name.isEmpty() || QStringView(obj.metadata.name) == name);
    Table<T>& t = tableFor<T>();
    if (obj.metadata.namespace_.isEmpty())
        obj.metadata.namespace_ = QStringLiteral("default");
    // One block holds the key, the uid and the resourceVersion, each followed by a '\0':
    // "<ns>/<name>\0<uid>\0<rv>", and the name is the key's tail: one allocation for the four
    // texts of a new object. The uid and the resourceVersion are written once the name is known
    // to be free (a taken name draws no uid).
    char16_t rvBuffer[20];
    const qsizetype rvLength = numberDigits(m_resourceVersion + 1, 10, rvBuffer).size();
    const qsizetype extra = Rng::kUidLength + 1 + rvLength;
    const QStringView ns = obj.metadata.namespace_;
    QString key;
    if (name.isEmpty() && !obj.metadata.generateName.isEmpty()) {
        // apiserver names.SimpleNameGenerator: base truncated to 58 characters + 5 random ones.
        const QStringView base = QStringView(obj.metadata.generateName).left(58);
        do {
            key = keyBlock({ns, u"/", base, m_rng.podSuffix()}, extra);
        } while (t.index.contains(key));
        obj.metadata.name = keyTail(key, key.size() - ns.size() - 1);
    } else {
        key = keyBlock({ns, u"/", name}, extra);
        if (!name.isEmpty())
            obj.metadata.name = keyTail(key, name.size()); // the caller's text goes
    }
    typename Index<T>::value_type* entry = nullptr;
    std::optional<quint64> suffix;
    if constexpr (T::kind == Kind::Event) {
        Q_ASSERT(!nameSuffix || nameSuffix == keySuffix(key));
        suffix = nameSuffix ? nameSuffix : keySuffix(key);
    }
    if (suffix && *suffix >= t.suffixBound && *suffix != ~quint64(0)) {
        // An Event named after a later time than every stored one (the recorder's names grow
        // with the clock): it is new, and the index writes its slot with a batch of others.
        entry = t.index.emplaceAbsent(key);
        t.suffixBound = *suffix + 1;
    } else {
        // One probe of the index for the existence check and the insertion alike.
        auto [found, fresh] = t.index.tryEmplace(key);
        if (!fresh)
            return nullptr;
        entry = found;
        noteKey(t, key);
    }
    // The block's own memory after the key, which no text refers to yet.
    char16_t* after = const_cast<char16_t*>(reinterpret_cast<const char16_t*>(key.utf16())) + key.size() + 1;
    (uids ? *uids : m_rng).uidInto(after);
    after[Rng::kUidLength] = u'\0';
    const QStringView rv = numberDigits(++m_resourceVersion, 10, rvBuffer);
    Q_ASSERT(rv.size() == rvLength);
    std::copy(rv.utf16(), rv.utf16() + rv.size(), after + Rng::kUidLength + 1); // the block's end, and its '\0', follow
    obj.metadata.uid = viewOf(key, key.size() + 1, Rng::kUidLength);
    obj.metadata.resourceVersion = viewOf(key, key.size() + 1 + Rng::kUidLength + 1, rvLength);
    obj.metadata.creationTimestamp = apiNow();
    if constexpr (hasGeneration<T>)
        obj.metadata.generation = 1;
    auto ptr = std::make_shared<const T>(std::move(obj));
    entry->second.ptr = ptr;
    list(t, entry);
    emitChange(WatchType::Added, ptr, entry->second.attached, entry);
    return ptr;
}

template<class T>
typename ObjectStore::Index<T>::value_type* ObjectStore::entryAt(EntryHandle at, const QString& ns, const QString& name)
{
    if (!at.entry || at.kind != T::kind || at.epoch != m_epoch)
        return tableFor<T>().index.find(ns, u'/', name);
    auto* entry = static_cast<typename Index<T>::value_type*>(at.entry);
    Q_ASSERT(isJoinedKey(entry->first, ns, u'/', name));
    return entry;
}

template<class T>
requires(!std::is_reference_v<T>) std::shared_ptr<const T> ObjectStore::update(T&& obj, EntryHandle at)
{
    auto* entry = entryAt<T>(at, obj.metadata.namespace_, obj.metadata.name);
    if (!entry)
        return nullptr;
    obj.metadata.resourceVersion = nextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(obj));
    entry->second.ptr = ptr;
    if constexpr (!kFlatListed<T>) {
        if (entry->second.listed())
            entry->second.it->second = ptr; // (a listing reads the entry itself)
    }
    emitChange(WatchType::Modified, ptr, entry->second.attached, entry);
    return ptr;
}

template<class T> std::shared_ptr<const T> ObjectStore::remove(EntryHandle at, const QString& ns, const QString& name)
{
    auto* entry = entryAt<T>(at, ns, name);
    if (!entry)
        return nullptr;
    Table<T>& t = tableFor<T>();
    if (entry->second.listed()) {
        if constexpr (kFlatListed<T>)
            unlist(t, entry);
        else
            t.map.erase(entry->second.it);
    } else { // `pending` must not keep a pointer to the erased entry: swap-remove it
        const std::size_t pos = entry->second.pendingPos;
        t.pending[pos] = t.pending.back();
        t.pending[pos]->second.pendingPos = pos;
        t.pending.pop_back();
    }
    auto ptr = std::move(entry->second.ptr);
    void* attached[kAttachments];
    std::copy(std::begin(entry->second.attached), std::end(entry->second.attached), attached);
    t.index.erase(entry);
    // A DELETED watch event carries the last state with a fresh resourceVersion.
    std::shared_ptr<T> last = std::make_shared<T>(*ptr); // copied once, into its block
    last->metadata.resourceVersion = nextResourceVersion();
    std::shared_ptr<const T> lastPtr = std::move(last);
    emitChange(WatchType::Deleted, lastPtr, attached, nullptr);
    return lastPtr;
}

template<class T> std::shared_ptr<const T> ObjectStore::load(T obj)
{
    if (obj.metadata.namespace_.isEmpty())
        obj.metadata.namespace_ = QStringLiteral("default");
    const QString key = objectKey(obj.metadata.namespace_, obj.metadata.name);
    const bool existed = tableFor<T>().index.contains(key);
    if (obj.metadata.uid.isEmpty())
        obj.metadata.uid = m_rng.uid();
    if (obj.metadata.creationTimestamp == kNoTime)
        obj.metadata.creationTimestamp = apiNow();
    bool ok = false;
    const quint64 rv = obj.metadata.resourceVersion.toULongLong(&ok);
    if (ok && rv > m_resourceVersion)
        m_resourceVersion = rv;
    else
        obj.metadata.resourceVersion = nextResourceVersion();
    auto ptr = std::make_shared<const T>(std::move(obj));
    auto* entry = put<T>(key, ptr);
    emitChange(existed ? WatchType::Modified : WatchType::Added, ptr, entry->second.attached, entry);
    return ptr;
}

template void ObjectStore::listPending(Table<Event>&);
template void ObjectStore::listPending(Table<Pod>&);

#define RL_INSTANTIATE(T)                                                                                              \
    template std::shared_ptr<const T> ObjectStore::create(T&&, QStringView, std::optional<quint64>, Rng*);             \
    template std::shared_ptr<const T> ObjectStore::update(T&&, EntryHandle);                                           \
    template std::shared_ptr<const T> ObjectStore::remove<T>(EntryHandle, const QString&, const QString&);             \
    template std::shared_ptr<const T> ObjectStore::load(T);
RL_INSTANTIATE(Deployment)
RL_INSTANTIATE(ReplicaSet)
RL_INSTANTIATE(Pod)
RL_INSTANTIATE(Service)
RL_INSTANTIATE(Event)
RL_INSTANTIATE(Endpoints)
#undef RL_INSTANTIATE

int ObjectStore::addListener(Listener l, KindMask kinds)
{
    const int id = m_nextListener++;
    m_listeners.push_back({id, kinds, std::make_unique<Listener>(std::move(l))});
    m_heardKinds |= kinds;
    ++m_listenerEdits;
    return id;
}

void ObjectStore::removeListener(int id)
{
    auto it = std::find_if(m_listeners.begin(), m_listeners.end(), [id](const Watcher& w) { return w.id == id; });
    if (it == m_listeners.end())
        return;
    // A listener may remove itself (or one that called it): it lives until the dispatch ends.
    if (m_dispatching > 0)
        m_retired.push_back(std::move(it->listener));
    m_listeners.erase(it);
    m_heardKinds = 0;
    for (const Watcher& w : m_listeners)
        m_heardKinds |= w.kinds;
    ++m_listenerEdits;
}

int ObjectStore::reserveAttachment()
{
    for (int slot = 0; slot < kAttachments; ++slot) {
        if (!(m_attachmentsTaken & (1u << slot))) {
            m_attachmentsTaken |= 1u << slot;
            return slot;
        }
    }
    return -1;
}

void ObjectStore::releaseAttachment(int slot)
{
    if (slot < 0 || slot >= kAttachments)
        return;
    clearAttachment(slot);
    m_attachmentsTaken &= ~(1u << slot);
}

void ObjectStore::clearAttachment(int slot)
{
    if (slot < 0 || slot >= kAttachments)
        return;
    auto clear = [slot](auto& table) {
        table.index.forEach([slot](const QString&, auto& entry) { entry.attached[slot] = nullptr; });
    };
    clear(m_deployments);
    clear(m_replicaSets);
    clear(m_pods);
    clear(m_services);
    clear(m_events);
    clear(m_endpoints);
}

void ObjectStore::dispatchChange(WatchType type, Kind kind, ObjectPtr obj, void** attached, void* entry)
{
    WatchEvent ev {m_queue.now(), type, kind, std::move(obj)};
    // History first, so that a listener writing to the store synchronously is recorded after us.
    if (m_historyEnabled)
        m_history.push_back(ev);
    // Listeners should schedule work rather than write. Listeners added during the dispatch are
    // not called for this change, removed ones are not called any more: walk the ids in order up
    // to the first id not given out before, and find the next one after a call only if that call
    // added or removed a listener.
    const int end = m_nextListener;
    const KindMask bit = kindBit(kind);
    struct Dispatch // counts this dispatch while it runs, however it ends; nests
    {
        ObjectStore& store;
        void** outer;
        EntryHandle outerEntry;
        Dispatch(ObjectStore& s, void** attached, EntryHandle entry)
            : store(s)
            , outer(s.m_dispatched)
            , outerEntry(s.m_dispatchedEntry)
        {
            ++store.m_dispatching;
            store.m_dispatched = attached;
            store.m_dispatchedEntry = entry;
        }
        ~Dispatch()
        {
            store.m_dispatched = outer;
            store.m_dispatchedEntry = outerEntry;
            if (--store.m_dispatching == 0)
                store.m_retired.clear();
        }
    } dispatch(*this, attached, EntryHandle {entry, kind, m_epoch});
    for (std::size_t i = 0; i < m_listeners.size() && m_listeners[i].id < end;) {
        const Watcher& w = m_listeners[i];
        if (!(w.kinds & bit)) {
            ++i;
            continue;
        }
        const int id = w.id;
        const quint64 edits = m_listenerEdits;
        (*w.listener)(ev); // `w` may move while this runs (the vector changes); the listener does not
        if (edits == m_listenerEdits) {
            ++i;
            continue;
        }
        i = std::size_t(std::upper_bound(m_listeners.begin(), m_listeners.end(), id, [](int v, const Watcher& x) {
            return v < x.id;
        }) - m_listeners.begin());
    }
}

ObjectStore::Snapshot ObjectStore::snapshot() const
{
    return {all<Deployment>(), all<ReplicaSet>(), all<Pod>(), all<Service>(), all<Event>().toMap(), all<Endpoints>(),
        m_resourceVersion, m_history.size()};
}

void ObjectStore::restore(const Snapshot& s)
{
    m_deployments.map = s.deployments;
    m_replicaSets.map = s.replicaSets;
    m_pods.map = s.pods;
    m_services.map = s.services;
    m_events.map = s.events;
    m_endpoints.map = s.endpoints;
    reindex(m_deployments);
    reindex(m_replicaSets);
    reindex(m_pods);
    reindex(m_services);
    reindex(m_events);
    reindex(m_endpoints);
    m_resourceVersion = s.resourceVersion;
    ++m_epoch; // every entry is new: handles on the old ones are stale
    if (m_history.size() > s.historySize)
        m_history.resize(s.historySize);
}

} // namespace rl
