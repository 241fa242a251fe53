#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace rl {

/// A command-line flag as cobra/pflag declares it.
struct FlagSpec
{
    enum class Type { Bool, String, Int, Duration, StringArray, Int32 }; // Int: Go int (64 bits)
    QString name;
    QChar shorthand;
    Type type = Type::String;
    QString defaultValue;
};

/// Result of pflag-style parsing: interspersed flags and positional arguments.
class ParsedFlags
{
public:
    bool has(const QString& name) const { return m_values.contains(name); }
    QString value(const QString& name, const QString& fallback = {}) const
    {
        return m_values.contains(name) ? m_values.value(name).last() : fallback;
    }
    QStringList values(const QString& name) const { return m_values.value(name); }
    bool boolValue(const QString& name, bool fallback = false) const
    {
        return has(name) ? value(name) == QLatin1String("true") : fallback;
    }
    QStringList args;
    /// Flags in the order given, as `--name=value` (for --record's change cause).
    QStringList given;

private:
    friend class FlagParser;
    QMap<QString, QStringList> m_values;
};

/// pflag semantics: `--name=value`, `--name value`, `-n value`, `-nvalue`, bool flags without a
/// value, `--` ends flags. Errors are worded as pflag words them ("unknown flag: --foo",
/// "flag needs an argument: --replicas", "invalid argument \"x\" for \"--replicas\" flag: ...").
class FlagParser
{
public:
    explicit FlagParser(std::vector<FlagSpec> specs)
        : m_specs(std::move(specs))
    { }
    bool parse(const QStringList& argv, ParsedFlags& out, QString& error) const;
    const std::vector<FlagSpec>& specs() const { return m_specs; }

private:
    const FlagSpec* find(const QString& name) const;
    const FlagSpec* findShort(QChar c) const;
    std::vector<FlagSpec> m_specs;
};

} // namespace rl
