// SPDX-License-Identifier: AGPL-3.0-or-later
// http_client: the SSRF guard and the way to a peer's address, for hosts named by address
// and by name, on both paths (send() for fetches, send_prepared() for deliveries). A real
// loopback HTTP server counts the connections it accepts: a refused address must not even
// be connected to.
#include "node/outbound/http_client.hpp"

#include "node/outbound/client_error.hpp"

#include <boost/asio/thread_pool.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fedblog::node {
namespace {

using namespace std::chrono_literals;

/// Answers every request "200 ok" on kept-alive connections, on its own thread.
struct loopback_server
{
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::atomic<int> accepted{0};
    std::thread runner;

    loopback_server()
    {
        asio::co_spawn(io, serve(), asio::detached);
        runner = std::thread([this] { io.run(); });
    }

    ~loopback_server()
    {
        io.stop();
        runner.join();
    }

    loopback_server(const loopback_server&)            = delete;
    loopback_server& operator=(const loopback_server&) = delete;

    unsigned short port() const { return acceptor.local_endpoint().port(); }

    asio::awaitable<void> serve()
    {
        for (;;)
        {
            auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            ++accepted;
            asio::co_spawn(io, answer(std::move(socket)), asio::detached);
        }
    }

    static asio::awaitable<void> answer(tcp::socket socket)
    {
        beast::flat_buffer buffer;
        for (;;)
        {
            http::request<http::string_body> req;
            auto [ec, n] =
                co_await http::async_read(socket, buffer, req, asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            static constexpr std::string_view ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(ok),
                                                        asio::as_tuple(asio::use_awaitable));
            if (wec)
                co_return;
        }
    }
};

client_options options(bool allow_private)
{
    client_options o;
    o.allow_http      = true;
    o.allow_private   = allow_private;
    o.connect_timeout = 2s;
    o.total_timeout   = 5s;
    return o;
}

/// Runs `exchange` (a coroutine yielding the client's result) to completion on `io`: the
/// status, or the client_error. (`io` must outlive the client: its kept connections are io's.)
template <class Exchange>
boost::system::result<unsigned> status_of(asio::io_context& io, Exchange exchange)
{
    boost::system::result<unsigned> out = boost::system::error_code{};
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto r = co_await exchange();
            if (r)
                out = r->message.result_int();
            else
                out = r.error();
        },
        asio::detached);
    io.restart();
    io.run();
    return out;
}

/// send() of a GET to `url`.
boost::system::result<unsigned> fetch(asio::io_context& io, http_client& client,
                                      const std::string& url)
{
    return status_of(io, [&] {
        client_request req;
        req.url = url;
        return client.send(std::move(req));
    });
}

/// send_prepared() of a POST to `url`, as a delivery sends it.
boost::system::result<unsigned> deliver(asio::io_context& io, http_client& client,
                                        const std::string& url)
{
    auto parsed = protocol::parse_http_url(url);
    BOOST_REQUIRE(parsed);
    static const std::string body = R"({"type":"Like"})";
    prepared_request msg{http::verb::post, parsed->target, 11};
    msg.set(http::field::host, parsed->authority);
    msg.body() = http::span_body<const char>::value_type(body.data(), body.size());
    msg.prepare_payload();
    return status_of(io, [&] {
        return client.send_prepared(*parsed, msg, std::chrono::steady_clock::now() + 5s, 1024);
    });
}

bool refused_as(const boost::system::result<unsigned>& r, client_error e)
{
    return !r && r.error() == make_error_code(e);
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_client_addresses)

BOOST_AUTO_TEST_CASE(private_addresses_are_refused_before_any_connection)
{
    loopback_server server;
    const std::string port = std::to_string(server.port());
    asio::io_context io; // before the client: its kept connections are io's
    http_client client(options(false));
    // By address (no resolver involved) and by a name that resolves to loopback.
    for (const std::string host : {"127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "localhost"})
    {
        const std::string url = "http://" + host + ":" + port + "/inbox";
        BOOST_TEST(refused_as(fetch(io, client, url), client_error::blocked_address), url);
        BOOST_TEST(refused_as(deliver(io, client, url), client_error::blocked_address), url);
    }
    BOOST_TEST(server.accepted.load() == 0);
}

BOOST_AUTO_TEST_CASE(allowed_addresses_are_reached_by_address_and_by_name)
{
    loopback_server server;
    const std::string port = std::to_string(server.port());
    asio::io_context io;
    http_client client(options(true));
    for (const std::string host : {"127.0.0.1", "localhost"})
    {
        const std::string url = "http://" + host + ":" + port + "/inbox";
        auto fetched          = fetch(io, client, url);
        BOOST_TEST((fetched && *fetched == 200u), url);
        auto delivered = deliver(io, client, url);
        BOOST_TEST((delivered && *delivered == 200u), url);
    }
    // send() opens a connection per request; send_prepared() keeps one per origin.
    BOOST_TEST(server.accepted.load() == 4);
    BOOST_TEST(client.stats().opened == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_client_tls_context)

// The TLS context is otherwise made on the first https connection; with an extra CA file it
// is made at once, so that `serve` stops at start instead of failing its first handshake.
BOOST_AUTO_TEST_CASE(a_ca_file_that_cannot_be_loaded_is_a_construction_error)
{
    const auto dir =
        std::filesystem::temp_directory_path() / ("fedblog-ca-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto garbage = dir / "garbage.pem";
    std::ofstream(garbage)
        << "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";

    for (const auto& path : {dir / "missing.pem", garbage})
    {
        client_options o = options(true);
        o.extra_ca_file  = path.string();
        bool threw       = false;
        try
        {
            http_client client(o);
        }
        catch (const std::runtime_error& e)
        {
            threw = std::string_view(e.what()).starts_with("cannot load CA file " + path.string());
        }
        BOOST_TEST(threw, path);
    }
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(without_a_ca_file_the_first_https_connections_make_the_context_together)
{
    // Two first https connections at once, on both paths, to a server that speaks plain
    // HTTP: each makes (or waits for) the context, then fails its handshake as a TLS error.
    loopback_server server;
    asio::io_context io;
    http_client client(options(true));
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/inbox";
    auto parsed           = protocol::parse_http_url(url);
    BOOST_REQUIRE(parsed);
    prepared_request msg{http::verb::post, parsed->target, 11};
    msg.set(http::field::host, parsed->authority);
    msg.prepare_payload();

    std::vector<boost::system::error_code> errors;
    auto record = [&](const boost::system::result<client_response>& r) {
        errors.push_back(r ? boost::system::error_code{} : r.error());
    };
    asio::thread_pool two(2); // the context is made on whichever thread comes first
    for (int i = 0; i < 2; ++i)
    {
        asio::co_spawn(
            two,
            [&]() -> asio::awaitable<void> {
                client_request req;
                req.url = url;
                auto r  = co_await client.send(std::move(req));
                asio::post(io, [&, r] { record(r); });
            },
            asio::detached);
        asio::co_spawn(
            two,
            [&]() -> asio::awaitable<void> {
                auto r = co_await client.send_prepared(*parsed, msg,
                                                       std::chrono::steady_clock::now() + 5s, 1024);
                asio::post(io, [&, r] { record(r); });
            },
            asio::detached);
    }
    auto guard = asio::make_work_guard(io);
    asio::steady_timer limit(io, 10s);
    limit.async_wait([&](boost::system::error_code) { guard.reset(); });
    while (errors.size() < 4u && io.run_one() > 0)
        ;
    limit.cancel();
    two.join();
    BOOST_TEST_REQUIRE(errors.size() == 4u);
    for (const auto& ec : errors)
        BOOST_TEST(ec == make_error_code(client_error::tls_failed), ec.message());
    BOOST_TEST(server.accepted.load() == 4);
    BOOST_TEST(client.stats().tls_handshakes == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::node
