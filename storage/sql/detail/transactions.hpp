// SPDX-License-Identifier: AGPL-3.0-or-later
// sql_store's read and write wrappers: pooled connection plus, for writes, a transaction.
#pragma once

#include "storage/error.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/write_generation.hpp"

#include <chrono>
#include <thread>

namespace fedblog::storage::sql {

template <class Body>
auto sql_store::write(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    using outcome = std::invoke_result_t<Body&, connection&>;
    auto conn     = pool_.acquire();
    if (!conn)
        return detail::fail(conn.error());
    for (int attempt = 1;; ++attempt)
    {
        auto out = [&]() -> outcome {
            write_transaction tx(**conn);
            if (auto r = tx.begin(); !r)
                return detail::fail(r.error());
            auto done = body(**conn);
            // On error the transaction's destructor rolls back whatever the body did.
            if (!done)
                return done;
            if (auto r = tx.commit(); !r)
                return detail::fail(r.error());
            return done;
        }();
        if (out)
        {
            bump_write_generation();
            return out;
        }
        if (out.error() != error::busy || attempt >= policy_.attempts)
            return out;
        // Another writer won a collision; a short, growing pause lets it commit first.
        std::this_thread::sleep_for(std::chrono::milliseconds(attempt * attempt));
    }
}

template <class Body>
auto sql_store::read(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    auto conn = pool_.acquire();
    if (!conn)
        return detail::fail(conn.error());
    return body(**conn);
}

} // namespace fedblog::storage::sql
