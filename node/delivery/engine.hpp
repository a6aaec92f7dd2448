// SPDX-License-Identifier: AGPL-3.0-or-later
// The delivery engine: claims durable jobs, POSTs them signed, records the outcome.
#pragma once

#include "node/net.hpp"
#include "storage/records.hpp"

#include <atomic>
#include <cstddef>
#include <random>

namespace fedblog::node {

class app;

/** Delivers queued activities.

    A worker coroutine on its own strand claims due jobs from the store (leased, so several
    processes can share one database and a crashed process's jobs come back), starts up to
    `delivery_concurrency` deliveries at once, and sleeps until the next job is due, a poke
    arrives, or a polling interval passes (other processes may have queued work). Each
    delivery signs the stored body with the author's (or instance) key, POSTs it, and marks
    the job delivered, scheduled for retry, or dead.

    @par Thread Safety
    poke() and stop() may be called from any thread.
*/
class delivery_engine
{
public:
    explicit delivery_engine(app& a);

    /// Starts the worker. Call once, before or after the io_context starts running.
    void start();

    /// New jobs were queued: claim now instead of waiting for the poll interval.
    void poke();

    /// Stops claiming; deliveries in flight finish (their own timeouts bound them).
    void stop();

    /// Deliveries currently in flight.
    std::size_t in_flight() const noexcept { return in_flight_.load(); }

private:
    asio::awaitable<void> run();
    asio::awaitable<void> deliver(storage::delivery_job job);

    app& app_;
    asio::strand<asio::io_context::executor_type> strand_;
    asio::steady_timer wake_;
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<bool> stopping_{false};
    std::mt19937_64 rng_;
};

} // namespace fedblog::node
