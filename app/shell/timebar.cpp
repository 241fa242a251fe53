#include "timebar.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

namespace rl {

namespace {
constexpr Millis kTick = 100; // the timeline's resolution (ms)
} // namespace

const QList<double>& TimeBar::speeds()
{
    static const QList<double> s {0.25, 0.5, 1, 2, 5, 10, 25, 50, 100};
    return s;
}

QString TimeBar::speedText(double speed)
{
    return QString::number(speed) + QChar(0x00D7);
}

QString TimeBar::elapsedText(Millis elapsed)
{
    const Millis tenths = elapsed / 100;
    const Millis s = tenths / 10;
    const QString sec = QStringLiteral("%1.%2").arg(s % 60, 2, 10, QLatin1Char('0')).arg(tenths % 10);
    if (s >= 3600)
        return QStringLiteral("+%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(sec);
    return QStringLiteral("+%1:%2").arg(s / 60).arg(sec);
}

TimeBar::TimeBar(QAction* play, QAction* step, QAction* present, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto button = [this, layout](QAction* a) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        layout->addWidget(b);
        return b;
    };
    button(play);
    button(step);
    m_speed = new QComboBox(this);
    for (double s : speeds())
        m_speed->addItem(speedText(s), s);
    m_speed->setToolTip(tr("Speed: simulated seconds per second"));
    m_speed->setAccessibleName(tr("Speed"));
    layout->addWidget(m_speed);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Timeline: drag back to see an earlier moment"));
    m_slider->setAccessibleName(tr("Timeline"));
    m_slider->setMinimumWidth(120);
    layout->addWidget(m_slider, 1);
    m_past = new QLabel(this);
    layout->addWidget(m_past);
    button(present);
    m_time = new QLabel(this);
    m_time->setToolTip(tr("Simulated time since the start"));
    QFont mono = m_time->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_time->setFont(mono);
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("+00:00:00.0 ")));
    layout->addWidget(m_time);
    m_clock = new QLabel(this);
    m_clock->setToolTip(tr("The simulated cluster's clock (UTC)"));
    m_clock->setFont(mono);
    layout->addWidget(m_clock);
    setSpeed(1);
    setTimes(0, 0, 0);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            emit speedChanged(speed());
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_updating)
            emit scrubbed(Millis(v) * kTick);
    });
}

void TimeBar::setSpeed(double s)
{
    m_updating = true;
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - s) < std::abs(m_speed->itemData(best).toDouble() - s))
            best = i;
    m_speed->setCurrentIndex(best);
    m_updating = false;
}

double TimeBar::speed() const
{
    return m_speed->currentData().toDouble();
}

void TimeBar::setTimes(Millis present, Millis shown, Millis startEpoch)
{
    m_updating = true;
    const int max = int(std::min<Millis>(present / kTick, std::numeric_limits<int>::max()));
    if (m_slider->maximum() != max)
        m_slider->setMaximum(max);
    if (!m_slider->isSliderDown())
        m_slider->setValue(shown >= present ? max : int(shown / kTick));
    m_updating = false;
    m_time->setText(elapsedText(shown));
    m_clock->setText(QDateTime::fromMSecsSinceEpoch(startEpoch + shown, Qt::UTC).toString(QStringLiteral("HH:mm:ss")));
    const bool past = shown < present;
    m_past->setText(past ? tr("viewing the past (%1 behind)").arg(elapsedText(present - shown).mid(1)) : QString());
    m_past->setVisible(past);
}

void TimeBar::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::PaletteChange)
        updateLabelColours();
    QWidget::changeEvent(e);
}

void TimeBar::updateLabelColours()
{
    QPalette p = m_past->palette();
    p.setColor(QPalette::WindowText, palette().color(QPalette::Link));
    m_past->setPalette(p);
}

} // namespace rl
