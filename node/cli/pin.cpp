// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog pin`: pin a post to the author's featured collection, or unpin it (Add/Remove).
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "protocol/vocab.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int pin(const args& argv)
{
    std::string server;
    std::string token;
    std::string post_url;
    po::options_description desc("fedblog pin --server URL --token T POST_URL [--unpin]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("server", po::value(&server)->required(), "the blog's URL, e.g. https://blog.example")
        ("token", po::value(&token)->required(), "a token from `fedblog token create`")
        ("unpin", "take the post out of the featured collection")
        ("post", po::value(&post_url)->required(), "the post's URL");
    // clang-format on
    po::positional_options_description pos;
    pos.add("post", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("pin", argv, desc, vm, &pos))
        return *exit_code;
    const bool unpin             = vm.count("unpin") > 0;
    protocol::json::value change = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", unpin ? "Remove" : "Add"},
        {"object", post_url},
    });
    // The target, the actor's featured collection, is read from the actor document.
    client_outcome result = send_to_outbox(server, token, change, true);
    if (result.code != 0)
    {
        std::cerr << "fedblog pin: " << result.message << "\n";
        return result.code;
    }
    std::cout << (unpin ? "unpinned " : "pinned ") << result.message << "\n";
    return 0;
}

} // namespace fedblog::node::cli
