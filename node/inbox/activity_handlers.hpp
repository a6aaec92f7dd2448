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
};

/** Runs the handler for `env.type`. Preconditions: the signature verified and the signer is
    `env.actor`. Unknown types are acknowledged (202) and ignored.
*/
asio::awaitable<inbox_result> dispatch_activity(app& a, const protocol::json::value& doc,
                                                const protocol::activity_envelope& env);

/// Follow of the author: store the follower and queue a signed Accept, atomically.
asio::awaitable<inbox_result> on_follow(app& a, const protocol::json::value& doc,
                                        const protocol::activity_envelope& env);

/// Undo of a Follow (embedded, or by id): drop the follower. Other Undos are ignored here.
asio::awaitable<inbox_result> on_undo(app& a, const protocol::json::value& doc,
                                      const protocol::activity_envelope& env);

/// Delete of the sending actor itself: forget them (follow, cached actor).
asio::awaitable<inbox_result> on_delete(app& a, const protocol::json::value& doc,
                                        const protocol::activity_envelope& env);

/// Update of the sending actor: refresh the cached actor document.
asio::awaitable<inbox_result> on_update(app& a, const protocol::json::value& doc,
                                        const protocol::activity_envelope& env);

} // namespace fedblog::node
