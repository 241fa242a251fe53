#include "scenario/session.h"

#include "kubectl/duration.h"
#include "scenario/scriptparser.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaObject>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace rl {

struct Session::Cluster
{
    explicit Cluster(quint64 seed)
        : sim(seed)
        , runner(sim)
    { }
    Simulation sim;
    ScriptRunner runner;
    std::unique_ptr<TrafficSource> traffic;
    std::size_t nextCommand = 0; ///< index of the first command of the log not yet run here
};

struct Session::Future
{
    std::unique_ptr<Cluster> cluster;
    std::vector<WorkspaceCommand> commands; ///< the log after the branch point
    std::size_t branchIndex = 0; ///< size of the log at the branch point
};

namespace {

const QString kSim = QStringLiteral("sim");

bool isFileFlag(const QString& a)
{
    return a == QLatin1String("-f") || a == QLatin1String("--filename");
}

/// `sim traffic SERVICE [RATE]` / `sim traffic off`: the GUI's traffic client (TrafficSource).
bool isTraffic(const QStringList& argv)
{
    return argv.size() >= 2 && argv[0] == kSim && argv[1] == QLatin1String("traffic");
}

} // namespace

Session::Session(QObject* parent)
    : QObject(parent)
    , m_parser(std::make_unique<ScriptParser>())
{
    m_live = makeCluster();
}

Session::~Session() = default;

std::unique_ptr<Session::Cluster> Session::makeCluster()
{
    auto c = std::make_unique<Cluster>(m_seed);
    c->runner.setThinkTime(0);
    Cluster* raw = c.get();
    c->runner.setSink([this, raw](const QString& text, bool isError) {
        if (!m_silent && raw == m_live.get())
            emit outputAvailable(text, isError);
    });
    return c;
}

void Session::reset(quint64 seed)
{
    m_pending.clear();
    m_seed = seed;
    m_live = makeCluster();
    m_view.reset();
    m_viewingPast = false;
    m_commands.clear();
    m_lesson.clear();
    m_cwd.clear();
    m_parser = std::make_unique<ScriptParser>();
    emit viewSimulationReplaced();
    emit historyRewritten();
    emitTime();
    emitChanged();
}

Simulation& Session::simulation()
{
    return m_live->sim;
}

const Simulation& Session::simulation() const
{
    return m_live->sim;
}

ScriptRunner& Session::runner()
{
    return m_live->runner;
}

const TrafficSource* Session::traffic() const
{
    return m_live->traffic.get();
}

Millis Session::elapsed() const
{
    return m_live->sim.now() - m_live->sim.startTime();
}

void Session::setWorkingDirectory(const QString& dir)
{
    m_cwd = dir;
}

void Session::setThinkTime(Millis ms)
{
    m_thinkTime = std::max<Millis>(0, ms);
}

QString Session::shellQuote(const QString& word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./=:,@%+^-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString q = word;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString Session::commandLine(const QStringList& argv)
{
    QStringList words;
    for (const QString& w : argv)
        words << shellQuote(w);
    return words.join(QLatin1Char(' '));
}

// --- commands ----------------------------------------------------------------------------------

bool Session::prepareToAct()
{
    if (!m_viewingPast)
        return true;
    if (m_branchHandler && !m_branchHandler())
        return false;
    if (m_viewingPast) // the handler may have branched itself (undoably)
        branchAtView();
    return true;
}

void Session::record(const QStringList& argvIn, const QString& stdinIn)
{
    // Nothing lost: a manifest read from a file is kept in the log, so the workspace replays the
    // same objects even when the file changes or disappears (one plain file; directories and
    // several -f stay references).
    QStringList argv = argvIn;
    QString stdinText = stdinIn;
    int fileFlags = 0;
    int valueAt = -1;
    for (int i = 0; i < argv.size(); ++i) {
        const QString& a = argv[i];
        if (isFileFlag(a) && i + 1 < argv.size()) {
            ++fileFlags;
            valueAt = i + 1;
            ++i;
        } else if (a.startsWith(QLatin1String("--filename=")) || a.startsWith(QLatin1String("-f="))) {
            ++fileFlags;
            valueAt = -2; // inline form: keep the reference
        }
    }
    if (fileFlags == 1 && valueAt >= 0 && argv[valueAt] != QLatin1String("-") && stdinText.isEmpty()) {
        QString path = argv[valueAt];
        if (QFileInfo(path).isRelative() && !m_cwd.isEmpty())
            path = QDir(m_cwd).filePath(path);
        QFile f(path);
        if (QFileInfo(path).isFile() && f.open(QIODevice::ReadOnly)) {
            stdinText = QString::fromUtf8(f.readAll());
            argv[valueAt] = QStringLiteral("-");
        }
    }
    m_commands.push_back({elapsed(), argv, stdinText, m_cwd});
}

int Session::execute(const QStringList& argv, const QString& stdinText, const QString& echo)
{
    if (!echo.isEmpty())
        emit outputAvailable(echo, false);
    int status = 0;
    const QString head = argv.value(0);
    if (head == QLatin1String("export") || head == QLatin1String("echo")) {
        status = m_live->runner.runArgv(argv, stdinText);
    } else if (head == QLatin1String("sleep")) {
        status = m_live->runner.runArgv(argv, stdinText); // time moves; the log keeps moments, not sleeps
    } else {
        record(argv, stdinText);
        m_live->runner.setWorkingDirectory(m_cwd);
        if (isTraffic(argv)) {
            QString error;
            status = runTraffic(*m_live, argv.mid(2), &error);
            if (status != 0)
                emit outputAvailable(error, true);
        } else {
            status = m_live->runner.runArgv(argv, stdinText);
        }
        m_live->nextCommand = m_commands.size();
    }
    emit commandFinished(argv, status);
    emitTime();
    emitChanged();
    return status;
}

int Session::runArgv(const QStringList& argvIn, const QString& stdinText)
{
    if (argvIn.isEmpty() || !prepareToAct())
        return argvIn.isEmpty() ? 0 : 1;
    QStringList argv = argvIn;
    QString echo;
    const QString head = argv.first();
    if (head == QLatin1String("kubectl"))
        argv.removeFirst();
    if (head == kSim || head == QLatin1String("sleep") || head == QLatin1String("echo")
        || head == QLatin1String("export"))
        echo = QStringLiteral("$ ") + commandLine(argv) + QLatin1Char('\n');
    else
        echo = QStringLiteral("$ kubectl ") + commandLine(argv) + QLatin1Char('\n');
    // An action's argv carries no `kubectl` prefix; the runner routes kubectl verbs without it.
    if (head != QLatin1String("kubectl") && head != kSim && head != QLatin1String("sleep")
        && head != QLatin1String("echo") && head != QLatin1String("export"))
        argv.prepend(QStringLiteral("kubectl"));
    return execute(argv, stdinText, echo);
}

int Session::runLine(const QString& text, bool echo)
{
    if (text.trimmed().isEmpty())
        return 0;
    if (!prepareToAct())
        return 1;
    return runParsed(text, false, echo);
}

int Session::runScript(const QString& text, const QString& workingDirectory)
{
    if (!prepareToAct())
        return 1;
    if (!workingDirectory.isEmpty())
        m_cwd = workingDirectory;
    return runParsed(text, true);
}

int Session::runOne(const ScriptCommand& c, bool echoIt)
{
    QStringList lines = c.source.split(QLatin1Char('\n'));
    QString echo = QStringLiteral("$ ") + lines.takeFirst() + QLatin1Char('\n');
    for (const QString& l : lines)
        echo += QStringLiteral("> ") + l + QLatin1Char('\n');
    if (!echoIt)
        echo.clear();
    if (!c.error.isEmpty()) {
        if (!echo.isEmpty())
            emit outputAvailable(echo, false);
        emit outputAvailable(QStringLiteral("rolloutctl: line %1: %2\n").arg(c.line).arg(c.error), true);
        return 1;
    }
    QString stdinText = c.stdinText;
    if (!c.stdinFile.isEmpty()) {
        QString path = c.stdinFile;
        if (QFileInfo(path).isRelative() && !m_cwd.isEmpty())
            path = QDir(m_cwd).filePath(path);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            if (!echo.isEmpty())
                emit outputAvailable(echo, false);
            emit outputAvailable(QStringLiteral("rolloutctl: %1: No such file or directory\n").arg(c.stdinFile), true);
            return 1;
        }
        stdinText = QString::fromUtf8(f.readAll());
    }
    return execute(c.argv, stdinText, echo);
}

int Session::runParsed(const QString& text, bool script, bool echo)
{
    int status = 0;
    const std::vector<ScriptCommand> cmds = m_parser->parse(text);
    for (const ScriptCommand& c : cmds) {
        if (c.andIf && status != 0)
            continue;
        status = runOne(c, echo);
        m_parser->setVariable(QStringLiteral("?"), QString::number(status));
        if (script && m_thinkTime > 0) {
            m_live->sim.advance(m_thinkTime);
            emitTime();
        }
    }
    return status;
}

void Session::playScript(const QString& text, const QString& workingDirectory)
{
    if (!prepareToAct())
        return;
    if (!workingDirectory.isEmpty())
        m_cwd = workingDirectory;
    const bool wasIdle = m_pending.empty();
    for (ScriptCommand& c : m_parser->parse(text))
        m_pending.push_back(std::move(c));
    if (wasIdle)
        m_nextDue = elapsed();
    runDue(elapsed());
}

void Session::finishScript()
{
    if (m_viewingPast || m_pending.empty())
        return;
    runDue(std::numeric_limits<Millis>::max());
    emitTime();
    emitChanged();
}

QString Session::pendingScript() const
{
    QStringList sources;
    for (const ScriptCommand& c : m_pending)
        sources << c.source; // (an `&&` to a command already run is not kept)
    return sources.isEmpty() ? QString() : sources.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

const QMap<QString, QString>& Session::variables() const
{
    return m_parser->environment();
}

void Session::restoreScript(const QString& text, Millis due, const QMap<QString, QString>& variables)
{
    for (auto it = variables.begin(); it != variables.end(); ++it)
        m_parser->setVariable(it.key(), it.value());
    m_pending.clear();
    for (ScriptCommand& c : m_parser->parse(text))
        m_pending.push_back(std::move(c));
    m_nextDue = std::max(due, elapsed());
}

void Session::cancelScript()
{
    m_pending.clear();
}

void Session::runDue(Millis target)
{
    // Commands run at their moment, as ScriptRunner::runScript would have run them: think time
    // after each, `sleep N` on top (parsed as coreutils sleep: a plain number is seconds).
    int status = m_parser->variable(QStringLiteral("?")).toInt();
    while (!m_pending.empty() && m_nextDue <= target) {
        if (m_nextDue > elapsed())
            m_live->sim.advance(m_nextDue - elapsed());
        const ScriptCommand c = m_pending.front();
        m_pending.pop_front();
        if (c.error.isEmpty() && c.argv.size() == 2 && c.argv[0] == QLatin1String("sleep")
            && !(c.andIf && status != 0)) {
            QString d = c.argv[1];
            if (!d.isEmpty() && d.back().isDigit())
                d += QLatin1Char('s');
            const auto ms = parseGoDuration(d);
            if (ms && *ms >= 0) {
                emit outputAvailable(QStringLiteral("$ ") + c.source + QLatin1Char('\n'), false);
                m_parser->setVariable(QStringLiteral("?"), QStringLiteral("0"));
                status = 0;
                m_nextDue = elapsed() + *ms + m_thinkTime;
                if (m_pending.empty())
                    emit scriptFinished();
                continue;
            }
        }
        if (!(c.andIf && status != 0)) {
            status = runOne(c);
            m_parser->setVariable(QStringLiteral("?"), QString::number(status));
        }
        m_nextDue = elapsed() + m_thinkTime;
        if (m_pending.empty())
            emit scriptFinished();
    }
}
int Session::runTraffic(Cluster& c, const QStringList& args, QString* error)
{
    if (args.value(0) == QLatin1String("off") && args.size() == 1) {
        c.traffic.reset();
        return 0;
    }
    bool ok = args.size() == 1 || args.size() == 2;
    const double rate = args.size() == 2 ? args[1].toDouble(&ok) : 10.0;
    if (!ok || rate < 0 || args.value(0).isEmpty()) {
        if (error)
            *error = QStringLiteral("error: sim traffic: expected SERVICE [REQUESTS-PER-SECOND] or off\n");
        return 1;
    }
    c.traffic = std::make_unique<TrafficSource>(c.sim, QStringLiteral("default"), args[0], rate);
    c.traffic->start();
    return 0;
}

// --- time --------------------------------------------------------------------------------------

void Session::advanceBy(Millis ms)
{
    if (ms <= 0)
        return;
    if (m_viewingPast) {
        viewAt(m_viewTime + ms);
        return;
    }
    const Millis target = elapsed() + ms;
    runDue(target);
    if (target > elapsed())
        m_live->sim.advance(target - elapsed());
    emitTime();
    emitChanged();
}

bool Session::stepToNextEvent()
{
    if (m_viewingPast) {
        // In the past, stepping moves the view to the replica's next event.
        const Millis next = m_view->sim.queue().nextTime();
        if (next == kNoTime)
            return false;
        viewAt(next - m_view->sim.startTime());
        return true;
    }
    const Millis next = nextEventAt();
    if (!m_pending.empty() && (next < 0 || m_nextDue <= next)) {
        runDue(std::max(m_nextDue, elapsed())); // the script's next command comes first
        emitTime();
        emitChanged();
        return true;
    }
    if (next < 0)
        return false;
    // Recorded as `sim step`, so a replay runs exactly the same event (not every event of that
    // instant, as advancing to it would).
    record({kSim, QStringLiteral("step")}, {});
    m_live->sim.step();
    m_live->nextCommand = m_commands.size();
    emitTime();
    emitChanged();
    return true;
}

Millis Session::nextEventAt() const
{
    const Millis t = m_live->sim.queue().nextTime();
    return t == kNoTime ? -1 : t - m_live->sim.startTime();
}

void Session::emitTime()
{
    const Millis t = elapsed();
    if (t != m_lastEmittedTime) {
        m_lastEmittedTime = t;
        emit timeChanged(t);
        if (!m_viewingPast)
            emit viewTimeChanged(t);
    }
}

void Session::emitChanged()
{
    if (m_changePending)
        return;
    m_changePending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_changePending = false;
            emit changed();
        },
        Qt::QueuedConnection);
}

// --- the past ----------------------------------------------------------------------------------

const Simulation& Session::viewSimulation() const
{
    return m_viewingPast ? m_view->sim : m_live->sim;
}

const TrafficSource* Session::viewTraffic() const
{
    return m_viewingPast ? m_view->traffic.get() : m_live->traffic.get();
}

Millis Session::viewTime() const
{
    return m_viewingPast ? m_viewTime : elapsed();
}

void Session::replayInto(Cluster& c, Millis t, bool inclusive) const
{
    const Millis start = c.sim.startTime();
    const bool wasSilent = m_silent;
    const_cast<Session*>(this)->m_silent = true;
    while (c.nextCommand < m_commands.size()
        && (m_commands[c.nextCommand].at < t || (inclusive && m_commands[c.nextCommand].at == t))) {
        const WorkspaceCommand& cmd = m_commands[c.nextCommand];
        if (start + cmd.at > c.sim.now())
            c.sim.advance(start + cmd.at - c.sim.now());
        if (isTraffic(cmd.argv)) {
            runTraffic(c, cmd.argv.mid(2), nullptr);
        } else {
            c.runner.setWorkingDirectory(cmd.workingDirectory);
            c.runner.runArgv(cmd.argv, cmd.stdinText);
        }
        ++c.nextCommand;
    }
    if (start + t > c.sim.now())
        c.sim.advance(start + t - c.sim.now());
    const_cast<Session*>(this)->m_silent = wasSilent;
}

void Session::viewAt(Millis t)
{
    t = std::max<Millis>(0, t);
    if (t >= elapsed()) {
        returnToPresent();
        return;
    }
    bool replaced = !m_viewingPast;
    if (!m_view || m_view->sim.now() - m_view->sim.startTime() > t) {
        m_view = makeCluster();
        replaced = true;
    }
    replayInto(*m_view, t, false);
    m_viewingPast = true;
    m_viewTime = t;
    if (replaced)
        emit viewSimulationReplaced();
    emit viewTimeChanged(t);
    emitChanged();
}

void Session::returnToPresent()
{
    if (!m_viewingPast)
        return;
    m_viewingPast = false;
    emit viewSimulationReplaced();
    emit viewTimeChanged(elapsed());
    emitChanged();
}

std::shared_ptr<Session::Future> Session::branchAtView()
{
    if (!m_viewingPast || !m_view)
        return nullptr;
    m_pending.clear(); // a new future: the rest of a played script belonged to the old one
    auto f = std::make_shared<Future>();
    const std::size_t keep = m_view->nextCommand;
    f->branchIndex = keep;
    f->commands.assign(m_commands.begin() + qsizetype(keep), m_commands.end());
    m_commands.resize(keep);
    f->cluster = std::move(m_live);
    m_live = std::move(m_view);
    m_viewingPast = false;
    emit viewSimulationReplaced();
    emit historyRewritten();
    emitTime();
    emit viewTimeChanged(elapsed());
    emitChanged();
    return f;
}

std::shared_ptr<Session::Future> Session::restoreFuture(const std::shared_ptr<Future>& future)
{
    if (!future || !future->cluster || future->branchIndex > m_commands.size())
        return nullptr;
    m_pending.clear();
    auto swapped = std::make_shared<Future>();
    swapped->branchIndex = future->branchIndex;
    swapped->commands.assign(m_commands.begin() + qsizetype(future->branchIndex), m_commands.end());
    m_commands.resize(future->branchIndex);
    m_commands.insert(m_commands.end(), future->commands.begin(), future->commands.end());
    swapped->cluster = std::move(m_live);
    m_live = std::move(future->cluster);
    m_live->nextCommand = m_commands.size();
    m_view.reset();
    m_viewingPast = false;
    emit viewSimulationReplaced();
    emit historyRewritten();
    emitTime();
    emit viewTimeChanged(elapsed());
    emitChanged();
    return swapped;
}

// --- workspace ---------------------------------------------------------------------------------

Workspace Session::toWorkspace() const
{
    Workspace w;
    w.seed = m_seed;
    w.time = elapsed();
    w.lesson = m_lesson;
    w.commands = m_commands;
    return w;
}

void Session::fromWorkspace(const Workspace& w)
{
    m_pending.clear();
    m_seed = w.seed;
    m_commands = w.commands;
    m_lesson = w.lesson;
    m_cwd = m_commands.empty() ? w.lesson : m_commands.back().workingDirectory;
    m_parser = std::make_unique<ScriptParser>();
    m_view.reset();
    m_viewingPast = false;
    m_live = makeCluster();
    replayInto(*m_live, w.time, true);
    emit viewSimulationReplaced();
    emit historyRewritten();
    emitTime();
    emitChanged();
}

} // namespace rl
