// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for ActivityStreams content-type recognition and Accept negotiation.

// Test that header file is self-contained.
#include "protocol/media_types.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string_view>

namespace fedblog::protocol {

// Found by ADL, so BOOST_TEST can print both sides of a failed comparison.
inline std::ostream& boost_test_print_type(std::ostream& os, representation r)
{
    return os << (r == representation::html ? "html" : "activity_json");
}

} // namespace fedblog::protocol

using namespace fedblog::protocol;

namespace {

struct accept_case
{
    std::string_view accept;
    representation expected;
};

constexpr auto html = representation::html;
constexpr auto as2  = representation::activity_json;

} // namespace

BOOST_AUTO_TEST_SUITE(media_types)

BOOST_AUTO_TEST_CASE(recognises_activity_json_content_types)
{
    for (std::string_view ct : {
             "application/activity+json",                  // the usual form
             "application/activity+json; charset=utf-8",   // with a parameter
             "Application/Activity+JSON",                  // media types are case-insensitive
             "  application/activity+json ;charset=utf-8", // stray whitespace
             "application/activity+json\t",                // trailing tab
             // The ActivityPub spec's form.
             "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
             // An unquoted profile.
             "application/ld+json;profile=https://www.w3.org/ns/activitystreams",
             // A space-separated profile list (JSON-LD 1.1 section 9.1).
             "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams "
             "https://w3id.org/security/v1\"",
             // The AS profile second in the list.
             "application/ld+json; profile=\"https://w3id.org/security/v1 "
             "https://www.w3.org/ns/activitystreams\"",
             // Other parameters first; parameter names are case-insensitive.
             "application/ld+json; charset=utf-8; "
             "Profile=\"https://www.w3.org/ns/activitystreams\"",
             // Case of the type itself.
             "APPLICATION/LD+JSON; profile=\"https://www.w3.org/ns/activitystreams\"",
         })
    {
        BOOST_TEST_CONTEXT(ct)
        {
            BOOST_TEST(is_activity_json(ct));
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_other_content_types)
{
    for (std::string_view ct : {
             "",                    // none
             "application/json",    // plain JSON is ignored by Mastodon (C21)
             "application/ld+json", // ld+json without the AS profile
             "application/ld+json; profile=\"https://w3id.org/security/v1\"", // another profile
             "application/ld+json; charset=utf-8",                            // still no profile
             "text/html",                                                     // a web page
             "application/activity+jsonx",                                    // a longer type
             "application/activity",                                          // a shorter one
             "application/jrd+json",                                          // WebFinger
             "text/plain; profile=\"https://www.w3.org/ns/activitystreams\"", // profile, wrong type
             "application/activity+json-seq",                                 // a different type
         })
    {
        BOOST_TEST_CONTEXT('"' << ct << '"')
        {
            BOOST_TEST(!is_activity_json(ct));
        }
    }
}

BOOST_AUTO_TEST_CASE(browsers_and_crawlers_get_html)
{
    for (const accept_case& c : {
             // Firefox 128.
             accept_case{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", html},
             // Chrome 126.
             accept_case{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                         "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
                         html},
             // Safari 17.
             accept_case{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", html},
             // curl's default.
             accept_case{"*/*", html},
             // No Accept header at all.
             accept_case{"", html},
             // Only whitespace and commas.
             accept_case{" , ,\t", html},
             // A feed reader that names nothing we serve.
             accept_case{"application/atom+xml, application/rss+xml;q=0.9", html},
             // Googlebot-style, xhtml preferred.
             accept_case{"application/xhtml+xml,text/html;q=0.9", html},
         })
    {
        BOOST_TEST_CONTEXT(c.accept)
        {
            BOOST_TEST(negotiate(c.accept) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(fediverse_servers_get_activity_json)
{
    for (const accept_case& c : {
             // Mastodon's JsonLdHelper#build_request.
             accept_case{"application/activity+json, application/ld+json", as2},
             // Mastodon's FetchResourceService, which also takes HTML (at q=0.1).
             accept_case{"application/activity+json, application/ld+json; "
                         "profile=\"https://www.w3.org/ns/activitystreams\", text/html;q=0.1",
                         as2},
             // Fedify's document loader (INTEROP.md H).
             accept_case{"application/activity+json, application/ld+json", as2},
             // Misskey.
             accept_case{"application/activity+json, application/ld+json; "
                         "profile=\"https://www.w3.org/ns/activitystreams\"",
                         as2},
             // GoToSocial / Pleroma: one type.
             accept_case{"application/activity+json", as2},
             // The ActivityPub spec's form alone.
             accept_case{"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
                         as2},
             // Plain JSON counts as asking for AS2.
             accept_case{"application/json", as2},
             // Case-insensitive types.
             accept_case{"Application/Activity+Json", as2},
             // AS2 ranked above a wildcard.
             accept_case{"*/*;q=0.1, application/activity+json", as2},
         })
    {
        BOOST_TEST_CONTEXT(c.accept)
        {
            BOOST_TEST(negotiate(c.accept) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(q_values_decide_and_ties_go_to_html)
{
    for (const accept_case& c : {
             // Equal q: a tie, so the page.
             accept_case{"application/activity+json, text/html", html},
             // HTML explicitly preferred.
             accept_case{"application/activity+json;q=0.5, text/html", html},
             // AS2 preferred over HTML.
             accept_case{"text/html;q=0.5, application/activity+json", as2},
             // Thousandths count.
             accept_case{"text/html;q=0.899, application/json;q=0.9", as2},
             accept_case{"text/html;q=0.9, application/json;q=0.899", html},
             // xhtml counts as HTML.
             accept_case{"application/xhtml+xml, application/activity+json;q=0.9", html},
             // q=0 means "not acceptable", even with nothing else offered.
             accept_case{"application/activity+json;q=0", html},
             accept_case{"application/activity+json;q=0.000", html},
             // HTML refused and AS2 barely acceptable: AS2.
             accept_case{"text/html;q=0, application/activity+json;q=0.001", as2},
             // The best of several ranges of the same kind counts.
             accept_case{"application/json;q=0.1, application/ld+json;q=0.8, text/html;q=0.5", as2},
             // Whitespace around the parameter.
             accept_case{"text/html ; q = 0.2 , application/activity+json", as2},
             // A quoted q-value.
             accept_case{"text/html;q=\"0.2\", application/activity+json", as2},
             // q=1 spelled out.
             accept_case{"text/html;q=0.9, application/activity+json;q=1.000", as2},
         })
    {
        BOOST_TEST_CONTEXT(c.accept)
        {
            BOOST_TEST(negotiate(c.accept) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_q_values_count_as_zero)
{
    for (const accept_case& c : {
             // Not a number.
             accept_case{"application/activity+json;q=abc", html},
             // Empty.
             accept_case{"application/activity+json;q=", html},
             // Above 1.
             accept_case{"application/activity+json;q=1.5", html},
             accept_case{"application/activity+json;q=2", html},
             // Negative.
             accept_case{"application/activity+json;q=-1", html},
             // No leading digit.
             accept_case{"application/activity+json;q=.5", html},
             // More than three decimals.
             accept_case{"application/activity+json;q=0.5000", html},
             // Junk after the digits.
             accept_case{"application/activity+json;q=0.5x", html},
             accept_case{"application/activity+json;q=1x", html},
             // A malformed HTML range does not block a well-formed AS2 one.
             accept_case{"text/html;q=zzz, application/activity+json;q=0.1", as2},
         })
    {
        BOOST_TEST_CONTEXT(c.accept)
        {
            BOOST_TEST(negotiate(c.accept) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
