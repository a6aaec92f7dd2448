// SPDX-License-Identifier: AGPL-3.0-or-later
// sqlite_store's read and write wrappers: pooled connection plus, for writes, a transaction.
#pragma once

#include "storage/sqlite/detail/rows.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/write_generation.hpp"

namespace fedblog::storage::sqlite {

template <class Body>
auto sqlite_store::write(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    auto conn = pool_.acquire();
    if (!conn)
        return detail::fail(conn.error());
    write_transaction tx(**conn);
    if (auto r = tx.begin(); !r)
        return detail::fail(r.error());
    auto out = body(**conn);
    // On error the transaction's destructor rolls back whatever the body did.
    if (!out)
        return out;
    if (auto r = tx.commit(); !r)
        return detail::fail(r.error());
    bump_write_generation();
    return out;
}

template <class Body>
auto sqlite_store::read(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    auto conn = pool_.acquire();
    if (!conn)
        return detail::fail(conn.error());
    return body(**conn);
}

} // namespace fedblog::storage::sqlite
