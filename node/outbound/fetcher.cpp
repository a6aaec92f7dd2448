// SPDX-License-Identifier: AGPL-3.0-or-later
// Signed ActivityStreams GETs with content-type and id checks.
#include "node/outbound/fetcher.hpp"

#include "node/outbound/request_signing.hpp"
#include "protocol/error.hpp"
#include "protocol/iri.hpp"
#include "protocol/media_types.hpp"

namespace fedblog::node {

fetcher::fetcher(http_client& client, keys::deferred_private_key key, std::string key_id)
    : client_(client), key_(std::move(key)), key_id_(std::move(key_id))
{}

asio::awaitable<boost::system::result<fetched_document>> fetcher::fetch(std::string url)
{
    const std::string wanted(protocol::strip_fragment(url));
    client_request req;
    req.method = http::verb::get;
    req.url    = wanted;
    req.headers.emplace_back(http::field::accept,
                             "application/activity+json, application/ld+json; "
                             "profile=\"https://www.w3.org/ns/activitystreams\"");
    req.sign = [this](http::request<http::string_body>& msg, const protocol::http_url&) {
        // A signing failure leaves the request unsigned; servers that require signatures
        // will answer 401, which the caller sees as a status.
        if (auto key = key_.get())
            (void)sign_request(msg, *key, key_id_);
    };
    auto res = co_await client_.send(std::move(req));
    if (!res)
        co_return res.error();

    fetched_document out;
    out.status = res->message.result_int();
    out.url    = res->final_url;
    if (out.status != 200)
        co_return out;

    auto ct = res->message.find(http::field::content_type);
    const std::string_view type =
        ct == res->message.end() ? std::string_view{} : std::string_view(ct->value());
    if (!protocol::is_activity_json(type) && !type.starts_with("application/json"))
        co_return protocol::error::invalid_document;
    auto doc = protocol::json::parse_object(res->message.body());
    if (!doc)
        co_return doc.error();
    auto id = doc->get_string("id");
    if (!id || (*id != wanted && *id != out.url))
        co_return protocol::error::invalid_document;
    out.doc = std::move(*doc);
    co_return out;
}

} // namespace fedblog::node
