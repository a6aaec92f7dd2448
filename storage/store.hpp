// SPDX-License-Identifier: AGPL-3.0-or-later
// The Store: everything fedblog keeps durably, behind one backend-neutral interface.
#pragma once

#include "storage/authoring_store.hpp"
#include "storage/block_store.hpp"
#include "storage/comment_store.hpp"
#include "storage/delivery_store.hpp"
#include "storage/follower_store.hpp"
#include "storage/post_store.hpp"
#include "storage/reaction_store.hpp"
#include "storage/remote_store.hpp"
#include "storage/result.hpp"
#include "storage/token_store.hpp"

#include <functional>

namespace fedblog::storage {

/** The durable state of one blog node.

    Every method is one atomic unit: it either happens completely or not at all (one
    transaction). Methods that queue deliveries write the activity and its jobs in the same
    transaction as the change they announce, so a crash can never leave a post without its
    deliveries or a delivery without its post.

    Errors are values: error::conflict for a uniqueness violation, error::busy when the
    database stayed locked, error::invalid_argument for an inbox URL that cannot be
    delivered to (see storage/inbox_host.hpp) or a value over the backend's size limit,
    error::backend for anything else (logged by the backend).
    Lookups that find nothing return an empty optional, not an error; updates addressed to
    a row that does not exist change nothing and succeed unless documented otherwise.

    Strings are stored byte for byte, with their exact length; a backend whose text type
    cannot hold a NUL byte or invalid UTF-8 (PostgreSQL) answers error::invalid_argument
    for a string with either, rather than truncating or repairing it. (Everything the node
    stores from the network has passed a UTF-8-validating parser.) Every job's host is
    inbox_host() of its inbox, so per-host limits can group jobs by it.

    Times are passed in by the caller (never read from a clock inside), so tests control
    them and several processes agree.

    @par Thread Safety
    Implementations are safe for concurrent use from any number of threads and processes
    sharing the same database. Calls block; async callers run them off the I/O threads.
*/
class store : public post_store,
              public follower_store,
              public delivery_store,
              public remote_store,
              public token_store,
              public authoring_store,
              public comment_store,
              public reaction_store,
              public block_store
{
public:
    store() = default;

    /** Group commit: runs `body`, and every call `body` makes to this store on the calling
        thread shares one transaction and one commit, so many small writes (inbound Likes)
        cost the database one commit between them instead of one each.

        Inside the group each write method is still all or nothing on its own (a
        savepoint): one that fails is undone and returns its error, and the others go on.
        Reads see the group's earlier writes. No other writer runs while the group is open
        (SQLite) or the group's transaction is SERIALIZABLE (PostgreSQL), so keep it short.

        The group's writes happen only if this returns success. On an error (the commit
        failed, the write lock could not be had, a collision with another writer doomed
        the group: error::busy), none of them happened, whatever the calls inside returned,
        and the caller runs them again on their own. A call made while the group is doomed
        returns error::busy at once. Calling grouped() inside a group just runs `body`.
        One group per thread: while another store's group is open on this thread, calls
        that `body` makes to that other store run outside its group (each commits alone).

        @par Thread Safety
        As the store: any number of threads, each with its own group.
    */
    [[nodiscard]] virtual result<void> grouped(const std::function<void()>& body) = 0;

    /** Frees the memory the store holds for speed and does not need now: the page caches
        of its idle connections. For a node gone quiet after a burst of work; later calls
        read those pages again.

        @par Thread Safety
        As the store.
    */
    virtual void release_memory() noexcept = 0;
};

} // namespace fedblog::storage
