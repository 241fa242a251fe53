#pragma once

#include "kubectl/limits.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace rl {

class Simulation;
class TextEditor;

/// kubectl 1.32 against the simulated cluster: one argv in, stdout/stderr text and an exit code out
/// (0 success, 1 error). Shared by rolloutctl and the GUI console. Blocking commands (`rollout
/// status`, `wait`, `get -w`) advance simulated time through the event queue and emit each line
/// through the output callback at the simulated moment it would appear.
class Kubectl
{
public:
    /// Receives output as it is produced; `isError` = stderr.
    using Sink = std::function<void(const QString& text, bool isError)>;

    explicit Kubectl(Simulation& sim);

    /// Runs one command. `argv` may start with "kubectl" or not. `stdinText` feeds `-f -`.
    int run(const QStringList& argv, const QString& stdinText = {});

    void setSink(Sink sink) { m_sink = std::move(sink); }
    /// Collected output of the last run() when no sink is set.
    QString out() const { return m_out; }
    QString err() const { return m_err; }

    /// Longest simulated time a blocking command without --timeout may wait (default 1 h).
    void setMaxBlockMillis(qint64 ms) { m_maxBlock = ms; }
    /// `get -w` without --request-timeout stops after this long without a change (default 60 s).
    void setWatchQuietMillis(qint64 ms) { m_watchQuiet = ms; }
    /// Applies a ClusterProfile or ImageBehavior document (apiVersion rolloutlab.dev/v1alpha1) to
    /// the simulation's profile (a profile's seed re-seeds the random generator when it changes).
    /// Returns "created", "configured" or "unchanged" as `kubectl apply` reports it, or "" and
    /// *error when the document is rejected.
    QString applyRolloutLabObject(const QJsonObject& doc, QString* error);

    /// The editor of `kubectl edit` (default: EnvironmentEditor, i.e. $KUBE_EDITOR, $EDITOR or vi).
    void setEditor(std::shared_ptr<TextEditor> editor) { m_editor = std::move(editor); }
    TextEditor& editor();

    /// Rollout Lab's caps on replicas and pods, checked when a write is admitted.
    void setLimits(const SimulationLimits& limits) { m_limits = limits; }
    const SimulationLimits& limits() const { return m_limits; }

    /// Base directory for relative -f paths.
    void setWorkingDirectory(const QString& dir) { m_cwd = dir; }

private:
    friend class KubectlCommand;
    void print(const QString& text) { emitText(text, false); }
    void printErr(const QString& text) { emitText(text, true); }
    void emitText(const QString& text, bool isError);

    Simulation& m_sim;
    Sink m_sink;
    QString m_out;
    QString m_err;
    qint64 m_maxBlock = 3600 * 1000;
    qint64 m_watchQuiet = 60 * 1000;
    QString m_cwd;
    SimulationLimits m_limits;
    QHash<QString, QJsonObject> m_rolloutLab;
    std::shared_ptr<TextEditor> m_editor; // "Kind/name" -> last applied document
};

} // namespace rl
