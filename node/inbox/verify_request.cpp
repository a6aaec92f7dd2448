// SPDX-License-Identifier: AGPL-3.0-or-later
// Signature verification pipeline: policy checks, key lookup, verify, refetch once.
#include "node/inbox/verify_request.hpp"

#include "node/app.hpp"
#include "node/cache/caches.hpp"
#include "node/inbox/key_resolver.hpp"
#include "protocol/error.hpp"
#include "protocol/http_signature.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

namespace {

verified_request reject(http::status status, std::string text, std::string detail = {})
{
    verified_request r;
    r.result = verified_request::outcome::rejected;
    r.error  = http_error{status, std::move(text), std::move(detail)};
    return r;
}

verified_request from_lookup(const key_lookup& k)
{
    switch (k.status)
    {
    case key_status::gone:
    {
        verified_request r;
        r.result = verified_request::outcome::key_gone;
        r.error  = http_error{http::status::unauthorized, "signing key is gone", k.detail};
        return r;
    }
    case key_status::unavailable:
        return reject(http::status::service_unavailable, "signing key temporarily unavailable",
                      k.detail);
    default:
        return reject(http::status::unauthorized, "signing key could not be verified", k.detail);
    }
}

verified_request verified(std::string signer, std::string key_id)
{
    verified_request r;
    r.result = verified_request::outcome::verified;
    r.signer = std::move(signer);
    r.key_id = std::move(key_id);
    return r;
}

} // namespace

request_verification::request_verification(app& a, const request& req) : app_(a)
{
    protocol::header_list headers;
    for (const auto& field : req)
        headers.add(std::string(field.name_string()), std::string(field.value()));

    protocol::request_view view;
    view.method    = req.method_string();
    view.target    = req.target();
    view.scheme    = a.urls().scheme();
    view.authority = a.urls().domain();
    view.headers   = &headers;

    protocol::verify_options options;
    options.now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    options.body = req.body();

    auto pending = protocol::prepare_verification(view, options);
    if (pending)
        pending_.emplace(std::move(*pending));
    else if (pending.error() == protocol::error::signature_missing)
        refused_ = reject(http::status::unauthorized, "request not signed");
    else
        refused_ = reject(http::status::unauthorized, pending.error().message());
}

std::optional<verified_request> request_verification::try_cached()
{
    if (refused_)
        return refused_;
    const std::string& key_id = pending_->key_id;
    if (!protocol::is_fetchable_url(key_id, app_.cfg().allow_http_peers))
        return std::nullopt; // finish() says why
    auto hit = app_.caches().keys.find(key_id);
    if (!hit)
        return std::nullopt;
    if (protocol::finish_verification(*pending_, hit->key))
        return verified(std::move(hit->owner), key_id);
    if (may_refetch(key_id, app_.now()))
    {
        refetch_ = true;
        return std::nullopt;
    }
    return reject(http::status::unauthorized, "signature does not verify");
}

asio::awaitable<verified_request> request_verification::finish()
{
    if (refused_)
        co_return *refused_;
    const std::string& key_id = pending_->key_id;
    auto key                  = co_await lookup_key(app_, key_id, refetch_);
    if (key.status != key_status::ok)
        co_return from_lookup(key);
    bool ok = protocol::finish_verification(*pending_, key.key);
    if (!ok && key.from_cache && !refetch_ && may_refetch(key_id, app_.now()))
    {
        key = co_await lookup_key(app_, key_id, true);
        if (key.status != key_status::ok)
            co_return from_lookup(key);
        ok = protocol::finish_verification(*pending_, key.key);
    }
    if (!ok)
        co_return reject(http::status::unauthorized, "signature does not verify");
    co_return verified(key.owner, key_id);
}

} // namespace fedblog::node
