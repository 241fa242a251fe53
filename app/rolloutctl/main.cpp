#include "scenario/rolloutctl.h"
#include "screenshotobserver.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {

/// `run --screenshots DIR` renders the window: it needs a QApplication (on the offscreen platform
/// unless the user chose one); everything else stays a QCoreApplication.
bool wantsScreenshots(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--screenshots" || a.startsWith("--screenshots="))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    const bool screenshots = wantsScreenshots(argc, argv);
    if (screenshots && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (screenshots)
        rl::ScreenshotObserver::silencePlatformNotices();
    std::unique_ptr<QCoreApplication> app
        = screenshots ? std::make_unique<QApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rolloutctl"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    // `-f -` on a single command reads standard input
    QString stdinText;
    if (!args.isEmpty() && args.first() != QLatin1String("run") && args.contains(QStringLiteral("-"))) {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            stdinText = QString::fromUtf8(in.readAll());
    }
    auto transcript = std::make_shared<rl::ScreenshotTranscript>();
    rl::RolloutCtl ctl([&](const QString& text, bool isError) {
        QTextStream& s = isError ? err : out;
        s << text;
        s.flush();
        if (screenshots)
            transcript->chunks.emplace_back(text, isError);
    });
    if (screenshots) {
        ctl.setStepObserverFactory([&](const QString& directory, QString*) {
            return std::make_unique<rl::ScreenshotObserver>(directory, ctl.screenshotScale(), transcript);
        });
    }
    return ctl.run(args, stdinText);
}
