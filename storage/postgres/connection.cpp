// SPDX-License-Identifier: AGPL-3.0-or-later
// Connecting to PostgreSQL with libpq; transactions and statement compilation.
#include "storage/postgres/connection.hpp"

#include "storage/error.hpp"
#include "storage/postgres/libpq.hpp"
#include "storage/postgres/statement.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace fedblog::storage::postgres {

namespace {

// Server notices ("relation already exists, skipping") are not our errors.
void log_notice(void*, const char* message)
{
    spdlog::debug("storage: postgresql notice: {}", message);
}

std::string trimmed(const char* message)
{
    std::string s = message != nullptr ? message : "";
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0)
        s.pop_back();
    return s;
}

} // namespace

result<std::unique_ptr<connection>> connection::open(const std::string& conninfo, std::string& why)
{
    if (load_libpq(why) == nullptr)
        return error::unavailable;
    // A server that does not answer must not hold a database thread for minutes: 10 s
    // unless the URL says otherwise (a keyword after an expanded dbname overrides it, one
    // before does not).
    const char* const keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* const values[]   = {"10", conninfo.c_str(), nullptr};
    PGconn* conn                 = libpq().PQconnectdbParams(keywords, values, 1);
    if (conn == nullptr)
    {
        why = "out of memory";
        return error::unavailable;
    }
    if (libpq().PQstatus(conn) != CONNECTION_OK)
    {
        why = trimmed(libpq().PQerrorMessage(conn));
        libpq().PQfinish(conn);
        return error::unavailable;
    }
    libpq().PQsetNoticeProcessor(conn, log_notice, nullptr);
    std::unique_ptr<connection> out(new connection(conn));
    // The store keeps text as UTF-8 and refuses what is not: a database in another encoding
    // would refuse an emoji (LATIN1) or keep invalid bytes (SQL_ASCII).
    if (const char* encoding = libpq().PQparameterStatus(conn, "server_encoding");
        encoding == nullptr || std::string_view(encoding) != "UTF8")
    {
        why = std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
              "; fedblog needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8')";
        return error::unavailable;
    }
    // Text is stored byte for byte as UTF-8 whatever the server's locale; times are
    // integers, so the session time zone never matters.
    if (auto r = out->exec("SET client_encoding = 'UTF8'"); !r)
    {
        why = "the server refused client_encoding UTF8";
        return r.error();
    }
    return out;
}

connection::~connection()
{
    drop_statements();
    libpq().PQfinish(conn_);
}

result<void> connection::exec(std::string_view sql)
{
    const std::string text(sql);
    PGresult* res     = libpq().PQexec(conn_, text.c_str());
    const auto status = libpq().PQresultStatus(res);
    result<void> out;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        out = translate(sqlstate_of(res, conn_), libpq().PQerrorMessage(conn_), sql);
    libpq().PQclear(res);
    return out;
}

result<void> connection::begin_write(sql::isolation level)
{
    return exec(level == sql::isolation::snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
                                                  : "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

result<void> connection::commit()
{
    // COMMIT of a transaction a failed statement aborted "succeeds" as a ROLLBACK.
    if (libpq().PQtransactionStatus(conn_) == PQTRANS_INERROR)
        return translate("25P02", "commit of a transaction a failed statement aborted", "COMMIT");
    return exec("COMMIT");
}

void connection::rollback() noexcept
{
    const auto state = libpq().PQtransactionStatus(conn_);
    if (state != PQTRANS_INTRANS && state != PQTRANS_INERROR)
        return;
    try
    {
        (void)exec("ROLLBACK");
    }
    catch (...)
    {
        // Out of memory: the server rolls back when the broken connection is closed.
    }
}

bool connection::usable() const noexcept
{
    return libpq().PQstatus(conn_) == CONNECTION_OK &&
           libpq().PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

result<std::unique_ptr<sql::statement>> connection::compile(std::string_view sql)
{
    int parameters   = 0;
    std::string text = dollar_parameters(sql, parameters);
    // Names are per connection, and a connection's cache never compiles one text twice.
    std::string name = "fedblog_" + std::to_string(next_name_++);
    return std::unique_ptr<sql::statement>(
        std::make_unique<statement>(conn_, std::move(name), std::move(text), parameters));
}

std::string dollar_parameters(std::string_view sql, int& parameters)
{
    std::string out;
    out.reserve(sql.size());
    parameters = 0;
    char quote = 0; // inside '...' or "..."
    for (std::size_t i = 0; i < sql.size(); ++i)
    {
        const char c = sql[i];
        if (quote != 0)
        {
            if (c == quote)
                quote = 0; // a doubled quote closes and reopens: same result
            out += c;
            continue;
        }
        if (c == '\'' || c == '"')
        {
            quote = c;
            out += c;
            continue;
        }
        if (c == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))
        {
            int n = 0;
            out += '$';
            while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])) &&
                   n < 100000)
            {
                n = n * 10 + (sql[i + 1] - '0');
                out += sql[++i];
            }
            parameters = std::max(parameters, n);
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace fedblog::storage::postgres
