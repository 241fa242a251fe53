#include "kubectl/commands.h"

namespace rl {

namespace {

using T = FlagSpec::Type;

} // namespace

const std::vector<FlagSpec>& globalFlags()
{
    static const std::vector<FlagSpec> flags = {
        {QStringLiteral("namespace"), QLatin1Char('n'), T::String, {}},
        {QStringLiteral("request-timeout"), {}, T::String, {}},
        {QStringLiteral("context"), {}, T::String, {}},
        {QStringLiteral("help"), QLatin1Char('h'), T::Bool, {}},
    };
    return flags;
}

std::vector<FlagSpec> commandFlags(const QString& path)
{
    if (path == QLatin1String("get"))
        return {{QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}},
            {QStringLiteral("label-columns"), QLatin1Char('L'), T::StringArray, {}},
            {QStringLiteral("show-labels"), {}, T::Bool, {}}, {QStringLiteral("show-kind"), {}, T::Bool, {}},
            {QStringLiteral("no-headers"), {}, T::Bool, {}},
            {QStringLiteral("allow-missing-template-keys"), {}, T::Bool, QStringLiteral("true")},
            {QStringLiteral("watch"), QLatin1Char('w'), T::Bool, {}}, {QStringLiteral("watch-only"), {}, T::Bool, {}},
            {QStringLiteral("output-watch-events"), {}, T::Bool, {}},
            {QStringLiteral("all-namespaces"), QLatin1Char('A'), T::Bool, {}},
            {QStringLiteral("field-selector"), {}, T::String, {}}, {QStringLiteral("sort-by"), {}, T::String, {}}};
    if (path == QLatin1String("describe"))
        return {{QStringLiteral("selector"), QLatin1Char('l'), T::String, {}}};
    if (path == QLatin1String("apply") || path == QLatin1String("create"))
        return {{QStringLiteral("filename"), QLatin1Char('f'), T::StringArray, {}},
            {QStringLiteral("record"), {}, T::Bool, {}}, {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("server-side"), {}, T::Bool, {}},
            {QStringLiteral("recursive"), QLatin1Char('R'), T::Bool, {}},
            {QStringLiteral("validate"), {}, T::String, QStringLiteral("strict")}};
    if (path.startsWith(QLatin1String("create service "))) {
        std::vector<FlagSpec> flags {{QStringLiteral("tcp"), {}, T::StringArray, {}},
            {QStringLiteral("dry-run"), {}, T::String, {}}, {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("validate"), {}, T::String, QStringLiteral("strict")}};
        if (path.endsWith(QLatin1String("clusterip")))
            flags.push_back({QStringLiteral("clusterip"), {}, T::String, {}});
        if (path.endsWith(QLatin1String("nodeport")))
            flags.push_back({QStringLiteral("node-port"), {}, T::Int, QStringLiteral("0")});
        return flags;
    }
    if (path == QLatin1String("expose"))
        return {{QStringLiteral("port"), {}, T::String, {}}, {QStringLiteral("target-port"), {}, T::String, {}},
            {QStringLiteral("name"), {}, T::String, {}}, {QStringLiteral("type"), {}, T::String, {}},
            {QStringLiteral("protocol"), {}, T::String, {}}, {QStringLiteral("selector"), {}, T::String, {}},
            {QStringLiteral("labels"), QLatin1Char('l'), T::String, {}},
            {QStringLiteral("cluster-ip"), {}, T::String, {}}, {QStringLiteral("session-affinity"), {}, T::String, {}},
            {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}}};
    if (path == QLatin1String("create deployment"))
        return {{QStringLiteral("image"), {}, T::StringArray, {}},
            {QStringLiteral("replicas"), QLatin1Char('r'), T::Int32, QStringLiteral("1")},
            {QStringLiteral("port"), {}, T::Int32, QStringLiteral("-1")},
            {QStringLiteral("dry-run"), {}, T::String, {}}, {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("validate"), {}, T::String, QStringLiteral("strict")}};
    if (path == QLatin1String("delete"))
        return {{QStringLiteral("filename"), QLatin1Char('f'), T::StringArray, {}},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}},
            {QStringLiteral("grace-period"), {}, T::Int, QStringLiteral("-1")},
            {QStringLiteral("force"), {}, T::Bool, {}}, {QStringLiteral("now"), {}, T::Bool, {}},
            {QStringLiteral("all"), {}, T::Bool, {}}, {QStringLiteral("wait"), {}, T::Bool, {}},
            {QStringLiteral("cascade"), {}, T::String, {}}, {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}}};
    if (path == QLatin1String("scale"))
        return {{QStringLiteral("replicas"), {}, T::Int, {}},
            {QStringLiteral("current-replicas"), {}, T::Int, QStringLiteral("-1")},
            {QStringLiteral("record"), {}, T::Bool, {}}, {QStringLiteral("timeout"), {}, T::Duration, {}},
            {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}}};
    if (path == QLatin1String("set image"))
        return {{QStringLiteral("record"), {}, T::Bool, {}}, {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}}, {QStringLiteral("all"), {}, T::Bool, {}},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}},
            {QStringLiteral("filename"), QLatin1Char('f'), T::StringArray, {}},
            {QStringLiteral("local"), {}, T::Bool, {}}};
    if (path == QLatin1String("annotate") || path == QLatin1String("label"))
        return {{QStringLiteral("overwrite"), {}, T::Bool, {}}, {QStringLiteral("record"), {}, T::Bool, {}},
            {QStringLiteral("dry-run"), {}, T::String, {}}, {QStringLiteral("all"), {}, T::Bool, {}},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("filename"), QLatin1Char('f'), T::StringArray, {}},
            {QStringLiteral("local"), {}, T::Bool, {}}};
    if (path == QLatin1String("patch"))
        return {{QStringLiteral("patch"), QLatin1Char('p'), T::String, {}},
            {QStringLiteral("patch-file"), {}, T::String, {}},
            {QStringLiteral("type"), {}, T::String, QStringLiteral("strategic")},
            {QStringLiteral("record"), {}, T::Bool, {}}, {QStringLiteral("dry-run"), {}, T::String, {}},
            {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("filename"), QLatin1Char('f'), T::StringArray, {}},
            {QStringLiteral("local"), {}, T::Bool, {}}};
    if (path == QLatin1String("edit"))
        return {{QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("record"), {}, T::Bool, {}}, {QStringLiteral("output-patch"), {}, T::Bool, {}},
            {QStringLiteral("windows-line-endings"), {}, T::Bool, {}}, {QStringLiteral("save-config"), {}, T::Bool, {}},
            {QStringLiteral("validate"), {}, T::String, {}}};
    if (path == QLatin1String("rollout"))
        return {{QStringLiteral("watch"), QLatin1Char('w'), T::Bool, QStringLiteral("true")},
            {QStringLiteral("revision"), {}, T::Int, QStringLiteral("0")},
            {QStringLiteral("to-revision"), {}, T::Int, QStringLiteral("0")},
            {QStringLiteral("timeout"), {}, T::Duration, QStringLiteral("0s")},
            {QStringLiteral("dry-run"), {}, T::String, {}}, {QStringLiteral("output"), QLatin1Char('o'), T::String, {}},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}}};
    if (path == QLatin1String("wait"))
        return {{QStringLiteral("for"), {}, T::String, {}},
            {QStringLiteral("timeout"), {}, T::Duration, QStringLiteral("30s")},
            {QStringLiteral("selector"), QLatin1Char('l'), T::String, {}}, {QStringLiteral("all"), {}, T::Bool, {}}};
    return {};
}

const std::vector<KubectlCommandInfo>& kubectlCommands()
{
    // The verbs KubectlCommand::run dispatches, in `kubectl --help` order.
    static const std::vector<KubectlCommandInfo> commands = {
        {QStringLiteral("create"), {QStringLiteral("deployment"), QStringLiteral("service")}, true},
        {QStringLiteral("expose"), {}, true},
        {QStringLiteral("get"), {}, true},
        {QStringLiteral("edit"), {}, true},
        {QStringLiteral("delete"), {}, true},
        {QStringLiteral("rollout"),
            {QStringLiteral("history"), QStringLiteral("pause"), QStringLiteral("restart"), QStringLiteral("resume"),
                QStringLiteral("status"), QStringLiteral("undo")},
            true},
        {QStringLiteral("scale"), {}, true},
        {QStringLiteral("describe"), {}, true},
        {QStringLiteral("apply"), {}, false},
        {QStringLiteral("patch"), {}, true},
        {QStringLiteral("label"), {}, true},
        {QStringLiteral("annotate"), {}, true},
        {QStringLiteral("set"), {QStringLiteral("image")}, true},
        {QStringLiteral("wait"), {}, true},
        {QStringLiteral("version"), {}, false},
    };
    return commands;
}

const KubectlCommandInfo* findKubectlCommand(const QString& verb)
{
    for (const KubectlCommandInfo& c : kubectlCommands())
        if (c.name == verb)
            return &c;
    return nullptr;
}

} // namespace rl
