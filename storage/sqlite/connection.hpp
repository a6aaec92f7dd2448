// SPDX-License-Identifier: AGPL-3.0-or-later
// One RAII SQLite connection with our pragmas, a prepared-statement cache and transactions.
#pragma once

#include "storage/sqlite/statement.hpp"
#include "storage/store.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

struct sqlite3;

namespace fedblog::storage::sqlite {

class connection;

/** A cached statement checked out of a connection; resets it (and drops its bindings) when
    it goes out of scope, so no statement keeps a read snapshot open by accident.
    Must not outlive the connection it came from.
*/
class statement_ref
{
public:
    explicit statement_ref(statement& stmt) noexcept : stmt_(&stmt) {}

    statement_ref(statement_ref&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

    statement_ref& operator=(statement_ref&&)      = delete;
    statement_ref(const statement_ref&)            = delete;
    statement_ref& operator=(const statement_ref&) = delete;

    ~statement_ref()
    {
        if (stmt_ != nullptr)
        {
            stmt_->reset();
            stmt_->checked_out_ = false;
        }
    }

    statement* operator->() const noexcept { return stmt_; }

    statement& operator*() const noexcept { return *stmt_; }

private:
    statement* stmt_;
};

/** An open SQLite database handle configured for fedblog.

    Opening sets, in this order: busy_timeout, journal_mode=WAL (persistent in the file),
    foreign_keys=ON, synchronous=NORMAL (durable across process crashes; an OS crash may
    lose the last transactions but never corrupts the file), trusted_schema=OFF and
    SQLITE_DBCONFIG_DEFENSIVE.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe: use a connection from one
    thread at a time (the connection_pool hands each out to one caller). Never use a
    connection in a process forked after it was opened.
*/
class connection
{
public:
    /** Opens (creating if missing) the database file at `path`.
        @return the connection; error::unavailable when the file cannot be opened or is not
        a database, error::busy when the WAL switch stayed locked past `busy_timeout`.
    */
    [[nodiscard]] static result<std::unique_ptr<connection>>
    open(const std::string& path, std::chrono::milliseconds busy_timeout);

    connection(const connection&)            = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /** Runs `sql`, which may hold several statements and no parameters (migrations,
        pragmas, BEGIN/COMMIT). @return error as translate() maps it.
    */
    [[nodiscard]] result<void> exec(std::string_view sql);

    /** Returns the cached statement for `sql`, preparing it on first use.
        `sql` is the cache key: pass the same text (normally a constant) each time.
        Checking out a statement that is already checked out is a bug and throws
        std::logic_error.
    */
    [[nodiscard]] result<statement_ref> prepare(std::string_view sql);

    [[nodiscard]] sqlite3* native() const noexcept { return db_; }

private:
    explicit connection(sqlite3* db) noexcept : db_(db) {}

    sqlite3* db_;
    // Declared after db_ so statements are finalized before the handle is closed.
    std::unordered_map<std::string, std::unique_ptr<statement>> cache_;
};

/** A write transaction: BEGIN IMMEDIATE on begin(), ROLLBACK on destruction unless
    commit() succeeded.

    IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so two
    writers never both read and then deadlock upgrading to write; in WAL mode readers are
    never blocked by it.
*/
class write_transaction
{
public:
    explicit write_transaction(connection& db) noexcept : db_(db) {}

    write_transaction(const write_transaction&)            = delete;
    write_transaction& operator=(const write_transaction&) = delete;
    ~write_transaction();

    /// @return error::busy when the write lock could not be had within the busy timeout.
    [[nodiscard]] result<void> begin();

    /// Commits; on failure the destructor rolls back.
    [[nodiscard]] result<void> commit();

private:
    connection& db_;
    bool open_ = false;
};

} // namespace fedblog::storage::sqlite
