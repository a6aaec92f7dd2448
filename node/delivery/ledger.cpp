// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading and rendering delivery ledgers and the queue overview.
#include "node/delivery/ledger.hpp"

#include "protocol/http_date.hpp"
#include "storage/host_health.hpp"

#include <sstream>

namespace fedblog::node {

namespace json = protocol::json;

namespace {

json::value time_or_null(const std::optional<storage::time_point>& t)
{
    if (!t)
        return nullptr;
    return format_time(*t);
}

const char* state_name(storage::job_state s)
{
    switch (s)
    {
    case storage::job_state::pending:
        return "pending";
    case storage::job_state::delivered:
        return "delivered";
    case storage::job_state::dead:
        return "dead";
    }
    return "?";
}

json::value job_json(const storage::delivery_job& j)
{
    return json::make_object({
        {"inbox", j.inbox},
        {"state", state_name(j.state)},
        {"attempts", j.attempts},
        {"lastStatus", j.last_status},
        {"lastError", j.last_error},
        {"nextAttempt", j.state == storage::job_state::pending
                            ? json::value(format_time(j.next_attempt))
                            : json::value(nullptr)},
    });
}

/// The dead job whose status best explains the others: the newest one.
const storage::delivery_job* last_dead(const activity_ledger& a)
{
    const storage::delivery_job* found = nullptr;
    for (const auto& j : a.unfinished)
    {
        if (j.state == storage::job_state::dead && (!found || j.id > found->id))
            found = &j;
    }
    return found;
}

} // namespace

std::string format_time(storage::time_point t)
{
    return protocol::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

storage::result<post_ledger> read_ledger(storage::store& store, std::string_view post_url)
{
    post_ledger out;
    out.post        = std::string(post_url);
    auto activities = store.activities_for_object(post_url);
    if (!activities)
        return activities.error();
    for (const auto& a : *activities)
    {
        activity_ledger l;
        l.id      = a.id;
        l.created = a.created;
        if (auto doc = json::parse_object(a.json))
            l.type = std::string(json::type_of(*doc));
        auto jobs = store.jobs_for_activity(a.id);
        if (!jobs)
            return jobs.error();
        for (auto& j : *jobs)
        {
            ++l.inboxes;
            switch (j.state)
            {
            case storage::job_state::delivered:
                ++l.delivered;
                continue;
            case storage::job_state::pending:
                ++l.retrying;
                if (!l.next_try || j.next_attempt < *l.next_try)
                    l.next_try = j.next_attempt;
                break;
            case storage::job_state::dead:
                ++l.dead;
                break;
            }
            l.unfinished.push_back(std::move(j));
        }
        out.activities.push_back(std::move(l));
    }
    return out;
}

std::string render_ledger(const post_ledger& ledger)
{
    std::ostringstream out;
    out << ledger.post << "\n";
    if (ledger.activities.empty())
        out << "  nothing was sent about this post\n";
    for (const auto& a : ledger.activities)
    {
        out << "  " << (a.type.empty() ? std::string("activity") : a.type) << " "
            << format_time(a.created) << ": delivered to " << a.delivered << " of " << a.inboxes
            << " inboxes, " << a.retrying << " retrying";
        if (a.next_try)
            out << " (next try at " << format_time(*a.next_try) << ")";
        out << ", " << a.dead << " dead";
        if (const auto* d = last_dead(a))
            out << " (last status " << d->last_status << ": " << d->last_error << ")";
        out << "\n";
        for (const auto& j : a.unfinished)
        {
            out << "    " << state_name(j.state) << " " << j.inbox << " attempts=" << j.attempts
                << " last_status=" << j.last_status;
            if (!j.last_error.empty())
                out << " error=\"" << j.last_error << "\"";
            if (j.state == storage::job_state::pending)
                out << " next=" << format_time(j.next_attempt);
            out << "\n";
        }
    }
    return out.str();
}

json::value ledger_json(const post_ledger& ledger)
{
    json::value activities = json::array{};
    for (const auto& a : ledger.activities)
    {
        json::value unfinished = json::array{};
        for (const auto& j : a.unfinished)
            unfinished.push_back(job_json(j));
        const auto* d = last_dead(a);
        activities.push_back(json::make_object({
            {"id", a.id},
            {"type", a.type},
            {"created", format_time(a.created)},
            {"inboxes", static_cast<std::int64_t>(a.inboxes)},
            {"delivered", static_cast<std::int64_t>(a.delivered)},
            {"retrying", static_cast<std::int64_t>(a.retrying)},
            {"dead", static_cast<std::int64_t>(a.dead)},
            {"nextTry", time_or_null(a.next_try)},
            {"lastDeadStatus", d ? json::value(d->last_status) : json::value(nullptr)},
            {"lastDeadError", d ? json::value(d->last_error) : json::value(nullptr)},
            {"unfinished", std::move(unfinished)},
        }));
    }
    return json::make_object({{"post", ledger.post}, {"activities", std::move(activities)}});
}

storage::result<queue_overview> read_overview(storage::store& store, storage::time_point now,
                                              std::size_t max_rows)
{
    queue_overview out;
    auto stats = store.delivery_stats(now);
    if (!stats)
        return stats.error();
    out.stats    = *stats;
    auto failing = store.failing_hosts(max_rows);
    if (!failing)
        return failing.error();
    out.failing_hosts = std::move(*failing);
    auto dead         = store.dead_jobs(max_rows);
    if (!dead)
        return dead.error();
    out.dead_jobs = std::move(*dead);
    return out;
}

std::string render_overview(const queue_overview& o, storage::time_point now)
{
    std::ostringstream out;
    const auto& s = o.stats;
    out << "pending " << s.counts.pending << " (due " << s.due << ", in flight " << s.leased
        << ", waiting on failing hosts " << s.waiting_on_hosts << "), delivered "
        << s.counts.delivered << ", dead " << s.counts.dead << "\n";
    if (s.oldest_pending)
        out << "oldest pending job queued " << format_time(*s.oldest_pending) << " ("
            << std::chrono::duration_cast<std::chrono::seconds>(now - *s.oldest_pending).count()
            << " s ago)\n";
    if (s.next_attempt)
        out << "next attempt at " << format_time(*s.next_attempt) << "\n";
    out << "failing hosts: " << s.failing_hosts << " (unavailable " << s.unavailable_hosts << ")\n";
    for (const auto& h : o.failing_hosts)
    {
        out << "  " << h.host << (h.unavailable_since ? " UNAVAILABLE" : "")
            << " failures=" << h.failures;
        if (h.failing_since)
            out << " since=" << format_time(*h.failing_since);
        if (h.retry_at)
            out << " next_try=" << format_time(*h.retry_at);
        out << " last_status=" << h.last_status << " error=\"" << h.last_error << "\"\n";
    }
    out << "dead jobs (newest first): " << o.dead_jobs.size() << "\n";
    for (const auto& j : o.dead_jobs)
        out << "  " << j.inbox << " activity=" << j.activity_id << " attempts=" << j.attempts
            << " last_status=" << j.last_status << " reason=\"" << j.last_error << "\"\n";
    return out.str();
}

json::value overview_json(const queue_overview& o)
{
    const auto& s        = o.stats;
    json::value hosts    = json::array{};
    json::value deadjobs = json::array{};
    for (const auto& h : o.failing_hosts)
        hosts.push_back(json::make_object({
            {"host", h.host},
            {"failures", h.failures},
            {"failingSince", time_or_null(h.failing_since)},
            {"retryAt", time_or_null(h.retry_at)},
            {"unavailableSince", time_or_null(h.unavailable_since)},
            {"lastStatus", h.last_status},
            {"lastError", h.last_error},
        }));
    for (const auto& j : o.dead_jobs)
    {
        auto row = job_json(j);
        row.set("activity", j.activity_id);
        deadjobs.push_back(std::move(row));
    }
    return json::make_object({
        {"pending", s.counts.pending},
        {"delivered", s.counts.delivered},
        {"dead", s.counts.dead},
        {"due", s.due},
        {"inFlight", s.leased},
        {"waitingOnHosts", s.waiting_on_hosts},
        {"oldestPending", time_or_null(s.oldest_pending)},
        {"nextAttempt", time_or_null(s.next_attempt)},
        {"failingHostCount", s.failing_hosts},
        {"unavailableHostCount", s.unavailable_hosts},
        {"failingHosts", std::move(hosts)},
        {"deadJobs", std::move(deadjobs)},
    });
}

} // namespace fedblog::node
