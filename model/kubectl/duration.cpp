#include "kubectl/duration.h"

#include <cmath>

namespace rl {

QString humanDuration(Millis d)
{
    const qint64 seconds = d / 1000; // int(d.Seconds()) truncates towards zero
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes) : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours) : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(hours / 24) : QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 dy = (hours / 24) % 365;
        return dy == 0 ? QStringLiteral("%1y").arg(hours / 24 / 365)
                       : QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(dy);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QString translateTimestampSince(Millis t, Millis now)
{
    if (t == kNoTime)
        return QStringLiteral("<unknown>");
    return humanDuration(now - t);
}

std::optional<Millis> parseGoDuration(const QString& orig, QString* error)
{
    auto fail = [&](const QString& msg) -> std::optional<Millis> {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    const QString quoted = QLatin1Char('"') + orig + QLatin1Char('"');
    const QString invalid = QStringLiteral("time: invalid duration ") + quoted;
    QString s = orig;
    bool neg = false;
    if (!s.isEmpty() && (s[0] == QLatin1Char('-') || s[0] == QLatin1Char('+'))) {
        neg = s[0] == QLatin1Char('-');
        s = s.mid(1);
    }
    if (s == QLatin1String("0"))
        return 0;
    if (s.isEmpty())
        return fail(invalid);
    double total = 0; // nanoseconds
    int i = 0;
    while (i < s.size()) {
        const int start = i;
        while (i < s.size() && s[i].isDigit())
            ++i;
        const bool hadInt = i > start;
        QString number = s.mid(start, i - start);
        bool hadFrac = false;
        if (i < s.size() && s[i] == QLatin1Char('.')) {
            ++i;
            const int f = i;
            while (i < s.size() && s[i].isDigit())
                ++i;
            hadFrac = i > f;
            number += QLatin1Char('.') + s.mid(f, i - f);
        }
        if (!hadInt && !hadFrac)
            return fail(invalid);
        const int u = i;
        while (i < s.size() && s[i] != QLatin1Char('.') && !s[i].isDigit())
            ++i;
        if (u == i)
            return fail(QStringLiteral("time: missing unit in duration ") + quoted);
        const QString unit = s.mid(u, i - u);
        double scale = 0;
        if (unit == QLatin1String("ns"))
            scale = 1;
        else if (unit == QLatin1String("us") || unit == QStringLiteral("\u00b5s") || unit == QStringLiteral("\u03bcs"))
            scale = 1e3;
        else if (unit == QLatin1String("ms"))
            scale = 1e6;
        else if (unit == QLatin1String("s"))
            scale = 1e9;
        else if (unit == QLatin1String("m"))
            scale = 60e9;
        else if (unit == QLatin1String("h"))
            scale = 3600e9;
        else
            return fail(QStringLiteral("time: unknown unit \"%1\" in duration %2").arg(unit, quoted));
        total += number.toDouble() * scale;
        if (total > 9.2e18)
            return fail(invalid);
    }
    const Millis ms = Millis(std::floor(total / 1e6));
    return neg ? -ms : ms;
}

} // namespace rl
