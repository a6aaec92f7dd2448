// SPDX-License-Identifier: AGPL-3.0-or-later
// A throwaway schema on the PostgreSQL test server (FEDBLOG_TEST_PG_DSN), per test case.
#pragma once

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

#include "storage/postgres/connection.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>

namespace fedblog::test {

/// The server the PostgreSQL tests run on (deploy/test.sh starts one), or empty.
inline std::string pg_dsn()
{
    const char* dsn = std::getenv("FEDBLOG_TEST_PG_DSN");
    return dsn != nullptr ? dsn : "";
}

/// A precondition that reports a suite as skipped, not passed, where no server is given.
inline boost::test_tools::assertion_result pg_dsn_is_set(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(!pg_dsn().empty());
    r.message() << "FEDBLOG_TEST_PG_DSN is not set";
    return r;
}

/** A fresh schema, made the search_path of every connection opened through url(), and
    dropped with everything in it afterwards: each case starts from an empty database, as
    with a new SQLite file, and parallel test runs never see each other's rows.
*/
class pg_scratch_schema
{
public:
    pg_scratch_schema()
    {
        static std::atomic<int> counter{0};
        name_ = "fedblog_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
        std::string why;
        auto admin = storage::postgres::connection::open(pg_dsn(), why);
        BOOST_TEST_REQUIRE(admin.has_value(), "cannot connect to FEDBLOG_TEST_PG_DSN: " << why);
        admin_ = std::move(*admin);
        BOOST_TEST_REQUIRE(admin_->exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE").has_value());
        BOOST_TEST_REQUIRE(admin_->exec("CREATE SCHEMA " + name_).has_value());
        const auto dsn = pg_dsn();
        url_ = dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
               name_;
    }

    ~pg_scratch_schema() { (void)admin_->exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }

    pg_scratch_schema(const pg_scratch_schema&)            = delete;
    pg_scratch_schema& operator=(const pg_scratch_schema&) = delete;

    /// The store URL: the test server's, with this schema as search_path.
    const std::string& url() const noexcept { return url_; }

private:
    std::string name_;
    std::unique_ptr<storage::postgres::connection> admin_;
    std::string url_;
};

} // namespace fedblog::test

#endif
