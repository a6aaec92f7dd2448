// SPDX-License-Identifier: AGPL-3.0-or-later
// The rendered-document cache: hits only at the version a document was rendered at, per-thread
// memos that never outlive a write or cross caches.

// Test that header file is self-contained.
#include "node/cache/document_cache.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <thread>

using fedblog::node::document_cache;
using fedblog::node::make_prebuilt_response;
using fedblog::node::store_version;

namespace {

std::shared_ptr<const document_cache::document> doc(const std::string& body)
{
    return std::make_shared<const document_cache::document>(
        make_prebuilt_response(body, "application/activity+json", 60));
}

store_version at(std::uint64_t generation, std::int64_t wal_size = 100)
{
    store_version v;
    v.generation = generation;
    v.wal_size   = wal_size;
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(document_cache_tests)

BOOST_AUTO_TEST_CASE(a_document_is_found_only_at_its_version)
{
    document_cache cache;
    const auto first = doc("first");
    cache.put("post", at(1), first);
    BOOST_TEST(cache.find("post", at(1)) == first);
    BOOST_TEST(cache.find("post", at(1)) == first); // the thread's memo now
    BOOST_TEST(cache.find("other", at(1)) == nullptr);
    // A write by this process, or another process's growing the log: both miss.
    BOOST_TEST(cache.find("post", at(2)) == nullptr);
    BOOST_TEST(cache.find("post", at(1, 200)) == nullptr);

    const auto second = doc("second");
    cache.put("post", at(2), second);
    BOOST_TEST(cache.find("post", at(2)) == second);
    BOOST_TEST(cache.find("post", at(1)) == nullptr);
    BOOST_TEST(cache.find("post", at(2)) == second);
}

BOOST_AUTO_TEST_CASE(a_memo_belongs_to_its_cache)
{
    auto first = std::make_unique<document_cache>();
    first->put("post", at(1), doc("one"));
    BOOST_TEST_REQUIRE(first->find("post", at(1)) != nullptr);

    document_cache other;
    BOOST_TEST(other.find("post", at(1)) == nullptr);

    // A cache made where a destroyed one was does not inherit its memo.
    first.reset();
    auto again = std::make_unique<document_cache>();
    BOOST_TEST(again->find("post", at(1)) == nullptr);
}

BOOST_AUTO_TEST_CASE(each_thread_finds_what_another_stored)
{
    document_cache cache;
    const auto stored = doc("shared");
    std::shared_ptr<const document_cache::document> seen;
    std::thread writer([&] { cache.put("post", at(7), stored); });
    writer.join();
    std::thread reader([&] { seen = cache.find("post", at(7)); });
    reader.join();
    BOOST_TEST(seen == stored);
    BOOST_TEST(cache.find("post", at(7)) == stored);
}

BOOST_AUTO_TEST_CASE(a_full_cache_drops_stale_entries_first)
{
    document_cache cache(2);
    cache.put("a", at(1), doc("a"));
    cache.put("b", at(2), doc("b"));
    cache.put("c", at(2), doc("c")); // full: "a", rendered before the last write, goes
    BOOST_TEST(cache.find("b", at(2)) != nullptr);
    BOOST_TEST(cache.find("c", at(2)) != nullptr);
    BOOST_TEST(cache.find("a", at(1)) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
