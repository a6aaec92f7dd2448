// SPDX-License-Identifier: AGPL-3.0-or-later
// Response builders shared by all handlers.
#include "node/http/responses.hpp"

#include "protocol/vocab.hpp"

#include <cstdio>
#include <functional>

namespace fedblog::node {

response make_response(const request& req, http::status status, std::string body,
                       std::string_view content_type)
{
    response res{status, req.version()};
    res.set(http::field::content_type, content_type);
    res.body() = std::move(body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

response json_response(const request& req, http::status status, const protocol::json::value& doc,
                       std::string_view content_type)
{
    return make_response(req, status, protocol::json::serialize(doc), content_type);
}

std::string etag_for(std::string_view body)
{
    // Not a cryptographic hash: an ETag only has to change when the body does, and a
    // SHA-256 here was the only use of OpenSSL by a node that signs nothing, whose first use
    // costs the process about 2.3 MB (keys/deferred_key.hpp). libstdc++'s hash (MurmurHash2,
    // eight bytes at a time) is as fast, and fixed for a given build, so the processes behind
    // one load balancer agree; with the length, two versions of a document collide with a
    // chance of about 2^-64.
    const std::size_t hash = std::hash<std::string_view>{}(body);
    char tag[48];
    const int n = std::snprintf(tag, sizeof tag, "\"%016zx-%zx\"", hash, body.size());
    return std::string(tag, static_cast<std::size_t>(n));
}

namespace {

/// True when If-None-Match lists `etag` (or "*"); weak comparison, as RFC 9110 13.1.2 asks.
bool if_none_match(std::string_view header, std::string_view etag)
{
    while (!header.empty())
    {
        const auto comma      = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        // List elements are separated by OWS, which is spaces and tabs (RFC 9110 5.6.1).
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (item.starts_with("W/"))
            item.remove_prefix(2);
        if (item == "*" || item == etag)
            return true;
    }
    return false;
}

} // namespace

response negotiated_response(const request& req, std::string body, std::string_view content_type,
                             int max_age)
{
    const std::string etag = etag_for(body);
    return negotiated_response(req, std::move(body), etag, content_type, max_age);
}

response negotiated_response(const request& req, std::string body, std::string_view etag,
                             std::string_view content_type, int max_age)
{
    auto inm                = req.find(http::field::if_none_match);
    const bool not_modified = inm != req.end() && if_none_match(inm->value(), etag);
    response res            = not_modified
                                  ? make_response(req, http::status::not_modified, {}, content_type)
                                  : make_response(req, http::status::ok, std::move(body), content_type);
    if (not_modified)
        res.erase(http::field::content_length);
    res.set(http::field::vary, "Accept");
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, "public, max-age=" + std::to_string(max_age));
    return res;
}

response problem_response(const request& req, const http_error& e)
{
    protocol::json::value doc = protocol::json::make_object({
        {"type", "about:blank"},
        {"title", std::string(http::obsolete_reason(e.status))},
        {"status", static_cast<int>(e.status)},
        {"detail", e.public_text},
    });
    response res              = json_response(req, e.status, doc, protocol::vocab::problem_json);
    res.set(http::field::cache_control, "no-store");
    return res;
}

response problem_response(const request& req, http::status status, std::string_view text)
{
    return problem_response(req, http_error{status, std::string(text), {}});
}

response redirect_response(const request& req, http::status status, std::string_view location,
                           bool vary_accept)
{
    response res = make_response(req, status, {}, "text/plain; charset=utf-8");
    res.set(http::field::location, location);
    if (vary_accept)
        res.set(http::field::vary, "Accept");
    // A validator on the redirect too, so a cache keeps it apart from the AS2 answer.
    res.set(http::field::etag, etag_for("redirect " + std::string(location)));
    res.set(http::field::cache_control, "public, max-age=" + std::to_string(cache_actor_seconds));
    return res;
}

} // namespace fedblog::node
