// SPDX-License-Identifier: AGPL-3.0-or-later
// One RAII SQLite connection with our pragmas, as an sql::connection.
#pragma once

#include "storage/sql/connection.hpp"
#include "storage/sqlite/statement.hpp"
#include "storage/store.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace fedblog::storage::sqlite {

class checkpointer;

/** An open SQLite database handle configured for fedblog.

    Opening sets, in this order: busy_timeout, journal_mode=WAL (persistent in the file),
    foreign_keys=ON, synchronous=NORMAL (durable across process crashes; an OS crash may
    lose the last transactions but never corrupts the file), trusted_schema=OFF and
    SQLITE_DBCONFIG_DEFENSIVE.

    A write transaction is BEGIN IMMEDIATE: it takes the write lock up front (waiting up to
    the busy timeout), so two writers never both read and then deadlock upgrading to
    write; in WAL mode readers are never blocked by it.

    @par Thread Safety
    As sql::connection: one thread at a time; never in a process forked after the open.
*/
class connection final : public sql::connection
{
public:
    /** Opens (creating if missing) the database file at `path`. With `checkpoints`, this
        connection's commits leave checkpoints to it (checkpointer.hpp) instead of SQLite's
        automatic checkpoint at 1,000 log pages; the connection keeps it alive.
        @return the connection; error::unavailable when the file cannot be opened or is not
        a database, error::busy when the WAL switch stayed locked past `busy_timeout`.
    */
    [[nodiscard]] static result<std::unique_ptr<connection>>
    open(const std::string& path, std::chrono::milliseconds busy_timeout,
         std::shared_ptr<checkpointer> checkpoints = nullptr);

    ~connection() override;

    [[nodiscard]] sql::dialect dialect() const noexcept override { return sql::dialect::sqlite; }

    [[nodiscard]] result<void> exec(std::string_view sql) override;
    [[nodiscard]] result<void> begin_write(sql::isolation level) override;
    [[nodiscard]] result<void> commit() override;
    void rollback() noexcept override;
    void release_memory() noexcept override;

    [[nodiscard]] sqlite3* native() const noexcept { return db_; }

protected:
    [[nodiscard]] result<std::unique_ptr<sql::statement>> compile(std::string_view sql) override;

private:
    explicit connection(sqlite3* db) noexcept : db_(db) {}

    sqlite3* db_;
    std::shared_ptr<checkpointer> checkpoints_;
};

} // namespace fedblog::storage::sqlite
