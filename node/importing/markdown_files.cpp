// SPDX-License-Identifier: AGPL-3.0-or-later
// Front matter (the subset of YAML that Hugo and Jekyll write) and the folder walk.
#include "node/importing/markdown_files.hpp"

#include "node/importing/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

namespace fedblog::node {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// A YAML scalar as written: quotes removed ("..." with backslash escapes, '...' with ''),
/// a trailing " # comment" dropped from plain ones. nullopt for an unterminated quote.
std::optional<std::string> scalar(std::string_view v)
{
    v = trim(v);
    if (v.empty())
        return std::string();
    std::string out;
    if (v.front() == '"' || v.front() == '\'')
    {
        const char q  = v.front();
        std::size_t i = 1;
        for (; i < v.size(); ++i)
        {
            if (q == '"' && v[i] == '\\' && i + 1 < v.size())
            {
                const char e = v[++i];
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                continue;
            }
            if (v[i] == q)
            {
                if (q == '\'' && i + 1 < v.size() && v[i + 1] == '\'')
                {
                    out += '\'';
                    ++i;
                    continue;
                }
                break;
            }
            out += v[i];
        }
        if (i >= v.size())
            return std::nullopt;
        return out;
    }
    if (const auto hash = v.find(" #"); hash != std::string_view::npos)
        v = trim(v.substr(0, hash));
    return std::string(v);
}

/// `[a, "b, c", d]` → {a, "b, c", d}. nullopt when a quote is unterminated.
std::optional<std::vector<std::string>> flow_list(std::string_view v)
{
    v = trim(v);
    v = v.substr(1, v.size() >= 2 && v.back() == ']' ? v.size() - 2 : v.size() - 1);
    std::vector<std::string> out;
    std::size_t start = 0;
    char quote        = 0;
    for (std::size_t i = 0; i <= v.size(); ++i)
    {
        if (i < v.size() && quote != 0)
        {
            if (v[i] == quote)
                quote = 0;
            continue;
        }
        if (i < v.size() && (v[i] == '"' || v[i] == '\''))
        {
            quote = v[i];
            continue;
        }
        if (i == v.size() || v[i] == ',')
        {
            auto item = scalar(v.substr(start, i - start));
            if (!item)
                return std::nullopt;
            if (!item->empty())
                out.push_back(std::move(*item));
            start = i + 1;
        }
    }
    if (quote != 0)
        return std::nullopt;
    return out;
}

int number(std::string_view s)
{
    int n = 0;
    for (char c : s)
        n = n * 10 + (c - '0');
    return n;
}

bool digits(std::string_view s, std::size_t at, std::size_t n)
{
    if (at + n > s.size())
        return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at),
                       s.begin() + static_cast<std::ptrdiff_t>(at + n),
                       [](char c) { return c >= '0' && c <= '9'; });
}

/// YYYY-MM-DD[( |T)HH:MM[:SS][.fraction]][ ][Z|±HH[:]MM]; a date alone is 12:00 UTC.
std::optional<protocol::sys_seconds> parse_date(std::string_view s)
{
    s = trim(s);
    if (!digits(s, 0, 4) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
        !digits(s, 8, 2))
        return std::nullopt;
    const std::chrono::year_month_day day{
        std::chrono::year{number(s.substr(0, 4))},
        std::chrono::month{static_cast<unsigned>(number(s.substr(5, 2)))},
        std::chrono::day{static_cast<unsigned>(number(s.substr(8, 2)))}};
    if (!day.ok())
        return std::nullopt;
    protocol::sys_seconds t = std::chrono::sys_days{day};
    if (s.size() == 10)
        return t + std::chrono::hours(12);
    std::size_t p = 10;
    if (s[p] != ' ' && s[p] != 'T')
        return std::nullopt;
    ++p;
    if (!digits(s, p, 2) || p + 2 >= s.size() || s[p + 2] != ':' || !digits(s, p + 3, 2))
        return std::nullopt;
    const int h = number(s.substr(p, 2));
    const int m = number(s.substr(p + 3, 2));
    int sec     = 0;
    p += 5;
    if (p < s.size() && s[p] == ':')
    {
        if (!digits(s, p + 1, 2))
            return std::nullopt;
        sec = number(s.substr(p + 1, 2));
        p += 3;
        if (p < s.size() && s[p] == '.')
        {
            ++p;
            while (p < s.size() && s[p] >= '0' && s[p] <= '9')
                ++p;
        }
    }
    if (h > 23 || m > 59 || sec > 60)
        return std::nullopt;
    t += std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec);
    std::string_view zone = trim(s.substr(p));
    if (zone.empty() || zone == "Z" || zone == "UTC")
        return t;
    if ((zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2))
        return std::nullopt;
    std::string_view minutes = zone.substr(3);
    if (!minutes.empty() && minutes[0] == ':')
        minutes.remove_prefix(1);
    if (minutes.size() != 2 || !digits(minutes, 0, 2))
        return std::nullopt;
    const auto offset =
        std::chrono::hours(number(zone.substr(1, 2))) + std::chrono::minutes(number(minutes));
    if (offset > std::chrono::hours(14))
        return std::nullopt;
    // Local time minus its offset is UTC.
    return zone[0] == '+' ? t - offset : t + offset;
}

import_error error_at(std::string_view name, std::size_t line, std::string what)
{
    return import_error{std::string(name) + ":" + std::to_string(line), std::move(what)};
}

} // namespace

import_parse read_markdown_post(std::string_view text, std::string_view name)
{
    if (auto bad = first_invalid_utf8_line(text))
        return error_at(name, *bad, "the file is not UTF-8");
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3); // a byte order mark
    import_item item;
    item.key       = "md:" + std::string(name);
    item.body_type = "text/markdown";
    std::optional<protocol::sys_seconds> date;
    bool draft = false;

    std::size_t pos     = 0;
    std::size_t line_no = 0;
    auto next_line      = [&](std::string_view& line) {
        if (pos >= text.size())
            return false;
        const auto eol = text.find('\n', pos);
        line = text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
        pos  = eol == std::string_view::npos ? text.size() : eol + 1;
        ++line_no;
        return true;
    };
    std::string_view line;
    if (next_line(line) && trim(line) == "---")
    {
        bool closed = false;
        std::string list_key; // the key whose "- item" lines follow
        while (next_line(line))
        {
            const std::string_view t = trim(line);
            if (t == "---" || t == "...")
            {
                closed = true;
                break;
            }
            if (t.empty() || t.front() == '#')
                continue;
            if (t.front() == '-' && (line.front() == ' ' || line.front() == '-') &&
                !list_key.empty())
            {
                auto value = scalar(t.substr(1));
                if (!value)
                    return error_at(name, line_no, "an unterminated quote");
                if (!value->empty())
                    item.tags.push_back(std::move(*value));
                continue;
            }
            if (line.front() == ' ' || line.front() == '\t')
                continue; // nested values of keys we do not read
            const auto colon = t.find(':');
            if (colon == std::string_view::npos || colon == 0)
                return error_at(name, line_no, "not a `key: value` line");
            std::string key(trim(t.substr(0, colon)));
            std::transform(key.begin(), key.end(), key.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::string_view raw = trim(t.substr(colon + 1));
            list_key.clear();
            if (key == "tags" || key == "categories")
            {
                if (raw.empty())
                    list_key = key;
                else if (raw.front() == '[')
                {
                    auto list = flow_list(raw);
                    if (!list)
                        return error_at(name, line_no, "an unterminated quote");
                    item.tags.insert(item.tags.end(), list->begin(), list->end());
                }
                else if (auto one = scalar(raw))
                {
                    // Jekyll also takes a space-separated string.
                    std::istringstream words(*one);
                    for (std::string w; words >> w;)
                        item.tags.push_back(w);
                }
                continue;
            }
            auto value = scalar(raw);
            if (!value)
                return error_at(name, line_no, "an unterminated quote");
            if (key == "title")
                item.title = std::move(*value);
            else if (key == "slug")
                item.slug = std::move(*value);
            else if (key == "draft")
                draft = *value == "true" || *value == "yes" || *value == "True";
            else if (key == "date")
            {
                date = parse_date(*value);
                if (!date)
                    return error_at(name, line_no,
                                    "a date must look like 2010-05-31 or "
                                    "2010-05-31T14:00:00+02:00");
            }
        }
        if (!closed)
            return error_at(name, 1, "the front matter has no closing `---` line");
        item.body = std::string(text.substr(pos));
    }
    else
        item.body = std::string(text); // no front matter: all of it is the post

    if (!date)
    {
        // Jekyll: _posts/2010-05-31-my-post.md.
        std::string_view file = name.substr(name.find_last_of('/') + 1);
        if (auto from_name = parse_date(file.substr(0, std::min<std::size_t>(10, file.size())));
            from_name && file.size() > 11 && file[10] == '-')
        {
            date = from_name;
            if (item.slug.empty())
                item.slug = std::string(file.substr(11, file.find('.') == std::string_view::npos
                                                            ? std::string_view::npos
                                                            : file.find('.') - 11));
        }
    }
    if (!date)
        return error_at(name, 1,
                        "no date: give `date:` in the front matter or name the file "
                        "YYYY-MM-DD-name.md");
    item.published = *date;
    if (draft)
        return std::vector<import_item>{};
    return std::vector<import_item>{std::move(item)};
}

import_parse read_markdown_folder(const std::filesystem::path& dir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return import_error{dir.string(), "not a folder"};
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec))
    {
        const auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".md" || ext == ".markdown"))
            files.push_back(it->path());
    }
    if (ec)
        return import_error{dir.string(), "cannot list the folder: " + ec.message()};
    std::sort(files.begin(), files.end());
    std::vector<import_item> out;
    for (const auto& f : files)
    {
        const std::string name = fs::relative(f, dir).generic_string();
        std::ifstream in(f, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in)
            return import_error{name, "cannot read the file"};
        auto parsed = read_markdown_post(text.str(), name);
        if (auto* e = std::get_if<import_error>(&parsed))
            return std::move(*e);
        for (auto& item : std::get<std::vector<import_item>>(parsed))
            out.push_back(std::move(item));
    }
    if (out.empty() && files.empty())
        return import_error{dir.string(), "no .md or .markdown files"};
    return out;
}

} // namespace fedblog::node
