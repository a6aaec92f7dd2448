// SPDX-License-Identifier: AGPL-3.0-or-later
// A cheap fingerprint of "the database as it is now", to validate cached renderings.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

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

/** The SQLite write-ahead log, watched through a descriptor held open: an fstat() instead of
    a stat() by path, whose path walk was a visible share of a cached Note GET. A log that
    was replaced (the descriptor's file has no name any more) is opened again by path.

    @par Thread Safety
    current_store_version() may be called from any thread.
*/
class wal_file
{
public:
    explicit wal_file(std::string path);
    ~wal_file();
    wal_file(const wal_file&)            = delete;
    wal_file& operator=(const wal_file&) = delete;

    /// The log's size, modification time and inode now; false when there is no log.
    bool stat(std::int64_t& size, std::int64_t& mtime_ns, std::uint64_t& inode);

    /// Unique for the process's lifetime, unlike the object's address.
    std::uint64_t id() const noexcept { return id_; }

private:
    int reopen(int stale);

    const std::uint64_t id_;
    std::string path_;
    std::atomic<int> fd_{-1};
    std::mutex reopen_mutex_;
    /// Descriptors replaced by a reopen stay open until destruction: another thread may be
    /// in fstat() on one, and closing it could let the number name an unrelated file.
    std::vector<int> retired_;
};

/** The version now; no database I/O. This process's writes show at once; another
    process's show within `wal_recheck` (each thread looks at the log at most that often).

    An fstat() on every cached Note GET was about 5 % of its throughput (bench/README.md,
    "a Note GET as prebuilt bytes"). A millisecond late is nothing next to the minute a Note
    may be cached anywhere (Cache-Control: max-age=60), and the commands that write beside
    the server take longer than that to exit.
*/
[[nodiscard]] store_version current_store_version(wal_file& wal);

/// How often one thread looks at the write-ahead log again.
inline constexpr std::chrono::milliseconds wal_recheck{1};

} // namespace fedblog::node
