// SPDX-License-Identifier: AGPL-3.0-or-later
// Publishing through the C2S outbox (tokens, refusals that change nothing) and outbox paging.
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";
constexpr const char* c2s_type =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

struct running_node
{
    running_node() { node.start(); }

    std::int64_t total_posts() const
    {
        return *node.get("/users/author/outbox", as_accept).json().find("totalItems")->if_int();
    }

    http_reply submit(const std::string& body, const std::string& token,
                      const std::string& type = c2s_type) const
    {
        header_pairs h{{"Content-Type", type}};
        if (!token.empty())
            h.emplace_back("Authorization", "Bearer " + token);
        return node.post("/users/author/outbox", body, h);
    }

    node_process node;
};

std::string note(const std::string& markdown)
{
    return json::serialize(json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"type", "Create"},
        {"object",
         json::make_object({{"type", "Note"},
                            {"source", json::make_object({{"content", markdown},
                                                          {"mediaType", "text/markdown"}})}})},
    }));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(outbox, running_node)

BOOST_AUTO_TEST_CASE(create_note_is_published_with_201_and_location)
{
    const std::string token = node.create_token();
    auto r = submit(note("Hello **fediverse**, this is [a link](https://example.com/)."), token);
    BOOST_TEST_REQUIRE(r.status == 201u);
    const std::string location = r.header("location");
    BOOST_TEST(location == node.base() + "/posts/hello-fediverse-this-is-a-link");
    auto create = r.json();
    BOOST_TEST(*create.get_string("type") == "Create");
    BOOST_TEST(*create.find("object")->get_string("id") == location);

    auto fetched = node.get(location.substr(node.base().size()), as_accept).json();
    // The author's Markdown goes through the same sanitizer as remote content, which marks
    // every link rel="nofollow noopener noreferrer ugc".
    BOOST_TEST(*fetched.get_string("content") ==
               "<p>Hello <strong>fediverse</strong>, this is <a href=\"https://example.com/\" "
               "rel=\"nofollow noopener noreferrer ugc\">a link</a>.</p>");
    BOOST_TEST(*fetched.find("source")->get_string("content") ==
               "Hello **fediverse**, this is [a link](https://example.com/).");
    BOOST_TEST(total_posts() == 2);
}

BOOST_AUTO_TEST_CASE(bare_note_is_wrapped_and_ids_from_the_client_are_ignored)
{
    const std::string token = node.create_token();
    auto r                  = submit(json::serialize(json::make_object({
                                         {"type", "Note"},
                                         {"id", "https://evil.example/forged"},
                                         {"attributedTo", "https://evil.example/users/mallory"},
                                         {"name", "A Title"},
                                         {"content", "<p>Hi <script>alert(1)</script><b>there</b></p>"},
                    })),
                                     token, "application/activity+json");
    BOOST_TEST_REQUIRE(r.status == 201u);
    BOOST_TEST(r.header("location") == node.base() + "/posts/a-title");
    const auto create = r.json();
    const auto* obj   = create.find("object");
    BOOST_TEST(*obj->get_string("attributedTo") == node.actor());
    BOOST_TEST(obj->get_string("content")->find("<script") == std::string::npos);
    BOOST_TEST(obj->get_string("content")->find("<b>there</b>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_title_gets_a_distinct_slug)
{
    const std::string token = node.create_token();
    const std::string a     = node.publish(token, "first", "Same");
    const std::string b     = node.publish(token, "second", "Same");
    BOOST_TEST(a == node.base() + "/posts/same");
    BOOST_TEST(b == node.base() + "/posts/same-2");
}

BOOST_AUTO_TEST_CASE(refusals_change_nothing)
{
    const std::string token = node.create_token();
    const auto before       = total_posts();

    auto no_token = submit(note("x"), "");
    BOOST_TEST(no_token.status == 401u);
    BOOST_TEST(no_token.header("www-authenticate").starts_with("Bearer"));
    BOOST_TEST(no_token.header("content-type") == "application/problem+json");
    BOOST_TEST(submit(note("x"), "fbt_1_wrongsecret").status == 401u);
    BOOST_TEST(submit(note("x"), "garbage").status == 401u);
    BOOST_TEST(submit(note("x"), token.substr(0, token.size() - 1)).status == 401u);
    BOOST_TEST(submit(note("x"), token, "text/plain").status == 415u);
    BOOST_TEST(submit("{not json", token).status == 400u);
    BOOST_TEST(submit("[]", token).status == 400u);
    BOOST_TEST(submit(R"({"type":"Like","object":"https://x.example/1"})", token).status == 400u);
    BOOST_TEST(submit(R"({"type":"Create","object":"https://x.example/1"})", token).status == 400u);
    BOOST_TEST(submit(R"({"type":"Note"})", token).status == 400u);
    BOOST_TEST(submit(R"({"type":"Note","source":{"content":"   "}})", token).status == 400u);
    BOOST_TEST(submit(R"({"type":"Note","source":{"content":"x","mediaType":"image/png"}})", token)
                   .status == 400u);
    auto deep = submit(std::string(100, '[') + std::string(100, ']'), token);
    BOOST_TEST(deep.status == 400u);
    BOOST_TEST(total_posts() == before);
}

BOOST_AUTO_TEST_CASE(revoked_tokens_stop_working)
{
    const std::string token = node.create_token("short-lived");
    BOOST_TEST(submit(note("before revoking"), token).status == 201u);
    const std::string id = token.substr(4, token.find('_', 4) - 4);
    auto revoked         = run_fedblog({"token", "revoke", "--data", node.data_dir().string(), id});
    BOOST_TEST(revoked.exit_code == 0);
    BOOST_TEST(submit(note("after revoking"), token).status == 401u);
    auto list = run_fedblog({"token", "list", "--data", node.data_dir().string()});
    BOOST_TEST(list.out.find("short-lived") != std::string::npos);
    BOOST_TEST(list.out.find("revoked") != std::string::npos);
    BOOST_TEST(list.out.find(token.substr(token.rfind('_') + 1)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(outbox_pages_newest_first)
{
    const std::string token = node.create_token();
    for (int i = 1; i <= 24; ++i)
        node.publish(token, "Post number " + std::to_string(i));
    auto col = node.get("/users/author/outbox", as_accept).json();
    BOOST_TEST(*col.get_string("type") == "OrderedCollection");
    BOOST_TEST(*col.find("totalItems")->if_int() == 25);
    BOOST_TEST(*col.get_string("first") == node.actor() + "/outbox?page=1");
    BOOST_TEST(*col.get_string("last") == node.actor() + "/outbox?page=2");

    auto p1 = node.get("/users/author/outbox?page=1", as_accept).json();
    BOOST_TEST(*p1.get_string("type") == "OrderedCollectionPage");
    BOOST_TEST(*p1.get_string("partOf") == node.actor() + "/outbox");
    const auto& items = *p1.find("orderedItems")->if_array();
    BOOST_TEST_REQUIRE(items.size() == 20u);
    BOOST_TEST(*items.at(0).get_string("type") == "Create");
    BOOST_TEST(items.at(0).find("object")->get_string("content")->find("Post number 24") !=
               std::string::npos);
    BOOST_TEST(*p1.get_string("next") == node.actor() + "/outbox?page=2");
    BOOST_TEST(p1.find("prev") == nullptr);

    auto p2          = node.get("/users/author/outbox?page=2", as_accept).json();
    const auto& rest = *p2.find("orderedItems")->if_array();
    BOOST_TEST_REQUIRE(rest.size() == 5u);
    BOOST_TEST(*rest.back().find("object")->get_string("id") == node.base() + "/posts/welcome");
    BOOST_TEST(p2.find("next") == nullptr);
    BOOST_TEST(*p2.get_string("prev") == node.actor() + "/outbox?page=1");

    BOOST_TEST(node.get("/users/author/outbox?page=0", as_accept).status == 400u);
    BOOST_TEST(node.get("/users/author/outbox?page=abc", as_accept).status == 400u);
    BOOST_TEST(node.get("/users/author/outbox?page=99", as_accept)
                   .json()
                   .find("orderedItems")
                   ->if_array()
                   ->empty());
}

BOOST_AUTO_TEST_CASE(cli_post_publishes_and_reports_errors)
{
    const std::string token = node.create_token();
    const auto file         = node.data_dir().parent_path() / "post.md";
    {
        std::ofstream out(file);
        out << "From the **CLI**.\n";
    }
    auto ok = run_fedblog(
        {"post", "--server", node.base(), "--token", token, file.string(), "--title", "CLI post"});
    BOOST_TEST(ok.exit_code == 0, ok.err);
    BOOST_TEST(ok.out == node.base() + "/posts/cli-post\n");

    auto bad_token =
        run_fedblog({"post", "--server", node.base(), "--token", "fbt_1_nope", file.string()});
    BOOST_TEST(bad_token.exit_code == 1);
    BOOST_TEST(bad_token.err.find("token") != std::string::npos);

    auto missing =
        run_fedblog({"post", "--server", node.base(), "--token", token, "/nonexistent.md"});
    BOOST_TEST(missing.exit_code == 1);
    BOOST_TEST(missing.err.find("cannot read") != std::string::npos);

    auto unreachable =
        run_fedblog({"post", "--server", "http://127.0.0.1:1", "--token", token, file.string()});
    BOOST_TEST(unreachable.exit_code == 1);
    BOOST_TEST(unreachable.err.find("cannot reach") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
