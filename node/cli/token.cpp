// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog token create|list|revoke`: bearer tokens for the C2S outbox.
#include "node/auth.hpp"
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/config.hpp"
#include "node/post_view.hpp"
#include "protocol/http_date.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int token(const args& argv)
{
    std::string action;
    std::string data;
    std::string name;
    std::vector<std::string> rest;
    po::options_description desc("fedblog token create|list|revoke --data DIR [--name LABEL | ID]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("action", po::value(&action), "create, list or revoke")
        ("data", po::value(&data), "data directory")
        ("name", po::value(&name)->default_value("cli"), "label for a new token")
        ("id", po::value(&rest), "token id to revoke");
    // clang-format on
    po::positional_options_description pos;
    pos.add("action", 1).add("id", -1);
    po::variables_map vm;
    if (auto exit_code = parse_options("token", argv, desc, vm, &pos))
        return *exit_code;
    if (action.empty() || data.empty())
    {
        std::cerr << "fedblog token: give an action and --data\n" << desc << "\n";
        return 2;
    }
    std::string reason;
    auto cfg = load_config(data, {}, reason);
    if (!cfg)
    {
        std::cerr << "fedblog token: " << reason << "\n";
        return 1;
    }
    auto store = storage::open_store(cfg->database);
    if (!store)
    {
        std::cerr << "fedblog token: cannot open the database: " << store.error().message() << "\n";
        return 1;
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());

    if (action == "create")
    {
        auto created = create_token(**store, name, now);
        if (!created)
        {
            std::cerr << "fedblog token: " << created.error().message() << "\n";
            return 1;
        }
        std::cout << "Created token \"" << name << "\". It is shown only once; store it safely:\n"
                  << *created << "\n";
        return 0;
    }
    if (action == "list")
    {
        auto tokens = (*store)->list_tokens();
        if (!tokens)
        {
            std::cerr << "fedblog token: " << tokens.error().message() << "\n";
            return 1;
        }
        for (const auto& t : *tokens)
        {
            std::cout << t.id << "\t" << t.name << "\tcreated "
                      << protocol::format_rfc3339(to_seconds(t.created)) << "\tlast used "
                      << (t.last_used ? protocol::format_rfc3339(to_seconds(*t.last_used))
                                      : "never")
                      << (t.revoked ? "\trevoked" : "") << "\n";
        }
        return 0;
    }
    if (action == "revoke")
    {
        if (rest.size() != 1)
        {
            std::cerr << "fedblog token revoke: give the token id (see `fedblog token list`)\n";
            return 2;
        }
        std::int64_t id = 0;
        try
        {
            id = std::stoll(rest[0]);
        }
        catch (const std::exception&)
        {
            std::cerr << "fedblog token revoke: not a token id: " << rest[0] << "\n";
            return 2;
        }
        auto revoked = (*store)->revoke_token(id);
        if (!revoked)
        {
            std::cerr << "fedblog token: " << revoked.error().message() << "\n";
            return 1;
        }
        if (!*revoked)
        {
            std::cerr << "fedblog token: no live token with id " << id << "\n";
            return 1;
        }
        std::cout << "Revoked token " << id << "\n";
        return 0;
    }
    std::cerr << "fedblog token: unknown action '" << action << "'\n" << desc << "\n";
    return 2;
}

} // namespace fedblog::node::cli
