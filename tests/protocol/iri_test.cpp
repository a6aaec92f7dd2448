// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for http(s) URL parsing, origin comparison and percent-encoding.

// Test that header file is self-contained.
#include "protocol/iri.hpp"

#include "protocol/error.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::protocol;
using namespace std::string_literals;

namespace {

/// "scheme|host|port|target|authority", or "error" (one comparable, printable string).
std::string parts(std::string_view text)
{
    auto u = parse_http_url(text);
    if (!u)
        return "error";
    return u->scheme + "|" + u->host + "|" + u->port + "|" + u->target + "|" + u->authority;
}

} // namespace

BOOST_AUTO_TEST_SUITE(iri)

BOOST_AUTO_TEST_CASE(parses_https_and_http_urls)
{
    BOOST_TEST(parts("https://blog.example/users/author") ==
               "https|blog.example||/users/author|blog.example");
    BOOST_TEST(parts("http://127.0.0.1:8080/inbox") == "http|127.0.0.1|8080|/inbox|127.0.0.1:8080");
}

BOOST_AUTO_TEST_CASE(refuses_other_schemes_and_relative_references)
{
    for (const char* bad : {
             "ftp://blog.example/",         // not http(s)
             "file:///etc/passwd",          // local file
             "javascript:alert(1)",         // script
             "acct:author@blog.example",    // a WebFinger address is no URL
             "//blog.example/users/author", // scheme-relative
             "/users/author",               // path only
             "blog.example/users/author",   // no scheme at all
             "",                            // empty
             "https:blog.example",          // no authority
             "wss://blog.example/",         // websocket
         })
    {
        BOOST_TEST_CONTEXT(bad)
        {
            auto u = parse_http_url(bad);
            BOOST_TEST(!u.has_value());
            if (!u)
                BOOST_TEST(u.error() == error::bad_iri);
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_userinfo_urls)
{
    // "https://blog.example@evil.example/" reads like blog.example to a human.
    BOOST_TEST(parts("https://blog.example@evil.example/") == "error");
    BOOST_TEST(parts("https://user:password@blog.example/") == "error");
    BOOST_TEST(parts("https://@blog.example/") == "error"); // empty userinfo is still userinfo
}

BOOST_AUTO_TEST_CASE(refuses_empty_and_odd_hosts)
{
    for (const char* bad : {
             "https://",                     // nothing at all
             "https:///path",                // empty host
             "https://[v1.fe]/",             // IPvFuture literal
             "https://ex%00ample.com/",      // encoded NUL in the host
             "https://ex%2Fample.com/",      // encoded '/' in the host
             "https://ex%20ample.com/",      // encoded space in the host
             "https://exa mple.com/",        // raw space
             "https://blog.example/a b",     // raw space in the path
             "https://bl\xC3\xB6g.example/", // raw non-ASCII (an IRI, not a URL)
         })
    {
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(parts(bad) == "error");
        }
    }
}

BOOST_AUTO_TEST_CASE(drops_default_ports)
{
    BOOST_TEST(parts("https://blog.example:443/x") == "https|blog.example||/x|blog.example");
    BOOST_TEST(parts("http://blog.example:80/x") == "http|blog.example||/x|blog.example");
    // The other scheme's default is not a default here.
    BOOST_TEST(parts("https://blog.example:80/x") == "https|blog.example|80|/x|blog.example:80");
    BOOST_TEST(parts("http://blog.example:443/x") == "http|blog.example|443|/x|blog.example:443");
    // Leading zeros are the same port.
    BOOST_TEST(parts("https://blog.example:0443/") == "https|blog.example||/|blog.example");
}

BOOST_AUTO_TEST_CASE(refuses_ports_out_of_range)
{
    for (const char* bad : {
             "https://blog.example:0/",     // port zero
             "https://blog.example:65536/", // one past the range
             "https://blog.example:65979/", // 65536 + 443: must not wrap to the default
             "https://blog.example:99999/", // far out of range
             "https://blog.example:/",      // empty port
             "https://blog.example:123456789012345678901234567890/", // absurd
         })
    {
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(parts(bad) == "error");
        }
    }
    BOOST_TEST(parts("https://blog.example:65535/") ==
               "https|blog.example|65535|/|blog.example:65535");
}

BOOST_AUTO_TEST_CASE(ipv6_literal_hosts_lose_their_brackets_but_keep_them_in_authority)
{
    BOOST_TEST(parts("http://[::1]:8080/inbox") == "http|::1|8080|/inbox|[::1]:8080");
    BOOST_TEST(parts("https://[2001:DB8::1]/") == "https|2001:db8::1||/|[2001:db8::1]");
    BOOST_TEST(parts("https://[2001:db8::1]:443/a") == "https|2001:db8::1||/a|[2001:db8::1]");
    BOOST_TEST(parts("https://[::1/") == "error"); // unclosed bracket
}

BOOST_AUTO_TEST_CASE(drops_the_fragment_and_keeps_the_query)
{
    BOOST_TEST(parts("https://blog.example/users/author#main-key") ==
               "https|blog.example||/users/author|blog.example");
    BOOST_TEST(parts("https://blog.example/posts?page=2&x=%20#top") ==
               "https|blog.example||/posts?page=2&x=%20|blog.example");
    BOOST_TEST(parts("https://blog.example?x") == "https|blog.example||/?x|blog.example");
    BOOST_TEST(parts("https://blog.example/#") == "https|blog.example||/|blog.example");
    BOOST_TEST(parts("https://blog.example") == "https|blog.example||/|blog.example");
}

BOOST_AUTO_TEST_CASE(folds_scheme_and_host_case_but_not_the_path)
{
    BOOST_TEST(parts("HTTPS://Blog.EXAMPLE:443/Users/Author?Q=A") ==
               "https|blog.example||/Users/Author?Q=A|blog.example");
    // A percent-encoded host is decoded (then folded).
    BOOST_TEST(parts("https://bl%4Fg.example/") == "https|blog.example||/|blog.example");
}

BOOST_AUTO_TEST_CASE(keeps_the_path_as_sent)
{
    // No dot-segment removal or re-encoding: the target is what we put on the request line.
    BOOST_TEST(parts("https://blog.example/a/../b/%7Euser") ==
               "https|blog.example||/a/../b/%7Euser|blog.example");
}

BOOST_AUTO_TEST_CASE(is_fetchable_url_wants_https_unless_http_is_allowed)
{
    BOOST_TEST(is_fetchable_url("https://blog.example/", false));
    BOOST_TEST(!is_fetchable_url("http://blog.example/", false));
    BOOST_TEST(is_fetchable_url("http://blog.example/", true));
    BOOST_TEST(is_fetchable_url("https://blog.example/", true));
    BOOST_TEST(!is_fetchable_url("ftp://blog.example/", true));
    BOOST_TEST(!is_fetchable_url("https://u@blog.example/", true));
    BOOST_TEST(!is_fetchable_url("", true));
}

BOOST_AUTO_TEST_CASE(strip_fragment_cuts_at_the_first_hash)
{
    BOOST_TEST(strip_fragment("https://blog.example/users/author#main-key") ==
               "https://blog.example/users/author");
    BOOST_TEST(strip_fragment("https://blog.example/a#b#c") == "https://blog.example/a");
    BOOST_TEST(strip_fragment("https://blog.example/a") == "https://blog.example/a");
    BOOST_TEST(strip_fragment("#only") == "");
    BOOST_TEST(strip_fragment("") == "");
}

BOOST_AUTO_TEST_CASE(same_origin_compares_scheme_host_and_effective_port)
{
    BOOST_TEST(same_origin("https://blog.example/a", "https://blog.example/b#c"));
    BOOST_TEST(same_origin("https://Blog.Example/a", "https://blog.example:443/b"));
    BOOST_TEST(same_origin("http://[::1]:8080/a", "http://[::1]:8080/b"));

    BOOST_TEST(!same_origin("https://blog.example/", "http://blog.example/"));
    BOOST_TEST(!same_origin("https://blog.example/", "https://blog.example:8443/"));
    BOOST_TEST(!same_origin("https://blog.example/", "https://www.blog.example/"));
    BOOST_TEST(!same_origin("https://blog.example/", "https://blog.example.evil/"));
    BOOST_TEST(!same_origin("https://blog.example/", "https://evil.example/?blog.example"));
    // Unparsable input is never same-origin, not even with itself.
    BOOST_TEST(!same_origin("not a url", "not a url"));
    BOOST_TEST(!same_origin("", ""));
    BOOST_TEST(!same_origin("https://u@blog.example/", "https://blog.example/"));
}

BOOST_AUTO_TEST_CASE(host_of_is_lowercase_without_port)
{
    BOOST_TEST(host_of("https://Blog.Example:8443/x") == "blog.example");
    BOOST_TEST(host_of("http://[::1]:8080/") == "::1");
    BOOST_TEST(host_of("mailto:a@b.example") == "");
    BOOST_TEST(host_of("") == "");
}

BOOST_AUTO_TEST_CASE(url_encode_keeps_only_unreserved_characters)
{
    BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(url_encode("acct:author@blog.example") == "acct%3Aauthor%40blog.example");
    BOOST_TEST(url_encode("a b+c&d=e/f?g#h") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h");
    BOOST_TEST(url_encode("\xC3\xA9") == "%C3%A9"); // é, byte by byte, uppercase hex
    BOOST_TEST(url_encode("\0\x7F"s) == "%00%7F");
    BOOST_TEST(url_encode("") == "");
}

BOOST_AUTO_TEST_CASE(url_decode_reverses_url_encode)
{
    for (std::string const& text : {"acct:author@blog.example"s, "a b+c&d=e/f?g#h"s,
                                    "\xC3\xA9\xF0\x9F\x98\x80"s, "\0%\xFF"s, ""s})
    {
        auto decoded = url_decode(url_encode(text));
        BOOST_TEST_REQUIRE(decoded.has_value());
        BOOST_TEST(*decoded == text);
    }
}

BOOST_AUTO_TEST_CASE(url_decode_accepts_either_hex_case_and_keeps_plus)
{
    BOOST_TEST(url_decode("%c3%A9").value() == "\xC3\xA9");
    BOOST_TEST(url_decode("a+b").value() == "a+b");
    BOOST_TEST(url_decode("acct%3Aauthor%40blog.example").value() == "acct:author@blog.example");
}

BOOST_AUTO_TEST_CASE(url_decode_refuses_bad_escapes)
{
    for (const char* bad : {
             "%",         // lone percent
             "abc%",      // trailing percent
             "%4",        // one digit
             "abc%4",     // one digit at the end
             "%G0",       // not hex
             "%0G",       // not hex, second digit
             "%%41",      // percent escaping nothing
             "% 41",      // space inside
             "%\xC3\xA9", // non-ASCII after the percent
         })
    {
        BOOST_TEST_CONTEXT(bad)
        {
            auto d = url_decode(bad);
            BOOST_TEST(!d.has_value());
            if (!d)
                BOOST_TEST(d.error() == error::bad_iri);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
