#pragma once

// Helpers shared by the fuzz targets: which commands a harness may run (no files outside the
// project's test manifests, no external editor) and a simulation kept small enough that one input
// runs in milliseconds.

#include "kubectl/duration.h"
#include "kubectl/edit.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace rl::fuzz {

inline QString fromBytes(const uint8_t* data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
}

/// A file argument the harness allows: "-" or a relative path inside the working directory.
inline bool safePath(const QString& p)
{
    return p == QLatin1String("-")
        || (!p.isEmpty() && !p.startsWith(QLatin1Char('/')) && !p.startsWith(QLatin1Char('~'))
            && !p.contains(QLatin1String("..")) && !p.contains(QLatin1Char('$')));
}

/// Longest simulated time one command may ask for in a fuzz run (the target is the parsers, not
/// the event queue's patience: a crash-looping Deployment past its progress deadline is requeued
/// every few milliseconds, so an hour of it costs seconds).
constexpr Millis kMaxAdvance = 10 * 60 * 1000;

inline bool safeDuration(const QString& text)
{
    QString why;
    const auto ms = parseGoDuration(text, &why);
    return !ms || *ms <= kMaxAdvance;
}

/// False for commands that would read files outside the working directory, start an editor
/// program, or advance simulated time by more than an hour.
inline bool safeArgv(QStringList argv, const QString& stdinFile = {})
{
    if (!stdinFile.isEmpty() && !safePath(stdinFile))
        return false;
    if (!argv.isEmpty() && argv.first() == QLatin1String("kubectl"))
        argv.removeFirst();
    if (argv.isEmpty())
        return true;
    if (argv.first() == QLatin1String("sleep") && !safeDuration(argv.value(1)))
        return false;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        const QString& a = argv[i];
        if (a == QLatin1String("edit"))
            return false;
        if (a == QLatin1String("advance") && !safeDuration(argv.value(i + 1)))
            return false;
        if (a.startsWith(QLatin1String("--timeout")) || a.startsWith(QLatin1String("--request-timeout")))
            return false;
        if (a == QLatin1String("-f") || a == QLatin1String("--filename") || a == QLatin1String("-k")
            || a == QLatin1String("--kustomize")) {
            if (!safePath(argv.value(i + 1)))
                return false;
            ++i;
            continue;
        }
        if (a.startsWith(QLatin1String("--filename=")) || a.startsWith(QLatin1String("--kustomize=")))
            return false;
        if (a.startsWith(QLatin1String("-")) && !a.startsWith(QLatin1String("--")) && a.size() > 2
            && (a.contains(QLatin1Char('f')) || a.contains(QLatin1Char('k'))))
            return false; // -f=x, -fx, -Rf x ...
    }
    return true;
}

/// A small cluster for one fuzz input: limits far below the product's, short blocking commands.
struct SmallCluster
{
    Simulation sim {1};
    ScriptRunner runner {sim};
    explicit SmallCluster(const QString& workingDirectory)
    {
        runner.setSink([](const QString&, bool) {});
        runner.setThinkTime(1000);
        runner.setWorkingDirectory(workingDirectory);
        runner.kubectl().setMaxBlockMillis(10 * 60 * 1000);
        runner.kubectl().setWatchQuietMillis(10 * 1000);
        runner.kubectl().setLimits({50, 200});
        runner.kubectl().setEditor(std::make_shared<FunctionEditor>([](const QString&, QString*, QString* error) {
            *error = QStringLiteral("no editor in a fuzz run");
            return false;
        }));
    }
};

} // namespace rl::fuzz
