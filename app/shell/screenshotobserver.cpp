#include "screenshotobserver.h"

#include "appsettings.h"
#include "mainwindow.h"
#include "rollout/rolloutview.h"
#include "scenario/lesson.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QTabWidget>

#include <cstdio>

#include "console/commandconsole.h"

namespace rl {

namespace {

QtMessageHandler g_previousHandler = nullptr;
bool g_filterInstalled = false;

void platformNoticeFilter(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg
        && (message.startsWith(QLatin1String("This plugin does not support"))
            || message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

} // namespace

void ScreenshotObserver::silencePlatformNotices()
{
    if (!g_filterInstalled)
        g_previousHandler = qInstallMessageHandler(platformNoticeFilter);
    g_filterInstalled = true;
}

ScreenshotObserver::ScreenshotObserver(
    const QString& directory, qreal scale, std::shared_ptr<const ScreenshotTranscript> transcript)
    : m_directory(directory)
    , m_scale(scale)
    , m_transcript(std::move(transcript))
{ }

ScreenshotObserver::~ScreenshotObserver() = default;

bool ScreenshotObserver::start(Simulation& sim, QString* error)
{
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        *error = QStringLiteral("the window needs a QApplication");
        return false;
    }
    if (!m_data.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_data.errorString());
        return false;
    }
    // Still pictures: every grid created from now on starts without animation.
    qputenv("ROLLOUT_LAB_NO_ANIMATION", "1");
    // Fresh settings and data (default layout and theme, no autosave): never the user's.
    m_settings = std::make_unique<AppSettings>(m_data.filePath(QStringLiteral("settings.ini")));
    MainWindow::Options options;
    options.settings = m_settings.get();
    options.dataDirectory = m_data.path();
    options.autosave = false;
    options.frameTimer = false;
    options.ask = [](const QString&, const QString&, QMessageBox::StandardButtons) { return QMessageBox::No; };
    options.error = [](const QString&, const QString&) {};
    m_window = std::make_unique<MainWindow>(options);
    m_window->setAttribute(Qt::WA_DontShowOnScreen);
    m_window->rolloutView()->setAnimated(false);
    m_window->resize(kWidth, kHeight);
    m_window->show();
    // rolloutctl never puts a manifest in the editor: its dock's place goes to the charts, which
    // get the window's height there (squeezed under the rollout view, at 720 pixels, their plot
    // would be a strip), from the menu bar to the time bar; the console prints the tables the lesson asks for.
    auto* editor = m_window->findChild<QDockWidget*>(QStringLiteral("editorDock"));
    auto* console = m_window->findChild<QDockWidget*>(QStringLiteral("consoleDock"));
    auto* tables = m_window->findChild<QDockWidget*>(QStringLiteral("tablesDock"));
    auto* charts = m_window->findChild<QDockWidget*>(QStringLiteral("chartsDock"));
    if (editor && charts) {
        editor->hide();
        m_window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
        m_window->addDockWidget(Qt::LeftDockWidgetArea, charts);
        charts->show();
        if (tables) // the console prints the tables the lesson asks for
            tables->hide();
    }
    m_sim = &sim;
    m_window->showSimulation(m_sim);
    QCoreApplication::processEvents();
    // Once laid out (before, the docks have no size to share). The lesson banner's width (its
    // title does not wrap) may keep the charts narrower.
    if (charts)
        m_window->resizeDocks({charts}, {kChartsWidth}, Qt::Horizontal);
    if (console) // the rollout view's revisions before the transcript's older lines
        m_window->resizeDocks({console}, {kConsoleHeight}, Qt::Vertical);
    QCoreApplication::processEvents();

    if (m_window->size() != QSize(kWidth, kHeight)) {
        *error = QStringLiteral("the window does not fit in %1x%2 (it needs %3x%4)")
                     .arg(kWidth)
                     .arg(kHeight)
                     .arg(m_window->width())
                     .arg(m_window->height());
        return false;
    }
    return true;
}

bool ScreenshotObserver::stepPlayed(const Lesson& lesson, int index, const QString& fileName, QString* error)
{
    if (m_transcript) {
        for (; m_fed < m_transcript->chunks.size(); ++m_fed) {
            const auto& [text, isError] = m_transcript->chunks[m_fed];
            m_window->console()->appendOutput(text, isError);
        }
    }
    m_window->showLessonStep(lesson, index);
    m_window->showSimulation(m_sim);
    // Layouts, scroll positions and chart geometry settle through posted events.
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
    // The console shows the end of the transcript, as it does while a lesson plays.
    QPlainTextEdit* output = m_window->console()->outputView();
    output->verticalScrollBar()->setValue(output->verticalScrollBar()->maximum());
    output->horizontalScrollBar()->setValue(0);

    QImage image(QSize(kWidth, kHeight) * m_scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(m_scale);
    image.fill(m_window->palette().color(QPalette::Window));
    m_window->render(&image);

    const QString path = QDir(m_directory).filePath(fileName);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace rl
