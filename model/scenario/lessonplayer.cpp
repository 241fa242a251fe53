#include "scenario/lessonplayer.h"

#include "scenario/scriptrunner.h"

namespace rl {

LessonPlayer::LessonPlayer(ScriptRunner& runner, Lesson lesson, QObject* parent)
    : QObject(parent)
    , m_runner(runner)
    , m_lesson(std::move(lesson))
{ }

void LessonPlayer::start()
{
    if (m_started)
        return;
    m_started = true;
    if (!m_lesson.directory().isEmpty())
        m_runner.setWorkingDirectory(m_lesson.directory());
    // One parse of the whole script, as runScript does; each command goes to the step its first
    // line belongs to.
    const auto& steps = m_lesson.steps();
    m_commands.assign(steps.size(), {});
    std::size_t s = 0;
    for (ScriptCommand& c : m_runner.parser().parse(m_lesson.script())) {
        while (s + 1 < steps.size() && c.line >= steps[s + 1].firstLine)
            ++s;
        if (!steps.empty())
            m_commands[s].push_back(std::move(c));
    }
}

int LessonPlayer::next()
{
    if (isFinished())
        return -1;
    start();
    const int index = m_next;
    emit stepStarted(index);
    bool stopped = false;
    m_status = m_runner.runCommands(m_commands[std::size_t(index)], m_status, &stopped);
    m_stopped = stopped;
    ++m_next;
    if (m_callback)
        m_callback(index, m_lesson.steps()[std::size_t(index)]);
    emit stepPlayed(index);
    if (isFinished())
        emit finished();
    return m_status;
}

int LessonPlayer::playStep(int index)
{
    if (index < m_next || index >= m_lesson.stepCount() || isFinished())
        return -1;
    int status = 0;
    while (!isFinished() && m_next <= index)
        status = next();
    return status;
}

int LessonPlayer::playAll()
{
    while (!isFinished())
        next();
    return m_status;
}

} // namespace rl
