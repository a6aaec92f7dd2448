// SPDX-License-Identifier: AGPL-3.0-or-later
// A small pool of SQLite connections to one database file, one per concurrently calling thread.
#pragma once

#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fedblog::storage::sqlite {

/** Hands out connections to one database, opening more as concurrent callers need them.

    SQLite connections must not be used by two threads at once, and opening one costs a
    few pragmas, so idle connections are kept for reuse, up to `max_idle`; any beyond that
    are closed when returned. There is no upper bound on connections in use: SQLite itself
    serialises writers (BEGIN IMMEDIATE waits up to the busy timeout) and WAL readers do not
    block each other.

    @par Thread Safety
    acquire() may be called from any number of threads. The pool must outlive every lease.
*/
class connection_pool
{
public:
    /// Returned to the pool (or closed) on destruction. Move-only.
    class lease
    {
    public:
        lease(connection_pool& pool, std::unique_ptr<connection> conn) noexcept
            : pool_(&pool), conn_(std::move(conn))
        {}

        lease(lease&&) noexcept            = default;
        lease& operator=(lease&&) noexcept = delete;
        lease(const lease&)                = delete;
        lease& operator=(const lease&)     = delete;

        ~lease()
        {
            if (conn_)
                pool_->give_back(std::move(conn_));
        }

        connection& operator*() const noexcept { return *conn_; }

        connection* operator->() const noexcept { return conn_.get(); }

    private:
        connection_pool* pool_;
        std::unique_ptr<connection> conn_;
    };

    connection_pool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle);
    connection_pool(const connection_pool&)            = delete;
    connection_pool& operator=(const connection_pool&) = delete;
    ~connection_pool();

    /** An idle connection, or a newly opened one.
        @return error as connection::open() reports it.
    */
    [[nodiscard]] result<lease> acquire();

    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    void give_back(std::unique_ptr<connection> conn) noexcept;

    const std::string path_;
    const std::chrono::milliseconds busy_timeout_;
    const std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_; // guarded by mutex_
};

} // namespace fedblog::storage::sqlite
