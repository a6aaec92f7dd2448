// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for reading C2S submissions into post requests, and for slug allocation.

// Test that header file is self-contained.
#include "node/publish.hpp"

#include "storage/open_store.hpp"
#include "tests/node/node_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

using fedblog::node::choose_slug;
using fedblog::node::http_error;
using fedblog::node::post_request;
using fedblog::node::read_post_request;
using fedblog::node::test::temp_dir;
namespace json    = fedblog::protocol::json;
namespace storage = fedblog::storage;

namespace {

json::value parse(std::string_view text)
{
    auto doc = json::parse(text);
    BOOST_TEST_REQUIRE(doc.has_value(), "test JSON does not parse: " << text);
    return std::move(*doc);
}

/// Reads `text` and requires success.
post_request accepted(std::string_view text)
{
    auto r = read_post_request(parse(text));
    if (const auto* e = std::get_if<http_error>(&r))
        BOOST_TEST_REQUIRE(false, "refused: " << e->public_text << "\n" << text);
    return std::get<post_request>(std::move(r));
}

/// Reads `text` and requires a 400 whose text contains `needle`.
void refused(std::string_view text, std::string_view needle)
{
    auto r = read_post_request(parse(text));
    BOOST_TEST_CONTEXT(text)
    {
        const auto* e = std::get_if<http_error>(&r);
        BOOST_TEST_REQUIRE(e != nullptr, "accepted");
        BOOST_TEST(static_cast<int>(e->status) == 400);
        BOOST_TEST(e->public_text.find(needle) != std::string::npos, "text: " << e->public_text);
    }
}

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

/// A fresh migrated SQLite store in `dir`.
std::unique_ptr<storage::store> open(const temp_dir& dir)
{
    std::string why;
    auto s = storage::open_store(dir.sqlite_url(), why);
    BOOST_TEST_REQUIRE(s.has_value(), why);
    return std::move(*s);
}

storage::time_point at(long long seconds)
{
    return storage::time_point(std::chrono::seconds(seconds));
}

void insert(storage::store& s, const std::string& slug)
{
    storage::post p;
    p.slug         = slug;
    p.content_html = "<p>x</p>";
    p.source       = "x";
    p.published    = at(1'700'000'000);
    BOOST_TEST_REQUIRE(s.insert_post(p, std::nullopt, {}).has_value(), "insert " << slug);
}

std::string slug_for(storage::store& s, const post_request& req, long long now = 1'700'000'000)
{
    auto slug = choose_slug(s, req, at(now));
    BOOST_TEST_REQUIRE(slug.has_value(), slug.error().message());
    return *slug;
}

post_request titled(std::string title, std::string text = "Some text.")
{
    post_request r;
    r.title      = std::move(title);
    r.plain_text = std::move(text);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_publish)

BOOST_AUTO_TEST_CASE(reads_create_of_note_with_content)
{
    const auto r = accepted(R"({"@context":"https://www.w3.org/ns/activitystreams",
        "type":"Create","id":"https://client.example/ignored",
        "object":{"type":"Note","content":"<p>Hello <em>world</em></p>",
                  "attributedTo":"https://evil.example/users/x"}})");
    BOOST_TEST(r.content_html == "<p>Hello <em>world</em></p>");
    BOOST_TEST(r.plain_text.find("Hello world") != std::string::npos, r.plain_text);
    BOOST_TEST(r.title.empty());
    BOOST_TEST(r.source.empty());
}

BOOST_AUTO_TEST_CASE(reads_bare_note_with_markdown_source)
{
    const auto r = accepted(R"({"type":"Note",
        "source":{"content":"Some **bold** text","mediaType":"text/markdown"}})");
    BOOST_TEST(contains(r.content_html, "<strong>bold</strong>"), r.content_html);
    BOOST_TEST(r.source == "Some **bold** text");
    BOOST_TEST(r.source_media_type == "text/markdown");
    BOOST_TEST(r.plain_text == "Some bold text");
}

BOOST_AUTO_TEST_CASE(markdown_is_the_default_source_type)
{
    const auto r = accepted(R"({"type":"Note","source":{"content":"# Heading\n\n*em*"}})");
    BOOST_TEST(r.source_media_type == "text/markdown");
    BOOST_TEST(contains(r.content_html, "<em>em</em>"), r.content_html);
    BOOST_TEST(contains(r.content_html, "<h1>"), r.content_html);
}

BOOST_AUTO_TEST_CASE(x_markdown_is_stored_as_markdown)
{
    const auto r =
        accepted(R"({"type":"Note","source":{"content":"_hi_","mediaType":"text/x-markdown"}})");
    BOOST_TEST(r.source_media_type == "text/markdown");
    BOOST_TEST(contains(r.content_html, "<em>hi</em>"), r.content_html);
}

BOOST_AUTO_TEST_CASE(markdown_raw_html_does_not_pass)
{
    const auto r = accepted(
        R"j({"type":"Note","source":{"content":"hi <script>alert(1)</script> [x](javascript:alert(2))"}})j");
    BOOST_TEST(!contains(r.content_html, "<script"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "javascript:"), r.content_html);
}

BOOST_AUTO_TEST_CASE(reads_plain_text_source_as_escaped_paragraphs)
{
    const auto r = accepted(R"({"type":"Note",
        "source":{"content":"a <b> & c\nnext line\n\nsecond","mediaType":"text/plain"}})");
    BOOST_TEST(r.source_media_type == "text/plain");
    BOOST_TEST(contains(r.content_html, "a &lt;b&gt; &amp; c"), r.content_html);
    BOOST_TEST(contains(r.content_html, "<br"), r.content_html);
    BOOST_TEST(contains(r.content_html, "<p>second</p>"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "<b>"));
    BOOST_TEST(r.plain_text == "a <b> & c\nnext line\n\nsecond");
}

BOOST_AUTO_TEST_CASE(sanitizes_html_source)
{
    const auto r = accepted(R"({"type":"Note","source":{"mediaType":"text/html",
        "content":"<p onclick=\"x()\">hi</p><script>alert(1)</script><a href=\"javascript:y()\">l</a>"}})");
    BOOST_TEST(r.source_media_type == "text/html");
    BOOST_TEST(contains(r.content_html, "hi</p>"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "<script"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "alert(1)"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "onclick"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "javascript:"), r.content_html);
    // The source is kept as the author wrote it (it is only ever shown back to them).
    BOOST_TEST(contains(r.source, "<script>"));
}

BOOST_AUTO_TEST_CASE(sanitizes_content_only_html)
{
    const auto r = accepted(R"({"type":"Note",
        "content":"<p style=\"x\">ok</p><script>alert(1)</script><iframe src=\"https://x\"></iframe>"})");
    BOOST_TEST(contains(r.content_html, "<p>ok</p>"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "<script"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "alert"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "iframe"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "style"), r.content_html);
    BOOST_TEST(r.plain_text.find("ok") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(source_wins_over_content)
{
    const auto r = accepted(R"({"type":"Note","content":"<p>from content</p>",
        "source":{"content":"from source","mediaType":"text/plain"}})");
    BOOST_TEST(contains(r.content_html, "from source"), r.content_html);
    BOOST_TEST(!contains(r.content_html, "from content"), r.content_html);
}

BOOST_AUTO_TEST_CASE(reads_article_and_create_of_article_with_title)
{
    auto r = accepted(R"({"type":"Article","name":"My Title","content":"<p>Body</p>"})");
    BOOST_TEST(r.title == "My Title");
    r = accepted(R"({"type":"Create","object":{"type":"Article","name":"T2",
        "source":{"content":"Body"}}})");
    BOOST_TEST(r.title == "T2");
    BOOST_TEST(contains(r.content_html, "Body"));
}

BOOST_AUTO_TEST_CASE(trims_title_and_caps_it_at_300_bytes)
{
    auto r = accepted(R"({"type":"Note","name":"  \t Spaced out \r\n ","content":"<p>x</p>"})");
    BOOST_TEST(r.title == "Spaced out");

    // A null name is no name.
    r = accepted(R"({"type":"Note","name":null,"content":"<p>x</p>"})");
    BOOST_TEST(r.title.empty());

    const std::string max(300, 't');
    r = accepted(R"({"type":"Note","name":")" + max + R"(","content":"<p>x</p>"})");
    BOOST_TEST(r.title == max);
    // The cap applies after trimming.
    r = accepted(R"({"type":"Note","name":"   )" + max + R"(   ","content":"<p>x</p>"})");
    BOOST_TEST(r.title == max);
    refused(R"({"type":"Note","name":")" + max + R"(t","content":"<p>x</p>"})", "300");
}

BOOST_AUTO_TEST_CASE(image_only_post_is_accepted)
{
    const auto r = accepted(
        R"({"type":"Note","content":"<img src=\"https://blog.example/media/a.png\" alt=\"a cat\">"})");
    BOOST_TEST(contains(r.content_html, "<img"), r.content_html);
}

BOOST_AUTO_TEST_CASE(title_only_post_is_accepted)
{
    const auto r = accepted(R"({"type":"Article","name":"Just a title","content":""})");
    BOOST_TEST(r.title == "Just a title");
}

BOOST_AUTO_TEST_CASE(refuses_what_it_cannot_publish)
{
    // Not a post at all.
    refused(R"({"type":"Like","object":"https://x.example/1"})", "unsupported activity type");
    // No type.
    refused(R"({"content":"<p>x</p>"})", "type");
    // Create whose object is a reference: we never fetch on the author's behalf.
    refused(R"({"type":"Create","object":"https://x.example/notes/1"})", "embedded");
    // Create without object.
    refused(R"({"type":"Create"})", "embedded");
    // Create of something that is not a post.
    refused(R"({"type":"Create","object":{"type":"Question","content":"?"}})", "Note");
    // Neither source nor content.
    refused(R"({"type":"Note"})", "source or content");
    // Content that is not a string.
    refused(R"({"type":"Note","content":42})", "source or content");
    // Empty and whitespace-only content.
    refused(R"({"type":"Note","content":""})", "empty");
    refused(R"({"type":"Note","content":"<p>  </p>\n<p>\t</p>"})", "empty");
    refused(R"({"type":"Note","source":{"content":"   \n\n  "}})", "empty");
    // Markup that sanitizes to nothing.
    refused(R"({"type":"Note","content":"<script>alert(1)</script>"})", "empty");
    // An unknown source media type.
    refused(R"({"type":"Note","source":{"content":"x","mediaType":"text/x-rst"}})", "mediaType");
    // source.content missing or not a string.
    refused(R"({"type":"Note","source":{"mediaType":"text/plain"}})", "source.content");
    refused(R"({"type":"Note","source":{"content":["x"]}})", "source.content");
    // A title that is not a string.
    refused(R"({"type":"Note","name":42,"content":"<p>x</p>"})", "name");
    refused(R"({"type":"Note","name":{"en":"x"},"content":"<p>x</p>"})", "name");
}

BOOST_AUTO_TEST_CASE(refusal_never_echoes_the_client_type)
{
    const std::string type(100, 'X');
    auto r        = read_post_request(parse(R"({"type":")" + type + R"("})"));
    const auto* e = std::get_if<http_error>(&r);
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(!contains(e->public_text, "XXXX"));
}

BOOST_AUTO_TEST_CASE(slug_comes_from_title_then_text)
{
    temp_dir dir;
    auto s = open(dir);
    BOOST_TEST(slug_for(*s, titled("Hello, World!")) == "hello-world");
    BOOST_TEST(slug_for(*s, titled("", "First words of the post")) == "first-words-of-the-post");
    // Accents fold to ASCII.
    BOOST_TEST(slug_for(*s, titled("Café déjà vu")) == "cafe-deja-vu");
    // At most 50 characters, cut at a word boundary.
    const std::string slug =
        slug_for(*s, titled(std::string(30, 'a') + " " + std::string(30, 'b')));
    BOOST_TEST(slug.size() <= 50u);
    BOOST_TEST(slug == std::string(30, 'a'));
}

BOOST_AUTO_TEST_CASE(slug_collisions_get_numbered)
{
    temp_dir dir;
    auto s         = open(dir);
    const auto req = titled("Hello World");
    BOOST_TEST(slug_for(*s, req) == "hello-world");
    insert(*s, "hello-world");
    BOOST_TEST(slug_for(*s, req) == "hello-world-2");
    insert(*s, "hello-world-2");
    BOOST_TEST(slug_for(*s, req) == "hello-world-3");
    insert(*s, "hello-world-3");
    BOOST_TEST(slug_for(*s, req) == "hello-world-4");
}

BOOST_AUTO_TEST_CASE(slug_of_a_deleted_post_is_not_reused)
{
    // Peers keep a Tombstone for the old id (INTEROP.md E36): a new post must not take it.
    temp_dir dir;
    auto s = open(dir);
    insert(*s, "gone");
    BOOST_TEST_REQUIRE(s->delete_post("gone", at(1'700'000'100), std::nullopt, {}).has_value());
    BOOST_TEST(slug_for(*s, titled("Gone")) == "gone-2");
}

BOOST_AUTO_TEST_CASE(untitled_non_latin_text_gets_a_dated_slug)
{
    temp_dir dir;
    auto s = open(dir);
    // 2023-11-14T22:13:20Z
    const auto req   = titled("", "\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xE7\x95\x8C");
    const auto first = slug_for(*s, req);
    BOOST_TEST_REQUIRE(first.size() == std::string("2023-11-14-").size() + 6, first);
    BOOST_TEST(first.starts_with("2023-11-14-"), first);
    BOOST_TEST(first.substr(11).find_first_not_of("0123456789abcdef") == std::string::npos, first);

    // A non-Latin title with no text at all falls back the same way.
    const auto other = slug_for(*s, titled("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", ""));
    BOOST_TEST(other.starts_with("2023-11-14-"), other);
    // And an image-only post.
    BOOST_TEST(slug_for(*s, titled("", "")).starts_with("2023-11-14-"));
}

BOOST_AUTO_TEST_SUITE_END()
