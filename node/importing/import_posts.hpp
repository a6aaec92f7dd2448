// SPDX-License-Identifier: AGPL-3.0-or-later
// Turning what an export described into posts the store can import.
#pragma once

#include "node/importing/import_item.hpp"
#include "protocol/site_urls.hpp"
#include "storage/store.hpp"

#include <string>
#include <variant>
#include <vector>

namespace fedblog::node {

/** A tag or category name as a hashtag: words joined in CamelCase ("Tech news" →
    "TechNews"), characters a hashtag cannot hold dropped. "" when nothing valid remains
    (e.g. "2010"), and for WordPress's default category "Uncategorized", which says nothing.
*/
[[nodiscard]] std::string tag_to_hashtag(std::string_view name);

/** The legacy comments of imported `posts` (built from `items` by build_import(), in the
    same order) for store::import_posts(): authored by the name the reader gave (no
    actor), HTML sanitized as remote content, threaded under the post or their parent,
    with ids under the post's URL ("{post}#comment-{id}") so importing again changes
    nothing. They never leave the blog: nothing about them is federated.
*/
[[nodiscard]] std::vector<storage::comment>
build_import_comments(const std::vector<import_item>& items,
                      const std::vector<storage::post>& posts, const protocol::site_urls& urls,
                      storage::time_point now);

/** Builds the posts for store::import_posts(): each item's body rendered (Markdown) or
    sanitized (HTML, plain text) exactly as the outbox does for the author, its tags as
    Hashtag tags, `federated` false (imports are never pushed), its original date, its
    import key, and a slug that is free: the one the export asks for (or one made from the
    title or text), with "-2", "-3"... when taken by another post. A post already imported
    from the same key keeps its slug (store::import_posts() then skips it).
    `object_type` is "Note" or "Article" (the config's post_type).
    @return the posts, or an error naming the item (an empty post), or one from the store.
    Blocking: reads the store.
*/
[[nodiscard]] std::variant<std::vector<storage::post>, import_error>
build_import(const std::vector<import_item>& items, const protocol::site_urls& urls,
             const std::string& object_type, storage::store& s);

} // namespace fedblog::node
