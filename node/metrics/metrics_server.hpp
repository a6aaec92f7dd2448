// SPDX-License-Identifier: AGPL-3.0-or-later
// The Prometheus scrape endpoint: GET /metrics on its own listener, off unless configured.
#pragma once

#include "node/net.hpp"

#include <string>

namespace fedblog::node {

class app;

/** Listens on `metrics_listen` and answers `GET /metrics` with app.metrics() plus the
    queue's gauges read from the store at scrape time; everything else gets 404. A separate
    listener, not a route of the public site: the numbers describe who we talk to, so by
    default only loopback addresses are accepted (`metrics_public` allows others, for a
    private network).

    @par Thread Safety
    start() once, before the io_context runs; the object must outlive the io_context's run.
*/
class metrics_server
{
public:
    explicit metrics_server(app& a);

    /** Binds `listen` ("ADDR:PORT"). @return "" on success, else why it cannot serve (a
        start-up error: `serve` refuses to run with a metrics setting it cannot honour). */
    [[nodiscard]] std::string start(const std::string& listen);

    void stop();

    /// The bound endpoint (after start).
    [[nodiscard]] tcp::endpoint local_endpoint() const;

private:
    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve(tcp::socket socket);

    app& app_;
    tcp::acceptor acceptor_;
};

/// The text exposition of `a`'s metrics right now (reads the queue from the store).
asio::awaitable<std::string> render_metrics(app& a);

} // namespace fedblog::node
