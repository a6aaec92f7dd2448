// SPDX-License-Identifier: AGPL-3.0-or-later
// Turning a C2S submission into a stored, federated post.
#pragma once

#include "node/http/http_error.hpp"
#include "node/net.hpp"
#include "protocol/json.hpp"
#include "storage/store.hpp"

#include <string>
#include <variant>
#include <vector>

namespace fedblog::node {

class app;

/// What the author asked to publish, with its HTML already rendered and sanitized.
struct post_request
{
    std::string title;
    std::string content_html; ///< for Markdown, a first rendering (prepare_post() redoes it)
    std::string source;
    std::string source_media_type;
    std::string language;
    std::string plain_text;  ///< visible text, for the slug
    std::string object_type; ///< "Article" when the client sent one; "" for the config's type
    std::string in_reply_to; ///< the client's inReplyTo ("" for none)
    /// Hashtag names (without '#') from the object's `tag` list, added to those in the text.
    std::vector<std::string> extra_tags;
};

/// A post ready to store: type, content, hashtags, tags/attachments/cc composed, mentions
/// resolved. Slug and times are not set.
struct prepared_post
{
    storage::post post;
    std::vector<std::string> inboxes; ///< the mentioned actors' inboxes
};

/** Reads a client-to-server submission: a `Create` whose object is a `Note` or `Article`,
    or a bare `Note`/`Article` (ActivityPub 6.2.1: the server wraps it in a Create). Ids,
    `attributedTo`, `published` and addressing sent by the client are ignored: the server
    assigns them (DESIGN.md).

    Content comes from `source` (`text/markdown` — also the default — rendered with
    cmark-gfm, raw HTML sanitized; `text/plain` as paragraphs; `text/html` sanitized) or else
    from `content` (HTML, sanitized). `name` is the optional title; `tag` entries of type
    Hashtag add hashtags; `inReplyTo` (an IRI or an object with an id) is kept.
    @return the request, or a 400 http_error saying what is wrong.
*/
[[nodiscard]] std::variant<post_request, http_error>
read_post_request(const protocol::json::value& doc);

/** Composes `req` into a post: resolves its Markdown's @user@host mentions (WebFinger),
    renders it with hashtag and mention links, lists its images as attachments (with size
    and type for uploaded ones) and picks the object type (`req.object_type`, else the
    config's post_type).
*/
asio::awaitable<prepared_post> prepare_post(app& a, const post_request& req);

/** Stores a new post with a unique slug, its `Create` activity and one delivery job per
    follower inbox (shared inboxes collapsed) and each mentioned actor's inbox, in one
    transaction; then wakes the delivery engine. @return the stored post, or an http_error.
*/
asio::awaitable<std::variant<storage::post, http_error>> publish_post(app& a, post_request req);

/// A fresh unique slug for `req` (title or first words; a dated fallback), checked against
/// the store. Blocking: call on the database pool.
[[nodiscard]] storage::result<std::string> choose_slug(storage::store& s, const post_request& req,
                                                       storage::time_point now);

} // namespace fedblog::node
