// SPDX-License-Identifier: AGPL-3.0-or-later
// The Store: everything fedblog keeps durably, behind one backend-neutral interface.
#pragma once

#include "storage/records.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::storage {

template <class T>
using result = boost::system::result<T>;

/** The durable state of one blog node.

    Every method is one atomic unit: it either happens completely or not at all (one
    transaction). Methods that queue deliveries write the activity and its jobs in the same
    transaction as the change they announce, so a crash can never leave a post without its
    deliveries or a delivery without its post.

    Errors are values: error::conflict for a uniqueness violation, error::busy when the
    database stayed locked, error::invalid_argument for an inbox URL that cannot be
    delivered to (see storage/inbox_host.hpp) or a value over the backend's size limit,
    error::backend for anything else (logged by the backend).
    Lookups that find nothing return an empty optional, not an error; updates addressed to
    a row that does not exist change nothing and succeed unless documented otherwise.

    Strings are stored byte for byte, with their exact length; a backend whose text type
    cannot hold a NUL byte (PostgreSQL) answers error::invalid_argument for a string with
    one, rather than truncating it. Every job's host is
    inbox_host() of its inbox, so per-host limits can group jobs by it.

    Times are passed in by the caller (never read from a clock inside), so tests control
    them and several processes agree.

    @par Thread Safety
    Implementations are safe for concurrent use from any number of threads and processes
    sharing the same database. Calls block; async callers run them off the I/O threads.
*/
class store
{
public:
    store()                        = default;
    store(const store&)            = delete;
    store& operator=(const store&) = delete;
    virtual ~store()               = default;

    //--------------------------------------------------------------------------
    // Posts

    /** Inserts `p` (its id is ignored and assigned). When `announce` is set, also stores that
        activity and queues it to every follower, one job per distinct inbox after collapsing
        followers onto their shared inbox, plus each of `extra_inboxes` (duplicates
        collapsed), all due at `announce->created`, exactly as enqueue() does.
        @return the stored post with its id; error::conflict if the slug is taken;
        error::invalid_argument if an extra inbox is not deliverable. Nothing is stored on
        error.
    */
    virtual result<post> insert_post(const post& p,
                                     const std::optional<outbound_activity>& announce,
                                     const std::vector<std::string>& extra_inboxes) = 0;

    /** Rewrites the live post with slug `p.slug`: every field but id, slug, published and
        deleted is replaced by `p`'s (set `p.updated` to the edit time). The slug is the
        permalink and the AS2 id, so it never changes. `announce` (the Update) is queued as
        for insert_post().
        @return the stored post, or empty (and nothing queued) when no live post has that
        slug.
    */
    virtual result<std::optional<post>>
    update_post(const post& p, const std::optional<outbound_activity>& announce,
                const std::vector<std::string>& extra_inboxes) = 0;

    /** Marks the live post `slug` deleted at `when` (it becomes a Tombstone: find_post()
        still returns it, list_posts() and count_posts() no longer count it) and queues
        `announce` (the Delete) as for insert_post().
        @return true when a live post was deleted; false (and nothing queued) otherwise.
    */
    virtual result<bool> delete_post(std::string_view slug, time_point when,
                                     const std::optional<outbound_activity>& announce,
                                     const std::vector<std::string>& extra_inboxes) = 0;

    /// The post with this slug, deleted ones included (callers answer 410 for those).
    virtual result<std::optional<post>> find_post(std::string_view slug) = 0;

    /// Live (not deleted) posts, newest `published` first, ties by id descending.
    virtual result<std::vector<post>> list_posts(std::size_t offset, std::size_t limit) = 0;

    /// Number of live posts.
    virtual result<std::int64_t> count_posts() = 0;

    //--------------------------------------------------------------------------
    // Followers

    /** Adds `f` (or refreshes its inbox, shared inbox and follow id if already following;
        `created` keeps its first value) and queues `accept` to `accept_inbox`, due at
        `accept.created`, atomically. An `accept` whose id is already stored is not queued
        again.
        @return true when the actor was not following before; error::invalid_argument when
        `f.inbox`, a non-empty `f.shared_inbox` or `accept_inbox` is not deliverable.
    */
    virtual result<bool> add_follower(const follower& f, const outbound_activity& accept,
                                      std::string_view accept_inbox) = 0;

    /** Removes the follower with this actor id, and cancels (marks dead with reason
        "unfollowed") the pending jobs addressed to its personal inbox, leased ones included.
        Jobs to its shared inbox stay: other followers on that server still need them.
        @return true when there was such a follower.
    */
    virtual result<bool> remove_follower(std::string_view actor_id) = 0;

    virtual result<std::optional<follower>> find_follower(std::string_view actor_id) = 0;

    virtual result<std::int64_t> count_followers() = 0;

    /// Followers, oldest first.
    virtual result<std::vector<follower>> list_followers(std::size_t offset, std::size_t limit) = 0;

    //--------------------------------------------------------------------------
    // Outbound activities and their delivery jobs

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

    //--------------------------------------------------------------------------
    // Remote actors and keys (a cache: entries may be replaced at any time)

    virtual result<std::optional<remote_key>> find_remote_key(std::string_view key_id) = 0;
    /// Inserts or replaces (by key_id) the cached key.
    virtual result<void> put_remote_key(const remote_key& key)                         = 0;
    virtual result<std::optional<remote_actor>> find_remote_actor(std::string_view id) = 0;
    /// Inserts or replaces (by id) the cached actor.
    virtual result<void> put_remote_actor(const remote_actor& actor) = 0;

    //--------------------------------------------------------------------------
    // Inbound de-duplication

    /** Records that an inbound activity id was processed.
        @return true when it was new, false when it had been recorded before.
    */
    virtual result<bool> record_inbound(std::string_view activity_id, time_point now) = 0;

    /// True when record_inbound() was called for this id before (and not pruned since).
    virtual result<bool> seen_inbound(std::string_view activity_id) = 0;

    /** Forgets inbound ids recorded before `before`, so the de-duplication table stays
        bounded. Once pruned, a replay of that id counts as new: keep `before` well behind
        the oldest Date the signature check still accepts, so a replayed request fails
        verification before de-duplication is asked.
        @return the number of ids forgotten.
    */
    virtual result<std::size_t> prune_inbound(time_point before) = 0;

    //--------------------------------------------------------------------------
    // API tokens

    /// Stores a token (id ignored and assigned). @return its id.
    virtual result<std::int64_t> insert_token(const api_token& token) = 0;
    /// The token with this id, revoked ones included (callers check `revoked`).
    virtual result<std::optional<api_token>> find_token(std::int64_t id) = 0;
    /// Every token, revoked ones included, by id.
    virtual result<std::vector<api_token>> list_tokens() = 0;
    /// @return true when a live token was revoked.
    virtual result<bool> revoke_token(std::int64_t id) = 0;
    /// Sets last_used to `used` unless it is already later (concurrent requests race here).
    virtual result<void> touch_token(std::int64_t id, time_point used) = 0;
};

} // namespace fedblog::storage
