// SPDX-License-Identifier: AGPL-3.0-or-later
// The activities that follow a post after its Create: Update, Delete (with its Tombstone),
// Add/Remove to the featured collection, and Update of the author's actor.
#pragma once

#include "protocol/json.hpp"
#include "protocol/note.hpp"
#include "protocol/site_urls.hpp"

#include <string>
#include <string_view>

namespace fedblog::protocol {

/** `Update` of an edited post: id `id` (the caller makes it unique per edit, e.g.
    "{post}#updates/{ms}"), actor the author, published = the post's `updated`, addressed as
    the post (to Public, cc followers and mentioned actors), object = build_note() without
    @context. Mastodon applies the new text only when the object's `updated` is later than
    what it has (INTEROP.md E45), so `post.updated` must be set.
*/
[[nodiscard]] json::value build_update(const site_urls& urls, const post_fields& post,
                                       std::string_view id);

/// The `Tombstone` a deleted post's permalink answers with (410 Gone).
[[nodiscard]] json::value build_tombstone(const site_urls& urls, std::string_view slug,
                                          std::string_view former_type, sys_seconds deleted,
                                          bool with_context = true);

/** `Delete` of a post, as Mastodon's own (DeleteNoteSerializer): id "{post}#delete", to
    Public, cc followers, object = the Tombstone (INTEROP.md E46).
*/
[[nodiscard]] json::value build_delete(const site_urls& urls, std::string_view slug,
                                       std::string_view former_type, sys_seconds deleted);

/** `Add` (pin, `add`) or `Remove` (unpin) of a post to the author's featured collection:
    id `id`, object the post's id, target the featured collection, to Public, cc followers.
*/
[[nodiscard]] json::value build_featured_change(const site_urls& urls, std::string_view slug,
                                                bool add, std::string_view id);

/** `Update` of the author's actor (a new avatar or header): id `id`, object = `person` (the
    actor document, its @context moved to the activity), to Public, cc followers.
*/
[[nodiscard]] json::value build_actor_update(const site_urls& urls, const json::value& person,
                                             std::string_view id);

} // namespace fedblog::protocol
