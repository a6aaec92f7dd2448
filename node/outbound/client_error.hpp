// SPDX-License-Identifier: AGPL-3.0-or-later
// Error codes of outbound HTTP: why a fetch or delivery did not get a response.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace fedblog::node {

enum class client_error
{
    /// The URL is not an absolute http(s) URL we may use (http needs allow_http_peers).
    bad_url = 1,
    /// The host resolves only to addresses we must not connect to (SSRF guard).
    blocked_address,
    /// DNS resolution failed.
    resolve_failed,
    /// No address accepted the TCP connection.
    connect_failed,
    /// TLS handshake or certificate verification failed.
    tls_failed,
    /// The request did not complete within its time budget.
    timeout,
    /// The response body exceeded the size limit.
    too_large,
    /// More redirects than allowed, or a redirect to an unusable URL.
    bad_redirect,
    /// The peer sent something that is not HTTP/1.1, or closed the connection early.
    protocol_error,
};

const boost::system::error_category& client_error_category() noexcept;

inline boost::system::error_code make_error_code(client_error e) noexcept
{
    return {static_cast<int>(e), client_error_category()};
}

} // namespace fedblog::node

template <>
struct boost::system::is_error_code_enum<fedblog::node::client_error> : std::true_type
{};
