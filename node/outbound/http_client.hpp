// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound HTTP(S) with the limits a federated server needs: SSRF guard, certificate and host
// name verification, timeouts, response size cap, bounded redirects.
#pragma once

#include "node/net.hpp"
#include "protocol/iri.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::node {

struct client_options
{
    bool allow_http    = false; ///< allow plain http:// (tests, development)
    bool allow_private = false; ///< allow loopback/private addresses (tests, development)
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{10000}; ///< for the whole exchange incl. redirects
    std::size_t max_response_body = 1024 * 1024;
    int max_redirects             = 3; ///< followed for GET only
    std::string user_agent        = "fedblog";
    std::string extra_ca_file; ///< PEM file of CAs trusted in addition to the system store
};

/// A request to send. `sign` is called for every hop (the first URL and each redirect
/// target) after Host, Date, User-Agent and the body are set, so it can add a signature.
struct client_request
{
    http::verb method = http::verb::get;
    std::string url;
    std::vector<std::pair<http::field, std::string>> headers;
    std::string body;
    /// Overrides client_options::total_timeout for this request.
    std::optional<std::chrono::milliseconds> timeout;
    std::function<void(http::request<http::string_body>&, const protocol::http_url&)> sign;
};

struct client_response
{
    http::response<http::string_body> message;
    std::string final_url; ///< after redirects
};

/** Sends requests, one connection per request.

    @par Thread Safety
    Distinct calls to send() may run concurrently; the object must outlive them.
*/
class http_client
{
public:
    /// Throws std::runtime_error when `extra_ca_file` cannot be loaded (a start-up error).
    explicit http_client(client_options options);

    /** Performs `req`. Any HTTP status is a successful result (the caller interprets it);
        errors are client_error values (bad_url, blocked_address, timeout, too_large, ...).
    */
    asio::awaitable<boost::system::result<client_response>> send(client_request req);

    const client_options& options() const noexcept { return options_; }

private:
    asio::awaitable<boost::system::result<client_response>>
    exchange(const protocol::http_url& url, http::request<http::string_body>& msg,
             std::chrono::steady_clock::time_point deadline);

    client_options options_;
    asio::ssl::context tls_;
};

} // namespace fedblog::node
