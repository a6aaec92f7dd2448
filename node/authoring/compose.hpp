// SPDX-License-Identifier: AGPL-3.0-or-later
// A post's content from what the author submitted: rendered HTML, hashtags, mentions,
// Image attachments and addressing.
#pragma once

#include "node/authoring/mentions.hpp"
#include "node/publish.hpp"
#include "protocol/post_content.hpp"
#include "protocol/site_urls.hpp"
#include "storage/authoring_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/// The extra_json key under which the hashtags the client listed in `tag` are kept (so an
/// edit that sends no `tag` keeps them). Not a property build_note() publishes.
inline constexpr std::string_view client_tags_key = "fedblog:clientTags";

/// What compose_content() derives; it goes into storage::post.
struct composed_content
{
    std::string content_html;
    std::vector<std::string> hashtags; ///< hashtag keys (lowercase), unique
    std::string extra_json;            ///< {"tag", "attachment", "cc"} for build_note()
    std::vector<std::string> inboxes;  ///< of the mentioned actors, to deliver to as well
};

/** Renders `req`: Markdown through protocol::render_post_markdown() with `mentions` (so
    hashtags and resolved mentions become links); other source types keep the sanitized
    HTML read_post_request() made. Pure: no I/O.
*/
[[nodiscard]] protocol::post_content render_request(const post_request& req,
                                                    const protocol::site_urls& urls,
                                                    const std::vector<mention_target>& mentions);

/// The names of this node's media files (under urls.media()) among `content`'s images.
[[nodiscard]] std::vector<std::string> local_media_names(const protocol::post_content& content,
                                                         const protocol::site_urls& urls);

/** Finishes the content: hashtags (from the text and the client's `tag` list) as Hashtag
    tags, resolved mentions as Mention tags and in cc, every image as an `Image` attachment
    with its alt text as `name` (Mastodon strips <img> from content), with media type and
    size for the files in `media`.
*/
[[nodiscard]] composed_content compose_content(protocol::post_content content,
                                               const post_request& req,
                                               const protocol::site_urls& urls,
                                               const std::vector<mention_target>& mentions,
                                               const std::vector<storage::media_file>& media);

} // namespace fedblog::node
