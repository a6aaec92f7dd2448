// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: the comment_store part (threads, their lifecycle and moderation).
#include "storage/error.hpp"
#include "storage/sql/detail/actor_traces.hpp"
#include "storage/sql/detail/comment_rows.hpp"
#include "storage/sql/detail/fan_out.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <string>

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::to_ms;

namespace {

constexpr const char* comment_columns =
    "id, object_id, post_slug, in_reply_to, actor_id, actor_host, url, content_html, summary, "
    "language, emoji_json, visibility, status, approval_id, reply_request, local, author_name, "
    "published, updated, deleted, received, extra_json";

/// What readers see: published, public or unlisted.
constexpr const char* shown = "status = 'published' AND visibility IN ('public', 'unlisted')";

comment read_comment(const statement& stmt)
{
    comment c;
    c.id            = stmt.column_int64(0);
    c.object_id     = stmt.column_text(1);
    c.post_slug     = stmt.column_text(2);
    c.in_reply_to   = stmt.column_text(3);
    c.actor_id      = stmt.column_text(4);
    c.actor_host    = stmt.column_text(5);
    c.url           = stmt.column_text(6);
    c.content_html  = stmt.column_text(7);
    c.summary       = stmt.column_text(8);
    c.language      = stmt.column_text(9);
    c.emoji_json    = stmt.column_text(10);
    c.visibility    = stmt.column_text(11);
    c.status        = stmt.column_text(12);
    c.approval_id   = stmt.column_text(13);
    c.reply_request = stmt.column_text(14);
    c.local         = stmt.column_int64(15) != 0;
    c.author_name   = stmt.column_text(16);
    c.published     = from_ms(stmt.column_int64(17));
    if (auto v = stmt.column_optional_int64(18))
        c.updated = from_ms(*v);
    if (auto v = stmt.column_optional_int64(19))
        c.deleted = from_ms(*v);
    c.received   = from_ms(stmt.column_int64(20));
    c.extra_json = stmt.column_text(21);
    return c;
}

result<std::vector<comment>> read_comments(statement& stmt)
{
    return detail::read_rows(stmt, read_comment);
}

result<std::optional<comment>> read_one(statement& stmt)
{
    auto row = stmt.step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return std::optional<comment>();
    return std::optional<comment>(read_comment(stmt));
}

/// True when any comment (a tombstone too) answers `object_id`.
result<bool> has_replies(connection& db, std::string_view object_id)
{
    auto stmt = db.prepare("SELECT EXISTS (SELECT 1 FROM comments WHERE in_reply_to = ?1)");
    if (!stmt)
        return fail(stmt.error());
    auto row = (*stmt)->bind(1, object_id).step();
    if (!row)
        return fail(row.error());
    return (*stmt)->column_int64(0) != 0;
}

/** Removes the row `object_id`, then every tombstone above it left without replies, so a
    thread never ends in a "deleted" placeholder that answers nothing.
*/
result<void> remove_with_empty_tombstones(connection& db, std::string object_id)
{
    auto remove = db.prepare("DELETE FROM comments WHERE object_id = ?1 RETURNING in_reply_to");
    if (!remove)
        return fail(remove.error());
    auto tombstone = db.prepare("SELECT 1 FROM comments WHERE object_id = ?1 AND deleted IS NOT "
                                "NULL AND NOT EXISTS (SELECT 1 FROM comments c WHERE "
                                "c.in_reply_to = ?1)");
    if (!tombstone)
        return fail(tombstone.error());
    // Thread depth is bounded by what ingestion accepts; the bound keeps a corrupt cycle finite.
    for (int depth = 0; depth < 10000; ++depth)
    {
        (*remove)->reset();
        auto row = (*remove)->bind(1, object_id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return {};
        std::string parent = (*remove)->column_text(0);
        if (auto rest = (*remove)->step(); !rest)
            return fail(rest.error());

        (*tombstone)->reset();
        auto empty = (*tombstone)->bind(1, parent).step();
        if (!empty)
            return fail(empty.error());
        if (!*empty)
            return {};
        object_id = std::move(parent);
    }
    return {};
}

} // namespace

result<bool> detail::delete_comment_in(connection& db, std::string_view object_id,
                                       std::string_view actor_id, time_point when)
{
    auto find = db.prepare("SELECT 1 FROM comments WHERE object_id = ?1 AND deleted IS NULL AND "
                           "(?2 = '' OR actor_id = ?2)");
    if (!find)
        return fail(find.error());
    auto found = (*find)->bind(1, object_id).bind(2, actor_id).step();
    if (!found)
        return fail(found.error());
    if (!*found)
        return false;

    auto replies = has_replies(db, object_id);
    if (!replies)
        return fail(replies.error());
    if (*replies)
    {
        // Keep the row so the answers below still hang off something; drop what it said.
        auto stone =
            db.prepare("UPDATE comments SET content_html = '', summary = '', emoji_json = '[]', "
                       "author_name = '', deleted = ?2 WHERE object_id = ?1");
        if (!stone)
            return fail(stone.error());
        if (auto r = (*stone)->bind(1, object_id).bind(2, to_ms(when)).run(); !r)
            return fail(r.error());
        return true;
    }
    if (auto r = remove_with_empty_tombstones(db, std::string(object_id)); !r)
        return fail(r.error());
    return true;
}

result<comment_store::comment_inserted> detail::insert_comment_in(connection& db, const comment& c)
{
    using comment_inserted = comment_store::comment_inserted;
    auto ins               = db.prepare(
                      "INSERT INTO comments (object_id, post_slug, in_reply_to, actor_id, actor_host, url, "
                                    "content_html, summary, language, emoji_json, visibility, status, approval_id, "
                                    "reply_request, local, author_name, published, updated, deleted, received, "
                                    "extra_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                    "?15, ?16, ?17, ?18, NULL, ?19, ?20) ON CONFLICT (object_id) DO NOTHING RETURNING id");
    if (!ins)
        return fail(ins.error());
    std::optional<std::int64_t> updated;
    if (c.updated)
        updated = to_ms(*c.updated);
    (*ins)
        ->bind(1, c.object_id)
        .bind(2, c.post_slug)
        .bind(3, c.in_reply_to)
        .bind(4, c.actor_id)
        .bind(5, c.actor_host)
        .bind(6, c.url)
        .bind(7, c.content_html)
        .bind(8, c.summary)
        .bind(9, c.language)
        .bind(10, c.emoji_json)
        .bind(11, c.visibility)
        .bind(12, c.status)
        .bind(13, c.approval_id)
        .bind(14, c.reply_request)
        .bind(15, std::int64_t{c.local ? 1 : 0})
        .bind(16, c.author_name)
        .bind(17, to_ms(c.published))
        .bind(18, updated)
        .bind(19, to_ms(c.received))
        .bind(20, c.extra_json);
    auto row = (*ins)->step();
    if (!row)
        return fail(row.error());
    if (*row)
    {
        comment_inserted out{(*ins)->column_int64(0), true};
        if (auto rest = (*ins)->step(); !rest)
            return fail(rest.error());
        return out;
    }
    auto existing = db.prepare("SELECT id FROM comments WHERE object_id = ?1");
    if (!existing)
        return fail(existing.error());
    auto found = (*existing)->bind(1, c.object_id).step();
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(error::backend);
    return comment_inserted{(*existing)->column_int64(0), false};
}

result<comment_store::comment_inserted> sql_store::insert_comment(const comment& c)
{
    return write([&](connection& db) { return detail::insert_comment_in(db, c); });
}

result<std::optional<comment>> sql_store::find_comment(std::string_view object_id)
{
    return read([&](connection& db) -> result<std::optional<comment>> {
        static const std::string sql =
            std::string("SELECT ") + comment_columns + " FROM comments WHERE object_id = ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, object_id);
        return read_one(**stmt);
    });
}

result<std::optional<comment>> sql_store::find_comment_by_id(std::int64_t id)
{
    return read([&](connection& db) -> result<std::optional<comment>> {
        static const std::string sql =
            std::string("SELECT ") + comment_columns + " FROM comments WHERE id = ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, id);
        return read_one(**stmt);
    });
}

result<std::optional<comment>> sql_store::find_comment_by_link(std::string_view iri)
{
    return read([&](connection& db) -> result<std::optional<comment>> {
        // The id wins: a url is only the author's (or a peer's) choice of link.
        static const std::string sql = std::string("SELECT ") + comment_columns +
                                       " FROM comments WHERE object_id = ?1 OR url = ?1 "
                                       "ORDER BY object_id = ?1 DESC, id LIMIT 1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, iri);
        return read_one(**stmt);
    });
}

result<std::optional<comment>> sql_store::find_comment_by_approval(std::string_view approval_id)
{
    if (approval_id.empty())
        return std::optional<comment>();
    return read([&](connection& db) -> result<std::optional<comment>> {
        static const std::string sql =
            std::string("SELECT ") + comment_columns + " FROM comments WHERE approval_id = ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, approval_id);
        return read_one(**stmt);
    });
}

result<bool> sql_store::update_comment(const comment& c)
{
    // An edit without a time cannot be ordered against what we hold (INTEROP.md E45).
    if (!c.updated)
        return false;
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare(
            "UPDATE comments SET content_html = ?3, summary = ?4, language = ?5, emoji_json = ?6, "
            "visibility = ?7, updated = ?8 WHERE object_id = ?1 AND actor_id = ?2 AND deleted IS "
            "NULL AND ?8 > coalesce(updated, published)");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)
            ->bind(1, c.object_id)
            .bind(2, c.actor_id)
            .bind(3, c.content_html)
            .bind(4, c.summary)
            .bind(5, c.language)
            .bind(6, c.emoji_json)
            .bind(7, c.visibility)
            .bind(8, to_ms(*c.updated));
        auto changed = (*stmt)->run();
        if (!changed)
            return fail(changed.error());
        return *changed > 0;
    });
}

result<bool> sql_store::delete_comment(std::string_view object_id, std::string_view actor_id,
                                       time_point when)
{
    return write(
        [&](connection& db) { return detail::delete_comment_in(db, object_id, actor_id, when); });
}

result<std::vector<comment>> sql_store::list_thread(std::string_view post_slug, bool include_hidden)
{
    return read([&](connection& db) -> result<std::vector<comment>> {
        static const std::string all = std::string("SELECT ") + comment_columns +
                                       " FROM comments WHERE post_slug = ?1 ORDER BY "
                                       "published, id";
        static const std::string visible = std::string("SELECT ") + comment_columns +
                                           " FROM comments WHERE post_slug = ?1 AND " + shown +
                                           " ORDER BY published, id";
        auto stmt = db.prepare(include_hidden ? all : visible);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, post_slug);
        return read_comments(**stmt);
    });
}

result<std::vector<comment>> sql_store::list_replies(std::string_view parent, std::size_t offset,
                                                     std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<comment>> {
        static const std::string sql =
            std::string("SELECT ") + comment_columns +
            " FROM comments WHERE in_reply_to = ?1 AND deleted IS NULL AND " + shown +
            " ORDER BY published, id LIMIT ?2 OFFSET ?3";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, parent).bind(2, clamp_count(limit)).bind(3, clamp_count(offset));
        return read_comments(**stmt);
    });
}

result<std::int64_t> sql_store::count_replies(std::string_view parent)
{
    return read([&](connection& db) -> result<std::int64_t> {
        static const std::string sql =
            std::string("SELECT count(*) FROM comments WHERE in_reply_to = ?1 AND deleted IS "
                        "NULL AND ") +
            shown;
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, parent).step();
        if (!row)
            return fail(row.error());
        return (*stmt)->column_int64(0);
    });
}

result<std::vector<std::pair<std::string, std::int64_t>>>
sql_store::count_comments(const std::vector<std::string>& slugs)
{
    using counts = std::vector<std::pair<std::string, std::int64_t>>;
    return read([&](connection& db) -> result<counts> {
        static const std::string sql =
            std::string("SELECT count(*) FROM comments WHERE post_slug = ?1 AND deleted IS "
                        "NULL AND ") +
            shown;
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        counts out;
        for (const auto& slug : slugs)
        {
            (*stmt)->reset();
            auto row = (*stmt)->bind(1, slug).step();
            if (!row)
                return fail(row.error());
            if (const auto n = (*stmt)->column_int64(0); n > 0)
                out.emplace_back(slug, n);
        }
        return out;
    });
}

result<std::vector<comment>> sql_store::list_comments(const comment_filter& filter)
{
    return read([&](connection& db) -> result<std::vector<comment>> {
        static const std::string sql = std::string("SELECT ") + comment_columns +
                                       " FROM comments WHERE deleted IS NULL "
                                       "AND (?1 = 0 OR visibility IN ('followers', 'direct')) "
                                       "AND (?2 = 0 OR status = 'pending') "
                                       "AND (?3 = '' OR post_slug = ?3) "
                                       "ORDER BY published DESC, id DESC LIMIT ?4";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)
            ->bind(1, std::int64_t{filter.private_only ? 1 : 0})
            .bind(2, std::int64_t{filter.pending_only ? 1 : 0})
            .bind(3, filter.post_slug)
            .bind(4, clamp_count(filter.limit));
        return read_comments(**stmt);
    });
}

result<bool> sql_store::approve_comment(std::int64_t id, std::string_view approval_id,
                                        const std::optional<outbound_activity>& notify,
                                        const std::vector<std::string>& inboxes)
{
    detail::fan_out plan;
    if (notify)
    {
        auto planned = detail::plan_fan_out(*notify, inboxes, false);
        if (!planned)
            return fail(planned.error());
        plan = std::move(*planned);
    }
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("UPDATE comments SET status = 'published', approval_id = ?2 "
                               "WHERE id = ?1 AND status = 'pending' AND deleted IS NULL");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, id).bind(2, approval_id).run();
        if (!changed)
            return fail(changed.error());
        if (*changed == 0)
            return false;
        if (auto queued = detail::queue(db, plan); !queued)
            return fail(queued.error());
        return true;
    });
}

result<bool> sql_store::record_author_comment(author_comment_change change, const comment& c,
                                              const outbound_activity& announce,
                                              const std::vector<std::string>& inboxes)
{
    auto plan = detail::plan_fan_out(announce, inboxes, true);
    if (!plan)
        return fail(plan.error());
    return write([&](connection& db) -> result<bool> {
        bool changed = false;
        if (change == author_comment_change::create)
        {
            auto inserted = detail::insert_comment_in(db, c);
            if (!inserted)
                return fail(inserted.error());
            changed = inserted->is_new;
        }
        else if (change == author_comment_change::update)
        {
            auto stmt = db.prepare("UPDATE comments SET content_html = ?3, extra_json = ?4, "
                                   "language = ?5, updated = ?6 WHERE object_id = ?1 AND "
                                   "actor_id = ?2 AND local = 1 AND deleted IS NULL");
            if (!stmt)
                return fail(stmt.error());
            (*stmt)
                ->bind(1, c.object_id)
                .bind(2, c.actor_id)
                .bind(3, c.content_html)
                .bind(4, c.extra_json)
                .bind(5, c.language)
                .bind(6, to_ms(c.updated.value_or(c.received)));
            auto n = (*stmt)->run();
            if (!n)
                return fail(n.error());
            changed = *n > 0;
        }
        else
        {
            // actor_id is never "" here: an empty one would let this remove anyone's comment.
            if (c.actor_id.empty())
                return fail(error::invalid_argument);
            auto removed = detail::delete_comment_in(db, c.object_id, c.actor_id,
                                                     c.deleted.value_or(c.received));
            if (!removed)
                return fail(removed.error());
            changed = *removed;
        }
        if (!changed)
            return false;
        if (auto queued = detail::queue(db, *plan); !queued)
            return fail(queued.error());
        return true;
    });
}

result<std::vector<std::string>> sql_store::interaction_inboxes(std::string_view post_slug)
{
    return read([&](connection& db) -> result<std::vector<std::string>> {
        // A server's shared inbox stands for all of its actors, so one copy reaches them all.
        auto stmt = db.prepare(
            "SELECT DISTINCT CASE WHEN shared_inbox <> '' THEN shared_inbox ELSE inbox END "
            "FROM remote_actors WHERE gone = 0 AND id IN ("
            "SELECT actor_id FROM comments WHERE post_slug = ?1 AND local = 0 AND actor_id <> '' "
            "UNION SELECT actor_id FROM reactions WHERE post_slug = ?1) ORDER BY 1");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, post_slug);
        auto inboxes =
            detail::read_rows(**stmt, [](const statement& row) { return row.column_text(0); });
        if (inboxes)
            std::erase(*inboxes, std::string());
        return inboxes;
    });
}

} // namespace fedblog::storage::sql
