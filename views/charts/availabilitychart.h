#pragma once

#include "analysis/rolloutanalysis.h"
#include "charts/charttheme.h"
#include "export/csvtable.h"

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace rl {

class Simulation;

/// How many pods of a Deployment exist, are ready, available, updated and old at every moment,
/// with the band between the floor (replicas − maxUnavailable) and the ceiling
/// (replicas + maxSurge), markers where a rollout was triggered, paused, resumed, rolled back,
/// completed or hit its deadline, and a cursor at the simulation's now (or a chosen moment).
/// Time runs in seconds since the start of the simulation (or setTimeOrigin()).
class AvailabilityChart : public QChartView
{
    Q_OBJECT
public:
    using Metric = ChartTheme::Metric;

    explicit AvailabilityChart(QWidget* parent = nullptr);
    ~AvailabilityChart() override;

    void setSimulation(const Simulation* sim);
    /// Which Deployment; by default the first one created.
    void setDeployment(const QString& ns, const QString& name);
    void refresh();

    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }
    /// Time 0 of the axis (absolute simulated ms); kNoTime = the simulation's start.
    void setTimeOrigin(Millis origin);
    /// Visible span (absolute ms); kNoTime for both = from the origin to now (at least 30 s).
    void setTimeRange(Millis from, Millis to);
    /// The cursor; kNoTime = the simulation's now.
    void setCursorTime(Millis t);
    /// Shows or hides the title ("Pods of deployment NAME"), e.g. where a column header names it.
    void setTitleVisible(bool on);
    /// Highest value of the y axis (0 = automatic), to align two charts.
    void setYMaximum(int max);

    const RolloutAnalysis& analysis() const { return m_analysis; }
    /// The line of a metric drawn as a line: Total, Ready, Available, Floor, Ceiling (else nullptr).
    QLineSeries* series(Metric m) const;
    /// The stacked area of Old (0 to old), Updated (old to old + updated) and Terminating
    /// (total to total + terminating); nullptr for the others.
    QAreaSeries* area(Metric m) const;
    /// One row per sample: time (s), the counts, floor, ceiling.
    CsvTable csvTable() const;
    /// x value (seconds) of an absolute time.
    double toSeconds(Millis t) const;
    Millis origin() const;

Q_SIGNALS:
    /// The user clicked at this moment (absolute ms), e.g. to scrub there.
    void timeClicked(Millis t);

protected:
    void resizeEvent(QResizeEvent* e) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void changeEvent(QEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    /// The legend goes below the plot when its labels fit in one row there, else to the right (a
    /// narrow dock would cut them to "u…").
    void fitLegend();
    void applyTheme();
    void rebuildPoints();
    void updateAxes();
    Millis timeAt(const QPointF& viewPos) const;
    Millis now() const;
    QString markerLabel(const RolloutMarker& m) const;

    const Simulation* m_sim = nullptr;
    RolloutAnalysis m_analysis;
    quint64 m_seenRevision = ~quint64(0);
    std::size_t m_pointsFor = 0; // samples the series were built from
    bool m_presentation = false;
    Millis m_origin = kNoTime;
    Millis m_from = kNoTime;
    Millis m_to = kNoTime;
    Millis m_cursor = kNoTime;
    int m_yMax = 0;
    bool m_titleVisible = true;

    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    std::vector<std::pair<Metric, QLineSeries*>> m_series;
    std::vector<std::pair<Metric, QAreaSeries*>> m_areas;
    int m_newVersion = -1; // version index the "updated" area is coloured with
};

} // namespace rl
