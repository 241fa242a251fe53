#pragma once

#include <QString>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace rl {

/// Hash for QString keys (deterministic; only used where the iteration order of the container is
/// never observed): libstdc++'s murmur hash of the UTF-16 code units, which reads 8 bytes a step
/// where qHash(QString, 0) runs SipHash. For std::unordered_map it is deliberately not noexcept:
/// libstdc++ then stores each key's hash in its node, so a rehash or an erase does not hash the
/// string again and a lookup compares strings only on equal hashes.
struct QStringHash
{
    std::size_t operator()(const QString& s) const
    {
        return std::hash<std::u16string_view> {}(std::u16string_view(QStringView(s).utf16(), std::size_t(s.size())));
    }
};

/// The hash of KeyIndex: of a string's UTF-16 code units, read 4 at a time (one 64-bit word a
/// step) and taken in parts as well as whole: hashing "default", '/' and "kiada-x" gives what
/// hashing "default/kiada-x" gives, so that an index keyed by objectKey(ns, name) can be searched
/// without building that string.
class KeyHash
{
public:
    KeyHash& add(QStringView s)
    {
        const char16_t* u = s.utf16();
        const std::size_t n = std::size_t(s.size());
        std::size_t i = 0;
        m_length += n;
        while (m_fill != 0 && i < n)
            push(u[i++]);
        for (; i + 4 <= n; i += 4) {
            quint64 w;
            std::memcpy(&w, u + i, sizeof w); // units 0-3 from the low bits up, as push() places them
            mix(w);
        }
        while (i < n)
            push(u[i++]);
        return *this;
    }
    KeyHash& add(char16_t unit)
    {
        ++m_length;
        push(unit);
        return *this;
    }
    std::size_t result() const { return finish(m_h, m_word, m_fill, m_length); }
    /// KeyHash().add(s).result(), with its state in registers.
    static std::size_t of(QStringView s)
    {
        const char16_t* u = s.utf16();
        const std::size_t n = std::size_t(s.size());
        quint64 h = kSeed;
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) {
            quint64 w;
            std::memcpy(&w, u + i, sizeof w);
            h = step(h, w);
        }
        quint64 word = 0;
        int fill = 0;
        for (; i < n; ++i, ++fill)
            word |= quint64(u[i]) << (16 * fill);
        return finish(h, word, fill, n);
    }

private:
    static constexpr quint64 kSeed = 0x243f6a8885a308d3ULL;
    static std::size_t finish(quint64 h, quint64 word, int fill, quint64 length)
    {
        if (fill != 0)
            h = step(h, word);
        h ^= length;
        // MurmurHash3's finaliser: every bit of h reaches the low bits that pick the slot.
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
        return std::size_t(h);
    }
    static quint64 step(quint64 h, quint64 w) { return (((h << 23) | (h >> 41)) ^ w) * 0x9e3779b97f4a7c15ULL; }
    void push(char16_t unit)
    {
        m_word |= quint64(unit) << (16 * m_fill);
        if (++m_fill == 4)
            mix(m_word);
    }
    void mix(quint64 w)
    {
        m_h = step(m_h, w);
        m_word = 0;
        m_fill = 0;
    }

    quint64 m_h = kSeed;
    quint64 m_word = 0; // up to 3 code units not mixed in yet
    int m_fill = 0;
    quint64 m_length = 0;
};

/// Whether `key` is a + sep + b (objectKey(ns, name) is ns, '/', name), without building it.
inline bool isJoinedKey(QStringView key, QStringView a, char16_t sep, QStringView b)
{
    return key.size() == a.size() + 1 + b.size() && key.at(a.size()).unicode() == sep && key.left(a.size()) == a
        && key.mid(a.size() + 1) == b;
}

/// Whether `a` and `b` are the very same characters in memory (one text and its copies), not only
/// equal ones: a check without reading the text, for a caller that is handed the same text again
/// and again and tells a new one by a full comparison only when this fails.
inline bool isSameText(QStringView a, QStringView b)
{
    return a.data() == b.data() && a.size() == b.size();
}

/// A hash index from QString keys to values, for the object store's hundreds of thousands of
/// pods and million Events. Open addressing over a power-of-two array of (hash, node) slots with
/// linear probing: a lookup reads one slot line and, only where the stored hash matches, the node
/// and its key, where std::unordered_map reads its bucket, the node before the bucket's first
/// one, each node of the chain and takes a division for the bucket. The elements live in nodes of
/// their own, so a pointer to one stays valid until it is erased, also across growth.
///
/// emplaceAbsent() inserts a key that the caller knows is absent without touching its slot: the
/// slots of up to kDeferred such keys are written together by the next operation on the index,
/// which asks for their lines ahead so that the cache misses (with a million keys, one per
/// insertion, a TLB miss included) overlap instead of following one another.
template<class V> class KeyIndex
{
public:
    using value_type = std::pair<const QString, V>;

    KeyIndex() = default;
    /// A deep copy: the same keys and values in nodes of its own (pointers into `other` do not
    /// carry over).
    KeyIndex(const KeyIndex& other)
        : m_slots((other.flush(), other.m_slots))
        , m_mask(other.m_mask)
        , m_size(other.m_size)
    {
        for (Slot& s : m_slots) {
            if (s.node)
                s.node = new value_type(*s.node);
        }
    }
    KeyIndex& operator=(const KeyIndex& other)
    {
        if (this != &other) {
            KeyIndex copy(other);
            swap(copy);
        }
        return *this;
    }
    KeyIndex(KeyIndex&& other) noexcept { swap(other); }
    KeyIndex& operator=(KeyIndex&& other) noexcept
    {
        swap(other);
        return *this;
    }
    ~KeyIndex() { clear(); }
    void swap(KeyIndex& other) noexcept
    {
        m_slots.swap(other.m_slots);
        m_deferred.swap(other.m_deferred);
        std::swap(m_mask, other.m_mask);
        std::swap(m_size, other.m_size);
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    bool contains(const QString& key) const { return find(key) != nullptr; }

    value_type* find(const QString& key) const
    {
        if (m_size == 0)
            return nullptr;
        flush();
        const std::size_t h = hash(key);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (!s.node)
                return nullptr;
            if (s.hash == h && s.node->first == key)
                return s.node;
        }
    }

    /// find() of the key a + sep + b, without building it (objectKey(ns, name): ns, '/', name).
    value_type* find(QStringView a, char16_t sep, QStringView b) const
    {
        if (m_size == 0)
            return nullptr;
        flush();
        const std::size_t h = hash(a, sep, b);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (!s.node)
                return nullptr;
            if (s.hash == h && isJoinedKey(s.node->first, a, sep, b))
                return s.node;
        }
    }

    /// Asks for the memory that find(a, sep, b) reads, one step a call, for a caller that knows
    /// its keys a few lookups ahead: stage 0 the key's slot; stage 1 (its slot read in by now)
    /// the element there; stage 2 (the element read in too) returns the element whose hash and
    /// key length match, or nullptr, so that the caller can ask for what it holds. Never
    /// changes the index (a key whose slot is not written yet is not found).
    const value_type* prefetch(QStringView a, char16_t sep, QStringView b, int stage) const
    {
        if (m_slots.empty())
            return nullptr;
        const std::size_t h = hash(a, sep, b);
        const Slot* s = &m_slots[h & m_mask];
        if (stage == 0) {
            __builtin_prefetch(s);
            return nullptr;
        }
        for (; s->node; s = &m_slots[std::size_t(s - m_slots.data() + 1) & m_mask]) {
            if (s->hash != h)
                continue;
            if (stage == 1) {
                __builtin_prefetch(s->node);
                return nullptr;
            }
            const QString& key = s->node->first;
            __builtin_prefetch(key.constData());
            return key.size() == a.size() + 1 + b.size() ? s->node : nullptr;
        }
        return nullptr;
    }

    /// The element of `key`, inserted with a value-initialised V if there was none; second:
    /// whether it was inserted.
    std::pair<value_type*, bool> tryEmplace(const QString& key)
    {
        flush();
        if ((m_size + 1) * 2 > m_slots.size())
            rehash(m_slots.empty() ? 16 : m_slots.size() * 2);
        const std::size_t h = hash(key);
        std::size_t i = h & m_mask;
        for (;; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (!s.node)
                break;
            if (s.hash == h && s.node->first == key)
                return {s.node, false};
        }
        value_type* node = new value_type(key, V {});
        m_slots[i] = {h, node};
        ++m_size;
        return {node, true};
    }

    /// Inserts `key`, which must not be in the index, with a value-initialised V. Its slot is
    /// written later (see the class comment); the element is there for every use meanwhile.
    value_type* emplaceAbsent(const QString& key)
    {
        value_type* node = new value_type(key, V {});
        m_deferred.push_back({hash(key), node});
        ++m_size;
        if (m_deferred.size() >= kDeferred)
            flush();
        return node;
    }

    /// Erases an element that find(), tryEmplace() or emplaceAbsent() returned.
    void erase(value_type* element)
    {
        flush();
        const std::size_t h = hash(element->first);
        std::size_t i = h & m_mask;
        while (m_slots[i].node != element)
            i = (i + 1) & m_mask;
        delete element;
        --m_size;
        // Backward-shift deletion: move later entries of the run into the hole unless their home
        // lies cyclically in (hole, their slot], so every probe sequence stays unbroken.
        std::size_t hole = i;
        for (std::size_t next = (i + 1) & m_mask; m_slots[next].node; next = (next + 1) & m_mask) {
            const std::size_t home = m_slots[next].hash & m_mask;
            const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (!stays) {
                m_slots[hole] = m_slots[next];
                hole = next;
            }
        }
        m_slots[hole] = Slot {};
    }

    void clear()
    {
        flush();
        for (Slot& s : m_slots)
            delete s.node;
        m_slots.clear();
        m_mask = 0;
        m_size = 0;
    }

    void reserve(std::size_t n)
    {
        std::size_t want = 16;
        while (want < 2 * n)
            want *= 2;
        if (want > m_slots.size()) {
            flush();
            rehash(want);
        }
    }

    /// Calls f(key, value) for every element, in no particular order.
    template<class F> void forEach(F&& f) const
    {
        flush();
        for (const Slot& s : m_slots) {
            if (s.node)
                f(s.node->first, std::as_const(s.node->second));
        }
    }
    template<class F> void forEach(F&& f)
    {
        flush();
        for (const Slot& s : m_slots) {
            if (s.node)
                f(s.node->first, s.node->second);
        }
    }

private:
    struct Slot
    {
        std::size_t hash = 0;
        value_type* node = nullptr; // nullptr: empty
    };

    static constexpr std::size_t kDeferred = 64; // slots emplaceAbsent() leaves for flush()
    static constexpr std::size_t kAhead = 16; // how many slots flush() and rehash() ask for ahead

    static std::size_t hash(const QString& key) { return KeyHash::of(key); }
    /// hash() of the key a + sep + b, without building it.
    static std::size_t hash(QStringView a, char16_t sep, QStringView b)
    {
        return KeyHash().add(a).add(sep).add(b).result();
    }

    // Writes `s` into the first free slot of its probe sequence (growth is the caller's).
    void place(const Slot& s)
    {
        std::size_t i = s.hash & m_mask;
        while (m_slots[i].node)
            i = (i + 1) & m_mask;
        m_slots[i] = s;
    }

    // Writes the deferred slots. Const because find() calls it: it changes where elements are
    // found, not which are found.
    void flush() const
    {
        if (!m_deferred.empty())
            const_cast<KeyIndex*>(this)->writeDeferred();
    }
    void writeDeferred()
    {
        if (m_size * 2 > m_slots.size()) {
            std::size_t want = m_slots.empty() ? 16 : m_slots.size();
            while (m_size * 2 > want)
                want *= 2;
            rehash(want);
        }
        const std::size_t n = m_deferred.size();
        for (std::size_t at = 0; at < n; ++at) {
            if (at + kAhead < n)
                __builtin_prefetch(&m_slots[m_deferred[at + kAhead].hash & m_mask], 1);
            place(m_deferred[at]);
        }
        m_deferred.clear();
    }

    void rehash(std::size_t slotCount)
    {
        std::vector<Slot> old(slotCount);
        old.swap(m_slots);
        m_mask = slotCount - 1;
        // The stored hashes place the nodes without reading them. The old slots are read in
        // order; the new ones they land in are scattered: ask for them ahead.
        const std::size_t n = old.size();
        for (std::size_t at = 0; at < n; ++at) {
            if (at + kAhead < n && old[at + kAhead].node)
                __builtin_prefetch(&m_slots[old[at + kAhead].hash & m_mask], 1);
            if (old[at].node)
                place(old[at]);
        }
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0; // elements, the deferred ones included
    std::vector<Slot> m_deferred; // emplaceAbsent()'s, their slots not written yet
};

} // namespace rl
