// SPDX-License-Identifier: AGPL-3.0-or-later
// What one delivery attempt's answer means for its job and its host, as a pure function.
#pragma once

#include "storage/delivery_records.hpp"
#include "storage/records.hpp"

#include <chrono>
#include <optional>
#include <random>
#include <string>

namespace fedblog::node {

/// What came back from one POST to an inbox.
struct attempt_answer
{
    unsigned status = 0; ///< HTTP status; 0 when no response (network error, timeout)
    std::string error;   ///< "status N", or the client error's text
    /// The Retry-After the peer sent, already read (parse_retry_after()).
    std::optional<std::chrono::seconds> retry_after;
};

/** Turns an answer into the outcome to record (storage::delivery_store::record_outcomes).

    2xx is delivered; 410 is gone (the follower behind a personal inbox is removed); other
    4xx (and 3xx, 501) are final and the job is dead with the status as its reason; 401, 408,
    429, 5xx and network errors are retried on the schedule of next_delay() multiplied by
    `retry_scale`, but never before a Retry-After (which is not scaled: it is the peer's
    demand, capped at 24 h); after max_attempts the job is dead ("gave up after N
    attempts: ..."). The host attempt says whether the host itself works
    (host_answered()) and carries the Retry-After as an absolute time.

    @par Thread Safety
    Pure apart from drawing jitter from `rng`, which the caller must not share unguarded.
*/
[[nodiscard]] storage::job_outcome judge_attempt(const storage::delivery_job& job,
                                                 const attempt_answer& answer,
                                                 storage::time_point now, double retry_scale,
                                                 std::mt19937_64& rng);

} // namespace fedblog::node
