// SPDX-License-Identifier: AGPL-3.0-or-later
// A prepared SQL statement as the store's logic sees it, whatever database runs it.
#pragma once

#include "storage/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fedblog::storage::sql {

/** A prepared statement of one backend (sqlite::statement, postgres::statement).

    SQL text uses numbered parameters, ?1 ?2 ..., which SQLite takes as they are and the
    PostgreSQL driver turns into $1 $2 .... Parameters count from 1, columns from 0.

    Bind errors are sticky: bind() records the first failure and the next step() or run()
    returns it, so call sites chain binds and check once. Bound text is copied, with its
    exact length, so temporaries are safe.

    Integers are 64-bit. A column holding a boolean (a comparison in a select list) reads
    as 1 or 0 through column_int64() on every backend.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe, like the connection.
*/
class statement
{
public:
    statement()                            = default;
    statement(const statement&)            = delete;
    statement& operator=(const statement&) = delete;
    virtual ~statement()                   = default;

    virtual statement& bind(int index, std::int64_t value) noexcept     = 0;
    virtual statement& bind(int index, std::string_view value) noexcept = 0;
    virtual statement& bind_null(int index) noexcept                    = 0;

    /// Binds NULL for an empty optional.
    statement& bind(int index, const std::optional<std::int64_t>& value) noexcept
    {
        return value ? bind(index, *value) : bind_null(index);
    }

    /** Advances to the next row (running the statement on the first call).
        @return true when a row is ready, false when the statement has finished.
    */
    [[nodiscard]] virtual result<bool> step() noexcept = 0;

    /** Runs the statement to its end, ignoring any rows.
        @return the number of rows it inserted, updated or deleted.
    */
    [[nodiscard]] virtual result<std::int64_t> run() noexcept = 0;

    [[nodiscard]] virtual bool is_null(int column) const noexcept              = 0;
    [[nodiscard]] virtual std::int64_t column_int64(int column) const noexcept = 0;
    /// The column's bytes exactly; "" for NULL.
    [[nodiscard]] virtual std::string column_text(int column) const = 0;

    /// Empty for NULL.
    [[nodiscard]] std::optional<std::int64_t> column_optional_int64(int column) const noexcept
    {
        if (is_null(column))
            return std::nullopt;
        return column_int64(column);
    }

    /// Makes the statement ready to run again and drops its bindings, rows and sticky error.
    virtual void reset() noexcept = 0;

private:
    friend class connection;
    friend class statement_ref;

    bool checked_out_ = false; // guarded by the owning connection's single user
};

/** A cached statement checked out of a connection; resets it (and drops its bindings) when
    it goes out of scope, so no statement keeps a read snapshot or a result open by accident.
    Must not outlive the connection it came from.
*/
class statement_ref
{
public:
    explicit statement_ref(statement& stmt) noexcept : stmt_(&stmt) {}

    statement_ref(statement_ref&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

    statement_ref& operator=(statement_ref&&)      = delete;
    statement_ref(const statement_ref&)            = delete;
    statement_ref& operator=(const statement_ref&) = delete;

    ~statement_ref()
    {
        if (stmt_ != nullptr)
        {
            stmt_->reset();
            stmt_->checked_out_ = false;
        }
    }

    statement* operator->() const noexcept { return stmt_; }

    statement& operator*() const noexcept { return *stmt_; }

private:
    statement* stmt_;
};

} // namespace fedblog::storage::sql
