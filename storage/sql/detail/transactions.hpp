// SPDX-License-Identifier: AGPL-3.0-or-later
// sql_store's read and write wrappers: pooled connection plus, for writes, a transaction.
#pragma once

#include "storage/error.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/write_generation.hpp"

#include <chrono>
#include <optional>
#include <thread>

namespace fedblog::storage::sql {

// A pooled connection the server has closed since its last use (a restart, a failover, an
// idle timeout) fails its first statement with error::unavailable and reports itself no
// longer usable(); the pool drops it on return, and the call runs once more on a new one.
// Only a failure to begin the transaction is retried so: a write whose COMMIT was lost may
// have happened.
template <class Body>
auto sql_store::write(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    using outcome    = std::invoke_result_t<Body&, connection&>;
    bool reconnected = false;
    for (int attempt = 1;; ++attempt)
    {
        std::optional<outcome> out;
        {
            auto conn = pool_.acquire();
            if (!conn)
                return detail::fail(conn.error());
            write_transaction tx(**conn);
            if (auto r = tx.begin(); !r)
            {
                if (r.error() == error::unavailable && !(**conn).usable() && !reconnected)
                {
                    reconnected = true;
                    --attempt; // a new connection, not a collision
                    continue;
                }
                return detail::fail(r.error());
            }
            out.emplace([&]() -> outcome {
                auto done = body(**conn);
                // On error the transaction's destructor rolls back whatever the body did.
                if (!done)
                    return done;
                if (auto r = tx.commit(); !r)
                    return detail::fail(r.error());
                return done;
            }());
        } // rolled back (if not committed) and returned to the pool here, before any pause
        if (*out)
        {
            bump_write_generation();
            return std::move(*out);
        }
        if (out->error() != error::busy || attempt >= policy_.attempts)
            return std::move(*out);
        // Another writer won a collision; a short, growing pause lets it commit first. The
        // failed transaction is closed by now: PostgreSQL keeps an aborted transaction's
        // locks until its ROLLBACK.
        std::this_thread::sleep_for(std::chrono::milliseconds(attempt * attempt));
    }
}

template <class Body>
auto sql_store::read(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    for (bool reconnected = false;; reconnected = true)
    {
        auto conn = pool_.acquire();
        if (!conn)
            return detail::fail(conn.error());
        auto out = body(**conn);
        // Reads change nothing, so any failure of a connection found dead may run again.
        if (out || out.error() != error::unavailable || (**conn).usable() || reconnected)
            return out;
    }
}

} // namespace fedblog::storage::sql
