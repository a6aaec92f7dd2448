// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for reading remote notes (replies that become comments) and custom emoji.

// Test that header file is self-contained.
#include "protocol/remote_note.hpp"

#include "protocol/json.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace fedblog::protocol;

namespace {

constexpr std::string_view followers  = "https://one.example/users/alice/followers";
constexpr std::string_view public_iri = "https://www.w3.org/ns/activitystreams#Public";

json::value doc(std::string_view text)
{
    auto parsed = json::parse_object(text);
    BOOST_TEST_REQUIRE(parsed.has_value(), text);
    return std::move(*parsed);
}

/// A reply as Mastodon sends it, with `extra` members spliced in (they replace nothing:
/// tests that change a member write the whole note).
std::string
mastodon_reply(std::string_view to = R"(["https://www.w3.org/ns/activitystreams#Public"])",
               std::string_view cc = R"(["https://one.example/users/alice/followers"])")
{
    return std::string(R"({"id":"https://one.example/users/alice/statuses/1","type":"Note",)") +
           R"("attributedTo":"https://one.example/users/alice",)" +
           R"("inReplyTo":"https://blog.example/posts/hello",)" +
           R"("url":"https://one.example/@alice/1",)" + R"("to":)" + std::string(to) + R"(,"cc":)" +
           std::string(cc) +
           R"(,"content":"<p>Nice :blobcat:</p>","summary":"cw","sensitive":true,)" +
           R"("published":"2024-03-01T12:00:00.250Z","updated":"2024-03-01T12:00:00.750Z",)" +
           R"("contentMap":{"en":"<p>Nice :blobcat:</p>"},)" +
           R"("tag":[{"type":"Emoji","name":":blobcat:","icon":{"type":"Image","url":"https://one.example/e/blobcat.png"}}]})";
}

} // namespace

BOOST_AUTO_TEST_SUITE(remote_note_reading)

BOOST_AUTO_TEST_CASE(reads_a_mastodon_reply)
{
    auto n = read_remote_note(doc(mastodon_reply()), followers, false);
    BOOST_TEST_REQUIRE(n.has_value(), (n ? "" : n.error().message()));
    BOOST_TEST(n->id == "https://one.example/users/alice/statuses/1");
    BOOST_TEST(n->type == "Note");
    BOOST_TEST(n->attributed_to == "https://one.example/users/alice");
    BOOST_TEST(n->in_reply_to == "https://blog.example/posts/hello");
    BOOST_TEST(n->url == "https://one.example/@alice/1");
    BOOST_TEST(n->content_html == "<p>Nice :blobcat:</p>");
    BOOST_TEST(n->summary == "cw");
    BOOST_TEST(n->language == "en");
    BOOST_TEST(n->sensitive);
    BOOST_TEST((n->visibility == note_visibility::public_));
    BOOST_TEST_REQUIRE(n->emoji.size() == 1u);
    BOOST_TEST(n->emoji[0].name == ":blobcat:");
    BOOST_TEST(n->emoji[0].url == "https://one.example/e/blobcat.png");
    // Milliseconds are kept: an edit in the same second is still newer.
    BOOST_TEST_REQUIRE(n->published.has_value());
    BOOST_TEST_REQUIRE(n->updated.has_value());
    BOOST_TEST((*n->updated > *n->published));
    BOOST_TEST((*n->updated - *n->published).count() == 500);
}

BOOST_AUTO_TEST_CASE(visibility_follows_to_and_cc)
{
    auto vis = [](std::string_view to, std::string_view cc) {
        auto n = read_remote_note(doc(mastodon_reply(to, cc)), followers, false);
        BOOST_TEST_REQUIRE(n.has_value());
        return n->visibility;
    };
    BOOST_TEST((vis(R"("https://www.w3.org/ns/activitystreams#Public")", "[]") ==
                note_visibility::public_));
    BOOST_TEST((vis(R"(["as:Public"])", "[]") == note_visibility::public_));
    BOOST_TEST(
        (vis(R"(["https://one.example/users/alice/followers"])",
             R"(["https://www.w3.org/ns/activitystreams#Public"])") == note_visibility::unlisted));
    BOOST_TEST((vis(R"(["https://one.example/users/alice/followers"])", "[]") ==
                note_visibility::followers));
    BOOST_TEST((vis(R"(["https://blog.example/users/author"])", "[]") == note_visibility::direct));
    BOOST_TEST((vis("[]", "[]") == note_visibility::direct));
    BOOST_TEST(to_string(note_visibility::public_) == "public");
    BOOST_TEST(to_string(note_visibility::direct) == "direct");
    (void)public_iri;
}

BOOST_AUTO_TEST_CASE(attributed_to_may_be_an_array_or_object_but_must_be_on_the_ids_origin)
{
    const std::string base =
        R"({"id":"https://one.example/n/1","type":"Note","content":"x","to":["as:Public"],"attributedTo":)";
    auto ok = read_remote_note(
        doc(base + R"(["https://one.example/users/a", "https://two.example/u/b"]})"), "", false);
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->attributed_to == "https://one.example/users/a");
    auto obj = read_remote_note(
        doc(base + R"({"id":"https://one.example/users/a","type":"Person"}})"), "", false);
    BOOST_TEST_REQUIRE(obj.has_value());
    BOOST_TEST(obj->attributed_to == "https://one.example/users/a");
    // A note cannot speak for another server's actor.
    BOOST_TEST(
        !read_remote_note(doc(base + R"("https://evil.example/users/a"})"), "", false).has_value());
    BOOST_TEST(!read_remote_note(doc(base + R"(42})"), "", false).has_value());
}

BOOST_AUTO_TEST_CASE(refuses_unusable_notes)
{
    const std::string tail = R"(,"attributedTo":"https://one.example/u","content":"x"})";
    // No id, a non-http id, http without allow_http, userinfo, a non-string id.
    BOOST_TEST(!read_remote_note(doc(R"({"type":"Note")" + tail), "", false).has_value());
    BOOST_TEST(
        !read_remote_note(doc(R"x({"type":"Note","id":"javascript:alert(1)")x" + tail), "", false)
             .has_value());
    BOOST_TEST(
        !read_remote_note(doc(R"({"type":"Note","id":"http://one.example/n")" + tail), "", false)
             .has_value());
    BOOST_TEST(read_remote_note(doc(std::string(R"({"type":"Note","id":"http://one.example/n")") +
                                    R"(,"attributedTo":"http://one.example/u","content":"x"})"),
                                "", true)
                   .has_value());
    BOOST_TEST(
        !read_remote_note(doc(R"({"type":"Note","id":"https://a@one.example/n")" + tail), "", false)
             .has_value());
    BOOST_TEST(
        !read_remote_note(doc(R"({"type":"Note","id":["https://one.example/n"])" + tail), "", false)
             .has_value());
    // No text at all.
    BOOST_TEST(
        !read_remote_note(
             doc(R"({"type":"Note","id":"https://one.example/n","attributedTo":"https://one.example/u"})"),
             "", false)
             .has_value());
    // Wrong types where strings belong do not crash and do not pass for text.
    BOOST_TEST(
        !read_remote_note(
             doc(R"({"type":"Note","id":"https://one.example/n","attributedTo":"https://one.example/u","content":{"a":[1,2]}})"),
             "", false)
             .has_value());
}

BOOST_AUTO_TEST_CASE(hostile_emoji_tags_are_dropped)
{
    const std::string note =
        R"({"id":"https://one.example/n/1","type":"Note","attributedTo":"https://one.example/u","content":"x","tag":[)"
        R"({"type":"Emoji","name":":ok_1:","icon":{"url":"https://one.example/ok.png"}},)"
        R"({"type":"Emoji","name":":bad name:","icon":{"url":"https://one.example/a.png"}},)"
        R"x({"type":"Emoji","name":":x\"onerror=alert(1):","icon":{"url":"https://one.example/b.png"}},)x"
        R"x({"type":"Emoji","name":":js:","icon":{"url":"javascript:alert(1)"}},)x"
        R"({"type":"Emoji","name":":data:","icon":{"url":"data:image/png;base64,AAAA"}},)"
        R"({"type":"Emoji","name":":noicon:"},)"
        R"({"type":"Emoji","name":42,"icon":{"url":"https://one.example/c.png"}},)"
        R"("not an object",)"
        R"({"type":"Mention","name":"@a","href":"https://one.example/u"}]})";
    auto n = read_remote_note(doc(note), "", false);
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST_REQUIRE(n->emoji.size() == 1u);
    BOOST_TEST(n->emoji[0].name == ":ok_1:");
}

BOOST_AUTO_TEST_CASE(is_note_type_knows_the_text_types)
{
    for (auto t : {"Note", "Article", "Page", "Question"})
        BOOST_TEST(is_note_type(t));
    for (auto t : {"Person", "Image", "", "note", "Tombstone"})
        BOOST_TEST(!is_note_type(t));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(custom_emoji_rendering)

BOOST_AUTO_TEST_CASE(replaces_shortcodes_in_text_only)
{
    std::vector<custom_emoji> const emoji{{":cat:", "https://one.example/e/cat.png?a=1&b=\"2\""}};
    const std::string out = render_custom_emoji(
        R"(<p>hi :cat: <a href="https://x.example/:cat:">:cat:</a> :dog:</p>)", emoji);
    // The attribute keeps its text; the two text occurrences become images; :dog: stays.
    BOOST_TEST(out.find(R"(href="https://x.example/:cat:")") != std::string::npos, out);
    BOOST_TEST(out.find(":dog:") != std::string::npos, out);
    std::size_t imgs = 0;
    for (auto p = out.find("<img"); p != std::string::npos; p = out.find("<img", p + 1))
        ++imgs;
    BOOST_TEST(imgs == 2u, out);
    // The URL is attribute-escaped, never able to close the attribute.
    BOOST_TEST(out.find("b=\"2\"") == std::string::npos, out);
    BOOST_TEST(out.find("&amp;") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(emoji_json_round_trips_and_survives_garbage)
{
    std::vector<custom_emoji> const emoji{{":a:", "https://one.example/a.png"},
                                          {":b_2:", "https://one.example/b.png"}};
    auto back = emoji_from_json(emoji_to_json(emoji));
    BOOST_TEST_REQUIRE(back.size() == 2u);
    BOOST_TEST(back[1].name == ":b_2:");
    BOOST_TEST(back[1].url == "https://one.example/b.png");
    for (auto junk : {"", "{", "[1,2,3]", "null", R"([{"name":":x:"}])",
                      R"([{"name":":x:","url":"javascript:1"}])",
                      R"({"name":":x:","url":"https://a.example/x.png"})"})
        BOOST_TEST(emoji_from_json(junk).empty(), junk);
}

BOOST_AUTO_TEST_SUITE_END()
