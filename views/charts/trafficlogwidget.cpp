#include "charts/trafficlogwidget.h"

#include "charts/charttheme.h"
#include "sim/simulation.h"
#include "sim/traffic.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace rl {

TrafficLogWidget::TrafficLogWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trafficLog"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    auto* title = new QLabel(tr("Client:"), this);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setObjectName(QStringLiteral("rate"));
    m_rate->setRange(0.1, 1000);
    m_rate->setDecimals(1);
    m_rate->setValue(10);
    m_rate->setSuffix(tr(" requests/s"));
    m_rate->setToolTip(tr("Requests the client sends through the Service per simulated second"));
    m_rate->setStatusTip(m_rate->toolTip());
    m_rate->setKeyboardTracking(false);
    m_run = new QToolButton(this);
    m_run->setObjectName(QStringLiteral("run"));
    m_run->setCheckable(true);
    m_run->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("counts"));
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(title);
    bar->addWidget(m_rate);
    bar->addWidget(m_run);
    bar->addStretch(1);
    bar->addWidget(m_counts);
    layout->addLayout(bar);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setMaximumBlockCount(m_maxLines);
    m_text->setUndoRedoEnabled(false);
    m_text->setToolTip(tr("One line per request, as the client loop prints it"));
    layout->addWidget(m_text, 1);

    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &TrafficLogWidget::rateChangeRequested);
    connect(m_run, &QToolButton::clicked, this, [this](bool checked) {
        Q_EMIT runningChangeRequested(checked);
        updateControls();
    });
    applyTheme();
    updateControls();
}

TrafficLogWidget::~TrafficLogWidget() = default;

void TrafficLogWidget::setSimulation(const Simulation* sim)
{
    m_sim = sim;
    rebuild();
}

void TrafficLogWidget::setTrafficSource(const TrafficSource* source)
{
    m_source = source;
    rebuild();
}

void TrafficLogWidget::setMaximumLines(int lines)
{
    m_maxLines = std::max(10, lines);
    m_text->setMaximumBlockCount(m_maxLines);
    rebuild();
}

void TrafficLogWidget::setShowTimes(bool on)
{
    m_showTimes = on;
    rebuild();
}

void TrafficLogWidget::setPresentationMode(bool on)
{
    if (m_presentation == on)
        return;
    m_presentation = on;
    applyTheme();
}

QString TrafficLogWidget::lineFor(std::size_t i) const
{
    const TrafficSource::Request& r = m_source->requests()[i];
    const QString text = m_source->formatLine(r);
    if (!m_showTimes)
        return text;
    const Millis start = m_sim ? m_sim->startTime() : 0;
    return QStringLiteral("%1  %2").arg(double(r.time - start) / 1000.0, 8, 'f', 1).arg(text);
}

void TrafficLogWidget::rebuild()
{
    m_text->clear();
    m_shown = 0;
    m_counted = 0;
    m_served = m_failed = 0;
    m_lastTime = kNoTime;
    if (m_source) {
        const std::size_t n = m_source->requests().size();
        // Only the newest lines fit.
        m_shown = n > std::size_t(m_maxLines) ? n - std::size_t(m_maxLines) : 0;
    }
    refresh();
}

void TrafficLogWidget::refresh()
{
    updateControls();
    if (!m_source)
        return;
    const auto& requests = m_source->requests();
    // A restore drops requests: start over.
    if (m_shown > requests.size()
        || (m_shown > 0 && m_lastTime != kNoTime && requests[m_shown - 1].time != m_lastTime)) {
        rebuild();
        return;
    }
    if (m_shown == requests.size())
        return;
    std::size_t from = m_shown;
    if (requests.size() - from > std::size_t(m_maxLines))
        from = requests.size() - std::size_t(m_maxLines);
    append(from, requests.size());
    m_shown = requests.size();
    m_lastTime = requests.back().time;
}

void TrafficLogWidget::append(std::size_t from, std::size_t to)
{
    QScrollBar* sb = m_text->verticalScrollBar();
    const bool follow = sb->value() >= sb->maximum() - 2;
    const int keep = sb->value();
    const ChartTheme theme(palette(), m_presentation);
    QTextCharFormat ok;
    ok.setForeground(theme.text());
    QTextCharFormat bad;
    bad.setForeground(theme.failure());
    QTextCursor c(m_text->document());
    c.movePosition(QTextCursor::End);
    c.beginEditBlock();
    for (std::size_t i = from; i < to; ++i) {
        if (!m_text->document()->isEmpty())
            c.insertBlock();
        const bool served = m_source->requests()[i].outcome == TrafficSource::Outcome::Served;
        c.insertText(lineFor(i), served ? ok : bad);
    }
    c.endEditBlock();
    if (follow)
        sb->setValue(sb->maximum());
    else
        sb->setValue(keep);
}

QStringList TrafficLogWidget::lines() const
{
    QStringList out;
    for (QTextBlock b = m_text->document()->begin(); b.isValid(); b = b.next())
        if (!(b == m_text->document()->begin() && b.text().isEmpty() && m_text->document()->blockCount() == 1))
            out << b.text();
    return out;
}

void TrafficLogWidget::updateControls()
{
    const bool running = m_source && m_source->isRunning();
    {
        const QSignalBlocker block(m_run);
        m_run->setChecked(running);
    }
    m_run->setText(running ? tr("Stop") : tr("Start"));
    m_run->setToolTip(running ? tr("Stop sending requests") : tr("Start sending requests through the Service"));
    if (m_source && !m_rate->hasFocus()) {
        const QSignalBlocker block(m_rate);
        m_rate->setValue(m_source->rate());
    }
    if (!m_source) {
        m_counts->setText(tr("no client"));
        return;
    }
    const auto& requests = m_source->requests();
    if (m_counted > requests.size())
        m_counted = m_served = m_failed = 0;
    for (; m_counted < requests.size(); ++m_counted) {
        if (requests[m_counted].outcome == TrafficSource::Outcome::Served)
            ++m_served;
        else
            ++m_failed;
    }
    const int served = m_served;
    const int failed = m_failed;
    m_counts->setText(tr("sent %1 · served %2 · failed %3").arg(m_source->sent()).arg(served).arg(failed));
}

void TrafficLogWidget::applyTheme()
{
    const ChartTheme theme(palette(), m_presentation);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(theme.font(0.95).pointSizeF());
    m_text->setFont(mono);
    if (m_presentation) {
        QPalette p = m_text->palette();
        p.setColor(QPalette::Base, theme.background());
        p.setColor(QPalette::Text, theme.text());
        m_text->setPalette(p);
    } else {
        m_text->setPalette(palette());
    }
    // Presentation: the whole client bar in large type, not just the counts.
    QFont f = font();
    f.setPointSizeF(theme.font().pointSizeF());
    for (QWidget* w : findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
        if (w != m_text)
            w->setFont(f);
    rebuild();
}

void TrafficLogWidget::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange)
        applyTheme();
}

} // namespace rl
