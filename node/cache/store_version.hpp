// SPDX-License-Identifier: AGPL-3.0-or-later
// A cheap fingerprint of "the database as it is now", to validate cached renderings.
#pragma once

#include <cstdint>
#include <string>

namespace fedblog::node {

/** Two equal versions mean the database did not change in between: this process's writes
    are counted exactly (storage::write_generation()), and a write by another process (the
    `block`, `comments` or `import` commands run beside the server) shows in the SQLite
    write-ahead log's size, modification time or inode, since every commit appends to it.
    (Blind spot: another process's commit into a WAL just reset by a checkpoint, to the same
    size within the same file-system timestamp tick as the previous write; rare, and the
    next write of any kind ends it.)
*/
struct store_version
{
    std::uint64_t generation = 0;
    std::int64_t wal_size    = -1;
    std::int64_t wal_mtime   = -1; ///< nanoseconds
    std::uint64_t wal_inode  = 0;

    friend bool operator==(const store_version&, const store_version&) = default;
};

/// The version now. `wal_path` is the database's "-wal" file; a stat() call, no database I/O.
[[nodiscard]] store_version current_store_version(const std::string& wal_path);

} // namespace fedblog::node
