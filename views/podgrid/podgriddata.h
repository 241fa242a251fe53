#pragma once

#include "api/objects.h"
#include "podgrid/podstate.h"

#include <QHash>
#include <QString>

#include <vector>

namespace rl {

class ObjectStore;

/// One pod tile of the grid.
struct PodTile
{
    PodPtr pod;
    QString uid;
    PodStateInfo info;
    int version = -1; // VersionPalette index of its ReplicaSet, -1: no ReplicaSet
    quint64 order = 0; // order of appearance (stable place in the grid)
};

/// One group of the grid: a ReplicaSet and its pods, or the pods without a ReplicaSet.
struct PodGroup
{
    QString key; // ReplicaSet uid; empty for the pods without a ReplicaSet owner
    ReplicaSetPtr rs; // null for the unowned group
    qint64 revision = 0;
    QString hash; // pod-template-hash label
    QString images; // the IMAGES column of `kubectl get rs -o wide`
    QString version; // the `ver` label of the pod template, else the image tag
    // `kubectl get rs` DESIRED/CURRENT/READY plus status.availableReplicas
    qint32 desired = 0;
    qint32 current = 0;
    qint32 ready = 0;
    qint32 available = 0;
    qint32 minReadySeconds = 0;
    int versionIndex = -1;
    std::vector<PodTile> tiles;
};

/// The pods of a scope grouped by ReplicaSet, classified, in a stable order: groups by revision,
/// newest first (the ReplicaSet being rolled out on top, the old ones shrinking below it), the
/// pods without a ReplicaSet last; tiles in the order the pods appeared (first by
/// creationTimestamp then name), so a pod keeps its place while others come and go.
class PodGridData
{
public:
    enum class Scope {
        Namespace, // every ReplicaSet and pod of the namespace
        Deployment, // the ReplicaSets (and their pods) controlled by one Deployment
        Unowned, // ReplicaSets without an existing Deployment owner, and pods without a ReplicaSet
    };
    void setScope(Scope scope, const QString& ns, const QString& deployment = {});
    Scope scope() const { return m_scope; }
    QString namespace_() const { return m_ns; }
    QString deployment() const { return m_deployment; }

    /// Re-reads the store. Returns true when groups or tiles changed (membership, order, state,
    /// counts); a call where only `now` moved reclassifies only the time-dependent tiles.
    bool update(const ObjectStore& store, Millis now);
    /// Whether update() would re-read the store (it changed since the last update).
    bool isStale(const ObjectStore& store) const;
    /// Forgets the previous state (e.g. another simulation).
    void reset();

    const std::vector<PodGroup>& groups() const { return m_groups; }
    /// The groups before the last update() that re-read the store (empty after one that did not),
    /// e.g. to animate from them.
    const std::vector<PodGroup>& previousGroups() const { return m_previous; }
    int tileCount() const;
    /// (group, tile) of the pod `name`, or (-1, -1).
    std::pair<int, int> find(const QString& name) const;

private:
    void rebuild(const ObjectStore& store, Millis now);
    bool reclassifyTimed(Millis now);

    Scope m_scope = Scope::Namespace;
    QString m_ns = QStringLiteral("default");
    QString m_deployment;
    std::vector<PodGroup> m_groups;
    std::vector<PodGroup> m_previous;
    PodEventIndex m_events;
    struct Known // what the grid knew of a pod after the last rebuild
    {
        quint64 order = 0; // order of appearance
        PodPtr pod; // the object classified (unchanged object -> unchanged look, but for time)
        PodStateInfo info;
        bool pulling = false;
        qint32 minReadySeconds = 0;
    };
    QHash<QString, Known> m_known; // by pod uid
    quint64 m_nextOrder = 1;
    quint64 m_builtRv = 0;
    const ObjectStore* m_builtStore = nullptr;
    std::vector<std::pair<int, int>> m_timed; // (group, tile) of the tiles whose look moves with time
};

} // namespace rl
