// SPDX-License-Identifier: AGPL-3.0-or-later
// Connection pool: reuse idle SQLite connections, open new ones outside the lock.
#include "storage/sqlite/connection_pool.hpp"

#include <utility>

namespace fedblog::storage::sqlite {

connection_pool::connection_pool(std::string path, std::chrono::milliseconds busy_timeout,
                                 std::size_t max_idle)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_idle_(max_idle)
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
    // Opening touches the file (and may wait on the WAL switch), so other threads keep
    // getting idle connections meanwhile.
    auto conn = connection::open(path_, busy_timeout_);
    if (!conn)
        return conn.error();
    return lease(*this, std::move(*conn));
}

void connection_pool::give_back(std::unique_ptr<connection> conn) noexcept
{
    std::unique_ptr<connection> surplus;
    {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle_)
        {
            // reserve() in the constructor means this push_back never allocates.
            idle_.push_back(std::move(conn));
            return;
        }
        surplus = std::move(conn);
    }
    // Closed outside the lock: a close may checkpoint the WAL.
}

} // namespace fedblog::storage::sqlite
