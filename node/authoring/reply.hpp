// SPDX-License-Identifier: AGPL-3.0-or-later
// The author answering readers: outbox Creates with inReplyTo a comment (or a post), and
// the Update and Delete of those replies. They live in the thread as the author's comments,
// not as blog posts: they are not on the front page, in the feed or in the outbox listing.
#pragma once

#include "node/http/http_error.hpp"
#include "node/net.hpp"
#include "node/publish.hpp"
#include "protocol/author_reply.hpp"
#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"
#include "storage/comment_records.hpp"

#include <string>
#include <variant>

namespace fedblog::node {

class app;

/// What an accepted reply activity did: the reply as stored and the activity sent.
struct reply_outcome
{
    storage::comment reply;
    protocol::json::value activity;
};

/** The id in `ref` (an IRI, or an object with an `id`) when it names one of the author's
    replies on this node (`{base}/posts/{slug}/comments/{key}`); "" otherwise.
*/
[[nodiscard]] std::string author_reply_id(const protocol::json::value* ref,
                                          const protocol::site_urls& urls);

/// The protocol view of a stored reply of the author's.
[[nodiscard]] protocol::reply_fields to_reply_fields(const storage::comment& c);

/** Publishes `req` (whose in_reply_to is set) as the author's reply. The target must be a
    live post of this blog or a comment shown under one: 400 for anything else (an unknown
    IRI, a remote post we hold no comment for), 409 for a comment awaiting approval, a
    followers-only or direct one (a public answer would reveal it) or a deleted one. The
    reply is stored as a comment by the author (nested under its parent on the post page),
    and its Create is queued to the followers, the reader answered (mentioned: a `Mention`
    tag and cc) and anyone mentioned in the text, in one transaction.
*/
asio::awaitable<std::variant<reply_outcome, http_error>> publish_author_reply(app& a,
                                                                              post_request req);

/** Replaces the content of the author's reply `id` with `content` (re-rendered, mentions
    resolved again, the reader still mentioned), sets `updated` and queues the Update to the
    same audience. 404 when there is no such live reply.
*/
asio::awaitable<std::variant<reply_outcome, http_error>> edit_author_reply(app& a, std::string id,
                                                                           post_request content);

/** Deletes the author's reply `id` (a "deleted" placeholder stays while replies hang from
    it) and queues the Delete to the audience of its Create. 404 when there is none.
*/
asio::awaitable<std::variant<reply_outcome, http_error>> remove_author_reply(app& a,
                                                                             std::string id);

} // namespace fedblog::node
