// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the author's replies to comments as Notes, and their Create / Update / Delete.

// Test that header file is self-contained.
#include "protocol/author_reply.hpp"

#include "protocol/json.hpp"
#include "protocol/vocab.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace fedblog::protocol;
using namespace std::chrono;

namespace {

site_urls const urls{"https", "blog.example", "author"};
sys_seconds const published = sys_days{2024y / March / 1} + 12h;
const std::string reader    = "https://one.example/users/ann";

reply_fields sample()
{
    reply_fields r;
    r.id           = urls.author_comment("hello", "00ff");
    r.post_slug    = "hello";
    r.in_reply_to  = "https://one.example/users/ann/statuses/1";
    r.content_html = "<p>Thanks!</p>";
    r.extra        = json::make_object({
               {"tag", json::array{json::make_object(
                           {{"type", "Mention"}, {"href", reader}, {"name", "@ann@one.example"}})}},
               // The followers twice (once from the caller) must still be listed once.
               {"cc", json::array{json::value(reader), json::value(urls.followers())}},
    });
    r.published    = published;
    return r;
}

std::vector<std::string> strings(const json::value* list)
{
    std::vector<std::string> out;
    for (const auto& v : *list->if_array())
        out.emplace_back(*v.if_string());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(author_reply)

BOOST_AUTO_TEST_CASE(the_note_answers_the_comment_and_mentions_the_reader)
{
    const auto note = build_reply_note(urls, sample());
    BOOST_TEST(*note.get_string("id") == "https://blog.example/posts/hello/comments/00ff");
    BOOST_TEST(*note.get_string("type") == "Note");
    BOOST_TEST(*note.get_string("attributedTo") == urls.actor());
    BOOST_TEST(*note.get_string("inReplyTo") == "https://one.example/users/ann/statuses/1");
    BOOST_TEST(*note.get_string("context") == "https://blog.example/posts/hello/context");
    BOOST_TEST(*note.get_string("published") == "2024-03-01T12:00:00Z");
    BOOST_TEST(note.find("updated") == nullptr);
    BOOST_TEST(note.find("summary") == nullptr); // Mastodon would show a content warning
    BOOST_TEST(strings(note.find("to")) ==
               std::vector<std::string>{std::string(vocab::public_collection)});
    BOOST_TEST((strings(note.find("cc")) == std::vector<std::string>{urls.followers(), reader}));
    BOOST_TEST(note.find("tag")->if_array()->size() == 1u);
    BOOST_TEST(note.find("@context") != nullptr);
    BOOST_TEST(build_reply_note(urls, sample(), false).find("@context") == nullptr);
}

BOOST_AUTO_TEST_CASE(create_update_and_delete_are_addressed_as_the_note)
{
    auto r          = sample();
    const auto made = build_reply_activity(urls, "Create", r, r.id + "/activity");
    BOOST_TEST(*made.get_string("type") == "Create");
    BOOST_TEST(*made.get_string("actor") == urls.actor());
    BOOST_TEST((strings(made.find("cc")) == std::vector<std::string>{urls.followers(), reader}));
    BOOST_TEST(made.find("object")->find("@context") == nullptr);

    r.updated         = published + hours(1);
    const auto edited = build_reply_activity(urls, "Update", r, r.id + "#updates/1");
    BOOST_TEST(*edited.get_string("published") == "2024-03-01T13:00:00Z");
    BOOST_TEST(*edited.find("object")->get_string("updated") == "2024-03-01T13:00:00Z");

    const auto del = build_reply_delete(urls, r, published + hours(2));
    BOOST_TEST(*del.get_string("id") == r.id + "#delete");
    BOOST_TEST(*del.find("object")->get_string("type") == "Tombstone");
    BOOST_TEST(*del.find("object")->get_string("id") == r.id);
    BOOST_TEST((strings(del.find("cc")) == std::vector<std::string>{urls.followers(), reader}));
}

BOOST_AUTO_TEST_SUITE_END()
