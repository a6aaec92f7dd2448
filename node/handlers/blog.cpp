// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog's reading pages beyond the front page: /tags/{tag} and the Atom feed.
#include "node/app.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/web/feed.hpp"
#include "node/web/pages.hpp"
#include "node/web/site.hpp"
#include "protocol/post_content.hpp"

namespace fedblog::node {

namespace {

constexpr std::size_t per_page = 10;

/// The ?page= number (1 when absent); 0 when it is not a number in range.
int page_number(const request_context& ctx)
{
    auto p = ctx.query_param("page");
    if (!p)
        return 1;
    try
    {
        const int n = std::stoi(*p);
        return n >= 1 && n <= 100000 ? n : 0;
    }
    catch (const std::exception&)
    {
        return 0;
    }
}

asio::awaitable<response> tag_page(app& a, request_context& ctx)
{
    const std::string tag = ctx.params.at(0);
    // Only a valid hashtag key has a page: letters lowercased, as the links we make.
    if (protocol::hashtag_key(tag) != tag)
        co_return make_response(ctx.req, http::status::not_found,
                                render_message(site_for(a), "Not found", "There is no such tag."),
                                "text/html; charset=utf-8");
    const int page = page_number(ctx);
    if (page == 0)
        co_return problem_response(ctx.req, http::status::bad_request, "invalid page");
    const std::size_t offset = static_cast<std::size_t>(page - 1) * per_page;
    auto posts               = co_await a.db(
        [&](storage::store& s) { return s.list_posts_tagged(tag, offset, per_page + 1); });
    if (!posts)
        co_return problem_response(ctx.req, to_http_error(posts.error()));
    const bool has_more = posts->size() > per_page;
    if (has_more)
        posts->pop_back();
    std::string html = render_tag_page(site_for(a), tag, *posts, page, has_more);
    co_return negotiated_response(ctx.req, std::move(html), "text/html; charset=utf-8", 60);
}

asio::awaitable<response> atom_feed(app& a, request_context& ctx)
{
    constexpr std::size_t entries = 20;
    auto posts = co_await a.db([&](storage::store& s) { return s.list_posts(0, entries); });
    if (!posts)
        co_return problem_response(ctx.req, to_http_error(posts.error()));
    co_return negotiated_response(ctx.req, render_atom(site_for(a), *posts),
                                  "application/atom+xml; charset=utf-8", 300);
}

} // namespace

void register_blog_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/tags/{tag}", tag_page);
    r.add(http::verb::get, "/feed.atom", atom_feed);
}

} // namespace fedblog::node
