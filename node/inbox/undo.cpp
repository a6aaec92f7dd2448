// SPDX-License-Identifier: AGPL-3.0-or-later
// Undo: of a Follow (the follower leaves), of a Like or an Announce (the count goes down).
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/inbox/activity_handlers.hpp"

namespace fedblog::node {

namespace {

asio::awaitable<inbox_result> undo_follow(app& a, const protocol::activity_envelope& env)
{
    auto removed = co_await a.db([&](storage::store& s) { return s.remove_follower(env.actor); });
    if (!removed)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, *removed ? "unfollowed" : "was not following"};
}

} // namespace

asio::awaitable<inbox_result> on_undo(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.object == nullptr)
        co_return inbox_result{http::status::bad_request, "Undo needs an object"};

    if (!env.object_type.empty())
    {
        // An embedded activity: only its own actor may undo it.
        auto undone_actor = env.object->find("actor");
        auto actor_id     = undone_actor ? protocol::json::id_of(*undone_actor) : std::nullopt;
        if (!actor_id || *actor_id != env.actor)
            co_return inbox_result{http::status::bad_request,
                                   "the activity being undone is not the sender's"};
        const auto* target = env.object->find("object");
        auto target_id     = target ? protocol::json::id_of(*target) : std::nullopt;
        if (env.object_type == "Follow")
        {
            if (target_id && *target_id != a.urls().actor())
                co_return inbox_result{http::status::accepted, "not a follow of this blog"};
            co_return co_await undo_follow(a, env);
        }
        if (env.object_type == "Like" || env.object_type == "Announce")
        {
            const std::string kind = env.object_type == "Like" ? "like" : "announce";
            bool removed           = false;
            if (!env.object_id.empty())
            {
                auto r = co_await a.db(
                    [&](storage::store& s) { return s.remove_reaction(env.actor, env.object_id); });
                if (!r)
                    co_return inbox_result{http::status::service_unavailable, "storage error"};
                removed = *r;
            }
            if (!removed && target_id)
            {
                if (auto slug = own_post_slug(a.urls(), *target_id))
                {
                    auto r = co_await a.db([&](storage::store& s) {
                        return s.remove_reaction_to(env.actor, kind, *slug);
                    });
                    if (!r)
                        co_return inbox_result{http::status::service_unavailable, "storage error"};
                    removed = *r;
                }
            }
            co_return inbox_result{http::status::accepted,
                                   removed ? "reaction undone" : "no such reaction"};
        }
        co_return inbox_result{http::status::accepted, "ignored undo"};
    }

    // Undo by reference (INTEROP.md D34): the id of our follower's Follow, or of a reaction.
    auto existing = co_await a.db([&](storage::store& s) { return s.find_follower(env.actor); });
    if (existing && *existing && (*existing)->follow_id == env.object_id)
        co_return co_await undo_follow(a, env);
    auto removed = co_await a.db(
        [&](storage::store& s) { return s.remove_reaction(env.actor, env.object_id); });
    if (!removed)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, *removed ? "reaction undone" : "ignored undo"};
}

} // namespace fedblog::node
