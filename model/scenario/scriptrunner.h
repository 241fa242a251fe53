#pragma once

#include "kubectl/kubectl.h"
#include "scenario/scriptparser.h"
#include "sim/eventqueue.h"

namespace rl {

class Simulation;

/// Plays scripts (the text of a terminal session) against a Simulation: kubectl commands (with or
/// without the `kubectl` prefix), `sleep DURATION` (advances simulated time), `echo`, `export`,
/// and the simulator verbs `sim load|sync|advance|step|time|seed|resume`. A failing command prints
/// its error and the script goes on (unless stopOnError); the status is the last command's.
class ScriptRunner
{
public:
    explicit ScriptRunner(Simulation& sim);

    void setSink(Kubectl::Sink sink);
    void setEcho(bool on) { m_echo = on; }
    void setStopOnError(bool on) { m_stopOnError = on; }
    bool stopOnError() const { return m_stopOnError; }
    void setWorkingDirectory(const QString& dir);
    QString workingDirectory() const { return m_cwd; }
    /// Simulated time that passes after each command of a script, as a person reads the output and
    /// types the next command (default 1 s; 0 turns it off). `sleep N` advances N on top.
    void setThinkTime(Millis ms) { m_thinkTime = ms; }
    Millis thinkTime() const { return m_thinkTime; }

    ScriptParser& parser() { return m_parser; }
    Kubectl& kubectl() { return m_kubectl; }

    /// Parses and plays a whole script; returns the exit status of the last command run.
    int runScript(const QString& text);
    /// Plays parsed commands as runScript does (`&&` skipped after a failure, $? set, think time
    /// after each command, stop on error). `status` is the status of the command before the first
    /// one; *stopped is set when stopOnError ended the run early.
    int runCommands(const std::vector<ScriptCommand>& cmds, int status = 0, bool* stopped = nullptr);
    /// Runs one parsed command; returns its exit status.
    int runCommand(const ScriptCommand& cmd);
    /// Runs one argv (no shell parsing), e.g. from rolloutctl's command line.
    int runArgv(const QStringList& argv, const QString& stdinText = {});

private:
    int sim(const QStringList& args, const QString& stdinText);
    int simLoad(const QString& text);
    void out(const QString& s) { emitText(s, false); }
    void err(const QString& s) { emitText(s, true); }
    void emitText(const QString& s, bool isError);

    Simulation& m_sim;
    Kubectl m_kubectl;
    ScriptParser m_parser;
    Kubectl::Sink m_sink;
    QString m_cwd;
    bool m_echo = false;
    bool m_stopOnError = false;
    Millis m_thinkTime = 1000;
};

} // namespace rl
