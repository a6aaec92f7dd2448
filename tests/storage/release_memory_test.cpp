// SPDX-License-Identifier: AGPL-3.0-or-later
// store::release_memory() on SQLite: the page caches of idle connections are freed, and the
// store reads the same data afterwards.
#include "storage/open_store.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <string>

namespace fedblog::storage::test {

BOOST_AUTO_TEST_SUITE(sqlite_release_memory)

BOOST_AUTO_TEST_CASE(an_idle_store_gives_back_the_pages_it_read)
{
    temp_dir dir;
    auto s = FEDBLOG_OK(open_store(dir.sqlite_url()));
    // 3,000 followers with an Accept queued to each: a few megabytes of pages, more than a
    // connection keeps after reading them (its cache holds up to 2 MB).
    FEDBLOG_OK(s->grouped([&] {
        for (int i = 0; i < 3000; ++i)
        {
            const auto f = make_follower("user" + std::to_string(i) + std::string(200, 'x'),
                                         "host" + std::to_string(i % 40) + ".example", false);
            FEDBLOG_OK(s->add_follower(
                f, make_activity("https://blog.example/accept/" + std::to_string(i), at(2000)),
                f.inbox));
        }
    }));
    BOOST_TEST_REQUIRE(FEDBLOG_OK(s->list_followers(0, 5000)).size() == 3000u);
    const auto cached = sqlite3_memory_used();

    s->release_memory();
    const auto released = sqlite3_memory_used();
    BOOST_TEST_MESSAGE("sqlite3_memory_used " << cached << " -> " << released);
    // The cache held hundreds of pages of 4 KB; keep the bound well below that.
    BOOST_TEST(released + 512 * 1024 < cached);

    // Nothing was lost: the same rows come back, read from the file again.
    BOOST_TEST(FEDBLOG_OK(s->list_followers(0, 5000)).size() == 3000u);
    BOOST_TEST(FEDBLOG_OK(s->count_followers()) == 3000);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
