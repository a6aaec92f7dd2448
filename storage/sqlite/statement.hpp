// SPDX-License-Identifier: AGPL-3.0-or-later
// sql::statement on a sqlite3_stmt; the one place SQLite codes become errors.
#pragma once

#include "storage/sql/statement.hpp"
#include "storage/store.hpp"

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <memory>
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

/** A SQLite prepared statement. Owns its sqlite3_stmt and finalizes it on destruction; the
    connection it was prepared on must outlive it. Text is bound with its exact length, so
    embedded NULs survive.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe, like the connection.
*/
class statement final : public sql::statement
{
public:
    statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}

    ~statement() override;

    /** Compiles the first statement in `sql` on `db`.
        @return the statement; error::backend for a syntax error (logged with the SQL).
    */
    [[nodiscard]] static result<std::unique_ptr<statement>> prepare(sqlite3* db,
                                                                    std::string_view sql);

    using sql::statement::bind;
    statement& bind(int index, std::int64_t value) noexcept override;
    statement& bind(int index, std::string_view value) noexcept override;
    statement& bind_null(int index) noexcept override;

    [[nodiscard]] result<bool> step() noexcept override;
    [[nodiscard]] result<std::int64_t> run() noexcept override;

    [[nodiscard]] bool is_null(int column) const noexcept override;
    [[nodiscard]] std::int64_t column_int64(int column) const noexcept override;
    [[nodiscard]] std::string column_text(int column) const override;

    void reset() noexcept override;

private:
    void fail(int rc) noexcept;

    sqlite3* db_        = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    boost::system::error_code sticky_;
};

} // namespace fedblog::storage::sqlite
