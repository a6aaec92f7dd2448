// SPDX-License-Identifier: AGPL-3.0-or-later
// The store's methods as SQL on a pooled connection, shared by the SQLite and PostgreSQL backends.
#pragma once

#include "storage/sql/connection_pool.hpp"
#include "storage/store.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace fedblog::storage::sql {

/// How a backend wants its write transactions run.
struct write_policy
{
    /** How long a write that collided with other writers is tried again, counted from its
        first try. SQLite's writers wait for the lock inside one try (its busy timeout), so
        zero: one try. PostgreSQL's SERIALIZABLE transactions fail fast when they collide
        (error::busy at a statement or at commit), and a fresh try normally succeeds; but
        under load a writer that holds its rows can lose the CPU for milliseconds, and its
        rivals fail one try after another meanwhile. A budget in time, not a count of
        tries, bounds the wait as SQLite's busy timeout does.
    */
    std::chrono::milliseconds collision_budget{0};
};

/** The store's logic over SQL: every store method as statements on a pooled
    sql::connection, for each backend that provides one (storage/sqlite/,
    storage/postgres/). The few statements the backends spell differently ask
    connection::dialect().

    Each write method is one transaction (connection::begin_write()); reads are single
    statements, each atomic on its own.

    @par Thread Safety
    As store: any number of threads and processes. Do not keep using a store in a child
    process after fork(); open a new one there.
*/
class sql_store final : public store
{
public:
    /** @param change_log a file every commit by any process changes (SQLite's
        write-ahead log), for caches to watch; empty where there is none (PostgreSQL).
    */
    sql_store(connection_pool::opener open, std::size_t max_idle, write_policy policy,
              std::string change_log);

    result<post> insert_post(const post& p, const std::optional<outbound_activity>& announce,
                             const std::vector<std::string>& extra_inboxes) override;
    result<std::optional<post>> update_post(const post& p,
                                            const std::optional<outbound_activity>& announce,
                                            const std::vector<std::string>& extra_inboxes) override;
    result<bool> delete_post(std::string_view slug, time_point when,
                             const std::optional<outbound_activity>& announce,
                             const std::vector<std::string>& extra_inboxes) override;
    result<std::optional<post>> find_post(std::string_view slug) override;
    result<post_state> post_state_of(std::string_view slug) override;
    result<std::vector<post>> list_posts(std::size_t offset, std::size_t limit) override;
    result<std::int64_t> count_posts() override;

    result<bool> add_follower(const follower& f, const outbound_activity& accept,
                              std::string_view accept_inbox) override;
    result<bool> remove_follower(std::string_view actor_id) override;
    result<std::optional<follower>> find_follower(std::string_view actor_id) override;
    result<std::int64_t> count_followers() override;
    result<std::vector<follower>> list_followers(std::size_t offset, std::size_t limit) override;

    result<std::size_t> enqueue(const outbound_activity& activity,
                                const std::vector<std::string>& inboxes,
                                bool to_followers) override;
    result<std::vector<delivery_job>> claim_jobs(time_point now, std::size_t limit,
                                                 std::chrono::milliseconds lease) override;
    result<void> mark_delivered(std::int64_t job_id, int status) override;
    result<void> mark_retry(std::int64_t job_id, time_point next_attempt, int status,
                            std::string_view error) override;
    result<void> mark_dead(std::int64_t job_id, int status, std::string_view error) override;
    result<std::optional<time_point>> next_due() override;
    result<job_counts> count_jobs() override;
    result<std::vector<delivery_job>> jobs_for_activity(std::string_view activity_id) override;
    result<std::size_t> prune_jobs(time_point before) override;
    result<claimed_batch> claim_batch(const claim_options& options) override;
    result<outcome_effects> record_outcomes(const std::vector<job_outcome>& outcomes,
                                            const host_policy& policy) override;
    result<void> release_jobs(const std::vector<std::int64_t>& job_ids) override;
    result<std::size_t> release_all_leases() override;
    result<std::vector<std::int64_t>> lease_owners(time_point now) override;
    result<std::size_t> release_leases_of(std::int64_t owner) override;
    result<bool> revive_host(std::string_view host, time_point now) override;
    result<std::vector<host_health>> failing_hosts(std::size_t limit) override;
    result<std::size_t> expire_jobs(time_point created_before, time_point now) override;
    result<queue_stats> delivery_stats(time_point now) override;
    result<std::vector<delivery_job>> dead_jobs(std::size_t limit) override;
    result<std::vector<outbound_activity>>
    activities_for_object(std::string_view object_id) override;

    result<std::optional<remote_key>> find_remote_key(std::string_view key_id) override;
    result<void> put_remote_key(const remote_key& key) override;
    result<std::optional<remote_actor>> find_remote_actor(std::string_view id) override;
    result<void> put_remote_actor(const remote_actor& actor) override;

    result<bool> record_inbound(std::string_view activity_id, time_point now) override;
    result<bool> seen_inbound(std::string_view activity_id) override;
    result<std::size_t> prune_inbound(time_point before) override;

    result<std::int64_t> insert_token(const api_token& token) override;
    result<std::optional<api_token>> find_token(std::int64_t id) override;
    result<std::vector<api_token>> list_tokens() override;
    result<bool> revoke_token(std::int64_t id) override;
    result<void> touch_token(std::int64_t id, time_point used) override;

    result<std::vector<post_revision>> list_revisions(std::string_view slug) override;
    result<bool> set_pinned(std::string_view slug, std::optional<time_point> pinned,
                            const std::optional<outbound_activity>& announce) override;
    result<std::vector<post>> list_pinned() override;
    result<std::vector<post>> list_posts_tagged(std::string_view tag, std::size_t offset,
                                                std::size_t limit) override;
    result<std::int64_t> count_posts_tagged(std::string_view tag) override;
    result<import_outcome> import_posts(const std::vector<post>& posts,
                                        const std::vector<comment>& comments) override;
    result<bool> put_media(const media_file& m) override;
    result<std::optional<media_file>> find_media(std::string_view name) override;
    result<std::vector<std::pair<std::string, std::string>>> list_settings() override;
    result<void> put_setting(std::string_view key, std::string_view value,
                             const std::optional<outbound_activity>& announce) override;

    result<comment_inserted> insert_comment(const comment& c) override;
    result<std::optional<comment>> find_comment(std::string_view object_id) override;
    result<std::optional<comment>> find_comment_by_id(std::int64_t id) override;
    result<std::optional<comment>> find_comment_by_link(std::string_view iri) override;
    result<std::optional<comment>> find_comment_by_approval(std::string_view approval_id) override;
    result<bool> update_comment(const comment& c) override;
    result<bool> delete_comment(std::string_view object_id, std::string_view actor_id,
                                time_point when) override;
    result<std::vector<comment>> list_thread(std::string_view post_slug,
                                             bool include_hidden) override;
    result<std::vector<comment>> list_replies(std::string_view parent, std::size_t offset,
                                              std::size_t limit) override;
    result<std::int64_t> count_replies(std::string_view parent) override;
    result<std::vector<std::pair<std::string, std::int64_t>>>
    count_comments(const std::vector<std::string>& slugs) override;
    result<std::vector<comment>> list_comments(const comment_filter& filter) override;
    result<bool> approve_comment(std::int64_t id, std::string_view approval_id,
                                 const std::optional<outbound_activity>& notify,
                                 const std::vector<std::string>& inboxes) override;
    result<bool> record_author_comment(author_comment_change change, const comment& c,
                                       const outbound_activity& announce,
                                       const std::vector<std::string>& inboxes) override;
    result<std::vector<std::string>> interaction_inboxes(std::string_view post_slug) override;

    result<bool> add_reaction(const reaction& r) override;
    result<bool> add_inbound_reaction(const reaction& r) override;
    result<bool> remove_reaction(std::string_view actor_id, std::string_view activity_id) override;
    result<bool> remove_reaction_to(std::string_view actor_id, std::string_view kind,
                                    std::string_view post_slug) override;
    result<reaction_counts> count_reactions(std::string_view post_slug) override;
    result<std::optional<reaction>> find_quote(std::string_view approval_id) override;
    result<std::vector<reaction>> list_reactions(std::string_view post_slug,
                                                 std::string_view kind) override;

    result<bool> add_block(const block_entry& entry) override;
    result<bool> remove_block(std::string_view value) override;
    result<std::vector<block_entry>> list_blocks() override;
    result<bool> is_blocked(std::string_view actor_id, std::string_view host) override;
    result<void> forget_actor(std::string_view actor_id, time_point when) override;

    /// The pool, for the backends' open functions to migrate through and for tests.
    [[nodiscard]] connection_pool& pool() noexcept { return pool_; }

    /** A file whose size, time or inode changes with every commit, by this process or any
        other (SQLite's write-ahead log); empty when the backend has none, so that caches of
        rendered data know they cannot see other processes' writes.
    */
    [[nodiscard]] const std::string& change_log() const noexcept { return change_log_; }

    result<void> grouped(const std::function<void()>& body) override;

    void release_memory() noexcept override { pool_.release_memory(); }

private:
    // The transaction of a grouped() call, open on one thread.
    struct write_group
    {
        const sql_store* owner = nullptr;
        connection* conn       = nullptr;
        // Set when the transaction as a whole cannot commit (a collision, a lost
        // connection, a failed savepoint or read): grouped() then rolls it all back.
        std::optional<boost::system::error_code> doomed;
    };

    // This thread's open group on this store, if any.
    [[nodiscard]] write_group* open_group() const noexcept;

    // Runs `then(connection&, write_transaction&)` on a pooled connection whose write
    // transaction has begun; the lease goes back to the pool when it returns. A pooled
    // connection the server has closed is replaced once (see write()).
    template <class Then>
    auto in_write_transaction(Then&& then, isolation level = isolation::serializable)
        -> std::invoke_result_t<Then&, connection&, write_transaction&>;

    // write() inside a group: the body under a savepoint of the group's transaction.
    template <class Body>
    auto write_in_group(write_group& group, Body& body) -> std::invoke_result_t<Body&, connection&>;

    // Runs `body(connection&)` inside one write transaction; rolls back on any error, and
    // runs it again (for up to policy_.collision_budget) when the backend reports a
    // collision with another writer. Bodies must therefore not change anything outside the database
    // before they return. Inside a group, the group's transaction decides the isolation.
    template <class Body>
    auto write(Body&& body, isolation level = isolation::serializable)
        -> std::invoke_result_t<Body&, connection&>;

    // Runs `body(connection&)` on a pooled connection; bodies are single statements, which
    // the database runs as one implicit transaction each.
    template <class Body>
    auto read(Body&& body) -> std::invoke_result_t<Body&, connection&>;

    connection_pool pool_;
    const write_policy policy_;
    const std::string change_log_;
};

} // namespace fedblog::storage::sql
