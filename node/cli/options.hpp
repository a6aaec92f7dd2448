// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared command-line parsing for the subcommands.
#pragma once

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fedblog::node::cli {

/** Parses `argv` against `desc` (and `positional`, if given) into `vm`, handling --help.
    @return std::nullopt when the command should go on; otherwise the exit code to return
    (0 after printing --help, 2 after a usage error, both printed with the usage text).
*/
std::optional<int>
parse_options(const std::string& command, const std::vector<std::string>& argv,
              const boost::program_options::options_description& desc,
              boost::program_options::variables_map& vm,
              const boost::program_options::positional_options_description* positional = nullptr);

} // namespace fedblog::node::cli
