#include "analysis/rolloutanalysis.h"
#include "analysis/trafficstats.h"
#include "charts/availabilitychart.h"
#include "charts/comparewidget.h"
#include "charts/podtimelinewidget.h"
#include "charts/trafficchart.h"
#include "charts/trafficlogwidget.h"
#include "export/csvtable.h"
#include "export/widgetexporter.h"
#include "scenario/scriptrunner.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QAreaSeries>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGridLayout>
#include <QLegend>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>
#include <QXmlStreamReader>
#include <functional>

using namespace rl;

// The chart widgets show what the analysis computed (series points = samples, stacked shares =
// bucket counts, one log line per request, one timeline row per pod), and the exports write
// valid files: PNG of size × scale pixels, SVG that parses, CSV with a header and one row per sample.
namespace {

const QString kLesson = QStringLiteral(ROLLOUT_SOURCE_DIR "/resources/lessons/02-kiada-rolling-update");

/// Lesson 02 up to the middle of its rolling update, with a client sending 10 requests/s.
struct MidRollout
{
    Simulation sim;
    std::unique_ptr<TrafficSource> client;

    /// `recreate`: the update is a Recreate one instead (0.6 -> 0.7 by patch), stopped `after` ms later.
    explicit MidRollout(bool recreate = false, Millis after = 30000)
    {
        ScriptRunner runner(sim);
        runner.setWorkingDirectory(kLesson);
        runner.setSink([](const QString&, bool) {});
        runner.runScript(QStringLiteral("kubectl apply -f images.yaml\nkubectl apply -f svc.kiada.yaml\n"
                                        "kubectl apply -f deploy.kiada.0.6.recreate.yaml\n"
                                        "kubectl rollout status deployment kiada\n"));
        client = std::make_unique<TrafficSource>(sim, QStringLiteral("default"), QStringLiteral("kiada"), 10.0, 3);
        client->start();
        sim.advance(5000);
        if (recreate)
            runner.runScript(QStringLiteral(
                R"(kubectl patch deployment kiada -p '{"spec":{"template":{"metadata":{"labels":{"ver":"0.7"}},"spec":{"containers":[{"name":"kiada","image":"luksa/kiada:0.7"}]}}}}')"));
        else
            runner.runScript(QStringLiteral("kubectl apply -f deploy.kiada.0.7.rolling-update.yaml\n"));
        sim.advance(after);
    }
};

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(37, 37, 38));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 45));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::Button, QColor(50, 50, 52));
    p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(80, 80, 80));
    p.setColor(QPalette::PlaceholderText, QColor(160, 160, 160));
    return p;
}

/// The views a lesson shows, laid out at 1280×720 as the main window's dock area would.
struct Board
{
    QWidget window;
    PodTimelineWidget* timeline;
    AvailabilityChart* chart;
    TrafficChart* traffic;
    TrafficLogWidget* log;

    Board(const Simulation& sim, const TrafficSource* client)
    {
        auto* grid = new QGridLayout(&window);
        timeline = new PodTimelineWidget;
        chart = new AvailabilityChart;
        traffic = new TrafficChart;
        log = new TrafficLogWidget;
        grid->addWidget(timeline, 0, 0);
        grid->addWidget(chart, 1, 0);
        grid->addWidget(traffic, 0, 1);
        grid->addWidget(log, 1, 1);
        timeline->setSimulation(&sim);
        chart->setSimulation(&sim);
        traffic->setSimulation(&sim);
        traffic->setTrafficSource(client);
        log->setSimulation(&sim);
        log->setTrafficSource(client);
        window.resize(1280, 720);
        window.show();
    }
    void setPresentation(bool on)
    {
        timeline->setPresentationMode(on);
        chart->setPresentationMode(on);
        traffic->setPresentationMode(on);
        log->setPresentationMode(on);
    }
};

using Value = std::function<qint32(const AvailabilitySample&)>;

/// The series must be the step function of the samples: (t0, v0), then (ti, v(i-1)), (ti, vi),
/// and a last point at now.
void checkSteps(const QList<QPointF>& pts, const std::vector<AvailabilitySample>& samples, const Value& value,
    Millis origin, Millis now)
{
    QCOMPARE(pts.size(), qsizetype(samples.size() * 2));
    auto x = [&](Millis t) { return double(t - origin) / 1000.0; };
    QCOMPARE(pts[0], QPointF(x(samples[0].time), value(samples[0])));
    for (std::size_t i = 1; i < samples.size(); ++i) {
        QCOMPARE(pts[qsizetype(2 * i - 1)], QPointF(x(samples[i].time), value(samples[i - 1])));
        QCOMPARE(pts[qsizetype(2 * i)], QPointF(x(samples[i].time), value(samples[i])));
    }
    QCOMPARE(pts.back(), QPointF(x(now), value(samples.back())));
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QFont f(QStringLiteral("DejaVu Sans"));
        f.setPointSize(9);
        QApplication::setFont(f);
    }

    void availabilitySeriesEqualAnalysis()
    {
        MidRollout m;
        AvailabilityChart chart;
        chart.setSimulation(&m.sim);
        for (int round = 0; round < 3; ++round) {
            RolloutAnalysis fresh(QStringLiteral("default"), QStringLiteral("kiada"));
            fresh.update(m.sim.store().history(), m.sim.now());
            QVERIFY(fresh.samples().size() > 10);
            using M = ChartTheme::Metric;
            using S = AvailabilitySample;
            const Millis o = m.sim.startTime();
            const Millis n = m.sim.now();
            const auto& x = fresh.samples();
            checkSteps(
                chart.series(M::Total)->points(), x, [](const S& s) { return s.total; }, o, n);
            checkSteps(
                chart.series(M::Ready)->points(), x, [](const S& s) { return s.ready; }, o, n);
            checkSteps(
                chart.series(M::Available)->points(), x, [](const S& s) { return s.available; }, o, n);
            checkSteps(
                chart.series(M::Floor)->points(), x, [](const S& s) { return s.floor; }, o, n);
            checkSteps(
                chart.series(M::Ceiling)->points(), x, [](const S& s) { return s.ceiling; }, o, n);
            // Stacked: old, updated on top of it, terminating on top of the active total.
            checkSteps(
                chart.area(M::Old)->upperSeries()->points(), x, [](const S& s) { return s.old; }, o, n);
            checkSteps(
                chart.area(M::Old)->lowerSeries()->points(), x, [](const S&) { return 0; }, o, n);
            checkSteps(
                chart.area(M::Updated)->upperSeries()->points(), x, [](const S& s) { return s.old + s.updated; }, o, n);
            checkSteps(
                chart.area(M::Updated)->lowerSeries()->points(), x, [](const S& s) { return s.old; }, o, n);
            checkSteps(
                chart.area(M::Terminating)->upperSeries()->points(), x,
                [](const S& s) { return s.total + s.terminating; }, o, n);
            checkSteps(
                chart.area(M::Terminating)->lowerSeries()->points(), x, [](const S& s) { return s.total; }, o, n);
            QCOMPARE(chart.series(M::Updated), nullptr);
            // Time goes on (first only a little: the "move the last point" path), then the rollout goes on.
            m.sim.advance(round == 0 ? 1 : 7000);
            chart.refresh();
        }
        // CSV: a header and one row per sample.
        const CsvTable csv = chart.csvTable();
        QCOMPARE(csv.header.front(), QStringLiteral("time_s"));
        QCOMPARE(csv.header.size(), 10);
        QCOMPARE(csv.rows.size(), qsizetype(chart.analysis().samples().size()));
        const auto& last = chart.analysis().samples().back();
        QCOMPARE(csv.rows.back().at(3), QString::number(last.available));
    }

    // In a narrow dock the legend moves to the right of the plot instead of cutting its labels.
    void legendFitsTheWidth()
    {
        AvailabilityChart chart;
        chart.resize(1200, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.chart()->legend()->alignment(), Qt::AlignBottom);
        chart.resize(380, 400);
        QCoreApplication::processEvents();
        QCOMPARE(chart.chart()->legend()->alignment(), Qt::AlignRight);
        chart.resize(1200, 400);
        QCoreApplication::processEvents();
        QCOMPARE(chart.chart()->legend()->alignment(), Qt::AlignBottom);
    }

    void trafficLayersEqualBuckets()
    {
        MidRollout m;
        TrafficChart chart;
        chart.setSimulation(&m.sim);
        chart.setTrafficSource(m.client.get());
        chart.setBucket(1000);
        TrafficStats stats(1000, m.sim.startTime());
        stats.update(m.client->requests());
        QCOMPARE(chart.stats().sent(), m.client->sent());
        const int versions = int(stats.versions().size());
        QCOMPARE(versions, 2);
        QCOMPARE(chart.layers().size(), versions + 2);
        const auto& buckets = stats.buckets();
        for (int k = 0; k < versions + 2; ++k) {
            const auto upper = chart.layers()[k]->upperSeries()->points();
            const auto lower = chart.layers()[k]->lowerSeries()->points();
            QCOMPARE(upper.size(), qsizetype(buckets.size() * 2));
            for (std::size_t i = 0; i < buckets.size(); ++i) {
                const TrafficBucket& b = buckets[i];
                const int n = k < versions ? b.served[std::size_t(k)] : (k == versions ? b.serverErrors : b.refused);
                const double share = b.total() ? 100.0 * n / b.total() : 0;
                QVERIFY(qAbs(upper[qsizetype(2 * i)].y() - lower[qsizetype(2 * i)].y() - share) < 1e-9);
                QCOMPARE(upper[qsizetype(2 * i)].x(), double(b.start - m.sim.startTime()) / 1000.0);
            }
        }
        // The top layer ends at 100 % wherever requests were sent.
        const auto top = chart.layers().back()->upperSeries()->points();
        for (std::size_t i = 0; i < buckets.size(); ++i)
            if (buckets[i].total() > 0)
                QVERIFY(qAbs(top[qsizetype(2 * i)].y() - 100.0) < 1e-9);
        const CsvTable csv = chart.csvTable();
        QCOMPARE(csv.header,
            QStringList({QStringLiteral("time_s"), QStringLiteral("sent"), QStringLiteral("Kiada 0.6"),
                QStringLiteral("Kiada 0.7"), QStringLiteral("server_errors"), QStringLiteral("refused")}));
        int sent = 0;
        for (const auto& row : csv.rows)
            sent += row.at(1).toInt();
        QCOMPARE(sent, m.client->sent());
    }

    void logOneLinePerRequest()
    {
        MidRollout m;
        TrafficLogWidget log;
        log.setSimulation(&m.sim);
        log.setTrafficSource(m.client.get());
        log.setShowTimes(false);
        QStringList expected;
        for (const auto& r : m.client->requests())
            expected << m.client->formatLine(r);
        QCOMPARE(log.lines(), expected);
        QVERIFY(expected.back().startsWith(QLatin1String("Request processed by Kiada 0.")));
        // New requests append; the log is bounded to the newest lines.
        log.setMaximumLines(50);
        m.sim.advance(2000);
        log.refresh();
        QCOMPARE(log.lines().size(), 50);
        QCOMPARE(log.lines().back(), m.client->formatLine(m.client->requests().back()));
        QCOMPARE(log.lines().front(), m.client->formatLine(m.client->requests()[m.client->requests().size() - 50]));
        // With times: seconds since the start, then the line.
        log.setShowTimes(true);
        const auto& r = m.client->requests().back();
        QCOMPARE(log.lines().back(),
            QStringLiteral("%1  %2")
                .arg(double(r.time - m.sim.startTime()) / 1000.0, 8, 'f', 1)
                .arg(m.client->formatLine(r)));
        // The controls ask; they do not act.
        QSignalSpy rate(&log, &TrafficLogWidget::rateChangeRequested);
        QSignalSpy run(&log, &TrafficLogWidget::runningChangeRequested);
        log.findChild<QDoubleSpinBox*>(QStringLiteral("rate"))->setValue(25);
        QCOMPARE(rate.size(), 1);
        QCOMPARE(rate.front().front().toDouble(), 25.0);
        QCOMPARE(m.client->rate(), 10.0);
        log.findChild<QToolButton*>(QStringLiteral("run"))->click();
        QCOMPARE(run.size(), 1);
        QCOMPARE(run.front().front().toBool(), false); // it was running: the button asks to stop
        QVERIFY(m.client->isRunning());
    }

    void timelineGeometry()
    {
        MidRollout m;
        RolloutAnalysis a(QStringLiteral("default"), QStringLiteral("kiada"));
        a.update(m.sim.store().history(), m.sim.now());
        const Millis from = m.sim.startTime();
        const Millis to = m.sim.now() + 10000;
        const QRectF area(0, 0, 800, 400);
        PodTimelineMetrics metrics;
        const PodTimelineLayout l = PodTimelineLayout::compute(a.pods(), from, to, m.sim.now(), area, metrics);
        QCOMPARE(l.rows.size(), a.pods().size());
        QCOMPARE(l.xOf(from), l.plot.left());
        QCOMPARE(l.xOf(to), l.plot.right());
        QCOMPARE(l.timeAt(l.plot.left()), from);
        QCOMPARE(l.plot.left(), metrics.labelWidth);
        for (std::size_t i = 0; i < l.rows.size(); ++i) {
            const TimelineRow& row = l.rows[i];
            const PodBar& bar = a.pods()[std::size_t(row.pod)];
            QCOMPARE(row.pod, int(i)); // all pods visible, oldest first
            QVERIFY(qAbs(row.bar.left() - l.xOf(bar.created)) < 1e-9);
            QVERIFY(qAbs(row.bar.right() - l.xOf(bar.end(m.sim.now()))) < 1e-9);
            QVERIFY(l.plot.contains(row.bar.center()));
            QCOMPARE(l.rowAt(row.row.center()), int(i));
            // Segments tile the bar.
            QVERIFY(!row.segments.empty());
            QVERIFY(qAbs(row.segments.front().first.left() - row.bar.left()) < 1e-9);
            QVERIFY(qAbs(row.segments.back().first.right() - row.bar.right()) < 1e-9);
            for (std::size_t s = 1; s < row.segments.size(); ++s)
                QVERIFY(qAbs(row.segments[s - 1].first.right() - row.segments[s].first.left()) < 1e-9);
            if (i > 0)
                QVERIFY(row.row.top() >= l.rows[i - 1].row.bottom() - 1e-9);
        }
        // A window after some pods were gone leaves them out.
        Millis lastGone = kNoTime;
        for (const auto& b : a.pods())
            if (b.gone != kNoTime)
                lastGone = std::max(lastGone, b.gone);
        QVERIFY(lastGone != kNoTime);
        const PodTimelineLayout late
            = PodTimelineLayout::compute(a.pods(), lastGone + 1, to, m.sim.now(), area, metrics);
        QVERIFY(late.rows.size() < l.rows.size());
        // The widget uses the same layout.
        PodTimelineWidget w;
        w.resize(800, 400);
        w.setSimulation(&m.sim);
        QCOMPARE(w.layout().rows.size(), a.pods().size());
        QSignalSpy selected(&w, &PodTimelineWidget::podSelected);
        const TimelineRow row = w.layout().rows.front();
        QTest::mouseClick(&w, Qt::LeftButton, {}, row.bar.center().toPoint());
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.front().at(1).toString(), a.pods().front().name);
    }

    void exports()
    {
        MidRollout m;
        AvailabilityChart chart;
        chart.setSimulation(&m.sim);
        chart.resize(640, 360);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString png2 = dir.filePath(QStringLiteral("chart@2x.png"));
        QVERIFY2(WidgetExporter::savePng(&chart, png2, 2.0, &error), qPrintable(error));
        QImage img(png2);
        QCOMPARE(img.size(), QSize(1280, 720));
        const QString png1 = dir.filePath(QStringLiteral("chart.png"));
        QVERIFY(WidgetExporter::save(&chart, png1, 1.0, nullptr, &error));
        QCOMPARE(QImage(png1).size(), QSize(640, 360));
        // Not blank: the 2× image has many colours (lines, text), not a flat fill.
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY(colours.size() > 20);

        const QString svg = dir.filePath(QStringLiteral("chart.svg"));
        QVERIFY(WidgetExporter::save(&chart, svg, 1.0, nullptr, &error));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray svgData = f.readAll();
        QXmlStreamReader xml(svgData);
        int elements = 0;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement)
                ++elements;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(elements > 20);
        QSvgRenderer renderer(svgData);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 640, 360));

        const QString csvPath = dir.filePath(QStringLiteral("chart.csv"));
        const CsvTable table = chart.csvTable();
        QVERIFY(WidgetExporter::save(&chart, csvPath, 1.0, &table, &error));
        QFile c(csvPath);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = c.readAll().split('\n');
        QCOMPARE(
            lines.front(), QByteArray("time_s,total,ready,available,updated,old,terminating,replicas,floor,ceiling\r"));
        QCOMPARE(lines.size() - 2, qsizetype(chart.analysis().samples().size())); // header + rows + trailing ""
        QVERIFY(!WidgetExporter::save(&chart, dir.filePath(QStringLiteral("x.csv")), 1.0, nullptr, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!WidgetExporter::savePng(&chart, QStringLiteral("/nonexistent-dir/x.png"), 1.0, &error));
    }

    void csvQuoting()
    {
        CsvTable t;
        t.header = {QStringLiteral("a"), QStringLiteral("b,c")};
        t.rows << QStringList {QStringLiteral("say \"hi\""), QStringLiteral("1")};
        QCOMPARE(t.toCsv(), QByteArray("a,\"b,c\"\r\n\"say \"\"hi\"\"\",1\r\n"));
    }

    void compareWidget()
    {
        CompareWidget w;
        w.setSetup(CompareWidget::kiadaSetup(kLesson));
        w.resize(1280, 720);
        QSignalSpy done(&w, &CompareWidget::comparisonFinished);
        w.run();
        QCOMPARE(done.size(), 1);
        QVERIFY2(w.comparison().error.isEmpty(), qPrintable(w.comparison().error));
        // Aligned: both charts span the same seconds around the update, with the same pod scale.
        QCOMPARE(w.chart(0)->toSeconds(w.comparison().a->updateAt()), 0.0);
        QCOMPARE(w.chart(1)->toSeconds(w.comparison().b->updateAt()), 0.0);
        const auto* x0 = qobject_cast<QValueAxis*>(w.chart(0)->chart()->axes(Qt::Horizontal).front());
        const auto* x1 = qobject_cast<QValueAxis*>(w.chart(1)->chart()->axes(Qt::Horizontal).front());
        QCOMPARE(x0->min(), x1->min());
        QCOMPARE(x0->max(), x1->max());
        const auto* y0 = qobject_cast<QValueAxis*>(w.chart(0)->chart()->axes(Qt::Vertical).front());
        const auto* y1 = qobject_cast<QValueAxis*>(w.chart(1)->chart()->axes(Qt::Vertical).front());
        QCOMPARE(y0->max(), y1->max());
        // The series are drawn on that axis: seconds from the update.
        for (int i = 0; i < 2; ++i) {
            const ComparisonRun& r = i == 0 ? *w.comparison().a : *w.comparison().b;
            const auto pts = w.chart(i)->series(ChartTheme::Metric::Available)->points();
            const auto& samples = r.analysis().samples();
            QCOMPARE(pts.front().x(), double(samples.front().time - r.updateAt()) / 1000.0);
            QVERIFY(pts.front().x() < x0->min()); // the Deployment existed before the lead-in
            QCOMPARE(w.timeline(i)->origin(), r.updateAt());
        }
        // The summary shows the runs' figures.
        QTableWidget* t = w.summaryTable();
        QCOMPARE(t->item(1, 0)->text(), QStringLiteral("3 of 3"));
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("2 of 3"));
        QCOMPARE(t->item(3, 0)->text(), QStringLiteral("4"));
        QCOMPARE(t->item(3, 1)->text(), QStringLiteral("3"));
        QCOMPARE(t->item(5, 0)->text(), QStringLiteral("0 of %1 (0.0 %)").arg(w.comparison().a->summary().requests));
        QCOMPARE(w.csvTable().rows.size(), 6);
    }

    /// Renders every widget mid-rollout at 1280×720 (1× and 2×, light and dark, normal and
    /// presentation) into ROLLOUT_SCREENSHOT_DIR (or a temporary folder) to be looked at.
    void screenshots()
    {
        QTemporaryDir tmp;
        QString out = qEnvironmentVariable("ROLLOUT_SCREENSHOT_DIR");
        if (out.isEmpty())
            out = tmp.path();
        QDir().mkpath(out);
        MidRollout m;
        Board board(m.sim, m.client.get());
        QVERIFY(QTest::qWaitForWindowExposed(&board.window));
        CompareWidget compare;
        compare.setSetup(CompareWidget::kiadaSetup(kLesson));
        compare.resize(1280, 720);
        compare.run();
        const QPalette light = QApplication::palette();
        for (bool dark : {false, true}) {
            for (bool presentation : {false, true}) {
                board.window.setPalette(dark ? darkPalette() : light);
                compare.setPalette(dark ? darkPalette() : light);
                board.setPresentation(presentation);
                compare.setPresentationMode(presentation);
                QApplication::processEvents();
                const QString tag = QStringLiteral("%1%2").arg(dark ? QStringLiteral("dark") : QStringLiteral("light"),
                    presentation ? QStringLiteral("-presentation") : QString());
                for (qreal scale : {1.0, 2.0}) {
                    const QString suffix = scale > 1 ? QStringLiteral("@2x.png") : QStringLiteral(".png");
                    QVERIFY(
                        WidgetExporter::savePng(&board.window, out + QStringLiteral("/board-") + tag + suffix, scale));
                    QVERIFY(WidgetExporter::savePng(&compare, out + QStringLiteral("/compare-") + tag + suffix, scale));
                    const QImage img(out + QStringLiteral("/board-") + tag + suffix);
                    QCOMPARE(img.size(), QSize(1280, 720) * scale);
                }
            }
        }
        QVERIFY(WidgetExporter::saveSvg(&board.window, out + QStringLiteral("/board.svg")));
        // Recreate: the gap in the middle of the update, and its comparison with a rolling update.
        MidRollout gap(true, 12000);
        Board recreate(gap.sim, gap.client.get());
        QVERIFY(QTest::qWaitForWindowExposed(&recreate.window));
        QVERIFY(WidgetExporter::savePng(&recreate.window, out + QStringLiteral("/board-recreate-light.png"), 1.0));
        compare.setPalette(light);
        compare.setPresentationMode(false);
        const auto presets = CompareWidget::presets();
        compare.setVariants(presets[1].a, presets[1].b);
        compare.run();
        QVERIFY2(compare.comparison().error.isEmpty(), qPrintable(compare.comparison().error));
        QVERIFY(WidgetExporter::savePng(&compare, out + QStringLiteral("/compare-recreate-light.png"), 1.0));
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
