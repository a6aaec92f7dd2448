// SPDX-License-Identifier: AGPL-3.0-or-later
// A process's life on a PostgreSQL server, as a session advisory lock others can test.
#pragma once

#include "storage/result.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace fedblog::storage::sql {
class connection;
}

namespace fedblog::storage::postgres {

/** An owner number (1 to 2^31 - 1) that this process holds as a session advisory lock on
    its own connection for as long as it lives. The server drops a session's locks when the
    session ends, whether the process exited, was killed with -9, or lost its machine (once
    TCP notices), so another process that can take an owner's lock knows that owner is gone.

    The locks use PostgreSQL's two-key form under a key of fedblog's own, a space apart from
    the one-key locks (the migration lock). They are per database, not per schema: two blogs
    in two schemas of one database share the space, and an owner number of one that matches
    a live one of the other only makes a dead owner look alive, so its leases wait out their
    time as they would without this.

    @par Thread Safety
    @e Distinct @e objects: Safe. @e Shared @e objects: Unsafe.
*/
class liveness
{
public:
    /** Connects with `conninfo` and takes a free owner number.
        @param why on failure, libpq's reason, which never repeats a password.
        @return error::unavailable when the server cannot be reached.
    */
    [[nodiscard]] static result<std::unique_ptr<liveness>> take(const std::string& conninfo,
                                                                std::string& why);
    ~liveness();
    liveness(const liveness&)            = delete;
    liveness& operator=(const liveness&) = delete;

    /// This process's owner number while the lock is held.
    [[nodiscard]] std::int64_t owner() const noexcept { return owner_; }

    /** Takes `other`'s lock if no session holds it, and keeps it until let_go(other), so no
        new process takes that number meanwhile. @return true when `other` is gone.
        On a failure the connection may be broken: see renew().
    */
    [[nodiscard]] result<bool> hold_if_gone(std::int64_t other);

    /// Gives back a lock hold_if_gone() took.
    void let_go(std::int64_t other) noexcept;

    /** Whether this process's lock is still held: asks the server. When the session was
        lost (the server restarted, a proxy cut the connection), reconnects and takes a new
        owner number, since the old one's lock is gone and other processes may already be
        clearing its leases. @return true when the owner number changed.
    */
    [[nodiscard]] result<bool> renew(std::string& why);

private:
    liveness(std::string conninfo, std::unique_ptr<sql::connection> conn) noexcept;
    /// Takes a random free owner number on conn_.
    [[nodiscard]] result<void> take_owner();

    std::string conninfo_;
    std::unique_ptr<sql::connection> conn_;
    std::int64_t owner_ = 0;
};

} // namespace fedblog::storage::postgres
