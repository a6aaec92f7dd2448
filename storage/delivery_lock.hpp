// SPDX-License-Identifier: AGPL-3.0-or-later
// Whether the other delivering processes of a database are alive, so the leases a dead one
// left can be cleared at once.
#pragma once

#include "storage/records.hpp"
#include "storage/result.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace fedblog::storage {

class delivery_store;

/** A delivering process's mark on its database, held for the life of the process, by which
    the processes delivering from one database tell which of them are alive.

    SQLite: a lock file beside the database (PATH-delivery.lock) that every delivering
    process holds with a shared flock(); a new one first tries it exclusively. The kernel
    drops a process's locks when it dies, however it dies, so an exclusive lock granted
    means every earlier deliverer is gone (kill -9 included) and their leases can be
    cleared (store::release_all_leases()) before share() lets others join. Leases name no
    owner (owner() is 0).

    PostgreSQL: the processes of one database may run on several machines, so each holds an
    owner number as a session advisory lock on a connection of its own
    (storage/postgres/pg_liveness.hpp), writes it with every lease it takes
    (claim_options::owner), and release_orphans() clears the leases of owners whose lock
    is free: processes that died, found at start and at every later call. alone() is false.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: owner() and release_orphans() are
    safe; take(), share() and destruction are not.
*/
class delivery_lock
{
public:
    /** Takes the mark for the store at `url` (any form open_store() accepts): exclusive
        when no other process holds it, else shared (waiting while a starting process holds
        it exclusively); on PostgreSQL, a connection and an owner number of its own.
        @return error::unavailable with `why` set when the lock file cannot be opened or the
        server cannot be reached (`why` never repeats a password).
    */
    [[nodiscard]] static result<delivery_lock> take(std::string_view url, std::string& why);

    delivery_lock(delivery_lock&& other) noexcept;
    delivery_lock& operator=(delivery_lock&&)      = delete;
    delivery_lock(const delivery_lock&)            = delete;
    delivery_lock& operator=(const delivery_lock&) = delete;
    ~delivery_lock();

    /// True when no other process was delivering from the database when take() ran.
    [[nodiscard]] bool alone() const noexcept { return alone_; }

    /** Turns an exclusive mark into a shared one, so processes started later see this one
        and may deliver beside it. A no-op when the mark is already shared or there is none.
    */
    void share() noexcept;

    /// The owner number to write with this process's leases (claim_options::owner); 0 where
    /// leases name no owner (SQLite). It changes only when renewed (release_orphans()).
    [[nodiscard]] std::int64_t owner() const noexcept { return owner_.load(); }

    /** PostgreSQL: clears the leases (store.release_leases_of()) of every owner that has
        leases running at `now` (store.lease_owners()) and whose lock no session holds, and
        first makes sure this process's own lock is still held (taking a new owner number
        if its session was lost). SQLite: nothing (the lock file did that at start).
        @return the number of leases cleared.
    */
    [[nodiscard]] result<std::size_t> release_orphans(delivery_store& store, time_point now);

private:
    struct pg_state;

    delivery_lock(int fd, bool alone) noexcept;
    explicit delivery_lock(std::unique_ptr<pg_state> pg) noexcept;

    int fd_     = -1; ///< the lock file, open while the mark is held; -1 without one
    bool alone_ = false;
    std::unique_ptr<pg_state> pg_; ///< PostgreSQL only
    std::atomic<std::int64_t> owner_{0};
};

} // namespace fedblog::storage
