// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for OrderedCollection and OrderedCollectionPage documents.

// Test that header file is self-contained.
#include "protocol/collection.hpp"

#include "protocol/json.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

using namespace fedblog::protocol;

BOOST_AUTO_TEST_SUITE(collection)

BOOST_AUTO_TEST_CASE(paged_collection_links_its_first_and_last_pages)
{
    json::value const c =
        build_ordered_collection("https://blog.example/users/author/outbox", 42,
                                 std::string("https://blog.example/users/author/outbox?page=1"),
                                 std::string("https://blog.example/users/author/outbox?page=3"));
    BOOST_TEST(json::serialize(c) ==
               R"({"@context":"https://www.w3.org/ns/activitystreams",)"
               R"("id":"https://blog.example/users/author/outbox","type":"OrderedCollection",)"
               R"("totalItems":42,"first":"https://blog.example/users/author/outbox?page=1",)"
               R"("last":"https://blog.example/users/author/outbox?page=3"})");
}

BOOST_AUTO_TEST_CASE(hidden_or_empty_collection_has_only_a_count)
{
    // Followers shown as a count only: no first page means "hidden" to Mastodon (C26).
    json::value const c = build_ordered_collection("https://blog.example/users/author/followers", 0,
                                                   std::nullopt, std::nullopt);
    BOOST_TEST(json::serialize(c) == R"({"@context":"https://www.w3.org/ns/activitystreams",)"
                                     R"("id":"https://blog.example/users/author/followers",)"
                                     R"("type":"OrderedCollection","totalItems":0})");
}

BOOST_AUTO_TEST_CASE(small_collection_carries_its_items_inline)
{
    json::value const c = build_ordered_collection(
        "https://blog.example/users/author/featured", 2, std::nullopt, std::nullopt,
        json::array{json::value("https://blog.example/posts/a"),
                    json::make_object({{"id", "https://blog.example/posts/b"}, {"type", "Note"}})});
    BOOST_TEST(json::serialize(*c.find("orderedItems")) ==
               R"(["https://blog.example/posts/a",)"
               R"({"id":"https://blog.example/posts/b","type":"Note"}])");
    BOOST_TEST(c.find("first") == nullptr);
    // An empty inline list is still a list.
    json::value const empty = build_ordered_collection(
        "https://blog.example/users/author/featured", 0, std::nullopt, std::nullopt, json::array{});
    BOOST_TEST(json::serialize(*empty.find("orderedItems")) == "[]");
}

BOOST_AUTO_TEST_CASE(page_links_its_collection_and_neighbours)
{
    json::value const p =
        build_collection_page("https://blog.example/users/author/outbox?page=2",
                              "https://blog.example/users/author/outbox",
                              json::array{json::value("https://blog.example/posts/a/activity")},
                              std::string("https://blog.example/users/author/outbox?page=3"),
                              std::string("https://blog.example/users/author/outbox?page=1"), 42);
    BOOST_TEST(json::serialize(p) ==
               R"({"@context":"https://www.w3.org/ns/activitystreams",)"
               R"("id":"https://blog.example/users/author/outbox?page=2",)"
               R"("type":"OrderedCollectionPage",)"
               R"("partOf":"https://blog.example/users/author/outbox","totalItems":42,)"
               R"("next":"https://blog.example/users/author/outbox?page=3",)"
               R"("prev":"https://blog.example/users/author/outbox?page=1",)"
               R"("orderedItems":["https://blog.example/posts/a/activity"]})");
}

BOOST_AUTO_TEST_CASE(last_page_has_no_next_and_no_total_unless_given)
{
    json::value const p = build_collection_page(
        "https://blog.example/users/author/outbox?page=3",
        "https://blog.example/users/author/outbox", json::array{}, std::nullopt,
        std::string("https://blog.example/users/author/outbox?page=2"));
    BOOST_TEST(p.find("next") == nullptr);
    BOOST_TEST(p.find("totalItems") == nullptr);
    BOOST_TEST(p.find("prev") != nullptr);
    BOOST_TEST(json::serialize(*p.find("orderedItems")) == "[]");
}

BOOST_AUTO_TEST_CASE(documents_round_trip_through_text)
{
    json::value const c =
        build_collection_page("https://blog.example/users/author/outbox?page=1",
                              "https://blog.example/users/author/outbox",
                              json::array{json::make_object({{"type", "Create"}, {"n", 1}})},
                              std::nullopt, std::nullopt, std::int64_t{1} << 40);
    auto back = json::parse(json::serialize(c));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == c));
}

BOOST_AUTO_TEST_SUITE_END()
