// SPDX-License-Identifier: AGPL-3.0-or-later
// Prebuilt answers: the same fields as negotiated_response(), and when the server may use them.

// Test that header file is self-contained.
#include "node/http/prebuilt_response.hpp"

#include "node/http/responses.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using fedblog::node::etag_for;
using fedblog::node::make_prebuilt_response;
using fedblog::node::negotiated_response;
using fedblog::node::prebuilt_answers;
using fedblog::node::request;
namespace http = fedblog::node::http;

namespace {

constexpr std::string_view as2  = "application/activity+json";
constexpr std::string_view body = R"({"type":"Note","content":"caf\u00e9 \r\n"})";

request get(http::verb method = http::verb::get, unsigned version = 11)
{
    request req{method, "/posts/hello", version};
    req.set(http::field::host, "blog.example");
    return req;
}

/// The fields a Beast response would write, one "Name: value\r\n" each, in order.
std::string fields_of(const fedblog::node::response& res)
{
    std::string out;
    for (const auto& field : res)
        out += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(prebuilt_response)

BOOST_AUTO_TEST_CASE(the_fields_are_those_of_the_negotiated_answer)
{
    const auto doc = make_prebuilt_response(std::string(body), as2, 60);
    BOOST_TEST(doc.body == body);
    BOOST_TEST(doc.etag == etag_for(body));
    const auto full = negotiated_response(get(), std::string(body), as2, 60);
    BOOST_TEST(doc.fields == fields_of(full));
    BOOST_TEST(doc.fields == "Content-Type: application/activity+json\r\n"
                             "Content-Length: " +
                                 std::to_string(body.size()) +
                                 "\r\n"
                                 "Vary: Accept\r\n"
                                 "ETag: " +
                                 etag_for(body) +
                                 "\r\n"
                                 "Cache-Control: public, max-age=60\r\n");
}

BOOST_AUTO_TEST_CASE(the_full_path_gives_the_same_answer_and_still_answers_304)
{
    const auto doc = make_prebuilt_response(std::string(body), as2, 180);
    const auto res = negotiated_response(get(), doc);
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(res.body() == body);
    BOOST_TEST(fields_of(res) == doc.fields);

    auto conditional = get();
    conditional.set(http::field::if_none_match, doc.etag);
    const auto not_modified = negotiated_response(conditional, doc);
    BOOST_TEST(not_modified.result_int() == 304u);
    BOOST_TEST(not_modified.body().empty());
}

BOOST_AUTO_TEST_CASE(an_empty_body_has_a_zero_length)
{
    const auto doc = make_prebuilt_response({}, "text/plain", 0);
    BOOST_TEST(doc.fields.find("Content-Length: 0\r\n") != std::string::npos);
    BOOST_TEST(doc.fields.find("Cache-Control: public, max-age=0\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_keep_alive_http11_gets_and_heads_without_a_validator)
{
    BOOST_TEST(prebuilt_answers(get()));
    BOOST_TEST(prebuilt_answers(get(http::verb::head)));

    BOOST_TEST(!prebuilt_answers(get(http::verb::post)));
    BOOST_TEST(!prebuilt_answers(get(http::verb::delete_)));
    // HTTP/1.0 needs "Connection: keep-alive" in the answer, or closes: the full path says so.
    BOOST_TEST(!prebuilt_answers(get(http::verb::get, 10)));

    auto closing = get();
    closing.set(http::field::connection, "close");
    BOOST_TEST(!prebuilt_answers(closing));

    auto keep = get(http::verb::get, 10);
    keep.set(http::field::connection, "keep-alive");
    BOOST_TEST(!prebuilt_answers(keep));

    auto conditional = get();
    conditional.set(http::field::if_none_match, "\"abc\"");
    BOOST_TEST(!prebuilt_answers(conditional));
}

BOOST_AUTO_TEST_SUITE_END()
