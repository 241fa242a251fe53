#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <memory>

namespace rl {

/// Every setting of the window, typed, with its default (one place instead of ad-hoc QSettings).
/// The window state is versioned: a layout saved by an older build (other docks) is ignored.
class AppSettings
{
public:
    /// Window state version: bump when docks or toolbars change.
    static constexpr int kWindowStateVersion = 1;
    static constexpr int kMaxRecentFiles = 10;

    enum class Theme { System, Light, Dark };

    /// The application's settings (organisation and application name of the QCoreApplication).
    AppSettings();
    /// Settings in an INI file (tests).
    explicit AppSettings(const QString& iniFile);
    ~AppSettings();

    QByteArray geometry() const;
    void setGeometry(const QByteArray& g);
    /// The saved QMainWindow::saveState(), or empty when saved by another window-state version.
    QByteArray windowState() const;
    void setWindowState(const QByteArray& s);

    QStringList recentFiles() const;
    /// Moves `path` to the front (absolute path; at most kMaxRecentFiles).
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);

    double speed() const;
    void setSpeed(double s);

    Theme theme() const;
    void setTheme(Theme t);
    bool presentationMode() const;
    void setPresentationMode(bool on);

    QStringList consoleHistory() const;
    void setConsoleHistory(const QStringList& lines);

    /// Seconds between autosaves while the session changes.
    int autosaveInterval() const;

    void sync();

private:
    std::unique_ptr<QSettings> m_s;
};

} // namespace rl
