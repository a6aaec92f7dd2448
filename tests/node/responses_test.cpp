// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for response builders: ETags, conditional GET, problem details, redirects.

// Test that header file is self-contained.
#include "node/http/responses.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <string_view>

using fedblog::node::etag_for;
using fedblog::node::http_error;
using fedblog::node::negotiated_response;
using fedblog::node::problem_response;
using fedblog::node::redirect_response;
using fedblog::node::request;
namespace http = fedblog::node::http;
namespace json = fedblog::protocol::json;

namespace {

constexpr std::string_view as2  = "application/activity+json";
constexpr std::string_view body = R"({"type":"Note","content":"hello"})";

request get(std::string_view target = "/posts/hello")
{
    request req{http::verb::get, target, 11};
    return req;
}

request get_if_none_match(std::string_view inm)
{
    request req = get();
    req.set(http::field::if_none_match, inm);
    return req;
}

std::string header(const fedblog::node::response& res, http::field f)
{
    return std::string(res[f]);
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_responses)

BOOST_AUTO_TEST_CASE(etag_is_stable_quoted_and_content_derived)
{
    const std::string e = etag_for(body);
    BOOST_TEST(e == etag_for(std::string(body)));
    // Strong (no W/), quoted: 16 hex digits of the hash, a dash, the length in hex.
    BOOST_TEST_REQUIRE(e.size() > 19u);
    BOOST_TEST(e.front() == '"');
    BOOST_TEST(e.back() == '"');
    BOOST_TEST(e.substr(1, 16).find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(e.substr(17, 1) == "-");
    BOOST_TEST(std::stoul(e.substr(18, e.size() - 19), nullptr, 16) == body.size());
    // One changed byte, a different tag; so does a longer body of the same prefix.
    BOOST_TEST(etag_for("hello") != etag_for("hellp"));
    BOOST_TEST(etag_for("") != etag_for(" "));
    BOOST_TEST(etag_for("hello") != etag_for(std::string("hello\0", 6)));
    // Many near-identical documents, no two tags alike.
    std::set<std::string> tags;
    for (int i = 0; i < 10'000; ++i)
        tags.insert(etag_for("{\"id\":\"https://blog.example/posts/" + std::to_string(i) + "\"}"));
    BOOST_TEST(tags.size() == 10'000u);
}

BOOST_AUTO_TEST_CASE(negotiated_response_sets_cache_headers)
{
    const auto res = negotiated_response(get(), std::string(body), as2, 60);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body() == body);
    BOOST_TEST(header(res, http::field::content_type) == as2);
    BOOST_TEST(header(res, http::field::vary) == "Accept");
    BOOST_TEST(header(res, http::field::etag) == etag_for(body));
    BOOST_TEST(header(res, http::field::cache_control) == "public, max-age=60");
    BOOST_TEST(header(res, http::field::content_length) == std::to_string(body.size()));
}

BOOST_AUTO_TEST_CASE(html_and_json_of_one_resource_get_different_etags)
{
    const auto as_json = negotiated_response(get(), std::string(body), as2, 60);
    const auto as_html = negotiated_response(get(), "<p>hello</p>", "text/html", 60);
    BOOST_TEST(header(as_json, http::field::etag) != header(as_html, http::field::etag));
}

BOOST_AUTO_TEST_CASE(answers_304_to_a_matching_if_none_match)
{
    const std::string etag   = etag_for(body);
    const std::string rows[] = {
        etag,                                 // the exact strong tag
        "W/" + etag,                          // weak comparison (RFC 9110 13.1.2)
        "*",                                  // any current representation
        "\"other\", " + etag,                 // a list, ours second
        etag + ", \"other\"",                 // a list, ours first
        "\"a\",\"b\"," + etag,                // a list without spaces
        "  " + etag + "  ",                   // surrounding spaces
        "\"other\",\t" + etag,                // a tab is optional whitespace too
        "\"other\", W/" + etag + ", \"more\"" // weak inside a list
    };
    for (const auto& inm : rows)
    {
        BOOST_TEST_CONTEXT("If-None-Match: " << inm)
        {
            const auto res =
                negotiated_response(get_if_none_match(inm), std::string(body), as2, 60);
            BOOST_TEST(res.result_int() == 304u);
            BOOST_TEST(res.body().empty());
            // RFC 9110 15.4.5: a 304 carries the validators and cache headers of the 200.
            BOOST_TEST(header(res, http::field::etag) == etag);
            BOOST_TEST(header(res, http::field::vary) == "Accept");
            BOOST_TEST(header(res, http::field::cache_control) == "public, max-age=60");
            // No Content-Length: 0 that would describe the 200 wrongly.
            BOOST_TEST((res.find(http::field::content_length) == res.end()));
        }
    }
}

BOOST_AUTO_TEST_CASE(answers_200_when_if_none_match_differs)
{
    const std::string etag   = etag_for(body);
    const std::string rows[] = {
        "\"other\"",                     // another tag
        etag.substr(0, etag.size() - 1), // our tag without its closing quote
        etag.substr(1, etag.size() - 2), // our tag unquoted
        "\"a\", \"b\"",                  // a list without ours
        "",                              // empty header
        etag_for("a different body")     // the tag of another representation
    };
    for (const auto& inm : rows)
    {
        BOOST_TEST_CONTEXT("If-None-Match: " << inm)
        {
            const auto res =
                negotiated_response(get_if_none_match(inm), std::string(body), as2, 60);
            BOOST_TEST(res.result_int() == 200u);
            BOOST_TEST(res.body() == body);
            BOOST_TEST(header(res, http::field::etag) == etag);
        }
    }
}

BOOST_AUTO_TEST_CASE(keeps_request_keep_alive)
{
    request req = get();
    req.keep_alive(false);
    BOOST_TEST(!negotiated_response(req, "x", "text/plain", 1).keep_alive());
    req.keep_alive(true);
    BOOST_TEST(negotiated_response(req, "x", "text/plain", 1).keep_alive());
}

BOOST_AUTO_TEST_CASE(problem_response_is_rfc9457_json)
{
    const auto res =
        problem_response(get(), http_error{http::status::not_found, "no such post", "slug=x"});
    BOOST_TEST(res.result_int() == 404u);
    BOOST_TEST(header(res, http::field::content_type) == "application/problem+json");
    BOOST_TEST(header(res, http::field::cache_control) == "no-store");

    const auto doc = json::parse_object(res.body());
    BOOST_TEST_REQUIRE(doc.has_value(), res.body());
    BOOST_TEST(doc->get_string("type").value_or("") == "about:blank");
    BOOST_TEST(doc->get_string("title").value_or("") == "Not Found");
    BOOST_TEST(doc->get_string("detail").value_or("") == "no such post");
    const auto* status = doc->find("status");
    BOOST_TEST_REQUIRE(status != nullptr);
    BOOST_TEST(status->if_int().value_or(0) == 404);
    // The log detail stays in our log.
    BOOST_TEST(res.body().find("slug=x") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(problem_response_escapes_its_text)
{
    const auto res = problem_response(get(), http::status::bad_request, "a \"quoted\"\nline\\");
    BOOST_TEST(res.result_int() == 400u);
    const auto doc = json::parse_object(res.body());
    BOOST_TEST_REQUIRE(doc.has_value(), res.body());
    BOOST_TEST(doc->get_string("detail").value_or("") == "a \"quoted\"\nline\\");
    BOOST_TEST(doc->get_string("title").value_or("") == "Bad Request");
    BOOST_TEST(doc->find("status")->if_int().value_or(0) == 400);
}

BOOST_AUTO_TEST_CASE(redirect_response_sets_location_and_vary)
{
    auto res =
        redirect_response(get("/users/author"), http::status::found, "https://b.example/", true);
    BOOST_TEST(res.result_int() == 302u);
    BOOST_TEST(header(res, http::field::location) == "https://b.example/");
    BOOST_TEST(header(res, http::field::vary) == "Accept");
    BOOST_TEST(!header(res, http::field::etag).empty());

    res = redirect_response(get(), http::status::moved_permanently, "/x", false);
    BOOST_TEST(res.result_int() == 301u);
    BOOST_TEST((res.find(http::field::vary) == res.end()));
}

BOOST_AUTO_TEST_SUITE_END()
