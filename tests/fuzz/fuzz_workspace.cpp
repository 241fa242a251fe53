// Fuzz target: the workspace / state-file loader (the window's autosave and `rolloutctl --state`).
// Any bytes are parsed; an accepted workspace must survive a save/load round trip unchanged and is
// replayed on a small simulation (commands filtered as in fuzz_script).

#include "fuzzcommon.h"
#include "scenario/workspace.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace rl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QString error;
    const auto w = Workspace::fromJson(bytes, &error);
    if (!w) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const auto back = Workspace::fromJson(w->toJson(), &error);
    if (!back || !(*back == *w))
        std::abort(); // what was loaded saves and loads back identically
    if (w->time > fuzz::kMaxAdvance || w->commands.size() > 20)
        return 0;
    for (const WorkspaceCommand& c : w->commands)
        if (!fuzz::safeArgv(c.argv) || !c.workingDirectory.isEmpty())
            return 0;
    fuzz::SmallCluster cluster(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts"));
    w->replay(cluster.sim, cluster.runner);
    return 0;
}
