// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for Markdown rendering (GFM) and its plain-text form.

// Test that header file is self-contained.
#include "protocol/markdown.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace fedblog::protocol;

namespace {

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(markdown)

BOOST_AUTO_TEST_CASE(renders_commonmark_basics)
{
    BOOST_TEST(render_markdown("Hello *world*") == "<p>Hello <em>world</em></p>\n");
    BOOST_TEST(render_markdown("# Title\n\ntext") == "<h1>Title</h1>\n<p>text</p>\n");
    BOOST_TEST(render_markdown("[a](https://example.com/x \"t\")") ==
               "<p><a href=\"https://example.com/x\" title=\"t\">a</a></p>\n");
    BOOST_TEST(render_markdown("`a<b`") == "<p><code>a&lt;b</code></p>\n");
    BOOST_TEST(render_markdown("") == "");
}

BOOST_AUTO_TEST_CASE(renders_gfm_tables)
{
    std::string const html = render_markdown("| a | b |\n|---|:-:|\n| c | d |\n");
    BOOST_TEST(contains(html, "<table>"));
    BOOST_TEST(contains(html, "<th>a</th>"));
    BOOST_TEST(contains(html, "<td>c</td>"));
    BOOST_TEST(contains(html, "<th align=\"center\">b</th>"));
}

BOOST_AUTO_TEST_CASE(renders_gfm_strikethrough_with_double_tildes_only)
{
    BOOST_TEST(render_markdown("~~gone~~") == "<p><del>gone</del></p>\n");
    // CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE: "~single~" stays text (it reads as "approximately").
    BOOST_TEST(render_markdown("~5 min") == "<p>~5 min</p>\n");
    BOOST_TEST(render_markdown("~one~") == "<p>~one~</p>\n");
}

BOOST_AUTO_TEST_CASE(renders_gfm_autolinks)
{
    BOOST_TEST(render_markdown("see https://example.com/a?b=c now") ==
               "<p>see <a href=\"https://example.com/a?b=c\">https://example.com/a?b=c</a> "
               "now</p>\n");
    BOOST_TEST(render_markdown("www.example.com") ==
               "<p><a href=\"http://www.example.com\">www.example.com</a></p>\n");
    BOOST_TEST(render_markdown("<https://example.com>") ==
               "<p><a href=\"https://example.com\">https://example.com</a></p>\n");
}

BOOST_AUTO_TEST_CASE(renders_gfm_task_lists)
{
    std::string const html = render_markdown("- [ ] todo\n- [x] done\n");
    BOOST_TEST(contains(html, "<li><input type=\"checkbox\" disabled=\"\" /> todo</li>"));
    BOOST_TEST(
        contains(html, "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"));
}

BOOST_AUTO_TEST_CASE(does_not_pass_raw_html_through)
{
    for (std::string_view source : {
             "<script>alert(1)</script>",                      // a script block
             "text <script>alert(1)</script> text",            // inline script
             "<img src=x onerror=alert(1)>",                   // event handler
             "<iframe src=\"https://evil.example\"></iframe>", // frame
             "<a href=\"javascript:alert(1)\">x</a>",          // raw link
             "<div>\n\n*md inside*\n\n</div>",                 // HTML block around Markdown
             "<style>body{display:none}</style>",              // style
             "<!-- comment --><b>bold</b>",                    // comment and tag
         })
    {
        BOOST_TEST_CONTEXT(source)
        {
            std::string const html = render_markdown(source);
            BOOST_TEST(!contains(html, "<script"));
            BOOST_TEST(!contains(html, "<img"));
            BOOST_TEST(!contains(html, "<iframe"));
            BOOST_TEST(!contains(html, "<style"));
            BOOST_TEST(!contains(html, "<div"));
            BOOST_TEST(!contains(html, "<b>"));
            BOOST_TEST(!contains(html, "javascript:"));
            BOOST_TEST(!contains(html, "onerror"));
        }
    }
    // The text around it survives; the tags become comments.
    BOOST_TEST(render_markdown("x <b>y</b>") ==
               "<p>x <!-- raw HTML omitted -->y<!-- raw HTML omitted --></p>\n");
}

BOOST_AUTO_TEST_CASE(drops_javascript_and_data_link_targets)
{
    for (std::string_view source : {
             "[x](javascript:alert(1))",                      // the classic
             "[x](JAVASCRIPT:alert(1))",                      // case
             "[x](javascript&#58;alert(1))",                  // entity-encoded colon
             "[x](vbscript:msgbox)",                          // old IE
             "[x](data:text/html,<script>alert(1)</script>)", // HTML in data:
             "[x](data:image/png;base64,iVBORw0KGgo=)",       // cmark would keep this one
             "[x](DATA:image/gif;base64,R0lGOD)",             // and this, in upper case
             "![x](data:image/webp;base64,UklGR)",            // an image
             "[x][r]\n\n[r]: javascript:alert(1)",            // reference definition
             "<javascript:alert(1)>",                         // autolink syntax
         })
    {
        BOOST_TEST_CONTEXT(source)
        {
            std::string const html = render_markdown(source);
            BOOST_TEST(!contains(html, "href=\"javascript"));
            BOOST_TEST(!contains(html, "href=\"JAVASCRIPT"));
            BOOST_TEST(!contains(html, "href=\"vbscript"));
            BOOST_TEST(!contains(html, "href=\"data"));
            BOOST_TEST(!contains(html, "href=\"DATA"));
            BOOST_TEST(!contains(html, "src=\"data"));
        }
    }
    BOOST_TEST(render_markdown("[x](javascript:alert(1))") == "<p><a href=\"\">x</a></p>\n");
    BOOST_TEST(render_markdown("![alt](data:image/png;base64,AAAA)") ==
               "<p><img src=\"\" alt=\"alt\" /></p>\n");
    // Ordinary targets stay, including ones that merely contain "data:".
    BOOST_TEST(render_markdown("[x](https://example.com/data:1)") ==
               "<p><a href=\"https://example.com/data:1\">x</a></p>\n");
    BOOST_TEST(render_markdown("[x](/relative)") == "<p><a href=\"/relative\">x</a></p>\n");
    BOOST_TEST(render_markdown("[x](mailto:a@example.com)") ==
               "<p><a href=\"mailto:a@example.com\">x</a></p>\n");
}

BOOST_AUTO_TEST_CASE(escapes_text)
{
    BOOST_TEST(render_markdown("a < b & \"c\"") == "<p>a &lt; b &amp; &quot;c&quot;</p>\n");
}

BOOST_AUTO_TEST_CASE(survives_hostile_input)
{
    // Deep nesting and pathological emphasis must come back quickly and not crash.
    std::string const quotes(10000, '>');
    BOOST_TEST(!render_markdown(quotes + " x").empty());
    std::string const brackets = std::string(5000, '[') + std::string(5000, ']');
    BOOST_TEST(!render_markdown(brackets).empty());
    std::string stars;
    for (int i = 0; i < 5000; ++i)
        stars += "*a **b ";
    BOOST_TEST(!render_markdown(stars).empty());
    std::string const nul("a\0b", 3);
    BOOST_TEST(contains(render_markdown(nul), "a\uFFFDb")); // NUL becomes U+FFFD
}

BOOST_AUTO_TEST_CASE(is_safe_to_call_concurrently)
{
    std::vector<std::thread> threads;
    std::vector<std::string> results(4);
    for (std::size_t t = 0; t < results.size(); ++t)
    {
        threads.emplace_back([&results, t] {
            for (int i = 0; i < 50; ++i)
                results[t] = render_markdown("| a |\n|---|\n| ~~b~~ www.example.com |\n");
        });
    }
    for (auto& th : threads)
        th.join();
    for (const auto& r : results)
        BOOST_TEST(r == results.front());
    BOOST_TEST(contains(results.front(), "<del>b</del>"));
}

BOOST_AUTO_TEST_CASE(plain_text_is_the_visible_words)
{
    BOOST_TEST(markdown_plain_text("# Title\n\nSome *emphasis* and `code`.") ==
               "Title Some emphasis and code.");
    BOOST_TEST(markdown_plain_text("[link text](https://example.com)") == "link text");
    BOOST_TEST(markdown_plain_text("![alt text](https://example.com/a.png)") == "alt text");
    BOOST_TEST(markdown_plain_text("line one\nline two  \nline three") ==
               "line one line two line three");
    BOOST_TEST(markdown_plain_text("- one\n- two\n\n1. three") == "one two three");
    BOOST_TEST(markdown_plain_text("> quoted\n\nafter") == "quoted after");
    BOOST_TEST(markdown_plain_text("") == "");
    BOOST_TEST(markdown_plain_text("   \n\n  ") == "");
}

BOOST_AUTO_TEST_CASE(plain_text_leaves_out_raw_html)
{
    BOOST_TEST(markdown_plain_text("<script>alert(1)</script>\n\ntext") == "text");
    BOOST_TEST(markdown_plain_text("x <b>y</b>") == "x y");
}

BOOST_AUTO_TEST_CASE(plain_text_separates_table_cells)
{
    BOOST_TEST(markdown_plain_text("| a | b |\n|---|---|\n| c | d |\n") == "a b c d");
}

BOOST_AUTO_TEST_CASE(plain_text_keeps_code_blocks)
{
    // A post that is only a code block is not empty.
    BOOST_TEST(markdown_plain_text("```\nint main()\n{ return 0; }\n```\n") ==
               "int main() { return 0; }");
    BOOST_TEST(markdown_plain_text("before\n\n    indented code\n\nafter") ==
               "before indented code after");
}

BOOST_AUTO_TEST_CASE(plain_text_of_gfm_extensions)
{
    BOOST_TEST(markdown_plain_text("~~old~~ new") == "old new");
    BOOST_TEST(markdown_plain_text("- [ ] todo\n- [x] done") == "todo done");
    BOOST_TEST(markdown_plain_text("see www.example.com") == "see www.example.com");
}

BOOST_AUTO_TEST_SUITE_END()
