// SPDX-License-Identifier: AGPL-3.0-or-later
// Content-type recognition and Accept-header negotiation.
#include "protocol/media_types.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace fedblog::protocol {

namespace {

std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// ASCII case folding: media types are ASCII tokens, and std::tolower goes through the
/// locale for every character (a third of negotiate()'s cost on a Note GET).
constexpr char fold(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return fold(x) == fold(y); });
}

/// Splits "type/subtype; p=v; q=0.5" into the bare type and its parameter list.
struct media_range
{
    std::string_view type;
    std::string_view params;
};

media_range split(std::string_view item) noexcept
{
    const auto semi = item.find(';');
    if (semi == std::string_view::npos)
        return {trim(item), {}};
    return {trim(item.substr(0, semi)), item.substr(semi + 1)};
}

/// Value of parameter `name` (unquoted), or std::nullopt when absent.
std::optional<std::string_view> param(std::string_view params, std::string_view name) noexcept
{
    while (!params.empty())
    {
        auto semi          = params.find(';');
        std::string_view p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        const auto eq = p.find('=');
        if (eq == std::string_view::npos)
            continue;
        if (!iequals(trim(p.substr(0, eq)), name))
            continue;
        std::string_view v = trim(p.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        return v;
    }
    return std::nullopt;
}

/** q-value in thousandths, 1000 when absent. A malformed value (anything outside RFC 9110's
    `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, including an empty one)
    counts as 0: a range we cannot read must not outrank one we can.
*/
int qvalue(std::string_view params) noexcept
{
    const std::optional<std::string_view> q = param(params, "q");
    if (!q)
        return 1000;
    if (q->empty() || q->size() > 5 || ((*q)[0] != '0' && (*q)[0] != '1'))
        return 0;
    if (q->size() > 1 && (*q)[1] != '.')
        return 0;
    int value = (*q)[0] == '1' ? 1000 : 0;
    int scale = 100;
    for (std::size_t i = 2; i < q->size(); ++i)
    {
        const char c = (*q)[i];
        if (c < '0' || c > '9')
            return 0;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value > 1000 ? 0 : value;
}

} // namespace

bool is_activity_json(std::string_view content_type) noexcept
{
    const media_range r = split(content_type);
    if (iequals(r.type, "application/activity+json"))
        return true;
    if (!iequals(r.type, "application/ld+json"))
        return false;
    // The profile parameter may list several space-separated IRIs.
    return param(r.params, "profile")
               .value_or(std::string_view{})
               .find("https://www.w3.org/ns/activitystreams") != std::string_view::npos;
}

representation negotiate(std::string_view accept) noexcept
{
    int best_as   = -1;
    int best_html = -1;
    while (!accept.empty())
    {
        const auto comma      = accept.find(',');
        std::string_view item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        const media_range r = split(item);
        const int q         = qvalue(r.params);
        if (iequals(r.type, "application/activity+json") ||
            iequals(r.type, "application/ld+json") || iequals(r.type, "application/json"))
            best_as = std::max(best_as, q);
        else if (iequals(r.type, "text/html") || iequals(r.type, "application/xhtml+xml"))
            best_html = std::max(best_html, q);
    }
    return best_as > 0 && best_as > best_html ? representation::activity_json
                                              : representation::html;
}

} // namespace fedblog::protocol
