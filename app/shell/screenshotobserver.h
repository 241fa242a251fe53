#pragma once

#include "scenario/rolloutctl.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <utility>
#include <vector>

namespace rl {

class AppSettings;
class MainWindow;
class Simulation;

/// What rolloutctl printed so far (stdout and stderr chunks in order): the screenshots' console
/// shows it. rolloutctl's writer appends; the observer reads.
struct ScreenshotTranscript
{
    std::vector<std::pair<QString, bool>> chunks; // text, isError
};

/// `rolloutctl run --screenshots DIR`: after each lesson step, renders Rollout Lab's main window
/// offscreen (1280x720 logical pixels, animations off, the Charts dock raised) showing
/// rolloutctl's own cluster read-only, the step's title and note in the lesson banner and the
/// transcript so far in the console, and writes DIR/<fileName> as a PNG (atomically) at the
/// device pixel ratio `scale` (1: 1280x720 pixels, 2: 2560x1440). Needs a QApplication.
class ScreenshotObserver : public LessonStepObserver
{
public:
    static constexpr int kWidth = 1280;
    static constexpr int kHeight = 720;
    static constexpr int kChartsWidth = 500;
    static constexpr int kConsoleHeight = 140;

    ScreenshotObserver(const QString& directory, qreal scale, std::shared_ptr<const ScreenshotTranscript> transcript);
    ~ScreenshotObserver() override;

    /// Keeps the offscreen platform's chatter ("This plugin does not support
    /// propagateSizeHints()", the XDG_RUNTIME_DIR notice) off stderr, so that rolloutctl's
    /// transcript is the same with or without screenshots. Other messages pass through.
    static void silencePlatformNotices();

    bool start(Simulation& sim, QString* error) override;
    bool stepPlayed(const Lesson& lesson, int index, const QString& fileName, QString* error) override;

    MainWindow* window() const { return m_window.get(); }

private:
    QString m_directory;
    qreal m_scale = 1;
    std::shared_ptr<const ScreenshotTranscript> m_transcript;
    std::size_t m_fed = 0; // transcript chunks already in the console
    QTemporaryDir m_data; // the window's settings and data: never the user's
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    const Simulation* m_sim = nullptr;
};

} // namespace rl
