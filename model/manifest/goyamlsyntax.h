#pragma once

// The syntax check go-yaml v2 (gopkg.in/yaml.v2, as sigs.k8s.io/yaml uses it) makes when kubectl
// turns YAML into JSON: its scanner (scannerc.go) and parser (parserc.go) run over the first
// document of the text the way yaml.Unmarshal pulls their events (decode.go: parser.parse), which
// also refuses an alias of an anchor not defined before it. yaml-cpp, which builds the values,
// accepts texts that go-yaml refuses and words its errors differently: this decides whether, and
// with which message, go-yaml fails.

#include <QByteArray>
#include <QString>

namespace rl::goyaml {

/// A position as go-yaml counts it: 0-based line, 0-based column in characters.
struct Mark
{
    int index = 0;
    int line = 0;
    int column = 0;
};

struct SyntaxError
{
    /// As go-yaml's Unmarshal returns it: "yaml: line 2: mapping values are not allowed in this
    /// context", "yaml: did not find expected key", "yaml: unknown anchor 'x' referenced".
    QString message;
    Mark problem; // where go-yaml stopped
    Mark context; // what it was reading then (a quoted scalar's opening quote, a flow collection, ...), if known
    bool hasContext = false;
};

/// Returns false with go-yaml's error when its scanner or parser refuses the first document of
/// `text` (which must be valid UTF-8 of printable characters: go-yaml's reader checks that first).
bool check(const QByteArray& text, SyntaxError& error);

} // namespace rl::goyaml
