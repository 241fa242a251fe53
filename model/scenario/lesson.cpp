#include "scenario/lesson.h"

#include "scenario/scriptparser.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace rl {

namespace {

const QLatin1String kStepPrefix("## ");

bool readText(const QString& path, QString* text)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    *text = QString::fromUtf8(f.readAll());
    return true;
}

bool isNoteLine(const QString& line)
{
    return line == QLatin1String("#") || line.startsWith(QLatin1String("# "));
}

QString noteText(const QString& line)
{
    return line.mid(2);
}

/// "02-kiada-rolling-update" -> "Kiada rolling update"; "book-kiada.sh" -> "Book kiada".
QString titleFromName(const QString& name)
{
    QString t = name;
    if (t.endsWith(QLatin1String(".sh")))
        t.chop(3);
    int i = 0;
    while (i < t.size() && t[i].isDigit())
        ++i;
    if (i > 0 && i < t.size() && (t[i] == QLatin1Char('-') || t[i] == QLatin1Char('_')))
        t = t.mid(i + 1);
    t.replace(QLatin1Char('-'), QLatin1Char(' ')).replace(QLatin1Char('_'), QLatin1Char(' '));
    t = t.simplified();
    if (!t.isEmpty())
        t[0] = t[0].toUpper();
    return t;
}

/// README.md: the first "# " heading and the text after it.
void splitReadme(const QString& readme, QString* heading, QString* body)
{
    const QStringList lines = readme.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QLatin1String("# "))) {
            *heading = lines[i].mid(2).trimmed();
            *body = lines.mid(i + 1).join(QLatin1Char('\n')).trimmed();
            return;
        }
    }
    *body = readme.trimmed();
}

} // namespace

std::optional<Lesson> Lesson::load(const QString& path, QString* error)
{
    const QFileInfo info(path);
    auto fail = [&](const QString& message) -> std::optional<Lesson> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!info.exists())
        return fail(QStringLiteral("%1: No such file or directory").arg(path));
    QString text;
    if (info.isDir()) {
        const QDir dir(info.absoluteFilePath());
        const QString script = dir.filePath(QLatin1String(kScriptFileName));
        if (!QFileInfo(script).isFile())
            return fail(QStringLiteral("%1: not a lesson: it has no %2").arg(path, QLatin1String(kScriptFileName)));
        if (!readText(script, &text))
            return fail(QStringLiteral("%1: cannot read %2").arg(path, QLatin1String(kScriptFileName)));
        QString readme;
        readText(dir.filePath(QStringLiteral("README.md")), &readme);
        Lesson lesson = fromScript(text, dir.absolutePath(), dir.dirName(), readme);
        lesson.m_scriptPath = script;
        return lesson;
    }
    if (!readText(info.absoluteFilePath(), &text))
        return fail(QStringLiteral("%1: cannot read the file").arg(path));
    Lesson lesson = fromScript(text, info.absolutePath(), info.fileName());
    lesson.m_scriptPath = info.absoluteFilePath();
    return lesson;
}

Lesson Lesson::fromScript(const QString& text, const QString& directory, const QString& name, const QString& readme)
{
    Lesson lesson;
    lesson.m_script = text;
    lesson.m_directory = directory;

    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the text's final newline
    for (QString& line : lines)
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1); // a script saved with CRLF line ends
    const int lineCount = int(lines.size());

    // Lines inside a multi-line command (quoted argument, continuation, here-document) are not
    // step titles, whatever they start with. Variables do not change where commands end.
    std::vector<bool> inside(std::size_t(lineCount) + 2, false);
    std::vector<int> commandLines;
    ScriptParser parser;
    for (const ScriptCommand& c : parser.parse(text)) {
        commandLines.push_back(c.line);
        const int extra = int(c.source.count(QLatin1Char('\n')));
        for (int l = c.line + 1; l <= c.line + extra && l <= lineCount; ++l)
            inside[std::size_t(l)] = true;
    }

    std::vector<int> headers;
    for (int l = 1; l <= lineCount; ++l)
        if (!inside[std::size_t(l)] && lines[l - 1].startsWith(kStepPrefix))
            headers.push_back(l);

    // The preamble's leading comment block: the "# title:" line and the description.
    const int preambleEnd = headers.empty() ? lineCount : headers.front() - 1;
    QString scriptTitle;
    QStringList preambleComments;
    for (int l = 1; l <= preambleEnd; ++l) {
        const QString& line = lines[l - 1];
        if (!line.startsWith(QLatin1Char('#')) || inside[std::size_t(l)])
            break;
        if (line.startsWith(QLatin1String("#!")))
            continue;
        const QString comment = line.mid(1).trimmed();
        if (comment.startsWith(QLatin1String("title:"), Qt::CaseInsensitive))
            scriptTitle = comment.mid(6).trimmed();
        else
            preambleComments << comment;
    }
    QString readmeHeading, readmeBody;
    if (!readme.isEmpty())
        splitReadme(readme, &readmeHeading, &readmeBody);
    if (!scriptTitle.isEmpty())
        lesson.m_title = scriptTitle;
    else if (!readmeHeading.isEmpty())
        lesson.m_title = readmeHeading;
    else
        lesson.m_title = titleFromName(name);
    lesson.m_description = !readmeBody.isEmpty() ? readmeBody : preambleComments.join(QLatin1Char('\n')).trimmed();

    auto addStep = [&](const QString& title, int first, int last, int noteFrom) {
        LessonStep step;
        step.title = title;
        step.firstLine = first;
        while (last > first && lines[last - 1].trimmed().isEmpty())
            --last;
        step.lastLine = last;
        QStringList note;
        for (int l = noteFrom; noteFrom > 0 && l <= last && !inside[std::size_t(l)] && isNoteLine(lines[l - 1]); ++l)
            note << noteText(lines[l - 1]);
        while (!note.isEmpty() && note.last().trimmed().isEmpty())
            note.removeLast();
        step.note = note.join(QLatin1Char('\n'));
        step.script = lines.mid(first - 1, last - first + 1).join(QLatin1Char('\n')) + QLatin1Char('\n');
        lesson.m_steps.push_back(step);
    };

    const bool preambleHasCommands
        = std::any_of(commandLines.begin(), commandLines.end(), [&](int l) { return l <= preambleEnd; });
    if (headers.empty() || preambleHasCommands)
        addStep(lesson.m_title, 1, preambleEnd, 0);
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const int first = headers[i];
        const int last = i + 1 < headers.size() ? headers[i + 1] - 1 : lineCount;
        addStep(lines[first - 1].mid(kStepPrefix.size()).trimmed(), first, last, first + 1);
    }
    return lesson;
}

QString Lesson::slug(const QString& title)
{
    const QString decomposed = title.normalized(QString::NormalizationForm_KD);
    QString out;
    bool dash = false;
    for (const QChar c : decomposed) {
        if (c.unicode() < 128 && c.isLetterOrNumber()) {
            if (dash && !out.isEmpty())
                out += QLatin1Char('-');
            dash = false;
            out += c.toLower();
        } else if (c.category() == QChar::Mark_NonSpacing || c == QLatin1Char('\'') || c == QChar(0x2019)) {
            continue; // accents and apostrophes: "Don't" -> "dont", "é" -> "e"
        } else {
            dash = true;
        }
    }
    constexpr int kMaxLength = 60;
    if (out.size() > kMaxLength) {
        out.truncate(kMaxLength);
        const int cut = int(out.lastIndexOf(QLatin1Char('-')));
        if (cut > kMaxLength / 2)
            out.truncate(cut);
    }
    return out.isEmpty() ? QStringLiteral("step") : out;
}

QString Lesson::screenshotFileName(int index, const QString& title)
{
    return QStringLiteral("%1-%2.png").arg(index + 1, 2, 10, QLatin1Char('0')).arg(slug(title));
}

QString Lesson::bundledLessonsDirectory(const QString& applicationDir)
{
    const QString env = qEnvironmentVariable("ROLLOUT_LESSONS_DIR");
    if (!env.isEmpty() && QFileInfo(env).isDir())
        return QDir(env).absolutePath();
    QString appDir = applicationDir;
    if (appDir.isEmpty() && QCoreApplication::instance())
        appDir = QCoreApplication::applicationDirPath();
    if (!appDir.isEmpty()) {
        const QString installed = QDir(appDir).filePath(QStringLiteral("../share/rollout-lab/lessons"));
        if (QFileInfo(installed).isDir())
            return QDir(installed).absolutePath();
    }
#ifdef ROLLOUT_SOURCE_LESSONS_DIR
    if (QFileInfo(QStringLiteral(ROLLOUT_SOURCE_LESSONS_DIR)).isDir())
        return QDir(QStringLiteral(ROLLOUT_SOURCE_LESSONS_DIR)).absolutePath();
#endif
    return {};
}

QStringList Lesson::lessonFolders(const QString& directory)
{
    QStringList out;
    if (directory.isEmpty())
        return out;
    const QDir dir(directory);
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo(dir.filePath(name + QLatin1Char('/') + QLatin1String(kScriptFileName))).isFile())
            out << dir.absoluteFilePath(name);
    return out;
}

} // namespace rl
