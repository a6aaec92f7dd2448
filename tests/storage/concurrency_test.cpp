// SPDX-License-Identifier: AGPL-3.0-or-later
// Stores under concurrency: several processes on one database (SQLite, PostgreSQL), and
// SQLite's lock timeouts.

// Test that header file is self-contained.
// clang-format off
#include "storage/sqlite/sqlite_store.hpp"
// clang-format on

#include "storage/open_store.hpp"
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
#include "storage/postgres/connection.hpp"
#endif
#include "storage/sql/detail/transactions.hpp"
#include "storage/sqlite/connection.hpp"
#include "tests/storage/store_test_support.hpp"
#include "tests/support/pg_scratch_schema.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fedblog::storage::test {

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
using fedblog::test::pg_dsn_is_set;
using fedblog::test::pg_scratch_schema;
#endif

namespace {

/** Runs `child(index)` in `n` forked processes and waits for all of them.
    Each child opens its own store (SQLite handles must not cross fork()), reports through
    files and leaves with _exit, so no Boost.Test or static destructor runs twice.
    @return true when every child exited with status 0.
*/
template <class Child>
bool run_processes(int n, Child child)
{
    std::vector<pid_t> pids;
    for (int i = 0; i < n; ++i)
    {
        const pid_t pid = ::fork();
        if (pid < 0)
            return false;
        if (pid == 0)
        {
            int status = 1;
            try
            {
                status = child(i);
            }
            catch (...)
            {
                status = 2;
            }
            ::_exit(status);
        }
        pids.push_back(pid);
    }
    bool all_ok = true;
    for (std::size_t i = 0; i < pids.size(); ++i)
    {
        int status = 0;
        if (::waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
        {
            // Exit status 10: the store did not open; 11: a call failed; 2: it threw.
            if (WIFSIGNALED(status))
                BOOST_TEST_MESSAGE("child " << i << " ended by signal " << WTERMSIG(status));
            else
                BOOST_TEST_MESSAGE("child " << i << " ended with status " << WEXITSTATUS(status));
            all_ok = false;
        }
    }
    return all_ok;
}

// What several processes sharing one database must get right, whatever the backend:
// `url` names the database, `files` a directory for the children's reports.

void claiming_at_once_never_shares_a_job(const std::string& url, const std::filesystem::path& files)
{
    constexpr int job_count = 600;
    {
        auto s = FEDBLOG_OK(open_store(url));
        std::vector<std::string> inboxes;
        for (int i = 0; i < job_count; ++i)
            inboxes.push_back("https://h" + std::to_string(i) + ".example/inbox");
        FEDBLOG_OK(s->enqueue(make_activity("https://blog.example/a", at(0)), inboxes, false));
    } // closed before forking

    const bool ok = run_processes(3, [&](int index) {
        auto s = open_store(url);
        if (!s)
            return 10;
        std::ofstream out(files / ("claimed-" + std::to_string(index)));
        for (;;)
        {
            auto batch = (*s)->claim_jobs(at(1), 5, std::chrono::hours(1));
            if (!batch)
                return 11;
            if (batch->empty())
                return 0;
            for (const auto& j : *batch)
                out << j.id << '\n';
            out.flush();
        }
    });
    BOOST_TEST_REQUIRE(ok);

    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i)
    {
        std::ifstream in(files / ("claimed-" + std::to_string(i)));
        for (std::int64_t id = 0; in >> id;)
            ids.push_back(id);
    }
    BOOST_TEST(ids.size() == static_cast<std::size_t>(job_count));
    BOOST_TEST(std::set<std::int64_t>(ids.begin(), ids.end()).size() == ids.size());
}

// The engine's claim: a per-host limit holds across processes, not just within one.
void batch_claims_keep_the_per_host_limit_across_processes(const std::string& url,
                                                           const std::filesystem::path& files)
{
    constexpr int hosts = 10;
    {
        auto s = FEDBLOG_OK(open_store(url));
        std::vector<std::string> inboxes;
        for (int h = 0; h < hosts; ++h)
            for (int i = 0; i < 20; ++i)
                inboxes.push_back("https://h" + std::to_string(h) + ".example/users/u" +
                                  std::to_string(i) + "/inbox");
        FEDBLOG_OK(s->enqueue(make_activity("https://blog.example/b", at(0)), inboxes, false));
    }

    const bool ok = run_processes(4, [&](int index) {
        auto s = open_store(url);
        if (!s)
            return 10;
        std::ofstream out(files / ("hosts-" + std::to_string(index)));
        claim_options o;
        o.now      = at(1);
        o.limit    = hosts;
        o.per_host = 1;
        o.lease    = std::chrono::hours(1);
        // Leases are held (never reported), so each host can be claimed once in all.
        for (int round = 0; round < 5; ++round)
        {
            auto batch = (*s)->claim_batch(o);
            if (!batch)
                return 11;
            for (const auto& j : batch->jobs)
                out << j.host << '\n';
            out.flush();
        }
        return 0;
    });
    BOOST_TEST_REQUIRE(ok);

    std::vector<std::string> claimed;
    for (int i = 0; i < 4; ++i)
    {
        std::ifstream in(files / ("hosts-" + std::to_string(i)));
        for (std::string host; in >> host;)
            claimed.push_back(host);
    }
    BOOST_TEST(claimed.size() == static_cast<std::size_t>(hosts));
    BOOST_TEST(std::set<std::string>(claimed.begin(), claimed.end()).size() == claimed.size());
}

void writing_at_once_all_succeed(const std::string& url)
{
    FEDBLOG_OK(open_store(url)); // migrate once up front

    const bool ok = run_processes(3, [&](int index) {
        auto s = open_store(url);
        if (!s)
            return 10;
        for (int i = 0; i < 100; ++i)
        {
            const auto slug = "p" + std::to_string(index) + "-" + std::to_string(i);
            if (!(*s)->insert_post(make_post(slug, at(i)),
                                   make_activity("https://blog.example/c/" + slug, at(i)),
                                   {"https://a.example/inbox"}))
                return 11;
        }
        return 0;
    });
    BOOST_TEST_REQUIRE(ok);

    auto s = FEDBLOG_OK(open_store(url));
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 300);
    BOOST_TEST(FEDBLOG_OK(s->count_jobs()).pending == 300);
}

// Outcome writes read a host's health and write it back: two processes counting one host's
// failures at the same moment must not lose either's count.
void recording_one_hosts_failures_at_once_counts_each(const std::string& url)
{
    constexpr int processes   = 3;
    constexpr int per_process = 40;
    FEDBLOG_OK(open_store(url)); // migrate once up front

    const bool ok = run_processes(processes, [&](int index) {
        auto s = open_store(url);
        if (!s)
            return 10;
        for (int i = 0; i < per_process; ++i)
        {
            job_outcome f;
            f.job_id         = 1'000'000 + index * per_process + i; // only the host changes
            f.host           = "down.example";
            f.inbox          = "https://down.example/inbox";
            f.kind           = outcome_kind::retry;
            f.attempt.at     = at(10 + i);
            f.attempt.status = 503;
            f.attempt.error  = "status 503";
            if (!(*s)->record_outcomes({f}, host_policy{}))
                return 11;
        }
        return 0;
    });
    BOOST_TEST_REQUIRE(ok);

    auto s       = FEDBLOG_OK(open_store(url));
    auto failing = FEDBLOG_OK(s->failing_hosts(10));
    BOOST_TEST_REQUIRE(failing.size() == 1u);
    BOOST_TEST(failing[0].failures == processes * per_process);
}

void opening_a_new_database_at_once_all_succeed(const std::string& url)
{
    const bool ok = run_processes(4, [&](int) { return open_store(url) ? 0 : 10; });
    BOOST_TEST(ok);
    auto s = FEDBLOG_OK(open_store(url));
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(collisions)

BOOST_AUTO_TEST_CASE(pauses_after_a_collision_grow_to_a_cap_and_differ)
{
    using std::chrono::microseconds;
    for (int attempt : {1, 2, 5, 7, 8, 40})
    {
        const int base = std::min(attempt, 7) * std::min(attempt, 7) * 1000;
        std::set<microseconds::rep> seen;
        for (int i = 0; i < 50; ++i)
        {
            const auto pause = sql::detail::collision_pause(attempt);
            BOOST_TEST(pause.count() >= base / 2);
            BOOST_TEST(pause.count() <= base + base / 2);
            seen.insert(pause.count());
        }
        // Writers that collided must not pause alike, or they collide again.
        BOOST_TEST(seen.size() > 10u);
    }
}

BOOST_AUTO_TEST_CASE(forked_processes_pause_differently)
{
    temp_dir dir;
    const bool ok = run_processes(4, [&](int index) {
        std::ofstream out(dir.path() / ("pause-" + std::to_string(index)));
        out << sql::detail::collision_pause(3).count() << '\n';
        return out ? 0 : 1;
    });
    BOOST_TEST_REQUIRE(ok);
    std::set<std::int64_t> pauses;
    for (int i = 0; i < 4; ++i)
    {
        std::ifstream in(dir.path() / ("pause-" + std::to_string(i)));
        std::int64_t p = 0;
        BOOST_TEST_REQUIRE(static_cast<bool>(in >> p));
        pauses.insert(p);
    }
    BOOST_TEST(pauses.size() > 1u); // 4 equal draws out of 9,001 values: about 1 in 7e11
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sqlite_concurrency)

BOOST_AUTO_TEST_CASE(processes_claiming_at_once_never_share_a_job)
{
    temp_dir dir;
    claiming_at_once_never_shares_a_job(dir.sqlite_url(), dir.path());
}

BOOST_AUTO_TEST_CASE(processes_claiming_batches_keep_the_per_host_limit)
{
    temp_dir dir;
    batch_claims_keep_the_per_host_limit_across_processes(dir.sqlite_url(), dir.path());
}

BOOST_AUTO_TEST_CASE(processes_writing_at_once_all_succeed)
{
    temp_dir dir;
    writing_at_once_all_succeed(dir.sqlite_url());
}

BOOST_AUTO_TEST_CASE(processes_counting_one_hosts_failures_at_once_lose_none)
{
    temp_dir dir;
    recording_one_hosts_failures_at_once_counts_each(dir.sqlite_url());
}

BOOST_AUTO_TEST_CASE(processes_opening_a_new_file_at_once_all_succeed)
{
    temp_dir dir;
    opening_a_new_database_at_once_all_succeed(dir.sqlite_url());
}

BOOST_AUTO_TEST_CASE(a_lock_held_past_the_busy_timeout_is_reported_as_busy)
{
    temp_dir dir;
    const auto path = (dir.path() / "fedblog.db").string();
    std::string why;
    sqlite::sqlite_options options;
    options.busy_timeout = std::chrono::milliseconds(200);
    auto s               = FEDBLOG_OK(sqlite::open_sqlite_store(path, options, why));

    // Another "process" holds the write lock.
    auto holder = FEDBLOG_OK(sqlite::connection::open(path, std::chrono::milliseconds(0)));
    FEDBLOG_OK(holder->exec("BEGIN IMMEDIATE"));

    const auto started = std::chrono::steady_clock::now();
    const auto blocked = s->insert_post(make_post("waits", at(1)), std::nullopt, {});
    const auto waited  = std::chrono::steady_clock::now() - started;
    BOOST_TEST((error_of(blocked) == error::busy));
    BOOST_TEST((waited >= std::chrono::milliseconds(150))); // it did wait, then gave up

    // Readers are not blocked by a writer in WAL mode.
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 0);

    FEDBLOG_OK(holder->exec("COMMIT"));
    FEDBLOG_OK(s->insert_post(make_post("waits", at(1)), std::nullopt, {}));
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 1);
}

BOOST_AUTO_TEST_CASE(a_writer_waits_for_a_short_lock)
{
    temp_dir dir;
    const auto path = (dir.path() / "fedblog.db").string();
    auto s          = FEDBLOG_OK(open_store(dir.sqlite_url()));

    auto holder = FEDBLOG_OK(sqlite::connection::open(path, std::chrono::milliseconds(0)));
    FEDBLOG_OK(holder->exec("BEGIN IMMEDIATE"));
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        (void)holder->exec("COMMIT");
    });
    const auto waited = s->insert_post(make_post("patient", at(1)), std::nullopt, {});
    release.join();
    BOOST_TEST(waited.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
// The scale-out backend: several fedblog processes behind a load balancer, one server.
BOOST_AUTO_TEST_SUITE(postgres_concurrency, *boost::unit_test::precondition(pg_dsn_is_set))

BOOST_AUTO_TEST_CASE(processes_claiming_at_once_never_share_a_job)
{
    temp_dir dir;
    pg_scratch_schema schema;
    claiming_at_once_never_shares_a_job(schema.url(), dir.path());
}

BOOST_AUTO_TEST_CASE(processes_claiming_batches_keep_the_per_host_limit)
{
    temp_dir dir;
    pg_scratch_schema schema;
    batch_claims_keep_the_per_host_limit_across_processes(schema.url(), dir.path());
}

BOOST_AUTO_TEST_CASE(processes_writing_at_once_all_succeed)
{
    pg_scratch_schema schema;
    writing_at_once_all_succeed(schema.url());
}

BOOST_AUTO_TEST_CASE(processes_counting_one_hosts_failures_at_once_lose_none)
{
    pg_scratch_schema schema;
    recording_one_hosts_failures_at_once_counts_each(schema.url());
}

BOOST_AUTO_TEST_CASE(processes_migrating_an_empty_schema_at_once_all_succeed)
{
    pg_scratch_schema schema;
    opening_a_new_database_at_once_all_succeed(schema.url());
}

BOOST_AUTO_TEST_CASE(a_connection_the_server_closed_is_replaced)
{
    // A server restart, a failover or an idle timeout closes pooled connections under the
    // store; the next call must not fail because of it.
    pg_scratch_schema schema;
    const std::string name = "fedblog_stale_" + std::to_string(::getpid());
    auto s                 = FEDBLOG_OK(open_store(schema.url() + "&application_name=" + name));
    std::string why;
    auto admin = FEDBLOG_OK(postgres::connection::open(fedblog::test::pg_dsn(), why));
    const auto close_the_stores_connections = [&] {
        FEDBLOG_OK(admin->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE application_name = '" +
                               name + "'"));
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // the backends exit
    };

    FEDBLOG_OK(s->count_posts()); // one connection is now idle in the pool
    close_the_stores_connections();
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 0); // a read

    close_the_stores_connections();
    FEDBLOG_OK(s->insert_post(make_post("after", at(1)), std::nullopt, {})); // a write
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
#endif

} // namespace fedblog::storage::test
