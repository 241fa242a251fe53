#pragma once

#include "scenario/lesson.h"
#include "scenario/scriptparser.h"

#include <QObject>

#include <functional>
#include <vector>

namespace rl {

class ScriptRunner;

/// Plays a Lesson step by step through a ScriptRunner (its sink receives the output, its think
/// time and stop-on-error apply). Playing every step in order gives exactly the transcript of
/// ScriptRunner::runScript on the whole lesson.sh, as `rolloutctl run` prints it: the script is
/// parsed once, when the first step plays, so `export`s and variables flow from step to step.
/// Steps play forward only; to start over, make a new Simulation, runner and player.
/// The player sets the runner's working directory to the lesson's folder when it starts.
class LessonPlayer : public QObject
{
    Q_OBJECT
public:
    /// Called after each step has played: its index and the step.
    using StepCallback = std::function<void(int index, const LessonStep& step)>;

    LessonPlayer(ScriptRunner& runner, Lesson lesson, QObject* parent = nullptr);

    const Lesson& lesson() const { return m_lesson; }
    /// Index of the next step to play (stepCount() once finished).
    int currentStep() const { return m_next; }
    /// True when every step has played, or stop-on-error ended the lesson.
    bool isFinished() const { return m_stopped || m_next >= m_lesson.stepCount(); }
    /// True when stop-on-error ended the lesson early.
    bool isStopped() const { return m_stopped; }
    /// Exit status of the last command run (0 before any).
    int status() const { return m_status; }

    void setStepCallback(StepCallback callback) { m_callback = std::move(callback); }

    /// Plays the next step; returns the status of its last command, or -1 if the lesson is finished.
    int next();
    /// Plays the steps from currentStep() up to `index` (inclusive); -1 if `index` was already
    /// played or does not exist.
    int playStep(int index);
    /// Plays every remaining step; returns the status of the last command.
    int playAll();

signals:
    void stepStarted(int index);
    void stepPlayed(int index);
    void finished();

private:
    void start();

    ScriptRunner& m_runner;
    Lesson m_lesson;
    StepCallback m_callback;
    std::vector<std::vector<ScriptCommand>> m_commands; // per step, after parsing
    bool m_started = false;
    bool m_stopped = false;
    int m_next = 0;
    int m_status = 0;
};

} // namespace rl
