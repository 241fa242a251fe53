#pragma once

#include "analysis/rolloutanalysis.h"
#include "analysis/trafficstats.h"
#include "export/csvtable.h"

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace rl {

class Simulation;
class TrafficSource;

/// Which version answered the client's requests, as a share of each time window, stacked, with the
/// failed requests on top: server errors and refused connections (no ready endpoint — the
/// Recreate gap). Versions are coloured like everywhere else (VersionPalette).
class TrafficChart : public QChartView
{
    Q_OBJECT
public:
    explicit TrafficChart(QWidget* parent = nullptr);
    ~TrafficChart() override;

    void setSimulation(const Simulation* sim);
    void setTrafficSource(const TrafficSource* source);
    /// The Deployment whose pods give the versions their colours (default: the first one).
    void setDeployment(const QString& ns, const QString& name);
    void refresh();

    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }
    void setTimeOrigin(Millis origin);
    void setTimeRange(Millis from, Millis to);
    void setCursorTime(Millis t);
    /// Window of each bar in ms; 0 = automatic (1 s, longer for long sessions).
    void setBucket(Millis ms);

    const TrafficStats& stats() const { return m_stats; }
    /// Layers bottom to top: one per version, then "server errors", then "refused".
    QList<QAreaSeries*> layers() const { return m_layers; }
    /// One row per window: its start (s), requests sent, served per version, errors, refused.
    CsvTable csvTable() const;
    Millis origin() const;

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void changeEvent(QEvent* e) override;

private:
    void applyTheme();
    void rebuild();
    void rebuildLayers();
    void updateAxes();
    Millis now() const;
    double toSeconds(Millis t) const;
    Millis effectiveBucket() const;

    const Simulation* m_sim = nullptr;
    const TrafficSource* m_source = nullptr;
    RolloutAnalysis m_analysis;
    TrafficStats m_stats;
    quint64 m_seenStats = ~quint64(0);
    bool m_presentation = false;
    Millis m_origin = kNoTime;
    Millis m_from = kNoTime;
    Millis m_to = kNoTime;
    Millis m_cursor = kNoTime;
    Millis m_bucket = 0;

    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QList<QAreaSeries*> m_layers;
    QList<QLineSeries*> m_lines; // upper and lower of each layer, owned by this view
};

} // namespace rl
