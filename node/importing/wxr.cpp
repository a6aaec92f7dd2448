// SPDX-License-Identifier: AGPL-3.0-or-later
// WXR through expat: a small state machine over <item> elements.
#include "node/importing/wxr.hpp"

#include <chrono>
#include <expat.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fedblog::node {

namespace {

struct parser_deleter
{
    void operator()(XML_ParserStruct* p) const noexcept { XML_ParserFree(p); }
};

/// The fields of the <item> being read.
struct raw_item
{
    std::size_t line = 0;
    std::string title;
    std::string guid;
    std::string post_id;
    std::string content;
    std::string date_gmt;
    std::string date_local;
    std::string name;
    std::string status;
    std::string type;
    std::vector<std::string> categories;
    std::vector<std::map<std::string, std::string>> comments; ///< each wp:comment's fields
};

struct state
{
    XML_Parser parser = nullptr;
    std::vector<std::string> stack; ///< open element names
    std::optional<raw_item> item;
    std::size_t item_depth = 0;
    std::string text; ///< character data of the current direct child of <item>
    std::vector<raw_item> done;
    std::string refused; ///< set when the parse was stopped on purpose
};

/// True inside a <wp:comment> of the current item.
bool in_comment(const state& s)
{
    return s.item && s.stack.size() > s.item_depth + 1 && s.stack[s.item_depth] == "wp:comment";
}

void on_start(void* data, const XML_Char* name, const XML_Char** attrs)
{
    auto& s = *static_cast<state*>(data);
    (void)attrs;
    s.stack.emplace_back(name);
    if (s.stack.back() == "item" && !s.item)
    {
        s.item.emplace();
        s.item->line = XML_GetCurrentLineNumber(s.parser);
        s.item_depth = s.stack.size();
    }
    else if (s.item && s.stack.size() == s.item_depth + 1)
    {
        s.text.clear();
        if (s.stack.back() == "wp:comment")
            s.item->comments.emplace_back();
    }
    else if (in_comment(s) && s.stack.size() == s.item_depth + 2)
        s.text.clear();
}

void on_end(void* data, const XML_Char* name)
{
    auto& s = *static_cast<state*>(data);
    const std::string element(name);
    if (in_comment(s) && s.stack.size() == s.item_depth + 2 && !s.item->comments.empty())
        s.item->comments.back()[element] = s.text;
    if (s.item && s.stack.size() == s.item_depth)
    {
        s.done.push_back(std::move(*s.item));
        s.item.reset();
    }
    else if (s.item && s.stack.size() == s.item_depth + 1)
    {
        raw_item& it = *s.item;
        if (element == "title")
            it.title = s.text;
        else if (element == "guid")
            it.guid = s.text;
        else if (element == "wp:post_id")
            it.post_id = s.text;
        else if (element == "content:encoded")
            it.content = s.text;
        else if (element == "wp:post_date_gmt")
            it.date_gmt = s.text;
        else if (element == "wp:post_date")
            it.date_local = s.text;
        else if (element == "wp:post_name")
            it.name = s.text;
        else if (element == "wp:status")
            it.status = s.text;
        else if (element == "wp:post_type")
            it.type = s.text;
        else if (element == "category" && !s.text.empty())
            it.categories.push_back(s.text);
    }
    if (!s.stack.empty())
        s.stack.pop_back();
}

void on_text(void* data, const XML_Char* chars, int len)
{
    auto& s = *static_cast<state*>(data);
    // Only the text of <item>'s own children and of its comments' fields.
    if (s.item && len > 0 &&
        (s.stack.size() == s.item_depth + 1 ||
         (in_comment(s) && s.stack.size() == s.item_depth + 2)))
        s.text.append(chars, static_cast<std::size_t>(len));
}

void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int)
{
    auto& s   = *static_cast<state*>(data);
    s.refused = "a DOCTYPE is not allowed in a WXR file";
    XML_StopParser(s.parser, XML_FALSE);
}

std::string trim(std::string_view v)
{
    const auto b = v.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    return std::string(v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1));
}

int number(std::string_view s)
{
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

/// "YYYY-MM-DD HH:MM:SS" as UTC; nullopt for WordPress's "0000-00-00 00:00:00" and junk.
std::optional<protocol::sys_seconds> wp_date(std::string_view v)
{
    const std::string t = trim(v);
    if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' ||
        t[16] != ':')
        return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u})
    {
        if (t[i] < '0' || t[i] > '9')
            return std::nullopt;
    }
    const std::chrono::year_month_day day{
        std::chrono::year{number(std::string_view(t).substr(0, 4))},
        std::chrono::month{static_cast<unsigned>(number(std::string_view(t).substr(5, 2)))},
        std::chrono::day{static_cast<unsigned>(number(std::string_view(t).substr(8, 2)))}};
    const int h = number(std::string_view(t).substr(11, 2));
    const int m = number(std::string_view(t).substr(14, 2));
    const int s = number(std::string_view(t).substr(17, 2));
    if (!day.ok() || static_cast<int>(day.year()) < 1970 || h > 23 || m > 59 || s > 60)
        return std::nullopt;
    return std::chrono::sys_days{day} + std::chrono::hours(h) + std::chrono::minutes(m) +
           std::chrono::seconds(s);
}

bool starts_with_block(std::string_view block)
{
    for (std::string_view tag : {"<p", "<div", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<ul",
                                 "<ol", "<blockquote", "<pre", "<table", "<figure", "<hr"})
    {
        if (block.size() > tag.size() && block.starts_with(tag) &&
            (block[tag.size()] == '>' || block[tag.size()] == ' ' || block[tag.size()] == '/'))
            return true;
    }
    return false;
}

} // namespace

std::string wordpress_paragraphs(std::string_view html)
{
    std::string text(html);
    for (auto pos = text.find("\r\n"); pos != std::string::npos; pos = text.find("\r\n", pos))
        text.erase(pos, 1);
    std::string out;
    std::size_t pos = 0;
    while (pos <= text.size())
    {
        auto end = text.find("\n\n", pos);
        if (end == std::string::npos)
            end = text.size();
        std::string block = trim(std::string_view(text).substr(pos, end - pos));
        pos               = end + 2;
        if (block.empty())
            continue;
        if (starts_with_block(block))
        {
            out += block + "\n";
            continue;
        }
        std::string para;
        for (char c : block)
        {
            if (c == '\n')
                para += "<br>\n";
            else
                para += c;
        }
        out += "<p>" + para + "</p>\n";
    }
    return out;
}

import_parse read_wxr(std::string_view xml, wxr_summary& summary)
{
    summary = {};
    std::unique_ptr<XML_ParserStruct, parser_deleter> parser(XML_ParserCreate("UTF-8"));
    state s;
    s.parser = parser.get();
    XML_SetUserData(parser.get(), &s);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    // Expat parses in chunks of at most INT_MAX bytes; WXR files are far smaller, but be exact.
    constexpr std::size_t chunk = 1 << 20;
    std::size_t offset          = 0;
    do
    {
        const std::size_t n = std::min(chunk, xml.size() - offset);
        const bool last     = offset + n == xml.size();
        if (XML_Parse(parser.get(), xml.data() + offset, static_cast<int>(n),
                      last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK)
        {
            const auto line = XML_GetCurrentLineNumber(parser.get());
            return import_error{"line " + std::to_string(line),
                                s.refused.empty()
                                    ? std::string(XML_ErrorString(XML_GetErrorCode(parser.get())))
                                    : s.refused};
        }
        offset += n;
    } while (offset < xml.size());
    if (xml.empty())
        return import_error{"line 1", "the file is empty"};

    std::vector<import_item> out;
    for (std::size_t i = 0; i < s.done.size(); ++i)
    {
        raw_item& r = s.done[i];
        if (trim(r.type) != "post" || trim(r.status) != "publish")
        {
            ++summary.skipped;
            continue;
        }
        const std::string where =
            "item " + std::to_string(i + 1) + " (line " + std::to_string(r.line) + ")";
        import_item item;
        const std::string id = trim(r.guid).empty() ? trim(r.post_id) : trim(r.guid);
        if (id.empty())
            return import_error{where, "the item has neither a guid nor a wp:post_id"};
        item.key       = "wxr:" + id;
        item.title     = trim(r.title);
        item.slug      = trim(r.name);
        item.body      = wordpress_paragraphs(r.content);
        item.body_type = "text/html";
        auto date      = wp_date(r.date_gmt);
        if (!date)
            date = wp_date(r.date_local);
        if (!date)
            return import_error{where, "the post has no wp:post_date_gmt or wp:post_date"};
        item.published = *date;
        for (auto& c : r.categories)
        {
            if (std::string t = trim(c); !t.empty())
                item.tags.push_back(std::move(t));
        }
        for (auto& c : r.comments)
        {
            const std::string type = trim(c["wp:comment_type"]);
            // Spam, comments awaiting moderation and pingbacks never showed on the old blog.
            if (trim(c["wp:comment_approved"]) != "1" || (!type.empty() && type != "comment"))
            {
                ++summary.left_out;
                continue;
            }
            import_comment ic;
            ic.id     = trim(c["wp:comment_id"]);
            ic.parent = trim(c["wp:comment_parent"]);
            if (ic.parent == "0")
                ic.parent.clear();
            ic.author = trim(c["wp:comment_author"]);
            ic.html   = wordpress_paragraphs(c["wp:comment_content"]);
            auto when = wp_date(c["wp:comment_date_gmt"]);
            if (!when)
                when = wp_date(c["wp:comment_date"]);
            if (ic.id.empty() || !when)
                return import_error{where, "a comment has no wp:comment_id or date"};
            ic.published = *when;
            item.comments.push_back(std::move(ic));
            ++summary.comments;
        }
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace fedblog::node
