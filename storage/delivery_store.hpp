// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound activities and their durable delivery jobs.
#pragma once

#include "storage/records.hpp"
#include "storage/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::storage {

/** Outbound activities and the jobs that deliver them (at least once).

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class delivery_store
{
public:
    delivery_store()                                 = default;
    delivery_store(const delivery_store&)            = delete;
    delivery_store& operator=(const delivery_store&) = delete;
    virtual ~delivery_store()                        = default;

    /** Stores `activity` and queues it to each of `inboxes` and, when `to_followers`, to every
        follower's shared-or-personal inbox; duplicates are collapsed. Jobs are due at
        `activity.created`. The fan-out is done inside the database (one statement for all
        followers), so it costs the same round trips for 10 followers as for 10,000.
        @return the number of jobs created. An activity id that already exists queues
        nothing again and returns 0. error::invalid_argument when an inbox is not
        deliverable (then nothing is stored).
    */
    virtual result<std::size_t> enqueue(const outbound_activity& activity,
                                        const std::vector<std::string>& inboxes,
                                        bool to_followers) = 0;

    /** Claims up to `limit` pending jobs with next_attempt <= now that are not leased, and
        leases them until now + `lease`: another claimer will not get them before the lease
        ends, so a crashed worker's jobs come back (at-least-once delivery).
        The returned jobs carry `body`, `signer` and `leased_until`. Oldest due first (by
        next_attempt, then id). Atomic across threads and processes: two concurrent
        claimers never both get a job while its lease runs.
    */
    virtual result<std::vector<delivery_job>> claim_jobs(time_point now, std::size_t limit,
                                                         std::chrono::milliseconds lease) = 0;

    /** Marks a job delivered (attempts + 1) with the HTTP status received and clears its
        lease. Applies to pending and dead jobs: a job cancelled while its POST was in flight
        did arrive, and the ledger should say so. No effect on a delivered job.
    */
    virtual result<void> mark_delivered(std::int64_t job_id, int status) = 0;

    /** Records a failed attempt (attempts + 1), clears the lease and makes the job due again
        at `next_attempt`. Only pending jobs: a job cancelled meanwhile stays dead.
    */
    virtual result<void> mark_retry(std::int64_t job_id, time_point next_attempt, int status,
                                    std::string_view error) = 0;

    /// Ends a pending job as dead (attempts + 1) with its last status and reason.
    virtual result<void> mark_dead(std::int64_t job_id, int status, std::string_view error) = 0;

    /** When the delivery engine should next call claim_jobs(): the earliest time any pending
        job becomes claimable, that is the later of its next_attempt and its lease end; or
        empty when nothing is pending. May be in the past (jobs are due now).
    */
    virtual result<std::optional<time_point>> next_due() = 0;

    virtual result<job_counts> count_jobs() = 0;

    /// Jobs of one activity (for ledgers and tests), by id; `body` and `signer` are left empty.
    virtual result<std::vector<delivery_job>> jobs_for_activity(std::string_view activity_id) = 0;

    /** Deletes delivered and dead jobs created before `before`, so the job table does not
        grow with every post forever. Pending jobs are never pruned; activities are kept
        (they make a repeated enqueue() of the same id a no-op).
        @return the number of jobs deleted.
    */
    virtual result<std::size_t> prune_jobs(time_point before) = 0;
};

} // namespace fedblog::storage
