#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rolloutctl"));
    QTextStream(stderr) << "rolloutctl: the command layer is not built yet\n";
    return 1;
}
