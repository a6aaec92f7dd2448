// SPDX-License-Identifier: AGPL-3.0-or-later
// Records of the delivery engine's store contract: claims, outcomes, host health, overviews.
#pragma once

#include "storage/records.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fedblog::storage {

/** Health of one delivery host (the inbox_host() of its inboxes). A host with no record is
    healthy. Only failures create a record; a success resets it.
*/
struct host_health
{
    std::string host;
    int failures = 0;                        ///< consecutive failed attempts; 0 means healthy
    std::optional<time_point> failing_since; ///< first failure of the current streak
    std::optional<time_point> last_failure;
    std::optional<time_point> last_success;
    /// Circuit breaker: no job of this host is claimed before this time.
    std::optional<time_point> retry_at;
    /// Set when the host has been failing for `host_policy::unavailable_after`: its jobs wait
    /// (probed once per `probe_interval`) until it answers again or they expire.
    std::optional<time_point> unavailable_since;
    int last_status = 0; ///< HTTP status of the last failure; 0 for a network error
    std::string last_error;
};

/** How failures of one host open its circuit breaker and make it unavailable. Passed in by
    the caller (the node's policy), so every backend applies the same rules
    (storage/host_health.hpp).
*/
struct host_policy
{
    /// Consecutive failures after which the breaker opens; while it is half-open (the
    /// breaker period has passed but the streak goes on) one job at a time probes the host.
    int breaker_threshold = 5;
    /// First breaker period; it doubles with every further failure up to `breaker_max`.
    std::chrono::milliseconds breaker_base{std::chrono::seconds(30)};
    std::chrono::milliseconds breaker_max{std::chrono::hours(1)};
    /// A host failing for this long without one success is marked unavailable.
    std::chrono::milliseconds unavailable_after{std::chrono::hours(72)};
    /// An unavailable host is tried (one job) this often, until it answers.
    std::chrono::milliseconds probe_interval{std::chrono::hours(24)};
};

/// The result of one delivery attempt, as far as its host is concerned.
struct host_attempt
{
    /// True when the host answered in a way that shows it works: 2xx, or a final 4xx. False
    /// for a network error, a timeout, 408, 429 or 5xx.
    bool answered = false;
    time_point at{};
    int status = 0;
    std::string error;
    /// A Retry-After the host sent (absolute): no attempt before it, breaker or not.
    std::optional<time_point> retry_after;
};

/// What became of a delivered job.
enum class outcome_kind
{
    delivered, ///< 2xx: the job is done
    retry,     ///< try again at `next_attempt`
    dead,      ///< given up: final 4xx, or out of attempts
    gone,      ///< 410 Gone: dead, and a follower whose personal inbox this is is removed
};

/// One delivery attempt to record (record_outcomes()).
struct job_outcome
{
    std::int64_t job_id = 0;
    std::string inbox;
    std::string host;
    outcome_kind kind = outcome_kind::retry;
    int status        = 0;     ///< HTTP status, 0 for a network error
    std::string error;         ///< "" when delivered
    time_point next_attempt{}; ///< for retry
    host_attempt attempt;      ///< what it says about the host
};

/// What record_outcomes() changed beyond the jobs themselves.
struct outcome_effects
{
    /// The health records of every host in the batch after the batch (healthy ones with
    /// failures == 0 when they had a record before).
    std::vector<host_health> hosts;
    /// Followers removed because their personal inbox answered 410.
    std::size_t followers_removed = 0;
};

/// Limits for one claim_batch().
struct claim_options
{
    time_point now{};
    std::size_t limit = 0; ///< at most this many jobs
    /// At most this many leased jobs per host at any time, counting jobs leased earlier and
    /// not yet reported (by any process); 0 means no per-host limit.
    std::size_t per_host = 0;
    std::chrono::milliseconds lease{std::chrono::minutes(2)};
    /// Hosts with at least this many consecutive failures get one leased job at a time
    /// (half-open breaker). 0 disables the rule.
    int half_open_failures = 0;
    /// Hosts that left a request of this process unanswered past its slow limit: one leased
    /// job at a time (with per_host above 0), as for a half-open breaker. A host that says
    /// nothing is sent nothing more to say nothing to until it answers or times out.
    std::vector<std::string> unanswered_hosts;
    /// The claiming process's owner number, written with each lease (see lease_owners());
    /// 0 names none.
    std::int64_t owner = 0;
};

/// One claimed batch. Jobs carry no body: each activity is returned once in `activities`.
struct claimed_batch
{
    std::vector<delivery_job> jobs; ///< fair order: first job of each host, then second...
    std::vector<outbound_activity> activities; ///< the distinct activities of `jobs`
};

/// The queue at a glance, for the `deliveries` command and metrics.
struct queue_stats
{
    job_counts counts;
    std::int64_t due              = 0;        ///< pending with next_attempt <= now
    std::int64_t leased           = 0;        ///< pending and leased (in flight somewhere)
    std::int64_t waiting_on_hosts = 0;        ///< pending whose host's breaker is open
    std::optional<time_point> oldest_pending; ///< `created` of the oldest pending job
    std::optional<time_point> next_attempt;   ///< earliest next_attempt of a pending job
    std::int64_t failing_hosts     = 0;
    std::int64_t unavailable_hosts = 0;
};

} // namespace fedblog::storage
