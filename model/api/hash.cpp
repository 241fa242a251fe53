#include "api/json.h"

#include <QJsonDocument>

namespace rl {

// pkg/controller/controller_utils.go ComputeHash + apimachinery pkg/util/rand SafeEncodeString.
// Go hashes a deep dump of the struct; we hash the canonical (sorted-key, compact) JSON of the
// defaulted template instead — equal templates give equal hashes, different ones differ (spec 2.1).
QString podTemplateHash(const PodTemplateSpec& t, std::optional<qint32> collisionCount)
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
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    const QByteArray digits = QByteArray::number(h);
    QString out;
    for (char c : digits)
        out += QLatin1Char(alphabet[static_cast<unsigned char>(c) % 27]);
    return out;
}

bool equalIgnoreHash(const PodTemplateSpec& a, const PodTemplateSpec& b)
{
    if (a.metadata.labels.value(keys::PodTemplateHash) == b.metadata.labels.value(keys::PodTemplateHash))
        return a == b;
    PodTemplateSpec x = a, y = b;
    x.metadata.labels.remove(keys::PodTemplateHash);
    y.metadata.labels.remove(keys::PodTemplateHash);
    return x == y;
}

} // namespace rl
