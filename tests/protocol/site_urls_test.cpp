// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the URL layout of a node.

// Test that header file is self-contained.
#include "protocol/site_urls.hpp"

#include "protocol/iri.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::protocol;

BOOST_AUTO_TEST_SUITE(site_urls_layout)

BOOST_AUTO_TEST_CASE(mints_the_urls_design_md_recommends)
{
    site_urls const u{"https", "blog.example", "author"};
    BOOST_TEST(u.scheme() == "https");
    BOOST_TEST(u.domain() == "blog.example");
    BOOST_TEST(u.user() == "author");
    BOOST_TEST(u.base() == "https://blog.example");
    BOOST_TEST(u.actor() == "https://blog.example/users/author");
    BOOST_TEST(u.actor_key() == "https://blog.example/users/author#main-key");
    BOOST_TEST(u.inbox() == "https://blog.example/users/author/inbox");
    BOOST_TEST(u.outbox() == "https://blog.example/users/author/outbox");
    BOOST_TEST(u.followers() == "https://blog.example/users/author/followers");
    BOOST_TEST(u.following() == "https://blog.example/users/author/following");
    BOOST_TEST(u.featured() == "https://blog.example/users/author/featured");
    BOOST_TEST(u.shared_inbox() == "https://blog.example/inbox");
    BOOST_TEST(u.home() == "https://blog.example/");
    BOOST_TEST(u.instance_actor() == "https://blog.example/actor");
    BOOST_TEST(u.instance_actor_key() == "https://blog.example/actor#main-key");
    BOOST_TEST(u.post("hello") == "https://blog.example/posts/hello");
    BOOST_TEST(u.post_activity("hello") == "https://blog.example/posts/hello/activity");
    BOOST_TEST(u.post_replies("hello") == "https://blog.example/posts/hello/replies");
    BOOST_TEST(u.post_likes("hello") == "https://blog.example/posts/hello/likes");
    BOOST_TEST(u.post_shares("hello") == "https://blog.example/posts/hello/shares");
    BOOST_TEST(u.tag("cpp") == "https://blog.example/tags/cpp");
    BOOST_TEST(u.media("0a1b2c.png") == "https://blog.example/media/0a1b2c.png");
    BOOST_TEST(u.handle() == "author@blog.example");
}

BOOST_AUTO_TEST_CASE(keeps_the_port_and_scheme_of_a_local_node)
{
    site_urls const u{"http", "127.0.0.1:18080", "author"};
    BOOST_TEST(u.actor() == "http://127.0.0.1:18080/users/author");
    BOOST_TEST(u.handle() == "author@127.0.0.1:18080");
    BOOST_TEST(u.home() == "http://127.0.0.1:18080/");
}

BOOST_AUTO_TEST_CASE(every_minted_url_is_on_the_nodes_origin)
{
    for (site_urls const& u : {site_urls{"https", "blog.example", "author"},
                               site_urls{"http", "127.0.0.1:18080", "author"},
                               site_urls{"http", "[::1]:8080", "author"}})
    {
        BOOST_TEST_CONTEXT(u.base())
        {
            for (std::string const& url :
                 {u.actor(), u.actor_key(), u.inbox(), u.outbox(), u.followers(), u.following(),
                  u.featured(), u.shared_inbox(), u.home(), u.instance_actor(),
                  u.instance_actor_key(), u.post("a"), u.post_activity("a"), u.post_replies("a"),
                  u.post_likes("a"), u.post_shares("a"), u.tag("t"), u.media("m.png")})
            {
                BOOST_TEST(same_origin(url, u.base()), url);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(instance_username_is_the_host_without_port)
{
    struct username_case
    {
        const char* domain;
        const char* username;
    };

    for (const username_case& c : {
             username_case{"blog.example", "blog.example"},      // plain host
             username_case{"blog.example:8443", "blog.example"}, // port dropped
             username_case{"127.0.0.1:18080", "127.0.0.1"},      // IPv4 with port
             username_case{"127.0.0.1", "127.0.0.1"},            // IPv4 without
             username_case{"[::1]:8080", "instance.actor"},      // IPv6: "::1" is no username
             username_case{"[2001:db8::1]", "instance.actor"},   // IPv6 without port
             username_case{"localhost:8080", "localhost"},       // a dev setup
         })
    {
        BOOST_TEST_CONTEXT(c.domain)
        {
            BOOST_TEST(site_urls("https", c.domain, "author").instance_username() == c.username);
        }
    }
}

BOOST_AUTO_TEST_CASE(default_constructed_is_empty)
{
    site_urls const u;
    BOOST_TEST(u.base() == "");
    BOOST_TEST(u.actor() == "");
    BOOST_TEST(u.instance_username() == "");
}

BOOST_AUTO_TEST_SUITE_END()
