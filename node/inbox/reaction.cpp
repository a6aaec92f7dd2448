// SPDX-License-Identifier: AGPL-3.0-or-later
// Like and Announce of our posts: one per actor, counted on the page and in the Note.
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/inbound_checks.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

namespace {

/// What the one trip to the database pool found.
enum class reaction_outcome
{
    counted,
    already_counted,
    no_post,
    not_ours,
    blocked,
    duplicate,
};

} // namespace

asio::awaitable<inbox_result> on_reaction(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    auto slug                              = own_post_slug(a.urls(), env.object_id);
    if (!slug && !in.unchecked)
        co_return inbox_result{http::status::accepted, "not about one of our posts"};
    storage::reaction r;
    r.post_slug   = slug.value_or(std::string());
    r.actor_id    = env.actor;
    r.actor_host  = protocol::host_of(env.actor);
    r.kind        = env.type == "Like" ? "like" : "announce";
    r.activity_id = env.id;
    r.created     = a.now();
    // One trip to the database pool for the checks the inbox left to us, the lookup, the
    // insert and the inbox's record of the activity id: each trip is two thread hand-offs.
    // Reactions come in floods (a popular post), so they share commits (group commit).
    bool recorded = false;
    auto outcome =
        co_await a.db_grouped([&](storage::store& s) -> storage::result<reaction_outcome> {
            if (in.unchecked)
            {
                auto checks = check_inbound(s, env, {});
                if (!checks)
                    return {boost::system::in_place_error, checks.error()};
                if (checks->blocked)
                    return reaction_outcome::blocked;
                if (checks->seen)
                    return reaction_outcome::duplicate;
                if (!slug)
                    return reaction_outcome::not_ours;
            }
            auto post = s.post_state_of(r.post_slug);
            if (!post)
                return {boost::system::in_place_error, post.error()};
            if (*post != storage::post_state::live)
                return reaction_outcome::no_post;
            // With an activity id, the reaction and the inbox's record of the id are one commit.
            auto inserted = r.activity_id.empty() ? s.add_reaction(r) : s.add_inbound_reaction(r);
            if (!inserted)
                return {boost::system::in_place_error, inserted.error()};
            recorded = !r.activity_id.empty();
            return *inserted ? reaction_outcome::counted : reaction_outcome::already_counted;
        });
    if (!outcome)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    inbox_result out;
    out.recorded = recorded;
    switch (*outcome)
    {
    case reaction_outcome::counted:
        out.detail = r.kind + " counted";
        break;
    case reaction_outcome::already_counted:
        out.detail = "already counted";
        break;
    case reaction_outcome::no_post:
        out.detail = "no such post";
        break;
    case reaction_outcome::not_ours:
        out.detail = "not about one of our posts";
        break;
    case reaction_outcome::blocked:
        out.status = http::status::forbidden;
        out.detail = "blocked";
        break;
    case reaction_outcome::duplicate:
        out.detail   = "duplicate activity";
        out.recorded = true; // it is recorded already
        break;
    }
    co_return out;
}

} // namespace fedblog::node
