// SPDX-License-Identifier: AGPL-3.0-or-later
// An io_context with one named thread of its own: the deliveries' thread, and each request
// thread after the main one.
#pragma once

#include "node/net.hpp"

#include <string>
#include <thread>

namespace fedblog::node {

/** An io_context run by one thread of its own, which waits while it has nothing to do.

    The delivery engine's deliveries run here (node/delivery/engine.hpp): on one context run
    by several threads, work moved between them, each completion resuming on whichever
    thread was free and waking the other when both were busy or one slept. On one thread
    that traffic is gone and no strand is needed; the fan-out's I/O CPU fell by a tenth
    (bench/README.md, 2026-11-27, 19:10 UTC). Connections are the other way round: they
    share app.io() among the request threads (node/http/server.hpp), for their tail latency.

    Objects bound to context() (sockets, timers, coroutine frames) may outlive stop(): they
    are destroyed with this object, so it must outlive everything that holds them.

    @par Thread Safety
    context() may be used from any thread; start() and stop() from one thread.
*/
class io_thread
{
public:
    /// `name`: the thread's name in `top -H` (node/thread_names.hpp).
    explicit io_thread(std::string name);
    /// Calls stop().
    ~io_thread();
    io_thread(const io_thread&)            = delete;
    io_thread& operator=(const io_thread&) = delete;

    asio::io_context& context() noexcept { return io_; }

    /// Starts the thread; it runs context() until stop(). Once.
    void start();

    /** Stops context() without waiting for what it runs (a handler under way finishes) and
        joins the thread. What was left waiting stays queued until destruction. Idempotent. */
    void stop() noexcept;

private:
    asio::io_context io_{1};
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::string name_;
    std::thread thread_;
};

} // namespace fedblog::node
