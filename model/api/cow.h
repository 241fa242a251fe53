#pragma once

#include "api/cowvector.h"

#include <utility>

namespace rl {

/// A value of T whose copies share one block until one of them is changed (copy-on-write), for
/// a part of an API object that its versions repeat word for word: a Pod's spec, which none of
/// the kubelet's status writes touches, is held once per pod instead of once per version (and a
/// copy of the Pod copies one pointer instead of a dozen reference-counted fields).
///
/// Read it through -> or * (or as a const T&); change it through edit(), which detaches when the
/// block is shared. As with CowVector, a reference obtained from edit() must not be used after
/// the value has been copied. One pointer wide; a default one holds T's default value.
template<class T> class Cow
{
public:
    Cow() = default;
    Cow(T value) // NOLINT(google-explicit-constructor): a value converts as it would assign
        : m_d(new Block(std::move(value)))
    { }
    Cow(const Cow& other) noexcept
        : m_d(other.m_d)
    {
        if (m_d)
            m_d->ref();
    }
    Cow(Cow&& other) noexcept
        : m_d(std::exchange(other.m_d, nullptr))
    { }
    Cow& operator=(const Cow& other) noexcept
    {
        Cow(other).swap(*this);
        return *this;
    }
    Cow& operator=(Cow&& other) noexcept
    {
        Cow(std::move(other)).swap(*this);
        return *this;
    }
    ~Cow() { release(); }
    void swap(Cow& other) noexcept { std::swap(m_d, other.m_d); }

    const T& get() const { return m_d ? m_d->v : empty_(); }
    const T& operator*() const { return get(); }
    const T* operator->() const { return &get(); }
    operator const T&() const { return get(); } // NOLINT(google-explicit-constructor)

    /// The value, to change: its own block from now on.
    T& edit()
    {
        if (!m_d) {
            m_d = new Block();
        } else if (m_d->shared()) {
            Block* copy = new Block(m_d->v);
            release();
            m_d = copy;
        }
        return m_d->v;
    }
    /// Whether the two share one block (then they are equal without a look at the values).
    bool isSharedWith(const Cow& other) const { return m_d == other.m_d; }

    bool operator==(const Cow& other) const { return m_d == other.m_d || get() == other.get(); }
    bool operator==(const T& other) const { return get() == other; }

private:
    static const T& empty_()
    {
        static const T kEmpty {};
        return kEmpty;
    }
    struct Block : detail::CowCount
    {
        template<class... A>
        explicit Block(A&&... args)
            : v(std::forward<A>(args)...)
        { }
        T v;
    };
    void release()
    {
        if (m_d && m_d->deref())
            delete m_d;
    }

    Block* m_d = nullptr;
};

} // namespace rl
