// SPDX-License-Identifier: AGPL-3.0-or-later
// The outbox activities that change a published post: Update, Delete (410 Tombstone),
// Add/Remove to the featured collection, their refusals, and what followers receive.
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";
constexpr const char* c2s_type =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

struct editing
{
    editing()
        : node({"allow_http_peers = true", "allow_private_addresses = true", "retry_scale = 0.02"})
    {
        node.start();
        token = node.create_token();
    }

    http_reply submit(const json::value& activity) const
    {
        return node.post("/users/author/outbox", json::serialize(activity),
                         {{"Content-Type", c2s_type}, {"Authorization", "Bearer " + token}});
    }

    std::int64_t total_posts() const
    {
        const auto col = node.get("/users/author/outbox", as_accept).json();
        return *col.find("totalItems")->if_int();
    }

    json::value note_at(const std::string& url) const
    {
        auto r = node.get(url.substr(node.base().size()), as_accept);
        BOOST_TEST_REQUIRE(r.status == 200u, url << " answered " << r.status);
        return r.json();
    }

    json::value update(const std::string& url, json::value object) const
    {
        object.set("id", url);
        return json::make_object({{"type", "Update"}, {"object", std::move(object)}});
    }

    static json::value markdown(const std::string& text)
    {
        return json::make_object({{"content", text}, {"mediaType", "text/markdown"}});
    }

    json::value simple(const std::string& type, const std::string& object) const
    {
        return json::make_object({{"type", type}, {"object", object}});
    }

    json::value pin(const std::string& type, const std::string& url) const
    {
        return json::make_object(
            {{"type", type}, {"object", url}, {"target", node.actor() + "/featured"}});
    }

    void follow(const fake_remote::actor& who)
    {
        const auto f = follow_activity(who, node.actor());
        BOOST_TEST_REQUIRE(remote.send(node, who, f).status == 202u);
        BOOST_TEST_REQUIRE(wait_for("Accept", 1).size() == 1u);
    }

    /// Activities of `type` the remote received so far, parsed.
    std::vector<json::value> received(const std::string& type) const
    {
        std::vector<json::value> out;
        for (const auto& r : remote.posts())
        {
            auto doc = json::parse_object(r.body);
            if (doc && json::type_of(*doc) == type)
                out.push_back(std::move(*doc));
        }
        return out;
    }

    std::vector<json::value> wait_for(const std::string& type, std::size_t n) const
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (received(type).size() < n && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return received(type);
    }

    node_process node;
    fake_remote remote;
    std::string token;
};

std::string str(const json::value& v, const char* key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(editing_posts, editing)

BOOST_AUTO_TEST_CASE(update_replaces_the_content_and_keeps_the_permalink)
{
    const std::string url   = node.publish(token, "First *version*.", "Edit me");
    const auto before       = note_at(url);
    const std::string first = str(before, "published");

    auto r = submit(update(url, json::make_object({{"source", markdown("Second **version**.")}})));
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    BOOST_TEST(r.header("location") == url);
    const auto activity = r.json();
    BOOST_TEST(str(activity, "type") == "Update");
    BOOST_TEST(str(*activity.find("object"), "id") == url);

    const auto after = note_at(url);
    BOOST_TEST(str(after, "content").find("Second <strong>version</strong>.") != std::string::npos);
    BOOST_TEST(str(after, "content").find("First") == std::string::npos);
    // The title was not part of the update: it stays.
    BOOST_TEST(str(after, "content").find(">Edit me</a>") != std::string::npos);
    BOOST_TEST(str(after, "published") == first);
    BOOST_TEST(!str(after, "updated").empty());
    BOOST_TEST(str(*after.find("source"), "content") == "Second **version**.");

    auto page = node.get(url.substr(node.base().size()), "text/html");
    BOOST_TEST(page.body.find("edited") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(partial_update_of_the_title_and_tags)
{
    const std::string url = node.publish(token, "Body stays.", "Old title");
    auto r                = submit(
                       update(url, json::make_object({{"name", "New title"},
                                                      {"tag", json::array{json::make_object(
                                                                  {{"type", "Hashtag"}, {"name", "#Cpp"}})}}})));
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const auto after = note_at(url);
    BOOST_TEST(str(after, "content").find(">New title</a>") != std::string::npos);
    BOOST_TEST(str(after, "content").find("Body stays.") != std::string::npos);
    const auto& tags = *after.find("tag")->if_array();
    BOOST_TEST_REQUIRE(tags.size() == 1u);
    BOOST_TEST(str(tags.at(0), "name") == "#Cpp");
    BOOST_TEST(str(tags.at(0), "href") == node.base() + "/tags/cpp");

    // name: null removes the title.
    json::value untitle = json::make_object({});
    untitle.set("name", json::value(nullptr));
    BOOST_TEST_REQUIRE(submit(update(url, std::move(untitle))).status == 201u);
    BOOST_TEST(str(note_at(url), "content").find("Old title") == std::string::npos);
    BOOST_TEST(str(note_at(url), "content").find("New title") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(update_refusals_change_nothing)
{
    const std::string url = node.publish(token, "Unchanged.");
    const auto before     = str(note_at(url), "content");

    // No object, a bare IRI, a foreign id, a wrong type, nothing to change, an empty post.
    BOOST_TEST(submit(json::make_object({{"type", "Update"}})).status == 400u);
    BOOST_TEST(submit(simple("Update", url)).status == 400u);
    BOOST_TEST(submit(update("https://elsewhere.example/posts/x",
                             json::make_object({{"source", markdown("x")}})))
                   .status == 400u);
    BOOST_TEST(submit(update(url, json::make_object({{"type", "Person"}, {"name", "x"}}))).status ==
               400u);
    BOOST_TEST(submit(update(url, json::make_object({{"summary", "x"}}))).status == 400u);
    BOOST_TEST(submit(update(url, json::make_object({{"source", markdown("   ")}}))).status ==
               400u);
    BOOST_TEST(submit(update(url, json::make_object(
                                      {{"tag", json::array{json::make_object(
                                                   {{"type", "Hashtag"}, {"name", "#1"}})}}})))
                   .status == 400u);
    // An unknown post of ours.
    BOOST_TEST(submit(update(node.base() + "/posts/no-such-post",
                             json::make_object({{"source", markdown("x")}})))
                   .status == 404u);
    BOOST_TEST(str(note_at(url), "content") == before);
    BOOST_TEST(note_at(url).find("updated") == nullptr);
}

BOOST_AUTO_TEST_CASE(delete_leaves_a_tombstone_and_a_gone_page)
{
    const std::string url  = node.publish(token, "Soon gone.");
    const std::string path = url.substr(node.base().size());
    const auto before      = total_posts();

    auto r = submit(simple("Delete", url));
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    BOOST_TEST(r.header("location") == url);
    BOOST_TEST(str(r.json(), "type") == "Delete");

    auto as = node.get(path, as_accept);
    BOOST_TEST(as.status == 410u);
    const auto tomb = as.json();
    BOOST_TEST(str(tomb, "type") == "Tombstone");
    BOOST_TEST(str(tomb, "id") == url);
    BOOST_TEST(str(tomb, "formerType") == "Note");
    BOOST_TEST(!str(tomb, "deleted").empty());
    auto html = node.get(path, "text/html");
    BOOST_TEST(html.status == 410u);
    BOOST_TEST(html.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(total_posts() == before - 1);
    BOOST_TEST(node.get("/", "text/html").body.find(path) == std::string::npos);

    // A second Delete, an Update of the deleted post, a pin: all 410.
    BOOST_TEST(submit(simple("Delete", url)).status == 410u);
    BOOST_TEST(submit(update(url, json::make_object({{"source", markdown("back")}}))).status ==
               410u);
    BOOST_TEST(submit(pin("Add", url)).status == 410u);
    // Not ours, or not ours to name.
    BOOST_TEST(submit(simple("Delete", "https://elsewhere.example/posts/x")).status == 400u);
    BOOST_TEST(submit(json::make_object({{"type", "Delete"}})).status == 400u);
    BOOST_TEST(submit(simple("Delete", node.base() + "/posts/never-was")).status == 404u);
}

BOOST_AUTO_TEST_CASE(pins_fill_the_featured_collection)
{
    const std::string a = node.publish(token, "Pin me first.");
    const std::string b = node.publish(token, "Pin me second.");
    BOOST_TEST_REQUIRE(submit(pin("Add", a)).status == 201u);
    BOOST_TEST_REQUIRE(submit(pin("Add", b)).status == 201u);
    BOOST_TEST(submit(pin("Add", b)).status == 201u); // already pinned: nothing changes

    auto featured = node.get("/users/author/featured", as_accept).json();
    BOOST_TEST(*featured.find("totalItems")->if_int() == 2);
    const auto& items = *featured.find("orderedItems")->if_array();
    BOOST_TEST_REQUIRE(items.size() == 2u);
    BOOST_TEST(str(items.at(0), "id") == b); // most recently pinned first
    BOOST_TEST(str(items.at(0), "type") == "Note");
    BOOST_TEST(str(items.at(1), "id") == a);

    auto removed = submit(pin("Remove", b));
    BOOST_TEST_REQUIRE(removed.status == 201u, removed.body);
    BOOST_TEST(str(removed.json(), "type") == "Remove");
    featured = node.get("/users/author/featured", as_accept).json();
    BOOST_TEST(*featured.find("totalItems")->if_int() == 1);

    // The target must be our featured collection, the object one of our posts.
    BOOST_TEST(submit(json::make_object({{"type", "Add"}, {"object", a}})).status == 400u);
    BOOST_TEST(
        submit(json::make_object(
                   {{"type", "Add"}, {"object", a}, {"target", node.actor() + "/followers"}}))
            .status == 400u);
    BOOST_TEST(submit(pin("Add", "https://elsewhere.example/posts/x")).status == 400u);
    BOOST_TEST(submit(pin("Add", node.base() + "/posts/never-was")).status == 404u);
    // Deleting a pinned post takes it out of the collection.
    BOOST_TEST_REQUIRE(submit(simple("Delete", a)).status == 201u);
    featured = node.get("/users/author/featured", as_accept).json();
    BOOST_TEST(*featured.find("totalItems")->if_int() == 0);
}

BOOST_AUTO_TEST_CASE(other_activities_are_refused_with_a_reason)
{
    const std::string url = node.publish(token, "Something.");
    for (const char* type : {"Like", "Announce", "Follow", "Undo", "Block", "Move", "Question"})
    {
        BOOST_TEST_CONTEXT(type)
        {
            auto r = submit(simple(type, url));
            BOOST_TEST(r.status == 400u);
            BOOST_TEST(r.header("content-type") == "application/problem+json");
            BOOST_TEST(r.body.find("unsupported activity type") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(followers_receive_update_pin_and_delete)
{
    const auto& alice = remote.add_actor("alice");
    follow(alice);
    const std::string url = node.publish(token, "Original text.", "Followed");
    BOOST_TEST_REQUIRE(wait_for("Create", 1).size() == 1u);

    BOOST_TEST_REQUIRE(
        submit(update(url, json::make_object({{"source", markdown("Edited text.")}}))).status ==
        201u);
    auto updates = wait_for("Update", 1);
    BOOST_TEST_REQUIRE(updates.size() == 1u);
    const json::value& object = *updates.at(0).find("object");
    BOOST_TEST(str(object, "id") == url);
    BOOST_TEST(str(object, "content").find("Edited text.") != std::string::npos);
    // Mastodon applies an edit only when `updated` is present and newer (INTEROP.md E45).
    BOOST_TEST(!str(object, "updated").empty());
    BOOST_TEST(str(updates.at(0), "actor") == node.actor());

    BOOST_TEST_REQUIRE(submit(pin("Add", url)).status == 201u);
    auto adds = wait_for("Add", 1);
    BOOST_TEST_REQUIRE(adds.size() == 1u);
    BOOST_TEST(str(adds.at(0), "object") == url);
    BOOST_TEST(str(adds.at(0), "target") == node.actor() + "/featured");

    BOOST_TEST_REQUIRE(submit(simple("Delete", url)).status == 201u);
    auto deletes = wait_for("Delete", 1);
    BOOST_TEST_REQUIRE(deletes.size() == 1u);
    BOOST_TEST(str(deletes.at(0), "id") == url + "#delete");
    BOOST_TEST(str(*deletes.at(0).find("object"), "type") == "Tombstone");
    BOOST_TEST(str(*deletes.at(0).find("object"), "id") == url);

    // Each activity went once: the pinned-again Add sent nothing more.
    BOOST_TEST_REQUIRE(submit(simple("Update", url)).status == 400u);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    BOOST_TEST(received("Update").size() == 1u);
    BOOST_TEST(received("Delete").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
