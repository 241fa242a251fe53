#include "scenario/rolloutctl.h"

#include "api/json.h"
#include "kubectl/duration.h"
#include "kubectl/patch.h"
#include "manifest/yamljson.h"
#include "scenario/lesson.h"
#include "scenario/lessonplayer.h"
#include "scenario/scriptrunner.h"
#include "scenario/workspace.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <limits>

namespace {
enum class FlagMatch { Other, Value, Missing };

/// Matches args[i] against a flag that takes a value, as `--flag VALUE` or `--flag=VALUE` (pflag's
/// two spellings). On a match, *value is the value and i moves past a separate value argument.
FlagMatch matchValueFlag(const QStringList& args, int& i, QLatin1String flag, QString* value)
{
    const QString& a = args[i];
    if (a.size() > flag.size() && a.startsWith(flag) && a.at(flag.size()) == QLatin1Char('=')) {
        *value = a.mid(flag.size() + 1);
        return FlagMatch::Value;
    }
    if (a != flag)
        return FlagMatch::Other;
    if (i + 1 >= args.size())
        return FlagMatch::Missing;
    *value = args[++i];
    return FlagMatch::Value;
}
} // namespace

#include <optional>

namespace rl {

QString RolloutCtl::helpText()
{
    return QStringLiteral(
        "rolloutctl plays kubectl sessions against Rollout Lab's simulated cluster.\n\n"
        "Usage:\n"
        "  rolloutctl run [options] SCRIPT...     play scripts or lesson folders (\"-\" reads standard input)\n"
        "  rolloutctl [--state FILE] COMMAND...   run one kubectl command (the \"kubectl\" prefix is optional)\n\n"
        "Options of run:\n"
        "  --echo             print each command as a terminal would (\"$ kubectl ...\")\n"
        "  --trace FILE       write every object change as a JSON line {\"time\", \"type\", \"object\"}\n"
        "  --stop-on-error    stop at the first failing command\n"
        "  --seed N           seed of the simulation (default 1)\n"
        "  --think-time DURATION\n"
        "                     simulated time that passes after each command, as a person reads the\n"
        "                     output and types the next one (default 1s; 0 turns it off; sleep N\n"
        "                     advances N on top)\n"
        "  --screenshots DIR  after each lesson step, render the Rollout Lab window offscreen and\n"
        "                     write one PNG per step in DIR, named after the step\n"
        "                     (01-the-starting-point-version-0-6.png), 1280x720 pixels\n"
        "  --screenshot-scale N\n"
        "                     device pixel ratio of the screenshots (default 1; 2 writes 2560x1440\n"
        "                     pixels of the same 1280x720 window, as a high-DPI screen shows it)\n\n"
        "Options of single commands:\n"
        "  --state FILE       remember the cluster in FILE between invocations\n\n"
        "A lesson folder holds lesson.sh and the manifests it uses; \"## Title\" lines begin its steps.\n"
        "Scripts: one command per line, optional \"kubectl\" prefix, # comments, shell quoting (a quoted\n"
        "argument may span lines), export VAR=value, $VAR, ${VAR}, here-documents (<<EOF).\n"
        "Besides kubectl: sleep DURATION, echo, and the simulator verbs\n"
        "  sim load -f FILE|-     load objects as they are (status included); controllers stop\n"
        "                         (ClusterProfile and ImageBehavior documents only configure the cluster)\n"
        "  sim sync deployment/NAME   exactly one Deployment controller sync\n"
        "  sim resume             let the controllers run again\n"
        "  sim advance DURATION   advance simulated time\n"
        "  sim step               run the next scheduled event\n"
        "  sim time               print the simulated time\n"
        "  sim seed N             re-seed the random generator\n"
        "Blocking commands (rollout status, wait, get -w) advance simulated time until they return.\n"
        "Exit status: the last command's (0 success, 1 error).\n");
}

int RolloutCtl::run(const QStringList& args, const QString& stdinText)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")
        || args.first() == QLatin1String("help")) {
        m_write(helpText(), args.isEmpty());
        return args.isEmpty() ? 1 : 0;
    }
    if (args.first() == QLatin1String("run"))
        return runScripts(args.mid(1));
    return runWithState(args, stdinText);
}

int RolloutCtl::runScripts(const QStringList& args)
{
    bool echo = false, stopOnError = false;
    QString trace;
    QString screenshots;
    quint64 seed = 1;
    Millis thinkTime = 1000;
    QStringList scripts;
    const auto needsArgument = [this](QLatin1String flag) {
        m_write(QStringLiteral("rolloutctl: flag needs an argument: %1\n").arg(flag), true);
        return 1;
    };
    QString value;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            m_write(helpText(), false);
            return 0;
        } else if (a == QLatin1String("--echo")) {
            echo = true;
        } else if (a == QLatin1String("--stop-on-error")) {
            stopOnError = true;
        } else if (const FlagMatch m = matchValueFlag(args, i, QLatin1String("--trace"), &value);
                   m != FlagMatch::Other) {
            if (m == FlagMatch::Missing)
                return needsArgument(QLatin1String("--trace"));
            trace = value;
        } else if (const FlagMatch m = matchValueFlag(args, i, QLatin1String("--screenshots"), &value);
                   m != FlagMatch::Other) {
            if (m == FlagMatch::Missing || value.isEmpty())
                return needsArgument(QLatin1String("--screenshots"));
            screenshots = value;
        } else if (const FlagMatch m = matchValueFlag(args, i, QLatin1String("--screenshot-scale"), &value);
                   m != FlagMatch::Other) {
            if (m == FlagMatch::Missing)
                return needsArgument(QLatin1String("--screenshot-scale"));
            bool ok = false;
            const double scale = value.toDouble(&ok);
            if (!ok || !(scale >= 1 && scale <= 4)) {
                m_write(QStringLiteral("rolloutctl: invalid argument \"%1\" for --screenshot-scale: must be a number "
                                       "from 1 to 4\n")
                            .arg(value),
                    true);
                return 1;
            }
            m_screenshotScale = scale;
        } else if (const FlagMatch m = matchValueFlag(args, i, QLatin1String("--seed"), &value);
                   m != FlagMatch::Other) {
            if (m == FlagMatch::Missing)
                return needsArgument(QLatin1String("--seed"));
            const auto parsed = parseSeed(value);
            if (!parsed)
                return 1;
            seed = *parsed;
        } else if (const FlagMatch m = matchValueFlag(args, i, QLatin1String("--think-time"), &value);
                   m != FlagMatch::Other) {
            if (m == FlagMatch::Missing)
                return needsArgument(QLatin1String("--think-time"));
            QString why;
            const auto ms = parseGoDuration(value, &why);
            if (!ms || *ms < 0) {
                m_write(QStringLiteral("rolloutctl: invalid argument \"%1\" for --think-time: %2\n")
                            .arg(value, why.isEmpty() ? QStringLiteral("must not be negative") : why),
                    true);
                return 1;
            }
            thinkTime = *ms;
        } else if (a.startsWith(QLatin1String("--"))) {
            m_write(QStringLiteral("rolloutctl: unknown flag: %1\n").arg(a), true);
            return 1;
        } else {
            scripts << a;
        }
    }
    if (scripts.isEmpty()) {
        m_write(QStringLiteral("rolloutctl: run needs at least one SCRIPT\n"), true);
        return 1;
    }
    std::unique_ptr<LessonStepObserver> observer;
    if (!screenshots.isEmpty()) {
        if (!m_observerFactory) {
            m_write(QStringLiteral("rolloutctl: --screenshots needs the Rollout Lab window, and this rolloutctl "
                                   "was built without it\n"),
                true);
            return 1;
        }
        if (!QDir().mkpath(screenshots)) {
            m_write(QStringLiteral("rolloutctl: cannot create the directory %1\n").arg(screenshots), true);
            return 1;
        }
        QString error;
        observer = m_observerFactory(screenshots, &error);
        if (!observer) {
            m_write(QStringLiteral("rolloutctl: --screenshots: %1\n").arg(error), true);
            return 1;
        }
    }
    Simulation sim(seed);
    // The trace is written atomically: the file appears whole when the run ends (an earlier trace
    // of the same name stays intact until then).
    QSaveFile traceFile;
    int listener = 0;
    if (!trace.isEmpty()) {
        traceFile.setFileName(trace);
        if (!traceFile.open(QIODevice::WriteOnly)) {
            m_write(QStringLiteral("rolloutctl: cannot write %1: %2\n").arg(trace, traceFile.errorString()), true);
            return 1;
        }
        listener = sim.store().addListener([&](const WatchEvent& e) {
            QJsonObject obj = std::visit([](const auto& p) { return toJson(*p); }, e.object);
            const QString line = QStringLiteral("{\"time\":%1,\"type\":\"%2\",\"object\":%3}\n")
                                     .arg(QString::number(double(e.time - sim.startTime()) / 1000.0, 'g', 15),
                                         watchTypeName(e.type), QString::fromUtf8(toGoJson(obj)));
            traceFile.write(line.toUtf8());
        });
    }
    ScriptRunner runner(sim);
    runner.setEcho(echo);
    runner.setStopOnError(stopOnError);
    runner.setThinkTime(thinkTime);
    runner.setSink(m_write);
    QString error;
    if (observer && !observer->start(sim, &error)) {
        m_write(QStringLiteral("rolloutctl: --screenshots: %1\n").arg(error), true);
        return 1;
    }
    int status = 0;
    int shot = 0;
    for (const QString& script : scripts) {
        std::optional<Lesson> lesson;
        if (script == QLatin1String("-")) {
            QFile f;
            if (!f.open(stdin, QIODevice::ReadOnly))
                return 1;
            lesson = Lesson::fromScript(
                QString::fromUtf8(f.readAll()), runner.workingDirectory(), QStringLiteral("stdin"));
        } else {
            lesson = Lesson::load(script, &error);
            if (!lesson) {
                m_write(QStringLiteral("rolloutctl: %1\n").arg(error), true);
                return 1;
            }
        }
        // A script plays as a lesson: step by step, which prints exactly what playing it whole does.
        LessonPlayer player(runner, std::move(*lesson));
        while (!player.isFinished()) {
            const int index = player.currentStep();
            status = player.next();
            const QString title = player.lesson().steps()[std::size_t(index)].title;
            if (observer
                && !observer->stepPlayed(player.lesson(), index, Lesson::screenshotFileName(shot++, title), &error)) {
                m_write(QStringLiteral("rolloutctl: --screenshots: %1\n").arg(error), true);
                return 1;
            }
        }
        if (status != 0 && stopOnError)
            break;
    }
    if (listener) {
        sim.store().removeListener(listener);
        if (!traceFile.commit()) {
            m_write(QStringLiteral("rolloutctl: cannot write %1: %2\n").arg(trace, traceFile.errorString()), true);
            return 1;
        }
    }
    return status;
}

int RolloutCtl::runWithState(const QStringList& argsIn, const QString& stdinText)
{
    QString stateFile;
    std::optional<quint64> seed;
    int i = 0;
    for (QString value; i < argsIn.size(); ++i) {
        FlagMatch m = matchValueFlag(argsIn, i, QLatin1String("--state"), &value);
        const bool isState = m != FlagMatch::Other;
        if (!isState)
            m = matchValueFlag(argsIn, i, QLatin1String("--seed"), &value);
        if (m == FlagMatch::Other)
            break; // the kubectl command starts here
        if (m == FlagMatch::Missing) {
            m_write(QStringLiteral("rolloutctl: flag needs an argument: %1\n").arg(argsIn[i]), true);
            return 1;
        }
        if (isState)
            stateFile = value;
        else if (!(seed = parseSeed(value)))
            return 1;
    }
    QStringList args = argsIn.mid(i);
    if (stateFile.isEmpty() && args.isEmpty()) {
        m_write(helpText(), true);
        return 1;
    }
    // The state file is a Workspace. One that cannot be read (damaged, another program's, another
    // format version) is refused and left exactly as it is; a missing or empty file starts anew.
    Workspace state;
    state.seed = seed.value_or(1);
    if (!stateFile.isEmpty() && QFileInfo::exists(stateFile)
        && !(QFileInfo(stateFile).isFile() && QFileInfo(stateFile).size() == 0)) {
        QString why;
        auto loaded = Workspace::load(stateFile, &why);
        if (!loaded) {
            m_write(
                QStringLiteral("rolloutctl: cannot use the state file %1\nrolloutctl: the file was left unchanged\n")
                    .arg(why),
                true);
            return 1;
        }
        state = std::move(*loaded);
    }
    Simulation sim(state.seed);
    ScriptRunner runner(sim);
    runner.setThinkTime(0);
    runner.setSink([](const QString&, bool) {});
    state.replay(sim, runner);
    runner.setSink(m_write);
    runner.setWorkingDirectory({});
    const Millis at = sim.now() - sim.startTime();
    const int status = runner.runArgv(args, stdinText);
    if (!stateFile.isEmpty()) {
        state.commands.push_back({at, args, stdinText, QDir::currentPath()});
        state.time = sim.now() - sim.startTime();
        QString why;
        if (!state.save(stateFile, &why)) {
            m_write(QStringLiteral("rolloutctl: %1\n").arg(why), true);
            return 1;
        }
    }
    return status;
}

std::optional<quint64> RolloutCtl::parseSeed(const QString& text)
{
    bool ok = false;
    const quint64 seed = text.toULongLong(&ok);
    if (ok && !text.startsWith(QLatin1Char('+')) && !text.startsWith(QLatin1Char('-')))
        return seed;
    m_write(QStringLiteral("rolloutctl: invalid argument \"%1\" for --seed: must be a number from 0 to %2\n")
                .arg(text)
                .arg(std::numeric_limits<quint64>::max()),
        true);
    return std::nullopt;
}

} // namespace rl
