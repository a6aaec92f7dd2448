// SPDX-License-Identifier: AGPL-3.0-or-later
// Comments: replies to the blog's posts, threaded, with their lifecycle and moderation.
#pragma once

#include "storage/comment_records.hpp"
#include "storage/records.hpp"
#include "storage/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedblog::storage {

/** Comments under the blog's posts.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class comment_store
{
public:
    comment_store()                                = default;
    comment_store(const comment_store&)            = delete;
    comment_store& operator=(const comment_store&) = delete;
    virtual ~comment_store()                       = default;

    /// The outcome of insert_comment().
    struct comment_inserted
    {
        std::int64_t id = 0;
        bool is_new     = false; ///< false when a comment with that object_id existed (unchanged)
    };

    /** Stores a new comment (its id is ignored and assigned). A comment whose object_id is
        already stored is left as it is (duplicate deliveries are idempotent).
    */
    virtual result<comment_inserted> insert_comment(const comment& c) = 0;

    virtual result<std::optional<comment>> find_comment(std::string_view object_id) = 0;
    virtual result<std::optional<comment>> find_comment_by_id(std::int64_t id)      = 0;
    /// The comment whose id or, failing that, whose `url` (the link a reader sees on the post
    /// page) is `iri`: what the author names when answering it.
    virtual result<std::optional<comment>> find_comment_by_link(std::string_view iri) = 0;
    /// The comment whose approval_id is `approval_id` (never matches "").
    virtual result<std::optional<comment>>
    find_comment_by_approval(std::string_view approval_id) = 0;

    /** Edits the stored comment `c.object_id` — content_html, summary, language, emoji_json,
        visibility, updated — but only when its author is `c.actor_id` and `c.updated` is
        later than the stored `updated` (or the stored one has none and `c.updated` is later
        than `published`): an Update that is not newer changes nothing (INTEROP.md E45).
        @return true when the comment changed.
    */
    virtual result<bool> update_comment(const comment& c) = 0;

    /** Removes the comment `object_id` if `actor_id` wrote it (an empty `actor_id` matches
        any author: moderation). A comment with replies becomes a tombstone (content cleared,
        `deleted` set) so the thread keeps its shape; one without is deleted, and a tombstone
        parent left without replies goes too.
        @return true when something changed.
    */
    virtual result<bool> delete_comment(std::string_view object_id, std::string_view actor_id,
                                        time_point when) = 0;

    /** Every comment of one post's thread, oldest first. `include_hidden` adds pending and
        non-public ones (for the author); otherwise only published public/unlisted comments
        and tombstones are listed.
    */
    virtual result<std::vector<comment>> list_thread(std::string_view post_slug,
                                                     bool include_hidden) = 0;

    /// Published public/unlisted, not deleted, direct replies to `parent` (a post URL or a
    /// comment's object_id), oldest first.
    virtual result<std::vector<comment>> list_replies(std::string_view parent, std::size_t offset,
                                                      std::size_t limit) = 0;
    virtual result<std::int64_t> count_replies(std::string_view parent)  = 0;

    /// Published public/unlisted, not deleted comments per post, for each slug given (slugs
    /// without comments are omitted).
    virtual result<std::vector<std::pair<std::string, std::int64_t>>>
    count_comments(const std::vector<std::string>& slugs) = 0;

    /// Comments for moderation, newest first.
    virtual result<std::vector<comment>> list_comments(const comment_filter& filter) = 0;

    /** Publishes a pending comment (status = published, approval_id set) and, when
        `notify` is set, stores that activity and queues it to `inboxes` (as enqueue()), in
        one transaction. @return false when there is no pending comment with that id.
    */
    virtual result<bool> approve_comment(std::int64_t id, std::string_view approval_id,
                                         const std::optional<outbound_activity>& notify,
                                         const std::vector<std::string>& inboxes) = 0;

    /** The author's reply `c` (local, actor_id = the author) created, edited or removed as
        `change` says, and `announce` (its Create, Update or Delete) queued to every follower
        and to `inboxes` (the mentioned readers), in one transaction. Nothing is queued when
        nothing changed. @return false when nothing changed: a create of a stored object_id,
        an update or removal of no live reply by `c.actor_id`.
    */
    virtual result<bool> record_author_comment(author_comment_change change, const comment& c,
                                               const outbound_activity& announce,
                                               const std::vector<std::string>& inboxes) = 0;

    /** Inboxes of everyone who commented on or reacted to the post (shared inboxes
        collapsed, from the remote actor cache), for announcing its Update or Delete.
    */
    virtual result<std::vector<std::string>> interaction_inboxes(std::string_view post_slug) = 0;
};

} // namespace fedblog::storage
