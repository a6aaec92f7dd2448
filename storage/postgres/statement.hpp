// SPDX-License-Identifier: AGPL-3.0-or-later
// sql::statement on libpq: a named prepared statement, run with text parameters.
#pragma once

#include "storage/sql/statement.hpp"
#include "storage/store.hpp"

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace fedblog::storage::postgres {

/** Translates a failed libpq result into a storage error and logs what needs logging.

    By SQLSTATE: unique_violation (23505) is error::conflict; serialization_failure
    (40001), deadlock_detected (40P01) and lock_not_available (55P03) are error::busy;
    text PostgreSQL cannot hold (22021 bad UTF-8, 22P05, 22001) and program_limit_exceeded
    (54000) are error::invalid_argument; connection failures (class 08, 57P01-57P03,
    53300 too many connections, or an empty code: see sqlstate_of()) are
    error::unavailable; anything else is error::backend. Conflicts and busy collisions
    are expected outcomes and are logged at debug level only; the rest with the server's
    message and `context` (the SQL text, shortened).

    @param sqlstate the five-character code, or empty when libpq gave none.
*/
[[nodiscard]] boost::system::error_code
translate(std::string_view sqlstate, std::string_view message, std::string_view context) noexcept;

/** The SQLSTATE of a failed `result`; when libpq gave none, "" if the connection is gone
    (translate() then says error::unavailable) and "XX000" (internal error) if it is not.
*/
[[nodiscard]] std::string_view sqlstate_of(const pg_result* result, const pg_conn* conn) noexcept;

/** One statement of one connection, prepared on the server under a name at its first run,
    with parameter types taken from that run's binds (a 64-bit integer is int8, text is
    text, NULL is left for the server to infer), and run again by name afterwards.

    Parameters and results travel as text. Text with a NUL byte cannot be stored by
    PostgreSQL: binding one is error::invalid_argument at the next step() or run().
    Binding while a result is held (after step() or run(), before reset()) is a bug in the
    caller, reported as error::backend, as SQLite reports it. A boolean column reads as 1
    or 0 through column_int64().

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe, like the connection.
*/
class statement final : public sql::statement
{
public:
    /// `text` uses $1 $2 ... and names `parameters` of them.
    statement(pg_conn* conn, std::string name, std::string text, int parameters);
    ~statement() override;

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
    // Sends the statement (preparing it first if needed); on failure sets sticky_.
    void execute() noexcept;
    void set(int index, std::optional<std::string> value, unsigned type) noexcept;
    void fail(boost::system::error_code ec) noexcept;

    pg_conn* conn_;
    const std::string name_;
    const std::string text_;
    bool prepared_ = false;
    std::vector<std::optional<std::string>> values_;
    std::vector<unsigned> types_; // Oids
    pg_result* result_ = nullptr;
    int rows_          = 0;
    int row_           = -1;
    boost::system::error_code sticky_;
};

} // namespace fedblog::storage::postgres
