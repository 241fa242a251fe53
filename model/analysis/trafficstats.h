#pragma once

#include "sim/traffic.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace rl {

/// The requests of one time window.
struct TrafficBucket
{
    Millis start = 0; ///< simulated ms since the epoch
    std::vector<int> served; ///< per entry of TrafficStats::versions()
    int serverErrors = 0; ///< answered with an error status (e.g. 500)
    int refused = 0; ///< no ready endpoint / nothing listening: the client saw a connection error
    int total() const;
    int failed() const { return serverErrors + refused; }
    bool operator==(const TrafficBucket&) const = default;
};

/// Requests of a TrafficSource counted per time window, per version that served them, and failed.
/// Incremental like RolloutAnalysis: update() reads only the requests added since the last call
/// and starts over when the list was truncated (snapshot restore) or replaced.
class TrafficStats
{
public:
    /// Maps a pod name to its version index (VersionPalette), -1 when unknown.
    using PodVersion = std::function<int(const QString& pod)>;

    explicit TrafficStats(Millis bucket = 1000, Millis origin = 0);

    void setBucket(Millis bucket, Millis origin);
    Millis bucket() const { return m_bucket; }
    Millis origin() const { return m_origin; }
    void setPodVersion(PodVersion f) { m_podVersion = std::move(f); }

    void update(const std::vector<TrafficSource::Request>& requests);
    void reset();

    /// Response versions ("Kiada 0.6"), in the order they first answered.
    const QStringList& versions() const { return m_versions; }
    /// Version index (VersionPalette) of each entry of versions(): that of the first pod that served it.
    const std::vector<int>& versionIndexes() const { return m_versionIndex; }
    /// Buckets from the one holding the first request to the one holding the last, without gaps.
    const std::vector<TrafficBucket>& buckets() const { return m_buckets; }

    int sent() const { return m_sent; }
    const std::vector<int>& servedTotals() const { return m_servedTotals; }
    int serverErrors() const { return m_serverErrors; }
    int refused() const { return m_refused; }
    int failed() const { return m_serverErrors + m_refused; }
    quint64 revision() const { return m_revision; }

private:
    int versionSlot(const TrafficSource::Request& r);
    TrafficBucket& bucketFor(Millis t);

    Millis m_bucket;
    Millis m_origin;
    PodVersion m_podVersion;
    std::size_t m_processed = 0;
    Millis m_lastTime = kNoTime;
    QStringList m_versions;
    std::vector<int> m_versionIndex;
    std::vector<TrafficBucket> m_buckets;
    std::vector<int> m_servedTotals;
    int m_sent = 0;
    int m_serverErrors = 0;
    int m_refused = 0;
    quint64 m_revision = 0;
};

} // namespace rl
