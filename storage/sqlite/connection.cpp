// SPDX-License-Identifier: AGPL-3.0-or-later
// Opening and configuring a SQLite connection; its write transactions.
#include "storage/sqlite/connection.hpp"

#include "storage/error.hpp"
#include "storage/sqlite/checkpointer.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <thread>

namespace fedblog::storage::sqlite {

namespace {

/// SQLite's WAL hook: after each commit, with the log's length in pages.
int on_commit(void* checkpoints, sqlite3* db, const char* name, int log_pages)
{
    if (static_cast<checkpointer*>(checkpoints)->committed(log_pages))
        (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

} // namespace

result<std::unique_ptr<connection>> connection::open(const std::string& path,
                                                     std::chrono::milliseconds busy_timeout,
                                                     std::shared_ptr<checkpointer> checkpoints)
{
    sqlite3* db = nullptr;
    // NOMUTEX: each connection is used by one thread at a time (the pool guarantees it), so
    // SQLite's per-connection mutex would only cost time. EXRESCODE: extended codes let
    // translate() tell a UNIQUE violation from other constraint failures.
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr); rc != SQLITE_OK)
    {
        auto ec = translate(rc, db, path);
        sqlite3_close(db);
        // Whatever stopped the open (missing directory, permissions, out of memory), the
        // database cannot be reached.
        return ec == error::busy ? ec : make_error_code(error::unavailable);
    }
    std::unique_ptr<connection> conn(new connection(db));

    const auto timeout_ms = std::min<std::chrono::milliseconds::rep>(
        busy_timeout.count(), std::numeric_limits<int>::max());
    sqlite3_busy_timeout(db, static_cast<int>(timeout_ms));
    // Defensive mode refuses writes that can corrupt the file (writable_schema, raw page
    // edits) even if a hostile string ever reached SQL text.
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);

    // WAL lets readers run beside the single writer and is a property of the file, so only
    // the first connection to a new database actually switches it. While another connection
    // is switching it, SQLite answers SQLITE_BUSY at once without calling the busy handler,
    // so the switch is retried here until the busy timeout runs out.
    {
        auto wal = statement::prepare(db, "PRAGMA journal_mode=WAL");
        if (!wal)
            return wal.error();
        const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
        auto row            = (*wal)->step();
        while (!row && row.error() == error::busy && std::chrono::steady_clock::now() < deadline)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            (*wal)->reset();
            row = (*wal)->step();
        }
        if (!row)
            return row.error();
        const auto mode = *row ? (*wal)->column_text(0) : std::string();
        if (mode != "wal")
        {
            spdlog::error("storage: sqlite could not switch {} to WAL (journal_mode is '{}')", path,
                          mode);
            return error::unavailable;
        }
    }
    if (auto r = conn->exec("PRAGMA foreign_keys=ON;"
                            "PRAGMA synchronous=NORMAL;"
                            "PRAGMA trusted_schema=OFF;");
        !r)
        return r.error();
    if (checkpoints)
    {
        // Replaces SQLite's automatic checkpoint, itself a WAL hook.
        sqlite3_wal_hook(db, &on_commit, checkpoints.get());
        conn->checkpoints_ = std::move(checkpoints);
    }
    return conn;
}

connection::~connection()
{
    drop_statements();
    // v2 defers the close if a statement somehow survived; it cannot fail otherwise.
    sqlite3_close_v2(db_);
}

result<void> connection::exec(std::string_view sql)
{
    const std::string text(sql); // sqlite3_exec needs a terminating NUL
    if (const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK)
        return translate(rc, db_, sql);
    return {};
}

result<std::unique_ptr<sql::statement>> connection::compile(std::string_view sql)
{
    auto prepared = statement::prepare(db_, sql);
    if (!prepared)
        return prepared.error();
    return std::unique_ptr<sql::statement>(std::move(*prepared));
}

void connection::release_memory() noexcept
{
    // Each connection keeps up to 2 MB of pages it read; WAL readers check them again
    // anyway, so an idle connection loses little by dropping them.
    (void)sqlite3_db_release_memory(db_);
}

void connection::rollback() noexcept
{
    // After some errors (I/O, out of memory) SQLite has already rolled back on its own;
    // autocommit mode tells us there is nothing left to undo.
    if (sqlite3_get_autocommit(db_) != 0)
        return;
    try
    {
        (void)exec("ROLLBACK");
    }
    catch (...)
    {
        // Out of memory while rolling back: closing the connection will roll back instead.
    }
}

result<void> connection::begin_write(sql::isolation /*level*/)
{
    // One writer at a time: serializable at any level asked.
    auto stmt = prepare("BEGIN IMMEDIATE");
    if (!stmt)
        return stmt.error();
    if (auto r = (*stmt)->run(); !r)
        return r.error();
    return {};
}

result<void> connection::commit()
{
    auto stmt = prepare("COMMIT");
    if (!stmt)
        return stmt.error();
    if (auto r = (*stmt)->run(); !r)
        return r.error();
    return {};
}

} // namespace fedblog::storage::sqlite
