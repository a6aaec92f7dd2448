// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite wrappers: result-code translation, binding, caching and transactions.

// Test that header file is self-contained.
// clang-format off
#include "storage/sqlite/statement.hpp"
// clang-format on

#include "storage/sql/connection_pool.hpp"
#include "storage/sqlite/connection.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace fedblog::storage::test {

namespace {

struct scratch_db
{
    temp_dir dir;
    std::string path = (dir.path() / "scratch.db").string();
    std::unique_ptr<sqlite::connection> db =
        FEDBLOG_OK(sqlite::connection::open(path, std::chrono::milliseconds(0)));

    scratch_db()
    {
        FEDBLOG_OK(db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT, n INTEGER NOT NULL "
                            "DEFAULT 0 CHECK (n >= 0))"));
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sqlite_wrappers, scratch_db)

BOOST_AUTO_TEST_CASE(result_codes_map_to_storage_errors)
{
    BOOST_TEST((sqlite::translate(SQLITE_BUSY, nullptr, "x") == error::busy));
    BOOST_TEST((sqlite::translate(SQLITE_BUSY_SNAPSHOT, nullptr, "x") == error::busy));
    BOOST_TEST((sqlite::translate(SQLITE_LOCKED, nullptr, "x") == error::busy));
    BOOST_TEST((sqlite::translate(SQLITE_CONSTRAINT_UNIQUE, nullptr, "x") == error::conflict));
    BOOST_TEST((sqlite::translate(SQLITE_CONSTRAINT_PRIMARYKEY, nullptr, "x") == error::conflict));
    BOOST_TEST((sqlite::translate(SQLITE_CONSTRAINT_CHECK, nullptr, "x") == error::backend));
    BOOST_TEST((sqlite::translate(SQLITE_CONSTRAINT_FOREIGNKEY, nullptr, "x") == error::backend));
    BOOST_TEST((sqlite::translate(SQLITE_TOOBIG, nullptr, "x") == error::invalid_argument));
    BOOST_TEST((sqlite::translate(SQLITE_CANTOPEN, nullptr, "x") == error::unavailable));
    BOOST_TEST((sqlite::translate(SQLITE_NOTADB, nullptr, "x") == error::unavailable));
    BOOST_TEST((sqlite::translate(SQLITE_READONLY, nullptr, "x") == error::unavailable));
    BOOST_TEST((sqlite::translate(SQLITE_IOERR_WRITE, nullptr, "x") == error::backend));
    BOOST_TEST((sqlite::translate(SQLITE_CORRUPT, nullptr, "x") == error::backend));
}

BOOST_AUTO_TEST_CASE(unique_violation_is_a_conflict_other_constraints_are_not)
{
    auto insert = FEDBLOG_OK(db->prepare("INSERT INTO t (k, v, n) VALUES (?1, ?2, ?3)"));
    FEDBLOG_OK(insert->bind(1, std::string_view("a"))
                   .bind(2, std::string_view("x"))
                   .bind(3, std::int64_t{1})
                   .run());
    insert->reset();
    const auto dup = insert->bind(1, std::string_view("a"))
                         .bind(2, std::string_view("y"))
                         .bind(3, std::int64_t{1})
                         .run();
    BOOST_TEST((error_of(dup) == error::conflict));
    insert->reset();
    const auto check = insert->bind(1, std::string_view("b"))
                           .bind(2, std::string_view("y"))
                           .bind(3, std::int64_t{-1})
                           .run();
    BOOST_TEST((error_of(check) == error::backend));
}

BOOST_AUTO_TEST_CASE(syntax_errors_are_backend_errors)
{
    BOOST_TEST((error_of(db->prepare("SELEC nonsense")) == error::backend));
    BOOST_TEST((error_of(db->exec("CREATE TABLE")) == error::backend));
}

BOOST_AUTO_TEST_CASE(bind_errors_surface_at_step)
{
    auto stmt = FEDBLOG_OK(db->prepare("SELECT ?1"));
    // Parameter 5 does not exist: the failure is kept and reported once, at step().
    const auto r = stmt->bind(5, std::int64_t{1}).bind(1, std::int64_t{2}).step();
    BOOST_TEST((error_of(r) == error::backend));
    stmt->reset(); // clears the sticky error
    BOOST_TEST(FEDBLOG_OK(stmt->bind(1, std::int64_t{2}).step()) == true);
    BOOST_TEST(stmt->column_int64(0) == 2);
}

BOOST_AUTO_TEST_CASE(text_binds_keep_length_and_empty_is_not_null)
{
    using namespace std::string_literals;
    auto stmt = FEDBLOG_OK(db->prepare("SELECT ?1, ?2, length(CAST(?1 AS BLOB)), ?2 IS NULL, ?3"));
    const std::string with_nul = "a\0b\0"s;
    std::string_view empty_view; // data() == nullptr
    stmt->bind(1, std::string_view(with_nul)).bind(2, empty_view).bind_null(3);
    BOOST_TEST_REQUIRE(FEDBLOG_OK(stmt->step()));
    BOOST_TEST(stmt->column_text(0) == with_nul);
    BOOST_TEST(stmt->column_text(1).empty());
    BOOST_TEST(stmt->column_int64(2) == 4);
    BOOST_TEST(stmt->column_int64(3) == 0); // '' is not NULL
    BOOST_TEST(stmt->is_null(4));
    BOOST_TEST(!stmt->column_optional_int64(4).has_value());
    BOOST_TEST(stmt->column_text(4).empty());
}

BOOST_AUTO_TEST_CASE(binding_a_temporary_is_safe)
{
    auto stmt = FEDBLOG_OK(db->prepare("SELECT ?1"));
    stmt->bind(1, std::string_view(std::string(1000, 'z'))); // destroyed right away
    BOOST_TEST_REQUIRE(FEDBLOG_OK(stmt->step()));
    BOOST_TEST(stmt->column_text(0) == std::string(1000, 'z'));
}

BOOST_AUTO_TEST_CASE(cached_statements_reset_when_returned)
{
    FEDBLOG_OK(db->exec("INSERT INTO t (k) VALUES ('1'), ('2'), ('3')"));
    {
        auto stmt = FEDBLOG_OK(db->prepare("SELECT k FROM t ORDER BY k"));
        BOOST_TEST_REQUIRE(FEDBLOG_OK(stmt->step()));
        BOOST_TEST(stmt->column_text(0) == "1");
        // Returned mid-iteration...
    }
    // ...the same cached statement starts over, with nothing bound.
    auto again = FEDBLOG_OK(db->prepare("SELECT k FROM t ORDER BY k"));
    BOOST_TEST_REQUIRE(FEDBLOG_OK(again->step()));
    BOOST_TEST(again->column_text(0) == "1");
}

BOOST_AUTO_TEST_CASE(checking_out_a_statement_twice_is_a_bug)
{
    auto first = FEDBLOG_OK(db->prepare("SELECT 1"));
    BOOST_CHECK_THROW((void)db->prepare("SELECT 1"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(write_transaction_rolls_back_unless_committed)
{
    {
        sql::write_transaction tx(*db);
        FEDBLOG_OK(tx.begin());
        FEDBLOG_OK(db->exec("INSERT INTO t (k) VALUES ('dropped')"));
    }
    {
        sql::write_transaction tx(*db);
        FEDBLOG_OK(tx.begin());
        FEDBLOG_OK(db->exec("INSERT INTO t (k) VALUES ('kept')"));
        FEDBLOG_OK(tx.commit());
    }
    auto stmt = FEDBLOG_OK(db->prepare("SELECT group_concat(k) FROM t"));
    BOOST_TEST_REQUIRE(FEDBLOG_OK(stmt->step()));
    BOOST_TEST(stmt->column_text(0) == "kept");
}

BOOST_AUTO_TEST_CASE(begin_immediate_against_a_held_lock_is_busy)
{
    auto other = FEDBLOG_OK(sqlite::connection::open(path, std::chrono::milliseconds(0)));
    sql::write_transaction holder(*other);
    FEDBLOG_OK(holder.begin());
    sql::write_transaction waiter(*db);
    BOOST_TEST((error_of(waiter.begin()) == error::busy));
}

BOOST_AUTO_TEST_CASE(pool_reuses_idle_connections_and_opens_more_on_demand)
{
    sql::connection_pool pool(
        [this]() -> result<std::unique_ptr<sql::connection>> {
            auto opened = sqlite::connection::open(path, std::chrono::seconds(1));
            if (!opened)
                return opened.error();
            return std::unique_ptr<sql::connection>(std::move(*opened));
        },
        1);
    sql::connection* first_seen = nullptr;
    {
        auto a = FEDBLOG_OK(pool.acquire());
        auto b = FEDBLOG_OK(pool.acquire()); // a is in use: a second connection
        BOOST_TEST(&*a != &*b);
        first_seen = &*a;
    } // b returns first (kept), then a (over max_idle: closed)
    auto c = FEDBLOG_OK(pool.acquire());
    BOOST_TEST(&*c != first_seen);
    FEDBLOG_OK(c->exec("SELECT 1"));
}

BOOST_AUTO_TEST_CASE(opening_a_directory_is_unavailable)
{
    BOOST_TEST((error_of(sqlite::connection::open(
                    dir.path().string(), std::chrono::milliseconds(0))) == error::unavailable));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
