// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the NodeInfo 2.1 discovery and schema documents.

// Test that header file is self-contained.
#include "protocol/nodeinfo.hpp"

#include "protocol/json.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::protocol;

namespace {

std::string text(const json::value* v)
{
    return v == nullptr ? "<absent>" : json::serialize(*v);
}

} // namespace

BOOST_AUTO_TEST_SUITE(nodeinfo)

BOOST_AUTO_TEST_CASE(discovery_links_the_2_1_document)
{
    BOOST_TEST(json::serialize(build_nodeinfo_links("https://blog.example")) ==
               R"({"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1",)"
               R"("href":"https://blog.example/nodeinfo/2.1"}]})");
    BOOST_TEST(text(build_nodeinfo_links("http://127.0.0.1:18080").find("links")) ==
               R"([{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1",)"
               R"("href":"http://127.0.0.1:18080/nodeinfo/2.1"}])");
}

BOOST_AUTO_TEST_CASE(document_has_every_required_schema_field)
{
    json::value const doc = build_nodeinfo("0.1.0", nodeinfo_usage{1, 12}, "My Blog");
    // Required by the 2.1 schema: version, software{name,version}, protocols, services,
    // openRegistrations, usage{users}, metadata.
    BOOST_TEST(text(doc.find("version")) == R"("2.1")");
    BOOST_TEST(text(doc.find("software")) == R"({"name":"fedblog","version":"0.1.0"})");
    BOOST_TEST(text(doc.find("protocols")) == R"(["activitypub"])");
    BOOST_TEST(text(doc.find("services")) == R"({"inbound":[],"outbound":["atom1.0"]})");
    BOOST_TEST(text(doc.find("openRegistrations")) == "false");
    BOOST_TEST(text(doc.find("usage")) ==
               R"({"users":{"total":1,"activeMonth":1,"activeHalfyear":1},"localPosts":12})");
    BOOST_TEST(text(doc.find("metadata")) == R"({"nodeName":"My Blog"})");
}

BOOST_AUTO_TEST_CASE(software_name_matches_the_schema_pattern)
{
    // The schema requires ^[a-z0-9-]+$ for software.name.
    json::value const doc       = build_nodeinfo("1.2.3-rc1", {}, "x");
    std::string_view const name = doc.find("software")->get_string("name").value_or("");
    BOOST_TEST(!name.empty());
    BOOST_TEST(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
               std::string_view::npos);
    BOOST_TEST(doc.find("software")->get_string("version").value_or("") == "1.2.3-rc1");
}

BOOST_AUTO_TEST_CASE(defaults_describe_a_new_single_author_blog)
{
    json::value const doc = build_nodeinfo("0.1.0", {}, "");
    BOOST_TEST(text(doc.find("usage")) ==
               R"({"users":{"total":1,"activeMonth":1,"activeHalfyear":1},"localPosts":0})");
    BOOST_TEST(text(doc.find("metadata")) == R"({"nodeName":""})");
}

BOOST_AUTO_TEST_CASE(node_name_is_escaped_as_json)
{
    json::value const doc = build_nodeinfo("0.1.0", {}, "\"quoted\" \\ <b>\n");
    auto back             = json::parse(json::serialize(doc));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->find("metadata")->get_string("nodeName").value_or("") ==
               "\"quoted\" \\ <b>\n");
}

BOOST_AUTO_TEST_SUITE_END()
