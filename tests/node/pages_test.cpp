// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the HTML pages: every dynamic string escaped, the AS2 alternate link present.

// Test that header file is self-contained.
#include "node/web/pages.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

using fedblog::node::render_index;
using fedblog::node::render_message;
using fedblog::node::render_post;
using fedblog::node::render_tag_page;
using fedblog::node::site_info;
using fedblog::protocol::site_urls;
namespace storage = fedblog::storage;

namespace {

constexpr std::string_view evil_title         = "<script>alert(1)</script>";
constexpr std::string_view evil_title_escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
constexpr std::string_view evil_name          = R"(Jean "JL" <b>O'Neil</b> & co)";
constexpr std::string_view evil_name_escaped =
    "Jean &quot;JL&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; co";

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

std::size_t count(std::string_view haystack, std::string_view needle)
{
    std::size_t n = 0;
    for (auto p = haystack.find(needle); p != std::string_view::npos;
         p      = haystack.find(needle, p + 1))
        ++n;
    return n;
}

struct fixture
{
    site_urls urls{"https", "blog.example", "author"};
    site_info site{&urls, "Author Name", "<p>My bio</p>", {}, nullptr};

    static storage::post make_post(std::string slug, std::string title)
    {
        storage::post p;
        p.slug         = std::move(slug);
        p.title        = std::move(title);
        p.content_html = "<p>Body of the post</p>";
        p.published    = storage::time_point(std::chrono::seconds(1'700'000'000));
        return p;
    }
};

constexpr std::string_view alternate_prefix =
    R"(<link rel="alternate" type="application/activity+json" href=")";

/// The href of the page's rel=alternate AS2 link, or "" when missing.
std::string alternate_of(std::string_view page)
{
    const auto at = page.find(alternate_prefix);
    if (at == std::string_view::npos)
        return {};
    const auto start = at + alternate_prefix.size();
    return std::string(page.substr(start, page.find('"', start) - start));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(web_pages, fixture)

BOOST_AUTO_TEST_CASE(index_lists_posts_with_links_and_alternate)
{
    const std::vector<storage::post> posts{make_post("first", "First post"),
                                           make_post("second", "")};
    const std::string page = render_index(site, posts, 1, false);
    BOOST_TEST(page.starts_with("<!DOCTYPE html>"));
    BOOST_TEST(page.ends_with("</html>\n"));
    // The front page is the author's profile: its AS2 form is the actor.
    BOOST_TEST(alternate_of(page) == "https://blog.example/users/author");
    BOOST_TEST(contains(page, "<title>Author Name</title>"));
    BOOST_TEST(contains(page, "@author@blog.example"));
    // The handle is selected whole by one click, with no script on the page.
    BOOST_TEST(contains(page, ".handle a{user-select:all}"));
    BOOST_TEST(!contains(page, "<script"));
    // Phones render at their own width, and lines stay a readable length.
    BOOST_TEST(
        contains(page, R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"));
    BOOST_TEST(contains(page, "body{max-width:42rem"));
    BOOST_TEST(contains(page, "<p>My bio</p>"));
    BOOST_TEST(contains(page, R"(href="https://blog.example/posts/first")"));
    BOOST_TEST(contains(page, R"(href="https://blog.example/posts/second")"));
    BOOST_TEST(contains(page, "First post"));
    BOOST_TEST(count(page, "<p>Body of the post</p>") == 2u);
    BOOST_TEST(contains(page, R"(<time datetime="2023-11-14T22:13:20Z">2023-11-14</time>)"));
    // No pager links on a single page.
    BOOST_TEST(!contains(page, "rel=\"prev\""));
    BOOST_TEST(!contains(page, "rel=\"next\""));
}

BOOST_AUTO_TEST_CASE(index_shows_comment_counts)
{
    const std::vector<storage::post> posts{make_post("first", "First post"),
                                           make_post("second", "Second"),
                                           make_post("third", "Third")};
    const std::string page = render_index(site, posts, 1, false, {{"first", 1}, {"second", 12}});
    BOOST_TEST(contains(page, R"(href="https://blog.example/posts/first#comments">1 comment<)"));
    BOOST_TEST(contains(page, R"(href="https://blog.example/posts/second#comments">12 comments<)"));
    BOOST_TEST(count(page, "class=\"comment-count\"") == 2u); // none for "third"
}

BOOST_AUTO_TEST_CASE(index_pages_link_to_neighbours)
{
    const std::vector<storage::post> posts{make_post("a", "A")};
    const std::string page = render_index(site, posts, 2, true);
    BOOST_TEST(contains(page, R"(<a rel="prev" href="/?page=1">)"));
    BOOST_TEST(contains(page, R"(<a rel="next" href="/?page=3">)"));
    // The bio belongs on the first page only.
    BOOST_TEST(!contains(page, "My bio"));
}

BOOST_AUTO_TEST_CASE(index_without_posts_says_so)
{
    const std::string page = render_index(site, {}, 1, false);
    BOOST_TEST(contains(page, "No posts yet."));
}

BOOST_AUTO_TEST_CASE(index_escapes_titles_and_site_name)
{
    site.title = std::string(evil_name);
    const std::vector<storage::post> posts{make_post("x", std::string(evil_title))};
    const std::string page = render_index(site, posts, 1, false);
    BOOST_TEST(!contains(page, evil_title));
    BOOST_TEST(!contains(page, evil_name));
    BOOST_TEST(contains(page, evil_title_escaped));
    // Both in <title> and in the header.
    BOOST_TEST(count(page, evil_name_escaped) == 2u);
    BOOST_TEST(!contains(page, "<script"));
    BOOST_TEST(!contains(page, "<b>O"));
}

BOOST_AUTO_TEST_CASE(index_escapes_slugs_in_attributes)
{
    // Slugs are validated upstream; the page must hold even if one is not.
    const std::vector<storage::post> posts{make_post(R"(x"onmouseover="alert(1))", "T")};
    const std::string page = render_index(site, posts, 1, false);
    BOOST_TEST(!contains(page, R"("onmouseover=")"));
    BOOST_TEST(contains(page, "x&quot;onmouseover=&quot;alert(1)"));
}

BOOST_AUTO_TEST_CASE(post_page_escapes_title_and_links_its_note)
{
    site.title             = std::string(evil_name);
    const storage::post p  = make_post("hello", std::string(evil_title));
    const std::string page = render_post(site, p);
    BOOST_TEST(alternate_of(page) == "https://blog.example/posts/hello");
    BOOST_TEST(!contains(page, evil_title));
    BOOST_TEST(!contains(page, evil_name));
    // In <title>, og:title and the heading.
    BOOST_TEST(count(page, evil_title_escaped) == 3u);
    BOOST_TEST(contains(page, "<title>" + std::string(evil_title_escaped) + "</title>"));
    BOOST_TEST(contains(page, evil_name_escaped));
    BOOST_TEST(!contains(page, "<script"));
    // The sanitized content goes in as it is.
    BOOST_TEST(contains(page, "<p>Body of the post</p>"));
}

BOOST_AUTO_TEST_CASE(untitled_post_page_uses_the_site_name)
{
    site.title             = std::string(evil_name);
    const std::string page = render_post(site, make_post("note", ""));
    BOOST_TEST(contains(page, "<title>" + std::string(evil_name_escaped) + "</title>"));
    BOOST_TEST(!contains(page, "<h2>"));
}

BOOST_AUTO_TEST_CASE(post_page_escapes_its_alternate_link)
{
    const std::string page = render_post(site, make_post(R"(a"><script>x</script>)", "T"));
    BOOST_TEST(!contains(page, "<script"));
    BOOST_TEST(alternate_of(page) == "https://blog.example/posts/a&quot;&gt;&lt;script&gt;x&lt;/"
                                     "script&gt;");
}

BOOST_AUTO_TEST_CASE(edited_post_is_marked)
{
    storage::post p = make_post("e", "Edited");
    BOOST_TEST(!contains(render_post(site, p), "(edited)"));
    p.updated = p.published + std::chrono::hours(1);
    BOOST_TEST(contains(render_post(site, p), "(edited)"));
}

BOOST_AUTO_TEST_CASE(edited_post_lists_its_earlier_versions)
{
    storage::post p = make_post("e", "Now");
    p.updated       = p.published + std::chrono::hours(2);
    storage::post_revision r;
    r.title                = std::string(evil_title);
    r.content_html         = "<p>What it said first</p>";
    r.valid_from           = p.published;
    r.replaced             = p.published + std::chrono::hours(1);
    const std::string page = render_post(site, p, {}, {r});
    BOOST_TEST(contains(page, "Earlier versions (1)"));
    BOOST_TEST(contains(page, "<p>What it said first</p>"));
    BOOST_TEST(contains(page, evil_title_escaped));
    BOOST_TEST(!contains(page, evil_title));
    BOOST_TEST(!contains(render_post(site, p), "Earlier versions"));
}

BOOST_AUTO_TEST_CASE(post_page_has_link_preview_meta_tags)
{
    storage::post p = make_post("hello", "Hello \"there\"");
    p.content_html  = "<p>Some <b>text</b></p><p><img src=\"https://blog.example/media/a.png\" "
                      "alt=\"x\"></p>";
    const std::string page = render_post(site, p);
    BOOST_TEST(contains(page, R"(<meta name="fediverse:creator" content="@author@blog.example">)"));
    BOOST_TEST(contains(page, R"(<meta property="og:title" content="Hello &quot;there&quot;">)"));
    BOOST_TEST(
        contains(page, R"(<meta property="og:url" content="https://blog.example/posts/hello">)"));
    BOOST_TEST(contains(page, R"(<meta property="og:description" content="Some text)"));
    BOOST_TEST(
        contains(page, R"(<meta property="og:image" content="https://blog.example/media/a.png">)"));
    BOOST_TEST(contains(
        page,
        R"(<link rel="alternate" type="application/atom+xml" href="https://blog.example/feed.atom">)"));
    BOOST_TEST(contains(page, R"(<a rel="me" href="https://blog.example/users/author">)"));
    BOOST_TEST(!contains(page, "<script"));
    BOOST_TEST(!contains(page, "onclick"));
}

BOOST_AUTO_TEST_CASE(profile_links_are_rel_me_and_escaped)
{
    site.links             = {{"Code", "https://code.example/me"},
                              {"Bad", "javascript:alert(1)"},
                              {std::string(evil_name), "https://x.example/\"onmouseover=\"y"}};
    const std::string page = render_index(site, {}, 1, false);
    BOOST_TEST(contains(page, R"(<a rel="me" href="https://code.example/me">Code</a>)"));
    BOOST_TEST(!contains(page, "javascript:"));
    BOOST_TEST(!contains(page, R"("onmouseover=")"));
    BOOST_TEST(contains(page, evil_name_escaped));
}

BOOST_AUTO_TEST_CASE(tag_page_heads_with_the_tag_and_pages_within_it)
{
    const std::vector<storage::post> posts{make_post("a", "A")};
    const std::string page = render_tag_page(site, "caf\u00e9", posts, 2, true);
    BOOST_TEST(contains(page, "<h2>#caf\u00e9</h2>"));
    BOOST_TEST(contains(page, R"(<a rel="prev" href="/tags/caf%C3%A9?page=1">)"));
    BOOST_TEST(contains(page, R"(<a rel="next" href="/tags/caf%C3%A9?page=3">)"));
    BOOST_TEST(!contains(page, "My bio"));
    BOOST_TEST(contains(render_tag_page(site, "x", {}, 1, false), "No posts yet."));
}

BOOST_AUTO_TEST_CASE(message_page_escapes_heading_and_text)
{
    site.title             = std::string(evil_name);
    const std::string page = render_message(site, evil_title, "Gone: <img src=x onerror=y>");
    BOOST_TEST(alternate_of(page) == "https://blog.example/users/author");
    BOOST_TEST(!contains(page, evil_title));
    BOOST_TEST(!contains(page, "<img"));
    BOOST_TEST(contains(page, "<h2>" + std::string(evil_title_escaped) + "</h2>"));
    BOOST_TEST(contains(page, "<title>" + std::string(evil_title_escaped) + "</title>"));
    BOOST_TEST(contains(page, "Gone: &lt;img src=x onerror=y&gt;"));
    BOOST_TEST(contains(page, evil_name_escaped));
}

BOOST_AUTO_TEST_CASE(port_and_http_scheme_appear_in_links)
{
    site_urls local{"http", "127.0.0.1:18080", "author"};
    site_info s{&local, "Local", "", {}, nullptr};
    const std::string page = render_post(s, make_post("p", "P"));
    BOOST_TEST(alternate_of(page) == "http://127.0.0.1:18080/posts/p");
    BOOST_TEST(contains(page, "@author@127.0.0.1:18080"));
}

BOOST_AUTO_TEST_SUITE_END()
