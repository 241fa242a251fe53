#pragma once

#include "analysis/comparison.h"
#include "export/csvtable.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace rl {

class AvailabilityChart;
class PodTimelineWidget;

/// The same update run under two settings side by side: for each, the pod timeline above the
/// availability chart, both on one time axis (seconds from the update) and one pod scale, and a
/// summary table — time to complete (as `kubectl rollout status` sees it), lowest availability,
/// highest pod count, failed requests.
class CompareWidget : public QWidget
{
    Q_OBJECT
public:
    struct Preset
    {
        QString name;
        ComparisonVariant a;
        ComparisonVariant b;
    };
    /// maxSurge 1/maxUnavailable 0 against 0/1, Recreate against RollingUpdate, 25 %/25 % against 1/1.
    static QList<Preset> presets();
    /// The kiada update of the book (0.6 -> 0.7, 3 replicas, a client at 10 requests/s), built from
    /// a folder holding lesson 02's manifests.
    static ComparisonSetup kiadaSetup(const QString& lessonDirectory);

    explicit CompareWidget(QWidget* parent = nullptr);
    ~CompareWidget() override;

    void setSetup(const ComparisonSetup& setup);
    const ComparisonSetup& setup() const { return m_setup; }
    void setVariants(const ComparisonVariant& a, const ComparisonVariant& b);
    /// Runs both variants (synchronously; a few hundred ms of simulated minutes) and shows them.
    void run();
    const Comparison& comparison() const { return m_comparison; }

    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }

    AvailabilityChart* chart(int column) const;
    PodTimelineWidget* timeline(int column) const;
    QTableWidget* summaryTable() const { return m_table; }
    /// The summary as CSV: one row per figure, one column per variant.
    CsvTable csvTable() const;

Q_SIGNALS:
    void comparisonFinished();

private:
    void showResults();
    void fillSummary();

    ComparisonSetup m_setup;
    ComparisonVariant m_a;
    ComparisonVariant m_b;
    Comparison m_comparison;
    bool m_presentation = false;

    QComboBox* m_presets = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_titles[2] = {nullptr, nullptr};
    PodTimelineWidget* m_timelines[2] = {nullptr, nullptr};
    AvailabilityChart* m_charts[2] = {nullptr, nullptr};
    QTableWidget* m_table = nullptr;
};

} // namespace rl
