// SPDX-License-Identifier: AGPL-3.0-or-later
// open_data_dir(): config + store for offline commands.
#include "node/cli/data_dir.hpp"

#include "storage/open_store.hpp"

#include <iostream>

namespace fedblog::node::cli {

std::optional<data_dir> open_data_dir(const std::string& command, const std::string& dir)
{
    std::string reason;
    auto cfg = load_config(dir, {}, reason);
    if (!cfg)
    {
        std::cerr << "fedblog " << command << ": " << reason << "\n";
        return std::nullopt;
    }
    auto store = storage::open_store(cfg->database);
    if (!store)
    {
        std::cerr << "fedblog " << command
                  << ": cannot open the database: " << store.error().message() << "\n";
        return std::nullopt;
    }
    return data_dir{std::move(*cfg), std::move(*store)};
}

storage::time_point now_ms()
{
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

} // namespace fedblog::node::cli
