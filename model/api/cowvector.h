#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace rl {

/// A std::vector with value semantics whose copies share one buffer until one of them is changed
/// (copy-on-write, as Qt's implicitly shared containers, but with std::vector's interface and
/// unsigned sizes). API objects are copied for every write to the store (a Pod gets a new version
/// for each status change) and every version stays in the history; the containers of a pod's
/// spec do not change after creation, so with this they are held once instead of once per version.
///
/// As with QList: non-const access (operator[], begin(), push_back...) detaches when the buffer
/// is shared, so read through const references; and a reference or iterator obtained for writing
/// must not be used after the vector has been copied.
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
        : m_d(init.size() ? std::make_shared<Vector>(init) : nullptr)
    { }
    CowVector(Vector v) // NOLINT(google-explicit-constructor): a vector converts as it would assign
        : m_d(v.empty() ? nullptr : std::make_shared<Vector>(std::move(v)))
    { }
    template<class It>
    CowVector(It first, It last)
        : CowVector(Vector(first, last))
    { }

    /// The elements as a std::vector (no copy).
    const Vector& vector() const { return m_d ? *m_d : empty_(); }
    operator const Vector&() const { return vector(); } // NOLINT(google-explicit-constructor)

    size_type size() const { return m_d ? m_d->size() : 0; }
    bool empty() const { return size() == 0; }
    const T* data() const { return vector().data(); }

    const T& operator[](size_type i) const { return (*m_d)[i]; }
    T& operator[](size_type i) { return mut()[i]; }
    const T& at(size_type i) const { return vector().at(i); }
    T& at(size_type i) { return mut().at(i); }
    const T& front() const { return m_d->front(); }
    T& front() { return mut().front(); }
    const T& back() const { return m_d->back(); }
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
    Vector& mut()
    {
        if (!m_d)
            m_d = std::make_shared<Vector>();
        else if (m_d.use_count() > 1)
            m_d = std::make_shared<Vector>(*m_d);
        return *m_d;
    }

    std::shared_ptr<Vector> m_d;
};

} // namespace rl
