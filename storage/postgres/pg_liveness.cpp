// SPDX-License-Identifier: AGPL-3.0-or-later
// Owner numbers held as session advisory locks: pg_try_advisory_lock(key, owner).
#include "storage/postgres/pg_liveness.hpp"

#include "storage/error.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/sql/detail/rows.hpp"

#include <spdlog/spdlog.h>

#include <random>
#include <utility>

namespace fedblog::storage::postgres {

namespace {

using sql::detail::fail;

/// The first key of every owner lock: "fblg".
constexpr std::int64_t owner_lock_key = 0x66626c67;

/// Statements (text; the casts pick the two-key functions) run on the lock's own session.
constexpr const char* try_lock_sql =
    "SELECT pg_try_advisory_lock(CAST(?1 AS integer), CAST(?2 AS integer))";
constexpr const char* unlock_sql =
    "SELECT pg_advisory_unlock(CAST(?1 AS integer), CAST(?2 AS integer))";
/// Whether this session holds its owner lock: the server's view, not ours.
constexpr const char* holds_sql =
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
    "AND classid = CAST(?1 AS oid) AND objid = CAST(?2 AS oid) AND objsubid = 2 AND granted";

result<bool> ask(sql::connection& db, const char* sql, std::int64_t owner)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return fail(stmt.error());
    auto row = (*stmt)->bind(1, owner_lock_key).bind(2, owner).step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(error::backend);
    return (*stmt)->column_int64(0) != 0;
}

} // namespace

liveness::liveness(std::string conninfo, std::unique_ptr<sql::connection> conn) noexcept
    : conninfo_(std::move(conninfo)), conn_(std::move(conn))
{}

liveness::~liveness() = default; // closing the session drops the lock

result<std::unique_ptr<liveness>> liveness::take(const std::string& conninfo, std::string& why)
{
    auto conn = connection::open(conninfo, why);
    if (!conn)
        return conn.error();
    std::unique_ptr<liveness> out(new liveness(conninfo, std::move(*conn)));
    if (auto taken = out->take_owner(); !taken)
    {
        why = "cannot take a delivery owner lock: " + taken.error().message();
        return taken.error();
    }
    return out;
}

result<void> liveness::take_owner()
{
    // A server notices a process that died with its machine only when TCP does: ask it to
    // probe this session after 30 s of silence (by default the kernel waits two hours).
    // Ignored on a Unix socket.
    (void)conn_->exec("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; "
                      "SET tcp_keepalives_count = 3");
    std::random_device seed;
    std::uniform_int_distribution<std::int64_t> pick(1, 0x7fffffff);
    // A number held by a live process is refused: pick another. Collisions are rare (a few
    // live owners among two billion), so a handful of tries is plenty.
    for (int attempt = 0; attempt < 16; ++attempt)
    {
        const std::int64_t candidate = pick(seed);
        auto taken                   = ask(*conn_, try_lock_sql, candidate);
        if (!taken)
            return taken.error();
        if (*taken)
        {
            owner_ = candidate;
            return {};
        }
    }
    return error::busy;
}

result<bool> liveness::hold_if_gone(std::int64_t other)
{
    if (other == owner_ || other <= 0 || other > 0x7fffffff)
        return false;
    return ask(*conn_, try_lock_sql, other);
}

void liveness::let_go(std::int64_t other) noexcept
{
    (void)ask(*conn_, unlock_sql, other);
}

result<bool> liveness::renew(std::string& why)
{
    if (auto held = ask(*conn_, holds_sql, owner_); held && *held)
        return false;
    spdlog::warn("storage: the delivery owner lock {} was lost; reconnecting", owner_);
    auto conn = connection::open(conninfo_, why);
    if (!conn)
        return fail(conn.error());
    conn_ = std::move(*conn);
    if (auto taken = take_owner(); !taken)
    {
        why = "cannot take a delivery owner lock: " + taken.error().message();
        return fail(taken.error());
    }
    return true;
}

} // namespace fedblog::storage::postgres
