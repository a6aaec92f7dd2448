// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog serve`: run the node in the foreground until SIGTERM/SIGINT, then drain.
#include "node/app.hpp"
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/delivery/engine.hpp"
#include "node/documents.hpp"
#include "node/http/server.hpp"
#include "node/log.hpp"
#include "node/malloc_tuning.hpp"
#include "node/metrics/metrics_server.hpp"
#include "node/open_files.hpp"
#include "node/profile_watch.hpp"
#include "node/scheduling.hpp"
#include "node/thread_names.hpp"
#include "storage/delivery_lock.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <thread>
#include <vector>

namespace fedblog::node::cli {

namespace po = boost::program_options;

namespace {

/// "127.0.0.1:8080", "[::1]:8080" or "0.0.0.0:80".
std::optional<tcp::endpoint> parse_listen(const std::string& text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size())
        return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec)
        return std::nullopt;
    unsigned long port = 0;
    try
    {
        port = std::stoul(text.substr(colon + 1));
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
    if (port > 65535)
        return std::nullopt;
    return tcp::endpoint(address, static_cast<unsigned short>(port));
}

/// On SIGTERM/SIGINT: stop accepting, let requests and deliveries in flight finish (up to
/// the grace period), then stop the io_context so run() returns and we exit 0.
asio::awaitable<void> drain_on_signal(app& a, server& srv, metrics_server& scrapes,
                                      asio::signal_set& signals)
{
    auto [ec, signo] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec)
        co_return;
    spdlog::info("signal={} draining connections={} deliveries={}", signo, srv.active_connections(),
                 a.delivery().in_flight());
    a.begin_shutdown();
    srv.stop();
    scrapes.stop();
    const auto deadline = std::chrono::steady_clock::now() + a.cfg().shutdown_grace;
    // Deliveries in flight finish (or not) by the deadline; the rest stay queued, their
    // leases released so the next start sends them at once.
    co_await a.delivery().drain(deadline);
    steady_timer tick(co_await asio::this_coro::executor);
    while (std::chrono::steady_clock::now() < deadline && srv.active_connections() > 0)
    {
        tick.expires_after(std::chrono::milliseconds(20));
        co_await tick.async_wait();
    }
    spdlog::info("stopped connections={} deliveries={}", srv.active_connections(),
                 a.delivery().in_flight());
    a.client().close_idle();
    a.io().stop();
}

} // namespace

int serve(const args& argv)
{
    std::string data;
    config_overrides overrides;
    po::options_description desc("fedblog serve --data DIR [--listen ADDR:PORT]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory made by `fedblog init`")
        ("listen", po::value(&overrides.listen), "address:port (overrides listen in fedblog.conf)")
        ("allow-http-peers", po::bool_switch(&overrides.allow_http_peers),
         "tests/development: accept and fetch http:// actor ids")
        ("allow-private-addresses", po::bool_switch(&overrides.allow_private_addresses),
         "tests/development: fetch from and deliver to loopback/private addresses");
    // clang-format on
    po::variables_map vm;
    if (auto exit_code = parse_options("serve", argv, desc, vm))
        return *exit_code;

    std::string reason;
    auto cfg = load_config(data, overrides, reason);
    if (!cfg)
    {
        std::cerr << "fedblog serve: " << reason << "\n";
        return 1;
    }
    setup_logging(cfg->log_level);
    // Before any thread starts and allocates.
    if (auto why = tune_malloc(); !why.empty())
        spdlog::warn("{}; the allocator keeps its defaults", why);
    // Before any thread starts: they inherit it.
    if (auto why = apply_scheduling(cfg->scheduling); !why.empty())
        spdlog::warn("{} (scheduling = {}); running under the default policy", why,
                     cfg->scheduling);
    // Before the app sizes its connection pool from it.
    const auto open_files = raise_open_file_limit();
    auto endpoint         = parse_listen(cfg->listen);
    if (!endpoint)
    {
        spdlog::error("listen must be ADDRESS:PORT, got {}", log_quote(cfg->listen));
        return 1;
    }
    auto keys = load_signing_keys(cfg->data_dir / "keys");
    if (!keys)
    {
        spdlog::error("cannot load keys from {}: {}", (cfg->data_dir / "keys").string(),
                      keys.error().message());
        return 1;
    }
    // The reason names the file or the server, never the URL itself: it may hold a password.
    std::string store_why;
    auto store = storage::open_store(cfg->database, store_why);
    if (!store)
    {
        spdlog::error("cannot open the database: {}", store_why);
        return 1;
    }
    // A node killed with -9 left leases on the deliveries it had in flight. They go out again
    // now instead of when the leases end (delivery_timeout plus a minute): all of them here
    // when no other process delivers from this database (SQLite); on PostgreSQL, those of
    // the processes that are gone, found by the delivery engine from its first turn on.
    std::string lock_why;
    auto deliverers = storage::delivery_lock::take(cfg->database, lock_why);
    if (!deliverers)
    {
        spdlog::error("{}", lock_why);
        return 1;
    }
    if (deliverers->alone())
    {
        auto released = (*store)->release_all_leases();
        if (!released)
            spdlog::warn("cannot release old delivery leases: {}", released.error().message());
        else if (*released > 0)
            spdlog::info("delivery released leases={} of a node that stopped without finishing "
                         "them",
                         *released);
    }
    deliverers->share();
    // `fedblog profile` keeps the avatar and header in the store, over fedblog.conf.
    auto settings = (*store)->list_settings();
    if (!settings)
    {
        spdlog::error("cannot read settings: {}", settings.error().message());
        return 1;
    }
    apply_settings(*cfg, *settings);

    const unsigned threads =
        cfg->threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : cfg->threads;
    // `io` runs the node's own work and every connection; this thread and `threads` - 1
    // more run it (see server for why one context shared by all). Declared before the app:
    // a connection's frames outlive neither what they were given nor what the database
    // threads may still post to them.
    asio::io_context io(static_cast<int>(threads));
    app a(io, std::move(*cfg), std::move(*store), std::move(*keys));
    server_limits limits;
    limits.idle_timeout = a.cfg().idle_timeout;
    server srv(a, limits);
    try
    {
        srv.start(*endpoint);
    }
    catch (const boost::system::system_error& e)
    {
        spdlog::error("cannot listen on {}: {}", a.cfg().listen, e.code().message());
        return 1;
    }
    const auto bound = srv.local_endpoint();
    spdlog::info("listening on {}:{} as {} (threads={} scheduling={} open_files={} "
                 "idle_connections={})",
                 bound.address().to_string(), bound.port(), a.urls().actor(), threads,
                 scheduling_of(), open_files, a.client().options().pool.max_idle_total);
    metrics_server scrapes(a);
    if (!a.cfg().metrics_listen.empty())
    {
        if (auto why = scrapes.start(a.cfg().metrics_listen); !why.empty())
        {
            spdlog::error("{}", why);
            return 1;
        }
        const auto m = scrapes.local_endpoint();
        spdlog::info("metrics on http://{}:{}/metrics", m.address().to_string(), m.port());
    }
    a.delivery().start(&*deliverers);

    asio::signal_set signals(io, SIGINT, SIGTERM);
    asio::co_spawn(io, drain_on_signal(a, srv, scrapes, signals), asio::detached);
    asio::co_spawn(io, watch_profile(a), asio::detached);

    std::vector<std::thread> request_threads;
    for (unsigned i = 1; i < threads; ++i)
        request_threads.emplace_back([&io] {
            name_this_thread("fedblog-io");
            io.run();
        });
    io.run();
    // The drain has waited for the connections (up to its grace period) and stopped `io`:
    // the other request threads return from it too, leaving what is left queued.
    for (auto& t : request_threads)
        t.join();
    // Deliveries left running after the drain's grace period end here; their jobs stay
    // leased and come back (at-least-once).
    a.deliveries_thread().stop();
    spdlog::info("exit");
    return 0;
}

} // namespace fedblog::node::cli
