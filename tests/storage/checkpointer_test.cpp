// SPDX-License-Identifier: AGPL-3.0-or-later
// Checkpoints beside the writers: the thread runs them, and the log stays bounded.

// Test that header file is self-contained.
// clang-format off
#include "storage/sqlite/checkpointer.hpp"
// clang-format on

#include "storage/sqlite/connection.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace fedblog::storage::test {

namespace {

constexpr std::chrono::milliseconds busy_timeout{5000};

/// Commits `count` transactions of about four log pages each (a 12 KB row and its table
/// and index pages) on `db`.
void write_rows(sqlite::connection& db, int first, int count)
{
    auto insert = FEDBLOG_OK(db.prepare("INSERT INTO t (k, v) VALUES (?1, zeroblob(12000))"));
    for (int i = first; i < first + count; ++i)
    {
        FEDBLOG_OK(db.begin_write(sql::isolation::serializable));
        const std::string key = "row-" + std::to_string(i);
        insert->reset();
        insert->bind(1, key);
        FEDBLOG_OK(insert->run());
        FEDBLOG_OK(db.commit());
    }
}

std::uintmax_t log_bytes(const std::string& path)
{
    std::error_code ec;
    const auto n = std::filesystem::file_size(path + "-wal", ec);
    return ec ? 0 : n;
}

/// A log of `pages` pages and their frame headers.
constexpr std::uintmax_t log_of(int pages)
{
    return static_cast<std::uintmax_t>(pages) * (4096 + 24) + 32;
}

/// A database whose one connection leaves its checkpoints to a checkpointer.
struct checkpointed_db
{
    temp_dir dir;
    std::string path = (dir.path() / "ck.db").string();
    std::shared_ptr<sqlite::checkpointer> checkpoints =
        std::make_shared<sqlite::checkpointer>(path, busy_timeout);
    std::unique_ptr<sqlite::connection> db =
        FEDBLOG_OK(sqlite::connection::open(path, busy_timeout, checkpoints));

    checkpointed_db()
    {
        FEDBLOG_OK(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB NOT NULL)"));
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(wal_checkpoints)

BOOST_FIXTURE_TEST_CASE(the_thread_checkpoints_and_the_log_stays_bounded, checkpointed_db)
{
    // Before the log holds background_pages, nobody checkpoints.
    write_rows(*db, 0, 50);
    BOOST_TEST(checkpoints->completed() == 0u);

    // Five times inline_pages of log in all: without the commits' own checkpoint at
    // inline_pages, the log would hold every page.
    write_rows(*db, 50, 5 * sqlite::checkpointer::inline_pages / 4);
    BOOST_TEST(checkpoints->completed() > 0u);
    // (A commit's own checkpoint finds the thread's under way now and then, and the log
    // grows on until a later commit's succeeds: hence twice.)
    BOOST_TEST(log_bytes(path) <= log_of(2 * sqlite::checkpointer::inline_pages));

    // Every row is there, read by a connection of its own.
    auto reader = FEDBLOG_OK(sqlite::connection::open(path, busy_timeout));
    auto count  = FEDBLOG_OK(reader->prepare("SELECT count(*) FROM t"));
    BOOST_TEST(FEDBLOG_OK(count->step()));
    BOOST_TEST(count->column_int64(0) == 50 + 5 * sqlite::checkpointer::inline_pages / 4);
}

BOOST_FIXTURE_TEST_CASE(the_thread_copies_the_log_while_the_writer_waits_for_nothing,
                        checkpointed_db)
{
    // Past background_pages but far from inline_pages: only the thread may checkpoint.
    write_rows(*db, 0, sqlite::checkpointer::background_pages / 4 + 50);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (checkpoints->completed() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    BOOST_TEST(checkpoints->completed() > 0u);

    // The pages it copied are in the database file itself, not only in the log.
    std::error_code ec;
    BOOST_TEST(std::filesystem::file_size(path, ec) >
               static_cast<std::uintmax_t>(sqlite::checkpointer::background_pages) * 4096 / 2);
}

BOOST_AUTO_TEST_CASE(without_a_checkpointer_sqlite_checkpoints_as_before)
{
    temp_dir dir;
    const std::string path = (dir.path() / "plain.db").string();
    auto db                = FEDBLOG_OK(sqlite::connection::open(path, busy_timeout));
    FEDBLOG_OK(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB NOT NULL)"));
    write_rows(*db, 0, 1000);
    // SQLite's automatic checkpoint at 1,000 pages restarts the log.
    BOOST_TEST(log_bytes(path) <= log_of(1000 + 16));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
