// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the import readers (plain-text archive, Markdown front matter, WordPress WXR):
// what they read, and the line they name for malformed and hostile files.

// Test that header files are self-contained.
#include "node/importing/import_posts.hpp"
#include "node/importing/markdown_files.hpp"
#include "node/importing/text_archive.hpp"
#include "node/importing/utf8.hpp"
#include "node/importing/wxr.hpp"
#include "protocol/http_date.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::node;
using fedblog::protocol::format_rfc3339;

namespace {

std::vector<import_item> ok(const import_parse& p)
{
    if (const auto* e = std::get_if<import_error>(&p))
        BOOST_FAIL("unexpected error at " << e->where << ": " << e->what);
    return std::get<std::vector<import_item>>(p);
}

import_error failed(const import_parse& p)
{
    const auto* e = std::get_if<import_error>(&p);
    BOOST_REQUIRE_MESSAGE(e != nullptr, "expected an error");
    return *e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(import_text)

BOOST_AUTO_TEST_CASE(reads_posts_between_date_lines)
{
    const auto items = ok(read_text_archive("May 31, 2010 | blog\n"
                                            "First paragraph.\n"
                                            "Second paragraph.\n"
                                            "\n"
                                            "June 1, 2010 | travel notes\r\n"
                                            "  Another day.  \r\n"
                                            "May 31, 2010 | blog\n"
                                            "Same day again.\n"));
    BOOST_TEST_REQUIRE(items.size() == 3u);
    BOOST_TEST(items[0].key == "text:2010-05-31#1");
    BOOST_TEST(items[0].body == "First paragraph.\n\nSecond paragraph.");
    BOOST_TEST(items[0].body_type == "text/plain");
    BOOST_TEST(items[0].title.empty());
    BOOST_TEST(format_rfc3339(items[0].published) == "2010-05-31T12:00:00Z");
    BOOST_TEST_REQUIRE(items[0].tags.size() == 1u);
    BOOST_TEST(items[0].tags[0] == "blog");
    BOOST_TEST(items[1].key == "text:2010-06-01#1");
    BOOST_TEST(items[1].body == "Another day.");
    BOOST_TEST(items[1].tags[0] == "travel notes");
    BOOST_TEST(items[2].key == "text:2010-05-31#2");
}

BOOST_AUTO_TEST_CASE(names_the_line_at_fault)
{
    auto e = failed(read_text_archive("Some preamble\nMay 31, 2010 | blog\ntext\n"));
    BOOST_TEST(e.where == "line 1");
    e = failed(read_text_archive("May 31, 2010 | blog\ntext\nFeb 30, 2011 | blog\nmore\n"));
    BOOST_TEST(e.where == "line 3");
    BOOST_TEST(e.what.find("no such date") != std::string::npos);
    e = failed(read_text_archive("May 31, 2010 | blog\n\nJune 1, 2010 | blog\ntext\n"));
    BOOST_TEST(e.where == "line 1");
    BOOST_TEST(e.what == "the post has no text");
    e = failed(read_text_archive("May 31, 2010 | blog\nok\nbad \xC3\x28 byte\n"));
    BOOST_TEST(e.where == "line 3");
    BOOST_TEST(failed(read_text_archive("")).where == "line 1");
    // Text that merely contains a bar is text.
    const auto items = ok(read_text_archive("May 31, 2010 | blog\nA | B, 2010 | C\n"));
    BOOST_TEST(items.size() == 1u);
    BOOST_TEST(items[0].body == "A | B, 2010 | C");
}

BOOST_AUTO_TEST_CASE(utf8_check_is_strict)
{
    BOOST_TEST(!first_invalid_utf8_line("plain \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
    BOOST_TEST(*first_invalid_utf8_line("a\nb\n\xC0\xAF") == 3u);   // overlong '/'
    BOOST_TEST(*first_invalid_utf8_line("\xED\xA0\x80") == 1u);     // a surrogate
    BOOST_TEST(*first_invalid_utf8_line("\xF4\x90\x80\x80") == 1u); // above U+10FFFF
    BOOST_TEST(*first_invalid_utf8_line("ok\n\xE2\x82") == 2u);     // truncated
    BOOST_TEST(*first_invalid_utf8_line(std::string("\xFF", 1)) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_markdown)

BOOST_AUTO_TEST_CASE(reads_hugo_front_matter)
{
    const auto items = ok(read_markdown_post("---\n"
                                             "title: \"Hello: \\\"World\\\"\"\n"
                                             "date: 2021-03-04T05:06:07+02:00\n"
                                             "tags: [one, \"two words\", 'three']\n"
                                             "categories:\n"
                                             "  - Cat\n"
                                             "slug: custom-slug\n"
                                             "draft: false\n"
                                             "params:\n"
                                             "  nested: ignored\n"
                                             "---\n"
                                             "Body *here*.\n",
                                             "posts/hello.md"));
    BOOST_TEST_REQUIRE(items.size() == 1u);
    BOOST_TEST(items[0].key == "md:posts/hello.md");
    BOOST_TEST(items[0].title == "Hello: \"World\"");
    BOOST_TEST(format_rfc3339(items[0].published) == "2021-03-04T03:06:07Z");
    BOOST_TEST(items[0].slug == "custom-slug");
    BOOST_TEST(items[0].body == "Body *here*.\n");
    BOOST_TEST(items[0].body_type == "text/markdown");
    BOOST_TEST_REQUIRE(items[0].tags.size() == 4u);
    BOOST_TEST(items[0].tags[1] == "two words");
    BOOST_TEST(items[0].tags[3] == "Cat");
}

BOOST_AUTO_TEST_CASE(reads_jekyll_names_and_skips_drafts)
{
    auto items = ok(read_markdown_post("---\ntitle: J\ntags: a b\n---\nx\n",
                                       "_posts/2012-12-21-end-of-days.md"));
    BOOST_TEST_REQUIRE(items.size() == 1u);
    BOOST_TEST(format_rfc3339(items[0].published) == "2012-12-21T12:00:00Z");
    BOOST_TEST(items[0].slug == "end-of-days");
    BOOST_TEST(items[0].tags.size() == 2u);
    BOOST_TEST(
        ok(read_markdown_post("---\ndate: 2020-01-01\ndraft: true\n---\nx", "d.md")).empty());
    // No front matter at all: the whole file is the post.
    items = ok(read_markdown_post("# Just text\n", "2020-02-02-plain.md"));
    BOOST_TEST_REQUIRE(items.size() == 1u);
    BOOST_TEST(items[0].body == "# Just text\n");
    const auto dated = ok(read_markdown_post("---\ndate: 2020-01-01 10:30\n---\nx", "t.md"));
    BOOST_TEST(format_rfc3339(dated[0].published) == "2020-01-01T10:30:00Z");
}

BOOST_AUTO_TEST_CASE(names_the_line_at_fault)
{
    auto e = failed(read_markdown_post("---\ntitle: x\ndate: 2020-01-01\n", "a.md"));
    BOOST_TEST(e.where == "a.md:1");
    BOOST_TEST(e.what.find("closing") != std::string::npos);
    e = failed(read_markdown_post("---\ntitle: x\ndate: 2020-13-01\n---\n", "b.md"));
    BOOST_TEST(e.where == "b.md:3");
    e = failed(read_markdown_post("---\ntitle: x\nthis is not yaml\n---\n", "c.md"));
    BOOST_TEST(e.where == "c.md:3");
    e = failed(read_markdown_post("---\ntitle: \"open\ndate: 2020-01-01\n---\n", "d.md"));
    BOOST_TEST(e.where == "d.md:2");
    e = failed(read_markdown_post("---\ntitle: no date\n---\nx", "e.md"));
    BOOST_TEST(e.what.find("no date") != std::string::npos);
    e = failed(read_markdown_post("---\ndate: 2020-01-01T25:00:00\n---\n", "f.md"));
    BOOST_TEST(e.where == "f.md:2");
    e = failed(read_markdown_post("---\ndate: 2020-01-01\n---\n\xFF", "g.md"));
    BOOST_TEST(e.where == "g.md:4");
    // Odd but harmless: lists of nothing, a list marker with no list, a lone "-".
    BOOST_TEST(ok(read_markdown_post("---\ndate: 2020-01-01\ntags: []\n---\n", "h.md")).size() ==
               1u);
    BOOST_TEST(failed(read_markdown_post("---\ndate: 2020-01-01\n- x\n---\n", "i.md")).where ==
               "i.md:3");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_wxr)

namespace {

std::string item(const std::string& inner)
{
    return "<item>" + inner + "</item>\n";
}

std::string wxr(const std::string& items)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
           "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Old</title>\n" +
           items + "</channel>\n</rss>\n";
}

const std::string published_post =
    item("<title>Hello &amp; welcome</title><guid isPermaLink=\"false\">https://old.example/?p=1"
         "</guid><content:encoded><![CDATA[First para with <em>html</em>.\n\nSecond\nline."
         "<script>alert(1)</script>]]></content:encoded><wp:post_id>1</wp:post_id>"
         "<wp:post_date>2010-05-31 16:00:00</wp:post_date>"
         "<wp:post_date_gmt>2010-05-31 14:00:00</wp:post_date_gmt>"
         "<wp:post_name>hello-welcome</wp:post_name><wp:status>publish</wp:status>"
         "<wp:post_type>post</wp:post_type>"
         "<category domain=\"category\" nicename=\"travel\"><![CDATA[Travel Notes]]></category>"
         "<category domain=\"post_tag\" nicename=\"c\"><![CDATA[cpp]]></category>"
         "<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Ann</wp:comment_author>"
         "<wp:comment_date_gmt>2010-06-01 10:00:00</wp:comment_date_gmt>"
         "<wp:comment_content><![CDATA[Nice!]]></wp:comment_content>"
         "<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>"
         "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
         "<wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_author>Bob</wp:comment_author>"
         "<wp:comment_date_gmt>2010-06-01 11:00:00</wp:comment_date_gmt>"
         "<wp:comment_content>Thanks, Ann</wp:comment_content>"
         "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
         "<wp:comment_parent>5</wp:comment_parent></wp:comment>"
         "<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_content>buy pills"
         "</wp:comment_content><wp:comment_approved>spam</wp:comment_approved></wp:comment>"
         "<wp:comment><wp:comment_id>8</wp:comment_id><wp:comment_type>pingback"
         "</wp:comment_type><wp:comment_approved>1</wp:comment_approved></wp:comment>");

} // namespace

BOOST_AUTO_TEST_CASE(reads_published_posts)
{
    wxr_summary summary;
    const auto items =
        ok(read_wxr(wxr(published_post +
                        item("<title>A page</title><guid>p2</guid><wp:post_type>page</wp:post_type>"
                             "<wp:status>publish</wp:status>") +
                        item("<title>Draft</title><guid>p3</guid><wp:post_type>post</wp:post_type>"
                             "<wp:status>draft</wp:status>")),
                    summary));
    BOOST_TEST_REQUIRE(items.size() == 1u);
    BOOST_TEST(summary.skipped == 2u);
    BOOST_TEST(summary.comments == 2u);
    BOOST_TEST(summary.left_out == 2u);
    BOOST_TEST_REQUIRE(items[0].comments.size() == 2u);
    BOOST_TEST(items[0].comments[0].id == "5");
    BOOST_TEST(items[0].comments[0].author == "Ann");
    BOOST_TEST(items[0].comments[0].parent.empty());
    BOOST_TEST(items[0].comments[0].html == "<p>Nice!</p>\n");
    BOOST_TEST(format_rfc3339(items[0].comments[0].published) == "2010-06-01T10:00:00Z");
    BOOST_TEST(items[0].comments[1].parent == "5");
    BOOST_TEST(items[0].key == "wxr:https://old.example/?p=1");
    BOOST_TEST(items[0].title == "Hello & welcome");
    BOOST_TEST(items[0].slug == "hello-welcome");
    BOOST_TEST(format_rfc3339(items[0].published) == "2010-05-31T14:00:00Z");
    BOOST_TEST(items[0].body_type == "text/html");
    BOOST_TEST(items[0].body.find("<p>First para with <em>html</em>.</p>") != std::string::npos);
    BOOST_TEST(items[0].body.find("<p>Second<br>\nline.") != std::string::npos);
    BOOST_TEST_REQUIRE(items[0].tags.size() == 2u);
    BOOST_TEST(items[0].tags[0] == "Travel Notes");
}

BOOST_AUTO_TEST_CASE(names_the_line_or_item_at_fault)
{
    wxr_summary summary;
    auto e = failed(read_wxr("<rss>\n<channel>\n<item><title>x</item>\n</channel></rss>", summary));
    BOOST_TEST(e.where == "line 3");
    e = failed(
        read_wxr(wxr("\n" + item("<guid>g</guid><wp:post_type>post</wp:post_type>"
                                 "<wp:status>publish</wp:status>"
                                 "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>")),
                 summary));
    BOOST_TEST(e.where == "item 1 (line 6)");
    BOOST_TEST(e.what.find("date") != std::string::npos);
    e = failed(read_wxr(wxr(item("<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
                                 "<wp:post_date_gmt>2010-01-01 00:00:00</wp:post_date_gmt>")),
                        summary));
    BOOST_TEST(e.what.find("guid") != std::string::npos);
    BOOST_TEST(failed(read_wxr("", summary)).where == "line 1");
    BOOST_TEST(failed(read_wxr("not xml at all", summary)).where == "line 1");
    BOOST_TEST(failed(read_wxr("<rss>\xFF</rss>", summary)).where == "line 1");
}

BOOST_AUTO_TEST_CASE(refuses_entity_expansion)
{
    wxr_summary summary;
    const std::string lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                            "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
                            "<rss><channel><item><title>&lol2;</title></item></channel></rss>";
    const auto e          = failed(read_wxr(lol, summary));
    BOOST_TEST(e.what.find("DOCTYPE") != std::string::npos);
    BOOST_TEST(e.where == "line 2");
}

BOOST_AUTO_TEST_CASE(wordpress_paragraphs_keep_blocks)
{
    BOOST_TEST(wordpress_paragraphs("a\n\nb") == "<p>a</p>\n<p>b</p>\n");
    BOOST_TEST(wordpress_paragraphs("<p>kept</p>\n\n<ul><li>x</li></ul>") ==
               "<p>kept</p>\n<ul><li>x</li></ul>\n");
    BOOST_TEST(wordpress_paragraphs("").empty());
    BOOST_TEST(wordpress_paragraphs("\r\n\r\n\r\n") == "");
}

BOOST_AUTO_TEST_CASE(comments_become_legacy_comments_under_their_post)
{
    import_item item;
    item.comments = {{"5", "", "Ann <script>", "<p>Hi <img src=x onerror=y></p>", {}},
                     {"6", "5", "", "<p>Reply</p>", {}}};
    fedblog::storage::post post;
    post.slug = "old-post";
    const fedblog::protocol::site_urls urls{"https", "blog.example", "author"};
    const auto comments = build_import_comments({item}, {post}, urls, {});
    BOOST_TEST_REQUIRE(comments.size() == 2u);
    BOOST_TEST(comments[0].object_id == "https://blog.example/posts/old-post#comment-5");
    BOOST_TEST(comments[0].in_reply_to == "https://blog.example/posts/old-post");
    BOOST_TEST(comments[0].post_slug == "old-post");
    BOOST_TEST(comments[0].actor_id.empty());
    BOOST_TEST(comments[0].author_name == "Ann <script>"); // plain text, escaped when shown
    BOOST_TEST(comments[0].local);
    BOOST_TEST(comments[0].content_html.find("onerror") == std::string::npos);
    BOOST_TEST(comments[0].content_html.find("<img") == std::string::npos);
    BOOST_TEST(comments[1].in_reply_to == "https://blog.example/posts/old-post#comment-5");
    BOOST_TEST(comments[1].author_name == "Anonymous");
}

BOOST_AUTO_TEST_CASE(tags_become_hashtags)
{
    BOOST_TEST(tag_to_hashtag("Travel Notes") == "TravelNotes");
    BOOST_TEST(tag_to_hashtag("c++") == "c");
    BOOST_TEST(tag_to_hashtag("self-hosting") == "selfHosting");
    BOOST_TEST(tag_to_hashtag("2010") == "");
    BOOST_TEST(tag_to_hashtag("Uncategorized") == "");
    BOOST_TEST(tag_to_hashtag("\"><script>") == "script");
    BOOST_TEST(tag_to_hashtag("caf\xC3\xA9") == "caf\xC3\xA9");
}

BOOST_AUTO_TEST_SUITE_END()
