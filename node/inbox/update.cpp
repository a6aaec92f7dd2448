// SPDX-License-Identifier: AGPL-3.0-or-later
// Update of an actor: keep our cached copy (name, inbox, keys) current.
#include "node/app.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/key_resolver.hpp"
#include "node/log.hpp"
#include "protocol/actor.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_update(app& a, const protocol::json::value&,
                                        const protocol::activity_envelope& env)
{
    if (env.object == nullptr || !protocol::vocab::is_actor_type(env.object_type))
        co_return inbox_result{http::status::accepted, "ignored update"};
    // An actor may only update itself (INTEROP.md C30).
    if (env.object_id != env.actor)
        co_return inbox_result{http::status::bad_request, "an actor can only update itself"};
    auto info = protocol::read_remote_actor(*env.object, a.cfg().allow_http_peers);
    if (!info)
        co_return inbox_result{http::status::bad_request, "unusable actor document"};
    const storage::remote_actor r = actor_record(*info, *env.object, a.now());
    auto stored = co_await a.db([&](storage::store& s) { return s.put_remote_actor(r); });
    if (!stored)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, "actor updated"};
}

} // namespace fedblog::node
