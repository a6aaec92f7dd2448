// SPDX-License-Identifier: AGPL-3.0-or-later
// sql_store's read and write wrappers: pooled connection plus, for writes, a transaction.
#pragma once

#include "storage/error.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/write_generation.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace fedblog::storage::sql {

namespace detail {

/** The pause before try `attempt` + 1 of a write that collided: about attempt² ms (49 from
    the seventh on), spread over half to one and a half times that. Writers that collided
    once and paused alike would meet again at the next try, and again after it. Seeded
    afresh per call, so that forked processes do not repeat their parent's sequence. */
inline std::chrono::microseconds collision_pause(int attempt)
{
    const int base = std::min(attempt, 7) * std::min(attempt, 7) * 1000;
    std::random_device seed;
    std::uniform_int_distribution<int> spread(base / 2, base + base / 2);
    return std::chrono::microseconds(spread(seed));
}

} // namespace detail

// A pooled connection the server has closed since its last use (a restart, a failover, an
// idle timeout) fails its first statement with error::unavailable and reports itself no
// longer usable(); the pool drops it on return, and the call runs once more on a new one.
// Only a failure to begin the transaction is retried so: a write whose COMMIT was lost may
// have happened.
template <class Then>
auto sql_store::in_write_transaction(Then&& then, isolation level)
    -> std::invoke_result_t<Then&, connection&, write_transaction&>
{
    for (bool reconnected = false;; reconnected = true)
    {
        auto conn = pool_.acquire();
        if (!conn)
            return detail::fail(conn.error());
        write_transaction tx(**conn);
        if (auto r = tx.begin(level); !r)
        {
            if (r.error() == error::unavailable && !(**conn).usable() && !reconnected)
                continue;
            return detail::fail(r.error());
        }
        return then(**conn, tx);
    }
}

template <class Body>
auto sql_store::write(Body&& body, isolation level) -> std::invoke_result_t<Body&, connection&>
{
    using outcome = std::invoke_result_t<Body&, connection&>;
    if (write_group* group = open_group())
        return write_in_group(*group, body);
    const auto give_up = std::chrono::steady_clock::now() + policy_.collision_budget;
    for (int attempt = 1;; ++attempt)
    {
        // The transaction is rolled back (if not committed) and its connection returned to
        // the pool when in_write_transaction() returns, before any pause.
        outcome out = in_write_transaction(
            [&](connection& db, write_transaction& tx) -> outcome {
                auto done = body(db);
                // On error the transaction's destructor rolls back whatever the body did.
                if (!done)
                    return done;
                if (auto r = tx.commit(); !r)
                    return detail::fail(r.error());
                return done;
            },
            level);
        if (out)
        {
            bump_write_generation();
            return out;
        }
        if (out.error() != error::busy)
            return out;
        // Another writer won a collision; a short, growing pause lets it commit first. The
        // failed transaction is closed by now: PostgreSQL keeps an aborted transaction's
        // locks until its ROLLBACK.
        const auto pause = detail::collision_pause(attempt);
        if (std::chrono::steady_clock::now() + pause > give_up)
            return out;
        std::this_thread::sleep_for(pause);
    }
}

namespace detail {

/// Runs a savepoint command: SQLite keeps it prepared (a group runs two per write);
/// PostgreSQL cannot prepare one, so it is sent as text.
inline result<void> savepoint_command(connection& db, std::string_view sql)
{
    if (db.dialect() != dialect::sqlite)
        return db.exec(sql);
    auto stmt = db.prepare(sql);
    if (!stmt)
        return fail(stmt.error());
    if (auto done = (*stmt)->run(); !done)
        return fail(done.error());
    return {};
}

} // namespace detail

// A savepoint per write keeps each write all or nothing inside the group. A write's own
// failure (a constraint, a value the backend refuses) is undone to its savepoint and the
// group goes on; a collision or a lost connection spoils the whole transaction.
template <class Body>
auto sql_store::write_in_group(write_group& group, Body& body)
    -> std::invoke_result_t<Body&, connection&>
{
    if (group.doomed)
        return detail::fail(error::busy);
    connection& db = *group.conn;
    if (auto r = detail::savepoint_command(db, "SAVEPOINT grouped_write"); !r)
    {
        group.doomed = r.error();
        return detail::fail(r.error());
    }
    auto done = body(db);
    if (done)
    {
        if (auto r = detail::savepoint_command(db, "RELEASE grouped_write"); !r)
        {
            group.doomed = r.error();
            return detail::fail(r.error());
        }
        return done;
    }
    if (done.error() == error::busy || done.error() == error::unavailable)
        group.doomed = done.error();
    else if (auto r = detail::savepoint_command(db, "ROLLBACK TO grouped_write"); !r)
        group.doomed = r.error();
    else if (auto r2 = detail::savepoint_command(db, "RELEASE grouped_write"); !r2)
        group.doomed = r2.error();
    return done;
}

template <class Body>
auto sql_store::read(Body&& body) -> std::invoke_result_t<Body&, connection&>
{
    if (write_group* group = open_group())
    {
        if (group->doomed)
            return detail::fail(error::busy);
        // On PostgreSQL a failed statement aborts the transaction it is in.
        auto out = body(*group->conn);
        if (!out)
            group->doomed = out.error();
        return out;
    }
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
