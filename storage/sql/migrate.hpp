// SPDX-License-Identifier: AGPL-3.0-or-later
// Applies numbered schema migrations to a database, one transaction each.
#pragma once

#include "storage/migration.hpp"
#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <span>
#include <string>

namespace fedblog::storage::sql {

/** The schema version recorded in `db`: the highest version in its schema_version table,
    0 for a database that has none (a new file, an empty schema).
    @return the version; error::backend / error::busy as the query fails.
*/
[[nodiscard]] result<int> schema_version(connection& db);

/** Brings `db` up to the last of `steps` (normally migrations()).

    Each pending migration runs in its own write transaction together with the
    insertion of its row in schema_version, so a migration is applied completely or not at
    all, and several processes opening one database at once apply each migration exactly
    once (the version is re-read under a lock: SQLite's write lock, or on PostgreSQL a
    session advisory lock taken before the transaction and released after it).

    @param steps versions 1..n in order (storage/embed_sql.cmake checks this at build time).
    @return the version after migrating; error::schema_mismatch when the database records a
    version newer than the last of `steps` (a newer binary wrote it) or when a migration
    fails (logged; earlier migrations stay applied, the failed one leaves nothing behind);
    error::busy when the write lock stayed taken past the busy timeout.

    @par Thread Safety
    Uses `db` only; safe against other connections and processes.
*/
[[nodiscard]] result<int> migrate(connection& db, std::span<const migration> steps);

class sql_store;

/** What a backend's open function does after building its store: takes a connection
    (which proves the database can be reached) and migrates through it.

    @param what names the database in `why`, e.g. "sqlite database /var/lib/x.db"; it
    must not hold a password.
    @param why on failure, receives a one-line reason (unreachable, locked, a schema newer
    than this binary, a failed migration).
    @return error as the pool's opener or migrate() reports it.
*/
[[nodiscard]] result<void> open_schema(sql_store& db, std::span<const migration> steps,
                                       const std::string& what, std::string& why);

} // namespace fedblog::storage::sql
