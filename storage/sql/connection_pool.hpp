// SPDX-License-Identifier: AGPL-3.0-or-later
// A small pool of connections to one database, one per concurrently calling thread.
#pragma once

#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace fedblog::storage::sql {

/** Hands out connections to one database, opening more as concurrent callers need them.

    A connection must not be used by two threads at once, and opening one costs a few
    round trips or pragmas, so idle connections are kept for reuse, up to `max_idle`; any
    beyond that are closed when returned, and broken ones (connection::usable()) are
    dropped. There is no upper bound on connections in use: callers are bounded by the
    threads that call in (the node's database pool).

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

    /// Opens one new connection; called outside the pool's lock.
    using opener = std::function<result<std::unique_ptr<connection>>()>;

    connection_pool(opener open, std::size_t max_idle);
    connection_pool(const connection_pool&)            = delete;
    connection_pool& operator=(const connection_pool&) = delete;
    ~connection_pool();

    /** An idle connection, or a newly opened one.
        @return error as the opener reports it.
    */
    [[nodiscard]] result<lease> acquire();

    /// connection::release_memory() on every idle connection (those in use keep theirs).
    void release_memory() noexcept;

private:
    void give_back(std::unique_ptr<connection> conn) noexcept;

    const opener open_;
    const std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_; // guarded by mutex_
};

} // namespace fedblog::storage::sql
