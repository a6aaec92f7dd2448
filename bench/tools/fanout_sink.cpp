// SPDX-License-Identifier: AGPL-3.0-or-later
// A benchmark inbox farm: M loopback ports (one "host" each) that verify the draft-cavage
// signature and Digest of every POST against the blog's public key and answer 202 on kept-
// alive connections. Optionally some hosts never answer and some answer 500, to measure how
// the engine keeps healthy hosts fast. Prints its figures when `--expect` verified
// deliveries have arrived at healthy hosts (or at --timeout).
//
//   fanout_sink --key DATA/keys/author.pem --base-port 20000 --hosts 1000 --expect 5500
//               [--stall-every 10] [--error-every 20] [--timeout 300]
#include "keys/key_file.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_signature.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace asio   = boost::asio;
namespace beast  = boost::beast;
namespace http   = beast::http;
using tcp        = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct settings
{
    std::string key_file;
    unsigned short base_port = 20000;
    unsigned hosts           = 1000;
    std::uint64_t expect     = 0;
    unsigned stall_every     = 0; ///< host i with i % stall_every == 1 never answers (0: none)
    unsigned error_every     = 0; ///< host i with i % error_every == 2 answers 500 (0: none)
    unsigned timeout_s       = 300;
    unsigned threads         = 1;
    unsigned sample_ms       = 100; ///< the timeline's step
};

struct state
{
    fedblog::keys::public_key key;
    std::atomic<std::uint64_t> verified{0};
    std::atomic<std::uint64_t> rejected{0};
    std::atomic<std::uint64_t> errors_sent{0};
    std::atomic<std::uint64_t> stalled{0};
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::int64_t> first_ns{0};
    std::atomic<std::int64_t> last_ns{0};
    clock_type::time_point start = clock_type::now();
};

constexpr std::size_t request_buffer_bytes = 16 * 1024;

enum class behaviour
{
    healthy,
    stall,
    error,
};

bool verify(state& st, const http::request<http::string_body>& req)
{
    fedblog::protocol::header_list headers;
    for (const auto& f : req)
        headers.add(std::string(f.name_string()), std::string(f.value()));
    fedblog::protocol::request_view view;
    const std::string method(req.method_string());
    const std::string target(req.target());
    view.method  = method;
    view.target  = target;
    view.scheme  = "http";
    view.headers = &headers;
    fedblog::protocol::verify_options options;
    options.now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    options.body = req.body();
    auto pending = fedblog::protocol::prepare_verification(view, options);
    return pending && fedblog::protocol::finish_verification(*pending, st.key);
}

/// The whole answer, written as one buffer: the sink's CPU is taken from the node under
/// test (they share the cores), so it builds nothing per request it need not.
std::string_view answer(http::status status, bool keep_alive)
{
    switch (status)
    {
    case http::status::accepted:
        return keep_alive
                   ? "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                   : "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    case http::status::unauthorized:
        return keep_alive
                   ? "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"
                   : "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    default:
        return keep_alive ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
                          : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: "
                            "0\r\nConnection: close\r\n\r\n";
    }
}

asio::awaitable<void> session(tcp::socket socket, state& st, behaviour how)
{
    // A plain socket, not beast::tcp_stream: none of its per-operation timeout bookkeeping,
    // for a timeout that is never set (the node under test closes its connections itself).
    beast::flat_buffer buffer;
    // Room for a whole request: Beast reads at most the buffer's free space, which without
    // this stays about 1 KB (the parser consumes what it parsed), so a 3 KB delivery took
    // four reads, each a system call on the cores the node under test signs on.
    buffer.reserve(request_buffer_bytes);
    for (;;)
    {
        http::request_parser<http::string_body> parser;
        parser.body_limit(1024 * 1024);
        auto [ec, n] =
            co_await http::async_read(socket, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        if (how == behaviour::stall)
        {
            // Hold the connection without a word until the client gives up.
            st.stalled.fetch_add(1);
            http::request_parser<http::string_body> next;
            co_await http::async_read(socket, buffer, next, asio::as_tuple(asio::use_awaitable));
            co_return;
        }
        const auto& req       = parser.get();
        const bool keep_alive = req.keep_alive();
        http::status status   = http::status::internal_server_error;
        if (how == behaviour::error)
            st.errors_sent.fetch_add(1);
        else if (verify(st, req))
        {
            // Wall-clock time, so the script can subtract the moment it published.
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
            std::int64_t zero = 0;
            st.first_ns.compare_exchange_strong(zero, ns);
            st.last_ns.store(ns);
            st.verified.fetch_add(1);
            status = http::status::accepted;
        }
        else
        {
            st.rejected.fetch_add(1);
            status = http::status::unauthorized;
        }
        const std::string_view text = answer(status, keep_alive);
        auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(text.data(), text.size()),
                                                    asio::as_tuple(asio::use_awaitable));
        if (wec || !keep_alive)
            co_return;
    }
}

asio::awaitable<void> listen(tcp::acceptor acceptor, state& st, behaviour how)
{
    for (;;)
    {
        auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        st.connections.fetch_add(1);
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), st, how),
                       asio::detached);
    }
}

} // namespace

int main(int argc, char** argv)
{
    settings s;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--key")
            s.key_file = v;
        else if (k == "--base-port")
            s.base_port = static_cast<unsigned short>(std::stoul(v));
        else if (k == "--hosts")
            s.hosts = static_cast<unsigned>(std::stoul(v));
        else if (k == "--expect")
            s.expect = std::stoull(v);
        else if (k == "--stall-every")
            s.stall_every = static_cast<unsigned>(std::stoul(v));
        else if (k == "--error-every")
            s.error_every = static_cast<unsigned>(std::stoul(v));
        else if (k == "--timeout")
            s.timeout_s = static_cast<unsigned>(std::stoul(v));
        else if (k == "--sample-ms")
            s.sample_ms = std::max(1u, static_cast<unsigned>(std::stoul(v)));
        else if (k == "--threads")
            s.threads = static_cast<unsigned>(std::stoul(v));
        else
        {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    auto key = fedblog::keys::read_private_key_file(s.key_file);
    if (!key)
    {
        std::cerr << "cannot read " << s.key_file << "\n";
        return 1;
    }
    state st;
    st.key = key->public_part();

    asio::io_context io;
    for (unsigned i = 0; i < s.hosts; ++i)
    {
        behaviour how = behaviour::healthy;
        if (s.stall_every != 0 && i % s.stall_every == 1)
            how = behaviour::stall;
        else if (s.error_every != 0 && i % s.error_every == 2)
            how = behaviour::error;
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                                 static_cast<unsigned short>(s.base_port + i)));
        asio::co_spawn(io, listen(std::move(acceptor), st, how), asio::detached);
    }
    std::cout << "listening hosts=" << s.hosts << std::endl;
    st.start = clock_type::now();
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < s.threads; ++t)
        pool.emplace_back([&io] { io.run(); });
    std::thread runner([&io] { io.run(); });
    const auto deadline = clock_type::now() + std::chrono::seconds(s.timeout_s);
    // Verified deliveries per step (100 ms unless --sample-ms) from the first one: shows
    // whether the run is steady or stalls (say, while silent hosts hold slots).
    const auto step = std::chrono::milliseconds(s.sample_ms);
    std::vector<std::uint64_t> timeline;
    auto next_sample = clock_type::now();
    while (clock_type::now() < deadline && (s.expect == 0 || st.verified.load() < s.expect))
    {
        // Never a busy loop: this thread shares the cores with the node under test.
        std::this_thread::sleep_for(std::clamp<std::chrono::milliseconds>(
            step / 5, std::chrono::milliseconds(1), std::chrono::milliseconds(5)));
        if (st.first_ns.load() == 0)
            next_sample = clock_type::now() + step;
        else if (clock_type::now() >= next_sample)
        {
            timeline.push_back(st.verified.load());
            next_sample += step;
        }
    }
    timeline.push_back(st.verified.load());
    io.stop();
    runner.join();
    for (auto& t : pool)
        t.join();
    // The sink shares the cores with the node: its own CPU time says how much it took.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("verified_per_%ums=", s.sample_ms);
    for (std::size_t i = 0; i < timeline.size(); ++i)
        std::printf("%s%llu", i == 0 ? "" : ",",
                    static_cast<unsigned long long>(timeline[i] - (i == 0 ? 0 : timeline[i - 1])));
    std::printf("\n");
    std::printf("verified=%llu rejected=%llu errors_sent=%llu stalled=%llu connections=%llu "
                "first_epoch=%.6f "
                "last_epoch=%.6f sink_cpu_s=%.2f\n",
                static_cast<unsigned long long>(st.verified.load()),
                static_cast<unsigned long long>(st.rejected.load()),
                static_cast<unsigned long long>(st.errors_sent.load()),
                static_cast<unsigned long long>(st.stalled.load()),
                static_cast<unsigned long long>(st.connections.load()),
                static_cast<double>(st.first_ns.load()) / 1e9,
                static_cast<double>(st.last_ns.load()) / 1e9, cpu_s);
    return st.verified.load() >= s.expect ? 0 : 1;
}
