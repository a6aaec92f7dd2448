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
    database stayed locked, error::backend for anything else (logged by the backend).
    Lookups that find nothing return an empty optional, not an error.

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
        followers onto their shared inbox, plus each of `extra_inboxes`.
        @return the stored post with its id; error::conflict if the slug is taken.
    */
    virtual result<post> insert_post(const post& p, const std::optional<outbound_activity>& announce,
                                     const std::vector<std::string>& extra_inboxes) = 0;

    /// The post with this slug, deleted ones included (callers answer 410 for those).
    virtual result<std::optional<post>> find_post(std::string_view slug) = 0;

    /// Live (not deleted) posts, newest `published` first, ties by id descending.
    virtual result<std::vector<post>> list_posts(std::size_t offset, std::size_t limit) = 0;

    /// Number of live posts.
    virtual result<std::int64_t> count_posts() = 0;

    //--------------------------------------------------------------------------
    // Followers

    /** Adds `f` (or refreshes its inbox, shared inbox and follow id if already following) and
        queues `accept` to `accept_inbox`, atomically.
        @return true when the actor was not following before.
    */
    virtual result<bool> add_follower(const follower& f, const outbound_activity& accept,
                                      std::string_view accept_inbox) = 0;

    /** Removes the follower with this actor id, and cancels (marks dead with reason
        "unfollowed") its pending jobs addressed to its personal inbox.
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
        `activity.created`. @return the number of jobs created. An activity id that already
        exists queues nothing again and returns 0.
    */
    virtual result<std::size_t> enqueue(const outbound_activity& activity,
                                        const std::vector<std::string>& inboxes,
                                        bool to_followers) = 0;

    /** Claims up to `limit` pending jobs with next_attempt <= now that are not leased, and
        leases them until now + `lease`: another claimer will not get them before the lease
        ends, so a crashed worker's jobs come back (at-least-once delivery).
        The returned jobs carry `body` and `signer`. Oldest due first.
    */
    virtual result<std::vector<delivery_job>> claim_jobs(time_point now, std::size_t limit,
                                                         std::chrono::milliseconds lease) = 0;

    /// Marks a job delivered with the HTTP status received and clears its lease.
    virtual result<void> mark_delivered(std::int64_t job_id, int status) = 0;

    /// Records a failed attempt (attempts + 1) and makes the job due again at `next_attempt`.
    virtual result<void> mark_retry(std::int64_t job_id, time_point next_attempt, int status,
                                    std::string_view error) = 0;

    /// Ends a job as dead (attempts + 1) with its last status and reason.
    virtual result<void> mark_dead(std::int64_t job_id, int status, std::string_view error) = 0;

    /// The earliest next_attempt of any pending job (leased or not), or empty if none.
    virtual result<std::optional<time_point>> next_due() = 0;

    virtual result<job_counts> count_jobs() = 0;

    /// Jobs of one activity (for ledgers and tests), by id.
    virtual result<std::vector<delivery_job>> jobs_for_activity(std::string_view activity_id) = 0;

    //--------------------------------------------------------------------------
    // Remote actors and keys (a cache: entries may be replaced at any time)

    virtual result<std::optional<remote_key>> find_remote_key(std::string_view key_id) = 0;
    virtual result<void> put_remote_key(const remote_key& key) = 0;
    virtual result<std::optional<remote_actor>> find_remote_actor(std::string_view id) = 0;
    virtual result<void> put_remote_actor(const remote_actor& actor) = 0;

    //--------------------------------------------------------------------------
    // Inbound de-duplication

    /** Records that an inbound activity id was processed.
        @return true when it was new, false when it had been recorded before.
    */
    virtual result<bool> record_inbound(std::string_view activity_id, time_point now) = 0;

    /// True when record_inbound() was called for this id before.
    virtual result<bool> seen_inbound(std::string_view activity_id) = 0;

    //--------------------------------------------------------------------------
    // API tokens

    /// Stores a token (id ignored and assigned). @return its id.
    virtual result<std::int64_t> insert_token(const api_token& token) = 0;
    virtual result<std::optional<api_token>> find_token(std::int64_t id) = 0;
    virtual result<std::vector<api_token>> list_tokens() = 0;
    /// @return true when a live token was revoked.
    virtual result<bool> revoke_token(std::int64_t id) = 0;
    virtual result<void> touch_token(std::int64_t id, time_point used) = 0;
};

} // namespace fedblog::storage
