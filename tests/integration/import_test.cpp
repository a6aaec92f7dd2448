// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog import` of each format on fixtures written here: posts keep their dates, show on
// the web, in the outbox and the feed, dereference as Notes, are never pushed to
// followers (nor are their edits); re-importing adds nothing; a malformed file imports
// nothing and names the line at fault.
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <thread>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";

struct importing
{
    importing()
        : node({"allow_http_peers = true", "allow_private_addresses = true", "retry_scale = 0.02"})
    {
        node.start();
    }

    std::filesystem::path write(const std::string& name, const std::string& text) const
    {
        const auto file = node.data_dir().parent_path() / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out << text;
        return file;
    }

    command_result import(const std::string& format, const std::filesystem::path& path) const
    {
        return run_fedblog(
            {"import", "--data", node.data_dir().string(), "--format", format, path.string()});
    }

    std::int64_t total_posts() const
    {
        const auto col = node.get("/users/author/outbox", as_accept).json();
        return *col.find("totalItems")->if_int();
    }

    json::value note(const std::string& slug) const
    {
        auto r = node.get("/posts/" + slug, as_accept);
        BOOST_TEST_REQUIRE(r.status == 200u, slug << " answered " << r.status);
        return r.json();
    }

    node_process node;
};

std::string str(const json::value& v, const char* key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string();
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

const std::string text_archive = "May 31, 2010 | blog\n"
                                 "The first post of the old blog.\n"
                                 "A second paragraph.\n"
                                 "\n"
                                 "June 2, 2010 | travel\n"
                                 "Off to the coast.\n";

const std::string wxr_file =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
    "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
    "<item><title>From WordPress</title><guid>https://old.example/?p=7</guid>"
    "<content:encoded><![CDATA[Old <strong>words</strong>.\n\nMore.]]></content:encoded>"
    "<wp:post_date_gmt>2009-01-02 03:04:05</wp:post_date_gmt><wp:post_name>from-wp</wp:post_name>"
    "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
    "<category domain=\"post_tag\" nicename=\"history\"><![CDATA[History]]></category>"
    "<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Reader</wp:comment_author>"
    "<wp:comment_date_gmt>2009-01-03 00:00:00</wp:comment_date_gmt>"
    "<wp:comment_content>Great post</wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
    "</item>\n"
    "<item><title>About</title><guid>https://old.example/?page_id=2</guid>"
    "<wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>\n"
    "</channel>\n</rss>\n";

/// A post with a thread: Ann, Bob answering her, a hostile comment, spam and a pingback.
const std::string wxr_with_comments =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
    "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
    "<item><title>Talked about</title><guid>https://old.example/?p=9</guid>"
    "<content:encoded><![CDATA[A post people answered.]]></content:encoded>"
    "<wp:post_date_gmt>2011-03-04 05:06:07</wp:post_date_gmt>"
    "<wp:post_name>talked-about</wp:post_name>"
    "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
    "<wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_author>Ann Example"
    "</wp:comment_author><wp:comment_date_gmt>2011-03-05 10:00:00</wp:comment_date_gmt>"
    "<wp:comment_content><![CDATA[First comment from Ann.]]></wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
    "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
    "<wp:comment><wp:comment_id>11</wp:comment_id><wp:comment_author>Bob &lt;b&gt;"
    "</wp:comment_author><wp:comment_date_gmt>2011-03-06 11:00:00</wp:comment_date_gmt>"
    "<wp:comment_content><![CDATA[Bob answers Ann.<script>alert(1)</script>"
    "<img src=x onerror=alert(2)>]]></wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>"
    "<wp:comment_parent>10</wp:comment_parent></wp:comment>"
    "<wp:comment><wp:comment_id>12</wp:comment_id><wp:comment_author>Spammer</wp:comment_author>"
    "<wp:comment_date_gmt>2011-03-06 12:00:00</wp:comment_date_gmt>"
    "<wp:comment_content>Buy pills</wp:comment_content>"
    "<wp:comment_approved>spam</wp:comment_approved></wp:comment>"
    "<wp:comment><wp:comment_id>13</wp:comment_id><wp:comment_author>Other blog</wp:comment_author>"
    "<wp:comment_date_gmt>2011-03-06 13:00:00</wp:comment_date_gmt>"
    "<wp:comment_content>Pinged you</wp:comment_content>"
    "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>"
    "</wp:comment>"
    "<wp:comment><wp:comment_id>14</wp:comment_id><wp:comment_author>Waiting</wp:comment_author>"
    "<wp:comment_date_gmt>2011-03-06 14:00:00</wp:comment_date_gmt>"
    "<wp:comment_content>Not yet approved</wp:comment_content>"
    "<wp:comment_approved>0</wp:comment_approved></wp:comment>"
    "</item>\n</channel>\n</rss>\n";

} // namespace

BOOST_FIXTURE_TEST_SUITE(import_posts, importing)

BOOST_AUTO_TEST_CASE(wordpress_comments_come_along_threaded_and_stay_home)
{
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    auto f            = json::make_object({{"@context", "https://www.w3.org/ns/activitystreams"},
                                           {"id", alice.id + "/follows/1"},
                                           {"type", "Follow"},
                                           {"actor", alice.id},
                                           {"object", node.actor()}});
    BOOST_TEST_REQUIRE(remote.send(node, alice, f).status == 202u);
    remote.wait_for_posts(1, std::chrono::seconds(10)); // the Accept

    auto r = import("wxr", write("comments.xml", wxr_with_comments));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "imported 2 of 2 comments"), r.out);
    BOOST_TEST(contains(r.out, "left out 3 spam, unapproved or pingbacks"), r.out);

    const std::string page = node.get("/posts/talked-about", "text/html").body;
    BOOST_TEST(contains(page, "2 comments"), page);
    // The names and dates the old blog had, escaped as any reader's name.
    BOOST_TEST(contains(page, ">Ann Example</span>"));
    BOOST_TEST(contains(page, ">Bob &lt;b&gt;</span>"));
    BOOST_TEST(!contains(page, "<b>"));
    BOOST_TEST(contains(page, "datetime=\"2011-03-05T10:00:00Z\""));
    BOOST_TEST(contains(page, "datetime=\"2011-03-06T11:00:00Z\""));
    // Sanitized like remote HTML: no script, no image with a handler.
    BOOST_TEST(contains(page, "Bob answers Ann."));
    BOOST_TEST(!contains(page, "alert("));
    BOOST_TEST(!contains(page, "onerror"));
    // Each imported comment's time links to its own place on the page.
    std::size_t links = 0;
    for (auto at = page.find("class=\"when\" href=\"#comment-"); at != std::string::npos;
         at      = page.find("class=\"when\" href=\"#comment-", at + 1))
    {
        const auto start     = page.find('#', at) + 1;
        const std::string id = page.substr(start, page.find('"', start) - start);
        BOOST_TEST(contains(page, "<li class=\"comment\" id=\"" + id + "\""), id);
        ++links;
    }
    BOOST_TEST(links == 2u);
    // Bob's answer is nested under Ann's comment (comment_parent), inside her <li>.
    const auto ann = page.find("First comment from Ann.");
    const auto bob = page.find("Bob answers Ann.");
    BOOST_TEST_REQUIRE(ann != std::string::npos);
    BOOST_TEST_REQUIRE(bob != std::string::npos);
    BOOST_TEST_REQUIRE(ann < bob);
    const std::string between = page.substr(ann, bob - ann);
    BOOST_TEST(contains(between, "<ol class=\"thread\">"), between);
    BOOST_TEST(!contains(between, "</li>"), between);
    // What the old blog left out stays out.
    BOOST_TEST(!contains(page, "Buy pills"));
    BOOST_TEST(!contains(page, "Pinged you"));
    BOOST_TEST(!contains(page, "Not yet approved"));
    // Nothing went to the follower: not the post, not the comments.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (const auto& p : remote.posts())
    {
        auto doc = json::parse_object(p.body);
        BOOST_TEST((doc && json::type_of(*doc) == "Accept"), p.body);
    }

    // Again: no duplicates.
    auto again = import("wxr", write("comments.xml", wxr_with_comments));
    BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
    BOOST_TEST(contains(again.out, "imported 0 of 2 comments"), again.out);
    BOOST_TEST(contains(node.get("/posts/talked-about", "text/html").body, "2 comments"));
}

BOOST_AUTO_TEST_CASE(a_text_archive_keeps_its_dates_and_is_not_pushed)
{
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    auto f            = json::make_object({{"@context", "https://www.w3.org/ns/activitystreams"},
                                           {"id", alice.id + "/follows/1"},
                                           {"type", "Follow"},
                                           {"actor", alice.id},
                                           {"object", node.actor()}});
    BOOST_TEST_REQUIRE(remote.send(node, alice, f).status == 202u);
    remote.wait_for_posts(1, std::chrono::seconds(10)); // the Accept

    const auto before = total_posts();
    auto r            = import("text", write("archive.txt", text_archive));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "imported 2 posts"), r.out);
    BOOST_TEST(total_posts() == before + 2);

    const auto first = note("the-first-post-of-the-old-blog-a-second-paragraph");
    BOOST_TEST(str(first, "type") == "Note");
    BOOST_TEST(str(first, "published") == "2010-05-31T12:00:00Z");
    BOOST_TEST(contains(str(first, "content"), "<p>The first post of the old blog.</p>"));
    BOOST_TEST(contains(str(first, "content"), "<p>A second paragraph.</p>"));
    const auto& tags = *first.find("tag")->if_array();
    BOOST_TEST_REQUIRE(tags.size() == 1u);
    BOOST_TEST(str(tags.at(0), "name") == "#blog");

    // In date order: the welcome post (now) first, then June, then May.
    auto page  = node.get("/users/author/outbox?page=1", as_accept).json();
    auto items = *page.find("orderedItems")->if_array();
    BOOST_TEST_REQUIRE(items.size() == 3u);
    BOOST_TEST(contains(str(*items.at(1).find("object"), "content"), "Off to the coast."));
    BOOST_TEST(contains(str(*items.at(2).find("object"), "content"), "first post"));
    BOOST_TEST(contains(node.get("/", "text/html").body, "Off to the coast."));
    BOOST_TEST(contains(node.get("/feed.atom").body, "Off to the coast."));
    BOOST_TEST(contains(node.get("/tags/travel", "text/html").body, "Off to the coast."));

    // Nothing went to the follower, and an edit of an imported post sends nothing either:
    // Mastodon would show an Update of an unseen post as a new post.
    const std::string token = node.create_token();
    const std::string url   = str(first, "id");
    auto edited             = node.post(
                    "/users/author/outbox",
                    json::serialize(json::make_object(
                        {{"type", "Update"},
                         {"object", json::make_object({{"id", url}, {"content", "<p>Fixed typo.</p>"}})}})),
                    {{"Content-Type", "application/activity+json"}, {"Authorization", "Bearer " + token}});
    BOOST_TEST_REQUIRE(edited.status == 201u, edited.body);
    BOOST_TEST(contains(str(note("the-first-post-of-the-old-blog-a-second-paragraph"), "content"),
                        "Fixed typo."));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (const auto& p : remote.posts())
    {
        auto doc = json::parse_object(p.body);
        BOOST_TEST((doc && json::type_of(*doc) == "Accept"), p.body);
    }

    // Importing the same file again adds nothing.
    auto again = import("text", write("archive.txt", text_archive));
    BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
    BOOST_TEST(contains(again.out, "imported 0 posts, skipped 2"), again.out);
    BOOST_TEST(total_posts() == before + 2);
}

BOOST_AUTO_TEST_CASE(a_wordpress_export_is_imported_once)
{
    auto r = import("wxr", write("export.xml", wxr_file));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "imported 1 posts"), r.out);
    BOOST_TEST(contains(r.out, "left out 1"), r.out);
    BOOST_TEST(contains(r.out, "imported 1 of 1 comments"), r.out);
    const auto post = note("from-wp");
    BOOST_TEST(str(post, "published") == "2009-01-02T03:04:05Z");
    BOOST_TEST(contains(str(post, "content"), "<p>Old <strong>words</strong>.</p>"));
    BOOST_TEST(contains(str(post, "content"), ">From WordPress</a>"));
    BOOST_TEST(str(*post.find("tag")->if_array()->begin(), "name") == "#History");
    auto again = import("wxr", write("export.xml", wxr_file));
    BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
    BOOST_TEST(contains(again.out, "imported 0 posts, skipped 1"), again.out);
    BOOST_TEST(contains(again.out, "imported 0 of 1 comments"), again.out);
}

BOOST_AUTO_TEST_CASE(a_markdown_folder_is_imported)
{
    write("site/content/posts/one.md", "---\ntitle: \"One\"\ndate: 2015-06-07T08:09:10Z\n"
                                       "tags: [hugo, notes]\n---\nHello **markdown**.\n");
    write("site/content/posts/draft.md",
          "---\ntitle: Draft\ndate: 2015-06-08\ndraft: true\n---\nx\n");
    write("site/_posts/2014-01-01-jekyll-post.md", "---\ntitle: Jekyll\n---\nFrom Jekyll.\n");
    write("site/README.txt", "not a post");
    auto r = import("markdown", node.data_dir().parent_path() / "site");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "imported 2 posts"), r.out);
    const auto one = note("one");
    BOOST_TEST(str(one, "published") == "2015-06-07T08:09:10Z");
    BOOST_TEST(contains(str(one, "content"), "<strong>markdown</strong>"));
    BOOST_TEST(str(*one.find("source"), "mediaType") == "text/markdown");
    BOOST_TEST(one.find("tag")->if_array()->size() == 2u);
    BOOST_TEST(str(note("jekyll-post"), "published") == "2014-01-01T12:00:00Z");
    BOOST_TEST(node.get("/posts/draft", as_accept).status == 404u);
}

// Two posts asking for the same slug of the longest length: the second's number must not
// push its slug past the limit, where its permalink would answer 404.
BOOST_AUTO_TEST_CASE(a_longest_slug_taken_twice_keeps_both_permalinks)
{
    const std::string slug(200, 'a');
    const auto before = total_posts();
    write("long/content/posts/first.md",
          "---\ntitle: First\ndate: 2015-06-07T08:09:10Z\nslug: " + slug + "\n---\nOne.\n");
    write("long/content/posts/second.md",
          "---\ntitle: Second\ndate: 2015-06-08T08:09:10Z\nslug: " + slug + "\n---\nTwo.\n");
    auto r = import("markdown", node.data_dir().parent_path() / "long");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "imported 2 posts"), r.out);
    const auto first  = note(slug);
    const auto second = note(std::string(198, 'a') + "-2");
    BOOST_TEST(contains(str(first, "content"), "One.") != contains(str(second, "content"), "One."));
    BOOST_TEST(total_posts() == before + 2);
}

BOOST_AUTO_TEST_CASE(a_malformed_file_imports_nothing_and_says_where)
{
    const auto before = total_posts();
    auto text         = import("text", write("bad.txt", "May 31, 2010 | blog\nfine\n"
                                                                "Feb 31, 2010 | blog\nbroken\n"));
    BOOST_TEST(text.exit_code == 1);
    BOOST_TEST(contains(text.err, "line 3"), text.err);
    BOOST_TEST(contains(text.err, "nothing was imported"), text.err);

    std::string broken = wxr_file;
    broken.replace(broken.find("</title>"), 8, "</titl>");
    auto wxr = import("wxr", write("bad.xml", broken));
    BOOST_TEST(wxr.exit_code == 1);
    BOOST_TEST(contains(wxr.err, "line 4"), wxr.err);

    write("badsite/a.md", "---\ntitle: ok\ndate: 2015-01-01\n---\nfine\n");
    write("badsite/b.md", "---\ntitle: broken\ndate: yesterday\n---\n");
    auto md = import("markdown", node.data_dir().parent_path() / "badsite");
    BOOST_TEST(md.exit_code == 1);
    BOOST_TEST(contains(md.err, "b.md:3"), md.err);

    BOOST_TEST(import("text", "/nonexistent/file.txt").exit_code == 1);
    BOOST_TEST(import("csv", write("x.csv", "a,b")).exit_code == 2);
    BOOST_TEST(total_posts() == before);
}

BOOST_AUTO_TEST_SUITE_END()
