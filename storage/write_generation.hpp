// SPDX-License-Identifier: AGPL-3.0-or-later
// A process-wide count of committed write transactions, for in-memory caches to compare.
#pragma once

#include <cstdint>

namespace fedblog::storage {

/** How many write transactions this process's stores have committed. A cache that reads
    this before rendering from the store, and finds it unchanged later, knows that no write
    of this process came in between (writes by other processes are not counted here).

    @par Thread Safety
    Safe to call concurrently.
*/
[[nodiscard]] std::uint64_t write_generation() noexcept;

/// Called by store implementations after each committed write transaction.
void bump_write_generation() noexcept;

} // namespace fedblog::storage
