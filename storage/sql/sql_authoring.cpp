// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: the authoring_store part (revisions, pins, tags, imports, media, settings).
#include "storage/error.hpp"
#include "storage/sql/detail/comment_rows.hpp"
#include "storage/sql/detail/fan_out.hpp"
#include "storage/sql/detail/post_rows.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"
#include "storage/sql/sql_store.hpp"

#include <set>

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::read_post;
using detail::to_ms;

namespace {

/// Steps `stmt` to the end, reading every row as a post with its hashtags.
result<std::vector<post>> read_posts(statement& stmt)
{
    std::vector<post> out;
    for (;;)
    {
        auto row = stmt.step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return out;
        out.push_back(read_post(stmt, true));
    }
}

} // namespace

result<std::vector<post_revision>> sql_store::list_revisions(std::string_view slug)
{
    return read([&](connection& db) -> result<std::vector<post_revision>> {
        auto stmt = db.prepare(
            "SELECT r.object_type, r.title, r.content_html, r.source, r.source_media_type, "
            "r.language, r.extra_json, r.valid_from, r.replaced FROM post_revisions r "
            "JOIN posts p ON p.id = r.post_id WHERE p.slug = ?1 ORDER BY r.id");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, slug);
        std::vector<post_revision> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            post_revision r;
            r.object_type       = (*stmt)->column_text(0);
            r.title             = (*stmt)->column_text(1);
            r.content_html      = (*stmt)->column_text(2);
            r.source            = (*stmt)->column_text(3);
            r.source_media_type = (*stmt)->column_text(4);
            r.language          = (*stmt)->column_text(5);
            r.extra_json        = (*stmt)->column_text(6);
            r.valid_from        = from_ms((*stmt)->column_int64(7));
            r.replaced          = from_ms((*stmt)->column_int64(8));
            out.push_back(std::move(r));
        }
    });
}

result<bool> sql_store::set_pinned(std::string_view slug, std::optional<time_point> pinned,
                                   const std::optional<outbound_activity>& announce)
{
    detail::fan_out plan;
    if (announce)
    {
        auto planned = detail::plan_fan_out(*announce, {}, true);
        if (!planned)
            return fail(planned.error());
        plan = std::move(*planned);
    }
    return write([&](connection& db) -> result<bool> {
        // Only a change of state counts: pinning a pinned post announces nothing.
        auto stmt = db.prepare(pinned ? "UPDATE posts SET pinned = ?2 WHERE slug = ?1 AND "
                                        "deleted IS NULL AND pinned IS NULL"
                                      : "UPDATE posts SET pinned = NULL WHERE slug = ?1 AND "
                                        "deleted IS NULL AND pinned IS NOT NULL");
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, slug);
        if (pinned)
            (*stmt)->bind(2, to_ms(*pinned));
        auto changed = (*stmt)->run();
        if (!changed)
            return fail(changed.error());
        if (*changed == 0)
            return false;
        if (auto queued = detail::queue(db, plan); !queued)
            return fail(queued.error());
        return true;
    });
}

result<std::vector<post>> sql_store::list_pinned()
{
    return read([&](connection& db) -> result<std::vector<post>> {
        const std::string& sql = detail::post_query(db.dialect(), [](const std::string& columns) {
            return "SELECT " + columns +
                   " FROM posts WHERE pinned IS NOT NULL AND deleted IS NULL "
                   "ORDER BY pinned DESC, id DESC";
        });
        auto stmt              = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        return read_posts(**stmt);
    });
}

result<std::vector<post>> sql_store::list_posts_tagged(std::string_view tag, std::size_t offset,
                                                       std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<post>> {
        const std::string& sql = detail::post_query(db.dialect(), [](const std::string& columns) {
            return "SELECT " + columns +
                   " FROM posts WHERE deleted IS NULL AND id IN (SELECT post_id FROM post_tags "
                   "WHERE tag = ?1) ORDER BY published DESC, id DESC LIMIT ?2 OFFSET ?3";
        });
        auto stmt              = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, tag).bind(2, clamp_count(limit)).bind(3, clamp_count(offset));
        return read_posts(**stmt);
    });
}

result<std::int64_t> sql_store::count_posts_tagged(std::string_view tag)
{
    return read([&](connection& db) -> result<std::int64_t> {
        auto stmt = db.prepare("SELECT count(*) FROM posts p JOIN post_tags t ON t.post_id = p.id "
                               "WHERE t.tag = ?1 AND p.deleted IS NULL");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, tag).step();
        if (!row)
            return fail(row.error());
        return (*stmt)->column_int64(0);
    });
}

result<import_outcome> sql_store::import_posts(const std::vector<post>& posts,
                                               const std::vector<comment>& comments)
{
    std::set<std::string_view> keys;
    for (const auto& p : posts)
    {
        // One file naming the same post twice is the caller's bug, not a re-import.
        if (p.import_key.empty() || !keys.insert(p.import_key).second)
            return fail(error::invalid_argument);
    }
    return write([&](connection& db) -> result<import_outcome> {
        import_outcome outcome;
        for (const auto& p : posts)
        {
            auto seen = db.prepare("SELECT 1 FROM posts WHERE import_key = ?1");
            if (!seen)
                return fail(seen.error());
            auto found = (*seen)->bind(1, p.import_key).step();
            if (!found)
                return fail(found.error());
            if (*found)
            {
                ++outcome.skipped;
                continue;
            }
            auto stmt =
                db.prepare("INSERT INTO posts (slug, object_type, title, content_html, source, "
                           "source_media_type, language, in_reply_to, extra_json, published, "
                           "updated, deleted, federated, import_key) VALUES (?1, ?2, ?3, ?4, "
                           "?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12, ?13) RETURNING id");
            if (!stmt)
                return fail(stmt.error());
            (*stmt)
                ->bind(1, p.slug)
                .bind(2, p.object_type)
                .bind(3, p.title)
                .bind(4, p.content_html)
                .bind(5, p.source)
                .bind(6, p.source_media_type)
                .bind(7, p.language)
                .bind(8, p.in_reply_to)
                .bind(9, p.extra_json)
                .bind(10, to_ms(p.published))
                .bind(11, detail::optional_ms(p.updated))
                .bind(12, std::int64_t{p.federated ? 1 : 0})
                .bind(13, p.import_key);
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            const std::int64_t id = (*stmt)->column_int64(0);
            if (auto tagged = detail::write_tags(db, id, p.hashtags); !tagged)
                return fail(tagged.error());
            ++outcome.imported;
        }
        for (const auto& c : comments)
        {
            auto inserted = detail::insert_comment_in(db, c);
            if (!inserted)
                return fail(inserted.error());
            outcome.comments += inserted->is_new ? 1 : 0;
        }
        return outcome;
    });
}

result<bool> sql_store::put_media(const media_file& m)
{
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("INSERT INTO media (name, media_type, width, height, bytes, "
                               "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                               "ON CONFLICT (name) DO NOTHING");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)
                           ->bind(1, m.name)
                           .bind(2, m.media_type)
                           .bind(3, m.width)
                           .bind(4, m.height)
                           .bind(5, m.bytes)
                           .bind(6, to_ms(m.created))
                           .run();
        if (!changed)
            return fail(changed.error());
        return *changed > 0;
    });
}

result<std::optional<media_file>> sql_store::find_media(std::string_view name)
{
    return read([&](connection& db) -> result<std::optional<media_file>> {
        auto stmt = db.prepare("SELECT name, media_type, width, height, bytes, created FROM media "
                               "WHERE name = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, name).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<media_file>();
        media_file m;
        m.name       = (*stmt)->column_text(0);
        m.media_type = (*stmt)->column_text(1);
        m.width      = (*stmt)->column_int64(2);
        m.height     = (*stmt)->column_int64(3);
        m.bytes      = (*stmt)->column_int64(4);
        m.created    = from_ms((*stmt)->column_int64(5));
        return std::optional<media_file>(std::move(m));
    });
}

result<std::vector<std::pair<std::string, std::string>>> sql_store::list_settings()
{
    using settings = std::vector<std::pair<std::string, std::string>>;
    return read([&](connection& db) -> result<settings> {
        auto stmt = db.prepare("SELECT key, value FROM settings ORDER BY key");
        if (!stmt)
            return fail(stmt.error());
        settings out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.emplace_back((*stmt)->column_text(0), (*stmt)->column_text(1));
        }
    });
}

result<void> sql_store::put_setting(std::string_view key, std::string_view value,
                                    const std::optional<outbound_activity>& announce)
{
    detail::fan_out plan;
    if (announce)
    {
        auto planned = detail::plan_fan_out(*announce, {}, true);
        if (!planned)
            return planned.error();
        plan = std::move(*planned);
    }
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        if (!stmt)
            return stmt.error();
        if (auto r = (*stmt)->bind(1, key).bind(2, value).run(); !r)
            return r.error();
        if (auto queued = detail::queue(db, plan); !queued)
            return queued.error();
        return {};
    });
}

} // namespace fedblog::storage::sql
