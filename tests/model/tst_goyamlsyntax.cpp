#include "manifest/goyamlsyntax.h"

#include <QTest>

using namespace rl;

// goyaml::check against what kubectl 1.32 prints for the same text given as a patch
// (`kubectl patch --local -f deploy.yaml -p TEXT`: "unable to parse ...: <message>"), which goes
// through sigs.k8s.io/yaml and go-yaml v2. An empty message: kubectl parsed the text.
class TestGoYamlSyntax : public QObject
{
    Q_OBJECT

    // A row named after its text, its line breaks shown as ⏎ and its tabs as →.
    static void row(const char* text, const char* message)
    {
        const QByteArray name = QString::fromUtf8(text)
                                    .replace(QChar(u'\n'), QString::fromUtf8("⏎"))
                                    .replace(QChar(u'\t'), QString::fromUtf8("→"))
                                    .toUtf8();
        QTest::newRow(name.constData()) << QByteArray(text) << QString::fromUtf8(message);
    }

private slots:
    void check_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        row("a: b", "");
        row("a:\n  b: c\n  d: [1, 2, {e: f}]\n", "");
        row("- a\n- b: c\n  d: e\n", "");
        row("a: &x 1\nb: *x\n", "");
        row("a: |\n  line\n  two\nb: >-\n  folded\n", "");
        row("# only a comment\na: b # trailing\n", "");
        row("---\na: b\n...\n", "");
        row("a: 'it''s'\nb: \"\\t\\u00e9\"\n", "");
        row("? a\n: b\n", "");
        row("a: b\n---\n: x\n", "");
        row(": x", "yaml: did not find expected key");
        row("a: b: c", "yaml: mapping values are not allowed in this context");
        row("- a\nb: c", "yaml: line 1: did not find expected '-' indicator");
        row("a: b\nc", "yaml: line 3: could not find expected ':'");
        row("a:\n- b\nc", "yaml: line 4: could not find expected ':'");
        row("\"unterminated", "yaml: found unexpected end of stream");
        row("'unterminated", "yaml: found unexpected end of stream");
        row("a: [b}", "yaml: did not find expected ',' or ']'");
        row("a: {b: c}}", "yaml: did not find expected key");
        row("a: &x b\nc: *y", "yaml: unknown anchor 'y' referenced");
        row("a:\n\tb: c", "yaml: line 2: found character that cannot start any token");
        row("a: - b", "yaml: block sequence entries are not allowed in this context");
        row("%FOO\na: b", "yaml: found unknown directive name");
        row("a: \"\\q\"", "yaml: found unknown escape character");
        row("a: [b, {c: d]", "yaml: did not find expected ',' or '}'");
        row("a: |0\n b", "yaml: found an indentation indicator equal to 0");
        row("*a", "yaml: unknown anchor 'a' referenced");
        row("a:\n  b: c\n d: e", "yaml: line 2: did not find expected key");
        row("a: 'b\n\nc", "yaml: line 3: found unexpected end of stream");
        row("[a, b", "yaml: line 1: did not find expected ',' or ']'");
        row("a: b\n  c: d", "yaml: line 2: mapping values are not allowed in this context");
        row("a:\n  - b\n  c: d", "yaml: line 2: did not find expected '-' indicator");
        row("- a\n - b", "");
        row("a: @b", "yaml: found character that cannot start any token");
        row("a: `b", "yaml: found character that cannot start any token");
    }

    void check()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        goyaml::SyntaxError error;
        const bool ok = goyaml::check(text, error);
        QCOMPARE(ok ? QString() : error.message, message);
        QCOMPARE(ok, message.isEmpty());
    }

    // The problem mark is where go-yaml stopped: its line is the one the message names.
    void problemMark()
    {
        goyaml::SyntaxError error;
        QVERIFY(!goyaml::check("a:\n\tb: c", error));
        QCOMPARE(error.problem.line, 1);
        QVERIFY(!goyaml::check("a: b\n  c: d", error));
        QCOMPARE(error.problem.line, 1);
        QCOMPARE(error.problem.column, 3);
    }
};

QTEST_APPLESS_MAIN(TestGoYamlSyntax)
#include "tst_goyamlsyntax.moc"
