// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog's HTML pages, rendered with the site's theme (node/web/theme.hpp).
#pragma once

#include "protocol/site_urls.hpp"
#include "storage/authoring_store.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedblog::node {

class theme;

struct site_info
{
    const protocol::site_urls* urls = nullptr;
    std::string title;        ///< the author's display name (or domain)
    std::string summary_html; ///< the author's bio, already safe HTML
    /// The author's profile links (name, URL); http(s) ones are shown with rel="me", so
    /// Mastodon can verify them.
    std::vector<std::pair<std::string, std::string>> links;
    /// The templates to render with; null means the built-in ones.
    const theme* look = nullptr;
};

/// The front page: author header, posts newest first (each with its number of comments
/// from `comment_counts`, by slug), and links to older/newer pages.
[[nodiscard]] std::string
render_index(const site_info& site, const std::vector<storage::post>& posts, int page,
             bool has_more, const std::map<std::string, std::int64_t>& comment_counts = {});

/// The posts carrying hashtag `tag` (its key, lowercase), as the front page lists posts.
[[nodiscard]] std::string render_tag_page(const site_info& site, std::string_view tag,
                                          const std::vector<storage::post>& posts, int page,
                                          bool has_more);

/** One post's page, with OpenGraph and `fediverse:creator` meta tags for link previews;
    `after_article` (already safe HTML, e.g. the comments section) follows the post, and,
    when it was edited, the earlier versions (`revisions`, oldest first) close the article.
*/
[[nodiscard]] std::string render_post(const site_info& site, const storage::post& post,
                                      std::string_view after_article                       = {},
                                      const std::vector<storage::post_revision>& revisions = {});

/// A small page for errors (404, 410) so browsers get HTML rather than JSON.
[[nodiscard]] std::string render_message(const site_info& site, std::string_view heading,
                                         std::string_view text);

} // namespace fedblog::node
