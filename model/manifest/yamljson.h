#pragma once

// YAML <-> JSON the way kubectl does it:
// - reading: apimachinery's YAMLReader splits a stream into documents at lines starting with "---",
//   and sigs.k8s.io/yaml (go-yaml v2) converts each document to JSON with YAML 1.1 scalar
//   resolution (yes/no/on/off are booleans, 0777 is octal, ...). Syntax errors are worded as
//   go-yaml words them ("yaml: line 7: mapping values are not allowed in this context"), with
//   go-yaml's line numbers, which are relative to the document;
// - writing: `-o yaml` is sigs.k8s.io/yaml.Marshal (JSON -> go-yaml v2 emitter: keys in go-yaml's
//   natural order, 2-space indent, sequences not indented under their key, go-yaml's quoting and
//   its folding of long strings at column 80), `-o json` is Go's json.MarshalIndent with 4 spaces.

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <vector>

namespace rl {

/// 1-based line and column in the source file; 0 = unknown.
struct SourcePos
{
    int line = 0;
    int column = 0;
    bool isValid() const { return line > 0; }
    bool operator==(const SourcePos&) const = default;
};

/// JSON path ("spec.template.spec.containers[0].image") -> position of the value node and of the
/// mapping key that introduced it.
struct SourceMap
{
    QHash<QString, SourcePos> values;
    QHash<QString, SourcePos> keys;
};

/// One document of a YAML stream, as kubectl's YAMLReader cuts it.
struct YamlChunk
{
    QByteArray text;
    int firstLine = 1; // 1-based line of the chunk's first line in the file
};

/// Splits a YAML stream like apimachinery's YAMLReader. Returns false with `error` set to
/// "invalid Yaml document separator: <text>" when a separator line carries anything but a comment.
bool splitYamlDocuments(const QByteArray& stream, std::vector<YamlChunk>& chunks, QString& error);

struct YamlError
{
    QString message; // "yaml: line 4: did not find expected key" (go-yaml wording and line numbering)
    SourcePos pos; // absolute position in the file, best effort
};

/// Converts one YAML document to JSON like sigs.k8s.io/yaml.YAMLToJSON. `isNull` is set for empty
/// or comment-only documents (which kubectl skips). Positions in `map` are absolute (firstLine).
bool yamlToJson(const YamlChunk& chunk, QJsonValue& out, SourceMap* map, YamlError& error);

/// go-yaml v2's "resolve" for a plain scalar: null, bool, int, float or string.
QJsonValue resolvePlainScalar(const QString& s);

/// go-yaml v2's map key order (sorter.go keyList.Less): natural order with numbers compared by value.
bool goYamlKeyLess(const QString& a, const QString& b);

/// What `kubectl ... -o yaml` prints for this JSON value.
QByteArray toKubectlYaml(const QJsonValue& v);
/// What `kubectl ... -o json` prints for this JSON value (sorted keys, as for objects read from the server).
QByteArray toKubectlJson(const QJsonValue& v);
/// encoding/json's Marshal of this value: compact, keys sorted, <, >, & and U+2028/9 escaped.
QByteArray toGoJson(const QJsonValue& v);
/// The fields of the struct at a path of keys ("spec.template.spec.containers": a list's elements
/// have its path) in the order Go declares them, or nullptr for a map.
using JsonFieldOrder = std::function<const QStringList*(const QString& path)>;
/// `-o json` of a typed object (one kubectl built itself, as `create deployment --dry-run=client`):
/// encoding/json writes a struct's fields in their declared order, a map's keys sorted.
QByteArray toKubectlJson(const QJsonValue& v, const JsonFieldOrder& order);

} // namespace rl
