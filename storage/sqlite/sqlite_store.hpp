// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite implementation of store: one database file shared by threads and processes.
#pragma once

#include "storage/sqlite/connection_pool.hpp"
#include "storage/store.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace fedblog::storage::sqlite {

/// Tuning knobs; the defaults suit a personal blog.
struct sqlite_options
{
    /// How long a writer waits for the database lock before a call fails with error::busy.
    std::chrono::milliseconds busy_timeout{5000};
    /// Idle connections kept open for reuse; more are opened while more threads call in.
    std::size_t max_idle_connections = 8;
};

/** Opens (creating if missing) the SQLite database at `path` and migrates it to the newest
    schema this binary embeds.

    @param why on failure, receives a one-line reason fit for a log or an error message
    (it names the path, never data from the database).
    @return the store; error::unavailable when the file cannot be opened or is not a
    SQLite database; error::schema_mismatch when its schema is newer than this binary or a
    migration failed; error::busy when another process held the lock past the busy timeout.

    @par Thread Safety
    Safe to call concurrently, from several processes too: migrations are applied once.
*/
[[nodiscard]] result<std::unique_ptr<store>>
open_sqlite_store(const std::string& path, const sqlite_options& options, std::string& why);

/** store on SQLite: WAL mode, a connection per concurrently calling thread, each write
    method one BEGIN IMMEDIATE transaction. Construct it with open_sqlite_store().

    @par Thread Safety
    As store: any number of threads and processes. Do not keep using a store in a child
    process after fork(); open a new one there.
*/
class sqlite_store final : public store
{
public:
    sqlite_store(std::string path, const sqlite_options& options);

    result<post> insert_post(const post& p, const std::optional<outbound_activity>& announce,
                             const std::vector<std::string>& extra_inboxes) override;
    result<std::optional<post>> update_post(const post& p,
                                            const std::optional<outbound_activity>& announce,
                                            const std::vector<std::string>& extra_inboxes) override;
    result<bool> delete_post(std::string_view slug, time_point when,
                             const std::optional<outbound_activity>& announce,
                             const std::vector<std::string>& extra_inboxes) override;
    result<std::optional<post>> find_post(std::string_view slug) override;
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

    /// The pool, for open_sqlite_store() to migrate through and for tests.
    [[nodiscard]] connection_pool& pool() noexcept { return pool_; }

private:
    // Runs `body(connection&)` inside BEGIN IMMEDIATE ... COMMIT; rolls back on any error.
    template <class Body>
    auto write(Body&& body) -> std::invoke_result_t<Body&, connection&>;

    // Runs `body(connection&)` on a pooled connection; bodies are single statements, which
    // SQLite runs as one implicit transaction each.
    template <class Body>
    auto read(Body&& body) -> std::invoke_result_t<Body&, connection&>;

    connection_pool pool_;
};

} // namespace fedblog::storage::sqlite
