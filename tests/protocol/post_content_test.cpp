// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for rendering the author's Markdown: GFM, raw HTML through the sanitizer, hashtags,
// mentions and images.

// Test that header file is self-contained.
#include "protocol/post_content.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace fedblog::protocol;

namespace {

site_urls const urls{"https", "blog.example", "author"};

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

post_content render(std::string_view md, const std::vector<resolved_mention>& mentions = {})
{
    return render_post_markdown(md, urls, mentions);
}

std::vector<std::string> keys(const post_content& c)
{
    std::vector<std::string> out;
    for (const auto& t : c.hashtags)
        out.push_back(t.key);
    return out;
}

std::vector<std::string> addresses(std::string_view md)
{
    std::vector<std::string> out;
    for (const auto& m : find_mentions(md))
        out.push_back(m.address());
    return out;
}

const resolved_mention bob{"bob@social.example", "https://social.example/users/bob",
                           "https://social.example/@bob"};

} // namespace

BOOST_AUTO_TEST_SUITE(post_content_rendering)

BOOST_AUTO_TEST_CASE(gfm_tables_strikethrough_and_autolinks)
{
    const auto c = render("| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~gone~~ and www.example.com\n");
    BOOST_TEST(contains(c.html, "<table>"), c.html);
    BOOST_TEST(contains(c.html, "<td align=\"right\">2</td>"), c.html);
    BOOST_TEST(contains(c.html, "<del>gone</del>"), c.html);
    BOOST_TEST(contains(c.html, "href=\"http://www.example.com\""), c.html);
}

BOOST_AUTO_TEST_CASE(raw_html_is_kept_only_as_the_sanitizer_allows)
{
    const auto c =
        render("<h2 onclick=\"x()\">Hi</h2>\n\n<script>alert(1)</script>\n\nok <sup>2</sup> "
               "<a href=\"javascript:alert(3)\">bad</a> <img src=\"https://cdn.example/a.png\" "
               "alt=\"A cat\" onerror=\"y()\">\n");
    BOOST_TEST(contains(c.html, "<h2>Hi</h2>"), c.html);
    BOOST_TEST(contains(c.html, "<sup>2</sup>"), c.html);
    BOOST_TEST(!contains(c.html, "script"), c.html);
    BOOST_TEST(!contains(c.html, "alert"), c.html);
    BOOST_TEST(!contains(c.html, "onclick"), c.html);
    BOOST_TEST(!contains(c.html, "onerror"), c.html);
    BOOST_TEST(!contains(c.html, "javascript"), c.html);
    BOOST_TEST_REQUIRE(c.images.size() == 1u);
    BOOST_TEST(c.images[0].src == "https://cdn.example/a.png");
    BOOST_TEST(c.images[0].alt == "A cat");
}

BOOST_AUTO_TEST_CASE(markdown_images_are_listed_with_their_alt_text)
{
    const auto c = render("![A dog & a \"cat\"](https://blog.example/media/ab.png)\n\n"
                          "![](https://x.example/b.jpg) ![x](data:image/png;base64,AAAA)\n");
    BOOST_TEST_REQUIRE(c.images.size() == 2u);
    BOOST_TEST(c.images[0].src == "https://blog.example/media/ab.png");
    BOOST_TEST(c.images[0].alt == "A dog & a \"cat\"");
    BOOST_TEST(c.images[1].alt.empty());
    BOOST_TEST(!contains(c.html, "data:"), c.html);
}

BOOST_AUTO_TEST_CASE(hashtags_become_tag_links)
{
    const auto c = render("Notes on #CPlusPlus and #cplusplus, #caf\xC3\xA9 and #snake_case.\n");
    BOOST_TEST((keys(c) == std::vector<std::string>{"cplusplus", "caf\xC3\xA9", "snake_case"}));
    BOOST_TEST(c.hashtags[0].name == "CPlusPlus");
    BOOST_TEST(contains(c.html, "<a href=\"https://blog.example/tags/cplusplus\" class=\"mention "
                                "hashtag\" rel=\"tag\">#<span>CPlusPlus</span></a>"),
               c.html);
    BOOST_TEST(contains(c.html, "https://blog.example/tags/caf%C3%A9"), c.html);
    // The sentence's full stop is not part of the tag.
    BOOST_TEST(contains(c.html, "snake_case</span></a>."), c.html);
}

BOOST_AUTO_TEST_CASE(what_is_not_a_hashtag)
{
    const auto c = render("# A heading\n\nissue #123, a#b, x.com/#anchor, (#) and `#code`\n\n"
                          "```\n#fenced\n```\n\n[#linked](https://example.com/) "
                          "https://example.com/#frag\n");
    BOOST_TEST(c.hashtags.empty());
    BOOST_TEST(!contains(c.html, "class=\"mention hashtag\""), c.html);
    BOOST_TEST(contains(c.html, "<h1>A heading</h1>"), c.html);
    BOOST_TEST(contains(c.html, "<code>#code</code>"), c.html);
}

BOOST_AUTO_TEST_CASE(tag_split_by_an_unmatched_delimiter_is_read_whole)
{
    // cmark leaves an unmatched '_' as its own text node; the tag must still be whole.
    const auto c = render("about #long_tag_name here\n");
    BOOST_TEST((keys(c) == std::vector<std::string>{"long_tag_name"}));
}

BOOST_AUTO_TEST_CASE(finds_mentions_outside_code_and_links)
{
    BOOST_TEST((addresses("Hi @bob@social.example and @Alice@Other.Example:8443, "
                          "again @BOB@social.example.\n") ==
                std::vector<std::string>{"bob@social.example", "Alice@other.example:8443"}));
    BOOST_TEST(addresses("mail me: bob@social.example").empty());
    BOOST_TEST(addresses("`@bob@social.example`\n\n    @eve@code.example\n").empty());
    BOOST_TEST(addresses("[@bob@social.example](https://x.example/)").empty());
    BOOST_TEST(addresses("@bob@localhost and @@bob@x.example and a@bob@x.example").empty());
}

BOOST_AUTO_TEST_CASE(resolved_mentions_become_h_card_links)
{
    const auto c = render("Thanks @bob@social.example! And @eve@nowhere.example.\n", {bob});
    BOOST_TEST(contains(c.html, "<span class=\"h-card\"><a href=\"https://social.example/@bob\" "
                                "class=\"u-url mention\">@<span>bob</span></a></span>!"),
               c.html);
    // A mention that did not resolve stays text.
    BOOST_TEST(contains(c.html, "@eve@nowhere.example."), c.html);
    BOOST_TEST_REQUIRE(c.mentions.size() == 1u);
    BOOST_TEST(c.mentions[0].actor_id == "https://social.example/users/bob");
}

BOOST_AUTO_TEST_CASE(links_cannot_be_forged_with_private_use_markers)
{
    // The markers that carry links through the sanitizer are U+E000 n U+E001; the author's
    // own are replaced, so they cannot pull in a link (or raw HTML) by number.
    const auto c = render("\xEE\x80\x80"
                          "0\xEE\x80\x81 then #tag\n");
    BOOST_TEST((keys(c) == std::vector<std::string>{"tag"}));
    BOOST_TEST(contains(c.html, "\xEF\xBF\xBD"
                                "0\xEF\xBF\xBD then <a "),
               c.html);
    BOOST_TEST(!contains(c.html, "\xEE\x80\x80"), c.html);
}

BOOST_AUTO_TEST_CASE(hashtags_inside_raw_html_links_are_left_alone)
{
    const auto c = render("see <a href=\"https://example.com/\">#inside</a> and #outside\n");
    BOOST_TEST((keys(c) == std::vector<std::string>{"outside"}));
}

BOOST_AUTO_TEST_CASE(hashtag_key_validates_names)
{
    BOOST_TEST(hashtag_key("FediBlog") == "fediblog");
    BOOST_TEST(hashtag_key("caf\xC3\xA9") == "caf\xC3\xA9");
    BOOST_TEST(hashtag_key("2024").empty());
    BOOST_TEST(hashtag_key("").empty());
    BOOST_TEST(hashtag_key("a b").empty());
    BOOST_TEST(hashtag_key("a/b").empty());
    BOOST_TEST(hashtag_key(std::string(101, 'a')).empty());
}

BOOST_AUTO_TEST_CASE(hostile_inputs_never_throw)
{
    const std::vector<std::string> inputs{
        std::string(100000, '#'),
        std::string(50000, '@') + "a@b.c",
        "#\xFF\xFE\xC3",
        "@a@" + std::string(300, 'b') + ".example",
        std::string(5000, '[') + "#x" + std::string(5000, ']'),
        std::string("\xEE\x80\x80\xEE\x80\x81\xEE\x80\x80", 9),
        "<a href=x>" + std::string(1000, '<') + "#t",
    };
    for (const auto& in : inputs)
    {
        BOOST_CHECK_NO_THROW(render(in, {bob}));
        BOOST_CHECK_NO_THROW(find_mentions(in));
    }
}

BOOST_AUTO_TEST_CASE(find_images_reads_sanitized_html)
{
    const auto imgs = find_images("<p><img src=\"https://a.example/x.png\" alt=\"x &amp; y\">"
                                  "<img alt=\"no src\"><img src=\"https://a.example/y.gif\"></p>");
    BOOST_TEST_REQUIRE(imgs.size() == 2u);
    BOOST_TEST(imgs[0].alt == "x & y");
    BOOST_TEST(imgs[1].src == "https://a.example/y.gif");
}

BOOST_AUTO_TEST_SUITE_END()
