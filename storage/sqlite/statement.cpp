// SPDX-License-Identifier: AGPL-3.0-or-later
// sqlite3_stmt wrapper and the translation of SQLite result codes into storage errors.
#include "storage/sqlite/statement.hpp"

#include "storage/error.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <utility>

namespace fedblog::storage::sqlite {

namespace {

// SQLITE_TRANSIENT is an old-style cast in sqlite3.h; spelled out here to keep our warning
// set clean. It tells SQLite to copy bound bytes, so callers may bind temporaries.
const sqlite3_destructor_type copy_bytes =
    reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

// Enough of a statement to recognise it in a log line, without dumping whole migrations.
std::string_view shorten(std::string_view context)
{
    constexpr std::size_t max_context = 160;
    return context.size() <= max_context ? context : context.substr(0, max_context);
}

void log_failure(error e, int rc, sqlite3* db, std::string_view context) noexcept
{
    try
    {
        const char* what = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        const auto level = (e == error::busy || e == error::invalid_argument) ? spdlog::level::warn
                                                                              : spdlog::level::err;
        spdlog::log(level, "storage: sqlite: {} (rc {}): {} [{}]", make_error_code(e).message(), rc,
                    what, shorten(context));
    }
    catch (...)
    {
        // Logging is best effort: a failed log line must not replace the error itself.
    }
}

} // namespace

boost::system::error_code translate(int rc, sqlite3* db, std::string_view context) noexcept
{
    auto e = error::backend;
    switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        e = error::busy;
        break;
    case SQLITE_CONSTRAINT:
        // Other constraint kinds (NOT NULL, CHECK, FOREIGN KEY) mean a bug in our SQL or
        // our callers, not a race with another writer: they stay backend errors.
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            e = error::conflict;
        break;
    case SQLITE_TOOBIG:
        e = error::invalid_argument;
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        e = error::unavailable;
        break;
    default:
        break;
    }
    // A conflict is an answer ("slug taken"), not a failure worth a log line.
    if (e != error::conflict)
        log_failure(e, rc, db, context);
    return e;
}

statement::~statement()
{
    // Finalize reports the last step's error again; it was handled when step() returned it.
    sqlite3_finalize(stmt_);
}

result<std::unique_ptr<statement>> statement::prepare(sqlite3* db, std::string_view sql)
{
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return error::invalid_argument;
    sqlite3_stmt* stmt = nullptr;
    // PERSISTENT: these statements are cached for the connection's lifetime.
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
    {
        sqlite3_finalize(stmt);
        return translate(rc, db, sql);
    }
    if (stmt == nullptr) // the text held only comments or whitespace
    {
        spdlog::error("storage: empty sql statement [{}]", shorten(sql));
        return error::backend;
    }
    return std::make_unique<statement>(db, stmt);
}

void statement::fail(int rc) noexcept
{
    if (!sticky_)
        sticky_ = translate(rc, db_, stmt_ != nullptr ? sqlite3_sql(stmt_) : "");
}

statement& statement::bind(int index, std::int64_t value) noexcept
{
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

statement& statement::bind(int index, std::string_view value) noexcept
{
    // A null data pointer would bind SQL NULL; an empty string must stay ''.
    const char* data = value.data() != nullptr ? value.data() : "";
    if (const int rc =
            sqlite3_bind_text64(stmt_, index, data, value.size(), copy_bytes, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

statement& statement::bind_null(int index) noexcept
{
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

result<bool> statement::step() noexcept
{
    // in_place_error: a bare error_code would be ambiguous with result<bool>'s value.
    if (sticky_)
        return {boost::system::in_place_error, sticky_};
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(rc);
    return {boost::system::in_place_error, sticky_};
}

result<std::int64_t> statement::run() noexcept
{
    for (;;)
    {
        auto more = step();
        if (!more)
            return more.error();
        if (!*more)
            break;
    }
    return sqlite3_changes64(db_);
}

bool statement::is_null(int column) const noexcept
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t statement::column_int64(int column) const noexcept
{
    return sqlite3_column_int64(stmt_, column);
}

std::string statement::column_text(int column) const
{
    // column_blob returns the stored bytes without text conversion, so embedded NULs and
    // exact lengths survive; column_bytes must be read after it.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const int size   = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0)
        return {};
    return {data, static_cast<std::size_t>(size)};
}

void statement::reset() noexcept
{
    // reset() repeats the last step's error code; that error was already reported.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    sticky_ = {};
}

} // namespace fedblog::storage::sqlite
