// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog deliveries --data DIR [--post URL] [--json]`: the delivery queue, failing hosts
// and dead jobs; or one post's ledger ("delivered to N of M inboxes...").
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/config.hpp"
#include "node/delivery/ledger.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int deliveries(const args& argv)
{
    std::string data;
    std::string post;
    bool as_json     = false;
    std::size_t rows = 20;
    po::options_description desc("fedblog deliveries --data DIR [--post URL] [--json]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory")
        ("post", po::value(&post), "a post's URL: show where it was delivered")
        ("json", po::bool_switch(&as_json), "print JSON instead of text")
        ("rows", po::value(&rows)->default_value(20), "failing hosts and dead jobs to list");
    // clang-format on
    po::variables_map vm;
    if (auto exit_code = parse_options("deliveries", argv, desc, vm))
        return *exit_code;
    std::string reason;
    auto cfg = load_config(data, {}, reason);
    if (!cfg)
    {
        std::cerr << "fedblog deliveries: " << reason << "\n";
        return 1;
    }
    // Reading while `serve` runs is safe: each read is one transaction of its own.
    auto store = storage::open_store(cfg->database);
    if (!store)
    {
        std::cerr << "fedblog deliveries: cannot open the database: " << store.error().message()
                  << "\n";
        return 1;
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (!post.empty())
    {
        auto ledger = read_ledger(**store, post);
        if (!ledger)
        {
            std::cerr << "fedblog deliveries: " << ledger.error().message() << "\n";
            return 1;
        }
        std::cout << (as_json ? protocol::json::serialize_pretty(ledger_json(*ledger)) + "\n"
                              : render_ledger(*ledger));
        return 0;
    }
    auto overview = read_overview(**store, now, rows);
    if (!overview)
    {
        std::cerr << "fedblog deliveries: " << overview.error().message() << "\n";
        return 1;
    }
    std::cout << (as_json ? protocol::json::serialize_pretty(overview_json(*overview)) + "\n"
                          : render_overview(*overview, now));
    return 0;
}

} // namespace fedblog::node::cli
