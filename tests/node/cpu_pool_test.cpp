// SPDX-License-Identifier: AGPL-3.0-or-later
// cpu_pool: callers are handed back in batches while calls keep queuing, at once when the
// queue runs dry; offload() returns values and carries exceptions.
#include "node/cpu_pool.hpp"

#include "node/net.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fedblog::node {
namespace {

using namespace std::chrono_literals;

/// A call that blocks its pool thread until release(): the calls made meanwhile all queue.
struct gate
{
    std::promise<void> opened;
    std::shared_future<void> wait_for = opened.get_future().share();
    bool released                     = false;

    void release()
    {
        if (!released)
            opened.set_value();
        released = true;
    }

    ~gate() { release(); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(cpu_pool_rules)

BOOST_AUTO_TEST_CASE(queued_calls_are_handed_back_in_batches_and_the_first_before_the_last_runs)
{
    asio::io_context io;
    cpu_pool pool(1, 4);
    gate held;
    std::atomic<int> ran{0};
    constexpr int n = 17; // the held call and 16 queued behind it
    std::vector<std::optional<int>> results(n);
    std::vector<int> ran_when_resumed(n, -1);
    for (int i = 0; i < n; ++i)
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                auto r                                        = co_await pool.run([&, i] {
                    if (i == 0)
                        held.wait_for.wait();
                    else
                        std::this_thread::sleep_for(10ms); // a signature's worth, and more
                    ++ran;
                    return i * 10;
                });
                ran_when_resumed[static_cast<std::size_t>(i)] = ran.load();
                results[static_cast<std::size_t>(i)]          = r;
            },
            asio::detached);
    io.poll(); // every coroutine has queued its call
    held.release();
    io.run_for(10s);

    for (int i = 0; i < n; ++i)
    {
        BOOST_TEST_REQUIRE(results[static_cast<std::size_t>(i)].has_value(), "call " << i);
        BOOST_TEST(*results[static_cast<std::size_t>(i)] == i * 10);
    }
    const auto counts = pool.handed_back();
    BOOST_TEST(counts.calls == std::size_t(n));
    BOOST_TEST(counts.batches == 5u); // 4 + 4 + 4 + 4, then the last one alone
    // The first four went back while twelve calls (120 ms) were still to run.
    BOOST_TEST(ran_when_resumed[0] >= 4);
    BOOST_TEST(ran_when_resumed[0] <= 8);
}

BOOST_AUTO_TEST_CASE(a_lone_call_does_not_wait_for_a_batch)
{
    asio::io_context io;
    cpu_pool pool(2, 16);
    std::optional<std::string> result;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            result = co_await pool.run([] { return std::string("signed"); });
        },
        asio::detached);
    io.run_for(5s);
    BOOST_TEST_REQUIRE(result.has_value());
    BOOST_TEST(*result == "signed");
    BOOST_TEST(pool.handed_back().batches == 1u);
}

BOOST_AUTO_TEST_CASE(a_call_that_throws_throws_in_its_caller_and_void_calls_return)
{
    asio::io_context io;
    cpu_pool pool(1, 8);
    std::string caught;
    bool void_done = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            try
            {
                co_await pool.run([]() -> int { throw std::runtime_error("bad key"); });
            }
            catch (const std::runtime_error& e)
            {
                caught = e.what();
            }
            co_await pool.run([&] { void_done = true; });
        },
        asio::detached);
    io.run_for(5s);
    BOOST_TEST(caught == "bad key");
    BOOST_TEST(void_done);
}

BOOST_AUTO_TEST_CASE(destruction_runs_the_queued_calls)
{
    std::atomic<int> ran{0};
    {
        asio::io_context io;
        cpu_pool pool(1, 4);
        gate held;
        for (int i = 0; i < 6; ++i)
            asio::co_spawn(
                io,
                [&, i]() -> asio::awaitable<void> {
                    co_await pool.run([&, i] {
                        if (i == 0)
                            held.wait_for.wait();
                        ++ran;
                    });
                },
                asio::detached);
        io.poll();
        held.release();
        pool.join(); // the io_context is not running: the resumptions wait in it
    }
    BOOST_TEST(ran.load() == 6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(offload_rules)

BOOST_AUTO_TEST_CASE(offload_returns_values_and_carries_exceptions)
{
    asio::io_context io;
    asio::thread_pool pool(2);
    std::optional<std::string> value;
    std::string caught;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            value = co_await offload(pool, [] { return std::string("row"); });
            try
            {
                co_await offload(pool, []() -> int { throw std::runtime_error("locked"); });
            }
            catch (const std::runtime_error& e)
            {
                caught = e.what();
            }
        },
        asio::detached);
    io.run_for(5s);
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(*value == "row");
    BOOST_TEST(caught == "locked");
    pool.join();
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::node
