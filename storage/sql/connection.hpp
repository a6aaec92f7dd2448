// SPDX-License-Identifier: AGPL-3.0-or-later
// A database connection as the store's logic sees it: statements, a cache, write transactions.
#pragma once

#include "storage/sql/statement.hpp"
#include "storage/store.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fedblog::storage::sql {

/// Which SQL a connection speaks, for the few statements the backends spell differently.
enum class dialect
{
    sqlite,
    postgres,
};

/** How far a write transaction is kept apart from concurrent ones. SQLite runs one writer
    at a time, which is serializable whatever is asked; PostgreSQL runs them side by side. */
enum class isolation
{
    /// As if the writes ran one after another (PostgreSQL's SERIALIZABLE). A write whose
    /// reads decide what it writes to other rows needs it: two claims each counting a
    /// host's leased jobs.
    serializable,
    /// Every statement sees the transaction's snapshot, and of two transactions updating
    /// one row the later fails (PostgreSQL's REPEATABLE READ). Enough for a write that
    /// changes only the rows it reads; it takes no part in serializable transactions'
    /// conflict tracking, so it neither aborts them nor is aborted on their behalf.
    snapshot,
};

/** An open connection of one backend (sqlite::connection, postgres::connection).

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe: use a connection from one
    thread at a time (the connection_pool hands each out to one caller). Never use a
    connection in a process forked after it was opened.
*/
class connection
{
public:
    connection()                             = default;
    connection(const connection&)            = delete;
    connection& operator=(const connection&) = delete;
    virtual ~connection()                    = default;

    [[nodiscard]] virtual sql::dialect dialect() const noexcept = 0;

    /** Runs `sql`, which may hold several statements and no parameters (migrations,
        transaction control). @return the backend's error, translated.
    */
    [[nodiscard]] virtual result<void> exec(std::string_view sql) = 0;

    /** Returns the cached statement for `sql`, preparing it on first use.
        `sql` is the cache key: pass the same text (normally a constant) each time.
        Checking out a statement that is already checked out is a bug and throws
        std::logic_error.
    */
    [[nodiscard]] result<statement_ref> prepare(std::string_view sql);

    /** Opens the write transaction every store write runs in. SQLite takes the database's
        write lock (BEGIN IMMEDIATE); PostgreSQL starts a transaction at `level`, whose
        conflicts surface as error::busy at a statement or at commit.
    */
    [[nodiscard]] virtual result<void> begin_write(isolation level) = 0;
    [[nodiscard]] virtual result<void> commit()                     = 0;
    /// Rolls back the open transaction, if the backend has not already ended it.
    virtual void rollback() noexcept = 0;

    /// False once the connection is broken (a server gone away); the pool then drops it.
    [[nodiscard]] virtual bool usable() const noexcept { return true; }

    /// Frees what the connection caches and can read again (SQLite's page cache). Only
    /// while no statement of it is running.
    virtual void release_memory() noexcept {}

protected:
    /// Compiles one statement; called by prepare() on a cache miss.
    [[nodiscard]] virtual result<std::unique_ptr<statement>> compile(std::string_view sql) = 0;

    /// Finalizes every cached statement: derived destructors call it before closing their
    /// handle, which the statements point into.
    void drop_statements() noexcept { cache_.clear(); }

private:
    std::unordered_map<std::string, std::unique_ptr<statement>> cache_;
};

/** A write transaction: connection::begin_write() on begin(), rollback on destruction
    unless commit() succeeded.
*/
class write_transaction
{
public:
    explicit write_transaction(connection& db) noexcept : db_(db) {}

    write_transaction(const write_transaction&)            = delete;
    write_transaction& operator=(const write_transaction&) = delete;

    ~write_transaction()
    {
        if (open_)
            db_.rollback();
    }

    /// @return error::busy when the write lock could not be had within the busy timeout.
    [[nodiscard]] result<void> begin(isolation level = isolation::serializable)
    {
        auto r = db_.begin_write(level);
        open_  = r.has_value();
        return r;
    }

    /// Commits; on failure the destructor rolls back.
    [[nodiscard]] result<void> commit()
    {
        auto r = db_.commit();
        if (r)
            open_ = false;
        return r;
    }

private:
    connection& db_;
    bool open_ = false;
};

} // namespace fedblog::storage::sql
