// SPDX-License-Identifier: AGPL-3.0-or-later
// Idle keep-alive connections and TLS sessions, per origin, for outbound deliveries.
#pragma once

#include "node/net.hpp"

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct ssl_session_st; // OpenSSL's SSL_SESSION

namespace fedblog::node {

/// One open HTTP/1.1 connection to an origin, plain or TLS.
class pooled_connection
{
public:
    using tls_stream = beast::ssl_stream<beast::tcp_stream>;

    explicit pooled_connection(beast::tcp_stream plain);
    explicit pooled_connection(std::unique_ptr<tls_stream> tls);

    [[nodiscard]] bool is_tls() const noexcept { return tls_ != nullptr; }

    /// The TLS stream; only when is_tls().
    [[nodiscard]] tls_stream& tls() noexcept { return *tls_; }

    /// The TCP stream underneath (for timeouts and the socket).
    [[nodiscard]] beast::tcp_stream& lowest() noexcept;

    /// Closes the socket without a TLS close_notify (the peer framed its response).
    void close() noexcept;

    /// True when the peer has not closed the connection or sent unsolicited bytes while it
    /// sat idle (checked without blocking).
    [[nodiscard]] bool looks_alive() noexcept;

    std::chrono::steady_clock::time_point idle_since{};

private:
    std::unique_ptr<beast::tcp_stream> plain_;
    std::unique_ptr<tls_stream> tls_;
};

/// Limits of the pool. A fan-out visits each host once per round over all of them, so
/// reuse needs an idle connection per host that receives more than one request:
/// pool_limits_for() sizes the total from the open-file limit.
struct pool_limits
{
    std::size_t max_idle_per_origin = 8;
    std::size_t max_idle_total      = 512;
    /// Idle connections older than this are closed rather than reused (servers close
    /// theirs after 60-75 s; reusing one that is about to close wastes a request).
    std::chrono::seconds max_idle{30};
    std::size_t max_sessions = 4096; ///< TLS sessions kept for resumption
};

/** The limits for a process that may open `open_files` files: a quarter of them for idle
    connections, between 16 and 8,192 (the rest serve requests, deliveries in flight and the
    database).
*/
[[nodiscard]] pool_limits pool_limits_for(std::uint64_t open_files) noexcept;

/** Idle connections by origin ("https://host:port"), most recently used first, with a
    global LRU bound; and the last TLS session per origin, so a new connection resumes it
    (an abbreviated handshake instead of a full one).

    @par Thread Safety
    Safe from any thread.
*/
class connection_pool
{
public:
    explicit connection_pool(pool_limits limits = {});
    ~connection_pool();
    connection_pool(const connection_pool&)            = delete;
    connection_pool& operator=(const connection_pool&) = delete;

    /// An idle live connection to `origin`, or null. Stale ones met on the way are closed.
    [[nodiscard]] std::unique_ptr<pooled_connection> take(const std::string& origin);

    /// Parks `conn` (which just finished an exchange that allows keep-alive) for reuse.
    void put(const std::string& origin, std::unique_ptr<pooled_connection> conn);

    /// The last session of `origin` (an owned reference: SSL_SESSION_free it), or null.
    [[nodiscard]] ssl_session_st* session(const std::string& origin);

    /// Keeps `session` (taking the reference the caller owns) as `origin`'s session.
    void set_session(const std::string& origin, ssl_session_st* session);

    /// Closes every idle connection (shutdown).
    void clear();

    /// Closes the idle connections parked longer than max_idle (run now and then: a quiet
    /// pool would otherwise hold sockets its peers have long closed).
    void close_expired();

    [[nodiscard]] std::size_t idle() const;

private:
    struct entry
    {
        std::string origin;
        std::unique_ptr<pooled_connection> conn;
    };

    /// Drops `it` from its origin's index (mutex_ held); the caller erases it from lru_.
    void unindex(std::list<entry>::iterator it);

    pool_limits limits_;
    mutable std::mutex mutex_;
    std::list<entry> lru_; ///< oldest idle first
    std::unordered_map<std::string, std::vector<std::list<entry>::iterator>> by_origin_;
    std::unordered_map<std::string, ssl_session_st*> sessions_;
};

} // namespace fedblog::node
