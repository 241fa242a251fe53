#pragma once

#include "analysis/rolloutanalysis.h"
#include "charts/podtimelinelayout.h"
#include "export/csvtable.h"

#include <QWidget>

namespace rl {

class Simulation;

/// One bar per pod across time, coloured by version (VersionPalette, by the ReplicaSet's first
/// revision) and shaded by state: pending, creating, running, ready, available, not ready,
/// failing, terminating — the book's figures of Recreate against RollingUpdate, drawn from the
/// simulation. Markers and the cursor as in AvailabilityChart.
class PodTimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PodTimelineWidget(QWidget* parent = nullptr);
    ~PodTimelineWidget() override;

    void setSimulation(const Simulation* sim);
    void setDeployment(const QString& ns, const QString& name);
    void refresh();

    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }
    void setTimeOrigin(Millis origin);
    void setTimeRange(Millis from, Millis to);
    void setCursorTime(Millis t);

    const RolloutAnalysis& analysis() const { return m_analysis; }
    /// The layout of the current size and data (what paintEvent draws).
    PodTimelineLayout layout() const;
    PodTimelineMetrics metrics() const;
    /// One row per pod: name, ReplicaSet, version, image, and its times in seconds.
    CsvTable csvTable() const;
    Millis origin() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void podSelected(const QString& ns, const QString& name);
    void timeClicked(Millis t);

protected:
    void paintEvent(QPaintEvent* e) override;
    void changeEvent(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    bool event(QEvent* e) override;

private:
    Millis now() const;
    void span(Millis* from, Millis* to) const;

    const Simulation* m_sim = nullptr;
    RolloutAnalysis m_analysis;
    quint64 m_seenRevision = ~quint64(0);
    bool m_presentation = false;
    Millis m_origin = kNoTime;
    Millis m_from = kNoTime;
    Millis m_to = kNoTime;
    Millis m_cursor = kNoTime;
};

} // namespace rl
