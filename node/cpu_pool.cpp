// SPDX-License-Identifier: AGPL-3.0-or-later
// The pool's threads: take a call, run it, hand finished calls back in batches.
#include "node/cpu_pool.hpp"

#include "node/thread_names.hpp"

#include <algorithm>

namespace fedblog::node {

cpu_pool::cpu_pool(unsigned threads, std::size_t batch, std::string_view name)
    : batch_(std::max<std::size_t>(1, batch))
{
    const unsigned n = std::max(1u, threads);
    threads_.reserve(n);
    for (unsigned i = 0; i < n; ++i)
        threads_.emplace_back([this, name = std::string(name)] {
            name_this_thread(name);
            work();
        });
}

cpu_pool::~cpu_pool()
{
    join();
}

void cpu_pool::join()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_)
        if (t.joinable())
            t.join();
}

cpu_pool::counts cpu_pool::handed_back() const
{
    std::lock_guard lock(mutex_);
    return handed_back_;
}

void cpu_pool::enqueue(std::unique_ptr<waiting> w)
{
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(w));
    }
    ready_.notify_one();
}

void cpu_pool::work()
{
    std::vector<std::unique_ptr<waiting>> done;
    std::unique_lock lock(mutex_);
    for (;;)
    {
        if (queue_.empty() && !done.empty())
        {
            // Nothing more to do now: whoever waits for these must not wait for a batch.
            lock.unlock();
            hand_back(done);
            lock.lock();
            continue;
        }
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty())
            return; // stopping, and every queued call has run
        auto next = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        next->run();
        done.push_back(std::move(next));
        if (done.size() >= batch_)
            hand_back(done);
        lock.lock();
    }
}

void cpu_pool::hand_back(std::vector<std::unique_ptr<waiting>>& done)
{
    {
        // Counted first: a resumed caller may read the counts at once.
        std::lock_guard lock(mutex_);
        handed_back_.calls += done.size();
        ++handed_back_.batches;
    }
    for (auto& w : done)
        w->resume();
    done.clear();
}

} // namespace fedblog::node
