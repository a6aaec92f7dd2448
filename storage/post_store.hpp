// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog's own posts.
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

/// Whether a slug names a post, and whether that post is deleted (see post_state_of()).
enum class post_state
{
    missing,
    live,
    deleted,
};

/** Posts written by the local author, with the deliveries that announce them.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class post_store
{
public:
    post_store()                             = default;
    post_store(const post_store&)            = delete;
    post_store& operator=(const post_store&) = delete;
    virtual ~post_store()                    = default;

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

    /** What find_post() would say of `slug` (no post, a live one, a tombstone) without
        reading the post: inbound Likes, Announces and replies ask this of the post they are
        about, and must not copy a long post's text each time (a popular post draws them by
        the thousand).
    */
    virtual result<post_state> post_state_of(std::string_view slug) = 0;

    /// Live (not deleted) posts, newest `published` first, ties by id descending.
    virtual result<std::vector<post>> list_posts(std::size_t offset, std::size_t limit) = 0;

    /// Number of live posts.
    virtual result<std::int64_t> count_posts() = 0;
};

} // namespace fedblog::storage
