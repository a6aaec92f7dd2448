// SPDX-License-Identifier: AGPL-3.0-or-later
// Logging set-up: one line per event on stderr, key=value fields after a short message.
#pragma once

#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <string_view>

namespace fedblog::node {

/// Configures the default spdlog logger (stderr, ISO time, level) for `serve`.
void setup_logging(std::string_view level);

/// Quotes a value for a key=value log field when it contains spaces, quotes or controls,
/// so log lines stay one line and parseable whatever a remote peer sent.
[[nodiscard]] std::string log_quote(std::string_view value);

/// Logs "what: message" at `level` when `e` holds an exception (a coroutine's completion
/// handler); nothing otherwise.
void log_exception(spdlog::level::level_enum level, std::string_view what, std::exception_ptr e);

} // namespace fedblog::node
