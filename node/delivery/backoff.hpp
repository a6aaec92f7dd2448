// SPDX-License-Identifier: AGPL-3.0-or-later
// The delivery retry policy as pure functions: what an answer means, and when to try again.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace fedblog::node {

enum class delivery_verdict
{
    delivered, ///< 2xx
    retry,     ///< 408, 429, 5xx, network errors, timeouts
    give_up,   ///< other 4xx (and 3xx: we do not follow redirects with a signed POST)
    gone,      ///< 410: the inbox's actor no longer exists
};

/** Classifies an HTTP status (0 = no response: network error or timeout).
    Mirrors Mastodon's DeliveryWorker: any 2xx is success; 408, 429 and 5xx are retried;
    other 4xx are unsalvageable (INTEROP.md A11). 401 is retried too, as Mastodon does, since
    a peer that has not yet fetched our rotated key answers 401 for a while.
*/
[[nodiscard]] delivery_verdict classify_status(unsigned status) noexcept;

/** True when the answer shows the host itself works, whatever it meant for this job: any
    status but 408, 429 and 5xx (0, a network error or timeout, counts as not working).
    Only answers that do not count against the host feed its circuit breaker.
*/
[[nodiscard]] bool host_answered(unsigned status) noexcept;

/** Reads a Retry-After value: delay-seconds or an HTTP-date (RFC 9110 10.2.3), the latter
    relative to `now` (the real clock: the peer's date is on its wall clock).
    @return the delay (0 for a date in the past), or std::nullopt when absent or unreadable.
*/
[[nodiscard]] std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                                    std::chrono::sys_seconds now);

/// Retry schedule: attempt 1 waits ~1 min, then 5 min, 30 min, 2 h, 6 h, 12 h, and 24 h for
/// the rest, ±20 % jitter; after `max_attempts` the job is dead (about 6.9 days in all).
inline constexpr int max_attempts = 13;

/** The delay before attempt `attempts + 1`, given `attempts` failures so far (≥ 1), with
    jitter drawn from `rng`; honours a `retry_after` hint when it is longer (capped at 24 h).
    @return std::nullopt when the job should give up.
*/
[[nodiscard]] std::optional<std::chrono::seconds>
next_delay(int attempts, std::optional<std::chrono::seconds> retry_after, std::mt19937_64& rng);

} // namespace fedblog::node
