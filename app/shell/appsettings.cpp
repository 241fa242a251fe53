#include "appsettings.h"

#include <QFileInfo>

namespace rl {

namespace {
QString k(const char* s)
{
    return QString::fromLatin1(s);
}
} // namespace

AppSettings::AppSettings()
    : m_s(std::make_unique<QSettings>())
{ }

AppSettings::AppSettings(const QString& iniFile)
    : m_s(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{ }

AppSettings::~AppSettings() = default;

QByteArray AppSettings::geometry() const
{
    return m_s->value(k("window/geometry")).toByteArray();
}

void AppSettings::setGeometry(const QByteArray& g)
{
    m_s->setValue(k("window/geometry"), g);
}

QByteArray AppSettings::windowState() const
{
    if (m_s->value(k("window/stateVersion")).toInt() != kWindowStateVersion)
        return {};
    return m_s->value(k("window/state")).toByteArray();
}

void AppSettings::setWindowState(const QByteArray& s)
{
    m_s->setValue(k("window/stateVersion"), kWindowStateVersion);
    m_s->setValue(k("window/state"), s);
}

QStringList AppSettings::recentFiles() const
{
    return m_s->value(k("recentFiles")).toStringList();
}

void AppSettings::addRecentFile(const QString& path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    m_s->setValue(k("recentFiles"), files);
}

void AppSettings::removeRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    m_s->setValue(k("recentFiles"), files);
}

double AppSettings::speed() const
{
    const double s = m_s->value(k("time/speed"), 1.0).toDouble();
    return s >= 0.25 && s <= 100.0 ? s : 1.0;
}

void AppSettings::setSpeed(double s)
{
    m_s->setValue(k("time/speed"), s);
}

AppSettings::Theme AppSettings::theme() const
{
    const QString t = m_s->value(k("view/theme")).toString();
    if (t == QLatin1String("light"))
        return Theme::Light;
    if (t == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void AppSettings::setTheme(Theme t)
{
    m_s->setValue(k("view/theme"), t == Theme::Light ? k("light") : t == Theme::Dark ? k("dark") : k("system"));
}

bool AppSettings::presentationMode() const
{
    return m_s->value(k("view/presentation"), false).toBool();
}

void AppSettings::setPresentationMode(bool on)
{
    m_s->setValue(k("view/presentation"), on);
}

QStringList AppSettings::consoleHistory() const
{
    return m_s->value(k("console/history")).toStringList();
}

void AppSettings::setConsoleHistory(const QStringList& lines)
{
    m_s->setValue(k("console/history"), lines.mid(std::max<qsizetype>(0, lines.size() - 500)));
}

int AppSettings::autosaveInterval() const
{
    return std::max(5, m_s->value(k("workspace/autosaveSeconds"), 30).toInt());
}

void AppSettings::sync()
{
    m_s->sync();
}

} // namespace rl
