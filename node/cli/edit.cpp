// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog edit`: replace a post's text with a Markdown file (an Update through the outbox).
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "protocol/vocab.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int edit(const args& argv)
{
    std::string server;
    std::string token;
    std::string post_url;
    std::string file;
    std::string title;
    po::options_description desc("fedblog edit --server URL --token T POST_URL FILE.md");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("server", po::value(&server)->required(), "the blog's URL, e.g. https://blog.example")
        ("token", po::value(&token)->required(), "a token from `fedblog token create`")
        ("title", po::value(&title), "a new title (the old one stays otherwise)")
        ("post", po::value(&post_url)->required(), "the post's URL")
        ("file", po::value(&file)->required(), "the new Markdown text");
    // clang-format on
    po::positional_options_description pos;
    pos.add("post", 1).add("file", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("edit", argv, desc, vm, &pos))
        return *exit_code;
    std::string text;
    if (!read_file(file, text))
    {
        std::cerr << "fedblog edit: cannot read " << file << "\n";
        return 1;
    }
    protocol::json::value object = protocol::json::make_object({
        {"id", post_url},
        {"type", "Note"},
        {"source", markdown_source(text)},
    });
    if (!title.empty())
        object.set("name", title);
    protocol::json::value update = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", "Update"},
        {"object", std::move(object)},
    });
    client_outcome result        = send_to_outbox(server, token, update);
    if (result.code != 0)
    {
        std::cerr << "fedblog edit: " << result.message << "\n";
        return result.code;
    }
    std::cout << result.message << "\n";
    return 0;
}

} // namespace fedblog::node::cli
