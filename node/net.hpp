// SPDX-License-Identifier: AGPL-3.0-or-later
// One place for the Asio/Beast vocabulary used across node/.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <optional>
#include <type_traits>

namespace fedblog::node {

namespace asio  = boost::asio;
namespace beast = boost::beast;
namespace http  = beast::http;
using tcp       = asio::ip::tcp;

// Boost 1.81 has no awaitable default completion token: make "co_await yields
// [ec, value...]" the default for the I/O objects node/ owns.
using use_tuple    = asio::as_tuple_t<asio::use_awaitable_t<>>;
using tcp_stream   = use_tuple::as_default_on_t<beast::tcp_stream>;
using tcp_acceptor = use_tuple::as_default_on_t<tcp::acceptor>;
using steady_timer = use_tuple::as_default_on_t<asio::steady_timer>;

/* GCC 12.2 destroys twice a temporary *aggregate or closure* with non-trivially destructible
   members that is created inside a co_await expression and outlives a real suspension, e.g.
   `co_await a.db([slug](store& s) {...})` with a std::string captured by value, or
   `co_await f(some_struct{str})`. (Plain class prvalues such as std::string are fine.) So in
   node/, lambdas handed to app::db() capture by reference (`[&]`: the caller is suspended,
   so its locals outlive the call), and aggregates passed inside co_await are named first.
   offload() and app::db() are ordinary functions for the same reason. The ASan build
   (-DFEDBLOG_SANITIZE=address,undefined) running the integration tests catches slips. */

/** Runs blocking `f` (a store call, RSA key generation) on `pool` and resumes the caller on
    its own executor, so I/O threads never block on the database. `f` is moved into the task
    before this returns; the awaitable must be awaited at once.

    A call that finishes without suspending is posted to the back of the pool's queue once
    more before its caller resumes (co_spawn does that): callers of calls that queued up
    together are resumed together, after the queue. Resuming each at once cost the inbox
    benchmark more CPU per request (a wake-up per call). RSA signatures, which queue by
    the hundred, use node/cpu_pool.hpp instead.
*/
template <class F>
asio::awaitable<std::invoke_result_t<std::decay_t<F>&>> offload(asio::thread_pool& pool, F&& f)
{
    using R   = std::invoke_result_t<std::decay_t<F>&>;
    auto task = [fn = std::decay_t<F>(std::forward<F>(f))]() mutable -> asio::awaitable<R> {
        co_return fn();
    };
    return asio::co_spawn(pool, std::move(task), asio::use_awaitable);
}

/// Races `op` against a deadline; std::nullopt means it timed out (and `op` was cancelled).
template <class T>
asio::awaitable<std::optional<T>> with_timeout(asio::awaitable<T> op,
                                               std::chrono::steady_clock::duration limit)
{
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer{co_await asio::this_coro::executor, limit};
    auto winner = co_await (std::move(op) || timer.async_wait(asio::use_awaitable));
    if (winner.index() == 1)
        co_return std::nullopt;
    co_return std::get<0>(std::move(winner));
}

} // namespace fedblog::node
