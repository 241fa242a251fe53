#pragma once

#include "sim/numbertext.h"

#include <QString>
#include <QtGlobal>

namespace rl {

/// Deterministic random numbers for the simulation (splitmix64). Same seed, same sequence,
/// on every platform and standard library — nothing here depends on std distributions.
class Rng
{
public:
    explicit Rng(quint64 seed = 1)
        : m_state(seed)
    { }
    void seed(quint64 s) { m_state = s; }
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform integer in [0, n).
    quint64 below(quint64 n) { return n == 0 ? 0 : next() % n; }
    /// Uniform integer in [lo, hi].
    qint64 between(qint64 lo, qint64 hi) { return hi <= lo ? lo : lo + qint64(below(quint64(hi - lo + 1))); }
    /// Uniform real in [0, 1).
    double unit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }

    /// A number for a choice that must not advance the generator (so that it moves no later pod
    /// name): the next draw, as it would come, mixed with an FNV-1a hash of `key`.
    quint64 peekFor(QStringView key) const
    {
        Rng copy = *this;
        quint64 h = 0xcbf29ce484222325ULL;
        for (const QChar c : key)
            h = (h ^ c.unicode()) * 0x100000001b3ULL;
        return copy.next() ^ h;
    }
    /// Five characters from apimachinery's rand alphabet, as the API server appends to generateName.
    QString podSuffix()
    {
        static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
        QString s(5, Qt::Uninitialized); // written in place: this runs once per pod created
        QChar* out = s.data();
        for (int i = 0; i < 5; ++i)
            out[i] = QLatin1Char(alphabet[below(27)]);
        return s;
    }
    /// A UUID-shaped identifier (8-4-4-4-12 hex), version 4 layout.
    QString uid()
    {
        QString s(kUidLength, Qt::Uninitialized);
        uidInto(reinterpret_cast<char16_t*>(s.data()));
        return s;
    }
    static constexpr int kUidLength = 36;
    /// uid() written to `out` (kUidLength units; the store writes it into the block of the key).
    void uidInto(char16_t* out)
    {
        const quint64 a = next(), b = next();
        // Lower-case hex, zero-padded to each group's width (written in place: this runs once per
        // object created, Events included).
        int pos = 0;
        auto hex = [&](quint64 v, int digits) {
            writeHexDigits(v, digits, out + pos);
            pos += digits;
        };
        auto dash = [&] { out[pos++] = u'-'; };
        hex(a >> 32, 8);
        dash();
        hex((a >> 16) & 0xffff, 4);
        dash();
        hex(0x4000 | (a & 0x0fff), 4);
        dash();
        hex(0x8000 | ((b >> 48) & 0x3fff), 4);
        dash();
        hex(b & 0xffffffffffffULL, 12);
    }

private:
    quint64 m_state;
};

} // namespace rl
