#include "scenario/workspace.h"

#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace rl {

namespace {
QString key(const char* s)
{
    return QString::fromLatin1(s);
}

bool readMillis(const QJsonValue& v, Millis* out)
{
    if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 9.0e15)
        return false;
    *out = Millis(v.toDouble());
    return true;
}
} // namespace

QByteArray Workspace::toJson() const
{
    QJsonArray cmds;
    for (const auto& c : commands) {
        QJsonObject o {{key("at"), double(c.at)}, {key("argv"), QJsonArray::fromStringList(c.argv)}};
        if (!c.stdinText.isEmpty())
            o.insert(key("stdin"), c.stdinText);
        if (!c.workingDirectory.isEmpty())
            o.insert(key("workingDirectory"), c.workingDirectory);
        cmds.append(o);
    }
    QJsonArray docs;
    for (const auto& d : documents)
        docs.append(QJsonObject {{key("path"), d.path}, {key("text"), d.text}});
    QJsonObject root {
        {key("format"), formatName()},
        {key("version"), kFormatVersion},
        {key("seed"), QString::number(seed)},
        {key("time"), double(time)},
        {key("commands"), cmds},
        {key("documents"), docs},
    };
    if (!lesson.isEmpty())
        root.insert(key("lesson"), lesson);
    if (!ui.isEmpty())
        root.insert(key("ui"), ui);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<Workspace> Workspace::fromJson(const QByteArray& data, QString* error)
{
    auto fail = [error](const QString& why) -> std::optional<Workspace> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(QStringLiteral("the file is damaged: %1 at byte %2").arg(pe.errorString()).arg(pe.offset));
    if (doc.isObject() && !doc.object().contains(key("format")) && doc.object().value(key("commands")).isArray()
        && doc.object().contains(key("seed")))
        return fail(QStringLiteral("the file was saved by an older Rollout Lab (a state file without a format "
                                   "version; this one reads format %1)")
                        .arg(kFormatVersion));
    if (!doc.isObject() || doc.object().value(key("format")).toString() != formatName())
        return fail(QStringLiteral("this is not a Rollout Lab workspace"));
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(key("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()))
        return fail(QStringLiteral("the file is damaged: it has no format version"));
    if (version.toDouble() > kFormatVersion)
        return fail(QStringLiteral("the workspace was saved by a newer Rollout Lab (format %1; this one reads %2)")
                        .arg(version.toDouble(), 0, 'f', 0)
                        .arg(kFormatVersion));
    if (version.toDouble() < 1)
        return fail(
            QStringLiteral("the workspace has an unknown format version %1").arg(version.toDouble(), 0, 'f', 0));

    Workspace w;
    bool seedOk = false;
    w.seed = root.value(key("seed")).toString().toULongLong(&seedOk);
    if (!seedOk)
        return fail(QStringLiteral("the file is damaged: seed must be a number in a string"));
    if (!readMillis(root.value(key("time")), &w.time))
        return fail(QStringLiteral("the file is damaged: time must be a non-negative number"));
    w.lesson = root.value(key("lesson")).toString();
    w.ui = root.value(key("ui")).toObject();
    const QJsonArray cmds = root.value(key("commands")).toArray();
    Millis last = 0;
    for (qsizetype i = 0; i < cmds.size(); ++i) {
        const QJsonObject o = cmds.at(i).toObject();
        WorkspaceCommand c;
        if (!readMillis(o.value(key("at")), &c.at) || c.at < last)
            return fail(QStringLiteral("the file is damaged: commands[%1].at is missing or out of order").arg(i));
        last = c.at;
        const QJsonValue argv = o.value(key("argv"));
        if (!argv.isArray())
            return fail(QStringLiteral("the file is damaged: commands[%1].argv must be a list").arg(i));
        for (const auto& a : argv.toArray()) {
            if (!a.isString())
                return fail(QStringLiteral("the file is damaged: commands[%1].argv must hold strings").arg(i));
            c.argv << a.toString();
        }
        c.stdinText = o.value(key("stdin")).toString();
        c.workingDirectory = o.value(key("workingDirectory")).toString();
        w.commands.push_back(std::move(c));
    }
    if (w.time < last)
        return fail(QStringLiteral("the file is damaged: time is earlier than its last command"));
    for (const auto& v : root.value(key("documents")).toArray()) {
        const QJsonObject o = v.toObject();
        w.documents.push_back({o.value(key("path")).toString(), o.value(key("text")).toString()});
    }
    return w;
}

bool Workspace::save(const QString& path, QString* error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(toJson());
    if (!f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

std::optional<Workspace> Workspace::load(const QString& path, QString* error)
{
    // Only a regular file of sane size is read (not /dev/zero, a FIFO or a directory).
    static constexpr qint64 kMaxBytes = 512LL * 1024 * 1024;
    const QFileInfo info(path);
    if (info.exists() && (!info.isFile() || info.size() > kMaxBytes)) {
        if (error)
            *error = info.isFile()
                ? QStringLiteral("%1: the file is too large for a workspace (%2 bytes; at most %3)")
                      .arg(path)
                      .arg(info.size())
                      .arg(kMaxBytes)
                : QStringLiteral("%1: this is not a Rollout Lab workspace (not a regular file)").arg(path);
        return std::nullopt;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QString why;
    auto w = fromJson(f.readAll(), &why);
    if (!w && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return w;
}

void Workspace::replay(Simulation& sim, ScriptRunner& runner) const
{
    const Millis start = sim.startTime();
    for (const auto& c : commands) {
        if (start + c.at > sim.now())
            sim.advance(start + c.at - sim.now());
        runner.setWorkingDirectory(c.workingDirectory);
        runner.runArgv(c.argv, c.stdinText);
    }
    if (start + time > sim.now())
        sim.advance(start + time - sim.now());
}

} // namespace rl
