#pragma once

// The kubectl command surface the model speaks: verbs, subcommands and each command's flags, in
// one place. KubectlCommand parses with these specs; the GUI console completes from them.

#include "kubectl/flags.h"

#include <vector>

namespace rl {

struct KubectlCommandInfo
{
    QString name; // "rollout"
    QStringList subcommands; // "status", "history", ... (empty when none)
    bool takesResource = true; // TYPE [NAME] or TYPE/NAME arguments
};

/// The verbs `kubectl` dispatches, in `kubectl --help` order.
const std::vector<KubectlCommandInfo>& kubectlCommands();
const KubectlCommandInfo* findKubectlCommand(const QString& verb);

/// Flags of a command path ("get", "create", "create deployment", "set image", "rollout" — every
/// rollout subcommand parses the same set), without the global flags. Empty for unknown paths.
std::vector<FlagSpec> commandFlags(const QString& path);
/// kubectl's global flags (-n/--namespace, --request-timeout, --context, -h/--help).
const std::vector<FlagSpec>& globalFlags();

} // namespace rl
