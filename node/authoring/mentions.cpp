// SPDX-License-Identifier: AGPL-3.0-or-later
// WebFinger lookups of mentioned addresses, and the inboxes of mentioned actors.
#include "node/authoring/mentions.hpp"

#include "node/app.hpp"
#include "node/inbox/key_resolver.hpp"
#include "node/log.hpp"
#include "protocol/iri.hpp"
#include "protocol/webfinger.hpp"

namespace fedblog::node {

namespace {

/// GETs the JRD of `address` from `scheme`://host. @return the actor id, or "" (logged).
asio::awaitable<std::string> webfinger(app& a, const std::string& scheme,
                                       const protocol::mention_address& address, bool& unreachable)
{
    unreachable = false;
    client_request req;
    req.url = scheme + "://" + address.host + "/.well-known/webfinger?resource=" +
              protocol::url_encode("acct:" + address.address());
    req.headers.emplace_back(http::field::accept, "application/jrd+json, application/json");
    auto res = co_await a.client().send(std::move(req));
    if (!res)
    {
        unreachable = true;
        spdlog::info("mention lookup failed address={} url={} error={}",
                     log_quote(address.address()), log_quote(scheme + "://" + address.host),
                     res.error().message());
        co_return std::string();
    }
    if (res->message.result_int() != 200)
    {
        spdlog::info("mention lookup failed address={} status={}", log_quote(address.address()),
                     res->message.result_int());
        co_return std::string();
    }
    auto jrd = protocol::json::parse_object(res->message.body());
    auto self =
        jrd ? protocol::jrd_self_link(*jrd) : boost::system::result<std::string>(jrd.error());
    if (!self)
    {
        spdlog::info("mention lookup found no actor address={}", log_quote(address.address()));
        co_return std::string();
    }
    co_return std::move(*self);
}

std::string lower(std::string s)
{
    for (char& c : s)
    {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

} // namespace

asio::awaitable<std::vector<mention_target>>
resolve_mentions(app& a, std::vector<protocol::mention_address> addresses)
{
    std::vector<mention_target> out;
    const std::string own = lower(a.urls().handle());
    for (const auto& address : addresses)
    {
        if (lower(address.address()) == own)
            continue;
        // Named first: see the GCC note in net.hpp.
        const std::string https = "https";
        const std::string http  = "http";
        bool unreachable        = false;
        std::string actor_id    = co_await webfinger(a, https, address, unreachable);
        if (actor_id.empty() && unreachable && a.cfg().allow_http_peers)
            actor_id = co_await webfinger(a, http, address, unreachable);
        if (actor_id.empty() || !protocol::is_fetchable_url(actor_id, a.cfg().allow_http_peers))
            continue;
        auto actor = co_await fetch_actor(a, actor_id);
        if (!actor || actor->inbox.empty())
            continue;
        mention_target t;
        t.mention.address     = address.address();
        t.mention.actor_id    = actor->id;
        t.mention.profile_url = actor->url.empty() ? actor->id : actor->url;
        t.inbox               = delivery_inbox(*actor);
        out.push_back(std::move(t));
    }
    co_return out;
}

std::string delivery_inbox(const storage::remote_actor& actor)
{
    return actor.shared_inbox.empty() ? actor.inbox : actor.shared_inbox;
}

std::vector<std::string> mentioned_actor_ids(std::string_view extra_json)
{
    std::vector<std::string> ids;
    auto extra = protocol::json::parse_object(extra_json);
    if (!extra)
        return ids;
    const auto* tags = extra->find("tag");
    if (tags == nullptr || !tags->is_array())
        return ids;
    for (const auto& t : *tags->if_array())
    {
        if (protocol::json::type_of(t) != "Mention")
            continue;
        if (auto href = t.get_string("href"))
            ids.emplace_back(*href);
    }
    return ids;
}

asio::awaitable<std::vector<std::string>> mentioned_inboxes(app& a, std::string extra_json)
{
    const std::vector<std::string> ids = mentioned_actor_ids(extra_json);
    std::vector<std::string> out;
    for (const auto& id : ids)
    {
        auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(id); });
        std::optional<storage::remote_actor> actor;
        if (cached && *cached && !(*cached)->gone)
            actor = std::move(**cached);
        else if (protocol::is_fetchable_url(id, a.cfg().allow_http_peers))
            actor = co_await fetch_actor(a, id);
        if (actor && !actor->inbox.empty())
            out.push_back(delivery_inbox(*actor));
    }
    co_return out;
}

} // namespace fedblog::node
