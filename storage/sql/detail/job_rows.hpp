// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading delivery jobs and host health records from rows.
#pragma once

#include "storage/delivery_records.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/statement.hpp"

#include <string>

namespace fedblog::storage::sql::detail {

/// The delivery_jobs columns read_job() expects, in order.
inline constexpr const char* job_columns = "id, activity_id, inbox, host, state, attempts, "
                                           "next_attempt, last_status, last_error, created, "
                                           "leased_until";

inline job_state parse_state(const std::string& text)
{
    if (text == "delivered")
        return job_state::delivered;
    if (text == "dead")
        return job_state::dead;
    return job_state::pending; // the CHECK constraint allows nothing else
}

/// A job from a row selected with job_columns (body and signer left empty).
inline delivery_job read_job(const statement& row)
{
    delivery_job j;
    j.id           = row.column_int64(0);
    j.activity_id  = row.column_text(1);
    j.inbox        = row.column_text(2);
    j.host         = row.column_text(3);
    j.state        = parse_state(row.column_text(4));
    j.attempts     = static_cast<int>(row.column_int64(5));
    j.next_attempt = from_ms(row.column_int64(6));
    j.last_status  = static_cast<int>(row.column_int64(7));
    j.last_error   = row.column_text(8);
    j.created      = from_ms(row.column_int64(9));
    if (const auto v = row.column_optional_int64(10))
        j.leased_until = from_ms(*v);
    return j;
}

/// The delivery_hosts columns read_host() expects, in order.
inline constexpr const char* host_columns = "host, failures, failing_since, last_failure, "
                                            "last_success, retry_at, unavailable_since, "
                                            "last_status, last_error";

inline std::optional<time_point> optional_time(const statement& row, int column)
{
    if (const auto v = row.column_optional_int64(column))
        return from_ms(*v);
    return std::nullopt;
}

inline std::optional<std::int64_t> optional_ms(const std::optional<time_point>& t)
{
    if (t)
        return to_ms(*t);
    return std::nullopt;
}

/// A host health record from a row selected with host_columns.
inline host_health read_host(const statement& row)
{
    host_health h;
    h.host              = row.column_text(0);
    h.failures          = static_cast<int>(row.column_int64(1));
    h.failing_since     = optional_time(row, 2);
    h.last_failure      = optional_time(row, 3);
    h.last_success      = optional_time(row, 4);
    h.retry_at          = optional_time(row, 5);
    h.unavailable_since = optional_time(row, 6);
    h.last_status       = static_cast<int>(row.column_int64(7));
    h.last_error        = row.column_text(8);
    return h;
}

} // namespace fedblog::storage::sql::detail
