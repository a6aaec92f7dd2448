// SPDX-License-Identifier: AGPL-3.0-or-later
// The CLI subcommands (DESIGN.md "CLI contract"). Each takes its own arguments (after the
// subcommand name) and returns the process exit code: 0 success, 1 failure, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace fedblog::node::cli {

using args = std::vector<std::string>;

int init(const args& argv);
int serve(const args& argv);
int token(const args& argv);
int post(const args& argv);
int edit(const args& argv);
/// `fedblog delete` (named remove: `delete` is a keyword).
int remove(const args& argv);
int pin(const args& argv);
int import(const args& argv);
int profile(const args& argv);
int comments(const args& argv);
int block(const args& argv);
int deliveries(const args& argv);

/// Usage text for `fedblog --help`.
std::string usage();

} // namespace fedblog::node::cli
