// SPDX-License-Identifier: AGPL-3.0-or-later
// Activity type → handler.
#include "node/inbox/activity_handlers.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> dispatch_activity(app& a, const protocol::json::value& doc,
                                                const protocol::activity_envelope& env)
{
    if (env.type == "Follow")
        co_return co_await on_follow(a, doc, env);
    if (env.type == "Undo")
        co_return co_await on_undo(a, doc, env);
    if (env.type == "Delete")
        co_return co_await on_delete(a, doc, env);
    if (env.type == "Update")
        co_return co_await on_update(a, doc, env);
    // ActivityPub 7: unknown activity types are not an error; acknowledge and ignore.
    co_return inbox_result{http::status::accepted, "ignored activity type"};
}

} // namespace fedblog::node
