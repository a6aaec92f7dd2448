// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the Update, Delete, Tombstone, Add/Remove and actor Update documents.

// Test that header file is self-contained.
#include "protocol/post_activities.hpp"

#include "protocol/vocab.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace fedblog::protocol;
using namespace std::chrono;

namespace {

site_urls const urls{"https", "blog.example", "author"};
sys_seconds const published = sys_days{2024y / March / 1} + 12h;

std::string str(const json::value& v, std::string_view key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string("<missing>");
}

post_fields sample()
{
    post_fields p;
    p.slug         = "hello";
    p.content_html = "<p>v2</p>";
    p.published    = published;
    p.updated      = published + hours(1);
    p.extra        = json::make_object({{"cc", json::array{json::value("https://x.example/u/b")}}});
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(post_activities)

BOOST_AUTO_TEST_CASE(update_carries_the_note_with_updated_and_its_addressing)
{
    const auto u = build_update(urls, sample(), "https://blog.example/posts/hello#updates/1");
    BOOST_TEST(str(u, "type") == "Update");
    BOOST_TEST(str(u, "id") == "https://blog.example/posts/hello#updates/1");
    BOOST_TEST(str(u, "actor") == "https://blog.example/users/author");
    BOOST_TEST(str(u, "published") == "2024-03-01T13:00:00Z");
    const json::value* obj = u.find("object");
    BOOST_TEST_REQUIRE(obj != nullptr);
    BOOST_TEST(str(*obj, "id") == "https://blog.example/posts/hello");
    BOOST_TEST(str(*obj, "updated") == "2024-03-01T13:00:00Z");
    BOOST_TEST(obj->find("@context") == nullptr);
    BOOST_TEST(u.find("@context") != nullptr);
    const auto* cc = u.find("cc")->if_array();
    BOOST_TEST_REQUIRE(cc->size() == 2u);
    BOOST_TEST(*cc->at(1).if_string() == "https://x.example/u/b");
    BOOST_TEST(*u.find("to")->if_array()->at(0).if_string() == vocab::public_collection);
}

BOOST_AUTO_TEST_CASE(delete_is_shaped_like_mastodons_with_a_tombstone)
{
    const auto d = build_delete(urls, "hello", "Note", published);
    BOOST_TEST(str(d, "type") == "Delete");
    BOOST_TEST(str(d, "id") == "https://blog.example/posts/hello#delete");
    const json::value* obj = d.find("object");
    BOOST_TEST_REQUIRE(obj != nullptr);
    BOOST_TEST(str(*obj, "type") == "Tombstone");
    BOOST_TEST(str(*obj, "id") == "https://blog.example/posts/hello");
    BOOST_TEST(str(*obj, "atomUri") == "https://blog.example/posts/hello");
    BOOST_TEST(str(*obj, "formerType") == "Note");
    BOOST_TEST(str(*obj, "deleted") == "2024-03-01T12:00:00Z");
    BOOST_TEST(obj->find("@context") == nullptr);
    BOOST_TEST(build_tombstone(urls, "hello", "Article", published).find("@context") != nullptr);
}

BOOST_AUTO_TEST_CASE(add_and_remove_target_the_featured_collection)
{
    const auto add = build_featured_change(urls, "hello", true, "https://blog.example/x#1");
    BOOST_TEST(str(add, "type") == "Add");
    BOOST_TEST(str(add, "object") == "https://blog.example/posts/hello");
    BOOST_TEST(str(add, "target") == "https://blog.example/users/author/featured");
    BOOST_TEST(str(build_featured_change(urls, "hello", false, "i"), "type") == "Remove");
}

BOOST_AUTO_TEST_CASE(actor_update_moves_the_context_up)
{
    const json::value person = json::make_object(
        {{"@context", vocab::as_context}, {"id", urls.actor()}, {"type", "Person"}});
    const auto u = build_actor_update(urls, person, "https://blog.example/users/author#u1");
    BOOST_TEST(str(u, "type") == "Update");
    BOOST_TEST(str(u, "@context") == vocab::as_context);
    BOOST_TEST(str(*u.find("object"), "id") == urls.actor());
    BOOST_TEST(u.find("object")->find("@context") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
