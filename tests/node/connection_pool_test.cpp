// SPDX-License-Identifier: AGPL-3.0-or-later
// connection_pool: idle connections per origin under a total bound, expiry, and the bound
// taken from the open-file limit. Real loopback sockets: the pool checks them with recv().
#include "node/outbound/connection_pool.hpp"

#include "node/open_files.hpp"

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <memory>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <vector>

namespace fedblog::node {
namespace {

/// A loopback listener whose accepted ends stay open (or are closed on demand).
struct loopback
{
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::vector<tcp::socket> served;

    std::unique_ptr<pooled_connection> connect()
    {
        tcp::socket client(io);
        client.connect(acceptor.local_endpoint());
        served.push_back(acceptor.accept());
        return std::make_unique<pooled_connection>(beast::tcp_stream(std::move(client)));
    }

    /// True when the client end of served[i] was closed (a read sees end of file); false
    /// when it is still open (nothing arrives within 0.2 s).
    bool client_closed(std::size_t i)
    {
        pollfd p{served[i].native_handle(), POLLIN, 0};
        if (::poll(&p, 1, 200) != 1)
            return false;
        char byte    = 0;
        const auto n = ::recv(served[i].native_handle(), &byte, 1, MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }
};

std::string origin(int i)
{
    return "http://127.0.0.1:" + std::to_string(20000 + i);
}

BOOST_AUTO_TEST_SUITE(connection_pool_rules)

BOOST_AUTO_TEST_CASE(the_idle_bound_is_a_quarter_of_the_open_files_within_limits)
{
    BOOST_TEST(pool_limits_for(1024).max_idle_total == 256U);
    BOOST_TEST(pool_limits_for(20000).max_idle_total == 5000U);
    BOOST_TEST(pool_limits_for(40).max_idle_total == 16U);
    BOOST_TEST(pool_limits_for(1U << 20U).max_idle_total == 8192U);
    BOOST_TEST(pool_limits_for(0).max_idle_total == 16U);
}

BOOST_AUTO_TEST_CASE(beyond_the_total_the_least_recently_parked_connection_is_closed)
{
    loopback net;
    pool_limits limits;
    limits.max_idle_total = 3;
    connection_pool pool(limits);
    for (int i = 0; i < 4; ++i)
        pool.put(origin(i), net.connect());
    BOOST_TEST(pool.idle() == 3U);
    BOOST_TEST(net.client_closed(0));
    BOOST_TEST(!net.client_closed(1)); // still parked, still open
    BOOST_TEST(pool.take(origin(0)) == nullptr);
    for (int i = 1; i < 4; ++i)
        BOOST_TEST(pool.take(origin(i)) != nullptr, "origin " << i);
    BOOST_TEST(pool.idle() == 0U);
}

BOOST_AUTO_TEST_CASE(one_origin_keeps_at_most_its_own_share)
{
    loopback net;
    pool_limits limits;
    limits.max_idle_per_origin = 2;
    connection_pool pool(limits);
    for (int i = 0; i < 3; ++i)
        pool.put(origin(0), net.connect());
    BOOST_TEST(pool.idle() == 2U);
    BOOST_TEST(net.client_closed(2)); // the third was refused, not an older one
    BOOST_TEST(pool.take(origin(0)) != nullptr);
    BOOST_TEST(pool.take(origin(0)) != nullptr);
    BOOST_TEST(pool.take(origin(0)) == nullptr);
}

BOOST_AUTO_TEST_CASE(close_expired_closes_only_connections_idle_too_long)
{
    loopback net;
    pool_limits fresh;
    connection_pool keeping(fresh); // 30 s: nothing has expired
    keeping.put(origin(0), net.connect());
    keeping.close_expired();
    BOOST_TEST(keeping.idle() == 1U);

    pool_limits at_once;
    at_once.max_idle = std::chrono::seconds(0);
    connection_pool expiring(at_once);
    expiring.put(origin(1), net.connect());
    expiring.put(origin(1), net.connect());
    expiring.put(origin(2), net.connect());
    expiring.close_expired();
    BOOST_TEST(expiring.idle() == 0U);
    BOOST_TEST(net.client_closed(1));
    BOOST_TEST(net.client_closed(2));
    BOOST_TEST(net.client_closed(3));
    BOOST_TEST(expiring.take(origin(1)) == nullptr);
    BOOST_TEST(keeping.take(origin(0)) != nullptr);
}

BOOST_AUTO_TEST_CASE(a_connection_its_peer_closed_is_not_handed_out)
{
    loopback net;
    connection_pool pool;
    pool.put(origin(0), net.connect());
    pool.put(origin(0), net.connect());
    net.served[1].close(); // the most recently parked one: take() tries it first
    BOOST_TEST(pool.take(origin(0)) != nullptr);
    BOOST_TEST(pool.idle() == 0U);
}

BOOST_AUTO_TEST_CASE(the_open_file_limit_is_raised_to_the_hard_limit)
{
    rlimit before{};
    BOOST_TEST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
    const auto now = raise_open_file_limit();
    BOOST_TEST(now == open_file_limit());
    BOOST_TEST(now >= before.rlim_cur);
    if (before.rlim_max != RLIM_INFINITY)
        BOOST_TEST(now == std::min<std::uint64_t>(before.rlim_max, 1U << 20U));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace
} // namespace fedblog::node
