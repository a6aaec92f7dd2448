// SPDX-License-Identifier: AGPL-3.0-or-later
// The process's open-file limit: raised at start-up, and the share the idle outbound
// connections may hold.
#pragma once

#include <cstdint>

namespace fedblog::node {

/** Raises the soft RLIMIT_NOFILE to the hard one (at most 1,048,576), as nginx's
    worker_rlimit_nofile and Go's runtime do: a login shell's soft limit of 1,024 would cap
    a fan-out's sockets well below what the process may have.
    @return the soft limit in force afterwards (unchanged if it could not be raised).
*/
std::uint64_t raise_open_file_limit() noexcept;

/// The soft RLIMIT_NOFILE now in force.
[[nodiscard]] std::uint64_t open_file_limit() noexcept;

} // namespace fedblog::node
