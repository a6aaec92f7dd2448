// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: the delivery engine's fair claims and batched outcomes with host health.
#include "storage/claim_plan.hpp"
#include "storage/error.hpp"
#include "storage/host_health.hpp"
#include "storage/sql/detail/in_list.hpp"
#include "storage/sql/detail/job_rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <utility>

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::job_columns;
using detail::optional_ms;
using detail::read_host;
using detail::read_job;
using detail::to_ms;

namespace {

/** Reads the records of `hosts` that exist, inside the caller's transaction.
    @return them by host; a host without a record is healthy and absent. */
result<std::map<std::string, host_health, std::less<>>>
load_hosts(connection& db, std::span<const std::string> hosts)
{
    std::map<std::string, host_health, std::less<>> found;
    auto read =
        detail::for_each_chunk(hosts, [&](std::span<const std::string> chunk) -> result<void> {
            const auto places      = detail::in_list_places(chunk.size());
            const std::string& sql = detail::in_list_sql(places, [](std::size_t n) {
                return std::string("SELECT ") + detail::host_columns +
                       " FROM delivery_hosts WHERE host IN " + detail::in_list(1, n);
            });
            auto stmt              = db.prepare(sql);
            if (!stmt)
                return fail(stmt.error());
            detail::bind_in_list(**stmt, 1, chunk, places);
            auto rows = detail::read_rows(**stmt, read_host);
            if (!rows)
                return fail(rows.error());
            for (auto& h : *rows)
                found.emplace(h.host, std::move(h));
            return {};
        });
    if (!read)
        return fail(read.error());
    return found;
}

result<void> save_host(connection& db, const host_health& h)
{
    auto stmt = db.prepare(
        "INSERT INTO delivery_hosts (host, failures, failing_since, last_failure, last_success, "
        "retry_at, unavailable_since, last_status, last_error) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (host) DO UPDATE SET failures = excluded.failures, "
        "failing_since = excluded.failing_since, last_failure = excluded.last_failure, "
        "last_success = excluded.last_success, retry_at = excluded.retry_at, "
        "unavailable_since = excluded.unavailable_since, last_status = excluded.last_status, "
        "last_error = excluded.last_error");
    if (!stmt)
        return fail(stmt.error());
    auto r = (*stmt)
                 ->bind(1, h.host)
                 .bind(2, std::int64_t{h.failures})
                 .bind(3, optional_ms(h.failing_since))
                 .bind(4, optional_ms(h.last_failure))
                 .bind(5, optional_ms(h.last_success))
                 .bind(6, optional_ms(h.retry_at))
                 .bind(7, optional_ms(h.unavailable_since))
                 .bind(8, std::int64_t{h.last_status})
                 .bind(9, h.last_error)
                 .run();
    if (!r)
        return fail(r.error());
    return {};
}

/// The host's pending jobs were waiting for it to answer: they are due at `now`.
result<void> wake_host_jobs(connection& db, const std::string& host, time_point now)
{
    auto stmt = db.prepare("UPDATE delivery_jobs SET next_attempt = ?2 "
                           "WHERE host = ?1 AND state = 'pending' AND next_attempt > ?2");
    if (!stmt)
        return fail(stmt.error());
    if (auto r = (*stmt)->bind(1, host).bind(2, to_ms(now)).run(); !r)
        return fail(r.error());
    return {};
}

/** Leases the jobs `ids` until `until` for `owner`.
    @return the jobs leased, in the order of `ids` (one that no longer exists is left out). */
result<std::vector<delivery_job>> lease_jobs(connection& db, const std::vector<std::int64_t>& ids,
                                             std::int64_t until, std::optional<std::int64_t> owner)
{
    std::vector<delivery_job> jobs;
    auto leased = detail::for_each_chunk(
        std::span<const std::int64_t>(ids),
        [&](std::span<const std::int64_t> chunk) -> result<void> {
            const auto places      = detail::in_list_places(chunk.size());
            const std::string& sql = detail::in_list_sql(places, [](std::size_t n) {
                return std::string("UPDATE delivery_jobs SET leased_until = ?1, leased_by = ?2 "
                                   "WHERE id IN ") +
                       detail::in_list(3, n) + " RETURNING " + job_columns;
            });
            auto stmt              = db.prepare(sql);
            if (!stmt)
                return fail(stmt.error());
            (*stmt)->bind(1, until).bind(2, owner);
            detail::bind_in_list(**stmt, 3, chunk, places);
            auto rows = detail::read_rows(**stmt, read_job);
            if (!rows)
                return fail(rows.error());
            std::move(rows->begin(), rows->end(), std::back_inserter(jobs));
            return {};
        });
    if (!leased)
        return fail(leased.error());
    // RETURNING gives the rows in no promised order; the caller's (a claim's round robin) is kept.
    std::unordered_map<std::int64_t, std::size_t> place;
    for (std::size_t i = 0; i < ids.size(); ++i)
        place.emplace(ids[i], i);
    std::sort(jobs.begin(), jobs.end(), [&](const delivery_job& a, const delivery_job& b) {
        return place.at(a.id) < place.at(b.id);
    });
    return jobs;
}

/// Jobs delivered with `status`, all in one statement per chunk.
result<void> mark_jobs_delivered(connection& db, int status, std::span<const std::int64_t> job_ids)
{
    return detail::for_each_chunk(job_ids, [&](std::span<const std::int64_t> ids) -> result<void> {
        const auto places      = detail::in_list_places(ids.size());
        const std::string& sql = detail::in_list_sql(places, [](std::size_t n) {
            return "UPDATE delivery_jobs SET state = 'delivered', attempts = attempts + 1, "
                   "last_status = ?1, last_error = '', leased_until = NULL "
                   "WHERE state <> 'delivered' AND id IN " +
                   detail::in_list(2, n);
        });
        auto stmt              = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, std::int64_t{status});
        detail::bind_in_list(**stmt, 2, ids, places);
        if (auto r = (*stmt)->run(); !r)
            return fail(r.error());
        return {};
    });
}

/// One job's outcome (record_outcomes() gathers its deliveries into mark_jobs_delivered()).
result<void> mark_job(connection& db, const job_outcome& o)
{
    switch (o.kind)
    {
    case outcome_kind::delivered:
        return mark_jobs_delivered(db, o.status, std::span<const std::int64_t>(&o.job_id, 1));
    case outcome_kind::retry:
    {
        auto stmt = db.prepare("UPDATE delivery_jobs SET attempts = attempts + 1, "
                               "next_attempt = ?2, last_status = ?3, last_error = ?4, "
                               "leased_until = NULL WHERE id = ?1 AND state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)
                     ->bind(1, o.job_id)
                     .bind(2, to_ms(o.next_attempt))
                     .bind(3, std::int64_t{o.status})
                     .bind(4, o.error)
                     .run();
        if (!r)
            return fail(r.error());
        return {};
    }
    case outcome_kind::dead:
    case outcome_kind::gone:
    {
        auto stmt = db.prepare("UPDATE delivery_jobs SET state = 'dead', "
                               "attempts = attempts + 1, last_status = ?2, last_error = ?3, "
                               "leased_until = NULL WHERE id = ?1 AND state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)->bind(1, o.job_id).bind(2, std::int64_t{o.status}).bind(3, o.error).run();
        if (!r)
            return fail(r.error());
        return {};
    }
    }
    return {};
}

/** 410 from `inbox`: the followers whose personal inbox it is are gone. A shared inbox is
    left alone (one gone actor does not make a server's other followers gone); so is an
    inbox that some follower also uses as its shared inbox.
    @return the number of followers removed. */
result<std::size_t> remove_gone_inbox(connection& db, const std::string& inbox)
{
    auto removed = db.prepare("DELETE FROM followers WHERE inbox = ?1 AND shared_inbox <> ?1 "
                              "AND NOT EXISTS (SELECT 1 FROM followers f "
                              "WHERE f.shared_inbox = ?1)");
    if (!removed)
        return fail(removed.error());
    auto n = (*removed)->bind(1, inbox).run();
    if (!n)
        return fail(n.error());
    if (*n > 0)
    {
        // As remove_follower(): the inbox's other pending jobs go nowhere now.
        auto cancel = db.prepare(
            "UPDATE delivery_jobs SET state = 'dead', last_error = 'follower gone (410)', "
            "leased_until = NULL WHERE inbox = ?1 AND state = 'pending' "
            "AND NOT EXISTS (SELECT 1 FROM followers WHERE inbox = ?1 OR shared_inbox = ?1)");
        if (!cancel)
            return fail(cancel.error());
        if (auto r = (*cancel)->bind(1, inbox).run(); !r)
            return fail(r.error());
    }
    return static_cast<std::size_t>(*n);
}

} // namespace

result<claimed_batch> sql_store::claim_batch(const claim_options& o)
{
    return write([&](connection& db) -> result<claimed_batch> {
        // No other writer runs between these reads and the leases (SQLite's BEGIN
        // IMMEDIATE), or one that overlaps them fails and runs again (PostgreSQL's
        // SERIALIZABLE sees the write skew of two claims leasing one host's jobs), so the
        // claim is atomic across processes. The batch is chosen here rather than in one
        // statement: ranking every due job per host with a window function cost 30 ms per
        // claim at 10,000 due jobs, while walking the due index in order and stopping once
        // the batch is settled reads only as many rows as it needs (storage/claim_plan.hpp).
        claim_plan plan(o.limit, o.per_host, o.half_open_failures);

        // Hosts whose breaker is open or half open: the few failing ones.
        auto hosts = db.prepare("SELECT host, failures, retry_at FROM delivery_hosts "
                                "WHERE failures > 0 OR retry_at > ?1");
        if (!hosts)
            return fail(hosts.error());
        (*hosts)->bind(1, to_ms(o.now));
        for (;;)
        {
            auto row = (*hosts)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            const auto retry_at = (*hosts)->column_optional_int64(2);
            plan.host_health((*hosts)->column_text(0), static_cast<int>((*hosts)->column_int64(1)),
                             retry_at && *retry_at > to_ms(o.now));
        }

        for (const auto& host : o.unanswered_hosts)
            plan.unanswered(host);

        // Jobs leased now, by any process, count against their host's limit.
        if (o.per_host > 0)
        {
            // SQLite's planner, left alone, walks the due-jobs index here instead.
            auto leased = db.prepare(db.dialect() == dialect::sqlite
                                         ? "SELECT host FROM delivery_jobs INDEXED BY "
                                           "delivery_jobs_leased_idx WHERE state = 'pending' "
                                           "AND leased_until > ?1"
                                         : "SELECT host FROM delivery_jobs WHERE state = "
                                           "'pending' AND leased_until > ?1");
            if (!leased)
                return fail(leased.error());
            (*leased)->bind(1, to_ms(o.now));
            for (;;)
            {
                auto row = (*leased)->step();
                if (!row)
                    return fail(row.error());
                if (!*row)
                    break;
                plan.leased((*leased)->column_text(0));
            }
        }

        // Due, unleased jobs, oldest first, a page at a time until the plan needs no more
        // (PostgreSQL sends a query's whole result at once: unbounded, that would be every
        // due job on every claim).
        constexpr std::int64_t page = 512;
        auto due                    = db.prepare("SELECT id, host, next_attempt FROM delivery_jobs "
                                                                    "WHERE state = 'pending' AND next_attempt <= ?1 "
                                                                    "AND (leased_until IS NULL OR leased_until <= ?1) "
                                                                    "AND next_attempt >= ?2 AND (next_attempt > ?2 OR id > ?3) "
                                                                    "ORDER BY next_attempt, id LIMIT ?4");
        if (!due)
            return fail(due.error());
        std::int64_t after_time = std::numeric_limits<std::int64_t>::min();
        std::int64_t after_id   = std::numeric_limits<std::int64_t>::min();
        for (bool more = true; more && !plan.settled();)
        {
            (*due)->reset();
            (*due)->bind(1, to_ms(o.now)).bind(2, after_time).bind(3, after_id).bind(4, page);
            std::int64_t rows = 0;
            while (!plan.settled())
            {
                auto row = (*due)->step();
                if (!row)
                    return fail(row.error());
                if (!*row)
                    break;
                ++rows;
                after_id   = (*due)->column_int64(0);
                after_time = (*due)->column_int64(2);
                plan.offer(after_id, (*due)->column_text(1));
            }
            more = rows == page;
        }
        (*due)->reset(); // ends the read before the writes below

        claimed_batch batch;
        auto leased = lease_jobs(db, plan.chosen(), to_ms(o.now + o.lease),
                                 o.owner != 0 ? std::optional(o.owner) : std::nullopt);
        if (!leased)
            return fail(leased.error());
        batch.jobs = std::move(*leased);
        if (batch.jobs.empty())
            return batch;

        // Each activity once, however many jobs share it.
        std::set<std::string, std::less<>> ids;
        for (const auto& j : batch.jobs)
            ids.insert(j.activity_id);
        auto body = db.prepare("SELECT id, json, signer, object_id, created "
                               "FROM outbound_activities WHERE id = ?1");
        if (!body)
            return fail(body.error());
        for (const auto& id : ids)
        {
            (*body)->reset();
            auto row = (*body)->bind(1, id).step();
            if (!row)
                return fail(row.error());
            if (!*row)
                continue; // cannot happen: the foreign key keeps the activity
            outbound_activity a;
            a.id        = (*body)->column_text(0);
            a.json      = (*body)->column_text(1);
            a.signer    = (*body)->column_text(2);
            a.object_id = (*body)->column_text(3);
            a.created   = from_ms((*body)->column_int64(4));
            batch.activities.push_back(std::move(a));
        }
        return batch;
    });
}

result<outcome_effects> sql_store::record_outcomes(const std::vector<job_outcome>& outcomes,
                                                   const host_policy& policy)
{
    if (outcomes.empty())
        return outcome_effects{};
    // Snapshot isolation is enough here (PostgreSQL; SQLite writes one at a time either way).
    // The jobs are updated by id and each host's record is read and written back, so of two
    // writers on one row the later fails and runs again. The one read of other rows is a gone
    // inbox's check that no follower uses it as a shared inbox: a Follow naming it so in that
    // very moment is missed, and the follower whose inbox answered 410 is removed anyway.
    // Serializable, these writes and the claims aborted one another as "pivots" of
    // dependencies that SSI's page-grained locks on the jobs' indexes saw between disjoint
    // jobs: 22 of some 200 transactions in a fan-out of 5,500 deliveries.
    return write(
        [&](connection& db) -> result<outcome_effects> {
            outcome_effects effects;
            // Attempts per host in the order they were made (the batch's order).
            std::map<std::string, std::vector<const job_outcome*>, std::less<>> by_host;
            // Nearly every outcome of a fan-out is a delivery with one of a few statuses.
            std::map<int, std::vector<std::int64_t>> delivered;
            for (const auto& o : outcomes)
            {
                if (o.kind == outcome_kind::delivered)
                    delivered[o.status].push_back(o.job_id);
                else if (auto r = mark_job(db, o); !r)
                    return fail(r.error());
                if (o.kind == outcome_kind::gone)
                {
                    auto n = remove_gone_inbox(db, o.inbox);
                    if (!n)
                        return fail(n.error());
                    effects.followers_removed += *n;
                }
                by_host[o.host].push_back(&o);
            }
            for (const auto& [status, ids] : delivered)
            {
                if (auto r = mark_jobs_delivered(db, status, ids); !r)
                    return fail(r.error());
            }
            std::vector<std::string> hosts;
            hosts.reserve(by_host.size());
            for (const auto& entry : by_host)
                hosts.push_back(entry.first);
            auto records = load_hosts(db, hosts);
            if (!records)
                return fail(records.error());
            for (const auto& [host, attempts] : by_host)
            {
                const auto record  = records->find(host);
                const bool existed = record != records->end();
                host_health health;
                if (existed)
                    health = std::move(record->second);
                else
                    health.host = host;
                const bool all_answered =
                    std::all_of(attempts.begin(), attempts.end(), [](auto* o) {
                        return o->attempt.answered && !o->attempt.retry_after;
                    });
                // Healthy hosts have no record; writing one per success would cost a write per
                // host for nothing.
                if (!existed && all_answered)
                    continue;
                const bool was_failing = is_failing(health);
                for (const auto* o : attempts)
                    health = apply_attempt(std::move(health), o->attempt, policy);
                if (auto r = save_host(db, health); !r)
                    return fail(r.error());
                if (was_failing && !is_failing(health))
                {
                    if (auto r = wake_host_jobs(db, host, attempts.back()->attempt.at); !r)
                        return fail(r.error());
                }
                effects.hosts.push_back(std::move(health));
            }
            return effects;
        },
        isolation::snapshot);
}

result<void> sql_store::release_jobs(const std::vector<std::int64_t>& job_ids)
{
    if (job_ids.empty())
        return {};
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("UPDATE delivery_jobs SET leased_until = NULL "
                               "WHERE id = ?1 AND state = 'pending'");
        if (!stmt)
            return fail(stmt.error());
        for (const auto id : job_ids)
        {
            (*stmt)->reset();
            if (auto r = (*stmt)->bind(1, id).run(); !r)
                return fail(r.error());
        }
        return {};
    });
}

result<std::size_t> sql_store::release_all_leases()
{
    return write([&](connection& db) -> result<std::size_t> {
        // The partial index on leased jobs makes this touch only the leased few.
        auto stmt = db.prepare("UPDATE delivery_jobs SET leased_until = NULL "
                               "WHERE state = 'pending' AND leased_until IS NOT NULL");
        if (!stmt)
            return fail(stmt.error());
        auto n = (*stmt)->run();
        if (!n)
            return fail(n.error());
        return static_cast<std::size_t>(*n);
    });
}

result<std::vector<std::int64_t>> sql_store::lease_owners(time_point now)
{
    return read([&](connection& db) -> result<std::vector<std::int64_t>> {
        // The leased few, through their partial index.
        auto stmt = db.prepare("SELECT DISTINCT leased_by FROM delivery_jobs "
                               "WHERE state = 'pending' AND leased_until > ?1 "
                               "AND leased_by IS NOT NULL");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, to_ms(now));
        std::vector<std::int64_t> owners;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return owners;
            owners.push_back((*stmt)->column_int64(0));
        }
    });
}

result<std::size_t> sql_store::release_leases_of(std::int64_t owner)
{
    return write([&](connection& db) -> result<std::size_t> {
        auto stmt = db.prepare("UPDATE delivery_jobs SET leased_until = NULL, leased_by = NULL "
                               "WHERE state = 'pending' AND leased_until IS NOT NULL "
                               "AND leased_by = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto n = (*stmt)->bind(1, owner).run();
        if (!n)
            return fail(n.error());
        return static_cast<std::size_t>(*n);
    });
}

result<bool> sql_store::revive_host(std::string_view host, time_point now)
{
    return write([&](connection& db) -> result<bool> {
        const std::string name(host);
        auto loaded = load_hosts(db, std::span<const std::string>(&name, 1));
        if (!loaded)
            return fail(loaded.error());
        const auto record = loaded->find(name);
        if (record == loaded->end() || !is_failing(record->second))
            return false;
        host_health health = std::move(record->second);
        if (auto r = save_host(db, revive(std::move(health), now)); !r)
            return fail(r.error());
        if (auto r = wake_host_jobs(db, name, now); !r)
            return fail(r.error());
        return true;
    });
}

} // namespace fedblog::storage::sql
