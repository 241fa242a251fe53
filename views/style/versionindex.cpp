#include "style/versionindex.h"

#include <limits>

namespace rl {

int versionIndexForRevision(qint64 revision)
{
    if (revision <= 0)
        return 0;
    return int(std::min<qint64>(revision - 1, std::numeric_limits<int>::max()));
}

} // namespace rl
