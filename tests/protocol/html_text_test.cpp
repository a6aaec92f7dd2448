// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for HTML escaping and plain-text paragraphs.

// Test that header file is self-contained.
#include "protocol/html_text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::protocol;
using namespace std::string_literals;

BOOST_AUTO_TEST_SUITE(html_text)

BOOST_AUTO_TEST_CASE(escapes_the_five_special_characters)
{
    BOOST_TEST(escape_html("&") == "&amp;");
    BOOST_TEST(escape_html("<") == "&lt;");
    BOOST_TEST(escape_html(">") == "&gt;");
    BOOST_TEST(escape_html("\"") == "&quot;");
    BOOST_TEST(escape_html("'") == "&#39;");
    BOOST_TEST(escape_html("<a href=\"x\" title='y'>&amp;</a>") ==
               "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

BOOST_AUTO_TEST_CASE(escaped_text_cannot_leave_a_quoted_attribute)
{
    std::string const attr = "\" onmouseover=\"alert(1)";
    std::string const out  = escape_html(attr);
    BOOST_TEST(out.find('"') == std::string::npos);
    BOOST_TEST(escape_html("' onfocus='x").find('\'') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(replaces_nul_with_the_replacement_character)
{
    BOOST_TEST(escape_html("a\0b"s) == "a\uFFFDb");
    BOOST_TEST(escape_html("\0\0"s) == "\uFFFD\uFFFD");
}

BOOST_AUTO_TEST_CASE(leaves_everything_else_alone)
{
    BOOST_TEST(escape_html("") == "");
    BOOST_TEST(escape_html("plain text 123") == "plain text 123");
    BOOST_TEST(escape_html("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
    BOOST_TEST(escape_html("tab\tnew\nline\r") == "tab\tnew\nline\r");
    BOOST_TEST(escape_html("&amp;") == "&amp;amp;"); // no double-escape detection: text is text
}

BOOST_AUTO_TEST_CASE(turns_blank_line_separated_blocks_into_paragraphs)
{
    BOOST_TEST(text_to_html("one") == "<p>one</p>");
    BOOST_TEST(text_to_html("one\n\ntwo") == "<p>one</p><p>two</p>");
    BOOST_TEST(text_to_html("one\n\n\n\ntwo") == "<p>one</p><p>two</p>");
    // A line of only spaces and tabs is blank too.
    BOOST_TEST(text_to_html("one\n \t \ntwo") == "<p>one</p><p>two</p>");
}

BOOST_AUTO_TEST_CASE(turns_single_newlines_into_br)
{
    BOOST_TEST(text_to_html("one\ntwo\nthree") == "<p>one<br>two<br>three</p>");
    BOOST_TEST(text_to_html("a\nb\n\nc") == "<p>a<br>b</p><p>c</p>");
}

BOOST_AUTO_TEST_CASE(handles_crlf_line_ends)
{
    BOOST_TEST(text_to_html("one\r\ntwo\r\n\r\nthree\r\n") == "<p>one<br>two</p><p>three</p>");
    BOOST_TEST(text_to_html("a\r\n \r\nb") == "<p>a</p><p>b</p>");
}

BOOST_AUTO_TEST_CASE(ignores_leading_and_trailing_blank_lines)
{
    BOOST_TEST(text_to_html("\n\none\n\n") == "<p>one</p>");
    BOOST_TEST(text_to_html("") == "");
    BOOST_TEST(text_to_html("\n") == "");
    BOOST_TEST(text_to_html("\r\n\r\n") == "");
    BOOST_TEST(text_to_html("   ") == "");
}

BOOST_AUTO_TEST_CASE(escapes_the_text_of_paragraphs)
{
    BOOST_TEST(text_to_html("<script>alert('x')</script>\n\na & b") ==
               "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p><p>a &amp; b</p>");
    // Indentation inside a paragraph is kept (only blank lines are special).
    BOOST_TEST(text_to_html("  indented\nline") == "<p>  indented<br>line</p>");
    BOOST_TEST(text_to_html("a\0b"s) == "<p>a\uFFFDb</p>");
}

BOOST_AUTO_TEST_SUITE_END()
