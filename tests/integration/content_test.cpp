// SPDX-License-Identifier: AGPL-3.0-or-later
// What the author's Markdown becomes: GFM and sanitized raw HTML, #hashtags as Hashtag tags
// with /tags links, @user@host mentions resolved by WebFinger (and delivered to), image
// attachments, and Articles when post_type = article.
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";

std::string str(const json::value& v, const char* key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string();
}

struct authoring
{
    explicit authoring(std::vector<std::string> extra = {})
        : node([&] {
              std::vector<std::string> lines{"allow_http_peers = true",
                                             "allow_private_addresses = true"};
              lines.insert(lines.end(), extra.begin(), extra.end());
              return lines;
          }())
    {
        node.start();
        token = node.create_token();
    }

    json::value note_at(const std::string& url) const
    {
        auto r = node.get(url.substr(node.base().size()), as_accept);
        BOOST_TEST_REQUIRE(r.status == 200u, url << " answered " << r.status);
        return r.json();
    }

    /// The tags of `type` in `note`.
    static std::vector<json::value> tags(const json::value& note, const std::string& type)
    {
        std::vector<json::value> out;
        for (const auto& t : *note.find("tag")->if_array())
        {
            if (json::type_of(t) == type)
                out.push_back(t);
        }
        return out;
    }

    node_process node;
    std::string token;
};

struct article_blog : authoring
{
    article_blog() : authoring({"post_type = article"}) {}
};

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(post_content, authoring)

BOOST_AUTO_TEST_CASE(markdown_renders_gfm_and_filters_raw_html)
{
    const std::string url     = node.publish(token, "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                                        "~~struck~~ www.example.com\n\n"
                                                        "<b>raw</b><script>alert(1)</script>"
                                                        "<img src=x onerror=alert(1)>");
    const std::string content = str(note_at(url), "content");
    BOOST_TEST(contains(content, "<table>"), content);
    BOOST_TEST(contains(content, "<del>struck</del>"), content);
    BOOST_TEST(contains(content, "href=\"http://www.example.com\""), content);
    BOOST_TEST(contains(content, "<b>raw</b>"), content);
    BOOST_TEST(!contains(content, "<script"), content);
    BOOST_TEST(!contains(content, "onerror"), content);
}

BOOST_AUTO_TEST_CASE(hashtags_become_tags_linking_to_tag_pages)
{
    const std::string url =
        node.publish(token, "Writing about #FediBlog and #cpp20, not #123 or `#code`.\n\n"
                            "[#linked](https://example.com/) and #FediBlog again.");
    const auto note     = note_at(url);
    const auto hashtags = tags(note, "Hashtag");
    BOOST_TEST_REQUIRE(hashtags.size() == 2u);
    BOOST_TEST(str(hashtags.at(0), "name") == "#FediBlog");
    BOOST_TEST(str(hashtags.at(0), "href") == node.base() + "/tags/fediblog");
    BOOST_TEST(str(hashtags.at(1), "name") == "#cpp20");
    const std::string content = str(note, "content");
    BOOST_TEST(contains(content, "<a href=\"" + node.base() +
                                     "/tags/fediblog\" class=\"mention hashtag\" rel=\"tag\">"
                                     "#<span>FediBlog</span></a>"),
               content);
    BOOST_TEST(contains(content, "<code>#code</code>"), content);
    BOOST_TEST(!contains(content, "/tags/123"), content);
}

BOOST_AUTO_TEST_CASE(mentions_are_resolved_tagged_addressed_and_delivered)
{
    fake_remote remote;
    const auto& alice      = remote.add_actor("alice");
    const std::string host = "127.0.0.1:" + std::to_string(remote.port());
    const std::string url =
        node.publish(token, "Hello @alice@" + host + " and @nobody@" + host + "!");
    const auto note     = note_at(url);
    const auto mentions = tags(note, "Mention");
    BOOST_TEST_REQUIRE(mentions.size() == 1u);
    BOOST_TEST(str(mentions.at(0), "href") == alice.id);
    BOOST_TEST(str(mentions.at(0), "name") == "@alice@" + host);
    const auto& cc = *note.find("cc")->if_array();
    BOOST_TEST_REQUIRE(cc.size() == 2u);
    BOOST_TEST(*cc.at(1).if_string() == alice.id);
    const std::string content = str(note, "content");
    BOOST_TEST(contains(content, "<span class=\"h-card\"><a href=\"" + alice.id +
                                     "\" class=\"u-url mention\">@<span>alice</span></a></span>"),
               content);
    BOOST_TEST(contains(content, "@nobody@" + host), content); // unresolved: plain text

    // Alice does not follow the blog, yet the post reaches her inbox.
    auto posts = remote.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() >= 1u);
    auto create = json::parse_object(posts.at(0).body);
    BOOST_TEST_REQUIRE(create.has_value());
    BOOST_TEST(str(*create, "type") == "Create");
    BOOST_TEST(str(*create->find("object"), "id") == url);
    BOOST_TEST(posts.at(0).target == "/inbox"); // her shared inbox
}

BOOST_AUTO_TEST_CASE(an_unreachable_mention_does_not_stop_the_post)
{
    const std::string url = node.publish(token, "Hi @ghost@127.0.0.1:1 there.");
    const auto note       = note_at(url);
    BOOST_TEST(tags(note, "Mention").empty());
    BOOST_TEST(contains(str(note, "content"), "@ghost@127.0.0.1:1"));
}

BOOST_AUTO_TEST_CASE(images_are_attachments_with_alt_text)
{
    const std::string url =
        node.publish(token, "![A \"quoted\" <alt>](https://example.com/cat.jpg)\n\n"
                            "<img src=\"https://example.com/dog.gif\" alt=\"raw html dog\">\n\n"
                            "![no scheme](javascript:alert(1))");
    const auto note         = note_at(url);
    const auto& attachments = *note.find("attachment")->if_array();
    BOOST_TEST_REQUIRE(attachments.size() == 2u);
    BOOST_TEST(str(attachments.at(0), "type") == "Image");
    BOOST_TEST(str(attachments.at(0), "url") == "https://example.com/cat.jpg");
    BOOST_TEST(str(attachments.at(0), "name") == "A \"quoted\" <alt>");
    BOOST_TEST(str(attachments.at(0), "mediaType") == "image/jpeg");
    BOOST_TEST(str(attachments.at(1), "url") == "https://example.com/dog.gif");
    BOOST_TEST(str(attachments.at(1), "name") == "raw html dog");
    BOOST_TEST(!contains(str(note, "content"), "javascript:"));
}

BOOST_AUTO_TEST_CASE(a_client_may_send_an_article_to_a_note_blog)
{
    auto r = node.post(
        "/users/author/outbox",
        json::serialize(json::make_object(
            {{"type", "Article"}, {"name", "Long read"}, {"content", "<p>Many words.</p>"}})),
        {{"Content-Type", "application/activity+json"}, {"Authorization", "Bearer " + token}});
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const auto article = note_at(r.header("location"));
    BOOST_TEST(str(article, "type") == "Article");
    BOOST_TEST(str(article, "name") == "Long read");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(long_form, article_blog)

BOOST_AUTO_TEST_CASE(post_type_article_publishes_fep_b2b8_articles)
{
    const std::string url = node.publish(
        token, "The first paragraph of a long essay.\n\nAnd #more after it.", "An Essay");
    const auto article = note_at(url);
    BOOST_TEST(str(article, "type") == "Article");
    BOOST_TEST(str(article, "name") == "An Essay");
    // The title is the name, not a first line of the content.
    BOOST_TEST(!contains(str(article, "content"), "An Essay"));
    BOOST_TEST(contains(str(article, "summary"), "The first paragraph of a long essay."));
    const json::value* preview = article.find("preview");
    BOOST_TEST_REQUIRE(preview != nullptr);
    BOOST_TEST(str(*preview, "type") == "Note");
    BOOST_TEST(contains(str(*preview, "content"), url));
    BOOST_TEST(tags(article, "Hashtag").size() == 1u);
    // The CLI (and most clients) send Notes: the blog's post_type decides.
    auto r = node.post(
        "/users/author/outbox",
        json::serialize(json::make_object({{"type", "Note"}, {"content", "short"}})),
        {{"Content-Type", "application/activity+json"}, {"Authorization", "Bearer " + token}});
    BOOST_TEST_REQUIRE(r.status == 201u);
    BOOST_TEST(str(note_at(r.header("location")), "type") == "Article");
}

BOOST_AUTO_TEST_SUITE_END()
