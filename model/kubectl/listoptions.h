#pragma once

// The list options of `kubectl get` that the simulated API server and kubectl apply to a list:
// --field-selector (the API server's field selection: fields.ParseSelector and each resource's
// selectable fields) and --sort-by (kubectl's SortingPrinter, pkg/cmd/get/sorter.go).

#include "sim/objectstore.h"

#include <QJsonValue>

#include <optional>
#include <vector>

namespace rl {

class FieldSelector
{
public:
    struct Term
    {
        QString field;
        bool equals = true; // "=" and "==" (false: "!=")
        QString value;
    };

    /// fields.ParseSelector: terms joined by ',', each `field=value`, `field==value` or
    /// `field!=value` (a backslash escapes `,`, `=`, `!` and itself in a value). On failure `error`
    /// is its message ("invalid selector: ...").
    static std::optional<FieldSelector> parse(const QString& text, QString* error = nullptr);

    bool isEmpty() const { return m_terms.empty(); }
    const QString& text() const { return m_text; }
    const std::vector<Term>& terms() const { return m_terms; }
    /// The first field of the selector that objects of kind `k` cannot be selected on.
    std::optional<QString> unsupportedField(Kind k) const;
    /// Whether `obj` has every term's value (for fields it supports).
    bool matches(const ObjectPtr& obj) const;

private:
    QString m_text;
    std::vector<Term> m_terms;
};

/// The value of a selectable field of `obj` as the API server compares it (each registry's
/// ToSelectableFields / GetAttrs), or nothing when its kind has no such field label: every kind
/// has metadata.name and metadata.namespace; pods spec.nodeName, spec.restartPolicy,
/// spec.schedulerName, spec.serviceAccountName, spec.hostNetwork, status.phase, status.podIP and
/// status.nominatedNodeName; replicasets status.replicas; events involvedObject.*, reason,
/// reportingComponent, source and type.
std::optional<QString> selectableField(const ObjectPtr& obj, const QString& field);

/// The resource as the API machinery prints a GroupVersionResource: "/v1, Resource=pods",
/// "apps/v1, Resource=deployments".
QString groupVersionResource(Kind k);

/// kubectl's --sort-by over objects in their JSON form: the order of their indices, by the
/// first value of the relaxed JSONPath `sortBy` (`.a.b`, `{.a.b}`): numbers by value, strings
/// as resource quantities when both are one, otherwise in natural order (digit runs by value),
/// objects without the field first. `table` is the table printer's case, which sorts only two
/// rows or more and reports a bad path as a "sorting error". Returns false with kubectl's message
/// (without "error: ") when no object has the field.
bool sortOrder(
    const std::vector<QJsonValue>& objects, const QString& sortBy, bool table, std::vector<int>& order, QString* error);

/// sortorder.NaturalLess (github.com/fvbommel/sortorder), which kubectl uses for strings.
bool naturalLess(QStringView a, QStringView b);

} // namespace rl
