// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound HTTP(S) with the limits a federated server needs: SSRF guard, certificate and host
// name verification, timeouts, response size cap, bounded redirects.
#pragma once

#include "node/net.hpp"
#include "node/outbound/connection_pool.hpp"
#include "protocol/iri.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
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
    pool_limits pool;          ///< kept-alive connections of send_prepared()
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

/// A request whose body lives elsewhere (a delivery's shared activity), sent as it is.
using prepared_request = http::request<http::span_body<const char>>;

/// Connection reuse counters of send_prepared(), for metrics.
struct pool_stats
{
    std::uint64_t opened         = 0; ///< new connections
    std::uint64_t reused         = 0; ///< requests sent on a kept-alive connection
    std::uint64_t tls_handshakes = 0;
    std::uint64_t tls_resumed    = 0; ///< of which abbreviated (session resumed)
};

/** Sends requests: send() on one connection per request (fetches, with redirects);
    send_prepared() on kept-alive connections reused per origin (deliveries).

    @par Thread Safety
    Distinct calls may run concurrently; the object must outlive them.
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

    /** Sends `msg`, which is complete (Host, Date, signature...), to `url` on a kept-alive
        connection to its origin: an idle one from the pool, else a new one (TLS resuming
        the origin's last session). The answer's body is read up to `max_body` bytes and
        then dropped: a longer body still yields the status and headers, and the connection
        is closed instead of reused. No redirects are followed. When a reused connection
        turns out to have been closed by the peer before it answered, the request is sent
        once more on a new connection (the peer may in rare cases have processed it: the
        caller's at-least-once semantics cover that).
        @return the response (any status), or a client_error.
    */
    asio::awaitable<boost::system::result<client_response>>
    send_prepared(const protocol::http_url& url, prepared_request& msg,
                  std::chrono::steady_clock::time_point deadline, std::size_t max_body);

    [[nodiscard]] pool_stats stats() const noexcept;

    /// Closes the idle kept-alive connections (shutdown).
    void close_idle() { pool_.clear(); }

    /// Closes the kept-alive connections idle for longer than the pool keeps them.
    void close_expired_idle() { pool_.close_expired(); }

    const client_options& options() const noexcept { return options_; }

private:
    /** A TCP connection to the URL's host within the connect timeout: an IP address as it
        is, a name through the resolver; every address is checked against the SSRF guard
        before any is tried; Nagle off. */
    asio::awaitable<boost::system::result<beast::tcp_stream>>
    open_tcp(const protocol::http_url& url, std::chrono::steady_clock::time_point deadline);

    /// open_tcp(), then (for https) the handshake; the connection is ready.
    asio::awaitable<boost::system::result<std::unique_ptr<pooled_connection>>>
    connect(const protocol::http_url& url, std::chrono::steady_clock::time_point deadline);

    asio::awaitable<boost::system::result<client_response>>
    exchange(const protocol::http_url& url, http::request<http::string_body>& msg,
             std::chrono::steady_clock::time_point deadline);

    /// The TLS client context, made (and given the system's root certificates) on first
    /// use; nullptr when it could not be made.
    asio::ssl::context* tls_context();
    /// Sets tls_; else returns why not (`extra_ca_file` cannot be loaded, SSL_CTX_new failed).
    std::string make_tls_context() noexcept;

    client_options options_;
    std::optional<asio::ssl::context> tls_; ///< set once, under tls_made_
    std::once_flag tls_made_;
    std::once_flag system_roots_;
    connection_pool pool_;
    std::atomic<std::uint64_t> opened_{0};
    std::atomic<std::uint64_t> reused_{0};
    std::atomic<std::uint64_t> tls_handshakes_{0};
    std::atomic<std::uint64_t> tls_resumed_{0};
};

} // namespace fedblog::node
