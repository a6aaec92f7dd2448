// SPDX-License-Identifier: AGPL-3.0-or-later
// libpq prepared statements and the translation of SQLSTATEs into storage errors.
#include "storage/postgres/statement.hpp"

#include "storage/error.hpp"
#include "storage/postgres/libpq.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <utility>

namespace fedblog::storage::postgres {

namespace {

// Type Oids from the server's catalog (pg_type.dat); stable across versions.
constexpr unsigned int8_oid = 20;
constexpr unsigned text_oid = 25;

// Enough of a statement to recognise it in a log line.
std::string_view shorten(std::string_view context)
{
    constexpr std::size_t max_context = 160;
    return context.size() <= max_context ? context : context.substr(0, max_context);
}

bool starts_with(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

} // namespace

boost::system::error_code translate(std::string_view sqlstate, std::string_view message,
                                    std::string_view context) noexcept
{
    auto e = error::backend;
    if (sqlstate == "23505")
        e = error::conflict;
    else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03")
        e = error::busy;
    else if (sqlstate == "22021" || sqlstate == "22P05" || sqlstate == "22001" ||
             sqlstate == "54000")
        e = error::invalid_argument;
    else if (sqlstate.empty() || starts_with(sqlstate, "08") || sqlstate == "57P01" ||
             sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "53300")
        e = error::unavailable;
    try
    {
        // Conflicts are answers ("slug taken"); collisions are retried by sql_store.
        const auto level = (e == error::conflict || e == error::busy) ? spdlog::level::debug
                           : e == error::invalid_argument             ? spdlog::level::warn
                                                                      : spdlog::level::err;
        spdlog::log(level, "storage: postgresql: {} ({}): {} [{}]", make_error_code(e).message(),
                    sqlstate.empty() ? "no sqlstate" : sqlstate, message, shorten(context));
    }
    catch (...)
    {
        // Logging is best effort: a failed log line must not replace the error itself.
    }
    return e;
}

std::string_view sqlstate_of(const pg_result* result, const pg_conn* conn) noexcept
{
    if (const char* state = libpq().PQresultErrorField(result, PG_DIAG_SQLSTATE); state != nullptr)
        return state;
    return libpq().PQstatus(conn) == CONNECTION_BAD ? "" : "XX000";
}

statement::statement(pg_conn* conn, std::string name, std::string text, int parameters)
    : conn_(conn), name_(std::move(name)), text_(std::move(text)),
      values_(static_cast<std::size_t>(parameters)), types_(static_cast<std::size_t>(parameters), 0)
{}

statement::~statement()
{
    libpq().PQclear(result_);
}

void statement::fail(boost::system::error_code ec) noexcept
{
    if (!sticky_)
        sticky_ = ec;
}

void statement::set(int index, std::optional<std::string> value, unsigned type) noexcept
{
    if (index < 1 || static_cast<std::size_t>(index) > values_.size())
    {
        spdlog::error("storage: postgresql: parameter {} out of range [{}]", index, shorten(text_));
        fail(error::backend);
        return;
    }
    if (result_ != nullptr)
    {
        spdlog::error("storage: postgresql: bind after a run without reset [{}]", shorten(text_));
        fail(error::backend);
        return;
    }
    const auto i = static_cast<std::size_t>(index - 1);
    values_[i]   = std::move(value);
    // The first run fixes the types on the server; a NULL leaves its slot to inference.
    if (!prepared_ && type != 0)
        types_[i] = type;
}

statement& statement::bind(int index, std::int64_t value) noexcept
{
    try
    {
        set(index, std::to_string(value), int8_oid);
    }
    catch (...)
    {
        fail(error::backend);
    }
    return *this;
}

statement& statement::bind(int index, std::string_view value) noexcept
{
    // Parameters travel as C strings, and a PostgreSQL text value cannot hold a NUL.
    if (value.find('\0') != std::string_view::npos)
    {
        fail(error::invalid_argument);
        return *this;
    }
    try
    {
        set(index, std::string(value), text_oid);
    }
    catch (...)
    {
        fail(error::backend);
    }
    return *this;
}

statement& statement::bind_null(int index) noexcept
{
    set(index, std::nullopt, 0);
    return *this;
}

void statement::execute() noexcept
{
    const int count = static_cast<int>(values_.size());
    if (!prepared_)
    {
        PGresult* prepared = libpq().PQprepare(conn_, name_.c_str(), text_.c_str(), count,
                                               reinterpret_cast<const Oid*>(types_.data()));
        const bool ok      = libpq().PQresultStatus(prepared) == PGRES_COMMAND_OK;
        if (!ok)
            fail(translate(sqlstate_of(prepared, conn_), libpq().PQerrorMessage(conn_), text_));
        libpq().PQclear(prepared);
        if (!ok)
            return;
        prepared_ = true;
    }
    std::vector<const char*> values(values_.size(), nullptr);
    for (std::size_t i = 0; i < values_.size(); ++i)
        if (values_[i])
            values[i] = values_[i]->c_str();
    result_ =
        libpq().PQexecPrepared(conn_, name_.c_str(), count, values.data(), nullptr, nullptr, 0);
    const auto status = libpq().PQresultStatus(result_);
    if (status == PGRES_TUPLES_OK)
    {
        rows_ = libpq().PQntuples(result_);
        return;
    }
    if (status == PGRES_COMMAND_OK)
        return;
    fail(translate(sqlstate_of(result_, conn_), libpq().PQerrorMessage(conn_), text_));
}

result<bool> statement::step() noexcept
{
    if (!sticky_ && result_ == nullptr)
        execute();
    // in_place_error: a bare error_code would be ambiguous with result<bool>'s value.
    if (sticky_)
        return {boost::system::in_place_error, sticky_};
    if (row_ < rows_)
        ++row_;
    return row_ < rows_;
}

result<std::int64_t> statement::run() noexcept
{
    if (!sticky_ && result_ == nullptr)
        execute();
    if (sticky_)
        return sticky_;
    std::int64_t changed = 0;
    const std::string_view tuples(libpq().PQcmdTuples(result_));
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
    return changed;
}

bool statement::is_null(int column) const noexcept
{
    return result_ == nullptr || row_ < 0 || row_ >= rows_ ||
           libpq().PQgetisnull(result_, row_, column) != 0;
}

std::int64_t statement::column_int64(int column) const noexcept
{
    if (is_null(column))
        return 0;
    const char* text = libpq().PQgetvalue(result_, row_, column);
    const int size   = libpq().PQgetlength(result_, row_, column);
    if (size == 1 && (text[0] == 't' || text[0] == 'f')) // a boolean
        return text[0] == 't' ? 1 : 0;
    std::int64_t value = 0;
    std::from_chars(text, text + size, value);
    return value;
}

std::string statement::column_text(int column) const
{
    if (is_null(column))
        return {};
    return {libpq().PQgetvalue(result_, row_, column),
            static_cast<std::size_t>(libpq().PQgetlength(result_, row_, column))};
}

void statement::reset() noexcept
{
    libpq().PQclear(result_);
    result_ = nullptr;
    rows_   = 0;
    row_    = -1;
    for (auto& v : values_)
        v.reset();
    sticky_ = {};
}

} // namespace fedblog::storage::postgres
