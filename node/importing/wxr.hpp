// SPDX-License-Identifier: AGPL-3.0-or-later
// WordPress eXtended RSS (WXR), the file WordPress's Tools > Export writes.
#pragma once

#include "node/importing/import_item.hpp"

#include <cstddef>
#include <string_view>

namespace fedblog::node {

/// What read_wxr() found besides the posts.
struct wxr_summary
{
    std::size_t skipped  = 0; ///< items that are not published posts (pages, drafts, ...)
    std::size_t comments = 0; ///< approved comments on the imported posts
    std::size_t left_out = 0; ///< comments left out: spam, unapproved, pingbacks
};

/** Reads a WXR export: every `<item>` whose `wp:post_type` is `post` and `wp:status` is
    `publish` becomes a post with its title, `wp:post_name` as slug, `wp:post_date_gmt`
    (else `wp:post_date`) as date, `content:encoded` as HTML (WordPress keeps paragraphs as
    blank lines and turns them into <p> when it shows a post; so does this), and its
    categories and tags as tags. Keys are "wxr:" + `guid` (else `wp:post_id`).
    A DOCTYPE is refused: WXR has none, and entity declarations are the way to make an XML
    parser expand a small file into gigabytes.
    @return the posts in file order, or the first error with its line (malformed XML, an
    item without a date or id).
*/
[[nodiscard]] import_parse read_wxr(std::string_view xml, wxr_summary& summary);

/// WordPress's paragraphs: blank-line-separated blocks become <p>…</p>, single newlines
/// <br>, blocks that already start with a block element are left alone.
[[nodiscard]] std::string wordpress_paragraphs(std::string_view html);

} // namespace fedblog::node
