// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: the reaction_store part (likes, boosts and accepted quotes).
#include "storage/sql/detail/inbound_seen.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <string>

namespace fedblog::storage::sql {

using detail::fail;
using detail::from_ms;
using detail::to_ms;

namespace {

constexpr const char* reaction_columns =
    "post_slug, actor_id, actor_host, kind, activity_id, object_id, approval_id, created";

reaction read_reaction(const statement& stmt)
{
    reaction r;
    r.post_slug   = stmt.column_text(0);
    r.actor_id    = stmt.column_text(1);
    r.actor_host  = stmt.column_text(2);
    r.kind        = stmt.column_text(3);
    r.activity_id = stmt.column_text(4);
    r.object_id   = stmt.column_text(5);
    r.approval_id = stmt.column_text(6);
    r.created     = from_ms(stmt.column_int64(7));
    return r;
}

/// Inserts `r` inside the caller's transaction. @return true when it was new.
result<bool> insert_reaction(connection& db, const reaction& r)
{
    auto stmt = db.prepare(
        "INSERT INTO reactions (post_slug, kind, actor_id, object_id, actor_host, activity_id, "
        "approval_id, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
    if (!stmt)
        return fail(stmt.error());
    (*stmt)
        ->bind(1, r.post_slug)
        .bind(2, r.kind)
        .bind(3, r.actor_id)
        .bind(4, r.object_id)
        .bind(5, r.actor_host)
        .bind(6, r.activity_id)
        .bind(7, r.approval_id)
        .bind(8, to_ms(r.created));
    auto changed = (*stmt)->run();
    if (!changed)
        return fail(changed.error());
    return *changed > 0;
}

} // namespace

result<bool> sql_store::add_reaction(const reaction& r)
{
    return write([&](connection& db) { return insert_reaction(db, r); });
}

result<bool> sql_store::add_inbound_reaction(const reaction& r)
{
    return write([&](connection& db) -> result<bool> {
        auto added = insert_reaction(db, r);
        if (!added)
            return added;
        if (auto seen = detail::insert_seen(db, r.activity_id, r.created); !seen)
            return fail(seen.error());
        return added;
    });
}

result<bool> sql_store::remove_reaction(std::string_view actor_id, std::string_view activity_id)
{
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("DELETE FROM reactions WHERE activity_id = ?2 AND actor_id = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, actor_id).bind(2, activity_id).run();
        if (!changed)
            return fail(changed.error());
        return *changed > 0;
    });
}

result<bool> sql_store::remove_reaction_to(std::string_view actor_id, std::string_view kind,
                                           std::string_view post_slug)
{
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare(
            "DELETE FROM reactions WHERE post_slug = ?3 AND kind = ?2 AND actor_id = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, actor_id).bind(2, kind).bind(3, post_slug).run();
        if (!changed)
            return fail(changed.error());
        return *changed > 0;
    });
}

result<reaction_counts> sql_store::count_reactions(std::string_view post_slug)
{
    return read([&](connection& db) -> result<reaction_counts> {
        auto stmt =
            db.prepare("SELECT kind, count(*) FROM reactions WHERE post_slug = ?1 GROUP BY kind");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, post_slug);
        reaction_counts out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            const std::string kind = (*stmt)->column_text(0);
            const std::int64_t n   = (*stmt)->column_int64(1);
            if (kind == "like")
                out.likes = n;
            else if (kind == "announce")
                out.announces = n;
            else if (kind == "quote")
                out.quotes = n;
        }
    });
}

result<std::optional<reaction>> sql_store::find_quote(std::string_view approval_id)
{
    if (approval_id.empty())
        return std::optional<reaction>();
    return read([&](connection& db) -> result<std::optional<reaction>> {
        static const std::string sql = std::string("SELECT ") + reaction_columns +
                                       " FROM reactions WHERE approval_id = ?1 AND kind = 'quote'";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, approval_id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<reaction>();
        return std::optional<reaction>(read_reaction(**stmt));
    });
}

result<std::vector<reaction>> sql_store::list_reactions(std::string_view post_slug,
                                                        std::string_view kind)
{
    return read([&](connection& db) -> result<std::vector<reaction>> {
        static const std::string sql = std::string("SELECT ") + reaction_columns +
                                       " FROM reactions WHERE post_slug = ?1 AND kind = ?2 "
                                       "ORDER BY created, actor_id, object_id";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, post_slug).bind(2, kind);
        return detail::read_rows(**stmt, read_reaction);
    });
}

} // namespace fedblog::storage::sql
