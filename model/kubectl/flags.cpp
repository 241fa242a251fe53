#include "kubectl/flags.h"

#include "kubectl/duration.h"

#include <QRegularExpression>

namespace rl {

const FlagSpec* FlagParser::find(const QString& name) const
{
    for (const FlagSpec& s : m_specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

const FlagSpec* FlagParser::findShort(QChar c) const
{
    for (const FlagSpec& s : m_specs)
        if (!s.shorthand.isNull() && s.shorthand == c)
            return &s;
    return nullptr;
}

namespace {

QString flagDisplay(const FlagSpec& s)
{
    return s.shorthand.isNull() ? QStringLiteral("--") + s.name
                                : QStringLiteral("-%1, --%2").arg(s.shorthand).arg(s.name);
}

bool checkValue(const FlagSpec& s, const QString& v, QString& error)
{
    QString why;
    if (s.type == FlagSpec::Type::Int || s.type == FlagSpec::Type::Int32) {
        // strconv.ParseInt(v, 0, 64 or 32): digits too many for the type are "value out of range"
        bool ok = false;
        const qlonglong n = v.toLongLong(&ok);
        static const QRegularExpression digits(QStringLiteral("^[+-]?[0-9]+$"));
        if (!ok && !digits.match(v).hasMatch())
            why = QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(v);
        else if (!ok || (s.type == FlagSpec::Type::Int32 && (n > INT32_MAX || n < INT32_MIN)))
            why = QStringLiteral("strconv.ParseInt: parsing \"%1\": value out of range").arg(v);
    } else if (s.type == FlagSpec::Type::Bool) {
        static const QStringList valid {
            "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"};
        if (!valid.contains(v))
            why = QStringLiteral("strconv.ParseBool: parsing \"%1\": invalid syntax").arg(v);
    } else if (s.type == FlagSpec::Type::Duration) {
        parseGoDuration(v, &why);
        if (parseGoDuration(v))
            why.clear();
    }
    if (why.isEmpty())
        return true;
    error = QStringLiteral("invalid argument \"%1\" for \"%2\" flag: %3").arg(v, flagDisplay(s), why);
    return false;
}

QString normalizeBool(const QString& v)
{
    static const QStringList truthy {"1", "t", "T", "TRUE", "true", "True"};
    return truthy.contains(v) ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

bool FlagParser::parse(const QStringList& argv, ParsedFlags& out, QString& error) const
{
    auto set = [&](const FlagSpec& s, QString v) {
        if (!checkValue(s, v, error))
            return false;
        if (s.type == FlagSpec::Type::Bool)
            v = normalizeBool(v);
        if (s.type == FlagSpec::Type::StringArray && s.name != QLatin1String("filename")
            && s.name != QLatin1String("image"))
            out.m_values[s.name] << v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        else
            out.m_values[s.name] << v;
        out.given << QStringLiteral("--%1=%2").arg(s.name, v);
        return true;
    };
    for (int i = 0; i < argv.size(); ++i) {
        const QString& a = argv[i];
        if (a == QLatin1String("--")) {
            out.args << argv.mid(i + 1);
            break;
        }
        if (a.startsWith(QLatin1String("--"))) {
            const int eq = a.indexOf(QLatin1Char('='));
            const QString name = eq < 0 ? a.mid(2) : a.mid(2, eq - 2);
            const FlagSpec* s = find(name);
            if (!s) {
                error = QStringLiteral("unknown flag: --") + name;
                return false;
            }
            if (eq >= 0) {
                if (!set(*s, a.mid(eq + 1)))
                    return false;
            } else if (s->type == FlagSpec::Type::Bool) {
                set(*s, QStringLiteral("true"));
            } else if (i + 1 < argv.size()) {
                if (!set(*s, argv[++i]))
                    return false;
            } else {
                error = QStringLiteral("flag needs an argument: --") + name;
                return false;
            }
            continue;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            for (int k = 1; k < a.size(); ++k) {
                const QChar c = a[k];
                const FlagSpec* s = findShort(c);
                if (!s) {
                    error = QStringLiteral("unknown shorthand flag: '%1' in %2").arg(c).arg(a);
                    return false;
                }
                if (s->type == FlagSpec::Type::Bool) {
                    if (k + 1 < a.size() && a[k + 1] == QLatin1Char('=')) {
                        if (!set(*s, a.mid(k + 2)))
                            return false;
                        break;
                    }
                    set(*s, QStringLiteral("true"));
                    continue;
                }
                QString v = a.mid(k + 1);
                if (v.startsWith(QLatin1Char('=')))
                    v = v.mid(1);
                if (v.isEmpty() && k + 1 >= a.size()) {
                    if (i + 1 >= argv.size()) {
                        error = QStringLiteral("flag needs an argument: '%1' in %2").arg(c).arg(a);
                        return false;
                    }
                    v = argv[++i];
                }
                if (!set(*s, v))
                    return false;
                break;
            }
            continue;
        }
        out.args << a;
    }
    for (const FlagSpec& s : m_specs)
        if (!out.m_values.contains(s.name) && !s.defaultValue.isNull())
            out.m_values[s.name] << s.defaultValue;
    return true;
}

} // namespace rl
