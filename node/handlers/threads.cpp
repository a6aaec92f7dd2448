// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's replies in a thread, dereferenceable as Notes, and a post's conversation
// (the `context` of those replies) as a collection.
#include "node/app.hpp"
#include "node/authoring/reply.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/post_view.hpp"
#include "protocol/author_reply.hpp"
#include "protocol/media_types.hpp"
#include "protocol/slug.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

constexpr int cache_seconds = 60;

bool wants_as(const request_context& ctx)
{
    return protocol::negotiate(ctx.header(http::field::accept)) ==
           protocol::representation::activity_json;
}

/** GET /posts/{slug}/comments/{key}: the reply as a Note for servers (410 with a Tombstone
    once deleted while answers hang from it); browsers go to its place in the thread.
*/
asio::awaitable<response> author_reply(app& a, request_context& ctx)
{
    const std::string id = a.urls().author_comment(ctx.params.at(0), ctx.params.at(1));
    const protocol::json::value ref(id);
    if (author_reply_id(&ref, a.urls()).empty())
        co_return problem_response(ctx.req, http::status::not_found, "no such reply");
    auto found = co_await a.db([&](storage::store& s) { return s.find_comment(id); });
    if (!found)
        co_return problem_response(ctx.req, to_http_error(found.error()));
    if (!*found || (*found)->actor_id != a.urls().actor() || !(*found)->local)
        co_return problem_response(ctx.req, http::status::not_found, "no such reply");
    const storage::comment& c = **found;
    if (!wants_as(ctx))
    {
        const std::string place = a.urls().post(c.post_slug) + "#comment-" + std::to_string(c.id);
        co_return redirect_response(ctx.req, http::status::found, place, true);
    }
    if (c.deleted)
    {
        const protocol::json::value tomb =
            protocol::build_reply_tombstone(c.object_id, to_seconds(*c.deleted));
        co_return json_response(ctx.req, http::status::gone, tomb, protocol::vocab::activity_json);
    }
    const protocol::json::value note = protocol::build_reply_note(a.urls(), to_reply_fields(c));
    co_return negotiated_response(ctx.req, protocol::json::serialize(note),
                                  protocol::vocab::activity_json, cache_seconds);
}

/** GET /posts/{slug}/context: the post and every public comment under it, oldest first
    (FEP-7888's conversation collection; what FEP-f228 readers fetch to fill in a thread).
*/
asio::awaitable<response> conversation(app& a, request_context& ctx)
{
    const std::string slug = ctx.params.at(0);
    if (!protocol::is_valid_slug(slug))
        co_return problem_response(ctx.req, http::status::not_found, "no such post");
    auto post = co_await a.db([&](storage::store& s) { return s.post_state_of(slug); });
    if (!post)
        co_return problem_response(ctx.req, to_http_error(post.error()));
    if (*post != storage::post_state::live)
        co_return problem_response(ctx.req, http::status::not_found, "no such post");
    auto thread = co_await a.db([&](storage::store& s) { return s.list_thread(slug, false); });
    if (!thread)
        co_return problem_response(ctx.req, to_http_error(thread.error()));
    protocol::json::array items{protocol::json::value(a.urls().post(slug))};
    for (const auto& c : *thread)
    {
        if (!c.deleted)
            items.emplace_back(c.object_id);
    }
    const auto total          = static_cast<std::int64_t>(items.size());
    protocol::json::value doc = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"id", a.urls().post_context(slug)},
        {"type", "OrderedCollection"},
        {"attributedTo", a.urls().actor()},
        {"totalItems", total},
        {"orderedItems", std::move(items)},
    });
    co_return negotiated_response(ctx.req, protocol::json::serialize(doc),
                                  protocol::vocab::activity_json, cache_seconds);
}

} // namespace

void register_thread_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/posts/{slug}/comments/{key}", author_reply);
    r.add(http::verb::get, "/posts/{slug}/context", conversation);
}

} // namespace fedblog::node
