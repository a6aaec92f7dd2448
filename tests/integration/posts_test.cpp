// SPDX-License-Identifier: AGPL-3.0-or-later
// Posts on the web and as Notes: the welcome post, permalinks, Create activities, 404s.
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;

namespace {

constexpr const char* as_accept = "application/activity+json";

struct running_node
{
    running_node() { node.start(); }

    node_process node;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(posts, running_node)

BOOST_AUTO_TEST_CASE(front_page_lists_the_welcome_post)
{
    auto r = node.get("/", "text/html");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.find("Welcome to Test Author") != std::string::npos);
    BOOST_TEST(r.body.find("/posts/welcome") != std::string::npos);
    BOOST_TEST(r.body.find("@author@" + node.domain()) != std::string::npos);
    BOOST_TEST(r.body.find("<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
                           node.actor() + "\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(permalink_is_a_note_for_servers)
{
    auto r = node.get("/posts/welcome", as_accept);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "application/activity+json");
    BOOST_TEST(r.header("vary") == "Accept");
    BOOST_TEST(!r.header("etag").empty());
    auto note            = r.json();
    const std::string id = node.base() + "/posts/welcome";
    BOOST_TEST(*note.get_string("id") == id);
    BOOST_TEST(*note.get_string("type") == "Note");
    BOOST_TEST(*note.get_string("url") == id);
    BOOST_TEST(*note.get_string("attributedTo") == node.actor());
    BOOST_TEST(note.get_string("content")->find("<strong>fedblog</strong>") != std::string::npos);
    // The title is the first line of the content, linked to the permalink.
    BOOST_TEST(note.get_string("content")->starts_with("<p><strong><a href=\"" + id + "\">"));
    BOOST_TEST(note.get_string("published").has_value());
    BOOST_TEST(note.find("summary") == nullptr); // Mastodon would show it as a content warning
    BOOST_TEST(*note.find("to")->if_array()->at(0).if_string() ==
               "https://www.w3.org/ns/activitystreams#Public");
    BOOST_TEST(*note.find("cc")->if_array()->at(0).if_string() == node.actor() + "/followers");
    BOOST_TEST(note.find("tag")->is_array());
    BOOST_TEST(note.find("attachment")->is_array());
    BOOST_TEST(*note.find("source")->get_string("mediaType") == "text/markdown");
    BOOST_TEST(*note.find("replies")->get_string("id") == id + "/replies");
    BOOST_TEST(*note.find("likes")->find("totalItems")->if_int() == 0);
    BOOST_TEST(*note.find("shares")->find("totalItems")->if_int() == 0);
}

BOOST_AUTO_TEST_CASE(permalink_is_a_page_for_browsers)
{
    auto r = node.get("/posts/welcome", "text/html");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(r.header("vary") == "Accept");
    BOOST_TEST(r.body.find("<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
                           node.base() + "/posts/welcome\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(create_activity_has_its_own_url)
{
    auto r = node.get("/posts/welcome/activity", as_accept);
    BOOST_TEST(r.status == 200u);
    auto create = r.json();
    BOOST_TEST(*create.get_string("type") == "Create");
    BOOST_TEST(*create.get_string("id") == node.base() + "/posts/welcome/activity");
    BOOST_TEST(*create.get_string("actor") == node.actor());
    BOOST_TEST(*create.find("object")->get_string("id") == node.base() + "/posts/welcome");
    BOOST_TEST(node.get("/posts/welcome/activity", "text/html").status == 302u);
}

BOOST_AUTO_TEST_CASE(unknown_posts_are_404_in_both_forms)
{
    auto as = node.get("/posts/nope", as_accept);
    BOOST_TEST(as.status == 404u);
    BOOST_TEST(as.header("content-type") == "application/problem+json");
    auto html = node.get("/posts/nope", "text/html");
    BOOST_TEST(html.status == 404u);
    BOOST_TEST(html.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(node.get("/posts/..%2F..%2Fetc%2Fpasswd", as_accept).status == 404u);
    BOOST_TEST(node.get("/posts/%00", as_accept).status == 404u);
    BOOST_TEST(node.get("/posts/a%zz", as_accept).status == 400u);
}

BOOST_AUTO_TEST_CASE(interaction_collections_count)
{
    auto replies = node.get("/posts/welcome/replies", as_accept).json();
    BOOST_TEST(*replies.get_string("type") == "Collection");
    BOOST_TEST(*replies.find("totalItems")->if_int() == 0);
    auto page = node.get("/posts/welcome/replies?page=1", as_accept).json();
    BOOST_TEST(*page.get_string("type") == "CollectionPage");
    BOOST_TEST(*node.get("/posts/welcome/likes", as_accept).json().find("totalItems")->if_int() ==
               0);
}

BOOST_AUTO_TEST_SUITE_END()
