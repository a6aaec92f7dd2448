// SPDX-License-Identifier: AGPL-3.0-or-later
// C2S submissions → posts: reading the payload, rendering, slugging, storing with deliveries.
#include "node/publish.hpp"

#include "keys/encoding.hpp"
#include "node/app.hpp"
#include "node/authoring/compose.hpp"
#include "node/delivery/engine.hpp"
#include "node/post_view.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/html_text.hpp"
#include "protocol/http_date.hpp"
#include "protocol/markdown.hpp"
#include "protocol/note.hpp"
#include "protocol/post_content.hpp"
#include "protocol/slug.hpp"
#include "storage/error.hpp"

namespace fedblog::node {

namespace {

constexpr std::size_t max_title = 300;

http_error bad(std::string text)
{
    return http_error{http::status::bad_request, std::move(text), {}};
}

std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

protocol::sanitize_options author_html()
{
    protocol::sanitize_options o;
    o.allow_images      = true;
    o.allow_rich_blocks = true;
    return o;
}

} // namespace

std::variant<post_request, http_error> read_post_request(const protocol::json::value& doc)
{
    const protocol::json::value* object = &doc;
    const std::string_view type         = protocol::json::type_of(doc);
    if (type == "Create")
    {
        object = doc.find("object");
        if (object == nullptr || !object->is_object())
            return bad("Create needs an embedded object");
    }
    else if (type != "Note" && type != "Article")
    {
        return bad("unsupported activity type: send a Create, a Note or an Article");
    }
    const std::string_view object_type = protocol::json::type_of(*object);
    if (object_type != "Note" && object_type != "Article")
        return bad("the object must be a Note or an Article");

    post_request req;
    if (type == "Article" || object_type == "Article")
        req.object_type = "Article";
    if (const auto* reply = object->find("inReplyTo"); reply != nullptr && !reply->is_null())
    {
        const auto id     = reply->is_string() ? reply->if_string() : nullptr;
        const auto nested = reply->is_object() ? reply->get_string("id") : std::nullopt;
        if (id != nullptr)
            req.in_reply_to = *id;
        else if (nested)
            req.in_reply_to = std::string(*nested);
        else
            return bad("inReplyTo must be an IRI or an object with an id");
    }
    if (const auto* tags = object->find("tag"); tags != nullptr && tags->is_array())
    {
        for (const auto& t : *tags->if_array())
        {
            if (protocol::json::type_of(t) != "Hashtag")
                continue;
            auto name = t.get_string("name");
            if (!name)
                continue;
            std::string_view n = *name;
            if (n.starts_with("#"))
                n.remove_prefix(1);
            if (protocol::hashtag_key(n).empty())
                return bad("a Hashtag name must be letters, digits or '_', not only digits");
            req.extra_tags.emplace_back(n);
        }
    }
    if (const auto* name = object->find("name"); name != nullptr && !name->is_null())
    {
        if (!name->is_string())
            return bad("name must be a string");
        req.title = trim(*name->if_string());
        if (req.title.size() > max_title)
            return bad("name is longer than 300 bytes");
    }

    if (const auto* source = object->find("source"); source != nullptr && !source->is_null())
    {
        auto content = source->get_string("content");
        if (!content)
            return bad("source.content must be a string");
        const auto* media_value = source->find("mediaType");
        if (media_value != nullptr && !media_value->is_string() && !media_value->is_null())
            return bad("source.mediaType must be a string");
        std::string media = std::string(source->get_string("mediaType").value_or("text/markdown"));
        req.source        = std::string(*content);
        req.source_media_type = media;
        if (media == "text/markdown" || media == "text/x-markdown")
        {
            req.source_media_type = "text/markdown";
            // A first rendering, to check the post is not empty; prepare_post() renders it
            // again with this node's URLs and the resolved mentions.
            req.content_html = protocol::render_post_markdown(req.source, {}, {}).html;
            req.plain_text   = protocol::markdown_plain_text(req.source);
        }
        else if (media == "text/plain")
        {
            req.content_html = protocol::text_to_html(req.source);
            req.plain_text   = req.source;
        }
        else if (media == "text/html")
        {
            req.content_html = protocol::sanitize_html(req.source, author_html());
            req.plain_text   = protocol::html_to_text(req.content_html);
        }
        else
            return bad("source.mediaType must be text/markdown, text/plain or text/html");
    }
    else if (const auto* content = object->find("content");
             content != nullptr && content->is_string())
    {
        req.content_html = protocol::sanitize_html(*content->if_string(), author_html());
        req.plain_text   = protocol::html_to_text(req.content_html);
    }
    else
        return bad("a post needs source or content");

    if (trim(req.plain_text).empty() && req.title.empty() &&
        req.content_html.find("<img") == std::string::npos)
        return bad("the post is empty");
    return req;
}

storage::result<std::string> choose_slug(storage::store& s, const post_request& req,
                                         storage::time_point now)
{
    std::string base = protocol::make_slug(req.title.empty() ? req.plain_text : req.title, 50);
    if (base.empty())
    {
        // Nothing sluggable (an image, or a script we do not transliterate): date + random.
        const std::string date = protocol::format_rfc3339(to_seconds(now)).substr(0, 10);
        base                   = date + "-" + keys::hex_encode(keys::random_bytes(3));
    }
    for (int n = 1; n <= 1000; ++n)
    {
        std::string candidate = n == 1 ? base : base + "-" + std::to_string(n);
        auto existing         = s.post_state_of(candidate);
        if (!existing)
            return existing.error();
        if (*existing == storage::post_state::missing)
            return candidate;
    }
    return base + "-" + keys::hex_encode(keys::random_bytes(4));
}

asio::awaitable<prepared_post> prepare_post(app& a, const post_request& req)
{
    std::vector<mention_target> mentions;
    if (req.source_media_type == "text/markdown")
        mentions = co_await resolve_mentions(a, protocol::find_mentions(req.source));
    protocol::post_content content = render_request(req, a.urls(), mentions);
    std::vector<storage::media_file> media;
    for (const auto& name : local_media_names(content, a.urls()))
    {
        auto found = co_await a.db([&](storage::store& s) { return s.find_media(name); });
        if (found && *found)
            media.push_back(std::move(**found));
    }
    composed_content composed = compose_content(std::move(content), req, a.urls(), mentions, media);

    prepared_post out;
    storage::post& p = out.post;
    if (!req.object_type.empty())
        p.object_type = req.object_type;
    else
        p.object_type = a.cfg().post_type == "article" ? "Article" : "Note";
    p.title             = req.title;
    p.content_html      = std::move(composed.content_html);
    p.source            = req.source;
    p.source_media_type = req.source_media_type;
    p.language          = req.language;
    p.in_reply_to       = req.in_reply_to;
    p.extra_json        = std::move(composed.extra_json);
    p.hashtags          = std::move(composed.hashtags);
    out.inboxes         = std::move(composed.inboxes);
    co_return out;
}

asio::awaitable<std::variant<storage::post, http_error>> publish_post(app& a, post_request req)
{
    prepared_post prepared = co_await prepare_post(a, req);
    const auto now         = a.now();
    // A concurrent publish may take the same slug between choosing and inserting: retry.
    for (int attempt = 0; attempt < 5; ++attempt)
    {
        auto slug =
            co_await a.db([&req, now](storage::store& s) { return choose_slug(s, req, now); });
        if (!slug)
            co_return to_http_error(slug.error());

        storage::post p = prepared.post;
        p.slug          = *slug;
        p.published     = std::chrono::time_point_cast<std::chrono::seconds>(now);
        p.federated     = true;

        const auto create = protocol::build_create(a.urls(), post_fields_for(a, p));
        storage::outbound_activity activity;
        activity.id        = a.urls().post_activity(p.slug);
        activity.json      = protocol::json::serialize(create);
        activity.signer    = "author";
        activity.object_id = a.urls().post(p.slug);
        activity.created   = now;

        auto stored = co_await a.db(
            [&](storage::store& s) { return s.insert_post(p, activity, prepared.inboxes); });
        if (!stored && stored.error() == storage::error::conflict)
            continue;
        if (!stored)
            co_return to_http_error(stored.error());
        a.delivery().poke();
        co_return std::move(*stored);
    }
    co_return http_error{
        http::status::service_unavailable, "could not allocate a slug, try again", {}};
}

} // namespace fedblog::node
