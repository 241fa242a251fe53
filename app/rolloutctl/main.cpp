#include "scenario/rolloutctl.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
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
    rl::RolloutCtl ctl([&](const QString& text, bool isError) {
        QTextStream& s = isError ? err : out;
        s << text;
        s.flush();
    });
    return ctl.run(args, stdinText);
}
