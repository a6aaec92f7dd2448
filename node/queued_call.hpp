// SPDX-License-Identifier: AGPL-3.0-or-later
// A call queued for a thread outside the caller's io_context, and the way back to its caller.
#pragma once

#include "node/net.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace fedblog::node {

/** A queued call for a pool that runs calls its own way (in groups, in batches: see
    group_commit.hpp and cpu_pool.hpp), and the way back to the coroutine that waits for it.
    The pool runs it with run(args...), then hands it back with resume(). */
template <class... Args>
class queued_call
{
public:
    explicit queued_call(std::function<void(Args...)> run) : run_(std::move(run)) {}

    virtual ~queued_call() = default;

    queued_call(const queued_call&)            = delete;
    queued_call& operator=(const queued_call&) = delete;

    /// Runs the call (again, if the pool must); never throws (see call_result).
    void run(Args... args) noexcept { run_(args...); }

    /// Resumes the caller on its own executor.
    virtual void resume() = 0;

    /** Wraps `on_done`, the completion handler async_initiate gave for a caller suspended
        with use_awaitable. Until resume(), the caller's io_context is kept running. */
    template <class Handler>
    static std::unique_ptr<queued_call> make(std::function<void(Args...)> run, Handler on_done);

private:
    std::function<void(Args...)> run_;
};

namespace detail {

template <class Handler, class... Args>
class queued_call_for final : public queued_call<Args...>
{
public:
    queued_call_for(std::function<void(Args...)> run, Handler on_done)
        : queued_call<Args...>(std::move(run)), handler_(std::move(on_done)),
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

} // namespace detail

template <class... Args>
template <class Handler>
std::unique_ptr<queued_call<Args...>> queued_call<Args...>::make(std::function<void(Args...)> run,
                                                                 Handler on_done)
{
    return std::make_unique<detail::queued_call_for<Handler, Args...>>(std::move(run),
                                                                       std::move(on_done));
}

/** A call's result or exception: written by the pool thread that runs it, read by its
    caller once resumed (the hand-back orders the two). */
template <class R>
class call_result
{
public:
    /// Runs `f` and keeps what it returned or threw, forgetting an earlier run's.
    template <class F>
    void capture(F&& f) noexcept
    {
        try
        {
            out_.reset();
            failed_ = nullptr;
            if constexpr (std::is_void_v<R>)
            {
                std::forward<F>(f)();
                out_.emplace(true);
            }
            else
                out_.emplace(std::forward<F>(f)());
        }
        catch (...)
        {
            failed_ = std::current_exception();
        }
    }

    /// The result; rethrows what the call threw.
    R take()
    {
        if (failed_)
            std::rethrow_exception(failed_);
        if constexpr (!std::is_void_v<R>)
            return std::move(*out_);
    }

private:
    std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> out_;
    std::exception_ptr failed_;
};

} // namespace fedblog::node
