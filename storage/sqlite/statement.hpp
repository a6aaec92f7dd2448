// SPDX-License-Identifier: AGPL-3.0-or-later
// RAII sqlite3_stmt with bind/step/column helpers; the one place SQLite codes become errors.
#pragma once

#include "storage/store.hpp"

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace fedblog::storage::sqlite {

/** Translates a SQLite result code into a storage error and logs what needs logging.

    SQLITE_BUSY and SQLITE_LOCKED become error::busy, UNIQUE and PRIMARY KEY constraint
    violations error::conflict, SQLITE_TOOBIG error::invalid_argument, SQLITE_CANTOPEN,
    SQLITE_NOTADB and SQLITE_PERM error::unavailable, everything else error::backend.
    Backend and unavailable errors are logged with SQLite's own message from `db` (which may
    be null) and `context` (e.g. the SQL text); busy is logged as a warning; conflicts are
    expected outcomes and are not logged.

    @param rc a SQLite result code other than SQLITE_OK, SQLITE_ROW or SQLITE_DONE.
    @par Thread Safety
    Safe if `db` is not used by another thread at the same time.
*/
[[nodiscard]] boost::system::error_code translate(int rc, sqlite3* db,
                                                  std::string_view context) noexcept;

/** A prepared statement. Owns its sqlite3_stmt and finalizes it on destruction; the
    connection it was prepared on must outlive it.

    Bind errors are sticky: bind() records the first failure and the next step() or run()
    returns it, so call sites chain binds and check once. Text is copied by SQLite when
    bound, with its exact length, so temporaries are safe and embedded NULs survive.

    Parameter and column indexes follow SQLite: parameters from 1, columns from 0.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe, like the connection.
*/
class statement
{
public:
    statement() = default;

    statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}

    statement(statement&& other) noexcept;
    statement& operator=(statement&& other) noexcept;
    statement(const statement&)            = delete;
    statement& operator=(const statement&) = delete;
    ~statement();

    /** Compiles the first statement in `sql` on `db`.
        @return the statement; error::backend for a syntax error (logged with the SQL).
    */
    [[nodiscard]] static result<statement> prepare(sqlite3* db, std::string_view sql);

    statement& bind(int index, std::int64_t value) noexcept;
    statement& bind(int index, std::string_view value) noexcept;
    /// Binds NULL for an empty optional.
    statement& bind(int index, const std::optional<std::int64_t>& value) noexcept;
    statement& bind_null(int index) noexcept;

    /** Advances to the next row.
        @return true when a row is ready, false when the statement has finished.
    */
    [[nodiscard]] result<bool> step() noexcept;

    /** Steps until the statement finishes, ignoring any rows.
        @return the number of rows the statement inserted, updated or deleted.
    */
    [[nodiscard]] result<std::int64_t> run() noexcept;

    [[nodiscard]] bool is_null(int column) const noexcept;
    [[nodiscard]] std::int64_t column_int64(int column) const noexcept;
    /// The column's bytes exactly (embedded NULs included); "" for NULL.
    [[nodiscard]] std::string column_text(int column) const;
    /// Empty for NULL.
    [[nodiscard]] std::optional<std::int64_t> column_optional_int64(int column) const noexcept;

    /// Makes the statement ready to run again and drops its bindings and sticky error.
    void reset() noexcept;

    [[nodiscard]] sqlite3_stmt* native() const noexcept { return stmt_; }

private:
    friend class connection;
    friend class statement_ref;

    void fail(int rc) noexcept;

    sqlite3* db_        = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    boost::system::error_code sticky_;
    bool checked_out_ = false; // guarded by the owning connection's single user
};

} // namespace fedblog::storage::sqlite
