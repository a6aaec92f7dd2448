// SPDX-License-Identifier: AGPL-3.0-or-later
// HTML for comment threads.
#include "node/web/comment_thread.hpp"

#include "node/post_view.hpp"
#include "protocol/html_text.hpp"
#include "protocol/iri.hpp"
#include "protocol/remote_note.hpp"

#include <functional>

namespace fedblog::node {

namespace {

using protocol::escape_html;

/// Nesting shown as indentation stops here; deeper replies line up at this level.
constexpr int max_indent = 6;

std::string handle_of(const storage::remote_actor& actor, const std::string& actor_id)
{
    const std::string user =
        actor.preferred_username.empty() ? std::string("?") : actor.preferred_username;
    return user + "@" + protocol::host_of(actor_id);
}

std::string plural(long n, const char* unit)
{
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
}

} // namespace

std::string relative_time(protocol::sys_seconds when, protocol::sys_seconds now)
{
    const auto age = (now - when).count();
    if (age < 60)
        return "just now";
    if (age < 3600)
        return plural(age / 60, "minute");
    if (age < 86400)
        return plural(age / 3600, "hour");
    if (age < 30 * 86400)
        return plural(age / 86400, "day");
    return protocol::format_rfc3339(when).substr(0, 10);
}

std::string render_comment_section(const comment_section& s)
{
    std::map<std::string, std::vector<const storage::comment*>> children;
    std::map<std::string, bool> shown;
    for (const auto& c : s.comments)
        shown[c.object_id] = true;
    for (const auto& c : s.comments)
    {
        const bool parent_shown = c.in_reply_to != s.post_url && shown.count(c.in_reply_to) > 0;
        children[parent_shown ? c.in_reply_to : s.post_url].push_back(&c);
    }
    std::size_t visible = 0;
    for (const auto& c : s.comments)
    {
        if (!c.deleted)
            ++visible;
    }

    std::string out = "<section class=\"comments\" id=\"comments\">";
    out += "<h3>" + std::to_string(visible) + (visible == 1 ? " comment" : " comments") + "</h3>";
    out += "<p class=\"reactions\">";
    out += "<span class=\"likes\">" + std::to_string(s.likes) +
           (s.likes == 1 ? " like" : " likes") + "</span> · <span class=\"boosts\">" +
           std::to_string(s.boosts) + (s.boosts == 1 ? " boost" : " boosts") + "</span>";
    if (s.quotes > 0)
        out += " · <span class=\"quotes\">" + std::to_string(s.quotes) +
               (s.quotes == 1 ? " quote" : " quotes") + "</span>";
    out += "</p>";

    std::function<void(const std::string&, int)> render_level = [&](const std::string& parent,
                                                                    int depth) {
        auto it = children.find(parent);
        if (it == children.end())
            return;
        out += depth < max_indent ? "<ol class=\"thread\">" : "<ol class=\"thread flat\">";
        for (const storage::comment* c : it->second)
        {
            out += "<li class=\"comment\" id=\"comment-" + std::to_string(c->id) + "\">";
            if (c->deleted)
                out += "<p class=\"deleted\">This comment was deleted.</p>";
            else
            {
                const bool by_author = c->actor_id == s.author_actor;
                std::string name, handle, profile, avatar;
                if (by_author)
                {
                    name   = s.author_name;
                    avatar = s.author_avatar;
                }
                else if (auto a = s.authors.find(c->actor_id); a != s.authors.end())
                {
                    name   = a->second.name.empty() ? a->second.preferred_username : a->second.name;
                    handle = handle_of(a->second, c->actor_id);
                    profile = a->second.url.empty() ? c->actor_id : a->second.url;
                    avatar  = a->second.icon_url;
                }
                else if (!c->actor_id.empty())
                {
                    handle  = protocol::host_of(c->actor_id);
                    profile = c->actor_id;
                }
                if (name.empty())
                    name = c->author_name.empty() ? handle : c->author_name;
                out += "<header class=\"comment-author\">";
                if (!avatar.empty())
                    out += "<img class=\"avatar\" src=\"" + escape_html(avatar) +
                           "\" alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\" "
                           "referrerpolicy=\"no-referrer\">";
                out += "<span class=\"name\">" + escape_html(name) + "</span>";
                if (by_author)
                    out += " <span class=\"badge\">author</span>";
                else if (!handle.empty())
                    out += " <a class=\"handle\" href=\"" + escape_html(profile) +
                           "\" rel=\"nofollow noopener noreferrer ugc\">@" + escape_html(handle) +
                           "</a>";
                const auto published  = to_seconds(c->published);
                const std::string iso = protocol::format_rfc3339(published);
                // An imported comment's id is a fragment of this page named with the old
                // blog's number, which the page does not carry (it could even name another
                // comment): its time links to its own place here instead.
                std::string link = c->url.empty() ? c->object_id : c->url;
                if (c->actor_id.empty() && link.find('#') != std::string::npos)
                    link = "#comment-" + std::to_string(c->id);
                out += " <a class=\"when\" href=\"" + escape_html(link) +
                       "\" rel=\"nofollow noopener noreferrer ugc\"><time datetime=\"" + iso +
                       "\" title=\"" + iso + "\">" + escape_html(relative_time(published, s.now)) +
                       "</time></a>";
                if (c->updated)
                    out += " <span class=\"edited\" title=\"" +
                           protocol::format_rfc3339(to_seconds(*c->updated)) + "\">(edited)</span>";
                out += "</header>";
                std::string body = protocol::render_custom_emoji(
                    c->content_html, protocol::emoji_from_json(c->emoji_json));
                if (!c->summary.empty())
                    out += "<details class=\"cw\"><summary>" + escape_html(c->summary) +
                           "</summary>" + body + "</details>";
                else
                    out += "<div class=\"comment-body\">" + body + "</div>";
            }
            render_level(c->object_id, depth + 1);
            out += "</li>";
        }
        out += "</ol>";
    };
    render_level(s.post_url, 0);

    out += "<div class=\"reply-box\">";
    if (s.mode == "closed")
        out += "<p>Comments are closed.</p>";
    else
    {
        out += "<h4>Reply from your fediverse account</h4>"
               "<p>This blog is on the fediverse: reply to this post from Mastodon or any other "
               "compatible server, and your reply appears here";
        out += s.mode == "approve" ? " once the author approves it." : ".";
        out += " Search for the post's address on your server, or enter your server below.</p>";
        out += "<form class=\"interact\" method=\"get\" action=\"/interact\">"
               "<input type=\"hidden\" name=\"uri\" value=\"" +
               escape_html(s.post_url) +
               "\"><label>Your server <input type=\"text\" name=\"instance\" "
               "placeholder=\"mastodon.social\" "
               "required autocomplete=\"on\" inputmode=\"url\"></label> <button "
               "type=\"submit\">Reply</button></form>";
        out += "<p class=\"post-address\">Post address: <code>" + escape_html(s.post_url) +
               "</code></p>";
    }
    out += "</div></section>";
    return out;
}

} // namespace fedblog::node
