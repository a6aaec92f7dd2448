// SPDX-License-Identifier: AGPL-3.0-or-later
// Update, Delete and pin/unpin of the author's posts, with their deliveries.
#include "node/authoring/edit.hpp"

#include "node/app.hpp"
#include "node/authoring/compose.hpp"
#include "node/authoring/mentions.hpp"
#include "node/delivery/engine.hpp"
#include "node/log.hpp"
#include "node/post_view.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/json.hpp"
#include "protocol/post_activities.hpp"
#include "protocol/post_content.hpp"
#include "protocol/slug.hpp"

#include <algorithm>

namespace fedblog::node {

namespace {

http_error bad(std::string text)
{
    return http_error{http::status::bad_request, std::move(text), {}};
}

/// Loads the live post `slug`: 404 when unknown, 410 when deleted.
asio::awaitable<std::variant<storage::post, http_error>> load_live(app& a, const std::string& slug)
{
    auto found = co_await a.db([&](storage::store& s) { return s.find_post(slug); });
    if (!found)
        co_return to_http_error(found.error());
    if (!*found)
        co_return http_error{http::status::not_found, "no such post", {}};
    if ((*found)->deleted)
        co_return http_error{http::status::gone, "the post was deleted", {}};
    co_return std::move(**found);
}

/** Who must hear about a change to `post` besides its followers: the actors it mentions
    (before the change; `extra` adds those after it) and everyone who interacted with it.
*/
asio::awaitable<std::vector<std::string>> audience(app& a, const storage::post& post,
                                                   std::vector<std::string> extra)
{
    std::vector<std::string> inboxes = co_await mentioned_inboxes(a, post.extra_json);
    inboxes.insert(inboxes.end(), extra.begin(), extra.end());
    // Commenters, likers and boosters: every inbox that interacted with the post gets its
    // Update and Delete, so their copies change too.
    auto interacted = co_await interaction_inboxes(a, post.slug);
    inboxes.insert(inboxes.end(), interacted.begin(), interacted.end());
    std::sort(inboxes.begin(), inboxes.end());
    inboxes.erase(std::unique(inboxes.begin(), inboxes.end()), inboxes.end());
    co_return inboxes;
}

/// A millisecond stamp that makes activity ids unique per change.
std::string stamp(storage::time_point t)
{
    return std::to_string(t.time_since_epoch().count());
}

storage::outbound_activity activity_record(const protocol::json::value& doc, std::string object_id,
                                           storage::time_point now)
{
    storage::outbound_activity out;
    out.id        = std::string(doc.get_string("id").value_or(""));
    out.json      = protocol::json::serialize(doc);
    out.signer    = "author";
    out.object_id = std::move(object_id);
    out.created   = now;
    return out;
}

/// The client hashtags a post was given (kept in extra_json; see compose_content()).
std::vector<std::string> stored_client_tags(const std::string& extra_json)
{
    std::vector<std::string> out;
    if (auto extra = protocol::json::parse_object(extra_json))
    {
        if (const auto* tags = extra->find(client_tags_key); tags != nullptr && tags->is_array())
        {
            for (const auto& t : *tags->if_array())
            {
                if (t.is_string())
                    out.push_back(*t.if_string());
            }
        }
    }
    return out;
}

} // namespace

std::string local_post_slug(const protocol::json::value* ref, const protocol::site_urls& urls)
{
    if (ref == nullptr)
        return {};
    const std::string_view id = protocol::json::id_of(*ref).value_or(std::string_view());
    const std::string prefix  = urls.post("");
    if (!id.starts_with(prefix))
        return {};
    std::string slug(id.substr(prefix.size()));
    return protocol::is_valid_slug(slug) ? slug : std::string();
}

std::variant<update_request, http_error> read_update_request(const protocol::json::value& activity,
                                                             const protocol::site_urls& urls)
{
    const protocol::json::value* object = activity.find("object");
    if (object == nullptr || !object->is_object())
        return bad("Update needs the changed post as an embedded object with its id");
    update_request req;
    req.slug = local_post_slug(object, urls);
    if (req.slug.empty())
        return bad("the Update's object id is not a post of this blog");
    const std::string_view type = protocol::json::type_of(*object);
    if (!type.empty() && type != "Note" && type != "Article")
        return bad("the Update's object must be a Note or an Article");

    // Read the changed parts with the Create reader, so both accept the same fields.
    protocol::json::value probe = protocol::json::make_object({{"type", "Note"}});
    for (const char* key : {"name", "source", "content", "tag"})
    {
        if (const auto* v = object->find(key))
            probe.set(key, *v);
    }
    const bool has_content =
        object->find("source") != nullptr || object->find("content") != nullptr;
    if (!has_content)
        probe.set("content", "<p>unchanged</p>"); // only the other fields are taken
    auto parsed = read_post_request(probe);
    if (auto* e = std::get_if<http_error>(&parsed))
        return std::move(*e);
    auto& fields = std::get<post_request>(parsed);
    if (const auto* name = object->find("name"))
        req.title = name->is_null() ? std::string() : fields.title;
    if (object->find("tag") != nullptr)
        req.extra_tags = fields.extra_tags;
    if (has_content)
        req.content = std::move(fields);
    if (!req.title && !req.content && !req.extra_tags)
        return bad("the Update changes nothing: send name, source, content or tag");
    return req;
}

asio::awaitable<std::vector<std::string>> interaction_inboxes(app& a, std::string slug)
{
    auto found = co_await a.db([&](storage::store& s) { return s.interaction_inboxes(slug); });
    if (!found)
    {
        // The change itself still goes to the followers; only these extra copies are lost.
        spdlog::warn("cannot list who interacted with post={}: {}", log_quote(slug),
                     found.error().message());
        co_return std::vector<std::string>{};
    }
    co_return std::move(*found);
}

asio::awaitable<std::variant<outbox_outcome, http_error>> apply_update(app& a, update_request req)
{
    auto loaded = co_await load_live(a, req.slug);
    if (auto* e = std::get_if<http_error>(&loaded))
        co_return std::move(*e);
    const storage::post old = std::get<storage::post>(std::move(loaded));

    // What the post becomes: the old one with the changed parts replaced.
    post_request merged;
    if (req.content)
        merged = *req.content;
    else
    {
        merged.content_html      = old.content_html;
        merged.source            = old.source;
        merged.source_media_type = old.source_media_type;
    }
    merged.title       = req.title.value_or(old.title);
    merged.language    = old.language;
    merged.in_reply_to = old.in_reply_to;
    merged.object_type = old.object_type;
    merged.extra_tags  = req.extra_tags.value_or(stored_client_tags(old.extra_json));
    if (merged.title.empty() && protocol::html_to_text(merged.content_html).empty() &&
        merged.content_html.find("<img") == std::string::npos)
        co_return bad("the post would be empty");

    prepared_post prepared = co_await prepare_post(a, merged);
    const auto now         = a.now();
    storage::post p        = std::move(prepared.post);
    p.id                   = old.id;
    p.slug                 = old.slug;
    p.published            = old.published;
    p.federated            = old.federated;
    p.object_type          = old.object_type;
    p.updated              = std::chrono::time_point_cast<std::chrono::seconds>(now);

    protocol::json::value update;
    std::optional<storage::outbound_activity> announce;
    std::vector<std::string> inboxes;
    if (old.federated)
    {
        update   = protocol::build_update(a.urls(), post_fields_for(a, p),
                                          a.urls().post(p.slug) + "#updates/" + stamp(now));
        announce = activity_record(update, a.urls().post(p.slug), now);
        inboxes  = co_await audience(a, old, prepared.inboxes);
    }
    auto stored =
        co_await a.db([&](storage::store& s) { return s.update_post(p, announce, inboxes); });
    if (!stored)
        co_return to_http_error(stored.error());
    if (!*stored)
        co_return http_error{http::status::not_found, "no such post", {}};
    if (announce)
        a.delivery().poke();
    co_return outbox_outcome{std::move(**stored), std::move(update)};
}

asio::awaitable<std::variant<outbox_outcome, http_error>> remove_post(app& a, std::string slug)
{
    auto loaded = co_await load_live(a, slug);
    if (auto* e = std::get_if<http_error>(&loaded))
        co_return std::move(*e);
    storage::post post = std::get<storage::post>(std::move(loaded));
    const auto now     = a.now();

    const auto deleted        = std::chrono::time_point_cast<std::chrono::seconds>(now);
    protocol::json::value del = protocol::build_delete(a.urls(), slug, post.object_type, deleted);
    std::optional<storage::outbound_activity> announce;
    std::vector<std::string> inboxes;
    if (post.federated)
    {
        announce = activity_record(del, a.urls().post(slug), now);
        inboxes  = co_await audience(a, post, {});
    }
    auto done = co_await a.db(
        [&](storage::store& s) { return s.delete_post(slug, now, announce, inboxes); });
    if (!done)
        co_return to_http_error(done.error());
    if (!*done)
        co_return http_error{http::status::gone, "the post was deleted", {}};
    if (announce)
        a.delivery().poke();
    post.deleted = now;
    if (!post.federated)
        del = protocol::json::value();
    co_return outbox_outcome{std::move(post), std::move(del)};
}

asio::awaitable<std::variant<outbox_outcome, http_error>> set_pin(app& a, std::string slug,
                                                                  bool pin)
{
    auto loaded = co_await load_live(a, slug);
    if (auto* e = std::get_if<http_error>(&loaded))
        co_return std::move(*e);
    storage::post post           = std::get<storage::post>(std::move(loaded));
    const auto now               = a.now();
    protocol::json::value change = protocol::build_featured_change(
        a.urls(), slug, pin,
        a.urls().featured() + "#" + (pin ? "add-" : "remove-") + slug + "-" + stamp(now));
    const std::optional<storage::outbound_activity> announce =
        activity_record(change, a.urls().post(slug), now);
    std::optional<storage::time_point> when;
    if (pin)
        when = now;
    auto changed =
        co_await a.db([&](storage::store& s) { return s.set_pinned(slug, when, announce); });
    if (!changed)
        co_return to_http_error(changed.error());
    post.pinned = when;
    if (!*changed)
        change = protocol::json::value();
    else
        a.delivery().poke();
    co_return outbox_outcome{std::move(post), std::move(change)};
}

} // namespace fedblog::node
