// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite backend: one database file shared by threads and processes.
#pragma once

#include "storage/store.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace fedblog::storage::sqlite {

/// Tuning knobs; the defaults suit a personal blog.
struct sqlite_options
{
    /// How long a writer waits for the database lock before a call fails with error::busy.
    std::chrono::milliseconds busy_timeout{5000};
    /// Idle connections kept open for reuse; more are opened while more threads call in.
    std::size_t max_idle_connections = 8;
};

/** Opens (creating if missing) the SQLite database at `path` and migrates it to the newest
    schema this binary embeds. The store is an sql::sql_store on WAL-mode connections, each
    write method one BEGIN IMMEDIATE transaction; its change_log() is the write-ahead log.

    @param why on failure, receives a one-line reason fit for a log or an error message
    (it names the path, never data from the database).
    @return the store; error::unavailable when the file cannot be opened or is not a
    SQLite database; error::schema_mismatch when its schema is newer than this binary or a
    migration failed; error::busy when another process held the lock past the busy timeout.

    @par Thread Safety
    Safe to call concurrently, from several processes too: migrations are applied once.
*/
[[nodiscard]] result<std::unique_ptr<store>>
open_sqlite_store(const std::string& path, const sqlite_options& options, std::string& why);

} // namespace fedblog::storage::sqlite
