// SPDX-License-Identifier: AGPL-3.0-or-later
// A post's replies, likes and shares collections, and the approvals we publish for replies
// and quotes (dereferenceable, as GoToSocial and FEP-044f peers check them).
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/config.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "protocol/interaction.hpp"
#include "protocol/iri.hpp"
#include "protocol/slug.hpp"
#include "protocol/vocab.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <variant>

namespace fedblog::node {

namespace {

constexpr std::size_t replies_per_page = 20;

response as_doc(const request_context& ctx, const protocol::json::value& doc, int max_age)
{
    return negotiated_response(ctx.req, protocol::json::serialize(doc),
                               protocol::vocab::activity_json, max_age);
}

/// The 404 (or storage error) to answer unless the route names a live post. Only whether
/// it is live is read: remote servers fetch these collections of every post they are sent.
asio::awaitable<std::optional<response>> unless_live(app& a, request_context& ctx)
{
    const std::string& slug = ctx.params.at(0);
    if (!protocol::is_valid_slug(slug))
        co_return problem_response(ctx.req, http::status::not_found, "no such post");
    auto state = co_await a.db([&](storage::store& s) { return s.post_state_of(slug); });
    if (!state)
        co_return problem_response(ctx.req, to_http_error(state.error()));
    if (*state != storage::post_state::live)
        co_return problem_response(ctx.req, http::status::not_found, "no such post");
    co_return std::nullopt;
}

/// Page number from `?page=N` (`true` means 1): 0 when absent, -1 when invalid.
long page_of(const request_context& ctx)
{
    auto p = ctx.query_param("page");
    if (!p)
        return 0;
    if (*p == "true")
        return 1;
    long n          = 0;
    auto [end, err] = std::from_chars(p->data(), p->data() + p->size(), n);
    if (err != std::errc() || end != p->data() + p->size() || n < 1 || n > 100000)
        return -1;
    return n;
}

/// One page of the replies collection: the ids of public direct replies, oldest first.
asio::awaitable<std::variant<protocol::json::value, response>>
replies_page(app& a, request_context& ctx, const std::string& post_id, long page,
             std::int64_t total)
{
    const std::string id     = post_id + "/replies";
    const std::size_t offset = static_cast<std::size_t>(page - 1) * replies_per_page;
    auto list                = co_await a.db(
        [&](storage::store& s) { return s.list_replies(post_id, offset, replies_per_page); });
    if (!list)
        co_return problem_response(ctx.req, to_http_error(list.error()));
    protocol::json::array items;
    for (const auto& c : *list)
        items.emplace_back(c.object_id);
    protocol::json::value doc = protocol::json::make_object({
        {"id", id + "?page=" + std::to_string(page)},
        {"type", "CollectionPage"},
        {"partOf", id},
        {"items", std::move(items)},
    });
    if (static_cast<std::int64_t>(offset + replies_per_page) < total)
        doc.set("next", id + "?page=" + std::to_string(page + 1));
    co_return doc;
}

asio::awaitable<response> replies(app& a, request_context& ctx)
{
    if (auto refused = co_await unless_live(a, ctx))
        co_return std::move(*refused);
    const long page = page_of(ctx);
    if (page < 0)
        co_return problem_response(ctx.req, http::status::bad_request, "invalid page");
    const std::string post_id = a.urls().post(ctx.params.at(0));
    auto total = co_await a.db([&](storage::store& s) { return s.count_replies(post_id); });
    if (!total)
        co_return problem_response(ctx.req, to_http_error(total.error()));
    auto first = co_await replies_page(a, ctx, post_id, page == 0 ? 1 : page, *total);
    if (auto* r = std::get_if<response>(&first))
        co_return std::move(*r);
    auto& page_doc = std::get<protocol::json::value>(first);
    if (page > 0)
    {
        page_doc.set("@context", protocol::vocab::as_context);
        co_return as_doc(ctx, page_doc, 60);
    }
    // The first page is embedded, as Mastodon does, so one fetch shows the first replies.
    protocol::json::value doc = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"id", post_id + "/replies"},
        {"type", "Collection"},
        {"totalItems", *total},
        {"first", std::move(page_doc)},
    });
    co_return as_doc(ctx, doc, 60);
}

asio::awaitable<response> counted(app& a, request_context& ctx, std::string kind)
{
    if (auto refused = co_await unless_live(a, ctx))
        co_return std::move(*refused);
    const std::string& slug = ctx.params.at(0);
    auto counts = co_await a.db([&](storage::store& s) { return s.count_reactions(slug); });
    if (!counts)
        co_return problem_response(ctx.req, to_http_error(counts.error()));
    const std::int64_t total = kind == "likes" ? counts->likes : counts->announces;
    // Who liked or boosted is theirs to tell: the collection carries the count only.
    co_return as_doc(ctx,
                     protocol::json::make_object({
                         {"@context", protocol::vocab::as_context},
                         {"id", a.urls().post(slug) + "/" + kind},
                         {"type", "Collection"},
                         {"totalItems", total},
                     }),
                     60);
}

/// /users/{name}/accepts/{id} and /users/{name}/authorizations/{id}: the approval of a
/// published reply (GoToSocial peers dereference one or the other through approvedBy).
asio::awaitable<response> reply_approval(app& a, request_context& ctx, bool authorization)
{
    if (ctx.params.at(0) != a.urls().user())
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    const std::string& id = ctx.params.at(1);
    auto found = co_await a.db([&](storage::store& s) { return s.find_comment_by_approval(id); });
    if (!found)
        co_return problem_response(ctx.req, to_http_error(found.error()));
    if (!*found || (*found)->status != "published" || (*found)->deleted)
        co_return problem_response(ctx.req, http::status::not_found, "no such approval");
    const storage::comment& c = **found;
    const std::string post_id = a.urls().post(c.post_slug);
    auto doc = authorization ? protocol::build_reply_authorization(a.urls(), c.object_id, post_id)
                             : protocol::build_reply_accept(a.urls(), c.object_id, c.actor_id,
                                                            post_id, c.reply_request);
    co_return as_doc(ctx, doc, 300);
}

/// /users/{name}/quote_authorizations/{id}: the stamp of an accepted quote (FEP-044f); 404
/// once the quote is gone, which is how a peer learns it was revoked.
asio::awaitable<response> quote_authorization(app& a, request_context& ctx)
{
    if (ctx.params.at(0) != a.urls().user())
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    const std::string& id = ctx.params.at(1);
    auto found            = co_await a.db([&](storage::store& s) { return s.find_quote(id); });
    if (!found)
        co_return problem_response(ctx.req, to_http_error(found.error()));
    if (!*found)
        co_return problem_response(ctx.req, http::status::not_found, "no such authorization");
    co_return as_doc(ctx,
                     protocol::build_quote_authorization(a.urls(), (*found)->object_id,
                                                         a.urls().post((*found)->post_slug)),
                     300);
}

/// The host a reader typed as "their server": "mastodon.social", "https://mastodon.social/",
/// or their handle "@me@mastodon.social". "" when it is not a plausible host.
std::string reader_instance(std::string text)
{
    while (!text.empty() && (text.back() == '/' || text.back() == ' '))
        text.pop_back();
    while (!text.empty() && text.front() == ' ')
        text.erase(0, 1);
    for (const char* scheme : {"https://", "http://"})
    {
        if (text.starts_with(scheme))
            text.erase(0, std::string_view(scheme).size());
    }
    if (auto at = text.rfind('@'); at != std::string::npos)
        text.erase(0, at + 1);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return is_valid_domain(text) ? text : std::string();
}

/// GET /interact?instance=...&uri=...: sends the reader to their own server's
/// authorize_interaction page for one of our posts (the "reply from your account" box).
asio::awaitable<response> interact(app& a, request_context& ctx)
{
    const std::string instance = reader_instance(ctx.query_param("instance").value_or(""));
    const std::string uri      = ctx.query_param("uri").value_or("");
    // Only our own posts: this must not become an open redirect carrying arbitrary links.
    if (instance.empty() || !own_post_slug(a.urls(), uri))
        co_return problem_response(
            ctx.req, http::status::bad_request,
            "give your server's name (like mastodon.social) and one of this blog's posts");
    response res = redirect_response(
        ctx.req, http::status::see_other,
        "https://" + instance + "/authorize_interaction?uri=" + protocol::url_encode(uri), false);
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

} // namespace

void register_interaction_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/posts/{slug}/replies", replies);
    r.add(http::verb::get, "/posts/{slug}/likes",
          [](app& ap, request_context& ctx) { return counted(ap, ctx, "likes"); });
    r.add(http::verb::get, "/posts/{slug}/shares",
          [](app& ap, request_context& ctx) { return counted(ap, ctx, "shares"); });
    r.add(http::verb::get, "/users/{name}/accepts/{id}",
          [](app& ap, request_context& ctx) { return reply_approval(ap, ctx, false); });
    r.add(http::verb::get, "/users/{name}/authorizations/{id}",
          [](app& ap, request_context& ctx) { return reply_approval(ap, ctx, true); });
    r.add(http::verb::get, "/users/{name}/quote_authorizations/{id}", quote_authorization);
    r.add(http::verb::get, "/interact", interact);
}

} // namespace fedblog::node
