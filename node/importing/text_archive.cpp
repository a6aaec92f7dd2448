// SPDX-License-Identifier: AGPL-3.0-or-later
// The plain-text archive reader: date lines, paragraphs, categories.
#include "node/importing/text_archive.hpp"

#include "node/importing/utf8.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>

namespace fedblog::node {

namespace {

struct date_line
{
    std::chrono::year_month_day day;
    std::string category;
};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// The month (1-12) named by `word`: its three-letter abbreviation or its full English name,
/// in any case. 0 when it names none.
unsigned month_of(std::string_view word)
{
    static constexpr std::array<std::string_view, 12> names{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    std::string lower(word);
    for (char& c : lower)
    {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    for (unsigned i = 0; i < names.size(); ++i)
    {
        if (lower == names[i] || (lower.size() == 3 && names[i].starts_with(lower)) ||
            (lower == "sept" && i == 8))
            return i + 1;
    }
    return 0;
}

bool all_digits(std::string_view s)
{
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

/** Recognises "Mon D, YYYY | category". `looks_like` is set when the line has the shape
    (month word, day, comma, year, bar) even if the date is impossible, so the caller can
    report it rather than take it for text.
*/
std::optional<date_line> parse_date_line(std::string_view line, bool& looks_like)
{
    looks_like     = false;
    const auto bar = line.find('|');
    if (bar == std::string_view::npos)
        return std::nullopt;
    std::string_view date = trim(line.substr(0, bar));
    const auto space      = date.find(' ');
    const auto comma      = date.find(',');
    if (space == std::string_view::npos || comma == std::string_view::npos || comma < space)
        return std::nullopt;
    const unsigned month        = month_of(date.substr(0, space));
    const std::string_view day  = trim(date.substr(space + 1, comma - space - 1));
    const std::string_view year = trim(date.substr(comma + 1));
    if (month == 0 || !all_digits(day) || day.size() > 2 || !all_digits(year) || year.size() != 4)
        return std::nullopt;
    looks_like = true;
    const std::chrono::year_month_day ymd{
        std::chrono::year{std::stoi(std::string(year))}, std::chrono::month{month},
        std::chrono::day{static_cast<unsigned>(std::stoi(std::string(day)))}};
    if (!ymd.ok())
        return std::nullopt;
    return date_line{ymd, std::string(trim(line.substr(bar + 1)))};
}

std::string iso_date(const std::chrono::year_month_day& d)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

} // namespace

import_parse read_text_archive(std::string_view text)
{
    if (auto bad = first_invalid_utf8_line(text))
        return import_error{"line " + std::to_string(*bad), "the text is not UTF-8"};
    std::vector<import_item> items;
    std::vector<std::size_t> start_lines;
    std::map<std::string, int> per_day;
    std::size_t line_no = 0;
    std::size_t pos     = 0;
    while (pos < text.size())
    {
        const auto eol        = text.find('\n', pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
        pos                   = eol == std::string_view::npos ? text.size() : eol + 1;
        ++line_no;
        bool looks_like = false;
        if (auto header = parse_date_line(line, looks_like))
        {
            const std::string day = iso_date(header->day);
            import_item item;
            item.key       = "text:" + day + "#" + std::to_string(++per_day[day]);
            item.body_type = "text/plain";
            // A date without a time means noon UTC, so the day is the same in every zone
            // from UTC-11 to UTC+11.
            item.published = std::chrono::sys_days{header->day} + std::chrono::hours(12);
            if (!header->category.empty())
                item.tags.push_back(header->category);
            items.push_back(std::move(item));
            start_lines.push_back(line_no);
            continue;
        }
        if (looks_like)
            return import_error{"line " + std::to_string(line_no),
                                "no such date: " + std::string(trim(line))};
        const std::string_view content = trim(line);
        if (content.empty())
            continue;
        if (items.empty())
            return import_error{"line " + std::to_string(line_no),
                                "text before the first date line (\"Mon D, YYYY | category\")"};
        // One paragraph per line: a blank line between them in the plain-text body.
        std::string& body = items.back().body;
        if (!body.empty())
            body += "\n\n";
        body += content;
    }
    for (std::size_t i = 0; i < items.size(); ++i)
    {
        if (items[i].body.empty())
            return import_error{"line " + std::to_string(start_lines[i]), "the post has no text"};
    }
    if (items.empty())
        return import_error{"line 1", "no date line (\"Mon D, YYYY | category\") in the file"};
    return items;
}

} // namespace fedblog::node
