// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound activities and their durable delivery jobs.
#pragma once

#include "storage/delivery_records.hpp"
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
        claimers never both get a job while its lease runs. Ignores host health and
        per-host limits: the delivery engine uses claim_batch().
    */
    virtual result<std::vector<delivery_job>> claim_jobs(time_point now, std::size_t limit,
                                                         std::chrono::milliseconds lease) = 0;

    /** The delivery engine's claim: like claim_jobs(), but fair across hosts and aware of
        their health. Skips jobs whose host's breaker is open (host_health::retry_at > now);
        leases at most `per_host` jobs per host counting those already leased (one for a
        host with `half_open_failures` or more consecutive failures); orders the batch
        round-robin over hosts (every host's oldest due job, then every host's second...),
        so one host with many jobs cannot crowd out the others. Bodies are not copied into
        the jobs: each distinct activity is returned once.
        Atomic across threads and processes, as claim_jobs().
    */
    virtual result<claimed_batch> claim_batch(const claim_options& options) = 0;

    /** Records a batch of attempts in one transaction: each job is marked as its outcome
        says (as mark_delivered(), mark_retry() and mark_dead() would; `gone` is dead and
        also removes every follower whose personal inbox — not shared inbox — is the job's
        inbox, cancelling that inbox's pending jobs as remove_follower() does), and each
        host's health record is updated with its attempts in order (apply_attempt()). A host
        that was failing and now answered has its pending jobs made due at once (they were
        waiting for it). A job no longer pending is left as it is.
        @return the hosts' records after the batch and the number of followers removed.
    */
    virtual result<outcome_effects> record_outcomes(const std::vector<job_outcome>& outcomes,
                                                    const host_policy& policy) = 0;

    /** Clears the leases of these jobs (still pending, untouched otherwise), so they can be
        claimed at once: what a worker that stops before finishing them does.
    */
    virtual result<void> release_jobs(const std::vector<std::int64_t>& job_ids) = 0;

    /** Clears the lease of every pending job, so what a delivering process that died had
        claimed goes out again at once instead of when its leases end. Only for a caller
        that knows no other process is delivering from this database (see
        storage/delivery_lock.hpp): a live one's jobs would be sent twice.
        @return the number of leases cleared.
    */
    virtual result<std::size_t> release_all_leases() = 0;

    /** The owners (claim_options::owner) named by the leases still running at `now`, each
        once: the processes that have deliveries in flight, for a liveness check
        (storage/delivery_lock.hpp). Leases without an owner are not counted.
    */
    virtual result<std::vector<std::int64_t>> lease_owners(time_point now) = 0;

    /** Clears the leases of the pending jobs `owner` claimed, so they go out again at once:
        for a caller that knows that owner has died (delivery_lock::release_orphans()).
        @return the number of leases cleared.
    */
    virtual result<std::size_t> release_leases_of(std::int64_t owner) = 0;

    /** The host answered (e.g. it sent us a request that verified): if it has a failing
        health record, reset it as after a success at `now` and make its pending jobs due
        at `now`. @return true when the host was failing.
    */
    virtual result<bool> revive_host(std::string_view host, time_point now) = 0;

    /// Health records of failing or unavailable hosts, longest failing first.
    virtual result<std::vector<host_health>> failing_hosts(std::size_t limit) = 0;

    /** Ends pending jobs created before `created_before` as dead, with reason
        "expired: " + the host's last error when its host is failing, "expired" otherwise:
        the end of a job whose host stayed unreachable (its attempts stop counting while the
        host's breaker is open). Jobs leased at `now` are left to their worker.
        @return the number of jobs ended.
    */
    virtual result<std::size_t> expire_jobs(time_point created_before, time_point now) = 0;

    /// The queue at a glance (see queue_stats).
    virtual result<queue_stats> delivery_stats(time_point now) = 0;

    /// The newest dead jobs, newest first; `body` and `signer` are left empty.
    virtual result<std::vector<delivery_job>> dead_jobs(std::size_t limit) = 0;

    /** Activities about `object_id` (a post's Create, Updates, Delete), oldest first, with
        their json and signer.
    */
    virtual result<std::vector<outbound_activity>>
    activities_for_object(std::string_view object_id) = 0;

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
        job becomes claimable, that is the latest of its next_attempt, its lease end and its
        host's retry_at; or empty when nothing is pending. May be in the past (jobs are due
        now, though per-host limits may still hold them back).
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
