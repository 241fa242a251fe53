#include "api/json.h"

#include <QJsonDocument>

namespace rl {

// pkg/controller/controller_utils.go ComputeHash + apimachinery pkg/util/rand SafeEncodeString.
// Go hashes a deep dump of the struct; we hash the canonical (sorted-key, compact) JSON of the
// defaulted template instead — equal templates give equal hashes, different ones differ (spec 2.1).
namespace {
quint32 podTemplateHashSum(const PodTemplateSpec& t, std::optional<qint32> collisionCount)
{
    const QByteArray bytes = QJsonDocument(toJson(t)).toJson(QJsonDocument::Compact);
    quint32 h = 2166136261u;
    auto feed = [&h](unsigned char c) {
        h ^= c;
        h *= 16777619u;
    };
    for (char c : bytes)
        feed(static_cast<unsigned char>(c));
    if (collisionCount) {
        const quint32 v = static_cast<quint32>(*collisionCount);
        for (int i = 0; i < 4; ++i)
            feed(static_cast<unsigned char>((v >> (8 * i)) & 0xff));
        for (int i = 0; i < 4; ++i)
            feed(0);
    }
    return h;
}

/// apimachinery's SafeEncodeString of the sum's decimal digits (spec 2.1 rule 3).
QString safeEncode(const QByteArray& digits)
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    for (char c : digits)
        out += QLatin1Char(alphabet[static_cast<unsigned char>(c) % 27]);
    return out;
}
} // namespace

TemplateHash podTemplateHash(const PodTemplateSpec& t, std::optional<qint32> collisionCount, int minor)
{
    const QByteArray digits = QByteArray::number(podTemplateHashSum(t, collisionCount));
    TemplateHash h {safeEncode(digits), {}};
    h.label = minor >= kFirstMinorWithEncodedHashLabel ? h.nameSuffix : QString::fromLatin1(digits);
    return h;
}

namespace {
// Whether two label maps are equal once `ignored` is taken out of both (without copying them).
bool equalLabelsIgnoring(const Labels& a, const Labels& b, const QString& ignored)
{
    auto i = a.cbegin(), j = b.cbegin();
    while (true) {
        while (i != a.cend() && i.key() == ignored)
            ++i;
        while (j != b.cend() && j.key() == ignored)
            ++j;
        if (i == a.cend() || j == b.cend())
            return i == a.cend() && j == b.cend();
        if (i.key() != j.key() || i.value() != j.value())
            return false;
        ++i;
        ++j;
    }
}
} // namespace

// deployment/util EqualIgnoreHash: both templates without the pod-template-hash label, compared.
// The Deployment's template never has the label and its ReplicaSets' always do: the labels are
// compared skipping it, the rest as it is (with `b`'s labels in `a`'s metadata, a shared copy).
bool equalIgnoreHash(const PodTemplateSpec& a, const PodTemplateSpec& b)
{
    if (a.metadata.labels.value(keys::PodTemplateHash) == b.metadata.labels.value(keys::PodTemplateHash))
        return a == b;
    if (!equalLabelsIgnoring(a.metadata.labels, b.metadata.labels, keys::PodTemplateHash))
        return false;
    ObjectMeta meta = a.metadata;
    meta.labels = b.metadata.labels;
    return meta == b.metadata && a.spec == b.spec;
}

} // namespace rl
