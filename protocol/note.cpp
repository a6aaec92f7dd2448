// SPDX-License-Identifier: AGPL-3.0-or-later
// Note / Article and Create documents for blog posts.
#include "protocol/note.hpp"

#include "protocol/html_sanitizer.hpp"
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

/// cc: the followers, then the mentioned actors (extra "cc"), whom Mastodon needs addressed
/// to show the post to a non-follower it mentions (INTEROP.md E42).
json::value audience_cc(const site_urls& urls, const post_fields& post)
{
    json::array cc{json::value(urls.followers())};
    if (const auto* extra = post.extra.find("cc"); extra != nullptr && extra->is_array())
    {
        for (const auto& v : *extra->if_array())
        {
            if (v.is_string())
                cc.push_back(v);
        }
    }
    return cc;
}

/// The first words of `text`, at most about `limit` bytes, cut at a space, with "…".
std::string excerpt(const std::string& text, std::size_t limit)
{
    if (text.size() <= limit)
        return text;
    std::size_t cut = text.rfind(' ', limit);
    if (cut == std::string::npos || cut < limit / 2)
    {
        cut = limit;
        // Never split a UTF-8 sequence.
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
    }
    return text.substr(0, cut) + "\u2026";
}

/** FEP-b2b8 (long-form text): an Article carries a plain-text `summary` (its first words) and
    a `preview` Note for microblogging software, which shows an Article only as its name,
    summary and a link (INTEROP.md E38). In an Article, summary is not a content warning.
*/
void add_long_form(const site_urls& urls, const post_fields& post, json::value& article)
{
    const std::string id   = urls.post(post.slug);
    const std::string text = excerpt(html_to_text(post.content_html), 280);
    if (!text.empty())
        article.set("summary", text);
    std::string preview_html;
    if (!post.title.empty())
        preview_html = "<p><strong><a href=\"" + escape_html(id) + "\">" + escape_html(post.title) +
                       "</a></strong></p>";
    if (!text.empty())
        preview_html += "<p>" + escape_html(text) + "</p>";
    preview_html += "<p><a href=\"" + escape_html(id) + "\">" + escape_html(id) + "</a></p>";
    json::value preview = json::make_object({
        {"type", "Note"},
        {"attributedTo", urls.actor()},
        {"content", preview_html},
        {"published", format_rfc3339(post.published)},
    });
    if (const auto* a = article.find("attachment"); a != nullptr && a->is_array())
        preview.set("attachment", *a);
    if (const auto* t = article.find("tag"); t != nullptr && t->is_array())
        preview.set("tag", *t);
    article.set("preview", std::move(preview));
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
    note.set("cc", audience_cc(urls, post));
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
    if (post.type == "Article")
        add_long_form(urls, post, note);
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
