// SPDX-License-Identifier: AGPL-3.0-or-later
// Versioned migrations: schema_version bookkeeping and one transaction per step.
#include "storage/sql/migrate.hpp"

#include "storage/error.hpp"
#include "storage/sql/sql_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace fedblog::storage::sql {

namespace {

// Created by the runner rather than by 0001_init.sql, so that "which version is this
// file?" can be asked of any database, including an empty one.
// (applied is unix milliseconds: PostgreSQL's INTEGER is 32 bits, SQLite's is 64.)
const char* create_version_table(dialect d)
{
    return d == dialect::sqlite ? "CREATE TABLE IF NOT EXISTS schema_version ("
                                  "version INTEGER NOT NULL PRIMARY KEY,"
                                  "name    TEXT    NOT NULL,"
                                  "applied INTEGER NOT NULL)"
                                : "CREATE TABLE IF NOT EXISTS schema_version ("
                                  "version BIGINT NOT NULL PRIMARY KEY,"
                                  "name    TEXT   NOT NULL,"
                                  "applied BIGINT NOT NULL)";
}

result<int> read_version(connection& db)
{
    auto stmt = db.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
    if (!stmt)
        return stmt.error();
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return static_cast<int>((*stmt)->column_int64(0));
}

std::int64_t now_ms()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A failed step is reported as schema_mismatch (the database cannot be brought to the
// schema this binary needs), except a lock timeout, which a retry may cure.
boost::system::error_code step_failed(const migration& step, boost::system::error_code ec)
{
    if (ec == error::busy)
        return ec;
    spdlog::error("storage: migration {:04}_{} failed ({}); rolled back", step.version, step.name,
                  ec.message());
    return error::schema_mismatch;
}

/** SQLite's BEGIN IMMEDIATE already holds the only write lock. PostgreSQL's transactions
    run side by side, and two processes creating the same tables at once would collide, so
    migrators queue on an advisory lock, taken before the transaction begins: a
    SERIALIZABLE transaction's snapshot is fixed by its first statement, and one that
    waited for the lock inside it would not see what the previous holder committed.
*/
class migration_lock
{
public:
    explicit migration_lock(connection& db) noexcept : db_(db) {}

    migration_lock(const migration_lock&)            = delete;
    migration_lock& operator=(const migration_lock&) = delete;

    ~migration_lock()
    {
        if (held_)
            (void)db_.exec("SELECT pg_advisory_unlock(7403126521)");
    }

    [[nodiscard]] result<void> take()
    {
        if (db_.dialect() != dialect::postgres)
            return {};
        auto r = db_.exec("SELECT pg_advisory_lock(7403126521)");
        held_  = r.has_value();
        return r;
    }

private:
    connection& db_;
    bool held_ = false;
};

} // namespace

result<int> schema_version(connection& db)
{
    auto exists = db.prepare(
        db.dialect() == dialect::sqlite
            ? "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'"
            : "SELECT count(*) FROM pg_catalog.pg_tables "
              "WHERE schemaname = current_schema() AND tablename = 'schema_version'");
    if (!exists)
        return exists.error();
    auto row = (*exists)->step();
    if (!row)
        return row.error();
    if ((*exists)->column_int64(0) == 0)
        return 0;
    return read_version(db);
}

result<int> migrate(connection& db, std::span<const migration> steps)
{
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].version != static_cast<int>(i + 1))
            throw std::logic_error("storage: migrations must be numbered 1..n in order");
    const int latest = static_cast<int>(steps.size());
    for (;;)
    {
        migration_lock lock(db);
        if (auto r = lock.take(); !r)
            return r.error();
        write_transaction tx(db);
        if (auto r = tx.begin(); !r)
            return r.error();
        if (auto r = db.exec(create_version_table(db.dialect())); !r)
            return r.error();
        auto current = read_version(db);
        if (!current)
            return current.error();

        if (*current > latest)
        {
            spdlog::error("storage: database is at schema version {}, this binary knows "
                          "up to {}; refusing to open it",
                          *current, latest);
            return error::schema_mismatch;
        }
        if (*current == latest)
        {
            // Committing keeps schema_version on a brand-new, empty migration list too.
            if (auto r = tx.commit(); !r)
                return r.error();
            return latest;
        }

        const migration& step = steps[static_cast<std::size_t>(*current)];
        if (auto r = db.exec(step.sql); !r)
            return step_failed(step, r.error());
        auto record = db.prepare("INSERT INTO schema_version (version, name, applied) "
                                 "VALUES (?1, ?2, ?3)");
        if (!record)
            return step_failed(step, record.error());
        (*record)->bind(1, std::int64_t{step.version}).bind(2, step.name).bind(3, now_ms());
        if (auto r = (*record)->run(); !r)
            return step_failed(step, r.error());
        if (auto r = tx.commit(); !r)
            return step_failed(step, r.error());
        spdlog::info("storage: schema migrated to {:04}_{}", step.version, step.name);
    }
}

result<void> open_schema(sql_store& db, std::span<const migration> steps, const std::string& what,
                         std::string& why)
{
    auto conn = db.pool().acquire();
    if (!conn)
    {
        why = conn.error() == error::busy ? what + " stayed locked by another process"
                                          : "cannot open " + what;
        return conn.error();
    }
    auto version = migrate(**conn, steps);
    if (version)
        return {};
    if (version.error() == error::schema_mismatch)
    {
        const auto found = schema_version(**conn);
        const auto known = static_cast<int>(steps.size());
        if (found && *found > known)
            why = what + " has schema version " + std::to_string(*found) +
                  ", newer than this binary's " + std::to_string(known) + "; upgrade fedblog";
        else
            why = "a schema migration of " + what + " failed (see log)";
    }
    else if (version.error() == error::busy)
        why = what + " stayed locked while migrating";
    else
        why = "cannot migrate " + what + ": " + version.error().message();
    return version.error();
}

} // namespace fedblog::storage::sql
