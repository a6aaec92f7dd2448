// SPDX-License-Identifier: AGPL-3.0-or-later
// Delete of an actor: it is gone, so stop following it back and forget it.
#include "node/app.hpp"
#include "node/inbox/activity_handlers.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_delete(app& a, const protocol::json::value&,
                                        const protocol::activity_envelope& env)
{
    if (env.object_id.empty())
        co_return inbox_result{http::status::bad_request, "Delete needs an object"};
    if (env.object_id != env.actor)
        co_return inbox_result{http::status::accepted, "ignored delete"}; // objects: comments work
    auto removed = co_await a.db([&](storage::store& s) { return s.remove_follower(env.actor); });
    if (!removed)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, "actor deleted"};
}

} // namespace fedblog::node
