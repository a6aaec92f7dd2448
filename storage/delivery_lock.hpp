// SPDX-License-Identifier: AGPL-3.0-or-later
// Whether a delivering process is the only one on its database, so it may clear the leases
// a dead one left.
#pragma once

#include "storage/result.hpp"

#include <string>
#include <string_view>

namespace fedblog::storage {

/** A delivering process's mark on its database, held for the life of the process, which
    tells it at start whether any other process is delivering from that database.

    SQLite: a lock file beside the database (PATH-delivery.lock) that every delivering
    process holds with a shared flock(); a new one first tries it exclusively. The kernel
    drops a process's locks when it dies, however it dies, so an exclusive lock granted
    means every earlier deliverer is gone (kill -9 included) and their leases can be
    cleared (store::release_all_leases()) before share() lets others join.

    PostgreSQL: the processes of one database may run on several machines, so no lock is
    taken and alone() is false: a dead process's leases wait out their time.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe.
*/
class delivery_lock
{
public:
    /** Takes the mark for the store at `url` (any form open_store() accepts): exclusive
        when no other process holds it, else shared (waiting while a starting process holds
        it exclusively).
        @return error::unavailable with `why` set when the lock file cannot be opened.
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

private:
    delivery_lock(int fd, bool alone) noexcept : fd_(fd), alone_(alone) {}

    int fd_     = -1; ///< the lock file, open while the mark is held; -1 without one
    bool alone_ = false;
};

} // namespace fedblog::storage
