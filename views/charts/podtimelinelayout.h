#pragma once

#include "analysis/rolloutanalysis.h"

#include <QRectF>

#include <vector>

namespace rl {

/// Sizes the timeline is laid out with (device-independent pixels).
struct PodTimelineMetrics
{
    double labelWidth = 170; ///< pod names column
    double headerHeight = 24; ///< legend strip above the bars
    double axisHeight = 24; ///< time axis below the bars
    double maxRowHeight = 22;
    double rowGap = 0.22; ///< fraction of a row left empty between bars
};

/// One pod's row.
struct TimelineRow
{
    int pod = -1; ///< index into the bars given
    QRectF row; ///< the whole row, label column included
    QRectF bar; ///< from its creation to its end (or now), clipped to the plot
    std::vector<std::pair<QRectF, PodPhaseState>> segments; ///< clipped to the plot; empty ones left out
    bool operator==(const TimelineRow&) const = default;
};

/// Where everything of the pod timeline goes, as a pure function of the bars, the time span and
/// the widget's rectangle: one row per pod alive in the span, oldest first; x is linear in time.
struct PodTimelineLayout
{
    QRectF header;
    QRectF labels;
    QRectF plot;
    QRectF axis;
    Millis from = 0;
    Millis to = 1;
    double rowHeight = 0;
    std::vector<TimelineRow> rows;

    static PodTimelineLayout compute(const std::vector<PodBar>& bars, Millis from, Millis to, Millis now,
        const QRectF& area, const PodTimelineMetrics& metrics = {});

    double xOf(Millis t) const;
    Millis timeAt(double x) const;
    /// Row under a point, -1 if none.
    int rowAt(const QPointF& p) const;
};

} // namespace rl
