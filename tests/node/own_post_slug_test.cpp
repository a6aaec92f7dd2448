// SPDX-License-Identifier: AGPL-3.0-or-later
// own_post_slug(): which IRIs a remote server sends name one of our posts.
#include "node/comments/thread.hpp"
#include "protocol/site_urls.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using fedblog::node::own_post_slug;
using namespace std::string_literals;

namespace {

const fedblog::protocol::site_urls urls("https", "blog.example", "author");

} // namespace

BOOST_AUTO_TEST_SUITE(own_post_slug_rules)

BOOST_AUTO_TEST_CASE(a_permalink_names_its_slug)
{
    BOOST_TEST(own_post_slug(urls, "https://blog.example/posts/hello-world").value_or("") ==
               "hello-world");
    BOOST_TEST(own_post_slug(urls, "https://blog.example/posts/2026-11-26-a1b2c3").value_or("") ==
               "2026-11-26-a1b2c3");
    BOOST_TEST(
        own_post_slug(urls, "https://blog.example/posts/" + std::string(200, 'a')).has_value());
}

// Likes, replies and quote requests name their object: what is not a valid slug is no post
// of ours, and must not reach the store (PostgreSQL refuses a NUL with an error).
BOOST_AUTO_TEST_CASE(anything_else_names_no_post)
{
    for (const std::string& iri : {
             "https://blog.example/posts/"s,
             "https://blog.example/posts/a/replies"s,
             "https://blog.example/posts/a?page=1"s,
             "https://blog.example/posts/a#comments"s,
             "https://blog.example/posts/a\0b"s,
             "https://blog.example/posts/Hello"s,
             "https://blog.example/posts/caf%C3%A9"s,
             "https://blog.example/posts/-a"s,
             "https://blog.example/posts/a b"s,
             "https://blog.example/posts/" + std::string(201, 'a'),
             "http://blog.example/posts/a"s,
             "https://blog.example.evil/posts/a"s,
             "https://other.example/posts/a"s,
             "https://blog.example/users/author"s,
             ""s,
         })
        BOOST_TEST(!own_post_slug(urls, iri).has_value(), iri);
}

BOOST_AUTO_TEST_SUITE_END()
