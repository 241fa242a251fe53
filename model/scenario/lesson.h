#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rl {

/// One step of a lesson: a `## Title` line of lesson.sh, the `# ` note lines right after it, and
/// every line up to the next step.
struct LessonStep
{
    QString title;
    QString note; // the note lines without their "# " prefix, joined by '\n'
    QString script; // the step's lines of the script as written (title and note included)
    int firstLine = 0; // 1-based line range in the script
    int lastLine = 0;
};

/// A lesson is a plain folder: `lesson.sh` (the text of a terminal session, see ScriptRunner) plus
/// the manifests it uses, and optionally a README.md. A line starting with "## " begins a step and
/// gives its title; the "# " comment lines right after it are the step's note. Lines before the
/// first step are the preamble: a "# title: ..." comment there names the lesson, its other comment
/// lines describe it. Commands in the preamble form a first step titled like the lesson; a script
/// without any "## " line is a lesson of one step.
///
/// The title is the preamble's "# title:" line, else README.md's first "# " heading, else the
/// folder (or script) name. "## " lines inside a multi-line command (a quoted argument, a
/// here-document) are part of that command, not step titles.
class Lesson
{
public:
    static constexpr const char* kScriptFileName = "lesson.sh";

    /// Loads a lesson folder (its lesson.sh) or a script file. On failure returns nothing and sets
    /// *error (e.g. "no lesson.sh in FOLDER").
    static std::optional<Lesson> load(const QString& path, QString* error = nullptr);
    /// A lesson from script text; relative paths in it resolve against `directory`, and `name`
    /// (a folder or file name) titles it when nothing else does.
    static Lesson fromScript(
        const QString& text, const QString& directory, const QString& name, const QString& readme = {});

    QString title() const { return m_title; }
    /// README.md's text after its heading, else the preamble's comment lines.
    QString description() const { return m_description; }
    /// The folder relative paths of the script resolve against (the lesson folder).
    QString directory() const { return m_directory; }
    /// The script file ("" for a lesson made from text).
    QString scriptPath() const { return m_scriptPath; }
    QString script() const { return m_script; }
    const std::vector<LessonStep>& steps() const { return m_steps; }
    int stepCount() const { return int(m_steps.size()); }

    /// Lower-case ASCII words of a title joined by '-': "The starting point: version 0.6" ->
    /// "the-starting-point-version-0-6" (accents dropped, at most 60 characters, "step" if empty).
    static QString slug(const QString& title);
    /// The screenshot of step `index` (0-based): "01-the-starting-point-version-0-6.png".
    static QString screenshotFileName(int index, const QString& title);

    /// The folder of the bundled lessons: $ROLLOUT_LESSONS_DIR, else
    /// <applicationDir>/../share/rollout-lab/lessons, else the source tree's resources/lessons;
    /// the first that exists, or "" when none does.
    static QString bundledLessonsDirectory(const QString& applicationDir = {});
    /// The lesson folders (those holding a lesson.sh) in `directory`, sorted by name.
    static QStringList lessonFolders(const QString& directory);

private:
    QString m_title;
    QString m_description;
    QString m_directory;
    QString m_scriptPath;
    QString m_script;
    std::vector<LessonStep> m_steps;
};

} // namespace rl
