// SPDX-License-Identifier: AGPL-3.0-or-later
// One behavioural suite for the abstract store, run against every backend built in.

// Test that header file is self-contained.
// clang-format off
#include "storage/store.hpp"
// clang-format on

#include "storage/open_store.hpp"
#include "tests/storage/store_test_support.hpp"
#include "tests/support/pg_scratch_schema.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
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

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
using fedblog::test::pg_dsn_is_set;
using fedblog::test::pg_scratch_schema;
#endif

/** A fresh SQLite database in its own temp dir, opened through open_store() like the node
    opens it. Each test case gets its own fixture, hence its own empty database.
*/
struct sqlite_backend
{
    static constexpr bool keeps_nul_in_text  = true;
    static constexpr bool keeps_invalid_utf8 = true;

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

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

/// The SQLite fixture's twin on a scratch schema of the PostgreSQL test server.
struct postgres_backend
{
    static constexpr bool keeps_nul_in_text  = false;
    static constexpr bool keeps_invalid_utf8 = false;

    postgres_backend() : store_(open(schema_.url())) {}

    // The store's connections go before the schema is dropped.
    ~postgres_backend() { store_.reset(); }

    postgres_backend(const postgres_backend&)            = delete;
    postgres_backend& operator=(const postgres_backend&) = delete;

    store& db() { return *store_; }

    std::unique_ptr<store> open_another() { return open(schema_.url()); }

private:
    static std::unique_ptr<store> open(const std::string& url)
    {
        std::string why;
        auto opened = open_store(url, why);
        BOOST_TEST_REQUIRE(opened.has_value(), "open_store(postgresql test schema): " << why);
        return std::move(*opened);
    }

    pg_scratch_schema schema_;
    std::unique_ptr<store> store_;
};

#endif

BOOST_AUTO_TEST_SUITE(store_conformance)

BOOST_FIXTURE_TEST_SUITE(sqlite, sqlite_backend)
#include "tests/storage/authoring_conformance_cases.ipp"
#include "tests/storage/comment_conformance_cases.ipp"
#include "tests/storage/delivery_conformance_cases.ipp"
#include "tests/storage/group_conformance_cases.ipp"
#include "tests/storage/store_conformance_cases.ipp"
BOOST_AUTO_TEST_SUITE_END()

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
BOOST_FIXTURE_TEST_SUITE(postgres, postgres_backend, *boost::unit_test::precondition(pg_dsn_is_set))
#include "tests/storage/authoring_conformance_cases.ipp"
#include "tests/storage/comment_conformance_cases.ipp"
#include "tests/storage/delivery_conformance_cases.ipp"
#include "tests/storage/group_conformance_cases.ipp"
#include "tests/storage/store_conformance_cases.ipp"
BOOST_AUTO_TEST_SUITE_END()
#endif

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
