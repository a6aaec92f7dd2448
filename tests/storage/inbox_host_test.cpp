// SPDX-License-Identifier: AGPL-3.0-or-later
// inbox_host(): the per-host delivery key of an inbox URL.

// Test that header file is self-contained.
// clang-format off
#include "storage/inbox_host.hpp"
// clang-format on

#include "storage/error.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>

namespace fedblog::storage::test {

BOOST_AUTO_TEST_SUITE(inbox_host_of)

BOOST_AUTO_TEST_CASE(normalises_host_and_port)
{
    const std::pair<const char*, const char*> rows[] = {
        {"https://mastodon.social/inbox", "mastodon.social"},
        {"https://Mastodon.Social/inbox", "mastodon.social"},        // host case is irrelevant
        {"https://mastodon.social:443/inbox", "mastodon.social"},    // default port dropped
        {"https://mastodon.social:/inbox", "mastodon.social"},       // empty port = default
        {"http://blog.example:80/inbox", "blog.example"},            // http default too
        {"https://blog.example:80/inbox", "blog.example:80"},        // not the https default
        {"http://blog.example:443/inbox", "blog.example:443"},       // not the http default
        {"http://127.0.0.1:18080/users/a/inbox", "127.0.0.1:18080"}, // loopback test peers
        {"https://[::1]:8443/inbox", "[::1]:8443"},                  // IPv6 literal
        {"https://[2001:DB8::1]/inbox", "[2001:db8::1]"},
        {"https://user:pw@blog.example/inbox", "blog.example"},    // user info never counts
        {"https://blog.example:08080/inbox", "blog.example:8080"}, // leading zeros
        {"HTTPS://blog.example/inbox", "blog.example"},            // scheme case too
        {"https://blog.example/inbox?x=1#f", "blog.example"},
    };
    for (const auto& [url, expected] : rows)
    {
        const auto host = inbox_host(url);
        BOOST_TEST_REQUIRE(host.has_value(), url);
        BOOST_TEST(*host == expected, url);
    }
}

BOOST_AUTO_TEST_CASE(rejects_what_cannot_be_delivered_to)
{
    for (const char* url : {
             "",                             // nothing
             "/users/a/inbox",               // relative
             "blog.example/inbox",           // no scheme
             "ftp://blog.example/inbox",     // not HTTP
             "mailto:a@blog.example",        // no authority
             "https:///inbox",               // empty host
             "https://blog.example:0/inbox", // port 0
             "https://blog.example:65536/x", // port out of range
             "https://blog.example:99999/x", // far out of range
             "https://blog example/inbox",   // not a URL
         })
    {
        const auto host = inbox_host(url);
        BOOST_TEST(!host.has_value(), url);
        if (!host)
            BOOST_TEST((host.error() == error::invalid_argument), url);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
