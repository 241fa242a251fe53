#include "clusterprofile.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace rl {

namespace {

// Splits "registry:5000/repo/name:tag@digest" into the part before the tag and the tag.
void splitImage(const QString& image, QString* repo, QString* tag)
{
    QString ref = image;
    const int at = ref.indexOf(QLatin1Char('@'));
    if (at >= 0)
        ref = ref.left(at);
    const int slash = ref.lastIndexOf(QLatin1Char('/'));
    const int colon = ref.lastIndexOf(QLatin1Char(':'));
    if (colon > slash) {
        *repo = ref.left(colon);
        *tag = ref.mid(colon + 1);
    } else {
        *repo = ref;
        tag->clear();
    }
}

bool isWildcard(const QString& pattern)
{
    return pattern.endsWith(QLatin1Char('*'));
}

class Decoder
{
public:
    Decoder(const QString& kind, const QJsonObject& doc, QString* error)
        : m_error(error)
    {
        m_what = kind + QStringLiteral(" \"")
            + doc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString()
            + QLatin1Char('"');
    }

    bool fail(const QString& path, const QString& msg)
    {
        if (m_error)
            *m_error = m_what + QStringLiteral(": ") + path + QStringLiteral(": ") + msg;
        return false;
    }

    bool onlyKnown(const QJsonObject& o, const QString& path, const QStringList& known)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key()))
                return fail(path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(),
                    QStringLiteral("unknown field (known: %1)").arg(known.join(QStringLiteral(", "))));
        }
        return true;
    }

    bool object(const QJsonObject& o, const QString& key, const QString& path, QJsonObject* out)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isObject())
            return fail(path, QStringLiteral("must be a mapping"));
        *out = v.toObject();
        return true;
    }

    bool seconds(const QJsonObject& o, const QString& key, const QString& path, std::optional<Millis>* out)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isDouble() || v.toDouble() < 0)
            return fail(path, QStringLiteral("must be a number of seconds >= 0"));
        *out = Millis(std::llround(v.toDouble() * 1000.0));
        return true;
    }

    bool seconds(const QJsonObject& o, const QString& key, const QString& path, Millis* out)
    {
        std::optional<Millis> v;
        if (!seconds(o, key, path, &v))
            return false;
        if (v)
            *out = *v;
        return true;
    }

    bool integer(const QJsonObject& o, const QString& key, const QString& path, qint64* out, qint64 min, qint64 max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max))
            return fail(path, QStringLiteral("must be an integer between %1 and %2").arg(min).arg(max));
        *out = qint64(d);
        return true;
    }

    bool boolean(const QJsonObject& o, const QString& key, const QString& path, bool* out)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isBool())
            return fail(path, QStringLiteral("must be true or false"));
        *out = v.toBool();
        return true;
    }

    bool string(const QJsonObject& o, const QString& key, const QString& path, QString* out)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        if (v.isDouble()) { // YAML `version: 0.8` arrives as a number
            *out = QString::number(v.toDouble());
            return true;
        }
        if (!v.isString())
            return fail(path, QStringLiteral("must be a string"));
        *out = v.toString();
        return true;
    }

    bool header(const QJsonObject& doc, const QString& kind)
    {
        if (doc.value(QStringLiteral("apiVersion")).toString() != kRolloutLabApiVersion)
            return fail(QStringLiteral("apiVersion"), QStringLiteral("must be %1").arg(kRolloutLabApiVersion));
        if (doc.value(QStringLiteral("kind")).toString() != kind)
            return fail(QStringLiteral("kind"), QStringLiteral("must be %1").arg(kind));
        return onlyKnown(doc, {},
            {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"), QStringLiteral("spec")});
    }

private:
    QString* m_error;
    QString m_what;
};

} // namespace

bool ImageBehavior::imageMatches(const QString& pattern, const QString& image)
{
    if (pattern == image)
        return true;
    if (!isWildcard(pattern))
        return false;
    // "repo:*" matches every tag of repo (and the untagged reference); "repo*" any prefix.
    if (pattern.endsWith(QStringLiteral(":*"))) {
        QString repo, tag;
        splitImage(image, &repo, &tag);
        return repo == pattern.left(pattern.size() - 2);
    }
    return image.startsWith(pattern.left(pattern.size() - 1));
}

ClusterProfile::ClusterProfile()
{
    setNodeCount(3);
}

void ClusterProfile::setKubernetesVersion(const QString& v)
{
    m_version = v;
    // The second dot-separated field (as split('.').at(1)); 32 when there is none.
    const qsizetype first = m_version.indexOf(QLatin1Char('.'));
    if (first < 0) {
        m_minor = 32;
        return;
    }
    const qsizetype second = m_version.indexOf(QLatin1Char('.'), first + 1);
    m_minor = QStringView(m_version).mid(first + 1, second < 0 ? -1 : second - first - 1).toInt();
}

void ClusterProfile::setNodeCount(int n)
{
    m_nodeNames.clear();
    for (int i = 1; i <= n; ++i)
        m_nodeNames << QStringLiteral("node%1").arg(i);
}

void ClusterProfile::addImageBehavior(const ImageBehavior& b)
{
    for (auto& existing : m_behaviors) {
        if (existing.image == b.image) {
            existing = b;
            return;
        }
    }
    m_behaviors.push_back(b);
}

const ImageBehavior* ClusterProfile::findImageBehavior(const QString& image) const
{
    for (auto it = m_behaviors.rbegin(); it != m_behaviors.rend(); ++it) {
        if (it->image == image)
            return &*it;
    }
    for (auto it = m_behaviors.rbegin(); it != m_behaviors.rend(); ++it) {
        if (ImageBehavior::imageMatches(it->image, image))
            return &*it;
    }
    return nullptr;
}

std::optional<ImageBehavior> decodeImageBehavior(const QJsonObject& doc, QString* error)
{
    Decoder d(QStringLiteral("ImageBehavior"), doc, error);
    if (!d.header(doc, QStringLiteral("ImageBehavior")))
        return std::nullopt;
    ImageBehavior b;
    b.name = doc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    QJsonObject spec;
    if (!d.object(doc, QStringLiteral("spec"), QStringLiteral("spec"), &spec))
        return std::nullopt;
    if (!d.onlyKnown(spec, QStringLiteral("spec"),
            {QStringLiteral("image"), QStringLiteral("exists"), QStringLiteral("pullError"),
                QStringLiteral("pullSeconds"), QStringLiteral("sizeBytes"), QStringLiteral("startupSeconds"),
                QStringLiteral("version"), QStringLiteral("response"), QStringLiteral("failAfter"),
                QStringLiteral("crash"), QStringLiteral("shutdown")}))
        return std::nullopt;
    if (!d.string(spec, QStringLiteral("image"), QStringLiteral("spec.image"), &b.image))
        return std::nullopt;
    if (b.image.isEmpty()) {
        d.fail(QStringLiteral("spec.image"), QStringLiteral("required (an image, or a repository with tag \"*\")"));
        return std::nullopt;
    }
    qint64 size = 0;
    QJsonObject fail, crash, shutdown;
    if (!d.boolean(spec, QStringLiteral("exists"), QStringLiteral("spec.exists"), &b.exists)
        || !d.string(spec, QStringLiteral("pullError"), QStringLiteral("spec.pullError"), &b.pullError)
        || !d.seconds(spec, QStringLiteral("pullSeconds"), QStringLiteral("spec.pullSeconds"), &b.pullTime)
        || !d.integer(spec, QStringLiteral("sizeBytes"), QStringLiteral("spec.sizeBytes"), &size, 0, qint64(1) << 50)
        || !d.seconds(spec, QStringLiteral("startupSeconds"), QStringLiteral("spec.startupSeconds"), &b.startupTime)
        || !d.string(spec, QStringLiteral("version"), QStringLiteral("spec.version"), &b.version)
        || !d.string(spec, QStringLiteral("response"), QStringLiteral("spec.response"), &b.response)
        || !d.object(spec, QStringLiteral("failAfter"), QStringLiteral("spec.failAfter"), &fail)
        || !d.object(spec, QStringLiteral("crash"), QStringLiteral("spec.crash"), &crash)
        || !d.object(spec, QStringLiteral("shutdown"), QStringLiteral("spec.shutdown"), &shutdown))
        return std::nullopt;
    b.sizeBytes = size;
    if (!fail.isEmpty()) {
        qint64 code = b.failStatusCode;
        if (!d.onlyKnown(fail, QStringLiteral("spec.failAfter"),
                {QStringLiteral("seconds"), QStringLiteral("fromEnv"), QStringLiteral("statusCode")})
            || !d.seconds(fail, QStringLiteral("seconds"), QStringLiteral("spec.failAfter.seconds"), &b.failAfter)
            || !d.string(fail, QStringLiteral("fromEnv"), QStringLiteral("spec.failAfter.fromEnv"), &b.failAfterEnv)
            || !d.integer(
                fail, QStringLiteral("statusCode"), QStringLiteral("spec.failAfter.statusCode"), &code, 400, 599))
            return std::nullopt;
        b.failStatusCode = qint32(code);
        if (!b.failAfter && b.failAfterEnv.isEmpty()) {
            d.fail(QStringLiteral("spec.failAfter"), QStringLiteral("needs seconds or fromEnv"));
            return std::nullopt;
        }
    }
    if (!crash.isEmpty()) {
        qint64 code = b.crashExitCode;
        if (!d.onlyKnown(
                crash, QStringLiteral("spec.crash"), {QStringLiteral("afterSeconds"), QStringLiteral("exitCode")})
            || !d.seconds(
                crash, QStringLiteral("afterSeconds"), QStringLiteral("spec.crash.afterSeconds"), &b.crashAfter)
            || !d.integer(crash, QStringLiteral("exitCode"), QStringLiteral("spec.crash.exitCode"), &code, 0, 255))
            return std::nullopt;
        b.crashExitCode = qint32(code);
        if (!b.crashAfter) {
            d.fail(QStringLiteral("spec.crash.afterSeconds"), QStringLiteral("required"));
            return std::nullopt;
        }
    }
    if (!shutdown.isEmpty()) {
        qint64 code = b.sigtermExitCode;
        if (!d.onlyKnown(shutdown, QStringLiteral("spec.shutdown"),
                {QStringLiteral("ignoresSigterm"), QStringLiteral("seconds"), QStringLiteral("exitCode")})
            || !d.boolean(shutdown, QStringLiteral("ignoresSigterm"), QStringLiteral("spec.shutdown.ignoresSigterm"),
                &b.ignoresSigterm)
            || !d.seconds(shutdown, QStringLiteral("seconds"), QStringLiteral("spec.shutdown.seconds"), &b.shutdownTime)
            || !d.integer(
                shutdown, QStringLiteral("exitCode"), QStringLiteral("spec.shutdown.exitCode"), &code, 0, 255))
            return std::nullopt;
        b.sigtermExitCode = qint32(code);
    }
    return b;
}

bool decodeClusterProfile(const QJsonObject& doc, ClusterProfile& profile, QString* error)
{
    Decoder d(QStringLiteral("ClusterProfile"), doc, error);
    if (!d.header(doc, QStringLiteral("ClusterProfile")))
        return false;
    QJsonObject spec, lat;
    if (!d.object(doc, QStringLiteral("spec"), QStringLiteral("spec"), &spec))
        return false;
    if (!d.onlyKnown(spec, QStringLiteral("spec"),
            {QStringLiteral("kubernetesVersion"), QStringLiteral("nodes"), QStringLiteral("nodeNames"),
                QStringLiteral("maxPodsPerNode"), QStringLiteral("seed"), QStringLiteral("latencies")}))
        return false;
    ClusterProfile p = profile;
    p.setName(doc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString());
    QString version = p.kubernetesVersion();
    if (!d.string(spec, QStringLiteral("kubernetesVersion"), QStringLiteral("spec.kubernetesVersion"), &version))
        return false;
    if (version.startsWith(QLatin1Char('v')))
        version.remove(0, 1);
    static const QRegularExpression versionRe(QStringLiteral("^1\\.[0-9]+(\\.[0-9]+)?$"));
    if (!versionRe.match(version).hasMatch())
        return d.fail(QStringLiteral("spec.kubernetesVersion"),
            QStringLiteral("must look like \"1.32\" (got \"%1\")").arg(version));
    p.setKubernetesVersion(version);
    qint64 nodes = -1, maxPods = p.maxPodsPerNode(), seed = -1;
    if (!d.integer(spec, QStringLiteral("nodes"), QStringLiteral("spec.nodes"), &nodes, 1, 100000)
        || !d.integer(
            spec, QStringLiteral("maxPodsPerNode"), QStringLiteral("spec.maxPodsPerNode"), &maxPods, 1, 100000)
        || !d.integer(spec, QStringLiteral("seed"), QStringLiteral("spec.seed"), &seed, 0, qint64(9007199254740991LL)))
        return false;
    if (nodes > 0)
        p.setNodeCount(int(nodes));
    const QJsonValue names = spec.value(QStringLiteral("nodeNames"));
    if (!names.isUndefined() && !names.isNull()) {
        if (!names.isArray() || names.toArray().isEmpty())
            return d.fail(QStringLiteral("spec.nodeNames"), QStringLiteral("must be a non-empty list of names"));
        QStringList list;
        for (const auto& n : names.toArray()) {
            if (!n.isString() || n.toString().isEmpty() || list.contains(n.toString()))
                return d.fail(QStringLiteral("spec.nodeNames"), QStringLiteral("names must be unique strings"));
            list << n.toString();
        }
        if (nodes > 0 && nodes != list.size())
            return d.fail(QStringLiteral("spec.nodes"), QStringLiteral("does not match the length of nodeNames"));
        p.setNodeNames(list);
    }
    p.setMaxPodsPerNode(int(maxPods));
    if (seed >= 0)
        p.setSeed(quint64(seed));
    if (!d.object(spec, QStringLiteral("latencies"), QStringLiteral("spec.latencies"), &lat))
        return false;
    Latencies& l = p.latencies();
    const QString lp = QStringLiteral("spec.latencies.");
    if (!d.onlyKnown(lat, QStringLiteral("spec.latencies"),
            {QStringLiteral("scheduling"), QStringLiteral("kubeletSync"), QStringLiteral("sandbox"),
                QStringLiteral("pull"), QStringLiteral("containerCreate"), QStringLiteral("containerStart"),
                QStringLiteral("startup"), QStringLiteral("podCleanup")})
        || !d.seconds(lat, QStringLiteral("scheduling"), lp + QStringLiteral("scheduling"), &l.scheduling)
        || !d.seconds(lat, QStringLiteral("kubeletSync"), lp + QStringLiteral("kubeletSync"), &l.kubeletSync)
        || !d.seconds(lat, QStringLiteral("sandbox"), lp + QStringLiteral("sandbox"), &l.sandbox)
        || !d.seconds(lat, QStringLiteral("pull"), lp + QStringLiteral("pull"), &l.pull)
        || !d.seconds(
            lat, QStringLiteral("containerCreate"), lp + QStringLiteral("containerCreate"), &l.containerCreate)
        || !d.seconds(lat, QStringLiteral("containerStart"), lp + QStringLiteral("containerStart"), &l.containerStart)
        || !d.seconds(lat, QStringLiteral("startup"), lp + QStringLiteral("startup"), &l.startup)
        || !d.seconds(lat, QStringLiteral("podCleanup"), lp + QStringLiteral("podCleanup"), &l.podCleanup))
        return false;
    profile = p;
    return true;
}

// Go src/time/time.go Duration.String, for whole milliseconds.
QString formatGoDuration(Millis ms)
{
    // Written into a buffer (it runs for every "Pulled" event): at most "-2562047788h0m0.001s".
    char buf[40];
    int n = 0;
    const auto number = [&](quint64 v) {
        char digits[20];
        int k = 0;
        do {
            digits[k++] = char('0' + v % 10);
            v /= 10;
        } while (v != 0);
        while (k > 0)
            buf[n++] = digits[--k];
    };
    if (ms == 0)
        return QStringLiteral("0s");
    if (ms < 0)
        buf[n++] = '-';
    const quint64 u = ms < 0 ? quint64(0) - quint64(ms) : quint64(ms);
    if (u < 1000) {
        number(u);
        buf[n++] = 'm';
    } else {
        const quint64 hours = u / 3600000;
        if (hours) {
            number(hours);
            buf[n++] = 'h';
        }
        if (u >= 60000) {
            number((u / 60000) % 60);
            buf[n++] = 'm';
        }
        const quint64 rest = u % 60000;
        number(rest / 1000);
        // The fraction without its trailing zeros: 2.5s, 2.05s, 2.345s.
        if (const quint64 frac = rest % 1000) {
            const char digits[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
            int used = 3;
            while (digits[used - 1] == '0')
                --used;
            buf[n++] = '.';
            for (int d = 0; d < used; ++d)
                buf[n++] = digits[d];
        }
    }
    buf[n++] = 's';
    return QString::fromLatin1(buf, n);
}

} // namespace rl
