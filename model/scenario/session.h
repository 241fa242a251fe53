#pragma once

#include "scenario/workspace.h"
#include "sim/eventqueue.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include "scenario/scriptparser.h"

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace rl {

class ScriptRunner;
class Simulation;
class TrafficSource;

/// The GUI's facade over one simulated cluster (QtCore only, so tests/model can drive it).
///
/// It owns the live Simulation, the ScriptRunner that rolloutctl uses too (console output is the
/// same, byte for byte), an optional TrafficSource, and the command log: every command with the
/// simulated moment it ran. The simulation is deterministic, so the log *is* the session: a
/// workspace stores it, and any earlier moment is rebuilt by replaying it (see viewAt()).
///
/// Time: the model never reads the wall clock. The window's frame timer calls advanceBy() with
/// speed × wall time elapsed; stepToNextEvent() runs one scheduled event. Blocking commands
/// (`rollout status`, `wait`, `get -w`) advance simulated time inside the command, exactly as
/// rolloutctl does: the clock jumps forward to the moment the command returns.
///
/// The past: viewAt(t) points the views at a read-only replica of the cluster at `t` (ms since
/// the start). Acting while viewing the past starts a new future: branchAtView() cuts the log
/// at `t`, makes the replica the live cluster, and returns the discarded future so that an undo
/// (restoreFuture()) brings it back unchanged.
///
/// Why replay and not SimulationSnapshot for the past: a snapshot does not hold the cluster
/// profile (images.yaml, cluster.yaml), the kubectl layer's applied rolloutlab objects, nor the
/// watch history the timeline reads, and a restored run may order same-instant events
/// differently. Replaying the log rebuilds all of that exactly; a lesson replays in milliseconds,
/// and moving forward from the cached replica only replays what lies between.
class Session : public QObject
{
    Q_OBJECT
public:
    /// One simulated cluster with the runner that drives it (live, or a replica of the past).
    struct Cluster;
    /// What a branch discarded: the cluster and the commands after the branch point.
    struct Future;

    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    /// Starts over: an empty cluster with `seed`, an empty log, no lesson.
    void reset(quint64 seed = 1);
    quint64 seed() const { return m_seed; }

    // --- the live cluster -------------------------------------------------------------------
    Simulation& simulation();
    const Simulation& simulation() const;
    ScriptRunner& runner();
    /// The traffic client of the live cluster (`sim traffic SERVICE`), or nullptr.
    const TrafficSource* traffic() const;
    /// Simulated ms since the start of the live cluster.
    Millis elapsed() const;
    const std::vector<WorkspaceCommand>& commands() const { return m_commands; }

    /// Base directory of relative paths (`-f deploy.yaml`, `< file`) of the next commands.
    void setWorkingDirectory(const QString& dir);
    QString workingDirectory() const { return m_cwd; }
    /// The lesson folder the session was started from (kept in the workspace).
    void setLesson(const QString& folder) { m_lesson = folder; }
    QString lesson() const { return m_lesson; }

    // --- commands ---------------------------------------------------------------------------
    /// Runs what a person typed at the console: shell syntax (quotes, `;`, `&&`, here-documents,
    /// `$VAR`), `kubectl` prefix optional. Each command is echoed as `$ ...` first (unless `echo`
    /// is false: a console that echoes what was typed itself). Returns the
    /// last command's exit status. Acting while viewing the past branches first (see branchAtView).
    int runLine(const QString& text, bool echo = true);
    /// Runs one argv (an action of the window), echoed as `$ kubectl ...` (quoted as a shell would
    /// need it). `stdinText` feeds `-f -`.
    int runArgv(const QStringList& argv, const QString& stdinText = {});
    /// Plays a script (a lesson step, a .sh file): each command echoed and run, with the runner's
    /// think time after each, as rolloutctl run --echo does.
    int runScript(const QString& text, const QString& workingDirectory = {});
    /// Simulated time that passes after each command of runScript() (default 1 s, as rolloutctl).
    void setThinkTime(Millis ms);

    /// Queues a script to be played as time passes (advanceBy(), stepToNextEvent()): each command
    /// runs when the clock reaches its moment — the first at once, the next one think time
    /// later, `sleep N` waits N of simulated time — so a lesson unfolds at the window's speed.
    /// Played to its end, the output and the cluster are those of runScript() and rolloutctl.
    void playScript(const QString& text, const QString& workingDirectory = {});
    /// Commands of played scripts not run yet.
    int pendingCommands() const { return int(m_pending.size()); }
    /// Drops the commands not run yet.
    void cancelScript();
    /// The commands of played scripts not run yet, as script text, and when the next one runs
    /// (ms since the start): what a workspace needs to go on playing a lesson after a reload.
    QString pendingScript() const;
    Millis pendingDue() const { return m_nextDue; }
    /// Variables set by `export` in the console and in scripts.
    const QMap<QString, QString>& variables() const;
    /// Restores what pendingScript(), pendingDue() and variables() returned.
    void restoreScript(const QString& text, Millis due, const QMap<QString, QString>& variables);
    /// Runs the rest of the played scripts now, each at its moment (time jumps to the last one).
    void finishScript();

    /// `argv` as a person would type it after `$ kubectl ` (or `$ ` for sleep/sim/echo).
    static QString commandLine(const QStringList& argv);
    /// Quotes one word for a POSIX shell when it needs it.
    static QString shellQuote(const QString& word);

    // --- time -------------------------------------------------------------------------------
    /// Moves time forward by `ms` of simulated time: the live cluster, or, while viewing the
    /// past, the view (which returns to the present when it catches up).
    void advanceBy(Millis ms);
    /// Runs the next scheduled event of the live cluster; false when nothing is scheduled.
    bool stepToNextEvent();
    /// Simulated ms since the start of the live cluster's next event, or -1.
    Millis nextEventAt() const;

    // --- the past ---------------------------------------------------------------------------
    /// The cluster the views show: the live one, or a replica of the past.
    const Simulation& viewSimulation() const;
    const TrafficSource* viewTraffic() const;
    /// The moment the views show (ms since the start); == elapsed() when live.
    Millis viewTime() const;
    bool isViewingPast() const { return m_viewingPast; }
    /// Shows the cluster as it was at `t` (clamped to [0, elapsed()]; elapsed() shows the present):
    /// after every event due at `t`, before any command typed at `t`.
    void viewAt(Millis t);
    void returnToPresent();

    /// Makes the moment being viewed the present: drops the commands after it, and the replica
    /// becomes the live cluster. Returns the discarded future (nullptr when not viewing the past).
    std::shared_ptr<Future> branchAtView();
    /// Undoes a branch: the discarded future becomes the present again (the current live cluster
    /// and its commands since the branch point are returned, so a redo can branch again).
    std::shared_ptr<Future> restoreFuture(const std::shared_ptr<Future>& future);

    /// Called before a command runs while the past is viewed: return true to branch there and go
    /// on, false to cancel the command. Without a handler, the command branches.
    void setBranchHandler(std::function<bool()> handler) { m_branchHandler = std::move(handler); }

    // --- workspace --------------------------------------------------------------------------
    Workspace toWorkspace() const;
    /// Rebuilds the session from a workspace (replaying its commands silently).
    void fromWorkspace(const Workspace& w);

signals:
    /// The cluster shown changed (coalesced: at most once per event-loop pass).
    void changed();
    /// The live clock moved (ms since the start).
    void timeChanged(Millis elapsed);
    /// The moment shown by the views moved (ms since the start).
    void viewTimeChanged(Millis t);
    /// The Simulation object behind viewSimulation() is another one: views must setSimulation().
    void viewSimulationReplaced();
    /// Text for the console: echoed commands, kubectl's stdout (isError false) and stderr.
    void outputAvailable(const QString& text, bool isError);
    /// A command ran (after its output); `status` is its exit code.
    void commandFinished(const QStringList& argv, int status);
    /// The last command of a played script ran.
    void scriptFinished();
    /// A branch was made or undone (the command log changed other than by appending).
    void historyRewritten();

private:
    int runParsed(const QString& text, bool script, bool echo = true);
    int runOne(const ScriptCommand& c, bool echo = true);
    void runDue(Millis target);
    int execute(const QStringList& argv, const QString& stdinText, const QString& echo);
    bool prepareToAct();
    void record(const QStringList& argv, const QString& stdinText);
    void emitChanged();
    void emitTime();
    std::unique_ptr<Cluster> makeCluster();
    static int runTraffic(Cluster& c, const QStringList& args, QString* error);
    /// Replays the log into `c` up to `t` (from wherever `c` is; `c` must not be later than `t`).
    /// A view of moment `t` shows the cluster before the commands typed at `t` (exclusive): acting
    /// from there replaces them. A workspace's last moment includes them.
    void replayInto(Cluster& c, Millis t, bool inclusive) const;

    quint64 m_seed = 1;
    std::unique_ptr<Cluster> m_live;
    std::unique_ptr<Cluster> m_view; // replica of the past (kept as a cache when live)
    bool m_viewingPast = false;
    Millis m_viewTime = 0;
    std::vector<WorkspaceCommand> m_commands;
    QString m_cwd;
    QString m_lesson;
    Millis m_thinkTime = 1000;
    bool m_changePending = false;
    Millis m_lastEmittedTime = -1;
    std::function<bool()> m_branchHandler;
    std::unique_ptr<ScriptParser> m_parser;
    bool m_silent = false;
    std::deque<ScriptCommand> m_pending;
    Millis m_nextDue = 0; ///< elapsed() at which m_pending.front() runs
};

} // namespace rl
