// SPDX-License-Identifier: AGPL-3.0-or-later
// Turning a C2S submission into a stored, federated post.
#pragma once

#include "node/http/http_error.hpp"
#include "node/net.hpp"
#include "protocol/json.hpp"
#include "storage/store.hpp"

#include <string>
#include <variant>

namespace fedblog::node {

class app;

/// What the author asked to publish, with its HTML already rendered and sanitized.
struct post_request
{
    std::string title;
    std::string content_html;
    std::string source;
    std::string source_media_type;
    std::string language;
    std::string plain_text; ///< visible text, for the slug
};

/** Reads a client-to-server submission: a `Create` whose object is a `Note` or `Article`,
    or a bare `Note`/`Article` (ActivityPub 6.2.1: the server wraps it in a Create). Ids,
    `attributedTo`, `published` and addressing sent by the client are ignored: the server
    assigns them (DESIGN.md).

    Content comes from `source` (`text/markdown` — also the default — rendered with
    cmark-gfm; `text/plain` as paragraphs; `text/html` sanitized) or else from `content`
    (HTML, sanitized). `name` is the optional title.
    @return the request, or a 400 http_error saying what is wrong.
*/
[[nodiscard]] std::variant<post_request, http_error>
read_post_request(const protocol::json::value& doc);

/** Stores a new post with a unique slug, its `Create` activity and one delivery job per
    follower inbox (shared inboxes collapsed), in one transaction; then wakes the delivery
    engine. @return the stored post, or an http_error.
*/
asio::awaitable<std::variant<storage::post, http_error>> publish_post(app& a, post_request req);

/// A fresh unique slug for `req` (title or first words; a dated fallback), checked against
/// the store. Blocking: call on the database pool.
[[nodiscard]] storage::result<std::string> choose_slug(storage::store& s, const post_request& req,
                                                       storage::time_point now);

} // namespace fedblog::node
