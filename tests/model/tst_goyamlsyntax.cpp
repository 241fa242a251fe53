#include "manifest/goyamlsyntax.h"

#include <QTest>

using namespace rl;

// goyaml::check against what kubectl 1.32 prints for the same text given as a patch
// (`kubectl patch --local -f deploy.yaml -p TEXT`: "unable to parse ...: <message>"), which goes
// through sigs.k8s.io/yaml and go-yaml v2. An empty message: kubectl parsed the text.
class TestGoYamlSyntax : public QObject
{
    Q_OBJECT

private slots:
    void check_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("a: b") << QByteArray("a: b") << QStringLiteral("");
        QTest::newRow("a:⏎  b: c⏎  d: [1, 2, {e: f}]⏎")
            << QByteArray("a:\n  b: c\n  d: [1, 2, {e: f}]\n") << QStringLiteral("");
        QTest::newRow("- a⏎- b: c⏎  d: e⏎") << QByteArray("- a\n- b: c\n  d: e\n") << QStringLiteral("");
        QTest::newRow("a: &x 1⏎b: *x⏎") << QByteArray("a: &x 1\nb: *x\n") << QStringLiteral("");
        QTest::newRow("a: |⏎  line⏎  two⏎b: >-⏎  folded⏎")
            << QByteArray("a: |\n  line\n  two\nb: >-\n  folded\n") << QStringLiteral("");
        QTest::newRow("# only a comment⏎a: b # trailing⏎")
            << QByteArray("# only a comment\na: b # trailing\n") << QStringLiteral("");
        QTest::newRow("---⏎a: b⏎...⏎") << QByteArray("---\na: b\n...\n") << QStringLiteral("");
        QTest::newRow("a: 'it''s'⏎b: \"\\t\\u00e9\"⏎")
            << QByteArray("a: 'it''s'\nb: \"\\t\\u00e9\"\n") << QStringLiteral("");
        QTest::newRow("? a⏎: b⏎") << QByteArray("? a\n: b\n") << QStringLiteral("");
        QTest::newRow("a: b⏎---⏎: x⏎") << QByteArray("a: b\n---\n: x\n") << QStringLiteral("");
        QTest::newRow(": x") << QByteArray(": x") << QStringLiteral("yaml: did not find expected key");
        QTest::newRow("a: b: c") << QByteArray("a: b: c")
                                 << QStringLiteral("yaml: mapping values are not allowed in this context");
        QTest::newRow("- a⏎b: c") << QByteArray("- a\nb: c")
                                  << QStringLiteral("yaml: line 1: did not find expected '-' indicator");
        QTest::newRow("a: b⏎c") << QByteArray("a: b\nc") << QStringLiteral("yaml: line 3: could not find expected ':'");
        QTest::newRow("a:⏎- b⏎c") << QByteArray("a:\n- b\nc")
                                  << QStringLiteral("yaml: line 4: could not find expected ':'");
        QTest::newRow("\"unterminated") << QByteArray("\"unterminated")
                                        << QStringLiteral("yaml: found unexpected end of stream");
        QTest::newRow("'unterminated") << QByteArray("'unterminated")
                                       << QStringLiteral("yaml: found unexpected end of stream");
        QTest::newRow("a: [b}") << QByteArray("a: [b}") << QStringLiteral("yaml: did not find expected ',' or ']'");
        QTest::newRow("a: {b: c}}") << QByteArray("a: {b: c}}") << QStringLiteral("yaml: did not find expected key");
        QTest::newRow("a: &x b⏎c: *y") << QByteArray("a: &x b\nc: *y")
                                       << QStringLiteral("yaml: unknown anchor 'y' referenced");
        QTest::newRow("a:⏎→b: c") << QByteArray("a:\n\tb: c")
                                  << QStringLiteral("yaml: line 2: found character that cannot start any token");
        QTest::newRow("a: - b") << QByteArray("a: - b")
                                << QStringLiteral("yaml: block sequence entries are not allowed in this context");
        QTest::newRow("%FOO⏎a: b") << QByteArray("%FOO\na: b") << QStringLiteral("yaml: found unknown directive name");
        QTest::newRow("a: \"\\q\"") << QByteArray("a: \"\\q\"")
                                    << QStringLiteral("yaml: found unknown escape character");
        QTest::newRow("a: [b, {c: d]") << QByteArray("a: [b, {c: d]")
                                       << QStringLiteral("yaml: did not find expected ',' or '}'");
        QTest::newRow("a: |0⏎ b") << QByteArray("a: |0\n b")
                                  << QStringLiteral("yaml: found an indentation indicator equal to 0");
        QTest::newRow("*a") << QByteArray("*a") << QStringLiteral("yaml: unknown anchor 'a' referenced");
        QTest::newRow("a:⏎  b: c⏎ d: e") << QByteArray("a:\n  b: c\n d: e")
                                         << QStringLiteral("yaml: line 2: did not find expected key");
        QTest::newRow("a: 'b⏎⏎c") << QByteArray("a: 'b\n\nc")
                                  << QStringLiteral("yaml: line 3: found unexpected end of stream");
        QTest::newRow("[a, b") << QByteArray("[a, b")
                               << QStringLiteral("yaml: line 1: did not find expected ',' or ']'");
        QTest::newRow("a: b⏎  c: d") << QByteArray("a: b\n  c: d")
                                     << QStringLiteral("yaml: line 2: mapping values are not allowed in this context");
        QTest::newRow("a:⏎  - b⏎  c: d") << QByteArray("a:\n  - b\n  c: d")
                                         << QStringLiteral("yaml: line 2: did not find expected '-' indicator");
        QTest::newRow("- a⏎ - b") << QByteArray("- a\n - b") << QStringLiteral("");
        QTest::newRow("a: @b") << QByteArray("a: @b")
                               << QStringLiteral("yaml: found character that cannot start any token");
        QTest::newRow("a: `b") << QByteArray("a: `b")
                               << QStringLiteral("yaml: found character that cannot start any token");
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
