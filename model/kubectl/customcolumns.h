#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace rl {

/// kubectl's custom-columns printer (k8s.io/cli-runtime/pkg/printers/customcolumn.go):
/// `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image` and
/// `-o custom-columns-file=FILE` (a line of headers and a line of field specs, whitespace separated).
/// Each cell is the jsonpath's values (Go %v) joined by ",", `<none>` when there is none; rows are laid
/// out by the tabwriter of `kubectl get`.
class CustomColumnsPrinter
{
public:
    struct Column
    {
        QString header;
        QString fieldSpec; // normalised to "{.a.b}"
    };

    /// NewCustomColumnsPrinterFromSpec. On failure `error` is kubectl's message (without "error: ").
    bool parseSpec(const QString& spec, QString* error = nullptr);
    /// NewCustomColumnsPrinterFromTemplate (the text of a custom-columns-file).
    bool parseTemplate(const QString& text, QString* error = nullptr);
    void setNoHeaders(bool on) { m_noHeaders = on; }
    const std::vector<Column>& columns() const { return m_columns; }

    /// Prints the objects (a List's items are printed one by one): the header line once, one row each.
    bool print(const std::vector<QJsonValue>& objects, QString& out, QString* error = nullptr) const;

    /// RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}`, `{.a.b}` -> `{.a.b}`.
    static bool relaxedJsonPathExpression(const QString& expr, QString& out, QString* error = nullptr);

private:
    std::vector<Column> m_columns;
    bool m_noHeaders = false;
};

} // namespace rl
