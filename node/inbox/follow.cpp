// SPDX-License-Identifier: AGPL-3.0-or-later
// Follow: store the follower and queue an Accept in the same transaction.
#include "node/app.hpp"
#include "node/delivery/engine.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/key_resolver.hpp"
#include "protocol/activity.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_follow(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.object_id != a.urls().actor())
        co_return inbox_result{http::status::bad_request,
                               "only " + a.urls().actor() + " can be followed"};
    if (env.id.empty())
        co_return inbox_result{http::status::bad_request, "a Follow needs an id to be accepted"};

    // The signature check usually cached the follower's actor already.
    auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(env.actor); });
    std::optional<storage::remote_actor> actor;
    if (cached && *cached)
        actor = std::move(**cached);
    else
        actor = co_await fetch_actor(a, env.actor);
    if (!actor)
        co_return inbox_result{http::status::service_unavailable,
                               "could not fetch the follower's actor"};

    const auto now = a.now();
    auto blocked   = co_await a.db(
        [&](storage::store& s) { return s.is_blocked(env.actor, protocol::host_of(env.actor)); });
    if (!blocked)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    if (*blocked)
    {
        // A blocked domain or actor learns it will not be followed back: a Reject, sent
        // to its own inbox like an Accept would be (INTEROP.md D33).
        auto reject = protocol::build_reject_follow(a.urls(), env.id, env.actor);
        storage::outbound_activity activity;
        activity.id      = std::string(*reject.get_string("id"));
        activity.json    = protocol::json::serialize(reject);
        activity.signer  = "author";
        activity.created = now;
        auto queued      = co_await a.db(
            [&](storage::store& s) { return s.enqueue(activity, {actor->inbox}, false); });
        if (!queued)
            co_return inbox_result{http::status::service_unavailable, "storage error"};
        a.delivery().poke();
        co_return inbox_result{http::status::accepted, "follow rejected: blocked"};
    }
    storage::follower f;
    f.actor_id     = env.actor;
    f.inbox        = actor->inbox;
    f.shared_inbox = actor->shared_inbox;
    f.follow_id    = env.id;
    f.created      = now;

    auto accept = protocol::build_accept_follow(a.urls(), env.id, env.actor);
    storage::outbound_activity activity;
    activity.id      = std::string(*accept.get_string("id"));
    activity.json    = protocol::json::serialize(accept);
    activity.signer  = "author";
    activity.created = now;

    // Accept goes to the follower's own inbox, as Mastodon expects for follow responses
    // (INTEROP.md C26).
    auto added =
        co_await a.db([&](storage::store& s) { return s.add_follower(f, activity, actor->inbox); });
    if (!added)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    a.delivery().poke();
    co_return inbox_result{http::status::accepted, *added ? "new follower" : "already following"};
}

} // namespace fedblog::node
