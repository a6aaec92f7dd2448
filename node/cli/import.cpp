// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog import`: bring an old blog's posts in (WordPress WXR, a Markdown folder, a
// plain-text archive), keeping their dates and never pushing them to followers.
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "node/config.hpp"
#include "node/importing/import_posts.hpp"
#include "node/importing/markdown_files.hpp"
#include "node/importing/text_archive.hpp"
#include "node/importing/wxr.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int import(const args& argv)
{
    std::string data;
    std::string format;
    std::string path;
    po::options_description desc("fedblog import --data DIR --format wxr|markdown|text PATH");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory")
        ("format", po::value(&format)->required(),
         "wxr (a WordPress export), markdown (a folder of .md files with front matter) or "
         "text (a plain-text archive of \"Mon D, YYYY | category\" posts)")
        ("path", po::value(&path)->required(), "the export file, or the folder for markdown");
    // clang-format on
    po::positional_options_description pos;
    pos.add("path", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("import", argv, desc, vm, &pos))
        return *exit_code;
    if (format != "wxr" && format != "markdown" && format != "text")
    {
        std::cerr << "fedblog import: --format must be wxr, markdown or text\n";
        return 2;
    }
    std::string reason;
    auto cfg = load_config(data, {}, reason);
    if (!cfg)
    {
        std::cerr << "fedblog import: " << reason << "\n";
        return 1;
    }

    // Read and check the whole export before touching the store: nothing is half-imported.
    import_parse parsed = import_error{};
    wxr_summary wxr;
    if (format == "markdown")
        parsed = read_markdown_folder(path);
    else
    {
        std::string text;
        if (!read_file(path, text))
        {
            std::cerr << "fedblog import: cannot read " << path << "\n";
            return 1;
        }
        parsed = format == "wxr" ? read_wxr(text, wxr) : read_text_archive(text);
    }
    if (auto* e = std::get_if<import_error>(&parsed))
    {
        std::cerr << "fedblog import: " << path << ": " << e->where << ": " << e->what
                  << "; nothing was imported\n";
        return 1;
    }

    auto store = storage::open_store(cfg->database);
    if (!store)
    {
        std::cerr << "fedblog import: cannot open the database: " << store.error().message()
                  << "\n";
        return 1;
    }
    const protocol::site_urls urls(cfg->scheme, cfg->domain, cfg->user);
    const std::string type = cfg->post_type == "article" ? "Article" : "Note";
    auto posts = build_import(std::get<std::vector<import_item>>(parsed), urls, type, **store);
    if (auto* e = std::get_if<import_error>(&posts))
    {
        std::cerr << "fedblog import: " << path << ": " << e->where << ": " << e->what
                  << "; nothing was imported\n";
        return 1;
    }
    // The old blog's comments go in the same transaction as their posts: all or nothing.
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const auto& built = std::get<std::vector<storage::post>>(posts);
    const auto comments =
        build_import_comments(std::get<std::vector<import_item>>(parsed), built, urls, now);
    auto outcome = (*store)->import_posts(built, comments);
    if (!outcome)
    {
        std::cerr << "fedblog import: the database refused the posts (" << outcome.error().message()
                  << "); nothing was imported\n";
        return 1;
    }
    std::cout << "imported " << outcome->imported << " posts, skipped " << outcome->skipped
              << " already imported";
    if (wxr.skipped > 0)
        std::cout << ", left out " << wxr.skipped << " items that are not published posts";
    if (wxr.comments > 0)
        std::cout << "; imported " << outcome->comments << " of " << wxr.comments << " comments";
    if (wxr.left_out > 0)
        std::cout << " (left out " << wxr.left_out << " spam, unapproved or pingbacks)";
    std::cout << "\n";
    return 0;
}

} // namespace fedblog::node::cli
