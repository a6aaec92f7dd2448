// SPDX-License-Identifier: AGPL-3.0-or-later
// Threads for CPU-bound calls (RSA signatures) awaited by coroutines on the I/O threads.
#pragma once

#include "node/net.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
    cpu_pool(unsigned threads, std::size_t batch);
    /// join()
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
    /// A queued call, and the way back to its coroutine.
    class waiting
    {
    public:
        explicit waiting(std::function<void()> run) : run_(std::move(run)) {}

        virtual ~waiting() = default;

        /// Runs the call; never throws (the call's exception is kept for its caller).
        void run() noexcept { run_(); }

        /// Resumes the caller on its executor.
        virtual void resume() = 0;

    private:
        std::function<void()> run_;
    };

    template <class Handler>
    class waiting_handler final : public waiting
    {
    public:
        waiting_handler(std::function<void()> run, Handler on_done)
            : waiting(std::move(run)), handler_(std::move(on_done)),
              work_(asio::get_associated_executor(handler_))
        {}

        void resume() override
        {
            auto ex = asio::get_associated_executor(handler_);
            asio::post(ex, std::move(handler_));
            work_.reset();
        }

    private:
        Handler handler_;
        // Keeps the caller's io_context running while the call waits outside it.
        asio::executor_work_guard<asio::associated_executor_t<Handler>> work_;
    };

    template <class Fn>
    static auto call(cpu_pool& self, Fn fn) -> asio::awaitable<std::invoke_result_t<Fn&>>
    {
        using R                = std::invoke_result_t<Fn&>;
        constexpr bool is_void = std::is_void_v<R>;
        std::optional<std::conditional_t<is_void, bool, R>> out;
        std::exception_ptr failed;
        // Lives in this frame, which stays suspended until resume(): the queue holds a
        // reference to it.
        auto body = [&]() noexcept {
            try
            {
                if constexpr (is_void)
                {
                    fn();
                    out.emplace(true);
                }
                else
                    out.emplace(fn());
            }
            catch (...)
            {
                failed = std::current_exception();
            }
        };
        co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
            [&](auto on_done) {
                self.enqueue(std::make_unique<waiting_handler<decltype(on_done)>>(
                    std::ref(body), std::move(on_done)));
            },
            asio::use_awaitable);
        if (failed)
            std::rethrow_exception(failed);
        if constexpr (!is_void)
            co_return std::move(*out);
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
