// SPDX-License-Identifier: AGPL-3.0-or-later
// pthread thread names, and naming the threads of a pool one task each.
#include "node/thread_names.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <set>
#include <string>
#include <thread>

namespace fedblog::node {

bool name_this_thread(std::string_view name) noexcept
{
    char buf[max_thread_name + 1] = {};
    name.copy(buf, max_thread_name);
    return ::pthread_setname_np(::pthread_self(), buf) == 0;
}

std::string this_thread_name()
{
    char buf[64] = {};
    if (::pthread_getname_np(::pthread_self(), buf, sizeof buf) != 0)
        return {};
    return buf;
}

bool name_pool_threads(asio::thread_pool& pool, unsigned threads, std::string_view name,
                       std::chrono::milliseconds wait)
{
    // Shared with the tasks: one that starts after this call gave up must still find it.
    struct rendezvous
    {
        std::mutex mutex;
        std::condition_variable changed;
        unsigned finished = 0;
        std::set<std::thread::id> named; // distinct: a thread that took two counts once
        std::string name;
    };

    auto r              = std::make_shared<rendezvous>();
    r->name             = std::string(name);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (unsigned i = 0; i < threads; ++i)
        asio::post(pool, [r, threads, deadline] {
            name_this_thread(r->name);
            std::unique_lock lock(r->mutex);
            r->named.insert(std::this_thread::get_id());
            r->changed.notify_all();
            // Held here, this thread cannot take another of these tasks.
            r->changed.wait_until(lock, deadline, [&] { return r->named.size() >= threads; });
            ++r->finished;
            r->changed.notify_all();
        });
    std::unique_lock lock(r->mutex);
    return r->changed.wait_until(lock, deadline + std::chrono::milliseconds(100), [&] {
        return r->finished >= threads;
    }) && r->named.size() >= threads;
}

} // namespace fedblog::node
