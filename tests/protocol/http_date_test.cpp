// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-date (all three RFC 9110 forms) and RFC 3339 timestamps.

// Test that header file is self-contained.
#include "protocol/http_date.hpp"

#include <boost/test/unit_test.hpp>

#include <clocale>
#include <optional>
#include <string>

using namespace fedblog::protocol;
using namespace std::chrono;
using namespace std::string_literals;

namespace {

// RFC 9110 section 5.6.7's example instant.
sys_seconds const rfc_example = sys_days{1994y / November / 6} + 8h + 49min + 37s;

/// Printable form for BOOST_TEST messages (Boost.Test cannot print time points).
std::string show(std::optional<sys_seconds> t)
{
    if (!t)
        return "nullopt";
    return format_rfc3339(*t) + " (" + std::to_string(t->time_since_epoch().count()) + ")";
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_date)

BOOST_AUTO_TEST_CASE(formats_imf_fixdate)
{
    BOOST_TEST(format_http_date(rfc_example) == "Sun, 06 Nov 1994 08:49:37 GMT");
    BOOST_TEST(format_http_date(sys_seconds{}) == "Thu, 01 Jan 1970 00:00:00 GMT");
    BOOST_TEST(format_http_date(sys_days{2014y / January / 5} + 21h + 31min + 40s) ==
               "Sun, 05 Jan 2014 21:31:40 GMT");
}

BOOST_AUTO_TEST_CASE(parses_the_three_forms_rfc9110_requires)
{
    BOOST_TEST(show(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")) == show(rfc_example));
    BOOST_TEST(show(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT")) == show(rfc_example));
    BOOST_TEST(show(parse_http_date("Sun Nov  6 08:49:37 1994")) == show(rfc_example));
    BOOST_TEST(show(parse_http_date("Thu Nov 16 08:49:37 1994")) ==
               show(sys_days{1994y / November / 16} + 8h + 49min + 37s));
}

BOOST_AUTO_TEST_CASE(reads_rfc850_years_relative_to_now)
{
    // RFC 9110 5.6.7: more than 50 years ahead means the previous century.
    int const this_year = static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
    int const yy        = (this_year + 60) % 100;
    std::string const text =
        "Monday, 01-Jan-" + std::string(yy < 10 ? "0" : "") + std::to_string(yy) + " 00:00:00 GMT";
    auto const parsed = parse_http_date(text);
    BOOST_TEST_REQUIRE(parsed.has_value());
    int const got = static_cast<int>(year_month_day{floor<days>(*parsed)}.year());
    BOOST_TEST(got == this_year + 60 - 100);
}

BOOST_AUTO_TEST_CASE(round_trips_across_centuries)
{
    for (sys_seconds t : std::initializer_list<sys_seconds>{
             sys_seconds{}, rfc_example, sys_days{2000y / February / 29} + 23h + 59min + 59s,
             sys_days{2099y / December / 31} + 12h, sys_days{1900y / March / 1} + 0s})
        BOOST_TEST(show(parse_http_date(format_http_date(t))) == show(t));
}

BOOST_AUTO_TEST_CASE(ignores_surrounding_whitespace)
{
    BOOST_TEST(show(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT\t")) == show(rfc_example));
}

BOOST_AUTO_TEST_CASE(refuses_anything_else)
{
    for (const std::string& bad :
         {""s,
          "Sun, 06 Nov 1994 08:49:37 gmt"s,   // GMT is case-sensitive
          "Sun, 06 Nov 1994 08:49:37 UTC"s,   // only GMT
          "Sun, 06 Nov 1994 08:49:37 +0000"s, // RFC 2822 style offsets are not HTTP-dates
          "sun, 06 Nov 1994 08:49:37 GMT"s,   // day names are case-sensitive
          "Sun, 06 nov 1994 08:49:37 GMT"s,   // month names too
          "Sun 06 Nov 1994 08:49:37 GMT"s,    // missing comma
          "Sun, 6 Nov 1994 08:49:37 GMT"s,    // IMF-fixdate has two-digit days
          "Sun, 06 Nov 94 08:49:37 GMT"s,     // and four-digit years
          "Sun, 31 Feb 2021 08:49:37 GMT"s,   // no such day
          "Sun, 00 Nov 1994 08:49:37 GMT"s,
          "Sun, 06 Nov 1994 24:00:00 GMT"s, // hour out of range
          "Sun, 06 Nov 1994 08:60:00 GMT"s, // minute out of range
          "Sun, 06 Nov 1994 08:49:61 GMT"s, // second out of range
          "Sun, 06 Nov 1994 08:49:37 GMT junk"s,
          "Sun, 06 Nov 1994 08:49:37 GMT\0"s,
          "Sun, 06 Nov 1994 08:49 GMT"s,
          "Sunday, 06-Nov-1994 08:49:37 GMT"s, // RFC 850 has two-digit years
          "Sun Nov 6 08:49:37 1994"s,          // asctime pads the day with a space
          "1994-11-06T08:49:37Z"s,             // RFC 3339 is not an HTTP-date
          "1416000000"s})
        BOOST_TEST(!parse_http_date(bad).has_value(), "accepted: " << bad);
}

BOOST_AUTO_TEST_CASE(accepts_a_leap_second)
{
    // RFC 9110 allows second 60; a POSIX clock puts it on the next minute.
    BOOST_TEST(show(parse_http_date("Sun, 06 Nov 1994 23:59:60 GMT")) ==
               show(sys_days{1994y / November / 7} + 0s));
}

BOOST_AUTO_TEST_CASE(does_not_depend_on_the_c_locale)
{
    // Month and day names must stay English whatever the process locale is.
    char const* const previous = std::setlocale(LC_ALL, nullptr);
    std::string const saved    = previous != nullptr ? previous : "C";
    for (char const* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"})
    {
        if (std::setlocale(LC_ALL, name) == nullptr)
            continue;
        BOOST_TEST(format_http_date(rfc_example) == "Sun, 06 Nov 1994 08:49:37 GMT");
        BOOST_TEST(show(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")) == show(rfc_example));
    }
    std::setlocale(LC_ALL, saved.c_str());
}

BOOST_AUTO_TEST_CASE(formats_rfc3339_in_utc)
{
    BOOST_TEST(format_rfc3339(sys_days{2026y / November / 25} + 18h + 14min + 24s) ==
               "2026-11-25T18:14:24Z");
    BOOST_TEST(format_rfc3339(sys_seconds{}) == "1970-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(parses_rfc3339_with_offsets_and_fractions)
{
    sys_seconds const t = sys_days{2026y / November / 25} + 18h + 14min + 24s;
    BOOST_TEST(show(parse_rfc3339("2026-11-25T18:14:24Z")) == show(t));
    BOOST_TEST(show(parse_rfc3339("2026-11-25t18:14:24z")) ==
               show(t)); // RFC 3339 5.6 allows lowercase
    BOOST_TEST(show(parse_rfc3339("2026-11-25T20:14:24+02:00")) == show(t));
    BOOST_TEST(show(parse_rfc3339("2026-11-25T13:44:24-04:30")) == show(t));
    BOOST_TEST(show(parse_rfc3339("2026-11-25T18:14:24.999Z")) == show(t)); // fractions dropped
    BOOST_TEST(show(parse_rfc3339("2026-11-25T18:14:24.123456789+00:00")) == show(t));
    BOOST_TEST(show(parse_rfc3339("2026-11-26T00:14:24+06:00")) == show(t)); // crosses midnight
    BOOST_TEST(parse_rfc3339("0000-01-01T00:00:00Z").has_value());
    BOOST_TEST(parse_rfc3339("9999-12-31T23:59:59Z").has_value());
}

BOOST_AUTO_TEST_CASE(parses_rfc3339_to_the_millisecond)
{
    sys_seconds const t = sys_days{2026y / November / 25} + 18h + 14min + 24s;
    auto ms             = [](std::string_view text) {
        auto p = parse_rfc3339_ms(text);
        return p ? p->time_since_epoch().count() : -1;
    };
    const long long base = duration_cast<milliseconds>(t.time_since_epoch()).count();
    BOOST_TEST(ms("2026-11-25T18:14:24Z") == base);
    BOOST_TEST(ms("2026-11-25T18:14:24.5Z") == base + 500);
    BOOST_TEST(ms("2026-11-25T18:14:24.25Z") == base + 250);
    BOOST_TEST(ms("2026-11-25T18:14:24.123456789Z") == base + 123); // beyond ms dropped
    BOOST_TEST(ms("2026-11-25T20:14:24.999+02:00") == base + 999);
    BOOST_TEST(ms("2026-11-25T18:14:24.Z") == -1);
    BOOST_TEST(ms("2026-11-25T18:14:24.5") == -1);
    BOOST_TEST(ms("") == -1);
}

BOOST_AUTO_TEST_CASE(round_trips_rfc3339)
{
    for (sys_seconds t : std::initializer_list<sys_seconds>{
             sys_seconds{}, rfc_example, sys_days{2026y / November / 25} + 18h + 14min + 24s})
        BOOST_TEST(show(parse_rfc3339(format_rfc3339(t))) == show(t));
}

BOOST_AUTO_TEST_CASE(refuses_malformed_rfc3339)
{
    for (const std::string& bad :
         {""s,
          "2026-11-25T18:14:24"s,       // no offset: local time is unknowable
          "2026-11-25 18:14:24Z"s,      // space separator
          "2026-11-25"s,                // date only
          "26-11-25T18:14:24Z"s,        // two-digit year
          "12026-11-25T18:14:24Z"s,     // five-digit year
          "2026-13-25T18:14:24Z"s,      // month 13
          "2026-02-30T18:14:24Z"s,      // no such day
          "2026-11-25T24:00:00Z"s,      // hour 24
          "2026-11-25T18:14:24.Z"s,     // empty fraction
          "2026-11-25T18:14:24+0200"s,  // offset without colon
          "2026-11-25T18:14:24+24:00"s, // offset out of range
          "2026-11-25T18:14:24Zjunk"s, "2026-11-25T18:14:24Z\0"s, "Sun, 06 Nov 1994 08:49:37 GMT"s})
        BOOST_TEST(!parse_rfc3339(bad).has_value(), "accepted: " << bad);
}

BOOST_AUTO_TEST_SUITE_END()
