#pragma once

#include <QString>

namespace rl {

/// The digits of `v` in base 10 or 16 (lower case), written at the end of `buf`: a view of them.
inline QStringView numberDigits(quint64 v, int base, char16_t (&buf)[20])
{
    char16_t* end = buf + 20; // 2^64 - 1 has 20 decimal digits
    char16_t* p = end;
    // Two loops with constant divisors: a division by a run-time `base` is a 64-bit `div`, tens
    // of cycles for each digit, where these are a multiplication and a shift.
    if (base == 16) {
        do {
            const unsigned digit = unsigned(v & 0xf);
            *--p = char16_t(digit < 10 ? u'0' + digit : u'a' + digit - 10);
            v >>= 4;
        } while (v != 0);
    } else {
        Q_ASSERT(base == 10);
        do {
            *--p = char16_t(u'0' + unsigned(v % 10));
            v /= 10;
        } while (v != 0);
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
