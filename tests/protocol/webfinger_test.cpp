// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for WebFinger resource parsing, JRD building/reading and host-meta.

// Test that header file is self-contained.
#include "protocol/webfinger.hpp"

#include "protocol/error.hpp"
#include "protocol/json.hpp"
#include "protocol/vocab.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::protocol;
using namespace std::string_literals;

namespace {

/// "acct user|host", "url <url>" or "error" (one comparable, printable string).
std::string show(std::string_view resource)
{
    auto r = parse_webfinger_resource(resource);
    if (!r)
    {
        BOOST_TEST(r.error() == error::bad_resource);
        return "error";
    }
    if (r->type == webfinger_resource::kind::url)
        return "url " + r->url;
    return "acct " + r->user + "|" + r->host;
}

json::value parse_jrd(std::string_view text)
{
    auto v = json::parse(text);
    BOOST_TEST_REQUIRE(v.has_value());
    return *v;
}

std::string self_link(std::string_view jrd_text)
{
    auto href = jrd_self_link(parse_jrd(jrd_text));
    if (!href)
    {
        BOOST_TEST(href.error() == error::invalid_document);
        return "error";
    }
    return *href;
}

} // namespace

BOOST_AUTO_TEST_SUITE(webfinger)

BOOST_AUTO_TEST_CASE(parses_acct_uris)
{
    BOOST_TEST(show("acct:author@blog.example") == "acct author|blog.example");
    // The scheme is case-insensitive; the user is kept as sent, the host is folded.
    BOOST_TEST(show("ACCT:Author@Blog.Example") == "acct Author|blog.example");
    // A port is part of the host (tests run on 127.0.0.1:port).
    BOOST_TEST(show("acct:author@127.0.0.1:18080") == "acct author|127.0.0.1:18080");
    BOOST_TEST(show("acct:author@[::1]:8080") == "acct author|[::1]:8080");
    // Dots, dashes, underscores and percent-escapes (RFC 7565 userpart) are fine.
    BOOST_TEST(show("acct:first.last-name_2@blog.example") ==
               "acct first.last-name_2|blog.example");
    BOOST_TEST(show("acct:first%2Blast@blog.example") == "acct first%2Blast|blog.example");
    // Non-ASCII usernames (Misskey allows none, but others might) are passed on as bytes.
    BOOST_TEST(show("acct:\xC3\xA9lodie@blog.example") == "acct \xC3\xA9lodie|blog.example");
}

BOOST_AUTO_TEST_CASE(accepts_the_forms_clients_send_without_the_scheme)
{
    BOOST_TEST(show("author@blog.example") == "acct author|blog.example");
    BOOST_TEST(show("@author@blog.example") == "acct author|blog.example");
    BOOST_TEST(show("@Author@BLOG.example") == "acct Author|blog.example");
}

BOOST_AUTO_TEST_CASE(parses_http_urls_as_sent)
{
    BOOST_TEST(show("https://blog.example/users/author") ==
               "url https://blog.example/users/author");
    BOOST_TEST(show("http://127.0.0.1:8080/") == "url http://127.0.0.1:8080/");
    // Not normalised: the caller compares with the URLs it mints.
    BOOST_TEST(show("https://Blog.Example/users/author") ==
               "url https://Blog.Example/users/author");
    // The scheme is case-insensitive.
    BOOST_TEST(show("HTTPS://blog.example/") == "url HTTPS://blog.example/");
    BOOST_TEST(show("https://blog.example/@author") == "url https://blog.example/@author");
}

BOOST_AUTO_TEST_CASE(refuses_hostile_resources)
{
    std::string const at_limit = "acct:" + std::string(512 - 5 - 13, 'a') + "@blog.example";
    BOOST_TEST_REQUIRE(at_limit.size() == 512u);
    BOOST_TEST(show(at_limit) != "error");

    for (std::string const& bad : {
             ""s,                                            // empty
             "acct:" + std::string(507, 'a') + "@b.example", // 513+ bytes
             std::string(100000, '@'),                       // huge
             "acct:"s,                                       // scheme only
             "acct:author"s,                                 // no '@'
             "author"s,                                      // no '@', no scheme
             "@"s,                                           // nothing but '@'
             "@@"s,                                          // two of them
             "@author"s,                                     // no host
             "acct:@blog.example"s,                          // empty user
             "acct:author@"s,                                // empty host
             "@author@"s,                                    // empty host, leading '@'
             "author@blog.example@evil.example"s,            // two '@': which host?
             "acct:a@b@c"s,                                  // ditto
             "@@author@blog.example"s,                       // doubled leading '@'
             "acct:auth or@blog.example"s,                   // space in the user
             "acct:author@blog .example"s,                   // space in the host
             " acct:author@blog.example"s,                   // leading space
             "acct:author@blog.example "s,                   // trailing space
             "acct:author\t@blog.example"s,                  // tab
             "acct:author@blog.example\r\nX: y"s,            // header injection
             "acct:author\0x@blog.example"s,                 // NUL
             "acct:author@blog.example\x7F"s,                // DEL
             "acct:author@blog.example/users"s,              // path in the host
             "acct:author@blog.example?x=1"s,                // query in the host
             "acct:author@blog.example#frag"s,               // fragment in the host
             "acct:<script>@blog.example"s,                  // markup
             "acct:a\"b@blog.example"s,                      // quote
             "acct:a\\b@blog.example"s,                      // backslash
             "mailto:author@blog.example"s, // another scheme: ':' is not in a userpart
             "xmpp:author@blog.example"s,   // ditto
             "https://"s,                   // URL without a host
             "https://user@blog.example/"s, // URL with userinfo
             "https://blog.example/a b"s,   // URL with a space
             "ftp://blog.example/"s,        // another scheme, no "@"
         })
    {
        BOOST_TEST_CONTEXT('"' << bad.substr(0, 80) << '"')
        {
            BOOST_TEST(show(bad) == "error");
        }
    }
}

BOOST_AUTO_TEST_CASE(builds_a_jrd_in_order)
{
    json::value const jrd = build_jrd(
        "acct:author@blog.example", {"https://blog.example/users/author", "https://blog.example/"},
        {
            {"self", std::string(vocab::activity_json), "https://blog.example/users/author", {}},
            {"http://webfinger.net/rel/profile-page", "text/html", "https://blog.example/", {}},
            {"http://ostatus.org/schema/1.0/subscribe",
             {},
             {},
             "https://blog.example/authorize_interaction?uri={uri}"},
        });
    BOOST_TEST(json::serialize(jrd) ==
               R"({"subject":"acct:author@blog.example",)"
               R"("aliases":["https://blog.example/users/author","https://blog.example/"],)"
               R"("links":[)"
               R"({"rel":"self","type":"application/activity+json",)"
               R"("href":"https://blog.example/users/author"},)"
               R"({"rel":"http://webfinger.net/rel/profile-page","type":"text/html",)"
               R"("href":"https://blog.example/"},)"
               R"({"rel":"http://ostatus.org/schema/1.0/subscribe",)"
               R"("template":"https://blog.example/authorize_interaction?uri={uri}"}]})");
}

BOOST_AUTO_TEST_CASE(built_jrd_round_trips_through_jrd_self_link)
{
    json::value const jrd = build_jrd(
        "acct:author@blog.example", {},
        {{"self", std::string(vocab::activity_json), "https://blog.example/users/author", {}}});
    BOOST_TEST(json::serialize(*jrd.find("aliases")) == "[]");
    BOOST_TEST(jrd_self_link(jrd).value() == "https://blog.example/users/author");
    // And through text, as a peer would read it.
    BOOST_TEST(self_link(json::serialize(jrd)) == "https://blog.example/users/author");
}

BOOST_AUTO_TEST_CASE(reads_the_self_link_of_real_jrds)
{
    // Mastodon 4.3 (WellKnown::WebfingerController).
    BOOST_TEST(self_link(R"({
        "subject": "acct:Alice@mastodon.example",
        "aliases": ["https://mastodon.example/@Alice", "https://mastodon.example/users/Alice"],
        "links": [
          {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
           "href": "https://mastodon.example/@Alice"},
          {"rel": "self", "type": "application/activity+json",
           "href": "https://mastodon.example/users/Alice"},
          {"rel": "http://ostatus.org/schema/1.0/subscribe",
           "template": "https://mastodon.example/authorize_interaction?uri={uri}"},
          {"rel": "http://webfinger.net/rel/avatar", "type": "image/png",
           "href": "https://files.mastodon.example/accounts/avatars/1/original/a.png"}
        ]})") == "https://mastodon.example/users/Alice");

    // GoToSocial.
    BOOST_TEST(self_link(R"({
        "subject": "acct:bob@gts.example",
        "aliases": ["https://gts.example/users/bob", "https://gts.example/@bob"],
        "links": [
          {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
           "href": "https://gts.example/@bob"},
          {"rel": "self", "type": "application/activity+json",
           "href": "https://gts.example/users/bob"}
        ]})") == "https://gts.example/users/bob");

    // Misskey: the ld+json form, and an href that is not the acct.
    BOOST_TEST(self_link(R"({
        "subject": "acct:carol@misskey.example",
        "links": [
          {"rel": "self", "type": "application/activity+json",
           "href": "https://misskey.example/users/9kq2h3x7ab"},
          {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
           "href": "https://misskey.example/@carol"},
          {"rel": "http://ostatus.org/schema/1.0/subscribe",
           "template": "https://misskey.example/authorize-follow?acct={uri}"}
        ]})") == "https://misskey.example/users/9kq2h3x7ab");

    // The ActivityPub spec's media type is the other accepted type.
    BOOST_TEST(self_link(R"({"links": [{"rel": "self",
        "type": "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
        "href": "https://pleroma.example/users/dave"}]})") == "https://pleroma.example/users/dave");
}

BOOST_AUTO_TEST_CASE(self_link_needs_an_exact_type)
{
    for (const char* jrd : {
             // Parameters make it another string (Mastodon compares exactly).
             R"({"links":[{"rel":"self","type":"application/activity+json; charset=utf-8",
                "href":"https://a.example/u"}]})",
             // Case differs.
             R"({"links":[{"rel":"self","type":"Application/Activity+JSON",
                "href":"https://a.example/u"}]})",
             // ld+json without the profile.
             R"({"links":[{"rel":"self","type":"application/ld+json",
                "href":"https://a.example/u"}]})",
             // ld+json with the profile unquoted.
             R"({"links":[{"rel":"self",
                "type":"application/ld+json; profile=https://www.w3.org/ns/activitystreams",
                "href":"https://a.example/u"}]})",
             // An HTML self link.
             R"({"links":[{"rel":"self","type":"text/html","href":"https://a.example/u"}]})",
             // No type.
             R"({"links":[{"rel":"self","href":"https://a.example/u"}]})",
             // Type not a string.
             R"({"links":[{"rel":"self","type":["application/activity+json"],
                "href":"https://a.example/u"}]})",
         })
    {
        BOOST_TEST_CONTEXT(jrd)
        {
            BOOST_TEST(self_link(jrd) == "error");
        }
    }
}

BOOST_AUTO_TEST_CASE(self_link_needs_rel_self_and_an_http_href)
{
    for (const char* jrd : {
             R"({})",                              // no links
             R"({"links":null})",                  // links null
             R"({"links":{}})",                    // links not an array
             R"({"links":"https://a.example/u"})", // links a string
             R"({"links":[]})",                    // empty
             R"({"links":[null, 3, "x", []]})",    // junk entries
             // Another rel with the right type.
             R"({"links":[{"rel":"alternate","type":"application/activity+json",
                "href":"https://a.example/u"}]})",
             // rel case differs.
             R"({"links":[{"rel":"SELF","type":"application/activity+json",
                "href":"https://a.example/u"}]})",
             // No href.
             R"({"links":[{"rel":"self","type":"application/activity+json"}]})",
             // A template instead of an href.
             R"({"links":[{"rel":"self","type":"application/activity+json",
                "template":"https://a.example/u?x={uri}"}]})",
             // Non-http(s) hrefs.
             R"({"links":[{"rel":"self","type":"application/activity+json",
                "href":"acct:u@a.example"}]})",
             R"js({"links":[{"rel":"self","type":"application/activity+json",
                "href":"javascript:alert(1)"}]})js",
             R"({"links":[{"rel":"self","type":"application/activity+json",
                "href":"/users/u"}]})",
             R"({"links":[{"rel":"self","type":"application/activity+json",
                "href":"https://evil@a.example/u"}]})",
             // href not a string.
             R"({"links":[{"rel":"self","type":"application/activity+json",
                "href":{"id":"https://a.example/u"}}]})",
         })
    {
        BOOST_TEST_CONTEXT(jrd)
        {
            BOOST_TEST(self_link(jrd) == "error");
        }
    }
    // Not an object at all.
    BOOST_TEST(!jrd_self_link(json::value(json::array{})).has_value());
    BOOST_TEST(!jrd_self_link(json::value("links")).has_value());
    BOOST_TEST(!jrd_self_link(json::value()).has_value());
}

BOOST_AUTO_TEST_CASE(self_link_skips_unusable_entries_and_takes_the_first_usable)
{
    BOOST_TEST(self_link(R"({"links":[
        {"rel":"self","type":"text/html","href":"https://a.example/@u"},
        {"rel":"self","type":"application/activity+json","href":"ftp://a.example/u"},
        {"rel":"self","type":"application/activity+json","href":"https://a.example/users/u"},
        {"rel":"self","type":"application/activity+json","href":"https://a.example/second"}
    ]})") == "https://a.example/users/u");
}

BOOST_AUTO_TEST_CASE(builds_host_meta_xrd_with_an_lrdd_template)
{
    std::string const xrd = build_host_meta_xrd("https://blog.example");
    BOOST_TEST(xrd.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    BOOST_TEST(xrd.find("<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">") !=
               std::string::npos);
    BOOST_TEST(
        xrd.find("<Link rel=\"lrdd\" "
                 "template=\"https://blog.example/.well-known/webfinger?resource={uri}\"/>") !=
        std::string::npos);
    BOOST_TEST(xrd.find("</XRD>") != std::string::npos);
    // With a port, as in tests.
    BOOST_TEST(
        build_host_meta_xrd("http://127.0.0.1:18080")
            .find("template=\"http://127.0.0.1:18080/.well-known/webfinger?resource={uri}\"") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(builds_host_meta_json)
{
    BOOST_TEST(json::serialize(build_host_meta_json("https://blog.example")) ==
               R"({"links":[{"rel":"lrdd",)"
               R"("template":"https://blog.example/.well-known/webfinger?resource={uri}"}]})");
}

BOOST_AUTO_TEST_SUITE_END()
