#include "sim/numbertext.h"
#include "sim/rng.h"

#include <QTest>

#include <limits>

using namespace rl;

class TestNumberText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesWhatQStringNumberWrites_data()
    {
        QTest::addColumn<quint64>("value");
        QTest::addColumn<int>("base");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << quint64(0) << 10 << QStringLiteral("0");
        QTest::newRow("zero hex") << quint64(0) << 16 << QStringLiteral("0");
        QTest::newRow("first resourceVersion") << quint64(1001) << 10 << QStringLiteral("1001");
        QTest::newRow("event nanos") << quint64(1764580800123000001ULL) << 16 << QStringLiteral("187d0ce378ce54c1");
        QTest::newRow("max decimal") << std::numeric_limits<quint64>::max() << 10
                                     << QStringLiteral("18446744073709551615");
        QTest::newRow("max hex") << std::numeric_limits<quint64>::max() << 16 << QStringLiteral("ffffffffffffffff");
    }
    void writesWhatQStringNumberWrites()
    {
        QFETCH(quint64, value);
        QFETCH(int, base);
        QFETCH(QString, text);
        QCOMPARE(numberText(value, base), text);
        QCOMPARE(numberText(value, base), QString::number(value, base));
    }

    void agreesWithQStringNumberOnRandomValues()
    {
        Rng rng(7);
        for (int i = 0; i < 20000; ++i) {
            // Every magnitude: shift a random value right by 0-63 bits.
            const quint64 v = rng.next() >> rng.below(64);
            QCOMPARE(numberText(v), QString::number(v));
            QCOMPARE(numberText(v, 16), QString::number(v, 16));
        }
    }
};

QTEST_APPLESS_MAIN(TestNumberText)
#include "tst_numbertext.moc"
