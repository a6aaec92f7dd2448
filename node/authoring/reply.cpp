// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's replies in a post's thread: checks on what is answered, the reader's
// mention, storing with the deliveries, edits and deletions.
#include "node/authoring/reply.hpp"

#include "keys/encoding.hpp"
#include "node/app.hpp"
#include "node/authoring/edit.hpp"
#include "node/authoring/mentions.hpp"
#include "node/delivery/engine.hpp"
#include "node/inbox/key_resolver.hpp"
#include "node/post_view.hpp"
#include "protocol/iri.hpp"
#include "protocol/json.hpp"
#include "protocol/slug.hpp"

#include <algorithm>

namespace fedblog::node {

namespace {

http_error refuse(http::status status, std::string text)
{
    return http_error{status, std::move(text), {}};
}

/// What a reply answers: the post at the root of the thread, and the comment if any.
struct reply_target
{
    storage::post post;
    std::optional<storage::comment> parent;
};

asio::awaitable<std::variant<storage::post, http_error>> live_root(app& a, std::string slug)
{
    auto found = co_await a.db([&](storage::store& s) { return s.find_post(slug); });
    if (!found)
        co_return to_http_error(found.error());
    if (!*found)
        co_return refuse(http::status::bad_request, "inReplyTo names no post of this blog");
    if ((*found)->deleted)
        co_return refuse(http::status::conflict, "the post was deleted");
    co_return std::move(**found);
}

asio::awaitable<std::variant<reply_target, http_error>> find_target(app& a, std::string iri)
{
    reply_target target;
    const protocol::json::value ref(iri);
    if (std::string slug = local_post_slug(&ref, a.urls()); !slug.empty())
    {
        auto root = co_await live_root(a, slug);
        if (auto* e = std::get_if<http_error>(&root))
            co_return std::move(*e);
        target.post = std::get<storage::post>(std::move(root));
        co_return target;
    }
    auto found = co_await a.db([&](storage::store& s) { return s.find_comment_by_link(iri); });
    if (!found)
        co_return to_http_error(found.error());
    if (!*found)
        co_return refuse(http::status::bad_request,
                         "inReplyTo must be a post of this blog or a comment on one");
    const storage::comment& c = **found;
    // Each refusal says what to do, since the author sent it from a client or the CLI.
    if (c.deleted)
        co_return refuse(http::status::conflict, "that comment was deleted");
    if (c.status != "published")
        co_return refuse(http::status::conflict,
                         "that comment awaits approval: approve it first (fedblog comments "
                         "approve " +
                             std::to_string(c.id) + ")");
    if (!c.is_public())
        co_return refuse(http::status::conflict,
                         "that comment is followers-only or direct: a public answer would "
                         "reveal it");
    auto root = co_await live_root(a, c.post_slug);
    if (auto* e = std::get_if<http_error>(&root))
        co_return std::move(*e);
    target.post   = std::get<storage::post>(std::move(root));
    target.parent = c;
    co_return target;
}

/** Adds a `Mention` of `actor_id` (the reader answered) to the reply's tags and cc, unless
    the text mentions them already. Named "@user@host" when the actor is cached, as Mastodon
    names its mentions.
*/
asio::awaitable<std::string> mention_reader(app& a, std::string extra_json, std::string actor_id)
{
    auto extra = protocol::json::parse_object(extra_json);
    protocol::json::value doc =
        extra ? std::move(*extra) : protocol::json::value(protocol::json::object{});
    protocol::json::array tags;
    if (const auto* t = doc.find("tag"); t != nullptr && t->is_array())
        tags = *t->if_array();
    for (const auto& t : tags)
    {
        if (protocol::json::type_of(t) == "Mention" && t.get_string("href") == actor_id)
            co_return extra_json;
    }
    std::string name = actor_id;
    auto cached = co_await a.db([&](storage::store& s) { return s.find_remote_actor(actor_id); });
    std::optional<storage::remote_actor> actor;
    if (cached && *cached)
        actor = std::move(**cached);
    else if (protocol::is_fetchable_url(actor_id, a.cfg().allow_http_peers))
        actor = co_await fetch_actor(a, actor_id);
    if (actor && !actor->preferred_username.empty())
        name = "@" + actor->preferred_username + "@" + protocol::host_of(actor_id);
    protocol::json::value mention = protocol::json::make_object({
        {"type", "Mention"},
        {"href", actor_id},
        {"name", name},
    });
    tags.push_back(std::move(mention));
    doc.set("tag", std::move(tags));
    protocol::json::array cc;
    if (const auto* c = doc.find("cc"); c != nullptr && c->is_array())
        cc = *c->if_array();
    cc.emplace_back(actor_id);
    doc.set("cc", std::move(cc));
    co_return protocol::json::serialize(doc);
}

/// Everyone mentioned (the reader answered among them), deduplicated.
asio::awaitable<std::vector<std::string>> reply_audience(app& a, std::string extra_json)
{
    std::vector<std::string> inboxes = co_await mentioned_inboxes(a, extra_json);
    std::sort(inboxes.begin(), inboxes.end());
    inboxes.erase(std::unique(inboxes.begin(), inboxes.end()), inboxes.end());
    co_return inboxes;
}

storage::outbound_activity activity_record(const protocol::json::value& doc,
                                           const std::string& object_id, storage::time_point now)
{
    storage::outbound_activity out;
    out.id        = std::string(doc.get_string("id").value_or(""));
    out.json      = protocol::json::serialize(doc);
    out.signer    = "author";
    out.object_id = object_id;
    out.created   = now;
    return out;
}

asio::awaitable<std::variant<storage::comment, http_error>> load_reply(app& a, std::string id)
{
    auto found = co_await a.db([&](storage::store& s) { return s.find_comment(id); });
    if (!found)
        co_return to_http_error(found.error());
    if (!*found || (*found)->actor_id != a.urls().actor() || !(*found)->local)
        co_return refuse(http::status::not_found, "no such reply");
    if ((*found)->deleted)
        co_return refuse(http::status::gone, "the reply was deleted");
    co_return std::move(**found);
}

/// The content of `req` rendered as a post's would be (Markdown, hashtags, mentions, images).
asio::awaitable<std::variant<prepared_post, http_error>> render_reply(app& a, post_request req)
{
    if (!req.title.empty())
        co_return refuse(http::status::bad_request,
                         "a reply has no title: leave name out (it would show as a heading in "
                         "the thread)");
    req.object_type = "Note";
    co_return co_await prepare_post(a, req);
}

} // namespace

std::string author_reply_id(const protocol::json::value* ref, const protocol::site_urls& urls)
{
    if (ref == nullptr)
        return {};
    const std::string_view id = protocol::json::id_of(*ref).value_or(std::string_view());
    const std::string prefix  = urls.base() + "/posts/";
    if (!id.starts_with(prefix))
        return {};
    const std::string_view rest = id.substr(prefix.size());
    const auto cut              = rest.find("/comments/");
    if (cut == std::string_view::npos || !protocol::is_valid_slug(rest.substr(0, cut)))
        return {};
    const std::string_view key = rest.substr(cut + 10);
    if (key.empty() || key.size() > 64 || !std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }))
        return {};
    return std::string(id);
}

protocol::reply_fields to_reply_fields(const storage::comment& c)
{
    protocol::reply_fields f;
    f.id           = c.object_id;
    f.post_slug    = c.post_slug;
    f.in_reply_to  = c.in_reply_to;
    f.content_html = c.content_html;
    f.language     = c.language;
    if (auto extra = protocol::json::parse_object(c.extra_json))
        f.extra = std::move(*extra);
    f.published = to_seconds(c.published);
    if (c.updated)
        f.updated = to_seconds(*c.updated);
    return f;
}

asio::awaitable<std::variant<reply_outcome, http_error>> publish_author_reply(app& a,
                                                                              post_request req)
{
    auto found = co_await find_target(a, req.in_reply_to);
    if (auto* e = std::get_if<http_error>(&found))
        co_return std::move(*e);
    const reply_target target = std::get<reply_target>(std::move(found));
    auto rendered             = co_await render_reply(a, req);
    if (auto* e = std::get_if<http_error>(&rendered))
        co_return std::move(*e);
    prepared_post prepared = std::get<prepared_post>(std::move(rendered));

    std::string extra = prepared.post.extra_json;
    // The reader answered is mentioned, so their server notifies them and shows the answer
    // to them even when they do not follow the blog; answering oneself mentions no one.
    if (target.parent && !target.parent->actor_id.empty() &&
        target.parent->actor_id != a.urls().actor())
        extra = co_await mention_reader(a, extra, target.parent->actor_id);

    const auto now = a.now();
    storage::comment c;
    c.object_id =
        a.urls().author_comment(target.post.slug, keys::hex_encode(keys::random_bytes(8)));
    c.post_slug    = target.post.slug;
    c.in_reply_to  = target.parent ? target.parent->object_id : a.urls().post(target.post.slug);
    c.actor_id     = a.urls().actor();
    c.url          = c.object_id;
    c.content_html = std::move(prepared.post.content_html);
    c.language     = req.language;
    c.local        = true;
    c.extra_json   = std::move(extra);
    c.published    = std::chrono::time_point_cast<std::chrono::seconds>(now);
    c.received     = now;

    const protocol::reply_fields fields = to_reply_fields(c);
    protocol::json::value create =
        protocol::build_reply_activity(a.urls(), "Create", fields, c.object_id + "/activity");
    const storage::outbound_activity announce = activity_record(create, c.object_id, now);
    const std::vector<std::string> inboxes    = co_await reply_audience(a, c.extra_json);
    auto stored                               = co_await a.db([&](storage::store& s) {
        return s.record_author_comment(storage::author_comment_change::create, c, announce,
                                                                     inboxes);
    });
    if (!stored)
        co_return to_http_error(stored.error());
    a.delivery().poke();
    reply_outcome out;
    out.reply    = std::move(c);
    out.activity = std::move(create);
    co_return out;
}

asio::awaitable<std::variant<reply_outcome, http_error>> edit_author_reply(app& a, std::string id,
                                                                           post_request content)
{
    auto loaded = co_await load_reply(a, id);
    if (auto* e = std::get_if<http_error>(&loaded))
        co_return std::move(*e);
    storage::comment c = std::get<storage::comment>(std::move(loaded));
    auto rendered      = co_await render_reply(a, content);
    if (auto* e = std::get_if<http_error>(&rendered))
        co_return std::move(*e);
    prepared_post prepared = std::get<prepared_post>(std::move(rendered));

    // Those mentioned before the edit hear about it too, as with posts.
    std::vector<std::string> inboxes = co_await reply_audience(a, c.extra_json);
    std::string extra                = prepared.post.extra_json;
    auto parent = co_await a.db([&](storage::store& s) { return s.find_comment(c.in_reply_to); });
    if (parent && *parent && !(*parent)->actor_id.empty() &&
        (*parent)->actor_id != a.urls().actor())
        extra = co_await mention_reader(a, extra, (*parent)->actor_id);

    const auto now = a.now();
    c.content_html = std::move(prepared.post.content_html);
    c.extra_json   = std::move(extra);
    c.updated      = std::chrono::time_point_cast<std::chrono::seconds>(now);
    c.received     = now;
    auto after     = co_await reply_audience(a, c.extra_json);
    inboxes.insert(inboxes.end(), after.begin(), after.end());
    std::sort(inboxes.begin(), inboxes.end());
    inboxes.erase(std::unique(inboxes.begin(), inboxes.end()), inboxes.end());

    const protocol::reply_fields fields = to_reply_fields(c);
    protocol::json::value update        = protocol::build_reply_activity(
               a.urls(), "Update", fields,
               c.object_id + "#updates/" + std::to_string(now.time_since_epoch().count()));
    const storage::outbound_activity announce = activity_record(update, c.object_id, now);
    auto stored                               = co_await a.db([&](storage::store& s) {
        return s.record_author_comment(storage::author_comment_change::update, c, announce,
                                                                     inboxes);
    });
    if (!stored)
        co_return to_http_error(stored.error());
    if (!*stored)
        co_return refuse(http::status::not_found, "no such reply");
    a.delivery().poke();
    reply_outcome out;
    out.reply    = std::move(c);
    out.activity = std::move(update);
    co_return out;
}

asio::awaitable<std::variant<reply_outcome, http_error>> remove_author_reply(app& a, std::string id)
{
    auto loaded = co_await load_reply(a, id);
    if (auto* e = std::get_if<http_error>(&loaded))
        co_return std::move(*e);
    storage::comment c                  = std::get<storage::comment>(std::move(loaded));
    const auto now                      = a.now();
    c.deleted                           = now;
    c.received                          = now;
    const protocol::reply_fields fields = to_reply_fields(c);
    protocol::json::value del = protocol::build_reply_delete(a.urls(), fields, to_seconds(now));
    const storage::outbound_activity announce = activity_record(del, c.object_id, now);
    const std::vector<std::string> inboxes    = co_await reply_audience(a, c.extra_json);
    auto stored                               = co_await a.db([&](storage::store& s) {
        return s.record_author_comment(storage::author_comment_change::remove, c, announce,
                                                                     inboxes);
    });
    if (!stored)
        co_return to_http_error(stored.error());
    if (!*stored)
        co_return refuse(http::status::gone, "the reply was deleted");
    a.delivery().poke();
    reply_outcome out;
    out.reply    = std::move(c);
    out.activity = std::move(del);
    co_return out;
}

} // namespace fedblog::node
