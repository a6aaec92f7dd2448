// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the Note/Article of a post and its Create.

// Test that header file is self-contained.
#include "protocol/note.hpp"

#include "protocol/json.hpp"
#include "protocol/vocab.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <string_view>

using namespace fedblog::protocol;
using namespace std::chrono;

namespace {

site_urls const urls{"https", "blog.example", "author"};

// 2024-03-01T12:00:00Z and a day later.
sys_seconds const published = sys_days{2024y / March / 1} + 12h;
sys_seconds const edited    = published + days{1};

post_fields sample_post()
{
    post_fields p;
    p.slug              = "hello-world";
    p.title             = "Hello, World";
    p.content_html      = "<p>First post.</p>";
    p.source            = "First post.";
    p.source_media_type = "text/markdown";
    p.published         = published;
    p.replies           = 3;
    p.likes             = 5;
    p.shares            = 7;
    return p;
}

std::string str(const json::value& doc, std::string_view key)
{
    return std::string(doc.get_string(key).value_or("<absent>"));
}

std::string text(const json::value* v)
{
    return v == nullptr ? "<absent>" : json::serialize(*v);
}

} // namespace

BOOST_AUTO_TEST_SUITE(note)

BOOST_AUTO_TEST_CASE(note_has_the_fields_design_md_lists)
{
    json::value const n = build_note(urls, sample_post());
    BOOST_TEST(str(n, "id") == "https://blog.example/posts/hello-world");
    BOOST_TEST(str(n, "type") == "Note");
    BOOST_TEST(str(n, "url") == "https://blog.example/posts/hello-world");
    BOOST_TEST(str(n, "attributedTo") == "https://blog.example/users/author");
    BOOST_TEST(str(n, "published") == "2024-03-01T12:00:00Z");
    BOOST_TEST(text(n.find("to")) == R"(["https://www.w3.org/ns/activitystreams#Public"])");
    BOOST_TEST(text(n.find("cc")) == R"(["https://blog.example/users/author/followers"])");
    BOOST_TEST(text(n.find("inReplyTo")) == "null");
    BOOST_TEST(text(n.find("sensitive")) == "false");
    BOOST_TEST(text(n.find("tag")) == "[]");
    BOOST_TEST(text(n.find("attachment")) == "[]");
    BOOST_TEST(text(n.find("source")) ==
               R"({"content":"First post.","mediaType":"text/markdown"})");
    BOOST_TEST(
        text(n.find("replies")) ==
        R"({"id":"https://blog.example/posts/hello-world/replies","type":"Collection",)"
        R"("totalItems":3,"first":"https://blog.example/posts/hello-world/replies?page=1"})");
    BOOST_TEST(text(n.find("likes")) ==
               R"({"id":"https://blog.example/posts/hello-world/likes","type":"Collection",)"
               R"("totalItems":5})");
    BOOST_TEST(text(n.find("shares")) ==
               R"({"id":"https://blog.example/posts/hello-world/shares","type":"Collection",)"
               R"("totalItems":7})");
    // Not edited: no "updated".
    BOOST_TEST(n.find("updated") == nullptr);
    // No language: no contentMap.
    BOOST_TEST(n.find("contentMap") == nullptr);
    // A Note has no name (Mastodon would not show it).
    BOOST_TEST(n.find("name") == nullptr);
}

BOOST_AUTO_TEST_CASE(never_has_a_summary)
{
    // Mastodon shows a Note's summary as a content warning; not even extra properties may
    // add one. (An Article's summary is its excerpt: FEP-b2b8, see below.)
    post_fields p = sample_post();
    p.extra       = json::make_object({{"summary", "An excerpt"}, {"tag", json::array{}}});
    BOOST_TEST(build_note(urls, p).find("summary") == nullptr);
    BOOST_TEST(build_note(urls, p, false).find("summary") == nullptr);
    BOOST_TEST(build_create(urls, p).find("object")->find("summary") == nullptr);
    p.type = "Article";
    BOOST_TEST(str(build_note(urls, p), "summary") == "First post.");
}

BOOST_AUTO_TEST_CASE(article_is_long_form_text_with_a_preview_note)
{
    // FEP-b2b8: name, summary (plain text, first words) and a preview Note.
    post_fields p = sample_post();
    p.type        = "Article";
    p.content_html =
        "<p>" + std::string(200, 'a') + " <b>bold</b> " + std::string(300, 'b') + "</p>";
    json::value const a = build_note(urls, p);
    BOOST_TEST(str(a, "summary") == std::string(200, 'a') + " bold\u2026");
    const json::value* preview = a.find("preview");
    BOOST_TEST_REQUIRE(preview != nullptr);
    BOOST_TEST(str(*preview, "type") == "Note");
    BOOST_TEST(str(*preview, "attributedTo") == "https://blog.example/users/author");
    BOOST_TEST(str(*preview, "content") ==
               "<p><strong><a href=\"https://blog.example/posts/hello-world\">Hello, World</a>"
               "</strong></p><p>" +
                   std::string(200, 'a') +
                   " bold\u2026</p><p><a href=\"https://blog.example/posts/hello-world\">"
                   "https://blog.example/posts/hello-world</a></p>");
    // A Note has neither.
    p.type = "Note";
    BOOST_TEST(build_note(urls, p).find("preview") == nullptr);
}

BOOST_AUTO_TEST_CASE(mentioned_actors_are_cc_after_the_followers)
{
    post_fields p = sample_post();
    p.extra       = json::make_object(
              {{"cc", json::array{json::value("https://social.example/users/bob"), json::value(5)}}});
    const json::value note = build_note(urls, p);
    const json::value* cc  = note.find("cc");
    BOOST_TEST_REQUIRE(cc != nullptr);
    BOOST_TEST_REQUIRE(cc->if_array()->size() == 2u);
    BOOST_TEST(*cc->if_array()->at(0).if_string() == "https://blog.example/users/author/followers");
    BOOST_TEST(*cc->if_array()->at(1).if_string() == "https://social.example/users/bob");
}

BOOST_AUTO_TEST_CASE(note_content_starts_with_the_linked_title)
{
    json::value const n = build_note(urls, sample_post());
    BOOST_TEST(str(n, "content") ==
               "<p><strong><a href=\"https://blog.example/posts/hello-world\">Hello, World</a>"
               "</strong></p><p>First post.</p>");
}

BOOST_AUTO_TEST_CASE(the_title_is_escaped)
{
    post_fields p       = sample_post();
    p.title             = "<script>alert(\"x\")</script> & 'co'";
    json::value const n = build_note(urls, p);
    BOOST_TEST(str(n, "content") ==
               "<p><strong><a href=\"https://blog.example/posts/hello-world\">"
               "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</a>"
               "</strong></p><p>First post.</p>");
}

BOOST_AUTO_TEST_CASE(untitled_note_content_is_the_body_alone)
{
    post_fields p = sample_post();
    p.title.clear();
    BOOST_TEST(str(build_note(urls, p), "content") == "<p>First post.</p>");
}

BOOST_AUTO_TEST_CASE(article_gets_its_title_as_name_not_in_content)
{
    post_fields p       = sample_post();
    p.type              = "Article";
    json::value const a = build_note(urls, p);
    BOOST_TEST(str(a, "type") == "Article");
    BOOST_TEST(str(a, "name") == "Hello, World");
    BOOST_TEST(str(a, "content") == "<p>First post.</p>");
    // An untitled Article has no name.
    p.title.clear();
    BOOST_TEST(build_note(urls, p).find("name") == nullptr);
}

BOOST_AUTO_TEST_CASE(language_becomes_a_content_map_of_the_same_content)
{
    post_fields p          = sample_post();
    p.language             = "de";
    json::value const n    = build_note(urls, p);
    const json::value* map = n.find("contentMap");
    BOOST_TEST_REQUIRE(map != nullptr);
    BOOST_TEST_REQUIRE(map->if_object() != nullptr);
    BOOST_TEST(map->if_object()->size() == 1u);
    BOOST_TEST(str(*map, "de") == str(n, "content"));
}

BOOST_AUTO_TEST_CASE(an_edit_carries_updated)
{
    post_fields p       = sample_post();
    p.updated           = edited;
    json::value const n = build_note(urls, p);
    BOOST_TEST(str(n, "updated") == "2024-03-02T12:00:00Z");
    BOOST_TEST(str(n, "published") == "2024-03-01T12:00:00Z");
}

BOOST_AUTO_TEST_CASE(a_reply_carries_in_reply_to)
{
    post_fields p = sample_post();
    p.in_reply_to = "https://mastodon.example/users/Alice/statuses/1";
    BOOST_TEST(str(build_note(urls, p), "inReplyTo") ==
               "https://mastodon.example/users/Alice/statuses/1");
}

BOOST_AUTO_TEST_CASE(passes_extra_tags_and_attachments_through)
{
    post_fields p = sample_post();
    auto extra    = json::parse(R"({
        "tag": [
          {"type": "Hashtag", "href": "https://blog.example/tags/cpp", "name": "#cpp"},
          {"type": "Mention", "href": "https://mastodon.example/users/Alice",
           "name": "@Alice@mastodon.example"}
        ],
        "attachment": [
          {"type": "Image", "mediaType": "image/png",
           "url": "https://blog.example/media/abc.png", "name": "A diagram"}
        ],
        "ignored": true
    })");
    BOOST_TEST_REQUIRE(extra.has_value());
    p.extra             = *extra;
    json::value const n = build_note(urls, p);
    BOOST_TEST(text(n.find("tag")) == text(extra->find("tag")));
    BOOST_TEST(text(n.find("attachment")) == text(extra->find("attachment")));
    BOOST_TEST(n.find("ignored") == nullptr);
}

BOOST_AUTO_TEST_CASE(ignores_extra_members_of_the_wrong_shape)
{
    post_fields p = sample_post();
    p.extra = json::make_object({{"tag", "not an array"}, {"attachment", json::make_object({})}});
    json::value const n = build_note(urls, p);
    BOOST_TEST(text(n.find("tag")) == "[]");
    BOOST_TEST(text(n.find("attachment")) == "[]");
    p.extra = json::value(json::array{}); // not even an object
    BOOST_TEST(text(build_note(urls, p).find("tag")) == "[]");
}

BOOST_AUTO_TEST_CASE(without_source_there_is_no_source_member)
{
    post_fields p = sample_post();
    p.source.clear();
    BOOST_TEST(build_note(urls, p).find("source") == nullptr);
}

BOOST_AUTO_TEST_CASE(context_is_present_only_when_asked_for)
{
    BOOST_TEST(text(build_note(urls, sample_post()).find("@context")) ==
               json::serialize(object_context()));
    BOOST_TEST(build_note(urls, sample_post(), false).find("@context") == nullptr);
}

BOOST_AUTO_TEST_CASE(object_context_defines_the_terms_we_use)
{
    const std::string ctx = json::serialize(object_context());
    BOOST_TEST(ctx.starts_with(R"(["https://www.w3.org/ns/activitystreams",)"
                               R"({"Hashtag":"as:Hashtag","sensitive":"as:sensitive",)"
                               R"("toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji"},)"),
               ctx);
    // GoToSocial's interaction policy terms and FEP-044f's quote types.
    for (std::string_view term :
         {R"("interactionPolicy":{"@id":"gts:interactionPolicy")",
          R"("canReply":{"@id":"gts:canReply")", R"("manualApproval":{"@id":"gts:manualApproval")",
          R"("QuoteAuthorization":"https://w3id.org/fep/044f#QuoteAuthorization")"})
        BOOST_TEST(ctx.find(term) != std::string::npos, term);
}

BOOST_AUTO_TEST_CASE(create_wraps_the_note)
{
    post_fields p       = sample_post();
    p.updated           = edited;
    json::value const c = build_create(urls, p);
    BOOST_TEST(text(c.find("@context")) == json::serialize(object_context()));
    BOOST_TEST(str(c, "id") == "https://blog.example/posts/hello-world/activity");
    BOOST_TEST(str(c, "type") == "Create");
    BOOST_TEST(str(c, "actor") == "https://blog.example/users/author");
    BOOST_TEST(str(c, "published") == "2024-03-01T12:00:00Z");
    BOOST_TEST(text(c.find("to")) == R"(["https://www.w3.org/ns/activitystreams#Public"])");
    BOOST_TEST(text(c.find("cc")) == R"(["https://blog.example/users/author/followers"])");
    // The object is the Note without its own @context, otherwise identical.
    BOOST_TEST(text(c.find("object")) == json::serialize(build_note(urls, p, false)));
    // Mastodon requires the object on the actor's host (INTEROP.md E36).
    BOOST_TEST(str(*c.find("object"), "attributedTo") == str(c, "actor"));
}

BOOST_AUTO_TEST_CASE(round_trips_through_text)
{
    post_fields p = sample_post();
    p.language    = "en";
    p.extra       = json::make_object(
              {{"tag", json::array{json::make_object({{"type", "Hashtag"}, {"name", "#x"}})}}});
    json::value const n = build_note(urls, p);
    auto back           = json::parse(json::serialize(n));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == n));
}

BOOST_AUTO_TEST_SUITE_END()
