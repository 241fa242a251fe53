#include "analysis/trafficstats.h"

#include <numeric>

namespace rl {

int TrafficBucket::total() const
{
    return std::accumulate(served.begin(), served.end(), 0) + serverErrors + refused;
}

TrafficStats::TrafficStats(Millis bucket, Millis origin)
    : m_bucket(std::max<Millis>(1, bucket))
    , m_origin(origin)
{ }

void TrafficStats::setBucket(Millis bucket, Millis origin)
{
    bucket = std::max<Millis>(1, bucket);
    if (bucket == m_bucket && origin == m_origin)
        return;
    m_bucket = bucket;
    m_origin = origin;
    reset();
}

void TrafficStats::reset()
{
    m_processed = 0;
    m_lastTime = kNoTime;
    m_versions.clear();
    m_versionIndex.clear();
    m_buckets.clear();
    m_servedTotals.clear();
    m_sent = m_serverErrors = m_refused = 0;
    ++m_revision;
}

int TrafficStats::versionSlot(const TrafficSource::Request& r)
{
    int slot = int(m_versions.indexOf(r.version));
    if (slot >= 0)
        return slot;
    m_versions.push_back(r.version);
    m_versionIndex.push_back(m_podVersion ? m_podVersion(r.pod) : -1);
    m_servedTotals.push_back(0);
    for (auto& b : m_buckets)
        b.served.push_back(0);
    return int(m_versions.size()) - 1;
}

TrafficBucket& TrafficStats::bucketFor(Millis t)
{
    // Floor division: times before the origin fall in negative buckets.
    const Millis rel = t - m_origin;
    const Millis k = rel >= 0 ? rel / m_bucket : -((-rel + m_bucket - 1) / m_bucket);
    const Millis start = m_origin + k * m_bucket;
    if (m_buckets.empty()) {
        m_buckets.push_back(TrafficBucket {start, std::vector<int>(m_versions.size(), 0), 0, 0});
        return m_buckets.back();
    }
    while (m_buckets.back().start < start)
        m_buckets.push_back(
            TrafficBucket {m_buckets.back().start + m_bucket, std::vector<int>(m_versions.size(), 0), 0, 0});
    return m_buckets.back();
}

void TrafficStats::update(const std::vector<TrafficSource::Request>& requests)
{
    // Requests are appended in time order; a restore drops the ones after the restored moment.
    if (m_processed > requests.size() || (m_processed > 0 && requests[m_processed - 1].time != m_lastTime))
        reset();
    if (m_processed == requests.size())
        return;
    for (; m_processed < requests.size(); ++m_processed) {
        const TrafficSource::Request& r = requests[m_processed];
        int slot = -1;
        if (r.outcome == TrafficSource::Outcome::Served)
            slot = versionSlot(r);
        TrafficBucket& b = bucketFor(r.time);
        switch (r.outcome) {
        case TrafficSource::Outcome::Served:
            ++b.served[std::size_t(slot)];
            ++m_servedTotals[std::size_t(slot)];
            break;
        case TrafficSource::Outcome::ServerError:
            ++b.serverErrors;
            ++m_serverErrors;
            break;
        case TrafficSource::Outcome::Refused:
            ++b.refused;
            ++m_refused;
            break;
        }
        ++m_sent;
    }
    m_lastTime = requests.back().time;
    ++m_revision;
}

} // namespace rl
