// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's actor document and content negotiation on it (and the instance actor).
#include "keys/key_pair.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";
constexpr const char* ld_accept =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
constexpr const char* browser_accept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

struct running_node
{
    running_node()
        : node({"allow_http_peers = true", "allow_private_addresses = true",
                "field = Website | https://blog.example/about", "field = Pronouns | they/them"})
    {
        node.start();
    }

    node_process node;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(actor_document, running_node)

BOOST_AUTO_TEST_CASE(person_has_every_field_peers_read)
{
    auto r = node.get("/users/author", as_accept);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "application/activity+json");
    auto a               = r.json();
    const std::string id = node.actor();
    BOOST_TEST(*a.get_string("id") == id);
    BOOST_TEST(*a.get_string("type") == "Person");
    BOOST_TEST(*a.get_string("preferredUsername") == "author");
    BOOST_TEST(*a.get_string("name") == "Test Author");
    BOOST_TEST(a.get_string("summary")->find("A test blog.") != std::string::npos);
    BOOST_TEST(*a.get_string("url") == node.base() + "/");
    BOOST_TEST(*a.get_string("inbox") == id + "/inbox");
    BOOST_TEST(*a.get_string("outbox") == id + "/outbox");
    BOOST_TEST(*a.get_string("followers") == id + "/followers");
    BOOST_TEST(*a.get_string("following") == id + "/following");
    BOOST_TEST(*a.get_string("featured") == id + "/featured");
    BOOST_TEST(*a.find("endpoints")->get_string("sharedInbox") == node.base() + "/inbox");
    BOOST_TEST(*a.find("manuallyApprovesFollowers")->if_bool() == false);
    BOOST_TEST(*a.find("discoverable")->if_bool() == true);
    BOOST_TEST(*a.find("indexable")->if_bool() == true);
    BOOST_TEST(a.get_string("published").has_value());
    BOOST_TEST(*a.get_string("webfinger") == "author@" + node.domain()); // FEP-2c59

    const auto* ctx = a.find("@context")->if_array();
    BOOST_TEST_REQUIRE(ctx != nullptr);
    BOOST_TEST(*ctx->at(0).if_string() == "https://www.w3.org/ns/activitystreams");
    BOOST_TEST(*ctx->at(1).if_string() == "https://w3id.org/security/v1");

    const auto* key = a.find("publicKey");
    BOOST_TEST(*key->get_string("id") == id + "#main-key");
    BOOST_TEST(*key->get_string("owner") == id);
    std::ifstream pub(node.data_dir() / "keys" / "author.pub.pem");
    std::stringstream pem;
    pem << pub.rdbuf();
    BOOST_TEST(*key->get_string("publicKeyPem") == pem.str());
    auto parsed = fedblog::keys::public_key_from_pem(*key->get_string("publicKeyPem"));
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->bits() == 2048);

    const auto* fields = a.find("attachment")->if_array();
    BOOST_TEST_REQUIRE(fields->size() == 2u);
    BOOST_TEST(*fields->at(0).get_string("type") == "PropertyValue");
    BOOST_TEST(*fields->at(0).get_string("name") == "Website");
    BOOST_TEST(fields->at(0).get_string("value")->find("href=\"https://blog.example/about\"") !=
               std::string::npos);
    BOOST_TEST(*fields->at(1).get_string("value") == "they/them");
}

BOOST_AUTO_TEST_CASE(the_default_avatar_is_served_as_an_image)
{
    auto a           = node.get("/users/author", as_accept).json();
    const auto* icon = a.find("icon");
    BOOST_TEST_REQUIRE(icon != nullptr);
    BOOST_TEST(*icon->get_string("type") == "Image");
    BOOST_TEST(*icon->get_string("mediaType") == "image/png");
    const std::string url = std::string(*icon->get_string("url"));
    BOOST_TEST_REQUIRE(url.starts_with(node.base() + "/media/"));
    auto img = node.get(url.substr(node.base().size()));
    BOOST_TEST(img.status == 200u);
    BOOST_TEST(img.header("content-type") == "image/png");
    BOOST_TEST(img.header("x-content-type-options") == "nosniff");
    BOOST_TEST(img.header("cache-control").find("immutable") != std::string::npos);
    BOOST_TEST(img.body.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n"));
    BOOST_TEST(node.get("/media/nothing.png").status == 404u);
    BOOST_TEST(node.get("/media/..%2Ffedblog.conf").status == 404u);
    BOOST_TEST(node.get("/media/fedblog.db").status == 404u);
}

BOOST_AUTO_TEST_CASE(ld_json_profile_gets_activity_streams_too)
{
    auto r = node.get("/users/author", ld_accept);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(*r.json().get_string("type") == "Person");
}

BOOST_AUTO_TEST_CASE(browsers_are_redirected_to_the_front_page)
{
    for (const char* accept : {browser_accept, "", "*/*", "text/html"})
    {
        auto r = node.get("/users/author", accept);
        BOOST_TEST(r.status == 302u, "Accept: " << accept);
        BOOST_TEST(r.header("location") == node.base() + "/");
        BOOST_TEST(r.header("vary") == "Accept");
    }
}

BOOST_AUTO_TEST_CASE(both_representations_carry_vary_etag_and_cache_control)
{
    auto as = node.get("/users/author", as_accept);
    BOOST_TEST(as.header("vary") == "Accept");
    BOOST_TEST(!as.header("etag").empty());
    BOOST_TEST(as.header("cache-control").starts_with("public, max-age="));

    auto page = node.get("/", browser_accept);
    BOOST_TEST(page.status == 200u);
    BOOST_TEST(page.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(page.header("vary") == "Accept");
    BOOST_TEST(!page.header("etag").empty());
    BOOST_TEST(page.header("etag") != as.header("etag"));
    BOOST_TEST(page.header("cache-control").starts_with("public, max-age="));

    auto home_as = node.get("/", as_accept);
    BOOST_TEST(home_as.status == 302u);
    BOOST_TEST(home_as.header("location") == node.actor());
    BOOST_TEST(home_as.header("vary") == "Accept");
}

BOOST_AUTO_TEST_CASE(conditional_get_answers_304)
{
    auto first = node.get("/users/author", as_accept);
    auto again = node.get("/users/author", as_accept, {{"If-None-Match", first.header("etag")}});
    BOOST_TEST(again.status == 304u);
    BOOST_TEST(again.body.empty());
    BOOST_TEST(again.header("etag") == first.header("etag"));
    BOOST_TEST(again.header("vary") == "Accept");
    // The HTML's ETag must not validate the JSON (a cache could otherwise swap them).
    auto page  = node.get("/", browser_accept);
    auto cross = node.get("/users/author", as_accept, {{"If-None-Match", page.header("etag")}});
    BOOST_TEST(cross.status == 200u);
}

BOOST_AUTO_TEST_CASE(unknown_users_are_404)
{
    BOOST_TEST(node.get("/users/nobody", as_accept).status == 404u);
    BOOST_TEST(node.get("/users/nobody/outbox", as_accept).status == 404u);
    BOOST_TEST(node.get("/users/nobody/followers", as_accept).status == 404u);
}

BOOST_AUTO_TEST_CASE(head_requests_get_headers_only)
{
    auto r = http_request("127.0.0.1", node.port(), boost::beast::http::verb::head, "/users/author",
                          {{"Accept", as_accept}});
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.empty());
    BOOST_TEST(std::stoul(r.header("content-length")) > 100u);
}

BOOST_AUTO_TEST_CASE(instance_actor_is_an_application_with_its_own_key)
{
    auto r = node.get("/actor", as_accept);
    BOOST_TEST(r.status == 200u);
    auto a = r.json();
    BOOST_TEST(*a.get_string("type") == "Application");
    BOOST_TEST(*a.get_string("id") == node.base() + "/actor");
    BOOST_TEST(*a.find("publicKey")->get_string("id") == node.base() + "/actor#main-key");
    auto author = node.get("/users/author", as_accept).json();
    BOOST_TEST(*a.find("publicKey")->get_string("publicKeyPem") !=
               *author.find("publicKey")->get_string("publicKeyPem"));
}

BOOST_AUTO_TEST_SUITE_END()
