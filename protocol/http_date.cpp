// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-date and RFC 3339 timestamps, parsed and printed by hand: no locale, no time zone
// database, no std::get_time.
#include "protocol/http_date.hpp"

#include <array>
#include <cstdint>

namespace fedblog::protocol {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> short_days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_days = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> months   = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void append_number(std::string& out, long long value, int width)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (value < 0)
        out += '-';
    for (int i = static_cast<int>(digits.size()); i < width; ++i)
        out += '0';
    out += digits;
}

/// A cursor over the text being parsed; every step fails softly by returning false.
class scanner
{
public:
    explicit scanner(std::string_view text) : text_(text) {}

    bool done() const noexcept { return text_.empty(); }

    bool literal(std::string_view s) noexcept
    {
        if (text_.substr(0, s.size()) != s)
            return false;
        text_.remove_prefix(s.size());
        return true;
    }

    bool peek(char c) const noexcept { return !text_.empty() && text_.front() == c; }

    /// Exactly `n` ASCII digits.
    bool digits(int n, int& out) noexcept
    {
        out = 0;
        if (text_.size() < static_cast<std::size_t>(n))
            return false;
        for (int i = 0; i < n; ++i)
        {
            char const c = text_[static_cast<std::size_t>(i)];
            if (c < '0' || c > '9')
                return false;
            out = out * 10 + (c - '0');
        }
        text_.remove_prefix(static_cast<std::size_t>(n));
        return true;
    }

    /// One of `names`, case-sensitively (RFC 9110 5.6.7: the names are case-sensitive).
    template <std::size_t N>
    bool one_of(const std::array<std::string_view, N>& names, int& index) noexcept
    {
        for (std::size_t i = 0; i < N; ++i)
        {
            if (literal(names[i]))
            {
                index = static_cast<int>(i);
                return true;
            }
        }
        return false;
    }

private:
    std::string_view text_;
};

std::optional<sys_seconds> make_time(int y, int mon, int d, int h, int min, int s)
{
    year_month_day const ymd{year{y}, month{static_cast<unsigned>(mon)},
                             day{static_cast<unsigned>(d)}};
    // Second 60 is a leap second (RFC 9110 and RFC 3339 both allow it); it lands on the next
    // minute, which is what a POSIX clock shows anyway.
    if (!ymd.ok() || h > 23 || min > 59 || s > 60)
        return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{min} + seconds{s};
}

bool time_of_day(scanner& in, int& h, int& m, int& s)
{
    return in.digits(2, h) && in.literal(":") && in.digits(2, m) && in.literal(":") &&
           in.digits(2, s);
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<sys_seconds> parse_imf_fixdate(std::string_view text)
{
    scanner in(text);
    int wd = 0, d = 0, mon = 0, y = 0, h = 0, m = 0, s = 0;
    if (!in.one_of(short_days, wd) || !in.literal(", ") || !in.digits(2, d) || !in.literal(" ") ||
        !in.one_of(months, mon) || !in.literal(" ") || !in.digits(4, y) || !in.literal(" ") ||
        !time_of_day(in, h, m, s) || !in.literal(" GMT") || !in.done())
        return std::nullopt;
    return make_time(y, mon + 1, d, h, m, s);
}

// RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
std::optional<sys_seconds> parse_rfc850(std::string_view text)
{
    scanner in(text);
    int wd = 0, d = 0, mon = 0, yy = 0, h = 0, m = 0, s = 0;
    if (!in.one_of(long_days, wd) || !in.literal(", ") || !in.digits(2, d) || !in.literal("-") ||
        !in.one_of(months, mon) || !in.literal("-") || !in.digits(2, yy) || !in.literal(" ") ||
        !time_of_day(in, h, m, s) || !in.literal(" GMT") || !in.done())
        return std::nullopt;
    // RFC 9110 5.6.7: a two-digit year more than 50 years in the future means the most recent
    // past year with those last two digits.
    int const this_year = static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
    int y               = this_year / 100 * 100 + yy;
    if (y > this_year + 50)
        y -= 100;
    return make_time(y, mon + 1, d, h, m, s);
}

// asctime: "Sun Nov  6 08:49:37 1994"
std::optional<sys_seconds> parse_asctime(std::string_view text)
{
    scanner in(text);
    int wd = 0, d = 0, mon = 0, y = 0, h = 0, m = 0, s = 0;
    if (!in.one_of(short_days, wd) || !in.literal(" ") || !in.one_of(months, mon) ||
        !in.literal(" "))
        return std::nullopt;
    bool const day_ok = in.literal(" ") ? in.digits(1, d) : in.digits(2, d);
    if (!day_ok || !in.literal(" ") || !time_of_day(in, h, m, s) || !in.literal(" ") ||
        !in.digits(4, y) || !in.done())
        return std::nullopt;
    return make_time(y, mon + 1, d, h, m, s);
}

} // namespace

std::string format_http_date(sys_seconds t)
{
    auto const day_point = floor<days>(t);
    year_month_day const ymd{day_point};
    hh_mm_ss const hms{t - day_point};
    std::string out;
    out.reserve(29);
    out += short_days[weekday{day_point}.c_encoding()];
    out += ", ";
    append_number(out, static_cast<unsigned>(ymd.day()), 2);
    out += ' ';
    out += months[static_cast<unsigned>(ymd.month()) - 1];
    out += ' ';
    append_number(out, static_cast<int>(ymd.year()), 4);
    out += ' ';
    append_number(out, hms.hours().count(), 2);
    out += ':';
    append_number(out, hms.minutes().count(), 2);
    out += ':';
    append_number(out, hms.seconds().count(), 2);
    out += " GMT";
    return out;
}

std::optional<sys_seconds> parse_http_date(std::string_view text)
{
    // OWS around a field value is not part of it (RFC 9110 5.5); the weekday is only checked
    // to be a valid name, not against the date, as RFC 9110 requires nothing more and a wrong
    // weekday says nothing about the instant meant.
    text = trim(text);
    if (auto t = parse_imf_fixdate(text))
        return t;
    if (auto t = parse_rfc850(text))
        return t;
    return parse_asctime(text);
}

std::string format_rfc3339(sys_seconds t)
{
    auto const day_point = floor<days>(t);
    year_month_day const ymd{day_point};
    hh_mm_ss const hms{t - day_point};
    std::string out;
    out.reserve(20);
    append_number(out, static_cast<int>(ymd.year()), 4);
    out += '-';
    append_number(out, static_cast<unsigned>(ymd.month()), 2);
    out += '-';
    append_number(out, static_cast<unsigned>(ymd.day()), 2);
    out += 'T';
    append_number(out, hms.hours().count(), 2);
    out += ':';
    append_number(out, hms.minutes().count(), 2);
    out += ':';
    append_number(out, hms.seconds().count(), 2);
    out += 'Z';
    return out;
}

namespace {

/// parse_rfc3339 keeping the fraction's first three digits (the rest are dropped).
std::optional<sys_time<milliseconds>> parse_rfc3339_with_ms(std::string_view text)
{
    scanner in(text);
    int y = 0, mon = 0, d = 0, h = 0, m = 0, s = 0;
    // RFC 3339 section 5.6 allows lowercase 't' and 'z'.
    if (!in.digits(4, y) || !in.literal("-") || !in.digits(2, mon) || !in.literal("-") ||
        !in.digits(2, d) || !(in.literal("T") || in.literal("t")) || !time_of_day(in, h, m, s))
        return std::nullopt;
    milliseconds fraction{0};
    if (in.literal("."))
    {
        int digit = 0;
        if (!in.digits(1, digit))
            return std::nullopt;
        int scale = 100;
        do
        {
            fraction += milliseconds{digit * scale};
            scale /= 10;
        } while (in.digits(1, digit));
    }
    seconds offset{0};
    if (!(in.literal("Z") || in.literal("z")))
    {
        int sign = 0;
        if (in.literal("+"))
            sign = 1;
        else if (in.literal("-"))
            sign = -1;
        else
            return std::nullopt;
        int oh = 0, om = 0;
        if (!in.digits(2, oh) || !in.literal(":") || !in.digits(2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = sign * (hours{oh} + minutes{om});
    }
    if (!in.done())
        return std::nullopt;
    auto const local = make_time(y, mon, d, h, m, s);
    if (!local)
        return std::nullopt;
    return sys_time<milliseconds>(*local - offset) + fraction;
}

} // namespace

std::optional<sys_seconds> parse_rfc3339(std::string_view text)
{
    auto const t = parse_rfc3339_with_ms(text);
    if (!t)
        return std::nullopt;
    return std::chrono::floor<seconds>(*t);
}

std::optional<sys_time<milliseconds>> parse_rfc3339_ms(std::string_view text)
{
    return parse_rfc3339_with_ms(text);
}

} // namespace fedblog::protocol
