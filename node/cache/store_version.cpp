// SPDX-License-Identifier: AGPL-3.0-or-later
// store_version from the write generation and an fstat() of the write-ahead log.
#include "node/cache/store_version.hpp"

#include "storage/write_generation.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fedblog::node {

namespace {

std::uint64_t next_wal_id()
{
    static std::atomic<std::uint64_t> last{0};
    return ++last;
}

/// One thread's last look at a log.
struct wal_look
{
    std::uint64_t file = 0; ///< wal_file::id(); 0: none yet
    std::chrono::steady_clock::time_point at;
    bool exists         = false;
    std::int64_t size   = -1;
    std::int64_t mtime  = -1;
    std::uint64_t inode = 0;
};

} // namespace

wal_file::wal_file(std::string path) : id_(next_wal_id()), path_(std::move(path))
{
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
}

wal_file::~wal_file()
{
    if (const int fd = fd_.load(); fd >= 0)
        ::close(fd);
    for (const int fd : retired_)
        ::close(fd);
}

int wal_file::reopen(int stale)
{
    std::lock_guard lock(reopen_mutex_);
    const int current = fd_.load();
    if (current != stale)
        return current; // another thread reopened it meanwhile
    const int fresh = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fresh < 0)
        return current;
    if (current >= 0)
        retired_.push_back(current);
    fd_ = fresh;
    return fresh;
}

bool wal_file::stat(std::int64_t& size, std::int64_t& mtime_ns, std::uint64_t& inode)
{
    struct stat st
    {};

    int fd = fd_.load();
    // No descriptor (no log when we started), or its file was unlinked (SQLite removes the
    // log when the last connection of any process closes): look the path up again.
    if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_nlink == 0)
    {
        fd = reopen(fd);
        if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_nlink == 0)
        {
            // Still nothing usable: answer by path, as a plain stat() would.
            if (::stat(path_.c_str(), &st) != 0)
                return false;
        }
    }
    size     = static_cast<std::int64_t>(st.st_size);
    mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
               static_cast<std::int64_t>(st.st_mtim.tv_nsec);
    inode = static_cast<std::uint64_t>(st.st_ino);
    return true;
}

store_version current_store_version(wal_file& wal)
{
    store_version v;
    // Read first: a write that commits after this makes the version read next time differ.
    v.generation = storage::write_generation();
    // A look up to wal_recheck old only makes the version older than the data read after
    // it: an entry stored under it is missed later, never served past a newer write.
    thread_local wal_look last;
    const auto now = std::chrono::steady_clock::now();
    if (last.file != wal.id() || now - last.at >= wal_recheck)
    {
        last.file   = wal.id();
        last.at     = now;
        last.exists = wal.stat(last.size, last.mtime, last.inode);
    }
    if (last.exists)
    {
        v.wal_size  = last.size;
        v.wal_mtime = last.mtime;
        v.wal_inode = last.inode;
    }
    return v;
}

} // namespace fedblog::node
