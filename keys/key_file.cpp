// SPDX-License-Identifier: AGPL-3.0-or-later
// Key files: created exclusively with fixed modes, and private ones refused when exposed.
#include "keys/key_file.hpp"

#include "keys/error.hpp"

#include <openssl/crypto.h>

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fedblog::keys {

namespace {

// A PEM key is a few KiB; refusing anything larger keeps a mistaken path (a log, a disk image)
// from being read into memory.
constexpr off_t max_key_file_size = 1024 * 1024;

/// Closes a file descriptor on scope exit.
class fd_guard
{
public:
    explicit fd_guard(int fd) noexcept : fd_(fd) {}

    fd_guard(const fd_guard&)            = delete;
    fd_guard& operator=(const fd_guard&) = delete;

    ~fd_guard()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }

    int get() const noexcept { return fd_; }

    /// Closes now and reports failure (close can surface a delayed write error).
    bool close() noexcept
    {
        int const fd = fd_;
        fd_          = -1;
        return ::close(fd) == 0;
    }

private:
    int fd_;
};

bool write_all(int fd, std::string_view data) noexcept
{
    while (!data.empty())
    {
        ssize_t const n = ::write(fd, data.data(), data.size());
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// Flushes the directory entry so a crash right after creation cannot lose the new file.
void sync_parent_directory(const std::filesystem::path& path) noexcept
{
    std::filesystem::path dir = path.parent_path();
    if (dir.empty())
        dir = ".";
    int const fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // best effort: the file itself is already synced
    ::fsync(fd);
    ::close(fd);
}

/** Creates `path` exclusively with `mode`, writes `contents` and syncs it. O_EXCL means an
    existing file (or symlink, even a dangling one) is never overwritten or followed; fchmod
    applies `mode` exactly, whatever the process umask removed or a filesystem default added.
    On failure the partly written file is removed so that a retry can succeed.
*/
boost::system::result<void> create_file(const std::filesystem::path& path,
                                        std::string_view contents, mode_t mode)
{
    fd_guard fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode));
    if (fd.get() < 0)
        return error::io_failed;
    bool const ok =
        ::fchmod(fd.get(), mode) == 0 && write_all(fd.get(), contents) && ::fsync(fd.get()) == 0;
    if (!fd.close() || !ok)
    {
        ::unlink(path.c_str());
        return error::io_failed;
    }
    sync_parent_directory(path);
    return {};
}

} // namespace

boost::system::result<void> write_private_key_file(const std::filesystem::path& path,
                                                   const private_key& key)
{
    if (!key)
        return error::io_failed;
    std::string pem = key.to_pem();
    auto result     = create_file(path, pem, S_IRUSR | S_IWUSR);
    OPENSSL_cleanse(pem.data(), pem.size());
    return result;
}

boost::system::result<void> write_public_key_file(const std::filesystem::path& path,
                                                  const public_key& key)
{
    if (!key)
        return error::io_failed;
    return create_file(path, key.to_pem(), S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
}

boost::system::result<std::string> read_private_key_pem(const std::filesystem::path& path)
{
    // Symlinks are followed on purpose (secrets are often linked in from a credentials
    // directory); the permission check below looks at the file actually opened, via fstat on
    // the descriptor, so there is no window between checking and reading.
    // O_NONBLOCK keeps a FIFO planted at the path from blocking the open forever; it is refused
    // below as not a regular file, and has no effect on regular files.
    fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0)
        return error::io_failed;

    struct stat st
    {};

    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max_key_file_size)
        return error::io_failed;
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return error::insecure_permissions;

    std::string pem(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < pem.size())
    {
        ssize_t const n = ::read(fd.get(), pem.data() + got, pem.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
        {
            OPENSSL_cleanse(pem.data(), pem.size());
            return error::io_failed;
        }
        if (n == 0)
            break; // the file shrank while we read it; parse what is there
        got += static_cast<std::size_t>(n);
    }
    pem.resize(got);
    return pem;
}

boost::system::result<private_key> read_private_key_file(const std::filesystem::path& path)
{
    auto pem = read_private_key_pem(path);
    if (!pem)
        return pem.error();
    auto key = private_key_from_pem(*pem);
    OPENSSL_cleanse(pem->data(), pem->size());
    return key;
}

} // namespace fedblog::keys
