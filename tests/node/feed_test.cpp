// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the Atom feed: well-formed XML (parsed back), required elements, full content,
// and hostile strings escaped or dropped.

// Test that header file is self-contained.
#include "node/web/feed.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <sstream>

using namespace fedblog::node;
namespace storage = fedblog::storage;
namespace pt      = boost::property_tree;

namespace {

struct fixture
{
    fedblog::protocol::site_urls urls{"https", "blog.example", "author"};
    site_info site{&urls, "Author Name", "", {}, nullptr};

    static storage::post make_post(std::string slug, std::string title, std::int64_t when)
    {
        storage::post p;
        p.slug         = std::move(slug);
        p.title        = std::move(title);
        p.content_html = "<p>Body &amp; <b>bold</b></p>";
        p.published    = storage::time_point(std::chrono::seconds(when));
        return p;
    }

    /// Parses the feed; fails the test when it is not well-formed XML.
    static pt::ptree parse(const std::string& xml)
    {
        std::istringstream in(xml);
        pt::ptree tree;
        BOOST_REQUIRE_NO_THROW(pt::read_xml(in, tree));
        return tree;
    }
};

std::vector<pt::ptree> entries(const pt::ptree& tree)
{
    std::vector<pt::ptree> out;
    for (const auto& [name, child] : tree.get_child("feed"))
    {
        if (name == "entry")
            out.push_back(child);
    }
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(atom_feed, fixture)

BOOST_AUTO_TEST_CASE(feed_has_the_required_elements_and_full_content)
{
    storage::post edited  = make_post("second", "", 1'700'100'000);
    edited.updated        = edited.published + std::chrono::hours(1);
    edited.hashtags       = {"cpp", "fediverse"};
    const std::string xml = render_atom(site, {edited, make_post("first", "First", 1'700'000'000)});
    const pt::ptree tree  = parse(xml);
    BOOST_TEST(tree.get<std::string>("feed.<xmlattr>.xmlns") == "http://www.w3.org/2005/Atom");
    BOOST_TEST(tree.get<std::string>("feed.id") == "https://blog.example/");
    BOOST_TEST(tree.get<std::string>("feed.title") == "Author Name");
    BOOST_TEST(tree.get<std::string>("feed.updated") == "2023-11-16T03:00:00Z");
    BOOST_TEST(tree.get<std::string>("feed.author.name") == "Author Name");
    const auto list = entries(tree);
    BOOST_TEST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].get<std::string>("id") == "https://blog.example/posts/second");
    BOOST_TEST(list[0].get<std::string>("link.<xmlattr>.href") ==
               "https://blog.example/posts/second");
    // An untitled note gets its first words as the (required) title.
    BOOST_TEST(list[0].get<std::string>("title") == "Body & bold");
    BOOST_TEST(list[0].get<std::string>("updated") == "2023-11-16T03:00:00Z");
    BOOST_TEST(list[0].get<std::string>("published") == "2023-11-16T02:00:00Z");
    BOOST_TEST(list[0].get<std::string>("content.<xmlattr>.type") == "html");
    BOOST_TEST(list[0].get<std::string>("content") == "<p>Body &amp; <b>bold</b></p>");
    BOOST_TEST(list[0].count("category") == 2u);
    BOOST_TEST(list[1].get<std::string>("title") == "First");
    BOOST_TEST(list[1].get<std::string>("updated") == list[1].get<std::string>("published"));
}

BOOST_AUTO_TEST_CASE(hostile_strings_stay_well_formed)
{
    site.title            = "A <feed> & \"quotes\" \x01\x08 'here'";
    storage::post p       = make_post("p", "]]></title><evil/>\x0B\x1F", 1'700'000'000);
    p.content_html        = "<p>x</p>\x02<![CDATA[ ]]>";
    p.hashtags            = {"a\"b"};
    const std::string xml = render_atom(site, {p});
    const pt::ptree tree  = parse(xml);
    BOOST_TEST(tree.get<std::string>("feed.title") == "A <feed> & \"quotes\"  'here'");
    const auto list = entries(tree);
    BOOST_TEST_REQUIRE(list.size() == 1u);
    BOOST_TEST(list[0].get<std::string>("title") == "]]></title><evil/>");
    BOOST_TEST(list[0].get<std::string>("content") == "<p>x</p><![CDATA[ ]]>");
    BOOST_TEST(xml.find('\x01') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_empty_blog_has_a_valid_feed)
{
    const pt::ptree tree = parse(render_atom(site, {}));
    BOOST_TEST(entries(tree).empty());
    BOOST_TEST(tree.get<std::string>("feed.id") == "https://blog.example/");
}

BOOST_AUTO_TEST_SUITE_END()
