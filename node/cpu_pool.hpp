// SPDX-License-Identifier: AGPL-3.0-or-later
// Threads for CPU-bound calls (RSA signatures) awaited by coroutines on the I/O threads.
#pragma once

#include "node/net.hpp"
#include "node/queued_call.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace fedblog::node {

/** A pool for CPU-bound calls whose callers wait in coroutines, as offload() on an
    asio::thread_pool but with the callers resumed in batches while calls queue up.

    A fan-out queues hundreds of signatures. Handing each one back to the I/O threads as it
    is made wakes an I/O thread (and then the peer) once per request: on two cores the
    fan-out benchmark then used more CPU and delivered less (bench/README.md). Handing them
    back only when the whole queue is signed (what co_spawn on a thread pool does, see
    net.hpp) leaves the cores idle while the sends and answers catch up. So each thread
    hands back its finished calls every `batch` calls, and at once whenever the queue runs
    dry: a lone call waits for nothing.

    @par Thread Safety
    run() may be called from any thread. Destruction runs the calls still queued and resumes
    their callers, as asio::thread_pool::join() does: the resumptions are posted to the
    callers' executors, and an io_context destroyed without running them destroys them.
*/
class cpu_pool
{
public:
    /// `name`: the threads' name in `top -H` (node/thread_names.hpp).
    cpu_pool(unsigned threads, std::size_t batch, std::string_view name = "fedblog-cpu");
    /// Calls join().
    ~cpu_pool();

    /// Runs the calls still queued, resumes their callers and ends the threads. Idempotent.
    void join();

    cpu_pool(const cpu_pool&)            = delete;
    cpu_pool& operator=(const cpu_pool&) = delete;

    /// Runs `f()` on a pool thread and resumes the caller on its own executor. Not a
    /// coroutine, for the reason in net.hpp; `f` is moved into the returned awaitable.
    template <class F>
    auto run(F&& f) -> asio::awaitable<std::invoke_result_t<std::decay_t<F>&>>
    {
        return call(*this, std::decay_t<F>(std::forward<F>(f)));
    }

    /// Calls resumed so far and the hand-backs that resumed them (for tests and benchmarks).
    struct counts
    {
        std::size_t calls   = 0;
        std::size_t batches = 0;
    };

    [[nodiscard]] counts handed_back() const;

private:
    using waiting = queued_call<>;

    template <class Fn>
    static auto call(cpu_pool& self, Fn fn) -> asio::awaitable<std::invoke_result_t<Fn&>>
    {
        call_result<std::invoke_result_t<Fn&>> result;
        // Lives in this frame, which stays suspended until resume(): the queue holds a
        // reference to it.
        auto body = [&]() noexcept {
            result.capture(fn);
        };
        co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
            [&](auto on_done) { self.enqueue(waiting::make(std::ref(body), std::move(on_done))); },
            asio::use_awaitable);
        co_return result.take();
    }

    void enqueue(std::unique_ptr<waiting> w);
    void work();
    void hand_back(std::vector<std::unique_ptr<waiting>>& done);

    const std::size_t batch_;
    mutable std::mutex mutex_; // guards the members below
    std::condition_variable ready_;
    std::deque<std::unique_ptr<waiting>> queue_;
    bool stopping_ = false;
    counts handed_back_;
    std::vector<std::thread> threads_; // last: started once the rest exists
};

} // namespace fedblog::node
