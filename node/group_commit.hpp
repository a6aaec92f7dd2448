// SPDX-License-Identifier: AGPL-3.0-or-later
// Group commit: small store writes from many requests share one transaction.
#pragma once

#include "node/net.hpp"
#include "node/queued_call.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

namespace fedblog::node {

/** Runs store calls on the database pool like app::db(), but the calls that queue up while
    one group is being written are written together, in one store::grouped() transaction
    (up to `max_group` at a time). Under load, N inbound Likes then cost one commit (one
    write lock, one write-ahead log append) and one wake-up of a pool thread between them;
    a call that arrives alone runs at once, on its own, so nothing waits for company.

    Each call is still atomic on its own (see store::grouped()), and its result is handed
    back only after the group committed. If the group could not commit, every call in it
    is run again on its own, so what a caller sees is what db() would have given it.
    Calls must therefore, as any store write, change nothing outside the database.

    @par Thread Safety
    run() may be called from any thread. The pool and store must outlive this object, and
    this object every call it has queued.
*/
class group_commit
{
public:
    group_commit(asio::thread_pool& pool, storage::store& store, std::size_t max_group);

    group_commit(const group_commit&)            = delete;
    group_commit& operator=(const group_commit&) = delete;

    /// Runs `f(store&)` in the next group and resumes the caller on its own executor. Not a
    /// coroutine, for the reason in net.hpp; `f` is moved into the returned awaitable.
    template <class F>
    auto run(F&& f) -> asio::awaitable<std::invoke_result_t<std::decay_t<F>&, storage::store&>>
    {
        return call(*this, std::decay_t<F>(std::forward<F>(f)));
    }

    /// Groups written so far and the calls in them (for tests and benchmarks).
    struct counts
    {
        std::size_t groups = 0;
        std::size_t calls  = 0;
    };

    [[nodiscard]] counts written() const;

private:
    /// A caller waiting in the queue: its call, and the way back to its coroutine.
    using waiting = queued_call<storage::store&>;

    template <class Fn>
    static auto call(group_commit& self, Fn fn)
        -> asio::awaitable<std::invoke_result_t<Fn&, storage::store&>>
    {
        call_result<std::invoke_result_t<Fn&, storage::store&>> result;
        // Lives in this frame, which stays suspended until resume(): the queue holds a
        // reference to it.
        auto body = [&](storage::store& s) noexcept {
            result.capture([&] { return fn(s); });
        };
        co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
            [&](auto on_done) { self.enqueue(waiting::make(std::ref(body), std::move(on_done))); },
            asio::use_awaitable);
        co_return result.take();
    }

    void enqueue(std::unique_ptr<waiting> w);
    void drain();
    void write(std::deque<std::unique_ptr<waiting>>& group);

    asio::thread_pool& pool_;
    storage::store& store_;
    const std::size_t max_group_;
    mutable std::mutex mutex_;
    std::deque<std::unique_ptr<waiting>> queue_;
    bool draining_ = false;
    counts written_;
};

} // namespace fedblog::node
