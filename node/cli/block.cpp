// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog block add|remove|list`: refuse a domain or an actor, and remove what it left.
#include "node/cli/commands.hpp"
#include "node/cli/data_dir.hpp"
#include "node/cli/options.hpp"
#include "node/post_view.hpp"
#include "protocol/http_date.hpp"
#include "protocol/iri.hpp"

#include <algorithm>
#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int block(const args& argv)
{
    std::string data;
    std::string action;
    std::vector<std::string> values;
    po::options_description desc("fedblog block --data DIR add|remove|list [DOMAIN_OR_ACTOR]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory")
        ("action", po::value(&action)->required(), "add, remove or list")
        ("value", po::value(&values), "a domain (example.social) or an actor id (https://...)");
    // clang-format on
    po::positional_options_description pos;
    pos.add("action", 1).add("value", -1);
    po::variables_map vm;
    if (auto exit_code = parse_options("block", argv, desc, vm, &pos))
        return *exit_code;
    auto d = open_data_dir("block", data);
    if (!d)
        return 1;

    if (action == "list")
    {
        auto rows = d->store->list_blocks();
        if (!rows)
        {
            std::cerr << "fedblog block: " << rows.error().message() << "\n";
            return 1;
        }
        for (const auto& b : *rows)
            std::cout << b.kind << "\t" << b.value << "\t"
                      << protocol::format_rfc3339(to_seconds(b.created)) << "\n";
        return 0;
    }
    if ((action != "add" && action != "remove") || values.size() != 1)
    {
        std::cerr << desc << "\n";
        return 2;
    }
    std::string value = values[0];
    storage::block_entry entry;
    if (value.starts_with("https://") || value.starts_with("http://"))
    {
        if (!protocol::parse_http_url(value))
        {
            std::cerr << "fedblog block: not a usable actor id: " << value << "\n";
            return 2;
        }
        entry.kind = "actor";
    }
    else
    {
        std::transform(value.begin(), value.end(), value.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!is_valid_domain(value))
        {
            std::cerr << "fedblog block: not a domain or actor id: " << values[0] << "\n";
            return 2;
        }
        entry.kind = "domain";
    }
    entry.value   = value;
    entry.created = now_ms();
    if (action == "add")
    {
        auto r = d->store->add_block(entry);
        if (!r)
        {
            std::cerr << "fedblog block: " << r.error().message() << "\n";
            return 1;
        }
        std::cout << (*r ? "Blocked " : "Already blocked ") << entry.kind << " " << value << "\n";
        return 0;
    }
    auto r = d->store->remove_block(value);
    if (!r)
    {
        std::cerr << "fedblog block: " << r.error().message() << "\n";
        return 1;
    }
    if (!*r)
    {
        std::cerr << "fedblog block: " << value << " was not blocked\n";
        return 1;
    }
    std::cout << "Unblocked " << value << "\n";
    return 0;
}

} // namespace fedblog::node::cli
