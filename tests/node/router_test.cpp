// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the route table: segment matching, parameters, 405 Allow lists, HEAD, odd paths.

// Test that header file is self-contained.
#include "node/http/router.hpp"

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using fedblog::node::route_match;
using fedblog::node::route_options;
using fedblog::node::router;
namespace http = fedblog::node::http;

namespace {

// Routes are told apart in the tests by their body_limit, which the router hands back as is.
route_options tag(std::size_t id)
{
    return route_options{id};
}

// Handlers are never invoked here; an empty one is enough for matching.
void add(router& r, http::verb method, std::string_view pattern, std::size_t id)
{
    r.add(method, pattern, {}, tag(id));
}

std::size_t id_of(const route_match& m)
{
    return m.found == nullptr ? 0 : m.found->options.body_limit;
}

// A table shaped like the real one (handlers/*.cpp), registration order included.
router blog_routes()
{
    router r;
    add(r, http::verb::get, "/", 1);
    add(r, http::verb::get, "/users/{name}", 2);
    add(r, http::verb::get, "/actor", 3);
    add(r, http::verb::get, "/posts/{slug}", 4);
    add(r, http::verb::get, "/posts/{slug}/activity", 5);
    add(r, http::verb::get, "/users/{name}/outbox", 6);
    add(r, http::verb::post, "/users/{name}/outbox", 7);
    add(r, http::verb::post, "/users/{name}/inbox", 8);
    add(r, http::verb::post, "/inbox", 9);
    add(r, http::verb::get, "/.well-known/webfinger", 10);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_router)

BOOST_AUTO_TEST_CASE(matches_literal_paths)
{
    const router r = blog_routes();
    auto m         = r.match(http::verb::get, "/actor");
    BOOST_TEST(id_of(m) == 3u);
    BOOST_TEST(m.params.empty());
    BOOST_TEST(m.allow.empty());
    BOOST_TEST(!m.bad_path);

    BOOST_TEST(id_of(r.match(http::verb::get, "/.well-known/webfinger")) == 10u);
    BOOST_TEST(id_of(r.match(http::verb::post, "/inbox")) == 9u);
}

BOOST_AUTO_TEST_CASE(root_matches_only_the_root)
{
    const router r = blog_routes();
    BOOST_TEST(id_of(r.match(http::verb::get, "/")) == 1u);
    // "//" is two empty segments, not the root.
    BOOST_TEST(id_of(r.match(http::verb::get, "//")) == 0u);
}

BOOST_AUTO_TEST_CASE(literal_segments_compare_exactly)
{
    const router r = blog_routes();
    // Case matters in paths (RFC 3986 6.2.2.1 only folds scheme and host).
    BOOST_TEST(id_of(r.match(http::verb::get, "/Actor")) == 0u);
    // Literal segments are not percent-decoded: "%61ctor" is not "actor".
    const auto m = r.match(http::verb::get, "/%61ctor");
    BOOST_TEST(id_of(m) == 0u);
    BOOST_TEST(!m.bad_path);
    BOOST_TEST(id_of(r.match(http::verb::get, "/actors")) == 0u);
}

BOOST_AUTO_TEST_CASE(captures_parameters)
{
    const router r = blog_routes();
    auto m         = r.match(http::verb::get, "/users/alice/outbox");
    BOOST_TEST(id_of(m) == 6u);
    BOOST_TEST(m.params == std::vector<std::string>{"alice"});

    m = r.match(http::verb::get, "/posts/hello-world/activity");
    BOOST_TEST(id_of(m) == 5u);
    BOOST_TEST(m.params == std::vector<std::string>{"hello-world"});
}

BOOST_AUTO_TEST_CASE(captures_several_parameters_in_order)
{
    router r;
    add(r, http::verb::get, "/a/{x}/b/{y}", 1);
    const auto m = r.match(http::verb::get, "/a/one/b/two");
    BOOST_TEST(id_of(m) == 1u);
    BOOST_TEST(m.params == (std::vector<std::string>{"one", "two"}));
}

BOOST_AUTO_TEST_CASE(percent_decodes_parameters)
{
    const router r = blog_routes();
    // UTF-8 escapes decode to the bytes they name.
    auto m = r.match(http::verb::get, "/posts/caf%C3%A9");
    BOOST_TEST(id_of(m) == 4u);
    BOOST_TEST(m.params == std::vector<std::string>{"caf\xC3\xA9"});
    // Lowercase hex works too.
    m = r.match(http::verb::get, "/posts/caf%c3%a9");
    BOOST_TEST(m.params == std::vector<std::string>{"caf\xC3\xA9"});
    // An encoded slash stays inside its segment: it does not split the path.
    m = r.match(http::verb::get, "/posts/a%2Fb");
    BOOST_TEST(id_of(m) == 4u);
    BOOST_TEST(m.params == std::vector<std::string>{"a/b"});
    // '+' is only a space in query strings, never in paths.
    m = r.match(http::verb::get, "/posts/a+b");
    BOOST_TEST(m.params == std::vector<std::string>{"a+b"});
    // An encoded space.
    m = r.match(http::verb::get, "/posts/a%20b");
    BOOST_TEST(m.params == std::vector<std::string>{"a b"});
}

BOOST_AUTO_TEST_CASE(flags_bad_escapes_in_parameters)
{
    const router r = blog_routes();
    for (const std::string_view path : {
             "/posts/%zz",  // not hex
             "/posts/%4",   // truncated escape
             "/posts/%",    // lone percent
             "/posts/a%g1", // first digit not hex
             "/posts/%1g",  // second digit not hex
         })
    {
        BOOST_TEST_CONTEXT(path)
        {
            const auto m = r.match(http::verb::get, path);
            BOOST_TEST(m.found == nullptr);
            BOOST_TEST(m.bad_path);
        }
    }
    // Two routes share the bad segment; the flag survives both.
    const auto m = r.match(http::verb::get, "/users/%zz/outbox");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.bad_path);
}

BOOST_AUTO_TEST_CASE(bad_escape_elsewhere_is_just_not_found)
{
    const router r = blog_routes();
    // A bad escape in a literal position cannot match anything: a plain 404, not a 400.
    const auto m = r.match(http::verb::get, "/act%zzor");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(!m.bad_path);
    BOOST_TEST(m.allow.empty());
}

BOOST_AUTO_TEST_CASE(empty_parameter_does_not_match)
{
    const router r = blog_routes();
    const auto m   = r.match(http::verb::get, "/posts/");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(!m.bad_path);
    BOOST_TEST(m.allow.empty());
    BOOST_TEST(id_of(r.match(http::verb::get, "/users//outbox")) == 0u);
}

BOOST_AUTO_TEST_CASE(trailing_slash_is_a_different_path)
{
    const router r = blog_routes();
    BOOST_TEST(id_of(r.match(http::verb::get, "/actor/")) == 0u);
    BOOST_TEST(id_of(r.match(http::verb::get, "/users/alice/")) == 0u);
    BOOST_TEST(id_of(r.match(http::verb::get, "/posts/hello/")) == 0u);
    BOOST_TEST(r.match(http::verb::post, "/inbox/").allow.empty());
}

BOOST_AUTO_TEST_CASE(empty_and_relative_paths_match_nothing)
{
    const router r = blog_routes();
    for (const std::string_view path : {
             "",              // no path at all
             "actor",         // relative
             "posts/hello",   // relative with segments
             "*",             // OPTIONS-style asterisk form
             "http://x/actor" // absolute-form target: the server strips it first
         })
    {
        BOOST_TEST_CONTEXT('"' << path << '"')
        {
            const auto m = r.match(http::verb::get, path);
            BOOST_TEST(m.found == nullptr);
            BOOST_TEST(!m.bad_path);
            BOOST_TEST(m.allow.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_path_has_no_allow_list)
{
    const router r = blog_routes();
    const auto m   = r.match(http::verb::get, "/nope");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow.empty());
    BOOST_TEST(id_of(router{}.match(http::verb::get, "/")) == 0u);
}

BOOST_AUTO_TEST_CASE(wrong_method_lists_allowed_methods)
{
    const router r = blog_routes();
    // A POST-only path.
    auto m = r.match(http::verb::get, "/inbox");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow == "POST");
    // A GET-only path: GET brings HEAD with it.
    m = r.match(http::verb::post, "/actor");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow == "GET, HEAD");
    // Both, in registration order.
    m = r.match(http::verb::delete_, "/users/alice/outbox");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow == "GET, HEAD, POST");
    BOOST_TEST(!m.bad_path);
}

BOOST_AUTO_TEST_CASE(allow_list_names_each_method_once)
{
    router r;
    add(r, http::verb::get, "/posts/{slug}", 1);
    add(r, http::verb::get, "/posts/new", 2);
    add(r, http::verb::put, "/posts/{slug}", 3);
    const auto m = r.match(http::verb::post, "/posts/new");
    BOOST_TEST(m.allow == "GET, HEAD, PUT");
}

BOOST_AUTO_TEST_CASE(head_matches_get_routes)
{
    const router r = blog_routes();
    auto m         = r.match(http::verb::head, "/posts/hello");
    BOOST_TEST(id_of(m) == 4u);
    BOOST_TEST(m.params == std::vector<std::string>{"hello"});
    BOOST_TEST(m.allow.empty());
    BOOST_TEST(id_of(r.match(http::verb::head, "/")) == 1u);
    // HEAD on a POST-only path is a 405 like GET.
    m = r.match(http::verb::head, "/inbox");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow == "POST");
}

BOOST_AUTO_TEST_CASE(head_matches_an_explicit_head_route)
{
    router r;
    add(r, http::verb::head, "/probe", 1);
    add(r, http::verb::get, "/both", 2);
    add(r, http::verb::head, "/both", 3);
    auto m = r.match(http::verb::head, "/probe");
    BOOST_TEST(id_of(m) == 1u);
    BOOST_TEST(m.allow.empty());
    // GET does not fall back to a HEAD route.
    m = r.match(http::verb::get, "/probe");
    BOOST_TEST(m.found == nullptr);
    BOOST_TEST(m.allow == "HEAD");
    // With both registered, the first wins for HEAD; GET takes its own.
    BOOST_TEST(id_of(r.match(http::verb::head, "/both")) == 2u);
    BOOST_TEST(id_of(r.match(http::verb::get, "/both")) == 2u);
}

BOOST_AUTO_TEST_CASE(get_does_not_match_post_routes)
{
    const router r = blog_routes();
    BOOST_TEST(id_of(r.match(http::verb::post, "/users/alice/outbox")) == 7u);
    BOOST_TEST(id_of(r.match(http::verb::get, "/users/alice/outbox")) == 6u);
    BOOST_TEST(id_of(r.match(http::verb::post, "/users/alice/inbox")) == 8u);
}

BOOST_AUTO_TEST_CASE(first_registered_route_wins)
{
    {
        router r;
        add(r, http::verb::get, "/posts/{slug}", 1);
        add(r, http::verb::get, "/posts/new", 2);
        auto m = r.match(http::verb::get, "/posts/new");
        BOOST_TEST(id_of(m) == 1u);
        BOOST_TEST(m.params == std::vector<std::string>{"new"});
    }
    {
        router r;
        add(r, http::verb::get, "/posts/new", 2);
        add(r, http::verb::get, "/posts/{slug}", 1);
        auto m = r.match(http::verb::get, "/posts/new");
        BOOST_TEST(id_of(m) == 2u);
        BOOST_TEST(m.params.empty());
        BOOST_TEST(id_of(r.match(http::verb::get, "/posts/other")) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(later_route_with_right_method_beats_earlier_wrong_method)
{
    router r;
    add(r, http::verb::post, "/things/{id}", 1);
    add(r, http::verb::get, "/things/{id}", 2);
    const auto m = r.match(http::verb::get, "/things/7");
    BOOST_TEST(id_of(m) == 2u);
    BOOST_TEST(m.params == std::vector<std::string>{"7"});
    // No stale Allow list from the POST route on success.
    BOOST_TEST(m.allow.empty());
}

BOOST_AUTO_TEST_CASE(keeps_route_options)
{
    router r;
    r.add(http::verb::post, "/inbox", {}, route_options{1024 * 1024});
    r.add(http::verb::get, "/actor", {});
    BOOST_TEST(r.match(http::verb::post, "/inbox").found->options.body_limit == 1024u * 1024u);
    // The default limit when none is given.
    BOOST_TEST(r.match(http::verb::get, "/actor").found->options.body_limit == 64u * 1024u);
}

BOOST_AUTO_TEST_SUITE_END()
