// SPDX-License-Identifier: AGPL-3.0-or-later
// Response builders: JSON, ActivityStreams, HTML, problem details, redirects, conditional GET.
#pragma once

#include "node/http/http_error.hpp"
#include "node/http/types.hpp"
#include "protocol/json.hpp"

#include <string>
#include <string_view>

namespace fedblog::node {

/// Cache lifetimes (seconds) for documents other servers and caches fetch.
inline constexpr int cache_actor_seconds = 180;
inline constexpr int cache_post_seconds  = 60;

/// A 200 response with `body` and `content_type`, keep-alive as the request asked.
[[nodiscard]] response make_response(const request& req, http::status status, std::string body,
                                     std::string_view content_type);

/// JSON body of any JSON media type.
[[nodiscard]] response json_response(const request& req, http::status status,
                                     const protocol::json::value& doc,
                                     std::string_view content_type = "application/json");

/** A cacheable representation chosen by content negotiation: sets `Vary: Accept`, a strong
    `ETag` derived from the bytes, and `Cache-Control: public, max-age=N`; answers 304 when
    If-None-Match matches. Because the ETag hashes the exact body and Vary names Accept, a
    shared cache can never serve the HTML to a server or the JSON to a browser.
*/
[[nodiscard]] response negotiated_response(const request& req, std::string body,
                                           std::string_view content_type, int max_age);

/// The same with the ETag already known (a cached or static document): `etag` must be
/// etag_for(body).
[[nodiscard]] response negotiated_response(const request& req, std::string body,
                                           std::string_view etag, std::string_view content_type,
                                           int max_age);

/// RFC 9457 problem details (`application/problem+json`).
[[nodiscard]] response problem_response(const request& req, const http_error& e);

/// Convenience for problem_response with a status and public text.
[[nodiscard]] response problem_response(const request& req, http::status status,
                                        std::string_view text);

/// A redirect with `Location`; `vary_accept` for conneg redirects.
[[nodiscard]] response redirect_response(const request& req, http::status status,
                                         std::string_view location, bool vary_accept);

/// The strong ETag for `body`: its 64-bit hash and its length, in hex, quoted.
[[nodiscard]] std::string etag_for(std::string_view body);

} // namespace fedblog::node
