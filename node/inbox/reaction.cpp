// SPDX-License-Identifier: AGPL-3.0-or-later
// Like and Announce of our posts: one per actor, counted on the page and in the Note.
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_reaction(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    auto slug                              = own_post_slug(a.urls(), env.object_id);
    if (!slug)
        co_return inbox_result{http::status::accepted, "not about one of our posts"};
    storage::reaction r;
    r.post_slug   = *slug;
    r.actor_id    = env.actor;
    r.actor_host  = protocol::host_of(env.actor);
    r.kind        = env.type == "Like" ? "like" : "announce";
    r.activity_id = env.id;
    r.created     = a.now();
    // One trip to the database pool for the lookup, the insert and the inbox's record of the
    // activity id; std::nullopt: no such (live) post.
    bool recorded = false;
    auto added    = co_await a.db([&](storage::store& s) -> storage::result<std::optional<bool>> {
        auto post = s.find_post(*slug);
        if (!post)
            return {boost::system::in_place_error, post.error()};
        if (!*post || (*post)->deleted)
            return std::optional<bool>();
        // With an activity id, the reaction and the inbox's record of the id are one commit.
        auto inserted = r.activity_id.empty() ? s.add_reaction(r) : s.add_inbound_reaction(r);
        if (!inserted)
            return {boost::system::in_place_error, inserted.error()};
        recorded = !r.activity_id.empty();
        return std::optional<bool>(*inserted);
    });
    if (!added)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    if (!*added)
        co_return inbox_result{http::status::accepted, "no such post"};
    inbox_result out{http::status::accepted, **added ? r.kind + " counted" : "already counted"};
    out.recorded = recorded;
    co_return out;
}

} // namespace fedblog::node
