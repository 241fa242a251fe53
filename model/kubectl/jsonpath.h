#pragma once

#include <QJsonValue>
#include <QString>

#include <memory>
#include <vector>

namespace rl {

/// k8s.io/client-go/util/jsonpath as kubectl 1.32 uses it for `-o jsonpath=...`,
/// `-o jsonpath-file=...` and `-o jsonpath-as-json=...`: the template language (`{.a.b}`, `[*]`,
/// `[0:2]`, `[-1]`, `[0,1]`, `['key']`, `..`, `$`, `@`, `[?(@.x=="y")]`, `{range ...}{end}`,
/// literal text and quoted strings such as `{"\n"}`), evaluated on an object in its JSON form.
///
/// Objects reach kubectl's printer either as unstructured content (everything read from the API
/// server: integral numbers are Go int64) or through a json.Marshal/Unmarshal round trip of a typed
/// object (`create ... --dry-run=client`: every number is float64). The difference shows in error
/// texts and in comparisons, hence NumberStyle.
class JsonPath
{
public:
    enum class NumberStyle { Unstructured, Typed };
    struct Node;

    JsonPath();
    ~JsonPath();
    JsonPath(const JsonPath&) = delete;
    JsonPath& operator=(const JsonPath&) = delete;

    /// Parses `text`. On failure `error` is the parser's message ("unclosed action", ...).
    bool parse(const QString& text, QString* error = nullptr);
    /// kubectl's --allow-missing-template-keys (default true): a missing field yields nothing
    /// instead of the error "<field> is not found".
    void setAllowMissingKeys(bool allow) { m_allowMissingKeys = allow; }
    /// jsonpath-as-json: each block's results as an indented JSON array.
    void setJsonOutput(bool on) { m_jsonOutput = on; }
    void setNumberStyle(NumberStyle s) { m_numberStyle = s; }

    /// Runs the template; on failure returns false and sets the engine's error text.
    bool execute(const QJsonValue& data, QString& out, QString* error = nullptr);

    /// FindResults with each value formatted as Go's %v (what the custom-columns printer shows):
    /// one list per top-level block.
    bool findResults(const QJsonValue& data, std::vector<QStringList>& out, QString* error = nullptr);
    /// FindResults as the values themselves (what kubectl's sorter compares): one list per
    /// top-level block.
    bool findValues(const QJsonValue& data, std::vector<std::vector<QJsonValue>>& out, QString* error = nullptr);

    /// The whole output of kubectl's JSONPathPrinter: text on success, otherwise the message kubectl
    /// prints after "error: " (parse and execution errors, with the %#v dump of the object).
    /// `format` is "jsonpath", "jsonpath-as-json" or "jsonpath-file" (then `tmpl` is the file's text).
    static bool print(const QString& format, const QString& tmpl, const QJsonValue& data, NumberStyle style,
        bool allowMissingKeys, QString& out, QString& error);

    /// Go's %#v of a decoded JSON value (map[string]interface {}{"k":v, ...}).
    static QString goSharpV(const QJsonValue& v, NumberStyle style);

private:
    struct Value;
    struct State;
    /// FindResults: the values of each top-level block, or false with the engine's error.
    bool evaluate(const QJsonValue& data, std::vector<std::vector<Value>>& full, QString* error);
    std::unique_ptr<Node> m_root;
    bool m_allowMissingKeys = true;
    bool m_jsonOutput = false;
    NumberStyle m_numberStyle = NumberStyle::Unstructured;
};

} // namespace rl
