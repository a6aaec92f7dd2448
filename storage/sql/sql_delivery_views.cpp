// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: what the `deliveries` command, ledgers and metrics read; job expiry.
#include "storage/error.hpp"
#include "storage/sql/detail/job_rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::read_host;
using detail::read_job;
using detail::to_ms;

result<std::vector<host_health>> sql_store::failing_hosts(std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<host_health>> {
        static const std::string sql = std::string("SELECT ") + detail::host_columns +
                                       " FROM delivery_hosts WHERE failures > 0 "
                                       "ORDER BY failing_since, host LIMIT ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, clamp_count(limit));
        std::vector<host_health> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.push_back(read_host(**stmt));
        }
    });
}

result<std::size_t> sql_store::expire_jobs(time_point created_before, time_point now)
{
    return write([&](connection& db) -> result<std::size_t> {
        auto stmt = db.prepare(
            "UPDATE delivery_jobs SET state = 'dead', leased_until = NULL, "
            "last_error = CASE WHEN EXISTS (SELECT 1 FROM delivery_hosts h "
            "WHERE h.host = delivery_jobs.host AND h.failures > 0) "
            "THEN 'expired: host failing: ' || (SELECT h.last_error FROM delivery_hosts h "
            "WHERE h.host = delivery_jobs.host) ELSE 'expired' END "
            "WHERE state = 'pending' AND created < ?1 "
            "AND (leased_until IS NULL OR leased_until <= ?2)");
        if (!stmt)
            return fail(stmt.error());
        auto n = (*stmt)->bind(1, to_ms(created_before)).bind(2, to_ms(now)).run();
        if (!n)
            return fail(n.error());
        return static_cast<std::size_t>(*n);
    });
}

result<queue_stats> sql_store::delivery_stats(time_point now)
{
    return read([&](connection& db) -> result<queue_stats> {
        queue_stats s;
        // One statement, so the numbers describe one snapshot of the queue.
        auto stmt = db.prepare(
            "SELECT "
            "(SELECT count(*) FROM delivery_jobs WHERE state = 'pending'), "
            "(SELECT count(*) FROM delivery_jobs WHERE state = 'delivered'), "
            "(SELECT count(*) FROM delivery_jobs WHERE state = 'dead'), "
            "(SELECT count(*) FROM delivery_jobs WHERE state = 'pending' "
            " AND next_attempt <= ?1), "
            "(SELECT count(*) FROM delivery_jobs WHERE state = 'pending' "
            " AND leased_until > ?1), "
            "(SELECT count(*) FROM delivery_jobs j JOIN delivery_hosts h ON h.host = j.host "
            " WHERE j.state = 'pending' AND h.retry_at > ?1), "
            "(SELECT min(created) FROM delivery_jobs WHERE state = 'pending'), "
            "(SELECT min(next_attempt) FROM delivery_jobs WHERE state = 'pending'), "
            "(SELECT count(*) FROM delivery_hosts WHERE failures > 0), "
            "(SELECT count(*) FROM delivery_hosts WHERE unavailable_since IS NOT NULL)");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, to_ms(now)).step();
        if (!row)
            return fail(row.error());
        s.counts.pending    = (*stmt)->column_int64(0);
        s.counts.delivered  = (*stmt)->column_int64(1);
        s.counts.dead       = (*stmt)->column_int64(2);
        s.due               = (*stmt)->column_int64(3);
        s.leased            = (*stmt)->column_int64(4);
        s.waiting_on_hosts  = (*stmt)->column_int64(5);
        s.oldest_pending    = detail::optional_time(**stmt, 6);
        s.next_attempt      = detail::optional_time(**stmt, 7);
        s.failing_hosts     = (*stmt)->column_int64(8);
        s.unavailable_hosts = (*stmt)->column_int64(9);
        return s;
    });
}

result<std::vector<delivery_job>> sql_store::dead_jobs(std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<delivery_job>> {
        static const std::string sql = std::string("SELECT ") + detail::job_columns +
                                       " FROM delivery_jobs WHERE state = 'dead' "
                                       "ORDER BY id DESC LIMIT ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, clamp_count(limit));
        std::vector<delivery_job> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.push_back(read_job(**stmt));
        }
    });
}

result<std::vector<outbound_activity>> sql_store::activities_for_object(std::string_view object_id)
{
    return read([&](connection& db) -> result<std::vector<outbound_activity>> {
        auto stmt = db.prepare("SELECT id, json, signer, object_id, created "
                               "FROM outbound_activities WHERE object_id = ?1 "
                               "ORDER BY created, id");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, object_id);
        std::vector<outbound_activity> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            outbound_activity a;
            a.id        = (*stmt)->column_text(0);
            a.json      = (*stmt)->column_text(1);
            a.signer    = (*stmt)->column_text(2);
            a.object_id = (*stmt)->column_text(3);
            a.created   = from_ms((*stmt)->column_int64(4));
            out.push_back(std::move(a));
        }
    });
}

} // namespace fedblog::storage::sql
