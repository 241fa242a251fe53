// Rollout Lab: the window. `rollout-lab [FILE|LESSON-FOLDER|WORKSPACE]...`; with no argument it
// opens the default lesson (after offering to restore a session that did not end cleanly).
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("RolloutLab"));
    QCoreApplication::setApplicationName(QStringLiteral("rollout-lab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Rollout Lab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Watch Kubernetes roll out a Deployment on a simulated cluster."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"),
        QCoreApplication::translate("main", "Lesson folders, scripts (.sh), manifests or workspaces to open."),
        QStringLiteral("[FILE|LESSON-FOLDER|WORKSPACE...]"));
    parser.process(app);

    rl::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (!window.offerRestore()) {
        if (files.isEmpty()) {
            const QString lesson = rl::MainWindow::defaultLesson();
            if (!lesson.isEmpty())
                window.openLesson(lesson);
        }
    }
    for (const QString& f : files)
        window.openPath(f);
    return app.exec();
}
