// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog delete`: delete a post (a Delete through the outbox; it then answers 410 Gone).
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "protocol/vocab.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int remove(const args& argv)
{
    std::string server;
    std::string token;
    std::string post_url;
    po::options_description desc("fedblog delete --server URL --token T POST_URL");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("server", po::value(&server)->required(), "the blog's URL, e.g. https://blog.example")
        ("token", po::value(&token)->required(), "a token from `fedblog token create`")
        ("post", po::value(&post_url)->required(), "the post's URL");
    // clang-format on
    po::positional_options_description pos;
    pos.add("post", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("delete", argv, desc, vm, &pos))
        return *exit_code;
    protocol::json::value del = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", "Delete"},
        {"object", post_url},
    });
    client_outcome result     = send_to_outbox(server, token, del);
    if (result.code != 0)
    {
        std::cerr << "fedblog delete: " << result.message << "\n";
        return result.code;
    }
    std::cout << "deleted " << result.message << "\n";
    return 0;
}

} // namespace fedblog::node::cli
