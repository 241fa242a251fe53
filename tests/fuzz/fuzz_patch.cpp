// Fuzz target: the patch engine. The first byte picks the patch type and the object patched (the
// Deployments, the Service of tests/data/patch/in, or a Pod made of a Deployment's template); the rest is the patch
// text as `kubectl patch -p` gets it (YAML or JSON). A text holding a NUL byte is split there: the part before it
// becomes the original object. Successful patches also go through the two- and three-way patch creation that `kubectl
// apply` and `kubectl edit` use.

#include "kubectl/patch.h"
#include "manifest/yamljson.h"

#include <QFile>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace rl;

namespace {
QJsonObject podOf(const QJsonObject& deployment)
{
    QJsonObject pod = deployment.value(QStringLiteral("spec")).toObject().value(QStringLiteral("template")).toObject();
    pod.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    pod.insert(QStringLiteral("kind"), QStringLiteral("Pod"));
    return pod;
}

QJsonObject load(const char* name)
{
    QFile f(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/data/patch/in/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonValue v;
    QString error;
    if (!Patch::parse(QString::fromUtf8(f.readAll()), v, error))
        return {};
    return v.toObject();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QJsonObject originals[] = {
        load("kiada.yaml"),
        load("worker.yaml"),
        load("kiada-svc.yaml"),
        podOf(load("kiada.yaml")),
    };
    if (size < 1)
        return 0;
    const PatchType type = PatchType(data[0] % 3);
    QJsonObject original = originals[(data[0] / 3) % 4];
    QByteArray text(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    if (const qsizetype nul = text.indexOf('\0'); nul >= 0) {
        QJsonValue v;
        QString error;
        if (Patch::parse(QString::fromUtf8(text.left(nul)), v, error) && v.isObject())
            original = v.toObject();
        text = text.mid(nul + 1);
    }
    const PatchResult r = Patch::apply(original, QString::fromUtf8(text), type);
    (void)r.kubectlError();
    if (r.ok()) {
        const QString kind = original.value(QStringLiteral("kind")).toString();
        QString error;
        const QJsonObject two = Patch::createTwoWayMergePatch(original, r.object, kind, &error);
        (void)Patch::createThreeWayMergePatch(original, r.object, original, kind, &error);
        (void)Patch::strategicMerge(original, two);
        (void)toGoJson(r.object);
        (void)Patch::goFormat(r.object);
    }
    return 0;
}
