// SPDX-License-Identifier: AGPL-3.0-or-later
// What the author wrote → a post's content: Markdown with raw HTML (sanitized), #hashtags,
// @user@host mentions, and the images to list as attachments.
#pragma once

#include "protocol/site_urls.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fedblog::protocol {

/// A `@user@host` address found in the author's text.
struct mention_address
{
    std::string user; ///< as written
    std::string host; ///< lowercase, may carry ":port"

    /// "user@host", the WebFinger resource without "acct:".
    std::string address() const { return user + "@" + host; }
};

/// A mention the node resolved (WebFinger, then the actor document).
struct resolved_mention
{
    std::string address;     ///< "user@host" as mention_address::address()
    std::string actor_id;    ///< the actor's id: the Mention's href
    std::string profile_url; ///< where the link points (the actor's url, else its id)
};

/// A hashtag as it appears in a post.
struct hashtag
{
    std::string name; ///< as written, without '#' ("FediBlog")
    std::string key;  ///< ASCII-lowercased name: the /tags/{key} page and the index
};

/// An image in the content, to be listed as an `Image` attachment.
struct content_image
{
    std::string src;
    std::string alt;
};

/// The rendered post.
struct post_content
{
    std::string html;                       ///< sanitized HTML with hashtag and mention links
    std::vector<hashtag> hashtags;          ///< unique by key, in order of appearance
    std::vector<resolved_mention> mentions; ///< the resolved mentions that appear
    std::vector<content_image> images;      ///< every <img> with an http(s) src, in order
};

/** The `@user@host` mentions in Markdown `source`, unique (case-insensitively) and in order.
    Text in code, links, images and raw HTML is not searched, so `user@example.com` inside
    a link or code block is no mention, and neither is an e-mail address (no leading '@').
    Never throws on any input.
*/
[[nodiscard]] std::vector<mention_address> find_mentions(std::string_view source);

/** Renders the author's Markdown (GitHub Flavored: tables, autolinks, strikethrough, task
    lists) with raw HTML allowed, then sanitizes the result with the author policy
    (sanitize_html() with images and rich blocks).

    In text outside code, links, images and raw HTML:
    - `#tag` (after a non-word character other than '/', ')' , '&' or '#'; letters, digits,
      '_' and non-ASCII letters, not only digits, at most 100 bytes) becomes
      `<a href="{urls.tag(key)}" class="mention hashtag" rel="tag">#<span>tag</span></a>`;
    - `@user@host` that is in `mentions` becomes
      `<span class="h-card"><a href="{profile_url}" class="u-url
   mention">@<span>user</span></a></span>`; one that is not (it did not resolve) stays text. These
   links are inserted after sanitizing (the sanitizer drops class attributes), from our own escaped
   text, so what the author wrote cannot forge them.

    Never throws on any input. Thread safety: safe to call concurrently.

    @par Specification
    GitHub Flavored Markdown Spec 0.29-gfm; Mastodon's hashtag and mention markup
    (app/lib/text_formatter.rb).
*/
[[nodiscard]] post_content render_post_markdown(std::string_view source, const site_urls& urls,
                                                const std::vector<resolved_mention>& mentions);

/** The images of sanitized `html` (every `<img>` with a src), in document order, with their
    alt text (entity-decoded). For content that did not come from Markdown.
*/
[[nodiscard]] std::vector<content_image> find_images(std::string_view html);

/// The hashtag key of `name` (without '#'): ASCII letters lowercased. "" when `name` is not
/// a valid hashtag (see render_post_markdown()).
[[nodiscard]] std::string hashtag_key(std::string_view name);

} // namespace fedblog::protocol
