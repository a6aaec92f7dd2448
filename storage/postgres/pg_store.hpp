// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL backend: one database shared by any number of fedblog processes.
#pragma once

#include "storage/store.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace fedblog::storage::postgres {

/// Tuning knobs; the defaults suit one node of a few.
struct pg_options
{
    /// Idle connections kept open for reuse; more are opened while more threads call in.
    std::size_t max_idle_connections = 8;
    /// How long a write transaction that collides with other writers is tried again
    /// (sql::write_policy): as long as a SQLite writer waits for the lock by default.
    std::chrono::milliseconds collision_budget{5000};
};

/** Connects to the server named by `url` ("postgresql://user:password@host:port/db?..."
    or "postgres://...", any URI libpq accepts) and migrates the database's current schema
    (the first of the search_path, normally "public") to the newest this binary embeds.

    The store is an sql::sql_store whose writes are SERIALIZABLE transactions, so several
    fedblog processes behind a load balancer can share the database: delivery claims,
    follows and comments from any of them never interleave wrongly. It has no change_log(),
    so a node does not cache rendered Notes (another process may change them at any time).

    @param why on failure, receives a one-line reason fit for a log or an error message; it
    names the server and database, never the password.
    @return the store; error::unavailable when the server cannot be reached or refuses the
    login; error::schema_mismatch when the schema is newer than this binary or a migration
    failed.

    @par Thread Safety
    Safe to call concurrently, from several processes too: migrations are applied once.
*/
[[nodiscard]] result<std::unique_ptr<store>>
open_pg_store(std::string_view url, const pg_options& options, std::string& why);

} // namespace fedblog::storage::postgres
