#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace rl {

/// The headless runner behind `rolloutctl` (main.cpp only forwards argv and the streams):
///   rolloutctl run [--echo] [--trace FILE] [--stop-on-error] [--seed N] SCRIPT...
///   rolloutctl [--state FILE] [--seed N] <kubectl command>      (kubectl prefix optional)
///   rolloutctl --help
/// `--state FILE` remembers the cluster between invocations: the file is a Workspace (versioned
/// JSON, written atomically) holding the seed and every command run so far with its simulated
/// moment; the cluster is rebuilt by replaying them silently (the simulation is deterministic), then
/// the new command runs and is appended. A file that cannot be read (damaged, not a workspace, a
/// newer or older format) is refused with exit status 1 and left untouched.
class RolloutCtl
{
public:
    using Writer = std::function<void(const QString& text, bool isError)>;
    explicit RolloutCtl(Writer writer)
        : m_write(std::move(writer))
    { }

    /// argv without the program name; returns the process exit status.
    int run(const QStringList& args, const QString& stdinText = {});

    static QString helpText();

private:
    int runScripts(const QStringList& args);
    int runWithState(const QStringList& args, const QString& stdinText);
    std::optional<quint64> parseSeed(const QString& text);
    Writer m_write;
};

} // namespace rl
