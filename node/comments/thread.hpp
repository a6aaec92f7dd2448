// SPDX-License-Identifier: AGPL-3.0-or-later
// Turning authenticated remote notes into comments: finding their place in one of our
// threads (fetching missing parents), checking blocks and moderation, storing them.
#pragma once

#include "node/net.hpp"
#include "protocol/remote_note.hpp"
#include "protocol/site_urls.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fedblog::node {

class app;

/// The slug of our post whose permalink is `iri`, or std::nullopt for anything else (a
/// path that is not a valid slug names no post of ours).
[[nodiscard]] std::optional<std::string> own_post_slug(const protocol::site_urls& urls,
                                                       std::string_view iri);

struct ingest_outcome
{
    enum class kind
    {
        stored,        ///< a new comment (published, or pending approval)
        duplicate,     ///< already stored: nothing changed
        not_in_thread, ///< not a reply to anything of ours (even after fetching parents)
        refused,       ///< blocked author, comments closed, unusable content
        unavailable,   ///< storage or network trouble; the sender may retry
    };
    kind what = kind::not_in_thread;
    std::string detail;
    std::int64_t comment_id = 0;
    std::string post_slug;
};

/// How many missing ancestors one reply may make us fetch (issue: "up to 10 levels").
inline constexpr int max_parent_fetches = 10;

/** Stores `note` as a comment when it replies to one of our posts or to a comment under one.

    Preconditions: `note` is authentic — delivered and signed by its author, or fetched
    from its origin by id. A parent that is neither our post nor a stored comment is
    fetched (signed GET, from its origin) and ingested first, at most `fetch_budget` levels
    up; a chain that ends elsewhere is dropped. Blocked authors and closed comments are
    refused; in approve mode new public comments wait as pending, and so does every reply
    that came with a ReplyRequest (`reply_request`: its id), which is then answered
    explicitly (see on_reply_request()). Content is sanitized,
    the author's actor is cached for display.
*/
asio::awaitable<ingest_outcome> ingest_reply(app& a, const protocol::remote_note& note,
                                             int fetch_budget, std::string_view reply_request = {});

/** Fetches the note `id` from its origin (signed GET) and reads it. Used for parents, for
    forwarded activities (never trust a body the author did not sign) and for backfill.
    @return the note, or std::nullopt (logged) when it cannot be fetched or read.
*/
asio::awaitable<std::optional<protocol::remote_note>> fetch_note(app& a, std::string id);

/// The followers collection of a cached actor ("" when unknown), to classify visibility.
asio::awaitable<std::string> followers_of(app& a, const std::string& actor_id);

} // namespace fedblog::node
