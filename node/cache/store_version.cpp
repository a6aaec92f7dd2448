// SPDX-License-Identifier: AGPL-3.0-or-later
// store_version from the write generation and a stat() of the write-ahead log.
#include "node/cache/store_version.hpp"

#include "storage/write_generation.hpp"

#include <sys/stat.h>

namespace fedblog::node {

store_version current_store_version(const std::string& wal_path)
{
    store_version v;
    // Read first: a write that commits after this makes the version read next time differ.
    v.generation = storage::write_generation();

    struct stat st
    {};

    if (::stat(wal_path.c_str(), &st) == 0)
    {
        v.wal_size  = static_cast<std::int64_t>(st.st_size);
        v.wal_mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                      static_cast<std::int64_t>(st.st_mtim.tv_nsec);
        v.wal_inode = static_cast<std::uint64_t>(st.st_ino);
    }
    return v;
}

} // namespace fedblog::node
