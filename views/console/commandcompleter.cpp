#include "console/commandcompleter.h"

#include "kubectl/commands.h"
#include "kubectl/resources.h"
#include "sim/simulation.h"

#include <algorithm>

namespace rl {

namespace {

QStringList withPrefix(const QStringList& candidates, const QString& prefix)
{
    QStringList out;
    for (const QString& c : candidates)
        if (c.startsWith(prefix) && !out.contains(c))
            out << c;
    std::sort(out.begin(), out.end());
    return out;
}

QStringList flagNames(const std::vector<FlagSpec>& specs)
{
    QStringList out;
    for (const FlagSpec& f : specs)
        out << QStringLiteral("--") + f.name;
    return out;
}

const FlagSpec* findFlag(const std::vector<FlagSpec>& specs, const QString& word)
{
    for (const FlagSpec& f : specs) {
        if (word == QStringLiteral("--") + f.name
            || (!f.shorthand.isNull() && word == QStringLiteral("-") + f.shorthand))
            return &f;
    }
    return nullptr;
}

} // namespace

QString CommandCompleter::Result::commonPrefix() const
{
    if (choices.isEmpty())
        return word;
    QString prefix = choices.first();
    for (const QString& c : choices) {
        int n = 0;
        while (n < prefix.size() && n < c.size() && prefix[n] == c[n])
            ++n;
        prefix.truncate(n);
    }
    return prefix;
}

QStringList CommandCompleter::objectNames(const QString& type, const QString& ns) const
{
    QStringList names;
    if (!m_sim)
        return names;
    const auto rt = resolveResourceType(type);
    if (!rt)
        return names;
    visitKind(rt->kind, [&](auto t) {
        using Obj = typename decltype(t)::type;
        for (const auto& [key, obj] : m_sim->store().all<Obj>())
            if (obj->metadata.namespace_ == ns)
                names << obj->metadata.name;
    });
    return names;
}

CommandCompleter::Result CommandCompleter::complete(const QString& line, int cursor) const
{
    Result r;
    const QString head = line.left(std::clamp(cursor, 0, int(line.size())));
    r.wordStart = int(head.lastIndexOf(QLatin1Char(' ')) + 1);
    r.word = head.mid(r.wordStart);
    const QStringList words = head.left(r.wordStart).split(QLatin1Char(' '), Qt::SkipEmptyParts);

    if (words.isEmpty()) {
        r.choices = withPrefix({QStringLiteral("kubectl"), QStringLiteral("sim"), QStringLiteral("sleep"),
                                   QStringLiteral("echo"), QStringLiteral("export")},
            r.word);
        return r;
    }
    if (words.first() == QLatin1String("sim")) {
        if (words.size() == 1)
            r.choices = withPrefix(
                {QStringLiteral("load"), QStringLiteral("sync"), QStringLiteral("advance"), QStringLiteral("step"),
                    QStringLiteral("time"), QStringLiteral("seed"), QStringLiteral("resume")},
                r.word);
        return r;
    }
    if (words.first() != QLatin1String("kubectl"))
        return r;

    // kubectl [globals] VERB [SUB] args...: find the verb, the namespace and the positionals so far
    QString ns = QStringLiteral("default");
    QString verb;
    QString sub;
    QStringList positionals;
    const FlagSpec* pendingValueFlag = nullptr; // the previous word was a flag that takes a value
    std::vector<FlagSpec> specs = globalFlags();
    for (int i = 1; i < words.size(); ++i) {
        const QString& w = words[i];
        if (pendingValueFlag) {
            if (pendingValueFlag->name == QLatin1String("namespace"))
                ns = w;
            pendingValueFlag = nullptr;
            continue;
        }
        if (w.startsWith(QLatin1Char('-'))) {
            if (w.startsWith(QLatin1String("--namespace=")))
                ns = w.mid(12);
            const FlagSpec* f = findFlag(specs, w);
            if (f && f->type != FlagSpec::Type::Bool)
                pendingValueFlag = f;
            continue;
        }
        if (verb.isEmpty()) {
            verb = w;
            const std::vector<FlagSpec> own = commandFlags(verb);
            specs.insert(specs.end(), own.begin(), own.end());
            continue;
        }
        const KubectlCommandInfo* info = findKubectlCommand(verb);
        if (sub.isEmpty() && info && info->subcommands.contains(w) && positionals.isEmpty()) {
            sub = w;
            const std::vector<FlagSpec> own = commandFlags(verb + QLatin1Char(' ') + sub);
            specs.insert(specs.end(), own.begin(), own.end());
            continue;
        }
        positionals << w;
    }

    if (pendingValueFlag) { // the value of a flag
        if (pendingValueFlag->name == QLatin1String("output"))
            r.choices = withPrefix(
                {QStringLiteral("wide"), QStringLiteral("yaml"), QStringLiteral("json"), QStringLiteral("name"),
                    QStringLiteral("jsonpath="), QStringLiteral("custom-columns=")},
                r.word);
        else if (pendingValueFlag->name == QLatin1String("namespace"))
            r.choices = withPrefix({QStringLiteral("default")}, r.word);
        return r;
    }
    if (r.word.startsWith(QLatin1Char('-'))) {
        r.choices = withPrefix(flagNames(specs), r.word);
        return r;
    }
    if (verb.isEmpty()) {
        QStringList verbs;
        for (const KubectlCommandInfo& c : kubectlCommands())
            verbs << c.name;
        r.choices = withPrefix(verbs, r.word);
        return r;
    }
    const KubectlCommandInfo* info = findKubectlCommand(verb);
    if (!info)
        return r;
    if (sub.isEmpty() && !info->subcommands.isEmpty() && positionals.isEmpty()) {
        QStringList subs = info->subcommands;
        r.choices = withPrefix(subs, r.word);
        if (verb != QLatin1String("create")) // `create -f` needs no subcommand
            return r;
    }
    if (!info->takesResource || (verb == QLatin1String("create") && sub.isEmpty()))
        return r;
    // TYPE/NAME
    const int slash = int(r.word.indexOf(QLatin1Char('/')));
    if (slash > 0) {
        const QString type = r.word.left(slash);
        QStringList full;
        for (const QString& n : objectNames(type, ns))
            full << type + QLatin1Char('/') + n;
        r.choices = withPrefix(full, r.word);
        return r;
    }
    if (positionals.isEmpty()) {
        r.choices += withPrefix(resourceTypeNames(), r.word);
        return r;
    }
    const QString first = positionals.first();
    if (first.contains(QLatin1Char('/')) || verb == QLatin1String("set") || verb == QLatin1String("wait"))
        return r; // TYPE/NAME form already given: more TYPE/NAMEs would need a type first
    if (verb == QLatin1String("get") && first.contains(QLatin1Char(','))) // get rs,pods NAME is rare
        return r;
    if ((verb == QLatin1String("annotate") || verb == QLatin1String("label") || verb == QLatin1String("patch")
            || verb == QLatin1String("scale"))
        && positionals.size() >= 2)
        return r;
    r.choices = withPrefix(objectNames(first, ns), r.word);
    return r;
}

} // namespace rl
