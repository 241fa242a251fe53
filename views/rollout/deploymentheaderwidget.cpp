#include "rollout/deploymentheaderwidget.h"

#include "controllers/rolloutmath.h"
#include "kubectl/rollout.h"

#include <QContextMenuEvent>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace rl {

DeploymentHeaderText deploymentHeaderText(const Deployment& d)
{
    DeploymentHeaderText t;
    t.name = d.metadata.name;
    t.strategy = d.spec.strategy.type.isEmpty() ? QStringLiteral("RollingUpdate") : d.spec.strategy.type;
    const qint32 desired = rollout::desiredReplicas(d.spec);
    t.replicas = QStringLiteral("%1 desired | %2 updated | %3 total | %4 available | %5 unavailable")
                     .arg(desired)
                     .arg(d.status.updatedReplicas)
                     .arg(d.status.replicas)
                     .arg(d.status.availableReplicas)
                     .arg(d.status.unavailableReplicas);
    if (rollout::isRollingUpdate(d.spec)) {
        const auto& ru = d.spec.strategy.rollingUpdate;
        // As kubectl describe shows the unset values ("0"); the controller resolves them to 0 too.
        const QString surge = ru && ru->maxSurge ? ru->maxSurge->toString() : QStringLiteral("0");
        const QString unavailable = ru && ru->maxUnavailable ? ru->maxUnavailable->toString() : QStringLiteral("0");
        const qint32 most = desired + rollout::maxSurge(d.spec);
        const qint32 least = desired - rollout::maxUnavailable(d.spec);
        t.maxSurge = most == 1 ? DeploymentHeaderWidget::tr("maxSurge %1 → at most %2 pod").arg(surge).arg(most)
                               : DeploymentHeaderWidget::tr("maxSurge %1 → at most %2 pods").arg(surge).arg(most);
        t.maxUnavailable
            = DeploymentHeaderWidget::tr("maxUnavailable %1 → at least %2 available").arg(unavailable).arg(least);
    } else {
        t.maxSurge = DeploymentHeaderWidget::tr("all old pods are deleted before new ones are created");
    }
    t.minReadySeconds = QStringLiteral("minReadySeconds %1").arg(d.spec.minReadySeconds);
    t.progressDeadline = d.spec.progressDeadlineSeconds ? (*d.spec.progressDeadlineSeconds == kMaxInt32
                                 // extensions/v1beta1's default: the controller never reports a deadline exceeded.
                                 ? DeploymentHeaderWidget::tr("progressDeadlineSeconds %1 (no deadline)").arg(kMaxInt32)
                                 : QStringLiteral("progressDeadlineSeconds %1").arg(*d.spec.progressDeadlineSeconds))
                                                        : QStringLiteral("progressDeadlineSeconds <unset>");
    t.paused = d.spec.paused ? QStringLiteral("paused: true") : QStringLiteral("paused: false");
    const RolloutStatus st = deploymentRolloutStatus(d);
    t.status = st.message;
    t.statusDone = st.done;
    t.statusError = st.error;
    t.conditions = d.status.conditions;
    return t;
}

DeploymentHeaderWidget::DeploymentHeaderWidget(QWidget* parent)
    : QWidget(parent)
{
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(8, 8, 8, 4);
    lay->setSpacing(2);
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setObjectName(QStringLiteral("deploymentTitle"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("deploymentStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("deploymentFacts"));
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setWordWrap(true);
    m_conditions = new QLabel(this);
    m_conditions->setObjectName(QStringLiteral("deploymentConditions"));
    m_conditions->setTextFormat(Qt::RichText);
    m_conditions->setWordWrap(true);
    m_conditions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(m_title);
    lay->addWidget(m_status);
    lay->addWidget(m_facts);
    lay->addWidget(m_conditions);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    setToolTip(tr("Right-click for rollout actions (pause, resume, undo, restart)."));
}

DeploymentHeaderWidget::~DeploymentHeaderWidget() = default;

void DeploymentHeaderWidget::setDeployment(const DeploymentPtr& d)
{
    if (!d) {
        if (m_valid) {
            m_valid = false;
            m_text = {};
            render();
        }
        return;
    }
    DeploymentHeaderText t = deploymentHeaderText(*d);
    if (m_valid && t == m_text && m_ns == d->metadata.namespace_)
        return;
    m_valid = true;
    m_text = std::move(t);
    m_ns = d->metadata.namespace_;
    m_paused = d->spec.paused;
    render();
}

void DeploymentHeaderWidget::render()
{
    if (!m_valid) {
        m_title->clear();
        m_status->clear();
        m_facts->clear();
        m_conditions->clear();
        return;
    }
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor window = pal.color(QPalette::Window);
    const QString muted = QColor::fromRgbF(text.redF() * 0.62f + window.redF() * 0.38f,
        text.greenF() * 0.62f + window.greenF() * 0.38f, text.blueF() * 0.62f + window.blueF() * 0.38f)
                              .name();
    auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    auto nb = [&](const QString& s) { return esc(s).replace(QLatin1Char(' '), QStringLiteral("&nbsp;")); };
    m_title->setText(QStringLiteral("<span style=\"font-size:large\"><b>%1</b></span>&nbsp;&nbsp;"
                                    "<span style=\"color:%2\">Deployment · %3%4</span>")
                         .arg(esc(m_text.name), muted, esc(m_text.strategy),
                             m_paused ? QStringLiteral(" · <b>%1</b>").arg(tr("paused")) : QString()));
    m_status->setText(m_text.status);
    m_status->setToolTip(tr("What `kubectl rollout status deployment/%1` prints now").arg(m_text.name));
    QStringList facts;
    facts << QStringLiteral("Replicas: ") + nb(m_text.replicas);
    if (!m_text.maxSurge.isEmpty())
        facts << nb(m_text.maxSurge);
    if (!m_text.maxUnavailable.isEmpty())
        facts << nb(m_text.maxUnavailable);
    facts << nb(m_text.minReadySeconds) << nb(m_text.progressDeadline) << nb(m_text.paused);
    m_facts->setText(facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    if (m_text.conditions.empty()) {
        m_conditions->clear();
        m_conditions->hide();
        return;
    }
    // kubectl describe's Conditions (Type, Status, Reason) and the message the API carries.
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\"><tr>"
                                  "<td style=\"color:%1\">Type&nbsp;&nbsp;&nbsp;</td>"
                                  "<td style=\"color:%1\">Status&nbsp;&nbsp;&nbsp;</td>"
                                  "<td style=\"color:%1\">Reason&nbsp;&nbsp;&nbsp;</td>"
                                  "<td style=\"color:%1\">Message</td></tr>")
                       .arg(muted);
    for (const Condition& c : m_text.conditions)
        html += QStringLiteral(
            "<tr><td>%1&nbsp;&nbsp;&nbsp;</td><td>%2&nbsp;&nbsp;&nbsp;</td><td>%3&nbsp;&nbsp;&nbsp;</td>"
            "<td>%4</td></tr>")
                    .arg(esc(c.type), esc(c.status), esc(c.reason), esc(c.message));
    html += QStringLiteral("</table>");
    m_conditions->setText(html);
    m_conditions->show();
}

void DeploymentHeaderWidget::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::PaletteChange)
        render();
    QWidget::changeEvent(e);
}

QStringList DeploymentHeaderWidget::rolloutArgs(const QString& verb) const
{
    QStringList argv {QStringLiteral("rollout"), verb, QStringLiteral("deployment/") + m_text.name};
    if (!m_ns.isEmpty() && m_ns != QLatin1String("default"))
        argv << QStringLiteral("-n") << m_ns;
    return argv;
}

QMenu* DeploymentHeaderWidget::createContextMenu(QWidget* parent)
{
    auto* menu = new QMenu(parent);
    if (!m_valid)
        return menu;
    auto add = [&](const QString& label, const QString& verb) {
        QAction* a = menu->addAction(label);
        a->setObjectName(QStringLiteral("rollout-") + verb);
        a->setStatusTip(QStringLiteral("kubectl ") + rolloutArgs(verb).join(QLatin1Char(' ')));
        connect(a, &QAction::triggered, this, [this, verb] { emit commandRequested(rolloutArgs(verb)); });
    };
    if (m_paused)
        add(tr("&Resume rollout"), QStringLiteral("resume"));
    else
        add(tr("&Pause rollout"), QStringLiteral("pause"));
    add(tr("&Undo rollout"), QStringLiteral("undo"));
    add(tr("Re&start"), QStringLiteral("restart"));
    return menu;
}

void DeploymentHeaderWidget::contextMenuEvent(QContextMenuEvent* e)
{
    if (!m_valid)
        return;
    QMenu* menu = createContextMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(e->globalPos());
}

void DeploymentHeaderWidget::mousePressEvent(QMouseEvent* e)
{
    if (m_valid && e->button() == Qt::LeftButton)
        emit deploymentSelected(m_ns, m_text.name);
    QWidget::mousePressEvent(e);
}

} // namespace rl
