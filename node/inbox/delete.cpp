// SPDX-License-Identifier: AGPL-3.0-or-later
// Delete: of an actor (forget everything it left) or of one of its notes (the comment goes).
#include "node/app.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_delete(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.object_id.empty())
        co_return inbox_result{http::status::bad_request, "Delete needs an object"};

    if (env.object_id == env.actor)
    {
        if (in.forwarded)
            co_return inbox_result{http::status::accepted, "ignored forwarded actor delete"};
        auto forgot =
            co_await a.db([&](storage::store& s) { return s.forget_actor(env.actor, a.now()); });
        if (!forgot)
            co_return inbox_result{http::status::service_unavailable, "storage error"};
        co_return inbox_result{http::status::accepted, "actor deleted"};
    }

    if (!protocol::same_origin(env.object_id, env.actor))
        co_return inbox_result{http::status::bad_request,
                               "an actor can only delete its own objects"};
    if (in.forwarded)
    {
        // Believe a forwarded Delete only if the object's own server no longer has it.
        auto fetched = co_await a.fetch().fetch(env.object_id);
        if (!fetched || (fetched->status != 404 && fetched->status != 410))
            co_return inbox_result{http::status::accepted, "the object still exists at its origin"};
    }
    auto deleted = co_await a.db(
        [&](storage::store& s) { return s.delete_comment(env.object_id, env.actor, a.now()); });
    if (!deleted)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted,
                           *deleted ? "comment deleted" : "nothing to delete"};
}

} // namespace fedblog::node
