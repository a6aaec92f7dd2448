// SPDX-License-Identifier: AGPL-3.0-or-later
// Conversions between records and column values, shared by the sql_store sources.
#pragma once

#include "storage/records.hpp"
#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>
#include <vector>

namespace fedblog::storage::sql::detail {

/** An error on its way into any result<T>. Needed because result<bool> cannot be built from
    a bare error_code (error_code converts to bool, so the constructor is ambiguous).
*/
struct failure
{
    boost::system::error_code ec;

    template <class T>
    operator result<T>() const // NOLINT(google-explicit-constructor): that is its purpose
    {
        return {boost::system::in_place_error, ec};
    }
};

inline failure fail(boost::system::error_code ec) noexcept
{
    return {ec};
}

/// Times are stored as unix milliseconds (records.hpp).
inline std::int64_t to_ms(time_point t) noexcept
{
    return t.time_since_epoch().count();
}

inline time_point from_ms(std::int64_t ms) noexcept
{
    return time_point(std::chrono::milliseconds(ms));
}

/// LIMIT/OFFSET take a signed 64-bit value; "more than anything stored" is what a huge
/// size_t means.
inline std::int64_t clamp_count(std::size_t n) noexcept
{
    constexpr auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(n > max ? max : n);
}

/** Steps `stmt` to its end, turning each row into a value with `read(stmt)`.
    @return every row's value in order, or the first step error.
*/
template <class Reader>
auto read_rows(statement& stmt, Reader read)
    -> result<std::vector<std::invoke_result_t<Reader&, const statement&>>>
{
    std::vector<std::invoke_result_t<Reader&, const statement&>> out;
    for (;;)
    {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(read(stmt));
    }
}

/// Runs a parameterless query that yields one integer (count(*) and the like).
inline result<std::int64_t> scalar(connection& db, std::string_view sql)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return (*stmt)->column_int64(0);
}

} // namespace fedblog::storage::sql::detail
