// SPDX-License-Identifier: AGPL-3.0-or-later
// WebFinger, host-meta and NodeInfo, asked of a running node over loopback.
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;

namespace {

struct running_node
{
    running_node() { node.start(); }

    node_process node;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(discovery, running_node)

BOOST_AUTO_TEST_CASE(webfinger_finds_the_author_by_acct)
{
    auto r = node.get("/.well-known/webfinger?resource=acct:author@" + node.domain());
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "application/jrd+json");
    BOOST_TEST(r.header("access-control-allow-origin") == "*");
    auto jrd = r.json();
    BOOST_TEST(*jrd.get_string("subject") == "acct:author@" + node.domain());
    bool self = false;
    for (const auto& link : *jrd.find("links")->if_array())
    {
        if (link.get_string("rel") == "self")
        {
            self = true;
            BOOST_TEST(*link.get_string("type") == "application/activity+json");
            BOOST_TEST(*link.get_string("href") == node.actor());
        }
    }
    BOOST_TEST(self);
}

BOOST_AUTO_TEST_CASE(webfinger_is_case_insensitive_and_accepts_actor_urls)
{
    BOOST_TEST(node.get("/.well-known/webfinger?resource=acct:AUTHOR@" + node.domain()).status ==
               200u);
    auto by_url = node.get("/.well-known/webfinger?resource=" + node.actor());
    BOOST_TEST(by_url.status == 200u);
    BOOST_TEST(*by_url.json().get_string("subject") == "acct:author@" + node.domain());
    // Percent-encoded resource (as some clients send it).
    BOOST_TEST(
        node.get("/.well-known/webfinger?resource=acct%3Aauthor%40" + node.domain()).status ==
        200u);
}

BOOST_AUTO_TEST_CASE(webfinger_answers_404_for_unknown_and_400_for_malformed)
{
    auto unknown = node.get("/.well-known/webfinger?resource=acct:nobody@" + node.domain());
    BOOST_TEST(unknown.status == 404u);
    BOOST_TEST(unknown.header("content-type") == "application/problem+json");
    BOOST_TEST(node.get("/.well-known/webfinger?resource=acct:author@elsewhere.example").status ==
               404u);
    BOOST_TEST(node.get("/.well-known/webfinger").status == 400u);
    BOOST_TEST(node.get("/.well-known/webfinger?resource=").status == 400u);
    BOOST_TEST(node.get("/.well-known/webfinger?resource=nonsense").status == 400u);
    BOOST_TEST(node.get("/.well-known/webfinger?resource=acct:@" + node.domain()).status == 400u);
    BOOST_TEST(node.get("/.well-known/webfinger?resource=%ZZ").status == 400u);
    BOOST_TEST(node.get("/.well-known/webfinger?resource=" + std::string(600, 'a') + "@x").status ==
               400u);
}

BOOST_AUTO_TEST_CASE(webfinger_finds_the_instance_actor)
{
    auto r = node.get("/.well-known/webfinger?resource=acct:127.0.0.1@" + node.domain());
    BOOST_TEST(r.status == 200u);
    auto actor = node.get("/actor", "application/activity+json");
    BOOST_TEST(actor.status == 200u);
    BOOST_TEST(*actor.json().get_string("type") == "Application");
}

BOOST_AUTO_TEST_CASE(host_meta_points_at_webfinger)
{
    auto r = node.get("/.well-known/host-meta");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type").starts_with("application/xrd+xml"));
    BOOST_TEST(r.body.find(node.base() + "/.well-known/webfinger?resource={uri}") !=
               std::string::npos);
    BOOST_TEST(node.get("/.well-known/host-meta.json").status == 200u);
}

BOOST_AUTO_TEST_CASE(nodeinfo_reports_software_and_counts)
{
    auto links       = node.get("/.well-known/nodeinfo").json();
    const auto& link = links.find("links")->if_array()->at(0);
    BOOST_TEST(*link.get_string("rel") == "http://nodeinfo.diaspora.software/ns/schema/2.1");
    BOOST_TEST(*link.get_string("href") == node.base() + "/nodeinfo/2.1");

    auto r = node.get("/nodeinfo/2.1");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type").find("nodeinfo.diaspora.software/ns/schema/2.1") !=
               std::string::npos);
    auto info = r.json();
    BOOST_TEST(*info.get_string("version") == "2.1");
    BOOST_TEST(*info.find("software")->get_string("name") == "fedblog");
    BOOST_TEST(!info.find("software")->get_string("version")->empty());
    BOOST_TEST(*info.find("protocols")->if_array()->at(0).if_string() == "activitypub");
    BOOST_TEST(*info.find("openRegistrations")->if_bool() == false);
    BOOST_TEST(*info.find("usage")->find("users")->find("total")->if_int() == 1);
    BOOST_TEST(*info.find("usage")->find("localPosts")->if_int() == 1); // the welcome post
}

BOOST_AUTO_TEST_SUITE_END()
