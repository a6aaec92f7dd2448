// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's collections: outbox (paged Create activities), followers, following, featured.
#include "node/app.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/post_view.hpp"
#include "protocol/collection.hpp"
#include "protocol/vocab.hpp"

#include <charconv>

namespace fedblog::node {

namespace {

constexpr std::size_t outbox_page_size = 20;

bool is_author(const app& a, const request_context& ctx)
{
    return ctx.params.at(0) == a.urls().user();
}

response as_doc(const request_context& ctx, const protocol::json::value& doc)
{
    return negotiated_response(ctx.req, protocol::json::serialize(doc),
                               protocol::vocab::activity_json, cache_post_seconds);
}

/// The `page` query parameter: 0 when absent, -1 when invalid.
long page_param(const request_context& ctx)
{
    auto p = ctx.query_param("page");
    if (!p)
        return 0;
    if (*p == "true")
        return 1;
    long n          = 0;
    auto [end, err] = std::from_chars(p->data(), p->data() + p->size(), n);
    if (err != std::errc() || end != p->data() + p->size() || n < 1 || n > 1000000)
        return -1;
    return n;
}

asio::awaitable<response> outbox(app& a, request_context& ctx)
{
    if (!is_author(a, ctx))
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    const long page = page_param(ctx);
    if (page < 0)
        co_return problem_response(ctx.req, http::status::bad_request, "invalid page");
    auto total = co_await a.db([](storage::store& s) { return s.count_posts(); });
    if (!total)
        co_return problem_response(ctx.req, to_http_error(total.error()));
    const std::string id = a.urls().outbox();
    const long pages =
        std::max<long>(1, static_cast<long>((*total + outbox_page_size - 1) / outbox_page_size));
    if (page == 0)
    {
        co_return as_doc(ctx,
                         protocol::build_ordered_collection(id, *total, id + "?page=1",
                                                            id + "?page=" + std::to_string(pages)));
    }
    const std::size_t offset = static_cast<std::size_t>(page - 1) * outbox_page_size;
    auto posts =
        co_await a.db([&](storage::store& s) { return s.list_posts(offset, outbox_page_size); });
    if (!posts)
        co_return problem_response(ctx.req, to_http_error(posts.error()));
    protocol::json::array items;
    for (const auto& p : *posts)
    {
        auto create = protocol::build_create(a.urls(), post_fields_for(a, p));
        create.erase("@context");
        items.push_back(std::move(create));
    }
    std::optional<std::string> next;
    std::optional<std::string> prev;
    if (page < pages)
        next = id + "?page=" + std::to_string(page + 1);
    if (page > 1)
        prev = id + "?page=" + std::to_string(page - 1);
    auto doc = protocol::build_collection_page(id + "?page=" + std::to_string(page), id,
                                               std::move(items), next, prev, *total);
    // Notes reference Hashtag and sensitive terms; give pages the same context as posts.
    doc.set("@context", protocol::object_context());
    co_return as_doc(ctx, doc);
}

asio::awaitable<response> followers(app& a, request_context& ctx)
{
    if (!is_author(a, ctx))
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    auto total = co_await a.db([](storage::store& s) { return s.count_followers(); });
    if (!total)
        co_return problem_response(ctx.req, to_http_error(total.error()));
    // Who follows a blog is the readers' business: publish the count, not the list.
    co_return as_doc(ctx, protocol::build_ordered_collection(a.urls().followers(), *total, {}, {}));
}

asio::awaitable<response> following(app& a, request_context& ctx)
{
    if (!is_author(a, ctx))
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    co_return as_doc(ctx, protocol::build_ordered_collection(a.urls().following(), 0, {}, {},
                                                             protocol::json::array{}));
}

asio::awaitable<response> featured(app& a, request_context& ctx)
{
    if (!is_author(a, ctx))
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    auto pinned = co_await a.db([](storage::store& s) { return s.list_pinned(); });
    if (!pinned)
        co_return problem_response(ctx.req, to_http_error(pinned.error()));
    // Mastodon shows the embedded Notes of the featured collection as pinned posts.
    protocol::json::array items;
    for (const auto& p : *pinned)
        items.push_back(protocol::build_note(a.urls(), post_fields_for(a, p), false));
    const auto total = static_cast<std::int64_t>(items.size());
    auto doc =
        protocol::build_ordered_collection(a.urls().featured(), total, {}, {}, std::move(items));
    doc.set("@context", protocol::object_context());
    co_return as_doc(ctx, doc);
}

} // namespace

void register_collection_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/users/{name}/outbox", outbox);
    r.add(http::verb::get, "/users/{name}/followers", followers);
    r.add(http::verb::get, "/users/{name}/following", following);
    r.add(http::verb::get, "/users/{name}/featured", featured);
}

} // namespace fedblog::node
