// SPDX-License-Identifier: AGPL-3.0-or-later
// WebFinger, host-meta and NodeInfo: how other servers find this blog and its author.
#include "node/app.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "protocol/nodeinfo.hpp"
#include "protocol/vocab.hpp"
#include "protocol/webfinger.hpp"

#include <algorithm>
#include <cctype>

namespace fedblog::node {

namespace {

bool iequal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

response with_cors(response res)
{
    // WebFinger is read by browser-based clients too (RFC 7033 section 5).
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

protocol::json::value author_jrd(const protocol::site_urls& urls)
{
    return protocol::build_jrd(
        "acct:" + urls.handle(), {urls.actor(), urls.home()},
        {
            {"self", std::string(protocol::vocab::activity_json), urls.actor(), {}},
            {"http://webfinger.net/rel/profile-page", "text/html", urls.home(), {}},
        });
}

protocol::json::value instance_jrd(const protocol::site_urls& urls)
{
    return protocol::build_jrd(
        "acct:" + urls.instance_username() + "@" + urls.domain(), {urls.instance_actor()},
        {{"self", std::string(protocol::vocab::activity_json), urls.instance_actor(), {}}});
}

asio::awaitable<response> webfinger(app& a, request_context& ctx)
{
    const auto& urls = a.urls();
    auto resource    = ctx.query_param("resource");
    if (!resource || resource->empty())
        co_return with_cors(
            problem_response(ctx.req, http::status::bad_request, "missing resource parameter"));
    auto parsed = protocol::parse_webfinger_resource(*resource);
    if (!parsed)
        co_return with_cors(problem_response(ctx.req, http::status::bad_request,
                                             "resource must be acct:user@host or an http(s) URL"));

    std::optional<protocol::json::value> jrd;
    if (parsed->type == protocol::webfinger_resource::kind::acct)
    {
        // Hosts compare case-insensitively; usernames too, as Mastodon does (C18).
        if (iequal(parsed->host, urls.domain()))
        {
            if (iequal(parsed->user, urls.user()))
                jrd = author_jrd(urls);
            else if (iequal(parsed->user, urls.instance_username()))
                jrd = instance_jrd(urls);
        }
    }
    else
    {
        const std::string& u = parsed->url;
        if (u == urls.actor() || u == urls.home() || u == urls.base())
            jrd = author_jrd(urls);
        else if (u == urls.instance_actor())
            jrd = instance_jrd(urls);
    }
    if (!jrd)
        co_return with_cors(problem_response(ctx.req, http::status::not_found, "no such account"));
    response res = json_response(ctx.req, http::status::ok, *jrd, protocol::vocab::jrd_json);
    res.set(http::field::cache_control, "public, max-age=3600");
    co_return with_cors(std::move(res));
}

asio::awaitable<response> host_meta(app& a, request_context& ctx)
{
    response res =
        make_response(ctx.req, http::status::ok, protocol::build_host_meta_xrd(a.urls().base()),
                      "application/xrd+xml; charset=utf-8");
    res.set(http::field::cache_control, "public, max-age=86400");
    co_return with_cors(std::move(res));
}

asio::awaitable<response> host_meta_json(app& a, request_context& ctx)
{
    response res =
        json_response(ctx.req, http::status::ok, protocol::build_host_meta_json(a.urls().base()),
                      "application/json");
    res.set(http::field::cache_control, "public, max-age=86400");
    co_return with_cors(std::move(res));
}

asio::awaitable<response> nodeinfo_links(app& a, request_context& ctx)
{
    response res =
        json_response(ctx.req, http::status::ok, protocol::build_nodeinfo_links(a.urls().base()),
                      "application/json");
    res.set(http::field::cache_control, "public, max-age=86400");
    co_return with_cors(std::move(res));
}

asio::awaitable<response> nodeinfo(app& a, request_context& ctx)
{
    auto posts = co_await a.db([](storage::store& s) { return s.count_posts(); });
    if (!posts)
        co_return problem_response(ctx.req, to_http_error(posts.error()));
    protocol::nodeinfo_usage usage;
    usage.local_posts = *posts;
    const std::string name =
        a.cfg().display_name.empty() ? a.urls().domain() : a.cfg().display_name;
    response res = json_response(ctx.req, http::status::ok,
                                 protocol::build_nodeinfo(FEDBLOG_VERSION, usage, name),
                                 std::string("application/json; profile=\"") +
                                     std::string(protocol::vocab::nodeinfo_21_profile) + "#\"");
    res.set(http::field::cache_control, "public, max-age=1800");
    co_return with_cors(std::move(res));
}

} // namespace

void register_discovery_routes(app& a)
{
    auto& r = a.routes();
    r.add(http::verb::get, "/.well-known/webfinger", webfinger);
    r.add(http::verb::get, "/.well-known/host-meta", host_meta);
    r.add(http::verb::get, "/.well-known/host-meta.json", host_meta_json);
    r.add(http::verb::get, "/.well-known/nodeinfo", nodeinfo_links);
    r.add(http::verb::get, "/nodeinfo/2.1", nodeinfo);
}

} // namespace fedblog::node
