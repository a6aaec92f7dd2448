// SPDX-License-Identifier: AGPL-3.0-or-later
// Update: of an actor (keep our cached copy current) or of a note (edit the comment).
#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/key_resolver.hpp"
#include "node/inbox/note_object.hpp"
#include "node/log.hpp"
#include "protocol/actor.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

asio::awaitable<inbox_result> update_actor(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    // An actor may only update itself (INTEROP.md C30).
    if (env.object_id != env.actor)
        co_return inbox_result{http::status::bad_request, "an actor can only update itself"};
    auto info = protocol::read_remote_actor(*env.object, a.cfg().allow_http_peers);
    if (!info)
        co_return inbox_result{http::status::bad_request, "unusable actor document"};
    const storage::remote_actor r = actor_record(*info, *env.object, a.now());
    auto stored = co_await a.db([&](storage::store& s) { return s.put_remote_actor(r); });
    if (!stored)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted, "actor updated"};
}

asio::awaitable<inbox_result> update_note(app& a, const inbound& in)
{
    auto got = co_await note_of(a, in);
    if (auto* answer = std::get_if<inbox_result>(&got))
        co_return std::move(*answer);
    const auto& note = std::get<protocol::remote_note>(got);

    auto existing = co_await a.db([&](storage::store& s) { return s.find_comment(note.id); });
    if (!existing)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    if (!*existing)
    {
        // An edit of a reply we never saw is the reply (Mastodon does the same).
        auto result = co_await ingest_reply(a, note, max_parent_fetches);
        if (result.what == ingest_outcome::kind::unavailable)
            co_return inbox_result{http::status::service_unavailable, result.detail};
        co_return inbox_result{http::status::accepted, result.detail};
    }
    if ((*existing)->actor_id != note.attributed_to)
        co_return inbox_result{http::status::forbidden, "only the comment's author can edit it"};
    if (!note.updated)
    {
        // Without `updated` it is not an edit of the text (INTEROP.md E45).
        co_return inbox_result{http::status::accepted, "no updated time: nothing to edit"};
    }
    storage::comment c = **existing;
    c.actor_id         = note.attributed_to;
    c.content_html     = protocol::sanitize_html(note.content_html);
    c.summary          = note.summary.substr(0, 1000);
    c.language         = note.language;
    c.emoji_json       = protocol::emoji_to_json(note.emoji);
    c.visibility       = std::string(protocol::to_string(note.visibility));
    c.updated          = storage::time_point(*note.updated);
    auto changed       = co_await a.db([&](storage::store& s) { return s.update_comment(c); });
    if (!changed)
        co_return inbox_result{http::status::service_unavailable, "storage error"};
    co_return inbox_result{http::status::accepted,
                           *changed ? "comment edited" : "not newer: unchanged"};
}

} // namespace

asio::awaitable<inbox_result> on_update(app& a, const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.object != nullptr && protocol::vocab::is_actor_type(env.object_type))
    {
        if (in.forwarded)
            co_return inbox_result{http::status::accepted, "ignored forwarded actor update"};
        co_return co_await update_actor(a, in);
    }
    co_return co_await update_note(a, in);
}

} // namespace fedblog::node
