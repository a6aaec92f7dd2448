// SPDX-License-Identifier: AGPL-3.0-or-later
// Undo{Follow}: the follower leaves.
#include "node/app.hpp"
#include "node/inbox/activity_handlers.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_undo(app& a, const protocol::json::value&,
                                      const protocol::activity_envelope& env)
{
    if (env.object == nullptr)
        co_return inbox_result{http::status::bad_request, "Undo needs an object"};

    bool is_follow = env.object_type == "Follow";
    if (is_follow)
    {
        // Only the follower may undo their follow; the embedded Follow must say so.
        auto follow_actor = env.object->find("actor");
        auto actor_id     = follow_actor ? protocol::json::id_of(*follow_actor) : std::nullopt;
        if (!actor_id || *actor_id != env.actor)
            co_return inbox_result{http::status::bad_request,
                                   "the Follow being undone is not the sender's"};
        auto target    = env.object->find("object");
        auto target_id = target ? protocol::json::id_of(*target) : std::nullopt;
        if (target_id && *target_id != a.urls().actor())
            co_return inbox_result{http::status::accepted, "not a follow of this blog"};
    }
    else if (env.object_type.empty())
    {
        // Undo by reference (INTEROP.md D34): it is a Follow if it names the follow we hold.
        auto existing =
            co_await a.db([&](storage::store& s) { return s.find_follower(env.actor); });
        is_follow = existing && *existing && (*existing)->follow_id == env.object_id;
    }
    if (!is_follow)
        co_return inbox_result{http::status::accepted, "ignored undo"};

    auto removed = co_await a.db([&](storage::store& s) { return s.remove_follower(env.actor); });
    if (!removed)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, *removed ? "unfollowed" : "was not following"};
}

} // namespace fedblog::node
