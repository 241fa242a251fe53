#pragma once

// Shared by the views tests: play a small script against a real Simulation.

#include "scenario/scriptrunner.h"
#include "sim/simulation.h"

#include <QString>

namespace rl::testing {

/// A Deployment manifest (apps/v1) for the views tests.
inline QString deploymentYaml(const QString& name, const QString& image, int replicas, int minReadySeconds = 0,
    const QString& extraSpec = {}, bool readinessProbe = false, const QString& ver = {})
{
    QString y = QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %1\nspec:\n  replicas: %2\n"
                               "  minReadySeconds: %3\n  selector:\n    matchLabels:\n      app: %1\n")
                    .arg(name)
                    .arg(replicas)
                    .arg(minReadySeconds);
    y += extraSpec;
    y += QStringLiteral("  template:\n    metadata:\n      labels:\n        app: %1\n").arg(name);
    if (!ver.isEmpty())
        y += QStringLiteral("        ver: '%1'\n").arg(ver);
    y += QStringLiteral("    spec:\n      containers:\n      - name: app\n        image: %1\n").arg(image);
    if (readinessProbe)
        y += QStringLiteral("        readinessProbe:\n          periodSeconds: 1\n          httpGet:\n"
                            "            port: 8080\n            path: /ready\n");
    return y;
}

/// An ImageBehavior manifest; `spec` lines are indented by the caller (two spaces).
inline QString imageYaml(const QString& name, const QString& image, const QString& spec)
{
    return QStringLiteral("apiVersion: rolloutlab.dev/v1alpha1\nkind: ImageBehavior\nmetadata:\n  name: %1\nspec:\n"
                          "  image: \"%2\"\n")
               .arg(name, image)
        + spec;
}

/// Applies manifests (joined with ---) through kubectl, as a user would.
inline int apply(ScriptRunner& runner, const QStringList& docs)
{
    return runner.runArgv(
        {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, docs.join(QStringLiteral("\n---\n")));
}

} // namespace rl::testing
