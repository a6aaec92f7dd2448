// SPDX-License-Identifier: AGPL-3.0-or-later
// Reply ingestion: parent resolution, moderation, sanitizing, storage.
#include "node/comments/thread.hpp"

#include "node/app.hpp"
#include "node/inbox/key_resolver.hpp"
#include "node/log.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/iri.hpp"
#include "protocol/slug.hpp"
#include "storage/comment_records.hpp"

namespace fedblog::node {

std::optional<std::string> own_post_slug(const protocol::site_urls& urls, std::string_view iri)
{
    const std::string prefix = urls.base() + "/posts/";
    if (!iri.starts_with(prefix))
        return std::nullopt;
    // Every stored slug is a valid one (the permalink route answers 404 to any other), so
    // anything else a remote server names (a NUL, which PostgreSQL refuses; a path; a query)
    // is not our post and costs no trip to the database.
    const std::string_view slug = iri.substr(prefix.size());
    if (!protocol::is_valid_slug(slug))
        return std::nullopt;
    return std::string(slug);
}

asio::awaitable<std::string> followers_of(app& a, const std::string& actor_id)
{
    auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(actor_id); });
    if (!cached || !*cached)
        co_return std::string();
    auto doc = protocol::json::parse_object((*cached)->document);
    if (!doc)
        co_return std::string();
    co_return std::string(doc->get_string("followers").value_or(""));
}

asio::awaitable<std::optional<protocol::remote_note>> fetch_note(app& a, std::string id)
{
    auto fetched = co_await a.fetch().fetch(id);
    if (!fetched || fetched->status != 200)
    {
        spdlog::info("note fetch failed id={} detail={}", log_quote(id),
                     fetched ? "status " + std::to_string(fetched->status)
                             : fetched.error().message());
        co_return std::nullopt;
    }
    auto author_id = protocol::json::ids_of(fetched->doc.find("attributedTo"));
    std::string followers;
    if (!author_id.empty())
        followers = co_await followers_of(a, std::string(author_id.front()));
    auto note = protocol::read_remote_note(fetched->doc, followers, a.cfg().allow_http_peers);
    if (!note)
    {
        spdlog::info("fetched object is not a usable note id={} error={}", log_quote(id),
                     note.error().message());
        co_return std::nullopt;
    }
    co_return std::move(*note);
}

namespace {

using kind = ingest_outcome::kind;

ingest_outcome outcome(kind k, std::string detail)
{
    ingest_outcome o;
    o.what   = k;
    o.detail = std::move(detail);
    return o;
}

} // namespace

asio::awaitable<ingest_outcome> ingest_reply(app& a, const protocol::remote_note& note,
                                             int fetch_budget, std::string_view reply_request)
{
    if (note.in_reply_to.empty())
        co_return outcome(kind::not_in_thread, "not a reply");
    const std::string host = protocol::host_of(note.attributed_to);
    auto blocked =
        co_await a.db([&](storage::store& s) { return s.is_blocked(note.attributed_to, host); });
    if (!blocked)
        co_return outcome(kind::unavailable, "storage error");
    if (*blocked)
        co_return outcome(kind::refused, "blocked");

    auto existing = co_await a.db([&](storage::store& s) { return s.find_comment(note.id); });
    if (!existing)
        co_return outcome(kind::unavailable, "storage error");
    if (*existing)
    {
        ingest_outcome o = outcome(kind::duplicate, "already stored");
        o.comment_id     = (*existing)->id;
        o.post_slug      = (*existing)->post_slug;
        co_return o;
    }

    // Where does it hang? Our post, a stored comment, or a parent we have yet to fetch.
    std::string slug;
    if (auto own = own_post_slug(a.urls(), note.in_reply_to))
    {
        auto post = co_await a.db([&](storage::store& s) { return s.post_state_of(*own); });
        if (!post)
            co_return outcome(kind::unavailable, "storage error");
        if (*post != storage::post_state::live)
            co_return outcome(kind::not_in_thread, "reply to a post that does not exist");
        slug = *own;
    }
    else
    {
        auto parent =
            co_await a.db([&](storage::store& s) { return s.find_comment(note.in_reply_to); });
        if (!parent)
            co_return outcome(kind::unavailable, "storage error");
        if (*parent)
            slug = (*parent)->post_slug;
        else if (fetch_budget <= 0)
            co_return outcome(kind::not_in_thread, "parent chain too long");
        else
        {
            auto fetched = co_await fetch_note(a, note.in_reply_to);
            if (!fetched)
                co_return outcome(kind::not_in_thread, "parent could not be fetched");
            auto up = co_await ingest_reply(a, *fetched, fetch_budget - 1);
            if (up.what != kind::stored && up.what != kind::duplicate)
                co_return outcome(up.what == kind::unavailable ? kind::unavailable
                                                               : kind::not_in_thread,
                                  "parent: " + up.detail);
            slug = up.post_slug;
        }
    }

    const std::string& mode = a.cfg().comments;
    if (mode == "closed")
        co_return outcome(kind::refused, "comments are closed");

    // The author's actor, for the name and avatar shown next to the comment; a failure to
    // fetch it does not lose the comment.
    auto cached =
        co_await a.db([&](storage::store& s) { return s.find_remote_actor(note.attributed_to); });
    if (cached && !*cached)
        (void)co_await fetch_actor(a, note.attributed_to);

    storage::comment c;
    c.object_id          = note.id;
    c.post_slug          = slug;
    c.in_reply_to        = note.in_reply_to;
    c.actor_id           = note.attributed_to;
    c.actor_host         = host;
    c.url                = note.url;
    c.content_html       = protocol::sanitize_html(note.content_html);
    c.summary            = note.summary.substr(0, 1000);
    c.language           = note.language;
    c.emoji_json         = protocol::emoji_to_json(note.emoji);
    c.visibility         = std::string(protocol::to_string(note.visibility));
    const bool is_public = note.visibility == protocol::note_visibility::public_ ||
                           note.visibility == protocol::note_visibility::unlisted;
    c.status =
        ((mode == "approve" && is_public) || !reply_request.empty()) ? "pending" : "published";
    c.reply_request = std::string(reply_request);
    c.received      = a.now();
    // A date from the future (or far past) would reorder threads; arrival time is the floor.
    c.published = note.published ? storage::time_point(*note.published) : c.received;
    if (c.published > c.received)
        c.published = c.received;
    if (note.updated && storage::time_point(*note.updated) > c.published)
        c.updated = storage::time_point(*note.updated);
    if (c.content_html.empty() && c.summary.empty())
        co_return outcome(kind::refused, "no content left after sanitizing");

    auto inserted = co_await a.db([&](storage::store& s) { return s.insert_comment(c); });
    if (!inserted)
        co_return outcome(kind::unavailable, "storage error");
    ingest_outcome o = outcome(inserted->is_new ? kind::stored : kind::duplicate,
                               inserted->is_new ? "comment " + c.status : "already stored");
    o.comment_id = inserted->id;
    o.post_slug  = slug;
    co_return o;
}

} // namespace fedblog::node
