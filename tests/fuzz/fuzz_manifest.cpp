// Fuzz target: the manifest loader and validator. Any bytes as a file given to `kubectl apply -f`:
// YAML/JSON parsing with the source map, then API-server admission (strict decoding, defaults,
// validation) of every document, as a create and as an update of itself, and the error texts.

#include "manifest/manifest.h"

#include <cstddef>
#include <cstdint>

using namespace rl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const ParseResult parsed = parseManifests(bytes, QStringLiteral("fuzz.yaml"));
    for (const ManifestError& e : parsed.errors) {
        (void)kubectlErrorText(e, QStringLiteral("creating"));
        (void)e.locationText();
    }
    for (const ManifestDocument& doc : parsed.documents) {
        const AdmitResult created = admit(doc, ClusterVersion {});
        for (const ManifestError& e : created.errors) {
            (void)doc.positionOf(e.fieldPath);
            (void)doc.keyPositionOf(e.fieldPath);
            (void)kubectlErrorText(e, QStringLiteral("applying"));
        }
        if (created.ok()) {
            (void)admit(doc, ClusterVersion {}, &*created.object);
            (void)toJson(*created.object);
        }
        (void)admit(doc, ClusterVersion {1, 15});
    }
    return 0;
}
