#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace rl {

/// Chart data as a table: a header row, then one row per sample time. Written as RFC 4180 CSV
/// (comma separated, fields with commas, quotes or line breaks quoted, CRLF line ends).
struct CsvTable
{
    QStringList header;
    QList<QStringList> rows;

    QByteArray toCsv() const;
    bool operator==(const CsvTable&) const = default;
};

} // namespace rl
