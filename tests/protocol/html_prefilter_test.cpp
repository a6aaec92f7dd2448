// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the canonicalizing pre-pass that bounds gumbo's tree depth.

// Test that header file is self-contained.
#include "protocol/html_prefilter.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using fedblog::protocol::detail::parsed_depth_for_testing;
using fedblog::protocol::detail::prefilter_html;
using fedblog::protocol::detail::prefilter_limits;

namespace {

std::string repeat(std::string_view s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

// html, tbody and tr that gumbo adds on top of what the model counts.
constexpr std::size_t depth_bound = 2 * prefilter_limits{}.max_depth + 4;

} // namespace

BOOST_AUTO_TEST_SUITE(html_prefilter)

BOOST_AUTO_TEST_CASE(writes_tags_canonically)
{
    BOOST_TEST(prefilter_html("<A HREF=x Title='a\"b' checked>t</A >") ==
               R"(<a href="x" title="a&quot;b" checked>t</a>)");
    BOOST_TEST(prefilter_html("<p/><br/>") == "<p><br>");
    BOOST_TEST(prefilter_html("<a b=\"1\"c='2'd=3>") == R"(<a b="1" c="2" d="3">)");
    // A tag cut off by the end of input is dropped, as the tokenizer does.
    BOOST_TEST(prefilter_html("x<a href=\"y") == "x");
}

BOOST_AUTO_TEST_CASE(escapes_every_lt_that_is_not_a_tag)
{
    BOOST_TEST(prefilter_html("a < b <3 <") == "a &lt; b &lt;3 &lt;");
    BOOST_TEST(prefilter_html("<style>a<b{}</style>") == "<style>a&lt;b{}</style>");
    BOOST_TEST(prefilter_html("<script><!--<script></script><div>") ==
               "<script>&lt;!--&lt;script></script><div>");
    BOOST_TEST(prefilter_html("<plaintext></plaintext><b>") == "<plaintext>&lt;/plaintext>&lt;b>");
    // Removing a comment cannot glue a tag together.
    BOOST_TEST(prefilter_html("<<!---->div>") == "&lt;div>");
}

BOOST_AUTO_TEST_CASE(removes_declarations)
{
    BOOST_TEST(prefilter_html("a<!-- x --!>b<!-->c<!--->d") == "abcd");
    BOOST_TEST(prefilter_html("a<!DOCTYPE html>b<?xml x?>c</ 3>d</>e") == "abcde");
    BOOST_TEST(prefilter_html("a<![CDATA[ x > y ]]>b") == "ab");
}

BOOST_AUTO_TEST_CASE(caps_attributes_per_tag)
{
    std::string tag = "<a";
    for (int i = 0; i < 100; ++i)
        tag += " a" + std::to_string(i) + "=1";
    const std::string out = prefilter_html(tag + ">");
    BOOST_TEST(out.find(" a31=") != std::string::npos);
    BOOST_TEST(out.find(" a32=") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(removes_start_tags_beyond_the_depth_limit)
{
    prefilter_limits limits;
    limits.max_depth = 3;
    BOOST_TEST(prefilter_html("<div><div><div><div>x<script>s</script></div>", limits) ==
               "<div><div><div>x</div>");
    // Well-nested siblings do not accumulate.
    BOOST_TEST(prefilter_html("<p>a</p><p>b<p>c<ul><li>d<li>e</ul>", limits) ==
               "<p>a</p><p>b<p>c<ul><li>d<li>e</ul>");
}

BOOST_AUTO_TEST_CASE(bounds_the_parsed_tree_on_hostile_shapes)
{
    const std::vector<std::string> inputs{
        repeat("<div>", 20000),
        "<table>" + repeat("<div>", 20000),  // foster-parented, </div> ignored
        repeat("<div><table></div>", 5000),  // end tags gumbo ignores in tables
        repeat("<b id=1><div></div>", 5000), // reconstruction of formatting elements
        repeat("<p><b>x</p>", 5000),         // the same across paragraphs
        repeat("<foo></bar>", 5000),         // unknown tags never match each other
        repeat("<div><script><!--<script></script></div></script>", 2000), // script escapes
        repeat("<svg><input>", 5000),                                      // void only in HTML
        repeat("<table><td>", 5000),                                       // implied tbody and tr
        repeat("<select><div></div>", 5000),
        repeat("<form><p><b></form>", 5000),
        repeat("<svg><style></style></svg><div>", 5000),
        repeat("<math><mi><style><div></style>", 5000),
    };
    for (const auto& input : inputs)
    {
        BOOST_TEST_INFO("input starting " << input.substr(0, 40));
        BOOST_TEST(parsed_depth_for_testing(input) <= depth_bound);
    }
}

BOOST_AUTO_TEST_SUITE_END()
