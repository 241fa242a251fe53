#include "scenario/scriptparser.h"

#include <QTest>

using namespace rl;

class TestScript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("plain") << QStringLiteral("kubectl get rs -L ver\n")
                               << QStringList {"kubectl", "get", "rs", "-L", "ver"};
        QTest::newRow("comment") << QStringLiteral("kubectl get pods # watch them\n")
                                 << QStringList {"kubectl", "get", "pods"};
        QTest::newRow("single quotes") << QStringLiteral(
            "kubectl patch deploy kiada -p '{\"spec\": {\"minReadySeconds\": 10}}'")
                                       << QStringList {"kubectl", "patch", "deploy", "kiada", "-p",
                                              "{\"spec\": {\"minReadySeconds\": 10}}"};
        QTest::newRow("double quotes escapes")
            << QStringLiteral("echo \"a \\\"b\\\" \\$c\"") << QStringList {"echo", "a \"b\" $c"};
        QTest::newRow("continuation") << QStringLiteral("kubectl get \\\n  pods")
                                      << QStringList {"kubectl", "get", "pods"};
        QTest::newRow("adjacent quotes") << QStringLiteral(
            "kubectl annotate deploy kiada kubernetes.io/change-cause=\"update to 0.6\"")
                                         << QStringList {"kubectl", "annotate", "deploy", "kiada",
                                                "kubernetes.io/change-cause=update to 0.6"};
        QTest::newRow("empty quoted arg") << QStringLiteral("echo ''") << QStringList {"echo", ""};
    }
    void words()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, argv);
        ScriptParser p;
        const auto cmds = p.parse(script);
        QCOMPARE(cmds.size(), std::size_t(1));
        QCOMPARE(cmds[0].argv, argv);
        QVERIFY(cmds[0].error.isEmpty());
    }

    void multiLineQuotedPatch()
    {
        // The workshop's patch: a double-quoted YAML body spanning several lines.
        const QString script = QStringLiteral("kubectl rollout undo deploy worker\n"
                                              "kubectl patch deployment worker -p \"\n"
                                              "spec:\n"
                                              "  strategy:\n"
                                              "    rollingUpdate:\n"
                                              "      maxUnavailable: 0\n"
                                              "      maxSurge: 3\n"
                                              "  minReadySeconds: 10\n"
                                              "\"\n"
                                              "kubectl rollout status deployment worker\n");
        ScriptParser p;
        const auto cmds = p.parse(script);
        QCOMPARE(cmds.size(), std::size_t(3));
        QCOMPARE(cmds[1].line, 2);
        QCOMPARE(cmds[1].argv.size(), 6);
        QCOMPARE(cmds[1].argv[5],
            QStringLiteral("\nspec:\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n"
                           "      maxSurge: 3\n  minReadySeconds: 10\n"));
        QCOMPARE(cmds[2].line, 10);
    }

    void variables()
    {
        ScriptParser p;
        const auto cmds = p.parse(QStringLiteral("export REGISTRY=dockercoins\nexport TAG=v0.2\n"
                                                 "kubectl set image deploy worker worker=$REGISTRY/worker:${TAG}\n"
                                                 "echo '$TAG' \"$UNSET\"x\n"));
        QCOMPARE(cmds.size(), std::size_t(4));
        QCOMPARE(cmds[0].argv, (QStringList {"export", "REGISTRY=dockercoins"}));
        QCOMPARE(cmds[2].argv.last(), QStringLiteral("worker=dockercoins/worker:v0.2"));
        QCOMPARE(cmds[3].argv, (QStringList {"echo", "$TAG", "x"}));
        QCOMPARE(p.variable(QStringLiteral("TAG")), QStringLiteral("v0.2"));
    }

    void hereDocument()
    {
        ScriptParser p;
        p.setVariable(QStringLiteral("N"), QStringLiteral("3"));
        const auto cmds = p.parse(QStringLiteral("kubectl apply -f - <<EOF\nkind: X\nreplicas: $N\nEOF\n"
                                                 "cat <<'END'\n$N\nEND\nkubectl get deploy\n"));
        QCOMPARE(cmds.size(), std::size_t(3));
        QVERIFY(cmds[0].hasStdin);
        QCOMPARE(cmds[0].argv, (QStringList {"kubectl", "apply", "-f", "-"}));
        QCOMPARE(cmds[0].stdinText, QStringLiteral("kind: X\nreplicas: 3\n"));
        QCOMPARE(cmds[1].stdinText, QStringLiteral("$N\n"));
        QCOMPARE(cmds[2].line, 8);
        QVERIFY(cmds[0].source.endsWith(QStringLiteral("\nEOF")));
    }

    void separators()
    {
        ScriptParser p;
        const auto cmds = p.parse(QStringLiteral("sleep 1; kubectl get po && kubectl get rs\n"));
        QCOMPARE(cmds.size(), std::size_t(3));
        QVERIFY(!cmds[1].andIf);
        QVERIFY(cmds[2].andIf);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("error");
        QTest::newRow("pipe") << QStringLiteral("kubectl get deploy -o json | jq .")
                              << QStringLiteral("pipes (|) are not supported");
        QTest::newRow("unterminated quote") << QStringLiteral("kubectl patch deploy x -p \"spec:")
                                            << QStringLiteral("unexpected EOF while looking for matching `\"'");
        QTest::newRow("unterminated heredoc")
            << QStringLiteral("kubectl apply -f - <<EOF\nkind: X\n")
            << QStringLiteral("here-document delimited by end-of-file (wanted `EOF')");
    }
    void errors()
    {
        QFETCH(QString, script);
        QFETCH(QString, error);
        ScriptParser p;
        const auto cmds = p.parse(script);
        QCOMPARE(cmds.size(), std::size_t(1));
        QCOMPARE(cmds[0].error, error);
    }

    void incomplete()
    {
        QVERIFY(ScriptParser::isIncomplete(QStringLiteral("kubectl patch deploy x -p \"\nspec:")));
        QVERIFY(ScriptParser::isIncomplete(QStringLiteral("kubectl apply -f - <<EOF\n")));
        QVERIFY(!ScriptParser::isIncomplete(QStringLiteral("kubectl get po")));
    }
};

QTEST_GUILESS_MAIN(TestScript)
#include "tst_script.moc"
