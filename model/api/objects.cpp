#include "objects.h"

namespace rl {

QString kindName(Kind k)
{
    switch (k) {
    case Kind::Deployment:
        return QStringLiteral("Deployment");
    case Kind::ReplicaSet:
        return QStringLiteral("ReplicaSet");
    case Kind::Pod:
        return QStringLiteral("Pod");
    case Kind::Service:
        return QStringLiteral("Service");
    case Kind::Event:
        return QStringLiteral("Event");
    case Kind::Endpoints:
        return QStringLiteral("Endpoints");
    }
    return {};
}

const OwnerReference* ObjectMeta::controllerRef() const
{
    for (const auto& ref : ownerReferences) {
        if (ref.controller)
            return &ref;
    }
    return nullptr;
}

bool labelsInclude(const Labels& labels, const Labels& required)
{
    for (auto it = required.cbegin(); it != required.cend(); ++it) {
        auto found = labels.constFind(it.key());
        if (found == labels.cend() || found.value() != it.value())
            return false;
    }
    return true;
}

// apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector + pkg/labels/selector.go.
bool LabelSelector::matches(const Labels& labels) const
{
    if (!labelsInclude(labels, matchLabels))
        return false;
    for (const auto& req : matchExpressions) {
        const bool has = labels.contains(req.key);
        if (req.op == QStringView(u"In")) {
            if (!has || !req.values.contains(labels.value(req.key)))
                return false;
        } else if (req.op == QStringView(u"NotIn")) {
            if (has && req.values.contains(labels.value(req.key)))
                return false;
        } else if (req.op == QStringView(u"Exists")) {
            if (!has)
                return false;
        } else if (req.op == QStringView(u"DoesNotExist")) {
            if (has)
                return false;
        } else {
            return false;
        }
    }
    return true;
}

// apimachinery pkg/apis/meta/v1/helpers.go FormatLabelSelector: requirements sorted by key;
// matchLabels become "k=v"; In/NotIn print "k in (a,b)" with sorted values.
QString LabelSelector::toString() const
{
    struct Req
    {
        QString key;
        QString text;
    };
    std::vector<Req> reqs;
    for (auto it = matchLabels.cbegin(); it != matchLabels.cend(); ++it)
        reqs.push_back({it.key(), it.key() + QLatin1Char('=') + it.value()});
    for (const auto& e : matchExpressions) {
        QStringList vals = e.values;
        vals.sort();
        QString text;
        if (e.op == QStringView(u"In"))
            text = e.key + QStringLiteral(" in (") + vals.join(QLatin1Char(',')) + QLatin1Char(')');
        else if (e.op == QStringView(u"NotIn"))
            text = e.key + QStringLiteral(" notin (") + vals.join(QLatin1Char(',')) + QLatin1Char(')');
        else if (e.op == QStringView(u"Exists"))
            text = e.key;
        else if (e.op == QStringView(u"DoesNotExist"))
            text = QLatin1Char('!') + e.key;
        reqs.push_back({e.key, text});
    }
    std::stable_sort(reqs.begin(), reqs.end(), [](const Req& a, const Req& b) { return a.key < b.key; });
    QStringList parts;
    for (const auto& r : reqs)
        parts << r.text;
    if (parts.isEmpty())
        return QStringLiteral("<none>");
    return parts.join(QLatin1Char(','));
}

const Condition* DeploymentStatus::condition(const QString& type) const
{
    for (const auto& c : conditions) {
        if (c.type == type)
            return &c;
    }
    return nullptr;
}

const PodCondition* PodStatus::condition(const QString& type) const
{
    for (const auto& c : conditions) {
        if (c.type == type)
            return &c;
    }
    return nullptr;
}

const PodCondition* Pod::readyCondition() const
{
    const PodCondition* c = status.condition(QStringLiteral("Ready"));
    return c && c->status == QStringView(u"True") ? c : nullptr;
}

bool Pod::isReady() const
{
    return readyCondition() != nullptr;
}

Millis Pod::readySince() const
{
    const PodCondition* c = readyCondition();
    return c ? c->lastTransitionTime : kNoTime;
}

bool Pod::isActive() const
{
    return !metadata.isDeleting() && status.phase != QStringView(u"Succeeded")
        && status.phase != QStringView(u"Failed");
}

bool Pod::isAvailable(qint32 minReadySeconds, Millis now) const
{
    if (!isReady())
        return false;
    if (minReadySeconds == 0)
        return true;
    const Millis since = readySince();
    return since != kNoTime && since + Millis(minReadySeconds) * 1000 < now;
}

} // namespace rl
