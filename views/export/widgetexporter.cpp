#include "export/widgetexporter.h"

#include "export/csvtable.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace rl {

QImage WidgetExporter::render(QWidget* widget, qreal scale)
{
    scale = scale <= 0 ? 1.0 : scale;
    const QSize size = widget->size();
    QImage image(
        QSize(qRound(size.width() * scale), qRound(size.height() * scale)), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget->palette().color(QPalette::Window));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    widget->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    p.end();
    return image;
}

bool WidgetExporter::savePng(QWidget* widget, const QString& path, qreal scale, QString* error)
{
    const QImage image = render(widget, scale);
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        if (error)
            *error = QCoreApplication::translate("rl::WidgetExporter", "Could not encode the PNG image.");
        return false;
    }
    return write(path, data, error);
}

QByteArray WidgetExporter::svg(QWidget* widget, const QString& title)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buffer);
    gen.setSize(widget->size());
    gen.setViewBox(QRect(QPoint(0, 0), widget->size()));
    gen.setTitle(title.isEmpty() ? widget->windowTitle() : title);
    gen.setDescription(QStringLiteral("Rollout Lab"));
    QPainter p(&gen);
    p.setRenderHint(QPainter::Antialiasing);
    widget->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    p.end();
    return data;
}

bool WidgetExporter::saveSvg(QWidget* widget, const QString& path, const QString& title, QString* error)
{
    return write(path, svg(widget, title), error);
}

bool WidgetExporter::saveCsv(const CsvTable& table, const QString& path, QString* error)
{
    return write(path, table.toCsv(), error);
}

bool WidgetExporter::save(QWidget* widget, const QString& path, qreal scale, const CsvTable* table, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg"))
        return saveSvg(widget, path, {}, error);
    if (suffix == QLatin1String("csv")) {
        if (!table) {
            if (error)
                *error = QCoreApplication::translate("rl::WidgetExporter", "This view has no data to export as CSV.");
            return false;
        }
        return saveCsv(*table, path, error);
    }
    return savePng(widget, path, scale, error);
}

bool WidgetExporter::write(const QString& path, const QByteArray& data, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("rl::WidgetExporter", "Could not write %1: %2")
                         .arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace rl
