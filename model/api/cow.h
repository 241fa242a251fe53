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
        : m_d(detail::CowPtr<T>::make(std::move(value)))
    { }
    void swap(Cow& other) noexcept { m_d.swap(other.m_d); }

    const T& get() const { return m_d.get() ? *m_d.get() : empty_(); }
    const T& operator*() const { return get(); }
    const T* operator->() const { return &get(); }
    operator const T&() const { return get(); } // NOLINT(google-explicit-constructor)

    /// The value, to change: its own block from now on.
    T& edit() { return m_d.detach(); }
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
    detail::CowPtr<T> m_d;
};

} // namespace rl
