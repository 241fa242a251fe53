#include "scenario/scriptrunner.h"

#include "api/json.h"
#include "controllers/deploymentcontroller.h"
#include "kubectl/duration.h"
#include "kubectl/limits.h"
#include "kubectl/patch.h"
#include "manifest/yamljson.h"
#include "sim/clusterprofile.h"
#include "sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace rl {

ScriptRunner::ScriptRunner(Simulation& sim)
    : m_sim(sim)
    , m_kubectl(sim)
{
    m_kubectl.setSink([this](const QString& t, bool e) { emitText(t, e); });
}

void ScriptRunner::setSink(Kubectl::Sink sink)
{
    m_sink = std::move(sink);
}

void ScriptRunner::setWorkingDirectory(const QString& dir)
{
    m_cwd = dir;
    m_kubectl.setWorkingDirectory(dir);
}

void ScriptRunner::emitText(const QString& s, bool isError)
{
    if (m_sink && !s.isEmpty())
        m_sink(s, isError);
}

int ScriptRunner::runScript(const QString& text)
{
    return runCommands(m_parser.parse(text));
}

int ScriptRunner::runCommands(const std::vector<ScriptCommand>& cmds, int status, bool* stopped)
{
    for (const ScriptCommand& c : cmds) {
        if (c.andIf && status != 0)
            continue;
        status = runCommand(c);
        m_parser.setVariable(QStringLiteral("?"), QString::number(status));
        if (m_thinkTime > 0)
            m_sim.advance(m_thinkTime);
        if (status != 0 && m_stopOnError) {
            if (stopped)
                *stopped = true;
            break;
        }
    }
    return status;
}

int ScriptRunner::runCommand(const ScriptCommand& c)
{
    if (m_echo) {
        QStringList lines = c.source.split(QLatin1Char('\n'));
        QString shown = QStringLiteral("$ ") + lines.takeFirst() + QLatin1Char('\n');
        for (const QString& l : lines)
            shown += QStringLiteral("> ") + l + QLatin1Char('\n');
        out(shown);
    }
    if (!c.error.isEmpty()) {
        err(QStringLiteral("rolloutctl: line %1: %2\n").arg(c.line).arg(c.error));
        return 1; // the rule for rolloutctl: every bad input exits 1 (bash would exit 2)
    }
    QString stdinText = c.stdinText;
    if (!c.stdinFile.isEmpty()) {
        QString path = c.stdinFile;
        if (QFileInfo(path).isRelative() && !m_cwd.isEmpty())
            path = QDir(m_cwd).filePath(path);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            err(QStringLiteral("rolloutctl: %1: No such file or directory\n").arg(c.stdinFile));
            return 1;
        }
        stdinText = QString::fromUtf8(f.readAll());
    }
    return runArgv(c.argv, stdinText);
}

int ScriptRunner::runArgv(const QStringList& argvIn, const QString& stdinText)
{
    QStringList argv = argvIn;
    if (argv.isEmpty())
        return 0;
    const QString head = argv.first();
    if (head == QLatin1String("export"))
        return 0;
    if (head == QLatin1String("echo")) {
        out(argv.mid(1).join(QLatin1Char(' ')) + QLatin1Char('\n'));
        return 0;
    }
    if (head == QLatin1String("sleep")) {
        if (argv.size() != 2) {
            err(QStringLiteral("sleep: missing operand\n"));
            return 1;
        }
        QString d = argv[1];
        if (!d.isEmpty() && d.back().isDigit())
            d += QLatin1Char('s'); // coreutils sleep: plain numbers are seconds
        QString why;
        const auto ms = parseGoDuration(d, &why);
        if (!ms || *ms < 0) {
            err(QStringLiteral("sleep: invalid time interval '%1'\n").arg(argv[1]));
            return 1;
        }
        m_sim.advance(*ms);
        return 0;
    }
    if (head == QLatin1String("sim"))
        return sim(argv.mid(1), stdinText);
    static const QStringList kubectlVerbs {"get", "describe", "apply", "create", "delete", "scale", "set", "patch",
        "annotate", "label", "rollout", "wait", "edit", "version", "expose"};
    if (head == QLatin1String("kubectl") || kubectlVerbs.contains(head))
        return m_kubectl.run(argv, stdinText);
    err(QStringLiteral("rolloutctl: %1: command not found\n").arg(head));
    return 127;
}

int ScriptRunner::simLoad(const QString& text)
{
    std::vector<YamlChunk> chunks;
    QString error;
    if (!splitYamlDocuments(text.toUtf8(), chunks, error)) {
        err(QStringLiteral("error: %1\n").arg(error));
        return 1;
    }
    std::vector<QJsonObject> docs;
    for (const YamlChunk& c : chunks) {
        QJsonValue v;
        YamlError yerr;
        if (!yamlToJson(c, v, nullptr, yerr)) {
            err(QStringLiteral("error: %1\n").arg(yerr.message));
            return 1;
        }
        if (!v.isObject())
            continue;
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("List"))
            for (const auto& item : o.value(QStringLiteral("items")).toArray())
                docs.push_back(item.toObject());
        else
            docs.push_back(o);
    }
    int rc = 0;
    for (const QJsonObject& doc : docs) {
        const QString kind = doc.value(QStringLiteral("kind")).toString();
        if (doc.value(QStringLiteral("apiVersion")).toString() == kRolloutLabApiVersion) {
            // Cluster profile and image behaviours configure the simulation; they do not stop it.
            QString error;
            if (m_kubectl.applyRolloutLabObject(doc, &error).isEmpty()) {
                err(QStringLiteral("error: %1\n").arg(error));
                rc = 1;
            }
            continue;
        }
        m_sim.setAutomatic(false);
        DecodeError derr;
        QString name;
        auto load = [&](auto obj) {
            if (!fromJson(doc, obj, derr))
                return false;
            if (obj.metadata.namespace_.isEmpty())
                obj.metadata.namespace_ = QStringLiteral("default");
            name = obj.metadata.name;
            if (const auto limit = checkLimits(m_sim.store(), ApiObject(obj), m_kubectl.limits())) {
                derr.message = limitErrorText(ApiObject(obj), *limit).mid(7); // without "error: "
                return false;
            }
            m_sim.store().load(obj);
            return true;
        };
        bool ok = false;
        if (kind == QLatin1String("Deployment"))
            ok = load(Deployment {});
        else if (kind == QLatin1String("ReplicaSet"))
            ok = load(ReplicaSet {});
        else if (kind == QLatin1String("Pod"))
            ok = load(Pod {});
        else if (kind == QLatin1String("Service"))
            ok = load(Service {});
        else
            derr.message = QStringLiteral("sim load: unsupported kind \"%1\"").arg(kind);
        if (!ok) {
            err(QStringLiteral("error: %1\n").arg(derr.message));
            rc = 1;
        }
    }
    return rc;
}

int ScriptRunner::sim(const QStringList& args, const QString& stdinText)
{
    const QString verb = args.value(0);
    if (verb == QLatin1String("time")) {
        out(QStringLiteral("%1 (+%2s)\n").arg(formatTimestamp(m_sim.now())).arg(m_sim.elapsedSeconds()));
        return 0;
    }
    if (verb == QLatin1String("advance")) {
        QString why;
        const auto ms = parseGoDuration(args.value(1), &why);
        if (!ms || *ms < 0) {
            err(QStringLiteral("error: %1\n")
                    .arg(why.isEmpty() ? QStringLiteral("duration must not be negative") : why));
            return 1;
        }
        if (!m_sim.isAutomatic())
            m_sim.setAutomatic(true);
        m_sim.advance(*ms);
        return 0;
    }
    if (verb == QLatin1String("step")) {
        if (!m_sim.step())
            out(QStringLiteral("nothing to do\n"));
        return 0;
    }
    if (verb == QLatin1String("resume")) {
        m_sim.setAutomatic(true);
        return 0;
    }
    if (verb == QLatin1String("seed")) {
        bool ok = false;
        const quint64 seed = args.value(1).toULongLong(&ok);
        if (!ok) {
            err(QStringLiteral("error: sim seed: invalid seed \"%1\"\n").arg(args.value(1)));
            return 1;
        }
        m_sim.reseed(seed);
        return 0;
    }
    if (verb == QLatin1String("sync")) {
        const QString target = args.value(1);
        if (!target.startsWith(QLatin1String("deployment/")) && !target.startsWith(QLatin1String("deploy/"))
            && !target.startsWith(QLatin1String("deployments/"))) {
            err(QStringLiteral("error: sim sync: expected deployment/NAME\n"));
            return 1;
        }
        const QString name = target.section(QLatin1Char('/'), 1);
        if (!m_sim.store().get<Deployment>(QStringLiteral("default"), name)) {
            err(QStringLiteral("Error from server (NotFound): deployments.apps \"%1\" not found\n").arg(name));
            return 1;
        }
        m_sim.setAutomatic(false);
        m_sim.deploymentController().syncDeployment(objectKey(QStringLiteral("default"), name));
        return 0;
    }
    if (verb == QLatin1String("load")) {
        if (args.value(1) != QLatin1String("-f") || args.size() < 3) {
            err(QStringLiteral("error: usage: sim load -f FILE|-\n"));
            return 1;
        }
        QString text = stdinText;
        if (args[2] != QLatin1String("-")) {
            QString path = args[2];
            if (QFileInfo(path).isRelative() && !m_cwd.isEmpty())
                path = QDir(m_cwd).filePath(path);
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                err(QStringLiteral("error: the path \"%1\" does not exist\n").arg(args[2]));
                return 1;
            }
            text = QString::fromUtf8(f.readAll());
        }
        return simLoad(text);
    }
    err(QStringLiteral("error: unknown sim command \"%1\" (load, sync, advance, step, time, seed, resume)\n")
            .arg(verb));
    return 1;
}

} // namespace rl
