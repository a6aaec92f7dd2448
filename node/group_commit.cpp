// SPDX-License-Identifier: AGPL-3.0-or-later
// Group commit: the queue, and the pool task that writes it out group by group.
#include "node/group_commit.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace fedblog::node {

group_commit::group_commit(asio::thread_pool& pool, storage::store& store, std::size_t max_group)
    : pool_(pool), store_(store), max_group_(std::max<std::size_t>(1, max_group))
{}

group_commit::counts group_commit::written() const
{
    std::lock_guard lock(mutex_);
    return written_;
}

void group_commit::enqueue(std::unique_ptr<waiting> w)
{
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(w));
        // One pool task drains the queue; calls that arrive meanwhile join its next group.
        if (draining_)
            return;
        draining_ = true;
    }
    asio::post(pool_, [this] { drain(); });
}

void group_commit::drain()
{
    std::deque<std::unique_ptr<waiting>> group;
    for (;;)
    {
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty())
            {
                draining_ = false;
                return;
            }
            const std::size_t n = std::min(max_group_, queue_.size());
            for (std::size_t i = 0; i < n; ++i)
            {
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            ++written_.groups;
            written_.calls += n;
        }
        write(group);
        group.clear();
    }
}

void group_commit::write(std::deque<std::unique_ptr<waiting>>& group)
{
    bool written = group.size() == 1;
    if (written)
        group.front()->run(store_);
    else
    {
        try
        {
            auto done = store_.grouped([&] {
                for (auto& w : group)
                    w->run(store_);
            });
            written   = done.has_value();
            if (!done)
                spdlog::debug("group commit of {} calls failed ({}); writing them one by one",
                              group.size(), done.error().message());
        }
        catch (const std::exception& e) // out of memory: the queue must go on draining
        {
            spdlog::warn("group commit of {} calls failed ({}); writing them one by one",
                         group.size(), e.what());
        }
    }
    // Nothing of a failed group was written: each call again on its own, as db() runs it.
    if (!written)
        for (auto& w : group)
            w->run(store_);
    for (auto& w : group)
        w->resume();
}

} // namespace fedblog::node
