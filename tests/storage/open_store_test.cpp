// SPDX-License-Identifier: AGPL-3.0-or-later
// Store URL parsing: accepted spellings, refused ones, and the reasons given.

// Test that header file is self-contained.
// clang-format off
#include "storage/open_store.hpp"
// clang-format on

#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fedblog::storage::test {

namespace {

/// Changes the working directory for the scope (relative paths resolve against it).
class scoped_cwd
{
public:
    explicit scoped_cwd(const std::filesystem::path& to)
        : previous_(std::filesystem::current_path())
    {
        std::filesystem::current_path(to);
    }

    scoped_cwd(const scoped_cwd&)            = delete;
    scoped_cwd& operator=(const scoped_cwd&) = delete;

    ~scoped_cwd()
    {
        std::error_code ignored;
        std::filesystem::current_path(previous_, ignored);
    }

private:
    std::filesystem::path previous_;
};

boost::system::error_code open_error(const std::string& url, std::string& why)
{
    return error_of(open_store(url, why));
}

} // namespace

BOOST_AUTO_TEST_SUITE(open_store_url)

BOOST_AUTO_TEST_CASE(accepts_sqlite_with_an_absolute_path)
{
    temp_dir dir;
    const auto path = dir.path() / "a.db";
    std::string why;
    auto s = open_store("sqlite:" + path.string(), why);
    BOOST_TEST_REQUIRE(s.has_value(), why);
    BOOST_TEST(why.empty());
    BOOST_TEST(std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(accepts_the_url_form_with_an_empty_authority)
{
    temp_dir dir;
    const auto path = dir.path() / "b.db"; // absolute, so "sqlite://" + "/tmp/..."
    FEDBLOG_OK(open_store("sqlite://" + path.string()));
    BOOST_TEST(std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(accepts_a_relative_path_against_the_working_directory)
{
    temp_dir dir;
    std::filesystem::create_directory(dir.path() / "data");
    scoped_cwd cwd(dir.path());
    FEDBLOG_OK(open_store("sqlite:data/c.db"));
    BOOST_TEST(std::filesystem::exists(dir.path() / "data" / "c.db"));
}

BOOST_AUTO_TEST_CASE(accepts_a_bare_path_ending_in_db)
{
    temp_dir dir;
    FEDBLOG_OK(open_store((dir.path() / "d.db").string()));
    BOOST_TEST(std::filesystem::exists(dir.path() / "d.db"));
    scoped_cwd cwd(dir.path());
    FEDBLOG_OK(open_store("e.db"));
    BOOST_TEST(std::filesystem::exists(dir.path() / "e.db"));
}

BOOST_AUTO_TEST_CASE(same_file_through_different_spellings_is_one_database)
{
    temp_dir dir;
    const auto path = (dir.path() / "same.db").string();
    auto a          = FEDBLOG_OK(open_store("sqlite:" + path));
    FEDBLOG_OK(a->insert_post(make_post("one", at(1)), std::nullopt, {}));
    auto b = FEDBLOG_OK(open_store(path));
    BOOST_TEST(FEDBLOG_OK(b->count_posts()) == 1);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_sqlite_urls_with_a_reason)
{
    // Each row: a URL, and a word the reason must contain so an operator can act on it.
    const std::pair<const char*, const char*> rows[] = {
        {"sqlite:", "no file path"},                    // nothing after the scheme
        {"sqlite://", "no file path"},                  // URL form, still nothing
        {"sqlite://dbhost/fedblog.db", "names a host"}, // SQLite has no servers
        {"sqlite://u:pw@dbhost/x.db", "names a host"},  // ...and its reason echoes no password
        {"sqlite::memory:", "in-memory"},               // each pooled connection would differ
        {"sqlite:file:x.db?mode=memory", "in-memory"},  // SQLite URI filenames
    };
    for (const auto& [url, reason] : rows)
    {
        std::string why;
        BOOST_TEST((open_error(url, why) == error::bad_url), url);
        BOOST_TEST(why.find(reason) != std::string::npos, url << " -> " << why);
        BOOST_TEST(why.find("pw@") == std::string::npos, why);
    }
}

BOOST_AUTO_TEST_CASE(refuses_unknown_schemes_without_echoing_credentials)
{
    std::string why;
    BOOST_TEST((open_error("mysql://admin:hunter2@db.example/fedblog", why) == error::bad_url));
    BOOST_TEST(why.find("hunter2") == std::string::npos, why);
    BOOST_TEST(why.find("mysql") != std::string::npos, why);

    BOOST_TEST((open_error("fedblog.sqlite", why) == error::bad_url)); // not *.db
    BOOST_TEST((open_error("", why) == error::bad_url));
    BOOST_TEST((open_error("postgres:x.db", why) == error::bad_url)); // colon: not a bare path
}

BOOST_AUTO_TEST_CASE(postgresql_urls_go_to_the_postgresql_backend)
{
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    for (const char* url : {"postgresql://fedblog:secret@127.0.0.1:1/fedblog",
                            "postgres://fedblog:secret@127.0.0.1:1/fedblog?sslmode=disable"})
    {
        std::string why;
        const auto ec = open_error(url, why);
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
        BOOST_TEST((ec == error::unavailable), url);
        // The reason names the server and database, and libpq's own words.
        BOOST_TEST(why.find("fedblog on 127.0.0.1:1") != std::string::npos, why);
        BOOST_TEST(why.find("refused") != std::string::npos, why);
#else
        BOOST_TEST((ec == error::bad_url), url);
        BOOST_TEST(why.find("PostgreSQL") != std::string::npos, why);
#endif
        BOOST_TEST(why.find("secret") == std::string::npos, why);
    }
}

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
BOOST_AUTO_TEST_CASE(a_malformed_postgresql_url_is_refused_without_quoting_it)
{
    // libpq's own messages for these quote the URL or the bad token: the password.
    for (const char* url : {"postgresql://fedblog:hunter2%zz@127.0.0.1:1/fedblog",
                            "postgresql://fedblog:hunter2@[::1/fedblog",
                            "postgresql://fedblog:hunter2@127.0.0.1:1/fedblog?nosuchoption=1"})
    {
        std::string why;
        BOOST_TEST((open_error(url, why) == error::bad_url), url);
        BOOST_TEST(why.find("malformed postgresql URL") != std::string::npos, why);
        BOOST_TEST(why.find("hunter2") == std::string::npos, why);
    }
}
#endif

BOOST_AUTO_TEST_CASE(a_missing_directory_is_unavailable)
{
    temp_dir dir;
    std::string why;
    const auto url = "sqlite:" + (dir.path() / "no" / "such" / "dir.db").string();
    BOOST_TEST((open_error(url, why) == error::unavailable));
    BOOST_TEST(why.find("no/such/dir.db") != std::string::npos, why);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_is_unavailable)
{
    temp_dir dir;
    const auto path = dir.path() / "notes.db";
    std::ofstream(path) << std::string(8192, 'x');
    std::string why;
    BOOST_TEST((open_error("sqlite:" + path.string(), why) == error::unavailable));
    BOOST_TEST(!why.empty());
}

BOOST_AUTO_TEST_CASE(the_single_argument_form_reports_the_same_errors)
{
    BOOST_TEST((error_of(open_store("nonsense")) == error::bad_url));
    temp_dir dir;
    FEDBLOG_OK(open_store(dir.sqlite_url()));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
