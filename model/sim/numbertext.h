#pragma once

#include <QString>

#include <array>
#include <cstddef>

namespace rl {

/// Two digits a step: the lower-case hex digits of each byte value (kHexPairs[2 * b], then
/// kHexPairs[2 * b + 1]), and the decimal digits of 0-99 (kDecimalPairs, alike).
inline constexpr std::array<char16_t, 512> kHexPairs = [] {
    std::array<char16_t, 512> t {};
    constexpr char digits[] = "0123456789abcdef";
    for (std::size_t b = 0; b < 256; ++b) {
        t[2 * b] = char16_t(digits[b >> 4]);
        t[2 * b + 1] = char16_t(digits[b & 0xf]);
    }
    return t;
}();
inline constexpr std::array<char16_t, 200> kDecimalPairs = [] {
    std::array<char16_t, 200> t {};
    for (std::size_t n = 0; n < 100; ++n) {
        t[2 * n] = char16_t(u'0' + n / 10);
        t[2 * n + 1] = char16_t(u'0' + n % 10);
    }
    return t;
}();

/// The low `digits` hex digits of `v` (an even number, at most 16), zero-padded, lower case,
/// written to out[0, digits): two a step.
inline void writeHexDigits(quint64 v, int digits, char16_t* out)
{
    for (int i = digits - 2; i >= 0; i -= 2, v >>= 8) {
        out[i] = kHexPairs[2 * (v & 0xff)];
        out[i + 1] = kHexPairs[2 * (v & 0xff) + 1];
    }
}

/// The digits of `v` in base 10 or 16 (lower case), written at the end of `buf`: a view of them.
inline QStringView numberDigits(quint64 v, int base, char16_t (&buf)[20])
{
    char16_t* end = buf + 20; // 2^64 - 1 has 20 decimal digits
    char16_t* p = end;
    // Two digits a step from a table, with constant divisors: a division by a run-time `base` is
    // a 64-bit `div`, tens of cycles for each digit, where these are a multiplication and a shift.
    if (base == 16) {
        for (; v >= 0x100; v >>= 8) {
            p -= 2;
            p[0] = kHexPairs[2 * (v & 0xff)];
            p[1] = kHexPairs[2 * (v & 0xff) + 1];
        }
        if (v >= 0x10) {
            p -= 2;
            p[0] = kHexPairs[2 * v];
            p[1] = kHexPairs[2 * v + 1];
        } else {
            *--p = kHexPairs[2 * v + 1];
        }
    } else {
        Q_ASSERT(base == 10);
        for (; v >= 100; v /= 100) {
            p -= 2;
            p[0] = kDecimalPairs[2 * (v % 100)];
            p[1] = kDecimalPairs[2 * (v % 100) + 1];
        }
        if (v >= 10) {
            p -= 2;
            p[0] = kDecimalPairs[2 * v];
            p[1] = kDecimalPairs[2 * v + 1];
        } else {
            *--p = char16_t(u'0' + v);
        }
    }
    return QStringView(p, end - p);
}

/// The digits of `v` in base 10 or 16 (lower case), exactly as QString::number(v, base) writes
/// them. QString::number goes through QLocale's formatting, which costs ten times as much; the
/// store numbers every write (resourceVersion) and the event recorder names every Event with it.
inline QString numberText(quint64 v, int base = 10)
{
    char16_t buf[20];
    return numberDigits(v, base, buf).toString();
}

} // namespace rl
