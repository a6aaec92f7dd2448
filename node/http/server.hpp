// SPDX-License-Identifier: AGPL-3.0-or-later
// The HTTP/1.1 server: accept loop, per-connection sessions, graceful drain.
#pragma once

#include "node/net.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace fedblog::node {

class app;

/// Connection limits (RFC 9112 leaves them to us).
struct server_limits
{
    std::size_t header_limit = 16 * 1024;
    std::chrono::seconds idle_timeout{30};    ///< waiting for the next request's header
    std::chrono::seconds request_timeout{30}; ///< reading one body / writing one response
};

/** Serves app.routes() on one listening socket.

    Each connection is a coroutine on app.io(), which every request thread runs: whichever
    thread is free serves whichever connection has a request waiting. A request's header is
    read first, the route's body limit is applied (413 before reading an oversized body), then
    the handler runs and the response is written. A route with a prebuilt look-up
    (route_options::prebuilt) may answer a plain keep-alive GET from bytes kept ready
    instead, without its handler. One sweeper closes connections idle longer
    than `idle_timeout` (or whose header takes that long) and those whose body or response
    takes longer than `request_timeout`; a handler's own work has no deadline here. stop()
    closes the listener and idle connections and lets requests in flight finish.

    @par Thread Safety
    start() and stop() may be called from any thread; the server must outlive app.io()'s
    run().
*/
class server
{
public:
    /** Accepts and serves on app.io(). One context shared by the request threads, not one
        per thread: a connection kept on one thread waits whenever that thread waits for a
        core, and on a machine whose cores are all busy (clients, signing, other programs)
        that is often for a whole scheduler slice of milliseconds, while the other thread
        is free. Under wrk on two busy cores, connections dealt out among contexts had a p50
        of 0.05 ms but a p90 of 3-4 ms and a p99 of 3.5-7.6 ms; on one shared context a p90
        of 0.45 ms and a p99 of 1.2-3 ms, nginx's or better. It costs some CPU per request:
        a shared context wakes one thread for another (bench/README.md, 2026-11-28). */
    explicit server(app& a, server_limits limits = {});

    /// Binds and listens on `endpoint` and starts accepting. Throws system_error when the
    /// address cannot be bound (a start-up error, reported by `serve`).
    void start(const tcp::endpoint& endpoint);

    /// The bound endpoint (after start), useful when binding port 0.
    tcp::endpoint local_endpoint() const;

    /// Stops accepting and closes idle connections; busy ones close after their response.
    void stop();

    /// Connections currently open.
    std::size_t active_connections() const;

private:
    struct connection;
    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve_connection(std::shared_ptr<connection> conn);
    asio::awaitable<void> sweep_loop();

    app& app_;
    server_limits limits_;
    tcp::acceptor acceptor_;
    asio::steady_timer sweep_timer_; ///< on the acceptor's strand
    mutable std::mutex mutex_;
    std::unordered_map<connection*, std::weak_ptr<connection>> connections_;
    std::atomic<bool> stopping_{false};
};

} // namespace fedblog::node
