#include "podgrid/podgridlayout.h"

#include <QTest>

using namespace rl;

Q_DECLARE_METATYPE(PodGridLayout::Hit)

class TestPodGridLayout : public QObject
{
    Q_OBJECT
private slots:
    void columns_data();
    void columns();
    void geometry();
    void hitTest_data();
    void hitTest();
    void hitTestAgreesWithTileRect();
    void tileRange();
    void move_data();
    void move();
    void large();
};

namespace {
PodGridMetrics metrics()
{
    PodGridMetrics m;
    m.margin = 8;
    m.headerHeight = 40;
    m.tile = 28;
    m.gap = 4;
    m.groupGap = 12;
    return m;
}

// Groups of 5, 0 and 3 tiles at width 140: 4 columns (8 + 4*28 + 3*4 + 8 = 140).
PodGridLayout sample(int width = 140)
{
    PodGridLayout l;
    l.setMetrics(metrics());
    l.setGroups({5, 0, 3});
    l.setWidth(width);
    return l;
}
} // namespace

void TestPodGridLayout::columns_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("columns");
    QTest::newRow("exact fit of 4") << 140 << 4;
    QTest::newRow("one pixel short of 4") << 139 << 3;
    QTest::newRow("narrow: at least one") << 10 << 1;
    QTest::newRow("zero width") << 0 << 1;
    QTest::newRow("1280 wide") << 1280 << 39; // (1280 - 16 + 4) / 32
}

void TestPodGridLayout::columns()
{
    QFETCH(int, width);
    QFETCH(int, columns);
    QCOMPARE(sample(width).columns(), columns);
}

void TestPodGridLayout::geometry()
{
    const PodGridLayout l = sample();
    QCOMPARE(l.groupCount(), 3);
    QCOMPARE(l.totalTiles(), 8);
    QCOMPARE(l.rows(0), 2);
    QCOMPARE(l.rows(1), 0);
    QCOMPARE(l.rows(2), 1);
    // Group 0: header at y 8, tiles from y 48 in two rows.
    QCOMPARE(l.headerRect(0), QRect(8, 8, 124, 40));
    QCOMPARE(l.tileRect(0, 0), QRect(8, 48, 28, 28));
    QCOMPARE(l.tileRect(0, 3), QRect(8 + 3 * 32, 48, 28, 28));
    QCOMPARE(l.tileRect(0, 4), QRect(8, 80, 28, 28));
    QCOMPARE(l.groupRect(0), QRect(8, 8, 124, 40 + 2 * 32 - 4));
    // Group 1 (no pods) is a header only, 12 px below group 0.
    QCOMPARE(l.headerRect(1).top(), 8 + 100 + 12);
    QCOMPARE(l.groupRect(1).height(), 40);
    // Group 2 below it.
    QCOMPARE(l.headerRect(2).top(), 120 + 40 + 12);
    QCOMPARE(l.tileRect(2, 2), QRect(8 + 64, 172 + 40, 28, 28));
    QCOMPARE(l.height(), 172 + 40 + 28 + 8);
    QCOMPARE(l.heightForWidth(140), l.height());
    // Wider: everything fits in one row per group.
    QCOMPARE(l.heightForWidth(1000), 8 + (40 + 28) + 12 + 40 + 12 + (40 + 28) + 8);
}

void TestPodGridLayout::hitTest_data()
{
    QTest::addColumn<QPoint>("point");
    QTest::addColumn<PodGridLayout::Hit>("hit");
    QTest::newRow("top margin") << QPoint(20, 3) << PodGridLayout::Hit {};
    QTest::newRow("header 0") << QPoint(50, 20) << PodGridLayout::Hit {0, -1};
    QTest::newRow("tile 0/0") << QPoint(8, 48) << PodGridLayout::Hit {0, 0};
    QTest::newRow("tile 0/0 last pixel") << QPoint(35, 75) << PodGridLayout::Hit {0, 0};
    QTest::newRow("gap right of tile 0/0") << QPoint(37, 60) << PodGridLayout::Hit {};
    QTest::newRow("tile 0/1") << QPoint(40, 60) << PodGridLayout::Hit {0, 1};
    QTest::newRow("tile 0/4 (second row)") << QPoint(10, 90) << PodGridLayout::Hit {0, 4};
    QTest::newRow("after the last tile of group 0") << QPoint(45, 90) << PodGridLayout::Hit {};
    QTest::newRow("gap between groups") << QPoint(20, 115) << PodGridLayout::Hit {};
    QTest::newRow("header 1 (empty group)") << QPoint(20, 130) << PodGridLayout::Hit {1, -1};
    QTest::newRow("tile 2/2") << QPoint(80, 220) << PodGridLayout::Hit {2, 2};
    QTest::newRow("right margin") << QPoint(135, 220) << PodGridLayout::Hit {};
    QTest::newRow("below everything") << QPoint(20, 400) << PodGridLayout::Hit {};
    QTest::newRow("left of everything") << QPoint(-5, 60) << PodGridLayout::Hit {};
}

void TestPodGridLayout::hitTest()
{
    QFETCH(QPoint, point);
    QFETCH(PodGridLayout::Hit, hit);
    const PodGridLayout::Hit got = sample().hitTest(point);
    QCOMPARE(got.group, hit.group);
    QCOMPARE(got.tile, hit.tile);
}

void TestPodGridLayout::hitTestAgreesWithTileRect()
{
    PodGridLayout l;
    l.setMetrics(metrics());
    l.setGroups({37, 1, 0, 120});
    l.setWidth(517);
    for (int g = 0; g < l.groupCount(); ++g)
        for (int t = 0; t < l.tileCount(g); ++t) {
            const QRect r = l.tileRect(g, t);
            QCOMPARE(l.hitTest(r.topLeft()), (PodGridLayout::Hit {g, t}));
            QCOMPARE(l.hitTest(r.bottomRight()), (PodGridLayout::Hit {g, t}));
            QCOMPARE(l.hitTest(r.center()), (PodGridLayout::Hit {g, t}));
        }
}

void TestPodGridLayout::tileRange()
{
    PodGridLayout l;
    l.setMetrics(metrics());
    l.setGroups({100, 50});
    l.setWidth(140); // 4 columns: group 0 has 25 rows
    // A rect over rows 2..3 of group 0 (y 48 + 64 .. 48 + 127).
    const QRect rows23(0, 48 + 64, 140, 60);
    QCOMPARE(l.tileRange(0, rows23), std::make_pair(8, 16));
    QCOMPARE(l.tileRange(1, rows23), std::make_pair(0, 0)); // group 1 is far below
    // Every tile whose rect intersects the exposed rect is in the range (and in the column span).
    const QRect exposed(45, 300, 50, 200);
    const auto [c0, c1] = l.columnSpan(exposed);
    for (int g = 0; g < l.groupCount(); ++g) {
        const auto [first, last] = l.tileRange(g, exposed);
        for (int t = 0; t < l.tileCount(g); ++t) {
            const bool visible = l.tileRect(g, t).intersects(exposed);
            const bool visited = t >= first && t < last && t % l.columns() >= c0 && t % l.columns() < c1;
            if (visible)
                QVERIFY2(visited, qPrintable(QStringLiteral("tile %1/%2 not painted").arg(g).arg(t)));
        }
    }
    QCOMPARE(l.firstGroupFrom(0), 0);
    QCOMPARE(l.firstGroupFrom(l.groupRect(1).top()), 1);
    QCOMPARE(l.firstGroupFrom(l.height() + 10), 2);
}

void TestPodGridLayout::move_data()
{
    QTest::addColumn<PodGridLayout::Hit>("from");
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::addColumn<PodGridLayout::Hit>("to");
    // sample(): 4 columns, groups of 5, 0, 3 tiles.
    QTest::newRow("nothing selected -> first tile") << PodGridLayout::Hit {} << 1 << 0 << PodGridLayout::Hit {0, 0};
    QTest::newRow("right") << PodGridLayout::Hit {0, 0} << 1 << 0 << PodGridLayout::Hit {0, 1};
    QTest::newRow("right wraps to next row") << PodGridLayout::Hit {0, 3} << 1 << 0 << PodGridLayout::Hit {0, 4};
    QTest::newRow("right at the group's end stays") << PodGridLayout::Hit {0, 4} << 1 << 0 << PodGridLayout::Hit {0, 4};
    QTest::newRow("left at start stays") << PodGridLayout::Hit {0, 0} << -1 << 0 << PodGridLayout::Hit {0, 0};
    QTest::newRow("down a row, short row") << PodGridLayout::Hit {0, 2} << 0 << 1 << PodGridLayout::Hit {0, 4};
    QTest::newRow("down into the next non-empty group")
        << PodGridLayout::Hit {0, 4} << 0 << 1 << PodGridLayout::Hit {2, 0};
    QTest::newRow("down from row 0 col 3 into group 2")
        << PodGridLayout::Hit {0, 3} << 0 << 2 << PodGridLayout::Hit {2, 2};
    QTest::newRow("up from group 2 to group 0's last row")
        << PodGridLayout::Hit {2, 1} << 0 << -1 << PodGridLayout::Hit {0, 4};
    QTest::newRow("up at the top stays") << PodGridLayout::Hit {0, 1} << 0 << -1 << PodGridLayout::Hit {0, 1};
    QTest::newRow("down at the bottom stays") << PodGridLayout::Hit {2, 1} << 0 << 1 << PodGridLayout::Hit {2, 1};
}

void TestPodGridLayout::move()
{
    QFETCH(PodGridLayout::Hit, from);
    QFETCH(int, dx);
    QFETCH(int, dy);
    QFETCH(PodGridLayout::Hit, to);
    const PodGridLayout::Hit got = sample().move(from, dx, dy);
    QCOMPARE(got.group, to.group);
    QCOMPARE(got.tile, to.tile);
}

void TestPodGridLayout::large()
{
    // 100,000 tiles: nothing per tile is stored; lookups stay exact at the far end.
    PodGridLayout l;
    l.setMetrics(metrics());
    l.setGroups({60'000, 40'000});
    l.setWidth(1280);
    const QRect last = l.tileRect(1, 39'999);
    QCOMPARE(l.hitTest(last.center()), (PodGridLayout::Hit {1, 39'999}));
    QCOMPARE(l.height(), last.bottom() + 1 + 8);
    const auto [first, end] = l.tileRange(1, QRect(0, last.top() - 100, 1280, 50));
    QVERIFY(first > 0);
    QVERIFY(end - first <= 3 * l.columns()); // a 50 px high rect touches at most 3 rows
}

QTEST_GUILESS_MAIN(TestPodGridLayout)
#include "tst_podgridlayout.moc"
