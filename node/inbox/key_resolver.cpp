// SPDX-License-Identifier: AGPL-3.0-or-later
// keyId → public key, with the store as cache and signed fetches on a miss.
#include "node/inbox/key_resolver.hpp"

#include "keys/key_pair.hpp"
#include "node/app.hpp"
#include "node/cache/caches.hpp"
#include "node/log.hpp"
#include "node/outbound/client_error.hpp"
#include "protocol/actor.hpp"
#include "protocol/iri.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <unordered_map>

namespace fedblog::node {

namespace {

/// Network trouble may pass; a URL or address we refuse to fetch (SSRF guard), a redirect
/// loop or an oversized document will not.
bool is_transient(const boost::system::error_code& ec)
{
    return ec.category() == client_error_category() && ec != client_error::bad_url &&
           ec != client_error::blocked_address && ec != client_error::bad_redirect &&
           ec != client_error::too_large;
}

key_status status_for_http(unsigned status)
{
    if (status == 410)
        return key_status::gone;
    if (status == 404)
        return key_status::not_found;
    if (status >= 500 || status == 429 || status == 408)
        return key_status::unavailable;
    return key_status::invalid;
}

/// Fetches and reads an actor document; stores it. Errors are mapped to key_status.
asio::awaitable<std::variant<protocol::remote_actor_info, key_lookup>>
fetch_actor_info(app& a, const std::string& actor_id)
{
    key_lookup fail;
    auto fetched = co_await a.fetch().fetch(actor_id);
    if (!fetched)
    {
        fail.status = is_transient(fetched.error()) ? key_status::unavailable : key_status::invalid;
        fail.detail = "fetch " + actor_id + ": " + fetched.error().message();
        co_return fail;
    }
    if (fetched->status != 200)
    {
        fail.status = status_for_http(fetched->status);
        fail.detail = "fetch " + actor_id + ": status " + std::to_string(fetched->status);
        co_return fail;
    }
    auto info = protocol::read_remote_actor(fetched->doc, a.cfg().allow_http_peers);
    if (!info || info->id != actor_id)
    {
        fail.status = key_status::invalid;
        fail.detail = "not a usable actor: " + actor_id;
        co_return fail;
    }
    auto record = actor_record(*info, fetched->doc, a.now());
    auto stored = co_await a.db([&](storage::store& s) { return s.put_remote_actor(record); });
    if (!stored)
        spdlog::warn("caching actor failed actor={} error={}", log_quote(actor_id),
                     stored.error().message());
    co_return std::move(*info);
}

} // namespace

asio::awaitable<key_lookup> lookup_key(app& a, std::string key_id, bool refresh)
{
    key_lookup out;
    if (!protocol::is_fetchable_url(key_id, a.cfg().allow_http_peers))
    {
        out.detail = "keyId is not a usable URL";
        co_return out;
    }
    if (!refresh)
    {
        if (auto hit = a.caches().keys.find(key_id))
        {
            out.status     = key_status::ok;
            out.key        = std::move(hit->key);
            out.owner      = std::move(hit->owner);
            out.fetched    = hit->fetched;
            out.from_cache = true;
            co_return out;
        }
        auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_key(key_id); });
        if (cached && *cached)
        {
            auto key = keys::public_key_from_pem((*cached)->public_key_pem);
            if (key)
            {
                out.status     = key_status::ok;
                out.key        = std::move(*key);
                out.owner      = (*cached)->owner;
                out.fetched    = (*cached)->fetched;
                out.from_cache = true;
                a.caches().keys.put(key_id, key_cache::entry{out.key, out.owner, out.fetched});
                co_return out;
            }
        }
    }

    const std::string doc_url(protocol::strip_fragment(key_id));
    auto fetched = co_await a.fetch().fetch(doc_url);
    if (!fetched)
    {
        out.status = is_transient(fetched.error()) ? key_status::unavailable : key_status::invalid;
        out.detail = "fetch key: " + fetched.error().message();
        co_return out;
    }
    if (fetched->status != 200)
    {
        out.status = status_for_http(fetched->status);
        out.detail = "fetch key: status " + std::to_string(fetched->status);
        co_return out;
    }

    protocol::actor_key found;
    const auto& doc = fetched->doc;
    if (auto info = protocol::read_remote_actor(doc, a.cfg().allow_http_peers))
    {
        auto it = std::find_if(info->keys.begin(), info->keys.end(),
                               [&](const auto& k) { return k.id == key_id; });
        if (it == info->keys.end())
        {
            out.status = key_status::not_found;
            out.detail = "actor does not publish this key";
            co_return out;
        }
        found       = *it;
        auto record = actor_record(*info, doc, a.now());
        auto stored = co_await a.db([&](storage::store& s) { return s.put_remote_actor(record); });
        if (!stored)
            spdlog::warn("caching actor failed error={}", stored.error().message());
    }
    else if (auto standalone = protocol::read_key_document(doc))
    {
        // A key document says who owns it; believe it only if the owner agrees.
        if (standalone->id != key_id ||
            !protocol::is_fetchable_url(standalone->owner, a.cfg().allow_http_peers))
        {
            out.detail = "key document id or owner unusable";
            co_return out;
        }
        auto owner = co_await fetch_actor_info(a, standalone->owner);
        if (auto* fail = std::get_if<key_lookup>(&owner))
            co_return std::move(*fail);
        const auto& info2 = std::get<protocol::remote_actor_info>(owner);
        const bool listed = std::any_of(info2.keys.begin(), info2.keys.end(),
                                        [&](const auto& k) { return k.id == key_id; });
        if (!listed)
        {
            out.detail = "owner does not list the key";
            co_return out;
        }
        found = *standalone;
    }
    else
    {
        out.detail = "document is neither an actor nor a key";
        co_return out;
    }

    auto key = keys::public_key_from_pem(found.pem);
    if (!key)
    {
        out.detail = "unusable public key: " + key.error().message();
        co_return out;
    }
    storage::remote_key record{key_id, found.owner, found.pem, a.now()};
    auto stored = co_await a.db([&](storage::store& s) { return s.put_remote_key(record); });
    if (!stored)
        spdlog::warn("caching key failed error={}", stored.error().message());
    a.caches().keys.put(key_id, key_cache::entry{*key, found.owner, record.fetched});
    out.status  = key_status::ok;
    out.key     = std::move(*key);
    out.owner   = found.owner;
    out.fetched = record.fetched;
    co_return out;
}

storage::remote_actor actor_record(const protocol::remote_actor_info& info,
                                   const protocol::json::value& doc, storage::time_point now)
{
    storage::remote_actor r;
    r.id                 = info.id;
    r.type               = info.type;
    r.preferred_username = info.preferred_username;
    r.name               = info.name;
    r.inbox              = info.inbox;
    r.shared_inbox       = info.shared_inbox;
    r.url                = info.url;
    r.icon_url           = info.icon_url;
    r.document           = protocol::json::serialize(doc);
    r.fetched            = now;
    return r;
}

bool may_refetch(const std::string& key_id, storage::time_point now)
{
    constexpr std::chrono::minutes interval{1};
    constexpr std::size_t max_entries = 10000;
    static std::mutex mutex;
    static std::unordered_map<std::string, storage::time_point> last;
    std::lock_guard lock(mutex);
    if (last.size() >= max_entries)
        std::erase_if(last, [&](const auto& e) { return now - e.second >= interval; });
    auto [it, inserted] = last.try_emplace(key_id, now);
    if (inserted)
        return true;
    if (now - it->second < interval)
        return false;
    it->second = now;
    return true;
}

asio::awaitable<std::optional<storage::remote_actor>> fetch_actor(app& a, std::string actor_id)
{
    auto info = co_await fetch_actor_info(a, actor_id);
    if (auto* fail = std::get_if<key_lookup>(&info))
    {
        spdlog::info("actor fetch failed actor={} detail={}", log_quote(actor_id),
                     log_quote(fail->detail));
        co_return std::nullopt;
    }
    auto found = co_await a.db([&](storage::store& s) { return s.find_remote_actor(actor_id); });
    if (!found || !*found)
        co_return std::nullopt;
    co_return std::move(**found);
}

} // namespace fedblog::node
