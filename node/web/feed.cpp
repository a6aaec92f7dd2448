// SPDX-License-Identifier: AGPL-3.0-or-later
// Atom rendering: plain string building with every value escaped.
#include "node/web/feed.hpp"

#include "node/post_view.hpp"
#include "protocol/html_sanitizer.hpp"
#include "protocol/http_date.hpp"

namespace fedblog::node {

namespace {

/// The first words of an untitled post, for its entry's required title.
std::string entry_title(const storage::post& p)
{
    if (!p.title.empty())
        return p.title;
    std::string text            = protocol::html_to_text(p.content_html);
    constexpr std::size_t limit = 80;
    if (text.size() <= limit)
        return text.empty() ? p.slug : text;
    std::size_t cut = text.rfind(' ', limit);
    if (cut == std::string::npos || cut < limit / 2)
    {
        cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut; // never split a UTF-8 sequence
    }
    return text.substr(0, cut) + "\u2026";
}

std::string stamp(storage::time_point t)
{
    return protocol::format_rfc3339(to_seconds(t));
}

} // namespace

std::string xml_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            // XML 1.0 allows no C0 control characters but tab, LF and CR, not even escaped.
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                out += c;
        }
    }
    return out;
}

std::string render_atom(const site_info& site, const std::vector<storage::post>& posts)
{
    const auto& urls = *site.urls;
    storage::time_point newest{};
    for (const auto& p : posts)
        newest = std::max(newest, p.updated.value_or(p.published));

    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    out += "<id>" + xml_escape(urls.home()) + "</id>\n";
    out += "<title>" + xml_escape(site.title) + "</title>\n";
    out += "<updated>" + stamp(newest) + "</updated>\n";
    out +=
        "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(urls.home()) + "\"/>\n";
    out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
           xml_escape(urls.base() + "/feed.atom") + "\"/>\n";
    out += "<author><name>" + xml_escape(site.title) + "</name><uri>" + xml_escape(urls.home()) +
           "</uri></author>\n";
    out += "<generator>fedblog</generator>\n";
    for (const auto& p : posts)
    {
        const std::string link = xml_escape(urls.post(p.slug));
        out += "<entry>\n";
        out += "<id>" + link + "</id>\n";
        out += "<title>" + xml_escape(entry_title(p)) + "</title>\n";
        out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + link + "\"/>\n";
        out += "<published>" + stamp(p.published) + "</published>\n";
        out += "<updated>" + stamp(p.updated.value_or(p.published)) + "</updated>\n";
        for (const auto& tag : p.hashtags)
            out += "<category term=\"" + xml_escape(tag) + "\"/>\n";
        out += "<content type=\"html\">" + xml_escape(p.content_html) + "</content>\n";
        out += "</entry>\n";
    }
    out += "</feed>\n";
    return out;
}

} // namespace fedblog::node
