// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements over a list of values, `... IN (?k, ?k+1, ...)`, bound in chunks.
#pragma once

#include "storage/sql/statement.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>

namespace fedblog::storage::sql::detail {

// One statement per chunk of a list instead of one per value: on PostgreSQL every statement
// is a round trip and an executor start on the server, which for a delivery's lease and
// outcome cost more than its signature. Each chunk runs a statement prepared for one of two
// lengths, so a connection caches two texts per statement rather than one per length; the
// places a chunk leaves over hold NULL, which IN never matches.

/// The longest chunk, and the longer of the two prepared lengths.
inline constexpr std::size_t in_list_max = 256;

/// The prepared length for a chunk of `values` (1..in_list_max) values.
inline std::size_t in_list_places(std::size_t values) noexcept
{
    return values <= 16 ? 16 : in_list_max;
}

/// "(?first, ?first+1, ..., ?first+places-1)"
inline std::string in_list(int first, std::size_t places)
{
    std::string out = "(";
    for (std::size_t i = 0; i < places; ++i)
    {
        if (i > 0)
            out += ", ";
        out += '?';
        out += std::to_string(first + static_cast<int>(i));
    }
    out += ')';
    return out;
}

/** The text `make(places)` builds, made once per call site (each lambda is its own type) for
    each of the two lengths. */
template <class Make>
const std::string& in_list_sql(std::size_t places, Make make)
{
    static const std::string small = make(std::size_t{16});
    static const std::string large = make(in_list_max);
    return places == in_list_max ? large : small;
}

/// Binds `chunk` to ?first onwards and NULL to the rest of its `places`.
template <class T>
void bind_in_list(statement& s, int first, std::span<const T> chunk, std::size_t places)
{
    for (std::size_t i = 0; i < places; ++i)
    {
        const int index = first + static_cast<int>(i);
        if (i < chunk.size())
            s.bind(index, chunk[i]);
        else
            s.bind_null(index);
    }
}

/** Calls `each(chunk)` on consecutive chunks of at most in_list_max values, stopping at
    the first that returns an error.
    @return that error, or success. */
template <class T, class Each>
result<void> for_each_chunk(std::span<const T> values, Each&& each)
{
    for (std::size_t at = 0; at < values.size(); at += in_list_max)
    {
        const auto n = std::min(in_list_max, values.size() - at);
        if (auto r = each(values.subspan(at, n)); !r)
            return r;
    }
    return {};
}

} // namespace fedblog::storage::sql::detail
