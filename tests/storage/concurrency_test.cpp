// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite store under concurrency: several processes on one file, and lock timeouts.

// Test that header file is self-contained.
// clang-format off
#include "storage/sqlite/sqlite_store.hpp"
// clang-format on

#include "storage/open_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fedblog::storage::test {

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
    for (const pid_t pid : pids)
    {
        int status = 0;
        if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            all_ok = false;
    }
    return all_ok;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sqlite_concurrency)

BOOST_AUTO_TEST_CASE(processes_claiming_at_once_never_share_a_job)
{
    temp_dir dir;
    constexpr int job_count = 600;
    {
        auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
        std::vector<std::string> inboxes;
        for (int i = 0; i < job_count; ++i)
            inboxes.push_back("https://h" + std::to_string(i) + ".example/inbox");
        FEDBLOG_OK(s->enqueue(make_activity("https://blog.example/a", at(0)), inboxes, false));
    } // closed before forking

    const bool ok = run_processes(3, [&](int index) {
        auto s = open_store(dir.sqlite_url());
        if (!s)
            return 10;
        std::ofstream out(dir.path() / ("claimed-" + std::to_string(index)));
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
        std::ifstream in(dir.path() / ("claimed-" + std::to_string(i)));
        for (std::int64_t id = 0; in >> id;)
            ids.push_back(id);
    }
    BOOST_TEST(ids.size() == static_cast<std::size_t>(job_count));
    BOOST_TEST(std::set<std::int64_t>(ids.begin(), ids.end()).size() == ids.size());
}

BOOST_AUTO_TEST_CASE(processes_writing_at_once_all_succeed)
{
    temp_dir dir;
    FEDBLOG_OK(open_store(dir.sqlite_url())); // migrate once up front

    const bool ok = run_processes(3, [&](int index) {
        auto s = open_store(dir.sqlite_url());
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

    auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 300);
    BOOST_TEST(FEDBLOG_OK(s->count_jobs()).pending == 300);
}

BOOST_AUTO_TEST_CASE(processes_opening_a_new_file_at_once_all_succeed)
{
    temp_dir dir;
    const bool ok = run_processes(4, [&](int) { return open_store(dir.sqlite_url()) ? 0 : 10; });
    BOOST_TEST(ok);
    auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
    BOOST_TEST(FEDBLOG_OK(s->count_posts()) == 0);
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

} // namespace fedblog::storage::test
