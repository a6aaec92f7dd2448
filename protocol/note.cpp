// SPDX-License-Identifier: AGPL-3.0-or-later
// Note / Article and Create documents for blog posts.
#include "protocol/note.hpp"

#include "protocol/html_text.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::protocol {

json::value object_context()
{
    json::value terms = json::make_object({
        {"Hashtag", "as:Hashtag"},
        {"sensitive", "as:sensitive"},
        {"toot", "http://joinmastodon.org/ns#"},
        {"Emoji", "toot:Emoji"},
    });
    return json::array{json::value(vocab::as_context), std::move(terms),
                       interaction_context_terms()};
}

namespace {

json::value counted_collection(std::string id, std::int64_t total)
{
    return json::make_object(
        {{"id", std::move(id)}, {"type", "Collection"}, {"totalItems", total}});
}

} // namespace

json::value build_note(const site_urls& urls, const post_fields& post, bool with_context)
{
    const std::string id = urls.post(post.slug);
    std::string content;
    if (!post.title.empty() && post.type == "Note")
        content = "<p><strong><a href=\"" + escape_html(id) + "\">" + escape_html(post.title) +
                  "</a></strong></p>";
    content += post.content_html;

    json::value note;
    if (with_context)
        note.set("@context", object_context());
    note.set("id", id);
    note.set("type", post.type);
    note.set("attributedTo", urls.actor());
    if (post.type != "Note" && !post.title.empty())
        note.set("name", post.title);
    note.set("content", content);
    if (!post.language.empty())
        note.set("contentMap", json::make_object({{post.language, content}}));
    note.set("published", format_rfc3339(post.published));
    if (post.updated)
        note.set("updated", format_rfc3339(*post.updated));
    note.set("url", id);
    note.set("to", json::array{json::value(vocab::public_collection)});
    note.set("cc", json::array{json::value(urls.followers())});
    note.set("inReplyTo",
             post.in_reply_to.empty() ? json::value(nullptr) : json::value(post.in_reply_to));
    note.set("sensitive", false);
    json::array tags;
    json::array attachments;
    if (const auto* t = post.extra.find("tag"); t != nullptr && t->is_array())
        tags = *t->if_array();
    if (const auto* a = post.extra.find("attachment"); a != nullptr && a->is_array())
        attachments = *a->if_array();
    note.set("tag", std::move(tags));
    note.set("attachment", std::move(attachments));
    if (!post.source.empty())
    {
        note.set("source", json::make_object(
                               {{"content", post.source}, {"mediaType", post.source_media_type}}));
    }
    json::value replies = json::make_object({
        {"id", urls.post_replies(post.slug)},
        {"type", "Collection"},
        {"totalItems", post.replies},
        {"first", urls.post_replies(post.slug) + "?page=1"},
    });
    note.set("replies", std::move(replies));
    note.set("likes", counted_collection(urls.post_likes(post.slug), post.likes));
    note.set("interactionPolicy", build_interaction_policy(urls, post.policy));
    note.set("shares", counted_collection(urls.post_shares(post.slug), post.shares));
    return note;
}

json::value build_create(const site_urls& urls, const post_fields& post)
{
    return json::make_object({
        {"@context", object_context()},
        {"id", urls.post_activity(post.slug)},
        {"type", "Create"},
        {"actor", urls.actor()},
        {"published", format_rfc3339(post.published)},
        {"to", json::array{json::value(vocab::public_collection)}},
        {"cc", json::array{json::value(urls.followers())}},
        {"object", build_note(urls, post, false)},
    });
}

} // namespace fedblog::protocol
