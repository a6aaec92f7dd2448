// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for page templates: a theme folder overrides the built-in ones, values stay
// escaped whatever the template, malformed templates do not break rendering.

// Test that header file is self-contained.
#include "node/web/theme.hpp"

#include "node/web/pages.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>

using namespace fedblog::node;
namespace fs = std::filesystem;

namespace {

struct theme_dir
{
    theme_dir()
    {
        dir = fs::temp_directory_path() /
              ("fedblog-theme-" +
               std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(dir);
    }

    ~theme_dir()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    void write(const std::string& name, const std::string& text) const
    {
        std::ofstream(dir / name, std::ios::binary) << text;
    }

    fs::path dir;
    fedblog::protocol::site_urls urls{"https", "blog.example", "author"};
};

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(themes, theme_dir)

BOOST_AUTO_TEST_CASE(a_theme_file_replaces_its_template_only)
{
    write("message.mustache", "<h1 class=\"mine\">{{heading}}</h1>{{> foot}}");
    write("style.mustache", "body{color:red}");
    write("unrelated.txt", "ignored");
    std::vector<std::string> problems;
    const theme t = theme::load(dir, problems);
    BOOST_TEST(problems.empty());
    site_info site{&urls, "Blog", "", {}, &t};
    const std::string page = render_message(site, "<Gone>", "text");
    BOOST_TEST(page == "<h1 class=\"mine\">&lt;Gone&gt;</h1></main></body></html>\n");
    // The front page keeps the built-in layout, with the theme's style.
    const std::string index = render_index(site, {}, 1, false);
    BOOST_TEST(contains(index, "<style>body{color:red}</style>"));
    BOOST_TEST(contains(index, "No posts yet."));
}

BOOST_AUTO_TEST_CASE(values_are_escaped_and_urls_kept_readable)
{
    write("index.mustache", "{{#posts}}[{{title}}|{{url}}|{{{content}}}]{{/posts}}{{site_title}}");
    std::vector<std::string> problems;
    const theme t = theme::load(dir, problems);
    site_info site{&urls, "A & B <i>", "", {}, &t};
    fedblog::storage::post p;
    p.slug                 = "s";
    p.title                = "<script>x</script>";
    p.content_html         = "<p>ok</p>";
    const std::string page = render_index(site, {p}, 1, false);
    BOOST_TEST(page == "[&lt;script&gt;x&lt;/script&gt;|https://blog.example/posts/s|<p>ok</p>]"
                       "A &amp; B &lt;i&gt;");
}

BOOST_AUTO_TEST_CASE(malformed_templates_render_what_they_can)
{
    write("post.mustache", "{{#post}}unclosed {{title}");
    write("index.mustache", "{{> missing}}{{nothing}}{{#}}{{/}}end");
    std::vector<std::string> problems;
    const theme t = theme::load(dir, problems);
    site_info site{&urls, "Blog", "", {}, &t};
    fedblog::storage::post p;
    p.slug = "s";
    (void)render_post(site, p); // must not throw or crash
    BOOST_TEST(contains(render_index(site, {}, 1, false), "end"));
}

BOOST_AUTO_TEST_CASE(partials_that_include_each_other_are_refused)
{
    // head -> foot -> head would recurse until the stack runs out on the first page view.
    write("head.mustache", "<header>{{> foot}}");
    write("foot.mustache", "{{>head}}</html>");
    write("style.mustache", "body{color:red}");
    std::vector<std::string> problems;
    const theme t = theme::load(dir, problems);
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(contains(problems.front(), "loop"));
    site_info site{&urls, "Blog", "", {}, &t};
    const std::string index = render_index(site, {}, 1, false);
    BOOST_TEST(contains(index, "No posts yet."));
    BOOST_TEST(!contains(index, "body{color:red}")); // the whole theme is set aside
}

BOOST_AUTO_TEST_CASE(a_post_template_places_the_comment_section_and_counts)
{
    write("post.mustache", "{{#post}}<h1>{{title}}</h1>{{/post}}<div id=c>{{{comments}}}</div>");
    write("index.mustache", "{{#posts}}({{comment_count}}){{/posts}}");
    std::vector<std::string> problems;
    const theme t = theme::load(dir, problems);
    site_info site{&urls, "Blog", "", {}, &t};
    fedblog::storage::post p;
    p.slug  = "s";
    p.title = "T";
    BOOST_TEST(render_post(site, p, "<section class=\"comments\">x</section>") ==
               "<h1>T</h1><div id=c><section class=\"comments\">x</section></div>");
    fedblog::storage::post q = p;
    q.slug                   = "q";
    BOOST_TEST(render_index(site, {p, q}, 1, false, {{"s", 1}, {"q", 3}}) ==
               "(1 comment)(3 comments)");
}

BOOST_AUTO_TEST_CASE(no_theme_folder_means_built_in_templates)
{
    std::vector<std::string> problems;
    const theme t = theme::load(dir / "absent", problems);
    BOOST_TEST(problems.empty());
    site_info site{&urls, "Blog", "", {}, &t};
    BOOST_TEST(render_index(site, {}, 1, false) ==
               render_index(site_info{&urls, "Blog", "", {}, nullptr}, {}, 1, false));
}

BOOST_AUTO_TEST_SUITE_END()
