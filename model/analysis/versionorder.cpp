#include "analysis/versionorder.h"

namespace rl {

qint64 firstRevision(const ReplicaSet& rs)
{
    const Labels& a = rs.metadata.annotations;
    const QString history = a.value(keys::RevisionHistory);
    if (!history.isEmpty()) {
        bool ok = false;
        const qint64 first = QStringView(history).split(u',').front().trimmed().toLongLong(&ok);
        if (ok && first > 0)
            return first;
    }
    bool ok = false;
    const qint64 rev = a.value(keys::Revision).toLongLong(&ok);
    return ok && rev > 0 ? rev : 0;
}

int versionIndex(const ReplicaSet& rs)
{
    return int(firstRevision(rs)) - 1;
}

} // namespace rl
