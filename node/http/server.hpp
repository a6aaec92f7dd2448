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
#include <vector>

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

    Each connection is a coroutine on one of the request threads' io_contexts, given to
    them in turn as they are accepted, and stays there; a request's header is read
    first, the route's body limit is applied (413 before reading an oversized body), then the
    handler runs and the response is written. A route with a prebuilt look-up
    (route_options::prebuilt) may answer a plain keep-alive GET from bytes kept ready
    instead, without its handler. One sweeper closes connections idle longer
    than `idle_timeout` (or whose header takes that long) and those whose body or response
    takes longer than `request_timeout`; a handler's own work has no deadline here. stop()
    closes the listener and idle connections and lets requests in flight finish.

    @par Thread Safety
    start() and stop() may be called from any thread; the server must outlive the
    io_contexts' run().
*/
class server
{
public:
    /** Accepts on app.io(). Connections are spread over `contexts`, each run by one thread
        of its own (app.io() among them or not); none: all on app.io(). A context per thread
        instead of one shared by all: a request's reads, handler and write then stay on one
        thread, where a shared context handed them between threads, waking one for the other
        several times a request (on an actor GET, 14-15 µs of CPU against 10 on one thread;
        bench/README.md, 2026-11-27, 20:46 UTC). */
    server(app& a, server_limits limits = {}, std::vector<asio::io_context*> contexts = {});

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

    /// The context for the next accepted connection.
    asio::io_context& next_context();

    app& app_;
    server_limits limits_;
    std::vector<asio::io_context*> contexts_;
    std::size_t next_ = 0; ///< only the accept loop uses it
    tcp::acceptor acceptor_;
    asio::steady_timer sweep_timer_; ///< on the acceptor's strand
    mutable std::mutex mutex_;
    std::unordered_map<connection*, std::weak_ptr<connection>> connections_;
    std::atomic<bool> stopping_{false};
};

} // namespace fedblog::node
