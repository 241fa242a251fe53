#include "deploymentactions.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>

#include <algorithm>

namespace rl {

namespace DeploymentActions {

QStringList setImage(const QString& deployment, const QString& container, const QString& image)
{
    return {QStringLiteral("set"), QStringLiteral("image"), QStringLiteral("deployment/") + deployment,
        container + QLatin1Char('=') + image};
}

QStringList scale(const QString& deployment, int replicas)
{
    return {QStringLiteral("scale"), QStringLiteral("deployment"), deployment,
        QStringLiteral("--replicas=%1").arg(replicas)};
}

Strategy strategyOf(const Deployment& d)
{
    Strategy s;
    s.type = d.spec.strategy.type.isEmpty() ? QStringLiteral("RollingUpdate") : d.spec.strategy.type;
    if (d.spec.strategy.rollingUpdate) {
        if (d.spec.strategy.rollingUpdate->maxSurge)
            s.maxSurge = d.spec.strategy.rollingUpdate->maxSurge->toString();
        if (d.spec.strategy.rollingUpdate->maxUnavailable)
            s.maxUnavailable = d.spec.strategy.rollingUpdate->maxUnavailable->toString();
    }
    s.minReadySeconds = d.spec.minReadySeconds;
    return s;
}

namespace {
QJsonValue intOrString(const QString& v)
{
    bool ok = false;
    const int n = v.trimmed().toInt(&ok);
    return ok ? QJsonValue(n) : QJsonValue(v.trimmed());
}
} // namespace

QString strategyPatch(const Strategy& s)
{
    QJsonObject strategy {{QStringLiteral("type"), s.type}};
    if (s.type == QLatin1String("Recreate"))
        strategy.insert(QStringLiteral("rollingUpdate"), QJsonValue::Null);
    else
        strategy.insert(QStringLiteral("rollingUpdate"),
            QJsonObject {{QStringLiteral("maxSurge"), intOrString(s.maxSurge)},
                {QStringLiteral("maxUnavailable"), intOrString(s.maxUnavailable)}});
    const QJsonObject spec {
        {QStringLiteral("minReadySeconds"), s.minReadySeconds}, {QStringLiteral("strategy"), strategy}};
    return QString::fromUtf8(
        QJsonDocument(QJsonObject {{QStringLiteral("spec"), spec}}).toJson(QJsonDocument::Compact));
}

QStringList patchStrategy(const QString& deployment, const Strategy& s)
{
    return {QStringLiteral("patch"), QStringLiteral("deployment"), deployment, QStringLiteral("-p"), strategyPatch(s)};
}

QStringList rollout(const QString& verb, const QString& deployment, int toRevision)
{
    QStringList argv {QStringLiteral("rollout"), verb, QStringLiteral("deployment"), deployment};
    if (toRevision > 0)
        argv << QStringLiteral("--to-revision=%1").arg(toRevision);
    return argv;
}

QStringList deletePod(const QString& pod)
{
    return {QStringLiteral("delete"), QStringLiteral("pod"), pod};
}

std::vector<Revision> revisionsOf(const ObjectStore& store, const Deployment& d)
{
    std::vector<Revision> out;
    for (const auto& [key, rs] : store.all<ReplicaSet>()) {
        const OwnerReference* owner = rs->metadata.controllerRef();
        if (!owner || owner->uid != d.metadata.uid || rs->metadata.namespace_ != d.metadata.namespace_)
            continue;
        Revision r;
        r.number = rs->metadata.annotations.value(keys::Revision).toLongLong();
        r.replicaSet = rs->metadata.name;
        r.changeCause = rs->metadata.annotations.value(keys::ChangeCause);
        for (const Container& c : rs->spec.template_.spec.containers)
            r.images << c.image;
        if (r.number > 0)
            out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const Revision& a, const Revision& b) { return a.number < b.number; });
    return out;
}

} // namespace DeploymentActions

namespace {
QDialogButtonBox* addButtons(QDialog* dialog, QFormLayout* form)
{
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    form->addRow(buttons);
    return buttons;
}
} // namespace

SetImageDialog::SetImageDialog(const Deployment& d, QWidget* parent)
    : QDialog(parent)
    , m_deployment(d.metadata.name)
{
    setWindowTitle(tr("Set image of %1").arg(d.metadata.name));
    auto* form = new QFormLayout(this);
    m_container = new QComboBox(this);
    m_image = new QLineEdit(this);
    m_image->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 30);
    for (const Container& c : d.spec.template_.spec.containers) {
        m_container->addItem(c.name);
        m_images.push_back(c.image);
    }
    form->addRow(tr("&Container:"), m_container);
    form->addRow(tr("&Image:"), m_image);
    connect(m_container, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0 && std::size_t(i) < m_images.size())
            m_image->setText(m_images[std::size_t(i)]);
    });
    if (!m_images.empty())
        m_image->setText(m_images.front());
    m_image->selectAll();
    m_image->setFocus();
    addButtons(this, form);
}

QStringList SetImageDialog::argv() const
{
    return DeploymentActions::setImage(m_deployment, m_container->currentText(), m_image->text().trimmed());
}

void SetImageDialog::setImage(const QString& container, const QString& image)
{
    m_container->setCurrentText(container);
    m_image->setText(image);
}

ScaleDialog::ScaleDialog(const Deployment& d, QWidget* parent)
    : QDialog(parent)
    , m_deployment(d.metadata.name)
{
    setWindowTitle(tr("Scale %1").arg(d.metadata.name));
    auto* form = new QFormLayout(this);
    m_replicas = new QSpinBox(this);
    m_replicas->setRange(0, 100000);
    m_replicas->setValue(d.spec.replicas.value_or(1));
    form->addRow(tr("&Replicas:"), m_replicas);
    addButtons(this, form);
}

QStringList ScaleDialog::argv() const
{
    return DeploymentActions::scale(m_deployment, m_replicas->value());
}

void ScaleDialog::setReplicas(int n)
{
    m_replicas->setValue(n);
}

StrategyDialog::StrategyDialog(const Deployment& d, QWidget* parent)
    : QDialog(parent)
    , m_deployment(d.metadata.name)
{
    setWindowTitle(tr("Edit strategy of %1").arg(d.metadata.name));
    auto* form = new QFormLayout(this);
    m_type = new QComboBox(this);
    m_type->addItems({QStringLiteral("RollingUpdate"), QStringLiteral("Recreate")});
    // intstr: a non-negative integer or a percentage.
    auto* validator = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,9}%?$")), this);
    m_maxSurge = new QLineEdit(this);
    m_maxSurge->setValidator(validator);
    m_maxUnavailable = new QLineEdit(this);
    m_maxUnavailable->setValidator(validator);
    m_minReady = new QSpinBox(this);
    m_minReady->setRange(0, 86400);
    m_minReady->setSuffix(tr(" s"));
    form->addRow(tr("&Type:"), m_type);
    form->addRow(QStringLiteral("max&Surge:"), m_maxSurge);
    form->addRow(QStringLiteral("max&Unavailable:"), m_maxUnavailable);
    form->addRow(QStringLiteral("&minReadySeconds:"), m_minReady);
    m_maxSurge->setToolTip(tr("Pods above the desired number during an update: a number or a percentage"));
    m_maxUnavailable->setToolTip(tr("Pods that may be unavailable during an update: a number or a percentage"));
    m_minReady->setToolTip(tr("How long a new pod must be ready before it counts as available"));
    setStrategy(DeploymentActions::strategyOf(d));
    connect(m_type, &QComboBox::currentIndexChanged, this, &StrategyDialog::updateEnabled);
    addButtons(this, form);
}

void StrategyDialog::updateEnabled()
{
    const bool rolling = m_type->currentText() == QLatin1String("RollingUpdate");
    m_maxSurge->setEnabled(rolling);
    m_maxUnavailable->setEnabled(rolling);
}

DeploymentActions::Strategy StrategyDialog::strategy() const
{
    return {m_type->currentText(), m_maxSurge->text(), m_maxUnavailable->text(), m_minReady->value()};
}

void StrategyDialog::setStrategy(const DeploymentActions::Strategy& s)
{
    m_type->setCurrentText(s.type);
    m_maxSurge->setText(s.maxSurge);
    m_maxUnavailable->setText(s.maxUnavailable);
    m_minReady->setValue(s.minReadySeconds);
    updateEnabled();
}

QStringList StrategyDialog::argv() const
{
    return DeploymentActions::patchStrategy(m_deployment, strategy());
}

RevisionDialog::RevisionDialog(const ObjectStore& store, const Deployment& d, QWidget* parent)
    : QDialog(parent)
    , m_deployment(d.metadata.name)
{
    setWindowTitle(tr("Undo %1 to revision").arg(d.metadata.name));
    auto* form = new QFormLayout(this);
    m_revision = new QComboBox(this);
    const qint64 current = d.metadata.annotations.value(keys::Revision).toLongLong();
    for (const auto& r : DeploymentActions::revisionsOf(store, d)) {
        QString text = QStringLiteral("%1  %2").arg(r.number).arg(r.images.join(QStringLiteral(", ")));
        if (!r.changeCause.isEmpty())
            text += QStringLiteral("  (%1)").arg(r.changeCause);
        if (r.number == current)
            text += tr("  — current");
        m_revision->addItem(text, r.number);
    }
    if (m_revision->count() > 1)
        m_revision->setCurrentIndex(m_revision->count() - 2); // the previous revision
    form->addRow(tr("&Revision:"), m_revision);
    addButtons(this, form);
}

QStringList RevisionDialog::argv() const
{
    return DeploymentActions::rollout(QStringLiteral("undo"), m_deployment, m_revision->currentData().toInt());
}

int RevisionDialog::revisionCount() const
{
    return m_revision->count();
}

void RevisionDialog::setRevision(qint64 n)
{
    const int i = m_revision->findData(n);
    if (i >= 0)
        m_revision->setCurrentIndex(i);
}

} // namespace rl
