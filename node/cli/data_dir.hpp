// SPDX-License-Identifier: AGPL-3.0-or-later
// Opening a node's data directory (config and store) for the offline CLI commands.
#pragma once

#include "node/config.hpp"
#include "storage/store.hpp"

#include <memory>
#include <optional>
#include <string>

namespace fedblog::node::cli {

struct data_dir
{
    config cfg;
    std::unique_ptr<storage::store> store;
};

/// Loads DIR/fedblog.conf and opens its store; prints the reason and returns std::nullopt
/// on failure (the command then exits 1).
std::optional<data_dir> open_data_dir(const std::string& command, const std::string& dir);

/// The current time as the store records it.
storage::time_point now_ms();

} // namespace fedblog::node::cli
