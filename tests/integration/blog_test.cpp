// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog as a reader sees it: tag pages, the Atom feed, post pages with their meta tags
// and earlier versions, and the CLI that writes, edits, pins and deletes.
#include "tests/support/node_process.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;
namespace pt   = boost::property_tree;

namespace {

constexpr const char* as_accept = "application/activity+json";

struct blog
{
    blog()
    {
        node.start();
        token = node.create_token();
    }

    std::string path(const std::string& url) const { return url.substr(node.base().size()); }

    std::filesystem::path write(const std::string& name, const std::string& text) const
    {
        const auto file = node.data_dir().parent_path() / name;
        std::ofstream out(file, std::ios::binary);
        out << text;
        return file;
    }

    node_process node;
    std::string token;
};

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(blog_pages, blog)

BOOST_AUTO_TEST_CASE(tag_pages_list_the_tagged_posts)
{
    const std::string a = node.publish(token, "About #Cooking and #bread.");
    const std::string b = node.publish(token, "More #cooking.");
    node.publish(token, "Nothing tagged.");
    auto page = node.get("/tags/cooking", "text/html");
    BOOST_TEST_REQUIRE(page.status == 200u);
    BOOST_TEST(page.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(contains(page.body, "<h2>#cooking</h2>"));
    BOOST_TEST(contains(page.body, path(a)));
    BOOST_TEST(contains(page.body, path(b)));
    BOOST_TEST(!contains(page.body, "Nothing tagged."));
    BOOST_TEST(contains(node.get("/tags/bread", "text/html").body, path(a)));
    BOOST_TEST(contains(node.get("/tags/unused", "text/html").body, "No posts yet."));
    // Not a hashtag key: no page.
    BOOST_TEST(node.get("/tags/Cooking", "text/html").status == 404u);
    BOOST_TEST(node.get("/tags/123", "text/html").status == 404u);
    BOOST_TEST(node.get("/tags/%3Cscript%3E", "text/html").status == 404u);
    BOOST_TEST(node.get("/tags/cooking?page=x", "text/html").status == 400u);
}

BOOST_AUTO_TEST_CASE(the_atom_feed_is_valid_and_complete)
{
    const std::string url = node.publish(token, "Feed *body* with #tag.", "In the <feed>");
    auto r                = node.get("/feed.atom");
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "application/atom+xml; charset=utf-8");
    std::istringstream in(r.body);
    pt::ptree tree;
    BOOST_REQUIRE_NO_THROW(pt::read_xml(in, tree));
    std::vector<pt::ptree> entries;
    for (const auto& [name, child] : tree.get_child("feed"))
    {
        if (name == "entry")
            entries.push_back(child);
    }
    BOOST_TEST_REQUIRE(entries.size() == 2u); // ours and the welcome post
    BOOST_TEST(entries[0].get<std::string>("id") == url);
    BOOST_TEST(entries[0].get<std::string>("title") == "In the <feed>");
    BOOST_TEST(contains(entries[0].get<std::string>("content"), "Feed <em>body</em>"));
    BOOST_TEST(entries[0].get<std::string>("category.<xmlattr>.term") == "tag");
    BOOST_TEST(tree.get<std::string>("feed.id") == node.base() + "/");
}

BOOST_AUTO_TEST_CASE(post_pages_carry_link_preview_tags)
{
    const std::string url = node.publish(token, "Preview me.", "Previewed");
    auto page             = node.get(path(url), "text/html");
    BOOST_TEST(contains(page.body, "<meta property=\"og:title\" content=\"Previewed\">"));
    BOOST_TEST(contains(page.body, "<meta property=\"og:url\" content=\"" + url + "\">"));
    BOOST_TEST(contains(page.body, "<meta name=\"fediverse:creator\" content=\"@author@" +
                                       node.domain() + "\">"));
}

BOOST_AUTO_TEST_CASE(cli_writes_edits_pins_and_deletes)
{
    const auto first  = write("post.md", "Written in a **file**.\n");
    const auto second = write("edit.md", "Rewritten in a file.\n");
    auto posted = run_fedblog({"post", "--server", node.base(), "--token", token, first.string(),
                               "--title", "From the CLI", "--tag", "cli"});
    BOOST_TEST_REQUIRE(posted.exit_code == 0, posted.err);
    const std::string url = posted.out.substr(0, posted.out.find('\n'));
    BOOST_TEST(url == node.base() + "/posts/from-the-cli");
    auto note = node.get(path(url), as_accept).json();
    BOOST_TEST(contains(std::string(*note.get_string("content")), "<strong>file</strong>"));
    BOOST_TEST(note.find("tag")->if_array()->size() == 1u);

    auto edited =
        run_fedblog({"edit", "--server", node.base(), "--token", token, url, second.string()});
    BOOST_TEST_REQUIRE(edited.exit_code == 0, edited.err);
    note = node.get(path(url), as_accept).json();
    BOOST_TEST(contains(std::string(*note.get_string("content")), "Rewritten in a file."));
    BOOST_TEST(note.get_string("updated").has_value());
    // The post page keeps what it said before.
    auto page = node.get(path(url), "text/html");
    BOOST_TEST(contains(page.body, "Earlier versions (1)"));
    BOOST_TEST(contains(page.body, "<strong>file</strong>"));

    auto pinned = run_fedblog({"pin", "--server", node.base(), "--token", token, url});
    BOOST_TEST_REQUIRE(pinned.exit_code == 0, pinned.err);
    const auto featured = node.get("/users/author/featured", as_accept).json();
    BOOST_TEST(*featured.find("totalItems")->if_int() == 1);
    auto unpinned = run_fedblog({"pin", "--server", node.base(), "--token", token, url, "--unpin"});
    BOOST_TEST_REQUIRE(unpinned.exit_code == 0, unpinned.err);
    const auto emptied = node.get("/users/author/featured", as_accept).json();
    BOOST_TEST(*emptied.find("totalItems")->if_int() == 0);

    auto deleted = run_fedblog({"delete", "--server", node.base(), "--token", token, url});
    BOOST_TEST_REQUIRE(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(node.get(path(url), as_accept).status == 410u);

    // Failures say what went wrong and exit 1.
    auto again = run_fedblog({"delete", "--server", node.base(), "--token", token, url});
    BOOST_TEST(again.exit_code == 1);
    BOOST_TEST(contains(again.err, "410"), again.err);
    auto bad_token = run_fedblog(
        {"edit", "--server", node.base(), "--token", "fbt_1_nope", url, second.string()});
    BOOST_TEST(bad_token.exit_code == 1);
    BOOST_TEST(contains(bad_token.err, "token"), bad_token.err);
    auto missing =
        run_fedblog({"edit", "--server", node.base(), "--token", token, url, "/nonexistent.md"});
    BOOST_TEST(missing.exit_code == 1);
    BOOST_TEST(contains(missing.err, "cannot read"), missing.err);
    auto unreachable =
        run_fedblog({"pin", "--server", "http://127.0.0.1:1", "--token", token, url});
    BOOST_TEST(unreachable.exit_code == 1);
    BOOST_TEST(contains(unreachable.err, "cannot reach"), unreachable.err);
}

BOOST_AUTO_TEST_CASE(cli_post_uploads_images_as_attachments)
{
    std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string("\0\0\0\x0DIHDR", 8) +
                      std::string("\0\0\0\x10\0\0\0\x08", 8) + std::string("\x08\x02\0\0\0", 5) +
                      std::string(4, '\0');
    const auto image = write("pic.png", png);
    const auto text  = write("pic.md", "A picture.\n");
    auto posted = run_fedblog({"post", "--server", node.base(), "--token", token, text.string(),
                               "--image", image.string(), "--alt", "A [tiny] picture"});
    BOOST_TEST_REQUIRE(posted.exit_code == 0, posted.err);
    const std::string url = posted.out.substr(0, posted.out.find('\n'));
    const auto note       = node.get(path(url), as_accept).json();
    const auto& list      = *note.find("attachment")->if_array();
    BOOST_TEST_REQUIRE(list.size() == 1u);
    BOOST_TEST(*list.at(0).get_string("name") == "A  tiny  picture");
    BOOST_TEST(*list.at(0).get_string("mediaType") == "image/png");
    BOOST_TEST(*list.at(0).find("width")->if_int() == 16);

    auto bad = run_fedblog({"post", "--server", node.base(), "--token", token, text.string(),
                            "--image", text.string()});
    BOOST_TEST(bad.exit_code == 1);
    BOOST_TEST(contains(bad.err, "415"), bad.err);
}

BOOST_AUTO_TEST_CASE(a_theme_folder_changes_the_pages)
{
    node_process themed;
    std::filesystem::create_directories(themed.data_dir() / "theme");
    std::ofstream(themed.data_dir() / "theme" / "style.mustache") << "body{background:#fed}";
    std::ofstream(themed.data_dir() / "theme" / "message.mustache")
        << "{{> head}}<p class=\"themed\">{{heading}}: {{text}}</p>{{> foot}}";
    std::ofstream(themed.data_dir() / "theme" / "post.mustache")
        << "{{> head}}{{#post}}<article class=\"mine\"><h1>{{title}}</h1>{{{content}}}"
           "{{#tags}}<a class=\"tag\" href=\"{{url}}\">#{{name}}</a>{{/tags}}</article>"
           "{{/post}}{{{comments}}}{{> foot}}";
    themed.start();
    BOOST_TEST(contains(themed.get("/", "text/html").body, "<style>body{background:#fed}</style>"));
    auto missing = themed.get("/posts/nope", "text/html");
    BOOST_TEST(missing.status == 404u);
    BOOST_TEST(contains(missing.body, "<p class=\"themed\">Not found: There is no such post.</p>"));

    // A post through the theme's template: values still escaped, content and tags in place.
    const std::string themed_token = themed.create_token();
    const std::string url =
        themed.publish(themed_token, "A <b>bold</b> claim about #Bread", "Fish & <chips>");
    auto post = themed.get(url.substr(themed.base().size()), "text/html");
    BOOST_TEST_REQUIRE(post.status == 200u);
    BOOST_TEST(contains(post.body, "<article class=\"mine\"><h1>Fish &amp; &lt;chips&gt;</h1>"));
    BOOST_TEST(contains(post.body, "<b>bold</b>"));
    BOOST_TEST(contains(post.body,
                        "<a class=\"tag\" href=\"" + themed.base() + "/tags/bread\">#bread</a>"));
}

BOOST_AUTO_TEST_SUITE_END()
