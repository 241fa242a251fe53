// Fuzz target: the script and command-line parser, and each command it yields run through kubectl
// (and the simulator verbs) on a small simulation. Commands that would read files outside
// tests/scripts, start an editor, or wait for more than an hour of simulated time are skipped (see
// fuzzcommon.h); everything else runs as rolloutctl would run it.

#include "fuzzcommon.h"

#include <cstddef>
#include <cstdint>

using namespace rl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QString text = fuzz::fromBytes(data, size);
    (void)ScriptParser::isIncomplete(text);
    fuzz::SmallCluster cluster(QStringLiteral(ROLLOUT_SOURCE_DIR "/tests/scripts"));
    const std::vector<ScriptCommand> cmds = cluster.runner.parser().parse(text);
    int status = 0;
    int run = 0;
    for (const ScriptCommand& c : cmds) {
        if (c.andIf && status != 0)
            continue;
        if (!fuzz::safeArgv(c.argv, c.stdinFile))
            continue;
        if (++run > 40)
            break;
        status = cluster.runner.runCommand(c);
        cluster.runner.parser().setVariable(QStringLiteral("?"), QString::number(status));
        cluster.sim.advance(cluster.runner.thinkTime());
    }
    return 0;
}
