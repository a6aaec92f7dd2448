// SPDX-License-Identifier: AGPL-3.0-or-later
// The PostgreSQL driver's pure parts, without a server: parameter rewriting and SQLSTATEs.

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

// Test that header file is self-contained.
// clang-format off
#include "storage/postgres/connection.hpp"
// clang-format on

#include "storage/error.hpp"
#include "storage/postgres/statement.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace fedblog::storage::test {

BOOST_AUTO_TEST_SUITE(pg_driver)

BOOST_AUTO_TEST_CASE(numbered_parameters_become_dollar_parameters)
{
    int n = -1;
    BOOST_TEST(postgres::dollar_parameters("SELECT 1", n) == "SELECT 1");
    BOOST_TEST(n == 0);
    BOOST_TEST(postgres::dollar_parameters("WHERE a = ?1 AND b > ?12 OR c = ?2", n) ==
               "WHERE a = $1 AND b > $12 OR c = $2");
    BOOST_TEST(n == 12);
    // Reused and out-of-order numbers: the count is the highest one.
    BOOST_TEST(postgres::dollar_parameters("?3 || ?1 || ?3", n) == "$3 || $1 || $3");
    BOOST_TEST(n == 3);
}

BOOST_AUTO_TEST_CASE(question_marks_in_literals_and_bare_ones_stay)
{
    int n = -1;
    BOOST_TEST(postgres::dollar_parameters("SELECT '?1', \"?2\", ?3", n) ==
               "SELECT '?1', \"?2\", $3");
    BOOST_TEST(n == 3);
    // A doubled quote inside a literal neither ends it nor hides what follows.
    BOOST_TEST(postgres::dollar_parameters("SELECT 'it''s ?1' || ?2", n) ==
               "SELECT 'it''s ?1' || $2");
    BOOST_TEST(n == 2);
    BOOST_TEST(postgres::dollar_parameters("SELECT ? , ?x, ?", n) == "SELECT ? , ?x, ?");
    BOOST_TEST(n == 0);
    // An unterminated literal keeps the rest as it is (the server reports the error).
    BOOST_TEST(postgres::dollar_parameters("SELECT 'open ?1", n) == "SELECT 'open ?1");
    BOOST_TEST(n == 0);
}

BOOST_AUTO_TEST_CASE(sqlstates_map_to_storage_errors)
{
    const auto of = [](const char* state) {
        return postgres::translate(state, "message", "sql");
    };
    BOOST_TEST((of("23505") == error::conflict));
    BOOST_TEST((of("40001") == error::busy));
    BOOST_TEST((of("40P01") == error::busy));
    BOOST_TEST((of("55P03") == error::busy));
    BOOST_TEST((of("22021") == error::invalid_argument)); // invalid UTF-8
    BOOST_TEST((of("54000") == error::invalid_argument));
    BOOST_TEST((of("08006") == error::unavailable));
    BOOST_TEST((of("57P01") == error::unavailable));
    BOOST_TEST((of("53300") == error::unavailable));
    BOOST_TEST((of("") == error::unavailable));  // libpq gave no code: the link is gone
    BOOST_TEST((of("42601") == error::backend)); // syntax error: our bug
    BOOST_TEST((of("23503") == error::backend)); // foreign key: our bug too
    BOOST_TEST((of("25P02") == error::backend));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test

#endif
