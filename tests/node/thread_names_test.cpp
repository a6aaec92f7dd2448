// SPDX-License-Identifier: AGPL-3.0-or-later
// Thread names: cut to Linux's 15 bytes, every thread of a pool named once, a bounded wait
// when the pool cannot give one thread per task, and the cpu_pool's threads named.
#include "node/thread_names.hpp"

#include "node/cpu_pool.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace fedblog::node {
namespace {

using namespace std::chrono_literals;

/// The name each of `pool`'s `threads` threads carries, read by one task per thread (held
/// until all have started, as name_pool_threads() does).
std::multiset<std::string> names_in(asio::thread_pool& pool, unsigned threads)
{
    std::mutex m;
    std::condition_variable cv;
    unsigned started = 0;
    std::multiset<std::string> names;
    std::set<std::thread::id> ids;
    for (unsigned i = 0; i < threads; ++i)
        asio::post(pool, [&] {
            std::unique_lock lock(m);
            names.insert(this_thread_name());
            ids.insert(std::this_thread::get_id());
            ++started;
            cv.notify_all();
            cv.wait_for(lock, 5s, [&] { return started >= threads; });
        });
    std::unique_lock lock(m);
    cv.wait_for(lock, 10s, [&] { return started >= threads; });
    BOOST_TEST(ids.size() == threads); // one task per thread
    lock.unlock();
    pool.join();
    return names;
}

} // namespace

BOOST_AUTO_TEST_SUITE(thread_names)

BOOST_AUTO_TEST_CASE(a_name_longer_than_linux_keeps_is_cut_not_refused)
{
    std::string short_name, long_name;
    bool short_ok = false, long_ok = false;
    std::thread([&] {
        short_ok   = name_this_thread("fedblog-io");
        short_name = this_thread_name();
        long_ok    = name_this_thread("fedblog-a-name-far-too-long");
        long_name  = this_thread_name();
    }).join();
    BOOST_TEST(short_ok);
    BOOST_TEST(short_name == "fedblog-io");
    BOOST_TEST(long_ok);
    BOOST_TEST(long_name == "fedblog-a-name-");
    BOOST_TEST(long_name.size() == max_thread_name);
}

BOOST_AUTO_TEST_CASE(every_thread_of_a_pool_takes_the_name_once)
{
    asio::thread_pool pool(3);
    BOOST_TEST(name_pool_threads(pool, 3, "t-pool"));
    const auto names = names_in(pool, 3);
    BOOST_TEST(names.count("t-pool") == 3u);
}

BOOST_AUTO_TEST_CASE(a_pool_with_fewer_threads_than_named_gives_up_in_time)
{
    asio::thread_pool pool(1);
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(!name_pool_threads(pool, 2, "t-short", 200ms));
    const auto waited = std::chrono::steady_clock::now() - started;
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() < 2000);
    // The one thread was named all the same, and the pool still runs calls.
    const auto names = names_in(pool, 1);
    BOOST_TEST(names.count("t-short") == 1u);
}

BOOST_AUTO_TEST_CASE(a_cpu_pool_names_its_threads)
{
    asio::io_context io;
    cpu_pool pool(2, 4, "t-sign");
    std::optional<std::string> seen;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            seen = co_await pool.run([] { return this_thread_name(); });
        },
        asio::detached);
    io.run_for(10s);
    BOOST_TEST_REQUIRE(seen.has_value());
    BOOST_TEST(*seen == "t-sign");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::node
