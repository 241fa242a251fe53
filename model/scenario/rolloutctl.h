#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace rl {

class Lesson;
class Simulation;

/// What `rolloutctl run --screenshots DIR` calls after each lesson step. The model only declares
/// it: the app layer implements it (the main window rendered offscreen, one PNG per step) and
/// installs a factory with RolloutCtl::setStepObserverFactory.
class LessonStepObserver
{
public:
    virtual ~LessonStepObserver() = default;
    /// Once, before the first command: the simulation every step plays against.
    virtual bool start(Simulation& sim, QString* error) = 0;
    /// After step `index` of `lesson` has played and printed its output. `fileName` is the file to
    /// write in the observer's directory: Lesson::screenshotFileName of the step, numbered across
    /// the whole run ("01-the-starting-point-version-0-6.png").
    virtual bool stepPlayed(const Lesson& lesson, int index, const QString& fileName, QString* error) = 0;
};

/// The headless runner behind `rolloutctl` (main.cpp only forwards argv and the streams):
///   rolloutctl run [--echo] [--trace FILE] [--stop-on-error] [--seed N] [--think-time D]
///                  [--screenshots DIR [--screenshot-scale N]] SCRIPT|LESSON-FOLDER...
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

    /// Makes the observer of `run --screenshots DIR` (DIR exists when it is called); without a
    /// factory, --screenshots is an error.
    using StepObserverFactory
        = std::function<std::unique_ptr<LessonStepObserver>(const QString& directory, QString* error)>;
    void setStepObserverFactory(StepObserverFactory factory) { m_observerFactory = std::move(factory); }
    /// The device pixel ratio `run --screenshot-scale N` asked for (1 by default), for the factory.
    double screenshotScale() const { return m_screenshotScale; }

    /// argv without the program name; returns the process exit status.
    int run(const QStringList& args, const QString& stdinText = {});

    static QString helpText();

private:
    int runScripts(const QStringList& args);
    int runWithState(const QStringList& args, const QString& stdinText);
    std::optional<quint64> parseSeed(const QString& text);
    Writer m_write;
    StepObserverFactory m_observerFactory;
    double m_screenshotScale = 1;
};

} // namespace rl
