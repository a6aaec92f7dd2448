// SPDX-License-Identifier: AGPL-3.0-or-later
// FEP-044f QuoteRequest: accept (and count as a reaction) or decline a quote of our post.
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/delivery/engine.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/key_resolver.hpp"
#include "protocol/interaction.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_quote_request(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    // The request must come from the quoting post's server (Mastodon's QuoteRequest#perform).
    if (env.id.empty())
        co_return inbox_result{http::status::bad_request, "a QuoteRequest needs an id"};
    auto slug = own_post_slug(a.urls(), env.object_id);
    if (!slug)
        co_return inbox_result{http::status::accepted, "not about one of our posts"};
    const auto* instrument = in.doc.find("instrument");
    auto quote_id          = instrument ? protocol::json::id_of(*instrument) : std::nullopt;
    if (!quote_id || !protocol::same_origin(*quote_id, env.actor))
        co_return inbox_result{http::status::bad_request, "the quoting post must be the actor's"};

    auto post = co_await a.db([&](storage::store& s) { return s.post_state_of(*slug); });
    if (!post)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    if (*post != storage::post_state::live)
        co_return inbox_result{http::status::accepted, "no such post"};

    auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(env.actor); });
    std::optional<storage::remote_actor> actor;
    if (cached && *cached)
        actor = std::move(**cached);
    else
        actor = co_await fetch_actor(a, env.actor);
    if (!actor)
        co_return inbox_result{http::status::service_unavailable,
                               "could not fetch the quoting actor"};

    // Our posts are all public: the policy is the whole decision.
    const bool accept         = a.cfg().quotes == "public";
    const std::string post_id = a.urls().post(*slug);
    const std::string qid     = std::string(*quote_id);
    auto answer = accept ? protocol::build_quote_accept(a.urls(), env.id, env.actor, post_id, qid)
                         : protocol::build_quote_reject(a.urls(), env.id, env.actor, post_id, qid);
    storage::outbound_activity activity;
    activity.id        = std::string(*answer.get_string("id"));
    activity.json      = protocol::json::serialize(answer);
    activity.signer    = "author";
    activity.object_id = post_id;
    activity.created   = a.now();

    storage::reaction r;
    r.post_slug   = *slug;
    r.actor_id    = env.actor;
    r.actor_host  = protocol::host_of(env.actor);
    r.kind        = "quote";
    r.activity_id = env.id;
    r.object_id   = qid;
    r.approval_id = protocol::interaction_id(qid);
    r.created     = activity.created;
    auto done     = co_await a.db([&](storage::store& s) -> storage::result<bool> {
        if (accept)
        {
            auto added = s.add_reaction(r);
            if (!added)
                return added;
        }
        auto queued = s.enqueue(activity, {actor->inbox}, false);
        if (!queued)
            return {boost::system::in_place_error, queued.error()};
        return true;
    });
    if (!done)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    a.delivery().poke();
    co_return inbox_result{http::status::accepted, accept ? "quote accepted" : "quote declined"};
}

} // namespace fedblog::node
