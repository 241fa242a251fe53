#pragma once

#include <QImage>
#include <QString>

class QWidget;

namespace rl {

struct CsvTable;

/// Screenshots for slides: any widget (a view or the whole window) as PNG at 1× or 2× — rendered
/// at that device pixel ratio, so text and lines are drawn sharp, not upscaled — or as SVG
/// (QSvgGenerator; charts and the timeline paint vectors), and chart data as CSV. Files are
/// written with QSaveFile: an existing file stays intact when anything fails.
class WidgetExporter
{
public:
    /// The widget painted into an image of size × scale pixels (devicePixelRatio = scale).
    static QImage render(QWidget* widget, qreal scale);
    static bool savePng(QWidget* widget, const QString& path, qreal scale, QString* error = nullptr);
    static QByteArray svg(QWidget* widget, const QString& title = {});
    static bool saveSvg(QWidget* widget, const QString& path, const QString& title = {}, QString* error = nullptr);
    static bool saveCsv(const CsvTable& table, const QString& path, QString* error = nullptr);
    /// By the file's suffix: .png (at `scale`), .svg or .csv (`table` required for CSV).
    static bool save(QWidget* widget, const QString& path, qreal scale, const CsvTable* table, QString* error);

private:
    static bool write(const QString& path, const QByteArray& data, QString* error);
};

} // namespace rl
