// SPDX-License-Identifier: AGPL-3.0-or-later
// What the author's tools need beyond posts themselves: revisions, pins, tag listings,
// imports, uploaded media and run-time profile settings.
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

/// One earlier version of an edited post: what it said from `valid_from` until `replaced`.
struct post_revision
{
    std::string object_type;
    std::string title;
    std::string content_html;
    std::string source;
    std::string source_media_type;
    std::string language;
    std::string extra_json = "{}";
    time_point valid_from{}; ///< the post's published time, or the edit that made this version
    time_point replaced{};   ///< the edit that replaced it
};

/// An uploaded image, stored as DIR/media/<name>.
struct media_file
{
    std::string name;       ///< content hash + extension, e.g. "3f…9a.png"
    std::string media_type; ///< image/png, image/jpeg, image/gif or image/webp
    std::int64_t width  = 0;
    std::int64_t height = 0;
    std::int64_t bytes  = 0;
    time_point created{};
};

/// What import_posts() did.
struct import_outcome
{
    std::size_t imported = 0; ///< posts stored
    std::size_t skipped  = 0; ///< posts whose import_key was already stored
    std::size_t comments = 0; ///< legacy comments stored (those already stored not counted)
};

/** The author's side of the blog.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class authoring_store
{
public:
    authoring_store()                                  = default;
    authoring_store(const authoring_store&)            = delete;
    authoring_store& operator=(const authoring_store&) = delete;
    virtual ~authoring_store()                         = default;

    /// The earlier versions of post `slug`, oldest first (update_post() keeps one per edit).
    virtual result<std::vector<post_revision>> list_revisions(std::string_view slug) = 0;

    /** Pins (`pinned` set: the pin time) or unpins (empty) the live post `slug`, and queues
        `announce` (the Add or Remove) to every follower as insert_post() does.
        @return true when the post changed; false, with nothing queued, when there is no
        live post with that slug or it already was in that state.
    */
    virtual result<bool> set_pinned(std::string_view slug, std::optional<time_point> pinned,
                                    const std::optional<outbound_activity>& announce) = 0;

    /// Live pinned posts, most recently pinned first.
    virtual result<std::vector<post>> list_pinned() = 0;

    /// Live posts carrying hashtag `tag` (lowercase, no '#'), ordered as list_posts().
    virtual result<std::vector<post>> list_posts_tagged(std::string_view tag, std::size_t offset,
                                                        std::size_t limit) = 0;

    /// Number of live posts carrying hashtag `tag`.
    virtual result<std::int64_t> count_posts_tagged(std::string_view tag) = 0;

    /** Stores imported posts, all or none: each must have a non-empty import_key; a post
        whose import_key is already stored is skipped (re-importing a file is idempotent).
        Nothing is queued for delivery: imports are never pushed to followers.
        `comments` (the old blog's legacy comments on these posts) go in the same transaction;
        one whose object_id is already stored is left as it is.
        @return the counts; error::conflict (and nothing stored) when a slug is taken or
        two posts share one; error::invalid_argument when an import_key is empty.
    */
    virtual result<import_outcome> import_posts(const std::vector<post>& posts,
                                                const std::vector<comment>& comments) = 0;

    /// Records an uploaded file. @return true when new, false when that name was stored.
    virtual result<bool> put_media(const media_file& m) = 0;

    virtual result<std::optional<media_file>> find_media(std::string_view name) = 0;

    /// Every run-time setting as (key, value), sorted by key.
    virtual result<std::vector<std::pair<std::string, std::string>>> list_settings() = 0;

    /** Sets `key` to `value` and queues `announce` (an Update of the actor) to every
        follower, in one transaction.
    */
    virtual result<void> put_setting(std::string_view key, std::string_view value,
                                     const std::optional<outbound_activity>& announce) = 0;
};

} // namespace fedblog::storage
