#pragma once

#include <cstddef>
#include <initializer_list>
#include <utility>
#include <vector>

#if defined(__GLIBCXX__)
#include <ext/atomicity.h>
#else
#include <atomic>
#endif

namespace rl {

namespace detail {
/// The reference count of a copy-on-write block (CowVector, Cow): atomic once the process has a
/// second thread, as std::shared_ptr's is (libstdc++'s dispatch).
struct CowCount
{
#if defined(__GLIBCXX__)
    void ref()
    {
        __gnu_cxx::__atomic_add_dispatch(&count, 1);
    }
    // True when this was the last reference.
    bool deref()
    {
        return __gnu_cxx::__exchange_and_add_dispatch(&count, -1) == 1;
    }
    bool shared() const
    {
        return __atomic_load_n(&count, __ATOMIC_ACQUIRE) > 1;
    }
    _Atomic_word count = 1;
#else
    void ref()
    {
        count.fetch_add(1, std::memory_order_relaxed);
    }
    bool deref()
    {
        return count.fetch_sub(1, std::memory_order_acq_rel) == 1;
    }
    bool shared() const
    {
        return count.load(std::memory_order_acquire) > 1;
    }
    std::atomic<int> count = 1;
#endif
};

/// The handle of a copy-on-write block holding a V (CowVector, Cow): copies share the block and
/// count it; detach() gives the block to change, a copy of it when it is shared.
template<class V> class CowPtr
{
public:
    CowPtr() = default;
    template<class... A> static CowPtr make(A&&... args)
    {
        CowPtr p;
        p.m_b = new Block(std::forward<A>(args)...);
        return p;
    }
    CowPtr(const CowPtr& other) noexcept
        : m_b(other.m_b)
    {
        if (m_b)
            m_b->ref();
    }
    CowPtr(CowPtr&& other) noexcept
        : m_b(std::exchange(other.m_b, nullptr))
    { }
    CowPtr& operator=(const CowPtr& other) noexcept
    {
        CowPtr(other).swap(*this);
        return *this;
    }
    CowPtr& operator=(CowPtr&& other) noexcept
    {
        CowPtr(std::move(other)).swap(*this);
        return *this;
    }
    ~CowPtr() { release(); }
    void swap(CowPtr& other) noexcept { std::swap(m_b, other.m_b); }

    /// The value, or null when there is no block.
    const V* get() const { return m_b ? &m_b->v : nullptr; }
    /// The value to change, in a block of its own (a new default one when there was none).
    V& detach()
    {
        if (!m_b) {
            m_b = new Block();
        } else if (m_b->shared()) {
            Block* copy = new Block(m_b->v);
            release();
            m_b = copy;
        }
        return m_b->v;
    }
    void reset()
    {
        release();
        m_b = nullptr;
    }
    bool operator==(const CowPtr& other) const { return m_b == other.m_b; }

private:
    void release()
    {
        if (m_b && m_b->deref())
            delete m_b;
    }
    struct Block : CowCount
    {
        template<class... A>
        explicit Block(A&&... args)
            : v(std::forward<A>(args)...)
        { }
        V v;
    };
    Block* m_b = nullptr;
};
} // namespace detail

/// A std::vector with value semantics whose copies share one buffer until one of them is changed
/// (copy-on-write, as Qt's implicitly shared containers, but with std::vector's interface and
/// unsigned sizes). API objects are copied for every write to the store (a Pod gets a new version
/// for each status change) and every version stays in the history; the containers of a pod's
/// spec are the same in every pod of one template, so with this they are held once per template
/// rather than once per pod.
///
/// As with QList: non-const access (operator[], begin(), push_back...) detaches when the buffer
/// is shared, so read through const references; and a reference or iterator obtained for writing
/// must not be used after the vector has been copied.
///
/// One pointer wide: the reference count lives in the shared block, which keeps a Pod (four of
/// these, and two more in its spec's block) and an Event in smaller allocation classes than a
/// std::shared_ptr, twice as wide, would. The count is atomic once the process has a second thread, as
/// std::shared_ptr's is (libstdc++'s dispatch).
template<class T> class CowVector
{
public:
    using Vector = std::vector<T>;
    using value_type = T;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using reference = T&;
    using const_reference = const T&;
    using iterator = typename Vector::iterator;
    using const_iterator = typename Vector::const_iterator;

    CowVector() = default;
    CowVector(std::initializer_list<T> init)
        : m_d(init.size() ? Ptr::make(init) : Ptr())
    { }
    CowVector(Vector v) // NOLINT(google-explicit-constructor): a vector converts as it would assign
        : m_d(v.empty() ? Ptr() : Ptr::make(std::move(v)))
    { }
    void swap(CowVector& other) noexcept { m_d.swap(other.m_d); }
    template<class It>
    CowVector(It first, It last)
        : CowVector(Vector(first, last))
    { }

    /// The elements as a std::vector (no copy).
    const Vector& vector() const { return m_d.get() ? *m_d.get() : empty_(); }
    operator const Vector&() const { return vector(); } // NOLINT(google-explicit-constructor)

    size_type size() const { return m_d.get() ? m_d.get()->size() : 0; }
    bool empty() const { return size() == 0; }
    const T* data() const { return vector().data(); }

    const T& operator[](size_type i) const { return (*m_d.get())[i]; }
    T& operator[](size_type i) { return mut()[i]; }
    const T& at(size_type i) const { return vector().at(i); }
    T& at(size_type i) { return mut().at(i); }
    const T& front() const { return m_d.get()->front(); }
    T& front() { return mut().front(); }
    const T& back() const { return m_d.get()->back(); }
    T& back() { return mut().back(); }

    const_iterator begin() const { return vector().begin(); }
    const_iterator end() const { return vector().end(); }
    const_iterator cbegin() const { return vector().begin(); }
    const_iterator cend() const { return vector().end(); }
    iterator begin() { return mut().begin(); }
    iterator end() { return mut().end(); }

    void push_back(const T& v) { mut().push_back(v); }
    void push_back(T&& v) { mut().push_back(std::move(v)); }
    template<class... A> T& emplace_back(A&&... args) { return mut().emplace_back(std::forward<A>(args)...); }
    void pop_back() { mut().pop_back(); }
    void reserve(size_type n) { mut().reserve(n); }
    void resize(size_type n) { mut().resize(n); }
    void clear() { m_d.reset(); }
    iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
    iterator erase(const_iterator first, const_iterator last)
    {
        // Positions, not iterators, survive the detach.
        const auto from = first - cbegin(), to = last - cbegin();
        Vector& v = mut();
        return v.erase(v.begin() + from, v.begin() + to);
    }
    iterator insert(const_iterator pos, T value)
    {
        const auto at = pos - cbegin();
        Vector& v = mut();
        return v.insert(v.begin() + at, std::move(value));
    }

    bool operator==(const CowVector& other) const { return m_d == other.m_d || vector() == other.vector(); }
    bool operator==(const Vector& other) const { return vector() == other; }

private:
    static const Vector& empty_()
    {
        static const Vector kEmpty;
        return kEmpty;
    }
    Vector& mut() { return m_d.detach(); }

    using Ptr = detail::CowPtr<Vector>;
    Ptr m_d;
};

} // namespace rl
