// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: the block_store part (refused domains and actors, forgetting an actor).
#include "storage/error.hpp"
#include "storage/inbox_host.hpp"
#include "storage/sql/detail/actor_traces.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <iterator>
#include <set>
#include <string>

namespace fedblog::storage::sql {

using detail::fail;
using detail::from_ms;
using detail::to_ms;

namespace {

/// A domain block covers the domain and every subdomain, as Mastodon's do: a server that
/// hands out subdomains per user must not slip past a block of its parent.
bool covered_by(std::string_view host, std::string_view domain)
{
    if (host == domain)
        return true;
    return host.size() > domain.size() && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.';
}

/// The host of an actor id, lowercase, without port or IPv6 brackets ("" when unusable).
std::string actor_host_of(std::string_view actor_id)
{
    auto authority = inbox_host(actor_id);
    if (!authority)
        return {};
    std::string_view h = *authority;
    if (h.starts_with('['))
        return std::string(h.substr(1, h.find(']') - 1));
    return std::string(h.substr(0, h.rfind(':')));
}

/// Every row's first text column, without repeats.
result<std::set<std::string>> collect(statement& stmt)
{
    auto rows = detail::read_rows(stmt, [](const statement& row) { return row.column_text(0); });
    if (!rows)
        return fail(rows.error());
    return std::set<std::string>(std::make_move_iterator(rows->begin()),
                                 std::make_move_iterator(rows->end()));
}

/// Every actor with traces here (comments, reactions, a follow) whose host `domain` covers.
result<std::set<std::string>> actors_on(connection& db, std::string_view domain)
{
    auto traced =
        db.prepare("SELECT actor_id FROM comments WHERE actor_id <> '' AND (actor_host = ?1 OR "
                   "(length(actor_host) > length(?1) AND "
                   "substr(actor_host, length(actor_host) - length(?1)) = '.' || ?1)) "
                   "UNION SELECT actor_id FROM reactions WHERE actor_host = ?1 OR "
                   "(length(actor_host) > length(?1) AND "
                   "substr(actor_host, length(actor_host) - length(?1)) = '.' || ?1)");
    if (!traced)
        return fail(traced.error());
    (*traced)->bind(1, domain);
    auto out = collect(**traced);
    if (!out)
        return out;
    // Followers keep no host column; a block is rare enough to read them all.
    auto followers = db.prepare("SELECT actor_id FROM followers");
    if (!followers)
        return fail(followers.error());
    auto all = collect(**followers);
    if (!all)
        return all;
    for (auto& id : *all)
        if (covered_by(actor_host_of(id), domain))
            out->insert(id);
    return out;
}

} // namespace

result<void> detail::forget_actor_in(connection& db, std::string_view actor_id, time_point when)
{
    auto authored = db.prepare(
        "SELECT object_id FROM comments WHERE actor_id = ?1 AND deleted IS NULL AND local = 0");
    if (!authored)
        return fail(authored.error());
    (*authored)->bind(1, actor_id);
    auto ids = collect(**authored);
    if (!ids)
        return fail(ids.error());
    for (const auto& id : *ids)
        if (auto r = delete_comment_in(db, id, actor_id, when); !r)
            return fail(r.error());

    auto reactions = db.prepare("DELETE FROM reactions WHERE actor_id = ?1");
    if (!reactions)
        return fail(reactions.error());
    if (auto r = (*reactions)->bind(1, actor_id).run(); !r)
        return fail(r.error());

    if (auto r = remove_follower_in(db, actor_id); !r)
        return fail(r.error());
    return {};
}

result<bool> sql_store::add_block(const block_entry& entry)
{
    if (entry.kind != "domain" && entry.kind != "actor")
        return fail(error::invalid_argument);
    return write([&](connection& db) -> result<bool> {
        auto ins = db.prepare("INSERT INTO blocks (value, kind, created) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (value) DO NOTHING");
        if (!ins)
            return fail(ins.error());
        auto added =
            (*ins)->bind(1, entry.value).bind(2, entry.kind).bind(3, to_ms(entry.created)).run();
        if (!added)
            return fail(added.error());

        std::set<std::string> actors{entry.value};
        if (entry.kind == "domain")
        {
            auto on = actors_on(db, entry.value);
            if (!on)
                return fail(on.error());
            actors = std::move(*on);
        }
        for (const auto& actor : actors)
            if (auto r = detail::forget_actor_in(db, actor, entry.created); !r)
                return fail(r.error());
        return *added > 0;
    });
}

result<bool> sql_store::remove_block(std::string_view value)
{
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("DELETE FROM blocks WHERE value = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, value).run();
        if (!changed)
            return fail(changed.error());
        return *changed > 0;
    });
}

result<std::vector<block_entry>> sql_store::list_blocks()
{
    return read([&](connection& db) -> result<std::vector<block_entry>> {
        auto stmt = db.prepare("SELECT value, kind, created FROM blocks ORDER BY created, value");
        if (!stmt)
            return fail(stmt.error());
        return detail::read_rows(**stmt, [](const statement& row) {
            return block_entry{row.column_text(0), row.column_text(1),
                               from_ms(row.column_int64(2))};
        });
    });
}

result<bool> sql_store::is_blocked(std::string_view actor_id, std::string_view host)
{
    // The actor, the host and each parent domain ("a.b.example" is covered by blocks of
    // "a.b.example", "b.example" and "example") in one lookup: every inbound activity asks.
    // Eight names a statement, unused slots empty (no block has an empty value); a deeper
    // host takes another round. An actor id is a URL and a domain never is, so the value
    // tells which kind of block would match it.
    constexpr int names = 8;
    return read([&](connection& db) -> result<bool> {
        auto stmt = db.prepare(
            "SELECT EXISTS (SELECT 1 FROM blocks WHERE value IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
            "?9) AND kind = CASE value WHEN ?1 THEN 'actor' ELSE 'domain' END)");
        if (!stmt)
            return fail(stmt.error());
        std::string_view rest = host;
        for (bool first = true; first || !rest.empty(); first = false)
        {
            (*stmt)->reset();
            (*stmt)->bind(1, first ? actor_id : std::string_view());
            for (int i = 0; i < names; ++i)
            {
                const std::string_view name = rest;
                const auto dot              = rest.find('.');
                rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
                (*stmt)->bind(2 + i, name);
            }
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if ((*stmt)->column_int64(0) != 0)
                return true;
        }
        return false;
    });
}

result<void> sql_store::forget_actor(std::string_view actor_id, time_point when)
{
    return write([&](connection& db) { return detail::forget_actor_in(db, actor_id, when); });
}

} // namespace fedblog::storage::sql
