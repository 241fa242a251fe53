#pragma once

#include "api/objects.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace rl {

class Simulation;
class TrafficSource;

/// The client loop's terminal: one line per request, as the book's
/// `while true; do curl -s http://kiada | grep "Request processed by"; done` shows it
/// (TrafficSource::formatLine()), including the errors clients see while nothing is ready. Each
/// line starts with its simulated time. Bounded (the oldest lines go), follows the newest line
/// unless the user scrolled up. The rate and the start/stop button ask the owner of the source
/// (signals); the widget never changes the simulation.
class TrafficLogWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficLogWidget(QWidget* parent = nullptr);
    ~TrafficLogWidget() override;

    void setSimulation(const Simulation* sim);
    void setTrafficSource(const TrafficSource* source);
    void refresh();

    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }
    void setMaximumLines(int lines);
    int maximumLines() const { return m_maxLines; }
    void setShowTimes(bool on);

    /// The lines shown, oldest first (for tests and copying).
    QStringList lines() const;
    QPlainTextEdit* textView() const { return m_text; }

Q_SIGNALS:
    /// The user changed the rate (requests per simulated second).
    void rateChangeRequested(double perSecond);
    /// The user pressed start (true) or stop (false).
    void runningChangeRequested(bool run);

protected:
    void changeEvent(QEvent* e) override;

private:
    void rebuild();
    void append(std::size_t from, std::size_t to);
    void applyTheme();
    void updateControls();
    QString lineFor(std::size_t i) const;

    const Simulation* m_sim = nullptr;
    const TrafficSource* m_source = nullptr;
    std::size_t m_shown = 0; // requests already turned into lines
    Millis m_lastTime = kNoTime;
    std::size_t m_counted = 0; // requests tallied in m_served / m_failed
    int m_served = 0;
    int m_failed = 0;
    int m_maxLines = 2000;
    bool m_showTimes = true;
    bool m_presentation = false;

    QDoubleSpinBox* m_rate = nullptr;
    QToolButton* m_run = nullptr;
    QLabel* m_counts = nullptr;
    QPlainTextEdit* m_text = nullptr;
};

} // namespace rl
