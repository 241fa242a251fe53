#include "export/csvtable.h"

namespace rl {

namespace {
QString field(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))
        && !s.contains(QLatin1Char('\r')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

void appendRow(QByteArray& out, const QStringList& row)
{
    QStringList fields;
    fields.reserve(row.size());
    for (const QString& f : row)
        fields << field(f);
    out += fields.join(QLatin1Char(',')).toUtf8();
    out += "\r\n";
}
} // namespace

QByteArray CsvTable::toCsv() const
{
    QByteArray out;
    appendRow(out, header);
    for (const QStringList& r : rows)
        appendRow(out, r);
    return out;
}

} // namespace rl
