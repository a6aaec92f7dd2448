// SPDX-License-Identifier: AGPL-3.0-or-later
// store on SQL: posts, followers, caches, de-duplication and tokens (delivery is in
// sql_delivery.cpp).
#include "storage/sql/sql_store.hpp"

#include "storage/error.hpp"
#include "storage/inbox_host.hpp"
#include "storage/sql/detail/actor_traces.hpp"
#include "storage/sql/detail/fan_out.hpp"
#include "storage/sql/detail/inbound_seen.hpp"
#include "storage/sql/detail/post_rows.hpp"
#include "storage/sql/detail/rows.hpp"
#include "storage/sql/detail/transactions.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace fedblog::storage::sql {

using detail::clamp_count;
using detail::fail;
using detail::from_ms;
using detail::optional_ms;
using detail::post_columns;
using detail::read_post;
using detail::to_ms;

sql_store::sql_store(connection_pool::opener open, std::size_t max_idle, write_policy policy,
                     std::string change_log)
    : pool_(std::move(open), max_idle), policy_(policy), change_log_(std::move(change_log))
{}

//------------------------------------------------------------------------------
// Posts

namespace {

// Hosts are checked before the transaction starts, so a bad inbox costs no lock.
result<detail::fan_out> plan_announce(const std::optional<outbound_activity>& announce,
                                      const std::vector<std::string>& extra_inboxes)
{
    if (!announce)
        return detail::fan_out{};
    return detail::plan_fan_out(*announce, extra_inboxes, true);
}

} // namespace

result<post> sql_store::insert_post(const post& p, const std::optional<outbound_activity>& announce,
                                    const std::vector<std::string>& extra_inboxes)
{
    auto plan = plan_announce(announce, extra_inboxes);
    if (!plan)
        return fail(plan.error());
    return write([&](connection& db) -> result<post> {
        static const std::string sql =
            std::string("INSERT INTO posts (slug, object_type, title, content_html, source, "
                        "source_media_type, language, in_reply_to, extra_json, published, "
                        "updated, deleted, federated, import_key) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                        "RETURNING ") +
            post_columns;
        auto stmt = db.prepare(sql);
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
            .bind(11, optional_ms(p.updated))
            .bind(12, optional_ms(p.deleted))
            .bind(13, std::int64_t{p.federated ? 1 : 0});
        if (p.import_key.empty())
            (*stmt)->bind_null(14);
        else
            (*stmt)->bind(14, p.import_key);
        auto row = (*stmt)->step();
        if (!row)
            return fail(row.error());
        post stored = read_post(**stmt, false);
        if (auto tagged = detail::write_tags(db, stored.id, p.hashtags); !tagged)
            return fail(tagged.error());
        stored.hashtags = p.hashtags;
        if (auto queued = detail::queue(db, *plan); !queued)
            return fail(queued.error());
        return stored;
    });
}

result<std::optional<post>> sql_store::update_post(const post& p,
                                                   const std::optional<outbound_activity>& announce,
                                                   const std::vector<std::string>& extra_inboxes)
{
    auto plan = plan_announce(announce, extra_inboxes);
    if (!plan)
        return fail(plan.error());
    return write([&](connection& db) -> result<std::optional<post>> {
        // The version being replaced is kept (authoring_store::list_revisions()).
        auto keep = db.prepare(
            "INSERT INTO post_revisions (post_id, object_type, title, content_html, source, "
            "source_media_type, language, extra_json, valid_from, replaced) "
            "SELECT id, object_type, title, content_html, source, source_media_type, language, "
            "extra_json, coalesce(updated, published), ?2 FROM posts "
            "WHERE slug = ?1 AND deleted IS NULL");
        if (!keep)
            return fail(keep.error());
        if (auto kept =
                (*keep)->bind(1, p.slug).bind(2, to_ms(p.updated.value_or(p.published))).run();
            !kept)
            return fail(kept.error());
        static const std::string sql =
            std::string("UPDATE posts SET object_type = ?2, title = ?3, content_html = ?4, "
                        "source = ?5, source_media_type = ?6, language = ?7, in_reply_to = ?8, "
                        "extra_json = ?9, updated = ?10, federated = ?11 "
                        "WHERE slug = ?1 AND deleted IS NULL RETURNING ") +
            post_columns;
        auto stmt = db.prepare(sql);
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
            .bind(10, optional_ms(p.updated))
            .bind(11, std::int64_t{p.federated ? 1 : 0});
        auto row = (*stmt)->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<post>();
        post stored = read_post(**stmt, false);
        if (auto tagged = detail::write_tags(db, stored.id, p.hashtags); !tagged)
            return fail(tagged.error());
        stored.hashtags = p.hashtags;
        if (auto queued = detail::queue(db, *plan); !queued)
            return fail(queued.error());
        return std::optional<post>(std::move(stored));
    });
}

result<bool> sql_store::delete_post(std::string_view slug, time_point when,
                                    const std::optional<outbound_activity>& announce,
                                    const std::vector<std::string>& extra_inboxes)
{
    auto plan = plan_announce(announce, extra_inboxes);
    if (!plan)
        return fail(plan.error());
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("UPDATE posts SET deleted = ?2 WHERE slug = ?1 AND deleted IS NULL");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, slug).bind(2, to_ms(when)).run();
        if (!changed)
            return fail(changed.error());
        if (*changed == 0)
            return false;
        if (auto queued = detail::queue(db, *plan); !queued)
            return fail(queued.error());
        return true;
    });
}

result<std::optional<post>> sql_store::find_post(std::string_view slug)
{
    return read([&](connection& db) -> result<std::optional<post>> {
        const std::string& sql = detail::post_query(db.dialect(), [](const std::string& columns) {
            return "SELECT " + columns + " FROM posts WHERE slug = ?1";
        });
        auto stmt              = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, slug).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<post>();
        return std::optional<post>(read_post(**stmt, true));
    });
}

result<post_state> sql_store::post_state_of(std::string_view slug)
{
    return read([&](connection& db) -> result<post_state> {
        auto stmt = db.prepare("SELECT deleted FROM posts WHERE slug = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, slug).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return post_state::missing;
        return (*stmt)->column_optional_int64(0) ? post_state::deleted : post_state::live;
    });
}

result<std::vector<post>> sql_store::list_posts(std::size_t offset, std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<post>> {
        const std::string& sql = detail::post_query(db.dialect(), [](const std::string& columns) {
            return "SELECT " + columns +
                   " FROM posts WHERE deleted IS NULL "
                   "ORDER BY published DESC, id DESC LIMIT ?1 OFFSET ?2";
        });
        auto stmt              = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, clamp_count(limit)).bind(2, clamp_count(offset));
        std::vector<post> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.push_back(read_post(**stmt, true));
        }
    });
}

result<std::int64_t> sql_store::count_posts()
{
    return read([](connection& db) -> result<std::int64_t> {
        return detail::scalar(db, "SELECT count(*) FROM posts WHERE deleted IS NULL");
    });
}

//------------------------------------------------------------------------------
// Followers

namespace {

constexpr const char* follower_columns = "actor_id, inbox, shared_inbox, follow_id, created";

follower read_follower(const statement& row)
{
    follower f;
    f.actor_id     = row.column_text(0);
    f.inbox        = row.column_text(1);
    f.shared_inbox = row.column_text(2);
    f.follow_id    = row.column_text(3);
    f.created      = from_ms(row.column_int64(4));
    return f;
}

} // namespace

result<bool> sql_store::add_follower(const follower& f, const outbound_activity& accept,
                                     std::string_view accept_inbox)
{
    auto inbox_host_r = inbox_host(f.inbox);
    if (!inbox_host_r)
        return fail(inbox_host_r.error());
    std::string shared_host;
    if (!f.shared_inbox.empty())
    {
        auto r = inbox_host(f.shared_inbox);
        if (!r)
            return fail(r.error());
        shared_host = std::move(*r);
    }
    auto plan = detail::plan_fan_out(accept, {std::string(accept_inbox)}, false);
    if (!plan)
        return fail(plan.error());

    return write([&](connection& db) -> result<bool> {
        auto existing = db.prepare("SELECT count(*) FROM followers WHERE actor_id = ?1");
        if (!existing)
            return fail(existing.error());
        auto row = (*existing)->bind(1, f.actor_id).step();
        if (!row)
            return fail(row.error());
        const bool is_new = (*existing)->column_int64(0) == 0;

        // The first Follow's time stays: it orders the followers collection.
        auto upsert = db.prepare(
            "INSERT INTO followers (actor_id, inbox, inbox_host, shared_inbox, "
            "shared_inbox_host, follow_id, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
            "ON CONFLICT (actor_id) DO UPDATE SET inbox = excluded.inbox, "
            "inbox_host = excluded.inbox_host, shared_inbox = excluded.shared_inbox, "
            "shared_inbox_host = excluded.shared_inbox_host, follow_id = excluded.follow_id");
        if (!upsert)
            return fail(upsert.error());
        auto done = (*upsert)
                        ->bind(1, f.actor_id)
                        .bind(2, f.inbox)
                        .bind(3, *inbox_host_r)
                        .bind(4, f.shared_inbox)
                        .bind(5, shared_host)
                        .bind(6, f.follow_id)
                        .bind(7, to_ms(f.created))
                        .run();
        if (!done)
            return fail(done.error());
        if (auto queued = detail::queue(db, *plan); !queued)
            return fail(queued.error());
        return is_new;
    });
}

result<bool> detail::remove_follower_in(connection& db, std::string_view actor_id)
{
    auto removed = db.prepare("DELETE FROM followers WHERE actor_id = ?1 RETURNING inbox");
    if (!removed)
        return fail(removed.error());
    auto row = (*removed)->bind(1, actor_id).step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return false;
    const std::string inbox = (*removed)->column_text(0);
    if (auto rest = (*removed)->step(); !rest) // finish the statement
        return fail(rest.error());

    // Some servers give every actor the shared inbox as personal inbox too: jobs to an
    // inbox that a remaining follower still receives through must stay.
    auto cancel = db.prepare(
        "UPDATE delivery_jobs SET state = 'dead', last_error = 'unfollowed', "
        "leased_until = NULL "
        "WHERE inbox = ?1 AND state = 'pending' "
        "AND NOT EXISTS (SELECT 1 FROM followers WHERE inbox = ?1 OR shared_inbox = ?1)");
    if (!cancel)
        return fail(cancel.error());
    if (auto r = (*cancel)->bind(1, inbox).run(); !r)
        return fail(r.error());
    return true;
}

result<bool> sql_store::remove_follower(std::string_view actor_id)
{
    return write([&](connection& db) { return detail::remove_follower_in(db, actor_id); });
}

result<std::optional<follower>> sql_store::find_follower(std::string_view actor_id)
{
    return read([&](connection& db) -> result<std::optional<follower>> {
        static const std::string sql =
            std::string("SELECT ") + follower_columns + " FROM followers WHERE actor_id = ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, actor_id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<follower>();
        return std::optional<follower>(read_follower(**stmt));
    });
}

result<std::int64_t> sql_store::count_followers()
{
    return read([](connection& db) -> result<std::int64_t> {
        return detail::scalar(db, "SELECT count(*) FROM followers");
    });
}

result<std::vector<follower>> sql_store::list_followers(std::size_t offset, std::size_t limit)
{
    return read([&](connection& db) -> result<std::vector<follower>> {
        static const std::string sql = std::string("SELECT ") + follower_columns +
                                       " FROM followers ORDER BY created, actor_id "
                                       "LIMIT ?1 OFFSET ?2";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        (*stmt)->bind(1, clamp_count(limit)).bind(2, clamp_count(offset));
        std::vector<follower> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.push_back(read_follower(**stmt));
        }
    });
}

//------------------------------------------------------------------------------
// Remote actors and keys

result<std::optional<remote_key>> sql_store::find_remote_key(std::string_view key_id)
{
    return read([&](connection& db) -> result<std::optional<remote_key>> {
        auto stmt = db.prepare("SELECT key_id, owner, public_key_pem, fetched "
                               "FROM remote_keys WHERE key_id = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, key_id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<remote_key>();
        remote_key k;
        k.key_id         = (*stmt)->column_text(0);
        k.owner          = (*stmt)->column_text(1);
        k.public_key_pem = (*stmt)->column_text(2);
        k.fetched        = from_ms((*stmt)->column_int64(3));
        return std::optional<remote_key>(std::move(k));
    });
}

result<void> sql_store::put_remote_key(const remote_key& key)
{
    return write([&](connection& db) -> result<void> {
        auto stmt =
            db.prepare("INSERT INTO remote_keys (key_id, owner, public_key_pem, fetched) "
                       "VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT (key_id) DO UPDATE SET owner = excluded.owner, "
                       "public_key_pem = excluded.public_key_pem, fetched = excluded.fetched");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)
                     ->bind(1, key.key_id)
                     .bind(2, key.owner)
                     .bind(3, key.public_key_pem)
                     .bind(4, to_ms(key.fetched))
                     .run();
        if (!r)
            return fail(r.error());
        return {};
    });
}

result<std::optional<remote_actor>> sql_store::find_remote_actor(std::string_view id)
{
    return read([&](connection& db) -> result<std::optional<remote_actor>> {
        auto stmt =
            db.prepare("SELECT id, type, preferred_username, name, inbox, shared_inbox, url, "
                       "icon_url, document, fetched, gone FROM remote_actors WHERE id = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<remote_actor>();
        const statement& s = **stmt;
        remote_actor a;
        a.id                 = s.column_text(0);
        a.type               = s.column_text(1);
        a.preferred_username = s.column_text(2);
        a.name               = s.column_text(3);
        a.inbox              = s.column_text(4);
        a.shared_inbox       = s.column_text(5);
        a.url                = s.column_text(6);
        a.icon_url           = s.column_text(7);
        a.document           = s.column_text(8);
        a.fetched            = from_ms(s.column_int64(9));
        a.gone               = s.column_int64(10) != 0;
        return std::optional<remote_actor>(std::move(a));
    });
}

result<void> sql_store::put_remote_actor(const remote_actor& actor)
{
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare(
            "INSERT INTO remote_actors (id, type, preferred_username, name, inbox, "
            "shared_inbox, url, icon_url, document, fetched, gone) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
            "ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
            "preferred_username = excluded.preferred_username, name = excluded.name, "
            "inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, url = excluded.url, "
            "icon_url = excluded.icon_url, document = excluded.document, "
            "fetched = excluded.fetched, gone = excluded.gone");
        if (!stmt)
            return fail(stmt.error());
        auto r = (*stmt)
                     ->bind(1, actor.id)
                     .bind(2, actor.type)
                     .bind(3, actor.preferred_username)
                     .bind(4, actor.name)
                     .bind(5, actor.inbox)
                     .bind(6, actor.shared_inbox)
                     .bind(7, actor.url)
                     .bind(8, actor.icon_url)
                     .bind(9, actor.document)
                     .bind(10, to_ms(actor.fetched))
                     .bind(11, std::int64_t{actor.gone ? 1 : 0})
                     .run();
        if (!r)
            return fail(r.error());
        return {};
    });
}

//------------------------------------------------------------------------------
// Inbound de-duplication

result<bool> detail::insert_seen(connection& db, std::string_view activity_id, time_point now)
{
    auto stmt = db.prepare("INSERT INTO inbound_seen (activity_id, received) "
                           "VALUES (?1, ?2) ON CONFLICT (activity_id) DO NOTHING");
    if (!stmt)
        return fail(stmt.error());
    auto inserted = (*stmt)->bind(1, activity_id).bind(2, to_ms(now)).run();
    if (!inserted)
        return fail(inserted.error());
    return *inserted == 1;
}

result<bool> sql_store::record_inbound(std::string_view activity_id, time_point now)
{
    return write([&](connection& db) { return detail::insert_seen(db, activity_id, now); });
}

result<bool> sql_store::seen_inbound(std::string_view activity_id)
{
    return read([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("SELECT count(*) FROM inbound_seen WHERE activity_id = ?1");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, activity_id).step();
        if (!row)
            return fail(row.error());
        return (*stmt)->column_int64(0) != 0;
    });
}

result<std::size_t> sql_store::prune_inbound(time_point before)
{
    return write([&](connection& db) -> result<std::size_t> {
        auto stmt = db.prepare("DELETE FROM inbound_seen WHERE received < ?1");
        if (!stmt)
            return fail(stmt.error());
        auto deleted = (*stmt)->bind(1, to_ms(before)).run();
        if (!deleted)
            return fail(deleted.error());
        return static_cast<std::size_t>(*deleted);
    });
}

//------------------------------------------------------------------------------
// API tokens

namespace {

constexpr const char* token_columns = "id, name, secret_hash, created, last_used, revoked";

api_token read_token(const statement& row)
{
    api_token t;
    t.id          = row.column_int64(0);
    t.name        = row.column_text(1);
    t.secret_hash = row.column_text(2);
    t.created     = from_ms(row.column_int64(3));
    if (const auto v = row.column_optional_int64(4))
        t.last_used = from_ms(*v);
    t.revoked = row.column_int64(5) != 0;
    return t;
}

} // namespace

result<std::int64_t> sql_store::insert_token(const api_token& token)
{
    return write([&](connection& db) -> result<std::int64_t> {
        auto stmt = db.prepare("INSERT INTO api_tokens (name, secret_hash, created, last_used, "
                               "revoked) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)
                       ->bind(1, token.name)
                       .bind(2, token.secret_hash)
                       .bind(3, to_ms(token.created))
                       .bind(4, optional_ms(token.last_used))
                       .bind(5, std::int64_t{token.revoked ? 1 : 0})
                       .step();
        if (!row)
            return fail(row.error());
        return (*stmt)->column_int64(0);
    });
}

result<std::optional<api_token>> sql_store::find_token(std::int64_t id)
{
    return read([&](connection& db) -> result<std::optional<api_token>> {
        static const std::string sql =
            std::string("SELECT ") + token_columns + " FROM api_tokens WHERE id = ?1";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        auto row = (*stmt)->bind(1, id).step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return std::optional<api_token>();
        return std::optional<api_token>(read_token(**stmt));
    });
}

result<std::vector<api_token>> sql_store::list_tokens()
{
    return read([&](connection& db) -> result<std::vector<api_token>> {
        static const std::string sql =
            std::string("SELECT ") + token_columns + " FROM api_tokens ORDER BY id";
        auto stmt = db.prepare(sql);
        if (!stmt)
            return fail(stmt.error());
        std::vector<api_token> out;
        for (;;)
        {
            auto row = (*stmt)->step();
            if (!row)
                return fail(row.error());
            if (!*row)
                return out;
            out.push_back(read_token(**stmt));
        }
    });
}

result<bool> sql_store::revoke_token(std::int64_t id)
{
    return write([&](connection& db) -> result<bool> {
        auto stmt = db.prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?1 AND revoked = 0");
        if (!stmt)
            return fail(stmt.error());
        auto changed = (*stmt)->bind(1, id).run();
        if (!changed)
            return fail(changed.error());
        return *changed == 1;
    });
}

result<void> sql_store::touch_token(std::int64_t id, time_point used)
{
    return write([&](connection& db) -> result<void> {
        auto stmt = db.prepare("UPDATE api_tokens SET last_used = ?2 "
                               "WHERE id = ?1 AND (last_used IS NULL OR last_used < ?2)");
        if (!stmt)
            return fail(stmt.error());
        if (auto r = (*stmt)->bind(1, id).bind(2, to_ms(used)).run(); !r)
            return fail(r.error());
        return {};
    });
}

} // namespace fedblog::storage::sql
