#pragma once

#include <memory>
#include <utility>

namespace rl {

/// An immutable value held in one shared block: copies share it, and == compares the values. For
/// a part of an API object that many objects repeat word for word: an Event's involvedObject (the
/// kubelet's Events about one pod all name that pod, seven strings each), held once per pod
/// instead of once per Event. Read it through -> or as a const T&; to change it, assign a new one.
template<class T> class Shared
{
public:
    Shared()
        : m_p(empty_())
    { }
    Shared(T value) // NOLINT(google-explicit-constructor): a value converts as it would assign
        : m_p(std::make_shared<const T>(std::move(value)))
    { }

    const T& get() const { return *m_p; }
    const T& operator*() const { return *m_p; }
    const T* operator->() const { return m_p.get(); }
    operator const T&() const { return *m_p; } // NOLINT(google-explicit-constructor)

    bool operator==(const Shared& other) const { return m_p == other.m_p || *m_p == *other.m_p; }

private:
    static const std::shared_ptr<const T>& empty_()
    {
        static const std::shared_ptr<const T> empty = std::make_shared<const T>();
        return empty;
    }

    std::shared_ptr<const T> m_p; // never null
};

} // namespace rl
