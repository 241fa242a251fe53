#pragma once

#include "sim/eventqueue.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rl {

class ScriptRunner;
class Simulation;

/// One command of a session, with the simulated moment it was typed.
struct WorkspaceCommand
{
    Millis at = 0; ///< ms since the simulation's start
    QStringList argv;
    QString stdinText;
    QString workingDirectory; ///< base for relative -f paths ("" = the process's)
    bool operator==(const WorkspaceCommand&) const = default;
};

/// An editor buffer: the file it came from (may be empty) and its text, saved or not.
struct WorkspaceDocument
{
    QString path;
    QString text;
    bool operator==(const WorkspaceDocument&) const = default;
};

/// A saved Rollout Lab session, nothing lost: the cluster as its seed plus the timed list of
/// commands that built it (the simulation is deterministic, so replaying them rebuilds the same
/// objects and the same history), the simulated time reached, the editor documents and the
/// window's own state (opaque to the model). Stored as versioned JSON, written atomically.
struct Workspace
{
    static constexpr int kFormatVersion = 1;
    static QString formatName() { return QStringLiteral("rollout-lab-workspace"); }

    quint64 seed = 1;
    Millis time = 0; ///< ms since the simulation's start
    QString lesson; ///< lesson folder, if the session started from one
    std::vector<WorkspaceCommand> commands;
    std::vector<WorkspaceDocument> documents;
    QJsonObject ui;

    bool operator==(const Workspace&) const = default;

    QByteArray toJson() const;
    /// Parses a workspace; on failure returns nothing and sets *error to a message for the user
    /// (damaged file, another format, or a version this build cannot read).
    static std::optional<Workspace> fromJson(const QByteArray& data, QString* error);

    /// Writes atomically (QSaveFile): the old file stays intact if anything fails.
    bool save(const QString& path, QString* error) const;
    static std::optional<Workspace> load(const QString& path, QString* error);

    /// Rebuilds the cluster in a new Simulation(seed): runs each command at its moment through
    /// `runner` (its sink is left as set: pass a silent one), then advances to `time`.
    void replay(Simulation& sim, ScriptRunner& runner) const;
};

} // namespace rl
