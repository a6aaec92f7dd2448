// SPDX-License-Identifier: AGPL-3.0-or-later
// A post's permalink (Note or HTML page), its Create activity and its interaction collections.
#include "node/app.hpp"
#include "node/cache/caches.hpp"
#include "node/comments/counts.hpp"
#include "node/comments/section.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/post_view.hpp"
#include "node/web/pages.hpp"
#include "node/web/site.hpp"
#include "protocol/collection.hpp"
#include "protocol/media_types.hpp"
#include "protocol/post_activities.hpp"
#include "protocol/slug.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

/// Loads the post named by the route, or produces the 404/410 answer.
asio::awaitable<std::variant<storage::post, response>> load(app& a, request_context& ctx, bool as)
{
    const std::string slug = ctx.params.at(0);
    if (!protocol::is_valid_slug(slug))
        co_return problem_response(ctx.req, http::status::not_found, "no such post");
    auto found = co_await a.db([&](storage::store& s) { return s.find_post(slug); });
    if (!found)
        co_return problem_response(ctx.req, to_http_error(found.error()));
    if (!*found)
    {
        if (as)
            co_return problem_response(ctx.req, http::status::not_found, "no such post");
        co_return make_response(ctx.req, http::status::not_found,
                                render_message(site_for(a), "Not found", "There is no such post."),
                                "text/html; charset=utf-8");
    }
    if ((*found)->deleted)
    {
        if (!as)
            co_return make_response(ctx.req, http::status::gone,
                                    render_message(site_for(a), "Gone", "This post was deleted."),
                                    "text/html; charset=utf-8");
        const protocol::json::value tomb = protocol::build_tombstone(
            a.urls(), slug, (*found)->object_type, to_seconds(*(*found)->deleted));
        co_return json_response(ctx.req, http::status::gone, tomb, protocol::vocab::activity_json);
    }
    co_return std::move(**found);
}

bool wants_as(const request_context& ctx)
{
    return protocol::negotiate(ctx.header(http::field::accept)) ==
           protocol::representation::activity_json;
}

asio::awaitable<response> permalink(app& a, request_context& ctx)
{
    const bool as = wants_as(ctx);
    // Read before loading: a write committed meanwhile makes the stored copy stale at once.
    auto& notes             = a.caches().notes;
    const bool cacheable    = as && a.caches().wal != nullptr;
    const auto version      = cacheable ? current_store_version(*a.caches().wal) : store_version{};
    const std::string& slug = ctx.params.at(0);
    if (cacheable)
        if (auto hit = notes.find(slug, version))
            co_return negotiated_response(ctx.req, *hit);
    auto loaded = co_await load(a, ctx, as);
    if (auto* r = std::get_if<response>(&loaded))
        co_return std::move(*r);
    const auto& post = std::get<storage::post>(loaded);
    if (as)
    {
        auto fields = post_fields_for(a, post);
        co_await fill_counts(a, fields);
        auto doc = std::make_shared<const document_cache::document>(make_prebuilt_response(
            protocol::json::serialize(protocol::build_note(a.urls(), fields)),
            protocol::vocab::activity_json, cache_post_seconds));
        if (cacheable)
            notes.put(slug, version, doc);
        co_return negotiated_response(ctx.req, *doc);
    }
    std::vector<storage::post_revision> revisions;
    if (post.updated)
    {
        auto listed = co_await a.db([&](storage::store& s) { return s.list_revisions(post.slug); });
        if (!listed)
            co_return problem_response(ctx.req, to_http_error(listed.error()));
        revisions = std::move(*listed);
    }
    const std::string comments = co_await comment_section_html(a, post);
    co_return negotiated_response(ctx.req, render_post(site_for(a), post, comments, revisions),
                                  "text/html; charset=utf-8", cache_post_seconds);
}

/// A Note already in the cache and still current, for the server to send as it is.
std::shared_ptr<const prebuilt_response> cached_note(app& a, const request_context& ctx)
{
    if (a.caches().wal == nullptr || !wants_as(ctx))
        return nullptr;
    return a.caches().notes.find(ctx.params.at(0), current_store_version(*a.caches().wal));
}

asio::awaitable<response> create_activity(app& a, request_context& ctx)
{
    if (!wants_as(ctx))
        co_return redirect_response(ctx.req, http::status::found, a.urls().post(ctx.params.at(0)),
                                    true);
    auto loaded = co_await load(a, ctx, true);
    if (auto* r = std::get_if<response>(&loaded))
        co_return std::move(*r);
    auto create =
        protocol::build_create(a.urls(), post_fields_for(a, std::get<storage::post>(loaded)));
    co_return negotiated_response(ctx.req, protocol::json::serialize(create),
                                  protocol::vocab::activity_json, cache_post_seconds);
}

} // namespace

void register_post_routes(app& a)
{
    auto& r = a.routes();
    route_options permalink_options;
    permalink_options.prebuilt = cached_note;
    r.add(http::verb::get, "/posts/{slug}", permalink, permalink_options);
    r.add(http::verb::get, "/posts/{slug}/activity", create_activity);
}

} // namespace fedblog::node
