// SPDX-License-Identifier: AGPL-3.0-or-later
// A minimal HTTP/1.1 listener for Prometheus scrapes.
#include "node/metrics/metrics_server.hpp"

#include "node/app.hpp"
#include "node/delivery/engine.hpp"
#include "node/log.hpp"

namespace fedblog::node {

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

/// "127.0.0.1:9464" or "[::1]:9464".
std::optional<tcp::endpoint> parse_endpoint(const std::string& text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size() || text.size() - colon > 6)
        return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec)
        return std::nullopt;
    unsigned port = 0;
    for (char c : text.substr(colon + 1))
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port > 65535)
        return std::nullopt;
    return tcp::endpoint(address, static_cast<unsigned short>(port));
}

} // namespace

asio::awaitable<std::string> render_metrics(app& a)
{
    metrics::snapshot g;
    const auto now = a.now();
    auto stats     = co_await a.db([&](storage::store& s) { return s.delivery_stats(now); });
    if (stats)
    {
        g.pending           = stats->counts.pending;
        g.delivered         = stats->counts.delivered;
        g.dead              = stats->counts.dead;
        g.due               = stats->due;
        g.failing_hosts     = stats->failing_hosts;
        g.unavailable_hosts = stats->unavailable_hosts;
        if (stats->oldest_pending)
            g.oldest_pending_age_seconds =
                std::chrono::duration<double>(now - *stats->oldest_pending).count();
    }
    else
        g.store_ok = false;
    g.in_flight          = static_cast<std::int64_t>(a.delivery().in_flight());
    const auto slots     = a.delivery().slots();
    g.unanswered         = static_cast<std::int64_t>(slots.unanswered);
    g.slow_after_seconds = std::chrono::duration<double>(slots.slow_after).count();
    const auto pool      = a.client().stats();
    g.connections_opened = pool.opened;
    g.connections_reused = pool.reused;
    g.tls_handshakes     = pool.tls_handshakes;
    g.tls_resumed        = pool.tls_resumed;
    const auto groups    = a.grouped_writes().written();
    g.write_groups       = groups.groups;
    g.grouped_writes     = groups.calls;
    co_return a.metrics().render(g);
}

metrics_server::metrics_server(app& a) : app_(a), acceptor_(a.io())
{}

std::string metrics_server::start(const std::string& listen)
{
    auto endpoint = parse_endpoint(listen);
    if (!endpoint)
        return "metrics_listen must be ADDRESS:PORT, got " + listen;
    if (!endpoint->address().is_loopback() && !app_.cfg().metrics_public)
        return "metrics_listen must be a loopback address (set metrics_public = true to serve "
               "metrics on " +
               listen + ")";
    boost::system::error_code ec;
    acceptor_.open(endpoint->protocol(), ec);
    if (!ec)
        acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor_.bind(*endpoint, ec);
    if (!ec)
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return "cannot listen on " + listen + " for metrics: " + ec.message();
    asio::co_spawn(app_.io(), accept_loop(), asio::detached);
    return {};
}

void metrics_server::stop()
{
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

tcp::endpoint metrics_server::local_endpoint() const
{
    return acceptor_.local_endpoint();
}

asio::awaitable<void> metrics_server::accept_loop()
{
    for (;;)
    {
        auto [ec, socket] = co_await acceptor_.async_accept(tuple_awaitable);
        if (ec == asio::error::operation_aborted || !acceptor_.is_open())
            co_return;
        if (ec)
            continue;
        asio::co_spawn(app_.io(), serve(std::move(socket)), [](std::exception_ptr e) {
            log_exception(spdlog::level::warn, "metrics scrape failed", e);
        });
    }
}

asio::awaitable<void> metrics_server::serve(tcp::socket socket)
{
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    http::request_parser<http::empty_body> parser;
    parser.header_limit(8 * 1024);
    stream.expires_after(std::chrono::seconds(10));
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
    if (rec)
        co_return;
    const auto& req = parser.get();
    http::response<http::string_body> res;
    res.version(11);
    res.keep_alive(false);
    const auto target = req.target();
    if (req.method() == http::verb::get &&
        (target == "/metrics" || target.starts_with("/metrics?")))
    {
        res.result(http::status::ok);
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.body() = co_await render_metrics(app_);
    }
    else
    {
        res.result(http::status::not_found);
        res.set(http::field::content_type, "text/plain; charset=utf-8");
        res.body() = "not found\n";
    }
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(10));
    co_await http::async_write(stream, res, tuple_awaitable);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace fedblog::node
