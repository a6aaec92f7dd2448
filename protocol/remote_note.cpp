// SPDX-License-Identifier: AGPL-3.0-or-later
// Remote note reading, visibility, and custom emoji.
#include "protocol/remote_note.hpp"

#include "protocol/error.hpp"
#include "protocol/html_text.hpp"
#include "protocol/iri.hpp"
#include "protocol/vocab.hpp"

#include <algorithm>

namespace fedblog::protocol {

std::string_view to_string(note_visibility v) noexcept
{
    switch (v)
    {
    case note_visibility::public_:
        return "public";
    case note_visibility::unlisted:
        return "unlisted";
    case note_visibility::followers:
        return "followers";
    case note_visibility::direct:
        return "direct";
    }
    return "direct";
}

bool is_note_type(std::string_view type) noexcept
{
    return type == "Note" || type == "Article" || type == "Page" || type == "Question";
}

namespace {

bool has_public(const json::value* list)
{
    if (list == nullptr)
        return false;
    if (const auto* s = list->if_string())
        return vocab::is_public(*s);
    for (auto id : json::ids_of(list))
    {
        if (vocab::is_public(id))
            return true;
    }
    return false;
}

bool names(const json::value* list, std::string_view target)
{
    if (target.empty() || list == nullptr)
        return false;
    for (auto id : json::ids_of(list))
    {
        if (id == target)
            return true;
    }
    return false;
}

bool valid_shortcode(std::string_view name)
{
    if (name.size() < 3 || name.size() > 102 || name.front() != ':' || name.back() != ':')
        return false;
    for (char c : name.substr(1, name.size() - 2))
    {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

std::optional<std::string> first_url(const json::value* v, bool allow_http)
{
    if (v == nullptr)
        return std::nullopt;
    if (const auto* s = v->if_string())
        return is_fetchable_url(*s, allow_http) ? std::optional<std::string>(*s) : std::nullopt;
    if (const auto* a = v->if_array())
    {
        for (const auto& e : *a)
        {
            if (auto u = first_url(&e, allow_http))
                return u;
        }
        return std::nullopt;
    }
    if (auto href = v->get_string("href"); href && is_fetchable_url(*href, allow_http))
        return std::string(*href);
    if (const auto* url = v->find("url"))
        return first_url(url, allow_http);
    return std::nullopt;
}

/// The text/html `url` of a note: a string, a Link with text/html, or an array of those.
std::string html_url(const json::value* v, bool allow_http)
{
    if (v == nullptr)
        return {};
    if (const auto* a = v->if_array())
    {
        for (const auto& e : *a)
        {
            if (e.is_object() && e.get_string("mediaType") == "text/html")
            {
                if (auto href = e.get_string("href"); href && is_fetchable_url(*href, allow_http))
                    return std::string(*href);
            }
        }
    }
    return first_url(v, allow_http).value_or("");
}

} // namespace

boost::system::result<remote_note> read_remote_note(const json::value& obj,
                                                    std::string_view followers, bool allow_http)
{
    if (!obj.is_object())
        return error::invalid_document;
    remote_note n;
    n.type = std::string(json::type_of(obj));
    if (!is_note_type(n.type))
        return error::invalid_document;
    auto id = obj.get_string("id");
    if (!id || !is_fetchable_url(*id, allow_http))
        return error::bad_iri;
    n.id = std::string(*id);

    const json::value* attributed = obj.find("attributedTo");
    if (attributed == nullptr)
        return error::missing_field;
    auto authors = json::ids_of(attributed);
    if (authors.empty())
        return error::missing_field;
    n.attributed_to = std::string(authors.front());
    if (!is_fetchable_url(n.attributed_to, allow_http) || !same_origin(n.attributed_to, n.id))
        return error::bad_iri;

    if (const auto* reply = obj.find("inReplyTo"); reply != nullptr && !reply->is_null())
    {
        auto parent = json::id_of(*reply);
        if (!parent || !is_fetchable_url(*parent, allow_http))
            return error::bad_iri;
        n.in_reply_to = std::string(*parent);
    }

    std::string content;
    if (auto c = obj.get_string("content"))
        content = std::string(*c);
    else if (const auto* map = obj.find("contentMap"); map != nullptr && map->is_object())
    {
        for (const auto& [lang, value] : *map->if_object())
        {
            if (const auto* s = value.if_string())
            {
                content    = *s;
                n.language = lang.substr(0, 35);
                break;
            }
        }
    }
    if (n.language.empty())
    {
        if (const auto* map = obj.find("contentMap");
            map != nullptr && map->is_object() && !map->if_object()->empty())
            n.language = map->if_object()->front().first.substr(0, 35);
    }
    // Articles and pages show their title first, as a bold line (Mastodon shows only the
    // title of an Article; we have room for the text too).
    if (n.type == "Article" || n.type == "Page")
    {
        if (auto name = obj.get_string("name"); name && !name->empty())
            content = "<p><strong>" + escape_html(*name) + "</strong></p>" + content;
    }
    if (content.empty())
        return error::missing_field;
    n.content_html = std::move(content);
    if (auto s = obj.get_string("summary"))
        n.summary = std::string(*s);
    n.sensitive =
        obj.find("sensitive") != nullptr && obj.find("sensitive")->if_bool().value_or(false);

    if (auto p = obj.get_string("published"))
        n.published = parse_rfc3339_ms(*p);
    if (auto u = obj.get_string("updated"))
        n.updated = parse_rfc3339_ms(*u);
    n.url = html_url(obj.find("url"), allow_http);
    if (n.url.empty() || !same_origin(n.url, n.id))
        n.url = n.id;
    if (const auto* ctx = obj.find("context"))
    {
        if (auto c = json::id_of(*ctx); c && is_fetchable_url(*c, allow_http))
            n.context = std::string(*c);
    }
    if (const auto* replies = obj.find("replies"))
    {
        if (auto r = json::id_of(*replies); r && is_fetchable_url(*r, allow_http))
            n.replies = std::string(*r);
    }

    const json::value* to = obj.find("to");
    const json::value* cc = obj.find("cc");
    if (has_public(to))
        n.visibility = note_visibility::public_;
    else if (has_public(cc))
        n.visibility = note_visibility::unlisted;
    else if (names(to, followers) || names(cc, followers))
        n.visibility = note_visibility::followers;
    else
        n.visibility = note_visibility::direct;

    if (const auto* tags = obj.find("tag"))
    {
        const json::array single{*tags};
        const json::array& list = tags->is_array() ? *tags->if_array() : single;
        for (const auto& t : list)
        {
            if (json::type_of(t) != "Emoji")
                continue;
            auto name = t.get_string("name");
            auto url  = first_url(t.find("icon"), allow_http);
            if (name && url && valid_shortcode(*name) && n.emoji.size() < 100)
                n.emoji.push_back(custom_emoji{std::string(*name), *url});
        }
    }
    return n;
}

std::string render_custom_emoji(std::string_view html, const std::vector<custom_emoji>& emoji)
{
    if (emoji.empty())
        return std::string(html);
    std::string out;
    out.reserve(html.size());
    bool in_tag = false;
    for (std::size_t i = 0; i < html.size();)
    {
        const char c = html[i];
        if (in_tag)
        {
            out += c;
            in_tag = c != '>';
            ++i;
            continue;
        }
        if (c == '<')
        {
            in_tag = true;
            out += c;
            ++i;
            continue;
        }
        if (c == ':')
        {
            const auto end = html.find(':', i + 1);
            if (end != std::string_view::npos && end - i <= 101)
            {
                const std::string_view candidate = html.substr(i, end - i + 1);
                auto it                          = std::find_if(emoji.begin(), emoji.end(),
                                                                [&](const custom_emoji& e) { return e.name == candidate; });
                if (it != emoji.end())
                {
                    const std::string alt = escape_html(it->name);
                    out += "<img class=\"emoji\" src=\"" + escape_html(it->url) + "\" alt=\"" +
                           alt + "\" title=\"" + alt +
                           "\" width=\"20\" height=\"20\" loading=\"lazy\" "
                           "referrerpolicy=\"no-referrer\">";
                    i = end + 1;
                    continue;
                }
            }
        }
        out += c;
        ++i;
    }
    return out;
}

std::string emoji_to_json(const std::vector<custom_emoji>& emoji)
{
    json::array list;
    for (const auto& e : emoji)
        list.push_back(json::make_object({{"name", e.name}, {"url", e.url}}));
    return json::serialize(json::value(std::move(list)));
}

std::vector<custom_emoji> emoji_from_json(std::string_view json_text)
{
    std::vector<custom_emoji> out;
    auto doc = json::parse(json_text);
    if (!doc || !doc->is_array())
        return out;
    for (const auto& e : *doc->if_array())
    {
        auto name = e.get_string("name");
        auto url  = e.get_string("url");
        if (name && url && valid_shortcode(*name) && is_fetchable_url(*url, true))
            out.push_back(custom_emoji{std::string(*name), std::string(*url)});
    }
    return out;
}

} // namespace fedblog::protocol
