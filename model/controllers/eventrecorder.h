#pragma once

#include "api/objects.h"

namespace rl {

class Simulation;

/// Records core/v1 Events into the store the way client-go's tools/record does: similar-event
/// aggregation, de-duplication with count, the per-object spam filter, and expiry (spec 3.14).
class EventRecorder
{
public:
    explicit EventRecorder(Simulation& sim);

    /// `type` is "Normal" or "Warning"; `component` e.g. "deployment-controller", "kubelet".
    void record(const ObjectReference& involved, const QString& type, const QString& reason,
                const QString& message, const QString& component, const QString& host = {});

    template<class T>
    static ObjectReference referenceTo(const T& obj, const QString& fieldPath = {})
    {
        return {kindName(T::kind), obj.metadata.namespace_, obj.metadata.name, obj.metadata.uid,
                obj.apiVersion, obj.metadata.resourceVersion, fieldPath};
    }

private:
    Simulation& m_sim;
};

} // namespace rl
