// SPDX-License-Identifier: AGPL-3.0-or-later
// Helpers shared by both HTTP signature schemes.
#include "protocol/signature_common.hpp"

#include "protocol/error.hpp"

namespace fedblog::protocol::detail {

std::string to_lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + ('a' - 'A'));
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x + ('a' - 'A'));
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y + ('a' - 'A'));
        if (x != y)
            return false;
    }
    return true;
}

std::string_view trim_ows(std::string_view text) noexcept
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::optional<std::string> signing_field_value(const header_list* headers, std::string_view name)
{
    if (headers == nullptr)
        return std::nullopt;
    std::optional<std::string> joined;
    for (const auto& [field, value] : headers->fields())
    {
        if (!iequals(field, name))
            continue;
        if (joined)
            *joined += ", ";
        else
            joined.emplace();
        *joined += trim_ows(value);
    }
    return joined;
}

bool method_is(std::string_view method, std::string_view expected) noexcept
{
    // Methods are case-sensitive in HTTP, but a "post" must not slip past the rules for POST:
    // comparing without case can only make the checks stricter.
    return iequals(method, expected);
}

bool body_digest_required(const request_view& request, const verify_options& options) noexcept
{
    return method_is(request.method, "POST") || !options.body.empty();
}

boost::system::result<void> check_time_window(sys_seconds created,
                                              std::optional<sys_seconds> expires,
                                              const verify_options& options)
{
    // max_future is the clock-skew allowance in both directions: it lets a signature dated a
    // little ahead of our clock in, and keeps one whose expiry just passed on the signer's
    // clock valid for the same margin (Mastodon's CLOCK_SKEW_MARGIN, INTEROP.md A4).
    if (created > options.now + options.max_future)
        return error::signature_expired;
    if (created < options.now - options.max_age)
        return error::signature_expired;
    if (expires && options.now > *expires + options.max_future)
        return error::signature_expired;
    return {};
}

} // namespace fedblog::protocol::detail
