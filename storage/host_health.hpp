// SPDX-License-Identifier: AGPL-3.0-or-later
// The per-host circuit breaker and "unavailable" rule as pure functions, shared by backends.
#pragma once

#include "storage/delivery_records.hpp"

namespace fedblog::storage {

/** The host's health after `attempt`, under `policy`.

    A success (`attempt.answered`) resets the streak: failures 0, no breaker, not
    unavailable, last_success = attempt.at. A failure adds one to the streak (starting it
    at attempt.at); from `breaker_threshold` failures on the breaker opens for
    breaker_base * 2^(failures - threshold), capped at breaker_max; once the streak is
    `unavailable_after` old the host is unavailable and retried only every
    `probe_interval`. A Retry-After in the attempt holds the host at least that long,
    success or not.

    @par Thread Safety
    Pure function.
*/
[[nodiscard]] host_health apply_attempt(host_health health, const host_attempt& attempt,
                                        const host_policy& policy);

/** The host answered something else (an inbound request it signed verified): it works, so
    the streak ends as after a success at `at`. */
[[nodiscard]] host_health revive(host_health health, time_point at);

/// True when the record says the host is failing (a streak or an unavailable mark).
[[nodiscard]] inline bool is_failing(const host_health& h) noexcept
{
    return h.failures > 0 || h.unavailable_since.has_value();
}

} // namespace fedblog::storage
