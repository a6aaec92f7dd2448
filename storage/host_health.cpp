// SPDX-License-Identifier: AGPL-3.0-or-later
// Circuit breaker and unavailability arithmetic.
#include "storage/host_health.hpp"

#include <algorithm>

namespace fedblog::storage {

host_health apply_attempt(host_health h, const host_attempt& a, const host_policy& p)
{
    if (a.answered)
    {
        h = revive(std::move(h), a.at);
    }
    else
    {
        ++h.failures;
        if (!h.failing_since)
            h.failing_since = a.at;
        h.last_failure = a.at;
        h.last_status  = a.status;
        h.last_error   = a.error;
        h.retry_at.reset();
        if (p.breaker_threshold > 0 && h.failures >= p.breaker_threshold)
        {
            // Doubling from the threshold on; the shift is bounded so it cannot overflow
            // before the cap applies.
            const int doublings = std::min(h.failures - p.breaker_threshold, 30);
            auto open           = p.breaker_base * (std::int64_t{1} << doublings);
            open                = std::min(open, p.breaker_max);
            h.retry_at          = a.at + open;
        }
        if (!h.unavailable_since && a.at - *h.failing_since >= p.unavailable_after)
            h.unavailable_since = a.at;
        if (h.unavailable_since)
            h.retry_at = a.at + p.probe_interval;
    }
    if (a.retry_after && (!h.retry_at || *h.retry_at < *a.retry_after))
        h.retry_at = a.retry_after;
    return h;
}

host_health revive(host_health h, time_point at)
{
    h.failures = 0;
    h.failing_since.reset();
    h.retry_at.reset();
    h.unavailable_since.reset();
    h.last_success = at;
    return h;
}

} // namespace fedblog::storage
