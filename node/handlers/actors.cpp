// SPDX-License-Identifier: AGPL-3.0-or-later
// The author (Person), the instance actor (Application) and the front page, each under
// content negotiation: AS2 for servers, HTML for browsers.
#include "node/app.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/web/pages.hpp"
#include "node/web/site.hpp"
#include "protocol/media_types.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

bool wants_activity_json(const request_context& ctx)
{
    return protocol::negotiate(ctx.header(http::field::accept)) ==
           protocol::representation::activity_json;
}

asio::awaitable<response> author(app& a, request_context& ctx)
{
    if (ctx.params.at(0) != a.urls().user())
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    if (!wants_activity_json(ctx))
        co_return redirect_response(ctx.req, http::status::found, a.urls().home(), true);
    co_return negotiated_response(ctx.req, a.documents()->actor);
}

/// The author's AS2 document, for the server to send as it is (the handler answers the rest).
std::shared_ptr<const prebuilt_response> prebuilt_author(app& a, const request_context& ctx)
{
    if (ctx.params.at(0) != a.urls().user() || !wants_activity_json(ctx))
        return nullptr;
    auto docs = a.documents();
    return {docs, &docs->actor};
}

asio::awaitable<response> instance_actor(app& a, request_context& ctx)
{
    if (!wants_activity_json(ctx))
        co_return redirect_response(ctx.req, http::status::found, a.urls().home(), true);
    co_return negotiated_response(ctx.req, a.documents()->instance_actor);
}

asio::awaitable<response> front_page(app& a, request_context& ctx)
{
    // A single-author blog's front page stands for its author: AS2 clients (and our CLI)
    // are sent to the actor document.
    if (wants_activity_json(ctx))
        co_return redirect_response(ctx.req, http::status::found, a.urls().actor(), true);

    constexpr std::size_t per_page = 10;
    int page                       = 1;
    if (auto p = ctx.query_param("page"))
    {
        try
        {
            page = std::stoi(*p);
        }
        catch (const std::exception&)
        {
            page = 0;
        }
        if (page < 1 || page > 100000)
            co_return problem_response(ctx.req, http::status::bad_request, "invalid page");
    }
    const std::size_t offset = static_cast<std::size_t>(page - 1) * per_page;
    auto posts =
        co_await a.db([&](storage::store& s) { return s.list_posts(offset, per_page + 1); });
    if (!posts)
        co_return problem_response(ctx.req, to_http_error(posts.error()));
    const bool has_more = posts->size() > per_page;
    if (has_more)
        posts->pop_back();
    std::vector<std::string> slugs;
    for (const auto& p : *posts)
        slugs.push_back(p.slug);
    std::map<std::string, std::int64_t> counts;
    if (auto c = co_await a.db([&](storage::store& s) { return s.count_comments(slugs); }))
        counts.insert(c->begin(), c->end());
    std::string html = render_index(site_for(a), *posts, page, has_more, counts);
    co_return negotiated_response(ctx.req, std::move(html), "text/html; charset=utf-8", 60);
}

} // namespace

void register_actor_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/", front_page);
    route_options author_options;
    author_options.prebuilt = prebuilt_author;
    r.add(http::verb::get, "/users/{name}", author, author_options);
    r.add(http::verb::get, "/actor", instance_actor);
}

} // namespace fedblog::node
