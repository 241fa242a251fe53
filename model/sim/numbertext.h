#pragma once

#include <QString>

namespace rl {

/// The digits of `v` in base 10 or 16 (lower case), written at the end of `buf`: a view of them.
inline QStringView numberDigits(quint64 v, int base, char16_t (&buf)[20])
{
    char16_t* end = buf + 20; // 2^64 - 1 has 20 decimal digits
    char16_t* p = end;
    do {
        const unsigned digit = unsigned(v % unsigned(base));
        *--p = char16_t(digit < 10 ? u'0' + digit : u'a' + digit - 10);
        v /= unsigned(base);
    } while (v != 0);
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
