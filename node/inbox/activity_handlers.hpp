// SPDX-License-Identifier: AGPL-3.0-or-later
// What each verified inbound activity type does; one file per type (GoToSocial style).
#pragma once

#include "node/net.hpp"
#include "protocol/activity.hpp"
#include "protocol/json.hpp"

#include <string>

namespace fedblog::node {

class app;

/// The answer for an activity that passed verification.
struct inbox_result
{
    http::status status = http::status::accepted;
    std::string detail; ///< public reason for a 4xx; log text otherwise
    /// The handler already recorded the activity id as seen (in its own trip to the
    /// database pool), so the inbox need not.
    bool recorded = false;
};

/// A verified inbound activity. References point into the request and outlive the handler.
struct inbound
{
    const protocol::json::value& doc;
    const protocol::activity_envelope& env;
    /// The signer is not the activity's actor (someone forwarded it): nothing in the body
    /// may be trusted; objects are fetched from their origin instead (DESIGN.md).
    bool forwarded = false;
    /// The inbox has not yet checked blocks and the activity id: the handler does it in its
    /// own trip to the database pool (only on_reaction, for the bulk of inbound traffic).
    bool unchecked = false;
};

/** Runs the handler for `in.env.type`. Preconditions: the signature verified; the signer is
    `in.env.actor` unless `in.forwarded`. Unknown types are acknowledged (202) and ignored.
*/
asio::awaitable<inbox_result> dispatch_activity(app& a, const inbound& in);

/// Follow of the author: store the follower and queue a signed Accept (a Reject for a
/// blocked actor or domain), atomically.
asio::awaitable<inbox_result> on_follow(app& a, const inbound& in);

/// Undo of a Follow, Like or Announce (embedded, or by id).
asio::awaitable<inbox_result> on_undo(app& a, const inbound& in);

/// Delete of the sending actor (forget everything it left) or of one of its notes.
asio::awaitable<inbox_result> on_delete(app& a, const inbound& in);

/// Update of the sending actor (refresh the cache) or of one of its notes (edit the comment).
asio::awaitable<inbox_result> on_update(app& a, const inbound& in);

/// Create of a note: a reply to one of our posts becomes a comment.
asio::awaitable<inbox_result> on_create(app& a, const inbound& in);

/** Like and Announce of one of our posts: counted per actor. With `in.unchecked` it also
    refuses a blocked actor (403) and acknowledges a repeated activity id as a duplicate, as
    the inbox would have, in the same trip to the database pool as the reaction.
*/
asio::awaitable<inbox_result> on_reaction(app& a, const inbound& in);

/// GoToSocial ReplyRequest: ingest the reply and answer with an Accept or Reject.
asio::awaitable<inbox_result> on_reply_request(app& a, const inbound& in);

/// FEP-044f QuoteRequest for one of our posts: accepted or declined by the quote policy.
asio::awaitable<inbox_result> on_quote_request(app& a, const inbound& in);

} // namespace fedblog::node
