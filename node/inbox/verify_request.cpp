// SPDX-License-Identifier: AGPL-3.0-or-later
// Signature verification pipeline: policy checks, key lookup, verify, refetch once.
#include "node/inbox/verify_request.hpp"

#include "node/app.hpp"
#include "node/inbox/key_resolver.hpp"
#include "protocol/error.hpp"
#include "protocol/http_signature.hpp"

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

} // namespace

asio::awaitable<verified_request> verify_request(app& a, const request& req)
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
    if (!pending)
    {
        const auto& ec = pending.error();
        if (ec == protocol::error::signature_missing)
            co_return reject(http::status::unauthorized, "request not signed");
        co_return reject(http::status::unauthorized, ec.message());
    }

    auto key = co_await lookup_key(a, pending->key_id, false);
    if (key.status != key_status::ok)
        co_return from_lookup(key);
    bool ok = protocol::finish_verification(*pending, key.key);
    if (!ok && key.from_cache && may_refetch(pending->key_id, a.now()))
    {
        key = co_await lookup_key(a, pending->key_id, true);
        if (key.status != key_status::ok)
            co_return from_lookup(key);
        ok = protocol::finish_verification(*pending, key.key);
    }
    if (!ok)
        co_return reject(http::status::unauthorized, "signature does not verify");

    verified_request r;
    r.result = verified_request::outcome::verified;
    r.signer = key.owner;
    r.key_id = pending->key_id;
    co_return r;
}

} // namespace fedblog::node
