// SPDX-License-Identifier: AGPL-3.0-or-later
// The deliverers' lock file: flock() beside an SQLite database, nothing for PostgreSQL.
#include "storage/delivery_lock.hpp"

#include "storage/error.hpp"
#include "storage/open_store.hpp"

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace fedblog::storage {

namespace {

/// errno as text (strerror() is not thread-safe).
std::string errno_text()
{
    return std::error_code(errno, std::generic_category()).message();
}

/// flock() again when a signal interrupted the wait.
int lock_file(int fd, int operation)
{
    int rc = 0;
    do
        rc = ::flock(fd, operation);
    while (rc != 0 && errno == EINTR);
    return rc;
}

} // namespace

result<delivery_lock> delivery_lock::take(std::string_view url, std::string& why)
{
    const auto database = sqlite_file(url);
    if (!database)
        return delivery_lock(-1, false);
    const std::string path = *database + "-delivery.lock";
    // 0600 like the database beside it; O_CLOEXEC so no child inherits the lock.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
    {
        why = "cannot open " + path + ": " + errno_text();
        return error::unavailable;
    }
    if (lock_file(fd, LOCK_EX | LOCK_NB) == 0)
        return delivery_lock(fd, true);
    // Another deliverer runs, or one is starting and holds the lock exclusively for a
    // moment: wait for the shared lock.
    if (errno != EWOULDBLOCK || lock_file(fd, LOCK_SH) != 0)
    {
        why = "cannot lock " + path + ": " + errno_text();
        ::close(fd);
        return error::unavailable;
    }
    return delivery_lock(fd, false);
}

delivery_lock::delivery_lock(delivery_lock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), alone_(other.alone_)
{}

delivery_lock::~delivery_lock()
{
    if (fd_ >= 0)
        ::close(fd_); // releases the lock
}

void delivery_lock::share() noexcept
{
    // Not atomic (flock drops the exclusive lock, then takes the shared one), which is
    // harmless: a process that slips in between finds no leases of ours to clear, since we
    // claim nothing before sharing.
    if (fd_ >= 0)
        (void)lock_file(fd_, LOCK_SH);
}

} // namespace fedblog::storage
