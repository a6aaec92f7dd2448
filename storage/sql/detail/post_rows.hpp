// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading and writing post rows (and their hashtags), shared by the sql_store sources.
#pragma once

#include "storage/records.hpp"
#include "storage/sql/connection.hpp"
#include "storage/sql/detail/rows.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fedblog::storage::sql::detail {

/// The posts columns read_post() reads, in its order; usable in RETURNING.
inline constexpr const char* post_columns =
    "id, slug, object_type, title, content_html, source, source_media_type, language, "
    "in_reply_to, extra_json, published, updated, deleted, federated, pinned, import_key";

/// post_columns plus the post's hashtags (space-separated) for SELECTs over `posts`.
inline const std::string& post_select_columns(dialect d)
{
    // SQLite's group_concat() is PostgreSQL's string_agg().
    static const std::string sqlite =
        std::string(post_columns) +
        ", (SELECT group_concat(tag, ' ') FROM post_tags WHERE post_tags.post_id = posts.id)";
    static const std::string postgres =
        std::string(post_columns) +
        ", (SELECT string_agg(tag, ' ') FROM post_tags WHERE post_tags.post_id = posts.id)";
    return d == dialect::sqlite ? sqlite : postgres;
}

/** A query over post_select_columns(), built once per dialect by `build(columns)`; each
    call site passes its own lambda, so each keeps its own pair of texts.
*/
template <class Build>
const std::string& post_query(dialect d, Build build)
{
    static const std::string sqlite   = build(post_select_columns(dialect::sqlite));
    static const std::string postgres = build(post_select_columns(dialect::postgres));
    return d == dialect::sqlite ? sqlite : postgres;
}

inline std::optional<std::int64_t> optional_ms(const std::optional<time_point>& t)
{
    if (!t)
        return std::nullopt;
    return to_ms(*t);
}

/// Reads a row of post_columns (and, with `with_tags`, the hashtags column after them).
inline post read_post(const statement& row, bool with_tags)
{
    post p;
    p.id                = row.column_int64(0);
    p.slug              = row.column_text(1);
    p.object_type       = row.column_text(2);
    p.title             = row.column_text(3);
    p.content_html      = row.column_text(4);
    p.source            = row.column_text(5);
    p.source_media_type = row.column_text(6);
    p.language          = row.column_text(7);
    p.in_reply_to       = row.column_text(8);
    p.extra_json        = row.column_text(9);
    p.published         = from_ms(row.column_int64(10));
    if (const auto v = row.column_optional_int64(11))
        p.updated = from_ms(*v);
    if (const auto v = row.column_optional_int64(12))
        p.deleted = from_ms(*v);
    p.federated = row.column_int64(13) != 0;
    if (const auto v = row.column_optional_int64(14))
        p.pinned = from_ms(*v);
    p.import_key = row.column_text(15);
    if (with_tags)
    {
        // Tags are [a-z0-9_] and letters beyond ASCII, never spaces (node/ validates them).
        const std::string joined = row.column_text(16);
        std::size_t start        = 0;
        while (start < joined.size())
        {
            const auto end = joined.find(' ', start);
            p.hashtags.push_back(joined.substr(start, end - start));
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
    }
    return p;
}

/// Inside a write transaction: makes `tags` the hashtags of post `post_id`.
inline result<void> write_tags(connection& db, std::int64_t post_id,
                               const std::vector<std::string>& tags)
{
    auto clear = db.prepare("DELETE FROM post_tags WHERE post_id = ?1");
    if (!clear)
        return clear.error();
    if (auto r = (*clear)->bind(1, post_id).run(); !r)
        return r.error();
    for (const auto& tag : tags)
    {
        auto add = db.prepare("INSERT INTO post_tags (post_id, tag) VALUES (?1, ?2) "
                              "ON CONFLICT (post_id, tag) DO NOTHING");
        if (!add)
            return add.error();
        if (auto r = (*add)->bind(1, post_id).bind(2, tag).run(); !r)
            return r.error();
    }
    return {};
}

} // namespace fedblog::storage::sql::detail
