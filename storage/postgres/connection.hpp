// SPDX-License-Identifier: AGPL-3.0-or-later
// One libpq connection to a PostgreSQL server, as an sql::connection.
#pragma once

#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <memory>
#include <string>
#include <string_view>

struct pg_conn;

namespace fedblog::storage::postgres {

/** A connection to the server named by a libpq connection string or URI.

    Write transactions are SERIALIZABLE: PostgreSQL then guarantees that concurrent writers,
    in this process or any other sharing the database, behave as if they ran one after
    another, as SQLite's single writer does; a collision fails one of them with
    error::busy, and sql_store runs it again. Statements are prepared once per connection.

    @par Thread Safety
    As sql::connection: one thread at a time; never in a process forked after the open.
*/
class connection final : public sql::connection
{
public:
    /** Connects with `conninfo` (a "postgresql://..." URI or "key=value" string).
        @param why on failure, libpq's reason, which never repeats a password.
        @return the connection; error::unavailable when the server cannot be reached or
        refuses the login.
    */
    [[nodiscard]] static result<std::unique_ptr<connection>> open(const std::string& conninfo,
                                                                  std::string& why);

    ~connection() override;

    [[nodiscard]] sql::dialect dialect() const noexcept override { return sql::dialect::postgres; }

    [[nodiscard]] result<void> exec(std::string_view sql) override;
    [[nodiscard]] result<void> begin_write(sql::isolation level) override;
    [[nodiscard]] result<void> commit() override;
    void rollback() noexcept override;
    [[nodiscard]] bool usable() const noexcept override;

protected:
    [[nodiscard]] result<std::unique_ptr<sql::statement>> compile(std::string_view sql) override;

private:
    explicit connection(pg_conn* conn) noexcept : conn_(conn) {}

    pg_conn* conn_;
    int next_name_ = 0;
};

/** `sql` with SQLite's numbered parameters ?1 ?2 ... written as PostgreSQL's $1 $2 ...
    (outside quoted literals and identifiers), and the highest parameter number in it.
*/
[[nodiscard]] std::string dollar_parameters(std::string_view sql, int& parameters);

} // namespace fedblog::storage::postgres
