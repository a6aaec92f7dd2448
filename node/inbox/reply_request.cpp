// SPDX-License-Identifier: AGPL-3.0-or-later
// GoToSocial's ReplyRequest ("polite" reply): the reply waits for our explicit Accept/Reject.
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/delivery/engine.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/key_resolver.hpp"
#include "protocol/interaction.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

namespace {

storage::outbound_activity as_activity(const protocol::json::value& doc, std::string object_id,
                                       storage::time_point now)
{
    storage::outbound_activity a;
    a.id        = std::string(doc.get_string("id").value_or(""));
    a.json      = protocol::json::serialize(doc);
    a.signer    = "author";
    a.object_id = std::move(object_id);
    a.created   = now;
    return a;
}

} // namespace

asio::awaitable<inbox_result> on_reply_request(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.id.empty())
        co_return inbox_result{http::status::bad_request, "a ReplyRequest needs an id"};
    const auto* instrument = in.doc.find("instrument");
    auto reply_id          = instrument ? protocol::json::id_of(*instrument) : std::nullopt;
    if (!reply_id || !protocol::same_origin(*reply_id, env.actor))
        co_return inbox_result{http::status::bad_request, "the reply must be the actor's"};

    std::optional<protocol::remote_note> note;
    if (instrument->is_object())
    {
        const std::string followers = co_await followers_of(a, env.actor);
        auto read = protocol::read_remote_note(*instrument, followers, a.cfg().allow_http_peers);
        if (!read)
            co_return inbox_result{http::status::bad_request,
                                   "not a usable note: " + read.error().message()};
        note = std::move(*read);
    }
    else
        note = co_await fetch_note(a, std::string(*reply_id));
    if (!note)
        co_return inbox_result{http::status::accepted, "the reply could not be fetched"};
    if (note->attributed_to != env.actor || note->in_reply_to != env.object_id)
        co_return inbox_result{http::status::bad_request, "the reply does not match the request"};

    auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(env.actor); });
    std::string inbox = cached && *cached ? (*cached)->inbox : std::string();
    if (inbox.empty())
    {
        if (auto actor = co_await fetch_actor(a, env.actor))
            inbox = actor->inbox;
    }

    auto result = co_await ingest_reply(a, *note, max_parent_fetches, env.id);
    using kind  = ingest_outcome::kind;
    if (result.what == kind::unavailable)
        co_return inbox_result{http::status::service_unavailable, result.detail};
    if (result.what == kind::not_in_thread)
        co_return inbox_result{http::status::accepted, result.detail};
    const std::string post_url =
        result.post_slug.empty() ? env.object_id : a.urls().post(result.post_slug);
    if (result.what == kind::refused)
    {
        if (inbox.empty())
            co_return inbox_result{http::status::accepted, result.detail};
        auto reject = as_activity(
            protocol::build_reply_reject(a.urls(), note->id, env.actor, env.object_id, env.id),
            post_url, a.now());
        auto queued =
            co_await a.db([&](storage::store& s) { return s.enqueue(reject, {inbox}, false); });
        if (!queued)
            co_return inbox_result{http::status::service_unavailable, "storage error"};
        a.delivery().poke();
        co_return inbox_result{http::status::accepted, "reply rejected: " + result.detail};
    }
    if (a.cfg().comments != "open" || inbox.empty())
        co_return inbox_result{http::status::accepted, "reply waits for approval"};

    // Open comments: approve at once, telling the replier with an Accept it can cite.
    auto accept = as_activity(
        protocol::build_reply_accept(a.urls(), note->id, env.actor, env.object_id, env.id),
        post_url, a.now());
    const std::string approval = protocol::interaction_id(note->id);
    auto approved              = co_await a.db([&](storage::store& s) {
        return s.approve_comment(result.comment_id, approval, accept, {inbox});
    });
    if (!approved)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    a.delivery().poke();
    co_return inbox_result{http::status::accepted, "reply accepted"};
}

} // namespace fedblog::node
