// SPDX-License-Identifier: AGPL-3.0-or-later
// One behavioural suite for the abstract store, run against every backend built in.

// Test that header file is self-contained.
// clang-format off
#include "storage/store.hpp"
// clang-format on

#include "storage/open_store.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fedblog::storage::test {

/** A fresh SQLite database in its own temp dir, opened through open_store() like the node
    opens it. Each test case gets its own fixture, hence its own empty database.
*/
struct sqlite_backend
{
    static constexpr bool keeps_nul_in_text = true;

    sqlite_backend() : url_(dir_.sqlite_url()), store_(open(url_)) {}

    store& db() { return *store_; }

    std::unique_ptr<store> open_another() { return open(url_); }

private:
    static std::unique_ptr<store> open(const std::string& url)
    {
        std::string why;
        auto opened = open_store(url, why);
        BOOST_TEST_REQUIRE(opened.has_value(), "open_store(" << url << "): " << why);
        return std::move(*opened);
    }

    temp_dir dir_;
    std::string url_;
    std::unique_ptr<store> store_;
};

// Another backend joins by adding a fixture with the same three members and one more
// suite below, e.g. for PostgreSQL (FEDBLOG_TEST_PG_DSN names a server; the fixture
// creates a scratch schema per test and drops it afterwards; keeps_nul_in_text = false,
// since PostgreSQL TEXT cannot hold NUL):
//
//   BOOST_FIXTURE_TEST_SUITE(postgres, postgres_backend,
//                            *boost::unit_test::precondition(pg_dsn_is_set))
//   #include "tests/storage/store_conformance_cases.ipp"
//   BOOST_AUTO_TEST_SUITE_END()
//
// The precondition reports the suite as skipped, not passed, where no server is given.

BOOST_AUTO_TEST_SUITE(store_conformance)

BOOST_FIXTURE_TEST_SUITE(sqlite, sqlite_backend)
#include "tests/storage/store_conformance_cases.ipp"
#include "tests/storage/authoring_conformance_cases.ipp"
#include "tests/storage/comment_conformance_cases.ipp"
#include "tests/storage/delivery_conformance_cases.ipp"
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
