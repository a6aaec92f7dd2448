// SPDX-License-Identifier: AGPL-3.0-or-later
// Connection pool: reuse idle connections, open new ones outside the lock.
#include "storage/sql/connection_pool.hpp"

#include <utility>

namespace fedblog::storage::sql {

connection_pool::connection_pool(opener open, std::size_t max_idle)
    : open_(std::move(open)), max_idle_(max_idle)
{
    idle_.reserve(max_idle_);
}

connection_pool::~connection_pool() = default;

result<connection_pool::lease> connection_pool::acquire()
{
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty())
        {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return lease(*this, std::move(conn));
        }
    }
    // Opening touches the file (SQLite may wait on the WAL switch) or the network, so other
    // threads keep getting idle connections meanwhile.
    auto conn = open_();
    if (!conn)
        return conn.error();
    return lease(*this, std::move(*conn));
}

void connection_pool::release_memory() noexcept
{
    // Under the lock, so none of them is handed out meanwhile; releasing is quick.
    std::lock_guard lock(mutex_);
    for (auto& conn : idle_)
        conn->release_memory();
}

void connection_pool::give_back(std::unique_ptr<connection> conn) noexcept
{
    std::unique_ptr<connection> surplus;
    {
        std::lock_guard lock(mutex_);
        if (conn->usable() && idle_.size() < max_idle_)
        {
            // reserve() in the constructor means this push_back never allocates.
            idle_.push_back(std::move(conn));
            return;
        }
        surplus = std::move(conn);
    }
    // Closed outside the lock: a close may checkpoint SQLite's WAL or talk to a server.
}

} // namespace fedblog::storage::sql
