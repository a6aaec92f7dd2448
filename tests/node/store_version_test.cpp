// SPDX-License-Identifier: AGPL-3.0-or-later
// store_version against a real SQLite file: this process's writes show at once, another
// connection's commits (as another process's would) within wal_recheck.

// Test that header file is self-contained.
#include "node/cache/store_version.hpp"

#include "storage/write_generation.hpp"
#include "tests/node/node_test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <thread>

using fedblog::node::current_store_version;
using fedblog::node::store_version;
using fedblog::node::wal_file;
using fedblog::node::wal_recheck;
using fedblog::node::test::temp_dir;

namespace {

/// A raw SQLite connection in WAL mode: a writer the process-wide generation does not count.
class connection
{
public:
    explicit connection(const std::string& path)
    {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA wal_autocheckpoint=0");
    }

    ~connection() { sqlite3_close(db_); }

    connection(const connection&)            = delete;
    connection& operator=(const connection&) = delete;

    void exec(const std::string& sql)
    {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
        {
            const std::string text = error != nullptr ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(text);
        }
    }

private:
    sqlite3* db_ = nullptr;
};

void wait_past_recheck()
{
    std::this_thread::sleep_for(wal_recheck * 3);
}

} // namespace

BOOST_AUTO_TEST_SUITE(store_version_tests)

BOOST_AUTO_TEST_CASE(another_connections_commit_shows_after_the_recheck)
{
    temp_dir dir;
    const std::string db = (dir.path() / "blog.db").string();
    connection keeper(db); // holds the log open, as the server's store does
    keeper.exec("CREATE TABLE t(x)");
    wal_file wal(db + "-wal");
    wait_past_recheck();
    const store_version before = current_store_version(wal);
    BOOST_TEST(before.wal_size > 0);

    connection other(db);
    other.exec("INSERT INTO t VALUES (1)");
    wait_past_recheck();
    const store_version after = current_store_version(wal);
    BOOST_TEST(after.generation == before.generation);
    BOOST_TEST(!(after == before));
    BOOST_TEST(after.wal_size > before.wal_size);

    // Nothing written since: the same version, however often it is read.
    wait_past_recheck();
    BOOST_TEST((current_store_version(wal) == after));
}

BOOST_AUTO_TEST_CASE(this_process_writes_show_at_once)
{
    temp_dir dir;
    const std::string db = (dir.path() / "blog.db").string();
    connection keeper(db);
    keeper.exec("CREATE TABLE t(x)");
    wal_file wal(db + "-wal");
    const store_version before = current_store_version(wal);
    fedblog::storage::bump_write_generation();
    const store_version after = current_store_version(wal); // no wait
    BOOST_TEST(after.generation == before.generation + 1);
    BOOST_TEST(!(after == before));
}

BOOST_AUTO_TEST_CASE(each_log_is_looked_at_on_its_own)
{
    temp_dir dir;
    const std::string one_path = (dir.path() / "one.db").string();
    const std::string two_path = (dir.path() / "two.db").string();
    connection one(one_path);
    one.exec("CREATE TABLE t(x)");
    connection two(two_path);
    two.exec("CREATE TABLE t(x)");
    for (int i = 0; i < 20; ++i)
        two.exec("INSERT INTO t VALUES (randomblob(1000))");
    wal_file one_wal(one_path + "-wal");
    wal_file two_wal(two_path + "-wal");
    // Read back to back, within one recheck interval: each answers for its own log.
    const auto a = current_store_version(one_wal);
    const auto b = current_store_version(two_wal);
    BOOST_TEST(a.wal_size != b.wal_size);
    BOOST_TEST(a.wal_inode != b.wal_inode);
}

BOOST_AUTO_TEST_CASE(a_log_that_appears_later_is_seen)
{
    temp_dir dir;
    const std::string db = (dir.path() / "late.db").string();
    wal_file wal(db + "-wal");
    const store_version none = current_store_version(wal);
    BOOST_TEST(none.wal_size == -1);

    connection late(db);
    late.exec("CREATE TABLE t(x)");
    wait_past_recheck();
    const store_version now = current_store_version(wal);
    BOOST_TEST(now.wal_size > 0);
    BOOST_TEST(!(now == none));
}

BOOST_AUTO_TEST_SUITE_END()
