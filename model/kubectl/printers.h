#pragma once

#include "api/objects.h"

#include <QStringList>

namespace rl {

/// Options of the human-readable `kubectl get` table (server-side columns, spec 7.10).
struct TableOptions
{
    bool wide = false; // -o wide
    bool showKind = false; // several resource types: NAME is "deployment.apps/kiada"
    bool noHeaders = false; // --no-headers
    bool showLabels = false; // --show-labels
    QStringList labelColumns; // -L key1,key2
};

/// Column headers of a table for `kind`, with the -L / --show-labels columns.
QStringList tableHeader(Kind kind, const TableOptions& o);
QStringList tableRow(const Deployment& d, Millis now, const TableOptions& o);
QStringList tableRow(const ReplicaSet& rs, Millis now, const TableOptions& o);
QStringList tableRow(const Pod& p, Millis now, const TableOptions& o);
QStringList tableRow(const Service& s, Millis now, const TableOptions& o);
QStringList tableRow(const Event& e, Millis now, const TableOptions& o);
QStringList tableRow(const Endpoints& ep, Millis now, const TableOptions& o);
/// The ENDPOINTS column and describe's Endpoints line (printers.go formatEndpoints): "ip:port" of
/// the ready addresses for every port, or only the port named `portName`; at most three, then
/// " + N more..."; "<none>" when the object has no subsets.
QString formatEndpoints(const Endpoints& ep, const std::optional<QString>& portName);

/// Cells joined by '\t', rows by '\n', laid out with kubectl's tabwriter (minwidth 6, padding 3).
QString formatTable(const std::vector<QStringList>& rows);

/// The pod STATUS column (printPod in pkg/printers/internalversion/printers.go).
QString podStatusText(const Pod& p);
/// The pod READY column: "<ready>/<total>".
QString podReadyText(const Pod& p);
/// The pod RESTARTS column: "0", "2 (15s ago)".
QString podRestartsText(const Pod& p, Millis now);

/// labels.FormatLabels: "app=kiada,rel=stable", "<none>" when empty.
QString formatLabels(const Labels& labels);
/// Header of a -L column: the part after the last '/', upper-cased.
QString labelColumnHeader(const QString& key);

} // namespace rl
