// SPDX-License-Identifier: AGPL-3.0-or-later
// Versioned SQLite migrations: fresh, repeated, too-new and failing cases, and embedding.

// Test that header file is self-contained.
// clang-format off
#include "storage/sql/migrate.hpp"
// clang-format on

#include "storage/open_store.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fedblog::storage::test {

namespace {

std::unique_ptr<sqlite::connection> raw_connection(const temp_dir& dir)
{
    auto conn =
        sqlite::connection::open((dir.path() / "fedblog.db").string(), std::chrono::seconds(5));
    BOOST_TEST_REQUIRE(conn.has_value());
    return std::move(*conn);
}

std::int64_t count(sqlite::connection& db, const std::string& sql)
{
    auto stmt = db.prepare(sql);
    BOOST_TEST_REQUIRE(stmt.has_value());
    auto row = (*stmt)->step();
    BOOST_TEST_REQUIRE(row.has_value());
    BOOST_TEST_REQUIRE(*row);
    return (*stmt)->column_int64(0);
}

bool has_table(sqlite::connection& db, const std::string& name)
{
    return count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + name +
                         "'") == 1;
}

const int latest = static_cast<int>(sqlite::migrations().size());

} // namespace

BOOST_AUTO_TEST_SUITE(migrate)

BOOST_AUTO_TEST_CASE(embedded_migrations_are_numbered_from_one)
{
    const auto steps = sqlite::migrations();
    BOOST_TEST_REQUIRE(!steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i)
    {
        BOOST_TEST(steps[i].version == static_cast<int>(i + 1));
        BOOST_TEST(!steps[i].name.empty());
        BOOST_TEST(!steps[i].sql.empty());
    }
    BOOST_TEST(steps[0].name == "init");
}

BOOST_AUTO_TEST_CASE(embedded_sql_is_the_source_file_byte_for_byte)
{
    std::ifstream in(std::string(FEDBLOG_SOURCE_DIR) + "/storage/sqlite/migrations/0001_init.sql",
                     std::ios::binary);
    BOOST_TEST_REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    BOOST_TEST(sqlite::migrations()[0].sql == text.str());
}

BOOST_AUTO_TEST_CASE(fresh_database_gets_the_latest_version)
{
    temp_dir dir;
    FEDBLOG_OK(open_store(dir.sqlite_url()));
    auto db = raw_connection(dir);
    BOOST_TEST(FEDBLOG_OK(sql::schema_version(*db)) == latest);
    BOOST_TEST(count(*db, "SELECT count(*) FROM schema_version") == latest);
    for (const char* table : {"posts", "followers", "outbound_activities", "delivery_jobs",
                              "remote_actors", "remote_keys", "inbound_seen", "api_tokens"})
        BOOST_TEST(has_table(*db, table), "table " << table);
}

BOOST_AUTO_TEST_CASE(schema_version_of_an_empty_file_is_zero)
{
    temp_dir dir;
    auto db = raw_connection(dir);
    BOOST_TEST(FEDBLOG_OK(sql::schema_version(*db)) == 0);
}

BOOST_AUTO_TEST_CASE(reopening_is_a_no_op_and_keeps_data)
{
    temp_dir dir;
    {
        auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
        FEDBLOG_OK(s->insert_post(make_post("kept", at(1)), std::nullopt, {}));
    }
    auto again = FEDBLOG_OK(open_store(dir.sqlite_url()));
    BOOST_TEST(FEDBLOG_OK(again->count_posts()) == 1);

    auto db = raw_connection(dir);
    BOOST_TEST(count(*db, "SELECT count(*) FROM schema_version") == latest);
    BOOST_TEST(FEDBLOG_OK(sql::migrate(*db, sqlite::migrations())) == latest);
    BOOST_TEST(count(*db, "SELECT count(*) FROM schema_version") == latest);
}

BOOST_AUTO_TEST_CASE(database_from_a_newer_binary_is_refused)
{
    temp_dir dir;
    FEDBLOG_OK(open_store(dir.sqlite_url()));
    {
        auto db = raw_connection(dir);
        FEDBLOG_OK(db->exec("INSERT INTO schema_version (version, name, applied) "
                            "VALUES (999, 'from_the_future', 0)"));
    }
    std::string why;
    const auto opened = open_store(dir.sqlite_url(), why);
    BOOST_TEST((error_of(opened) == error::schema_mismatch));
    BOOST_TEST(why.find("999") != std::string::npos, why);

    // Refusing changed nothing.
    auto db = raw_connection(dir);
    BOOST_TEST(FEDBLOG_OK(sql::schema_version(*db)) == 999);
}

BOOST_AUTO_TEST_CASE(failing_migration_rolls_back_completely)
{
    temp_dir dir;
    auto db = raw_connection(dir);

    // Step 2 creates a table, fills it, then fails: none of it may remain.
    const migration steps[] = {
        sqlite::migrations()[0],
        {2, "half",
         "CREATE TABLE half_done (x INTEGER);"
         "INSERT INTO half_done VALUES (1);"
         "INSERT INTO no_such_table VALUES (1);"},
        {3, "never", "CREATE TABLE never_reached (x INTEGER);"},
    };
    BOOST_TEST((error_of(sql::migrate(*db, steps)) == error::schema_mismatch));
    BOOST_TEST(FEDBLOG_OK(sql::schema_version(*db)) == 1); // step 1 stays applied
    BOOST_TEST(has_table(*db, "posts"));
    BOOST_TEST(!has_table(*db, "half_done"));
    BOOST_TEST(!has_table(*db, "never_reached"));

    // Fixed, the migration applies on the next run.
    const migration fixed[] = {
        sqlite::migrations()[0],
        {2, "half", "CREATE TABLE half_done (x INTEGER); INSERT INTO half_done VALUES (1);"},
    };
    BOOST_TEST(FEDBLOG_OK(sql::migrate(*db, fixed)) == 2);
    BOOST_TEST(count(*db, "SELECT count(*) FROM half_done") == 1);
}

BOOST_AUTO_TEST_CASE(new_migrations_apply_on_top_of_an_existing_database)
{
    temp_dir dir;
    {
        auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
        FEDBLOG_OK(s->insert_post(make_post("old", at(1)), std::nullopt, {}));
    }
    auto db = raw_connection(dir);
    std::vector<migration> steps(sqlite::migrations().begin(), sqlite::migrations().end());
    steps.push_back({latest + 1, "add_column",
                     "ALTER TABLE posts ADD COLUMN summary TEXT "
                     "NOT NULL DEFAULT '';"});
    BOOST_TEST(FEDBLOG_OK(sql::migrate(*db, steps)) == latest + 1);
    BOOST_TEST(count(*db, "SELECT count(*) FROM posts WHERE summary = ''") == 1);
}

BOOST_AUTO_TEST_CASE(concurrent_opens_of_a_new_file_migrate_once)
{
    temp_dir dir;
    std::atomic<int> failures{0};
    std::vector<std::thread> openers;
    for (int i = 0; i < 6; ++i)
        openers.emplace_back([&] {
            if (!open_store(dir.sqlite_url()))
                ++failures;
        });
    for (auto& t : openers)
        t.join();
    BOOST_TEST(failures.load() == 0);
    auto db = raw_connection(dir);
    BOOST_TEST(count(*db, "SELECT count(*) FROM schema_version") == latest);
}

BOOST_AUTO_TEST_CASE(opened_database_is_in_wal_mode_with_foreign_keys)
{
    temp_dir dir;
    FEDBLOG_OK(open_store(dir.sqlite_url()));
    auto db   = raw_connection(dir);
    auto mode = db->prepare("PRAGMA journal_mode");
    BOOST_TEST_REQUIRE(mode.has_value());
    BOOST_TEST_REQUIRE(FEDBLOG_OK((*mode)->step()));
    BOOST_TEST((*mode)->column_text(0) == "wal");
    BOOST_TEST(count(*db, "PRAGMA foreign_keys") == 1);
    BOOST_TEST(count(*db, "PRAGMA synchronous") == 1); // NORMAL
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
