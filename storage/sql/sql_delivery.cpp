// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: outbound activities, fan-out into delivery jobs, claims and outcomes.
#include "storage/error.hpp"
#include "storage/inbox_host.hpp"
#include "storage/sql/detail/fan_out.hpp"
#include "storage/sql/detail/job_rows.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::to_ms;

//------------------------------------------------------------------------------
// Fan-out

result<detail::fan_out> detail::plan_fan_out(const outbound_activity& activity,
                                             const std::vector<std::string>& inboxes,
                                             bool to_followers)
{
    fan_out plan;
    plan.activity     = &activity;
    plan.to_followers = to_followers;
    plan.targets.reserve(inboxes.size());
    for (const auto& inbox : inboxes)
    {
        auto host = inbox_host(inbox);
        if (!host)
            return fail(host.error());
        plan.targets.emplace_back(inbox, std::move(*host));
    }
    return plan;
}

result<std::size_t> detail::queue(connection& db, const fan_out& plan)
{
    if (plan.activity == nullptr)
        return std::size_t{0};
    const outbound_activity& activity = *plan.activity;

    auto store_activity =
        db.prepare("INSERT INTO outbound_activities (id, json, signer, object_id, created) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING");
    if (!store_activity)
        return fail(store_activity.error());
    auto stored = (*store_activity)
                      ->bind(1, activity.id)
                      .bind(2, activity.json)
                      .bind(3, activity.signer)
                      .bind(4, activity.object_id)
                      .bind(5, to_ms(activity.created))
                      .run();
    if (!stored)
        return fail(stored.error());
    // A retried request (same activity id) must not deliver twice.
    if (*stored == 0)
        return std::size_t{0};

    std::size_t created = 0;
    if (plan.to_followers)
    {
        // One statement for every follower, however many: each follower is collapsed onto
        // its shared inbox when it has one, DISTINCT keeps one job per inbox, and the
        // (activity_id, inbox) key drops any the explicit inboxes below also name.
        // "WHERE true" resolves SQLite's parsing ambiguity between a join's ON and the
        // upsert's ON CONFLICT.
        auto followers = db.prepare(
            "INSERT INTO delivery_jobs (activity_id, inbox, host, state, attempts, "
            "next_attempt, last_status, last_error, created) "
            "SELECT ?1, target.inbox, target.host, 'pending', 0, ?2, 0, '', ?2 FROM ("
            "SELECT DISTINCT coalesce(nullif(shared_inbox, ''), inbox) AS inbox, "
            "CASE WHEN shared_inbox <> '' THEN shared_inbox_host ELSE inbox_host END AS host "
            "FROM followers) AS target WHERE true "
            "ON CONFLICT (activity_id, inbox) DO NOTHING");
        if (!followers)
            return fail(followers.error());
        auto n = (*followers)->bind(1, activity.id).bind(2, to_ms(activity.created)).run();
        if (!n)
            return fail(n.error());
        created += static_cast<std::size_t>(*n);
    }

    if (!plan.targets.empty())
    {
        auto one = db.prepare("INSERT INTO delivery_jobs (activity_id, inbox, host, state, "
                              "attempts, next_attempt, last_status, last_error, created) "
                              "VALUES (?1, ?2, ?3, 'pending', 0, ?4, 0, '', ?4) "
                              "ON CONFLICT (activity_id, inbox) DO NOTHING");
        if (!one)
            return fail(one.error());
        for (const auto& [inbox, host] : plan.targets)
        {
            auto n = (*one)
                         ->bind(1, activity.id)
                         .bind(2, inbox)
                         .bind(3, host)
                         .bind(4, to_ms(activity.created))
                         .run();
            if (!n)
                return fail(n.error());
            created += static_cast<std::size_t>(*n);
            (*one)->reset();
        }
    }
    return created;
}

//------------------------------------------------------------------------------
// Jobs

using detail::job_columns;
using detail::parse_state;
using detail::read_job;

result<std::size_t> sql_store::enqueue(const outbound_activity& activity,
                                       const std::vector<std::string>& inboxes, bool to_followers)
{
    auto plan = detail::plan_fan_out(activity, inboxes, to_followers);
    if (!plan)
        return fail(plan.error());
    return write([&](connection& db) { return detail::queue(db, *plan); });
}

result<std::vector<delivery_job>> sql_store::claim_jobs(time_point now, std::size_t limit,
                                                        std::chrono::milliseconds lease)
{
    return write([&](connection& db) -> result<std::vector<delivery_job>> {
        // Selecting and leasing in one statement of a write transaction is what makes the
        // claim atomic across processes: no other writer runs between the two (SQLite), or
        // the later of two overlapping claims fails and runs again (PostgreSQL).
        static const std::string sql =
            std::string("UPDATE delivery_jobs SET leased_until = ?2 WHERE id IN ("
                        "SELECT id FROM delivery_jobs WHERE state = 'pending' "
                        "AND next_attempt <= ?1 "
                        "AND (leased_until IS NULL OR leased_until <= ?1) "
                        "ORDER BY next_attempt, id LIMIT ?3) RETURNING ") +
            job_columns;
        auto claim = db.prepare(sql);
        if (!claim)
            return fail(claim.error());
        (*claim)->bind(1, to_ms(now)).bind(2, to_ms(now + lease)).bind(3, clamp_count(limit));
        std::vector<delivery_job> jobs;
        for (;;)
        {
            auto row = (*claim)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            jobs.push_back(read_job(**claim));
        }

        // RETURNING yields rows in no promised order, and cannot join: bodies are read once
        // per activity (a post's fan-out shares one) and the order is restored here.
        auto body = db.prepare("SELECT json, signer FROM outbound_activities WHERE id = ?1");
        if (!body)
            return fail(body.error());
        std::map<std::string, std::pair<std::string, std::string>, std::less<>> bodies;
        for (auto& job : jobs)
        {
            auto it = bodies.find(job.activity_id);
            if (it == bodies.end())
            {
                auto row = (*body)->bind(1, job.activity_id).step();
                if (!row)
                    return fail(row.error());
                std::pair<std::string, std::string> entry;
                if (*row) // always: the foreign key guarantees the activity exists
                    entry = {(*body)->column_text(0), (*body)->column_text(1)};
                (*body)->reset();
                it = bodies.emplace(job.activity_id, std::move(entry)).first;
            }
            job.body   = it->second.first;
            job.signer = it->second.second;
        }
        std::sort(jobs.begin(), jobs.end(), [](const delivery_job& a, const delivery_job& b) {
            return std::pair(a.next_attempt, a.id) < std::pair(b.next_attempt, b.id);
        });
        return jobs;
    });
}

result<void> sql_store::mark_delivered(std::int64_t job_id, int status)
{
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("UPDATE delivery_jobs SET state = 'delivered', "
                               "attempts = attempts + 1, last_status = ?2, last_error = '', "
                               "leased_until = NULL WHERE id = ?1 AND state <> 'delivered'");
        if (!stmt)
            return fail(stmt.error());
        if (auto r = (*stmt)->bind(1, job_id).bind(2, std::int64_t{status}).run(); !r)
            return fail(r.error());
        return {};
    });
}

result<void> sql_store::mark_retry(std::int64_t job_id, time_point next_attempt, int status,
                                   std::string_view error)
{
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("UPDATE delivery_jobs SET attempts = attempts + 1, "
                               "next_attempt = ?2, last_status = ?3, last_error = ?4, "
                               "leased_until = NULL WHERE id = ?1 AND state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)
                     ->bind(1, job_id)
                     .bind(2, to_ms(next_attempt))
                     .bind(3, std::int64_t{status})
                     .bind(4, error)
                     .run();
        if (!r)
            return fail(r.error());
        return {};
    });
}

result<void> sql_store::mark_dead(std::int64_t job_id, int status, std::string_view error)
{
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("UPDATE delivery_jobs SET state = 'dead', "
                               "attempts = attempts + 1, last_status = ?2, last_error = ?3, "
                               "leased_until = NULL WHERE id = ?1 AND state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)->bind(1, job_id).bind(2, std::int64_t{status}).bind(3, error).run();
        if (!r)
            return fail(r.error());
        return {};
    });
}

result<std::optional<time_point>> sql_store::next_due()
{
    return read([](connection& db) -> result<std::optional<time_point>> {
        // A leased job cannot be claimed before its lease ends, nor a job whose host's
        // breaker is open before it closes: reporting its (past) next_attempt would make
        // the engine spin until then.
        // (SQLite's many-argument max() is PostgreSQL's greatest().)
        auto stmt = db.prepare(
            db.dialect() == dialect::sqlite
                ? "SELECT min(max(j.next_attempt, coalesce(j.leased_until, 0), "
                  "coalesce(h.retry_at, 0))) FROM delivery_jobs j "
                  "LEFT JOIN delivery_hosts h ON h.host = j.host WHERE j.state = 'pending'"
                : "SELECT min(greatest(j.next_attempt, coalesce(j.leased_until, 0), "
                  "coalesce(h.retry_at, 0))) FROM delivery_jobs j "
                  "LEFT JOIN delivery_hosts h ON h.host = j.host WHERE j.state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->step();
        if (!row)
            return fail(row.error());
        if ((*stmt)->is_null(0))
            return std::optional<time_point>();
        return std::optional<time_point>(from_ms((*stmt)->column_int64(0)));
    });
}

result<job_counts> sql_store::count_jobs()
{
    return read([](connection& db) -> result<job_counts> {
        auto stmt = db.prepare("SELECT state, count(*) FROM delivery_jobs GROUP BY state");
        if (!stmt)
            return fail(stmt.error());
        job_counts counts;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return counts;
            const auto n = (*stmt)->column_int64(1);
            switch (parse_state((*stmt)->column_text(0)))
            {
            case job_state::pending:
                counts.pending = n;
                break;
            case job_state::delivered:
                counts.delivered = n;
                break;
            case job_state::dead:
                counts.dead = n;
                break;
            }
        }
    });
}

result<std::vector<delivery_job>> sql_store::jobs_for_activity(std::string_view activity_id)
{
    return read([&](connection& db) -> result<std::vector<delivery_job>> {
        static const std::string sql = std::string("SELECT ") + job_columns +
                                       " FROM delivery_jobs WHERE activity_id = ?1 ORDER BY id";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, activity_id);
        std::vector<delivery_job> jobs;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return jobs;
            jobs.push_back(read_job(**stmt));
        }
    });
}

result<std::size_t> sql_store::prune_jobs(time_point before)
{
    return write([&](connection& db) -> result<std::size_t> {
        auto stmt = db.prepare("DELETE FROM delivery_jobs "
                               "WHERE state IN ('delivered', 'dead') AND created < ?1");
        if (!stmt)
            return fail(stmt.error());
        auto deleted = (*stmt)->bind(1, to_ms(before)).run();
        if (!deleted)
            return fail(deleted.error());
        return static_cast<std::size_t>(*deleted);
    });
}

} // namespace fedblog::storage::sql
