// SPDX-License-Identifier: AGPL-3.0-or-later
// The deliverers' marks: flock() beside an SQLite database, owner locks on PostgreSQL.
#include "storage/delivery_lock.hpp"

#include "storage/delivery_store.hpp"
#include "storage/error.hpp"
#include "storage/open_store.hpp"
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
#include "storage/postgres/pg_liveness.hpp"
#endif

#include <spdlog/spdlog.h>

#include <cerrno>
#include <fcntl.h>
#include <mutex>
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

struct delivery_lock::pg_state
{
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
    std::mutex mutex; // guards the session
    std::unique_ptr<postgres::liveness> session;
#endif
};

delivery_lock::delivery_lock(int fd, bool alone) noexcept : fd_(fd), alone_(alone)
{}

delivery_lock::delivery_lock(std::unique_ptr<pg_state> pg) noexcept : pg_(std::move(pg))
{
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
    owner_ = pg_->session->owner();
#endif
}

result<delivery_lock> delivery_lock::take(std::string_view url, std::string& why)
{
    const auto database = sqlite_file(url);
    if (!database)
    {
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
        if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
        {
            auto pg      = std::make_unique<pg_state>();
            auto session = postgres::liveness::take(std::string(url), why);
            if (!session)
                return session.error();
            pg->session = std::move(*session);
            return delivery_lock(std::move(pg));
        }
#endif
        return delivery_lock(-1, false);
    }
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
    : fd_(std::exchange(other.fd_, -1)), alone_(other.alone_), pg_(std::move(other.pg_)),
      owner_(other.owner_.load())
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

result<std::size_t> delivery_lock::release_orphans(delivery_store& store, time_point now)
{
#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
    if (!pg_)
        return std::size_t{0};
    std::lock_guard lock(pg_->mutex);
    auto& session = *pg_->session;
    std::string why;
    auto renewed = session.renew(why);
    if (!renewed)
    {
        spdlog::error("storage: {}", why.empty() ? renewed.error().message() : why);
        return renewed.error();
    }
    if (*renewed)
        owner_ = session.owner();
    auto owners = store.lease_owners(now);
    if (!owners)
        return owners.error();
    std::size_t released = 0;
    for (const std::int64_t other : *owners)
    {
        auto gone = session.hold_if_gone(other);
        if (!gone)
            return gone.error();
        if (!*gone)
            continue;
        // Held until the leases are cleared: no new process can take the number meanwhile
        // and have its fresh leases cleared with the dead one's.
        auto n = store.release_leases_of(other);
        session.let_go(other);
        if (!n)
            return n.error();
        released += *n;
    }
    return released;
#else
    (void)store;
    (void)now;
    return std::size_t{0};
#endif
}

} // namespace fedblog::storage
