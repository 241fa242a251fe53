#pragma once

#include "sim/eventqueue.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;
class QAction;

namespace rl {

/// The window's time controls: play/pause, step, the speed (0.25×…100×), a timeline that scrubs
/// back to any earlier moment, and the simulated time shown (elapsed and wall-clock of the
/// simulated cluster). It only shows and asks; the window owns the clock.
class TimeBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimeBar(QAction* play, QAction* step, QAction* present, QWidget* parent = nullptr);

    static const QList<double>& speeds();
    /// "0.25×", "1×", "100×"
    static QString speedText(double speed);
    /// "+1:05.3" (simulated time since the start).
    static QString elapsedText(Millis elapsed);

    void setSpeed(double speed);
    double speed() const;
    /// The present (the end of the timeline) and the moment shown.
    void setTimes(Millis present, Millis shown, Millis startEpoch);

    QSlider* slider() const { return m_slider; }
    QComboBox* speedBox() const { return m_speed; }

signals:
    void speedChanged(double speed);
    /// The user moved the timeline to `t` (ms since the start).
    void scrubbed(Millis t);

protected:
    void changeEvent(QEvent* e) override;

private:
    void updateLabelColours();

    QComboBox* m_speed;
    QSlider* m_slider;
    QLabel* m_time;
    QLabel* m_clock;
    QLabel* m_past;
    bool m_updating = false;
};

} // namespace rl
