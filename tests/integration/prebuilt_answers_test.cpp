// SPDX-License-Identifier: AGPL-3.0-or-later
// Documents answered from prebuilt bytes (the author, a cached Note) on keep-alive connections:
// byte for byte what the full path answers, and never past a change.
#include "tests/support/node_process.hpp"
#include "tests/support/test_http.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";

/// One response cut out of a connection's bytes.
struct raw_response
{
    std::string status_line;
    std::vector<std::string> fields; ///< "Name: value", in the order sent, without Date
    std::string date;
    std::string body;
};

/** Cuts `bytes` into the responses to `requests` (true: a HEAD, whose answer has no body
    whatever its Content-Length says). */
std::vector<raw_response> split_responses(const std::string& bytes, const std::vector<bool>& heads)
{
    std::vector<raw_response> out;
    std::size_t at = 0;
    for (const bool head : heads)
    {
        const auto end = bytes.find("\r\n\r\n", at);
        BOOST_TEST_REQUIRE(end != std::string::npos, "response " << out.size() << " is cut");
        raw_response r;
        std::size_t length = 0;
        std::size_t line   = at;
        while (line < end)
        {
            const auto eol   = bytes.find("\r\n", line);
            std::string text = bytes.substr(line, eol - line);
            line             = eol + 2;
            if (r.status_line.empty())
            {
                r.status_line = text;
                continue;
            }
            if (text.starts_with("Date: "))
            {
                r.date = text.substr(6);
                continue;
            }
            if (text.starts_with("Content-Length: "))
                length = std::stoul(text.substr(16));
            r.fields.push_back(text);
        }
        at = end + 4;
        if (!head)
        {
            BOOST_TEST_REQUIRE(bytes.size() >= at + length);
            r.body = bytes.substr(at, length);
            at += length;
        }
        out.push_back(std::move(r));
    }
    BOOST_TEST(at == bytes.size(), "bytes after the last response");
    return out;
}

std::string request(const std::string& method, const std::string& target,
                    const std::string& extra = {})
{
    return method + " " + target + " HTTP/1.1\r\nHost: x\r\nAccept: " + as_accept + "\r\n" + extra +
           "\r\n";
}

struct running_node
{
    running_node() { node.start(); }

    /// GET, HEAD and a closing GET of `target` on one connection, after a warming GET.
    std::vector<raw_response> three_ways(const std::string& target)
    {
        BOOST_TEST_REQUIRE(node.get(target, as_accept).status == 200u);
        const std::string bytes = raw_exchange("127.0.0.1", node.port(),
                                               request("GET", target) + request("HEAD", target) +
                                                   request("GET", target, "Connection: close\r\n"));
        return split_responses(bytes, {false, true, false});
    }

    node_process node;
};

/// The fields of a closing answer without its Connection: close.
std::vector<std::string> without_close(std::vector<std::string> fields)
{
    std::erase(fields, "Connection: close");
    return fields;
}

void same_answers(const std::vector<raw_response>& r)
{
    const raw_response& kept    = r.at(0); // keep-alive GET: from prebuilt bytes
    const raw_response& head    = r.at(1);
    const raw_response& closing = r.at(2); // Connection: close: the full path
    BOOST_TEST(kept.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(head.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(closing.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(!kept.date.empty());
    BOOST_TEST(!head.date.empty());
    BOOST_TEST(kept.fields == without_close(closing.fields), boost::test_tools::per_element());
    BOOST_TEST(head.fields == kept.fields, boost::test_tools::per_element());
    BOOST_TEST(std::ranges::count(closing.fields, "Connection: close") == 1);
    BOOST_TEST(kept.body == closing.body);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(json::parse_object(kept.body).has_value());
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(prebuilt_answers, running_node)

BOOST_AUTO_TEST_CASE(a_cached_note_is_answered_as_the_full_path_answers_it)
{
    const auto r = three_ways("/posts/welcome");
    same_answers(r);
    const auto& fields = r.at(0).fields;
    BOOST_TEST(fields.at(0) == "Content-Type: application/activity+json");
    BOOST_TEST(fields.at(1) == "Content-Length: " + std::to_string(r.at(0).body.size()));
    BOOST_TEST(fields.at(2) == "Vary: Accept");
    BOOST_TEST(fields.at(3).starts_with("ETag: \""));
    BOOST_TEST(fields.at(4) == "Cache-Control: public, max-age=60");
    BOOST_TEST(fields.at(5).starts_with("Server: fedblog/"));
}

BOOST_AUTO_TEST_CASE(the_author_is_answered_as_the_full_path_answers_it)
{
    const auto r = three_ways("/users/author");
    same_answers(r);
    BOOST_TEST(r.at(0).fields.at(4) == "Cache-Control: public, max-age=180");
    BOOST_TEST(*json::parse_object(r.at(0).body)->get_string("type") == "Person");
}

BOOST_AUTO_TEST_CASE(what_the_bytes_cannot_answer_takes_the_full_path)
{
    const auto warm = node.get("/posts/welcome", as_accept);
    BOOST_TEST_REQUIRE(warm.status == 200u);
    const std::string etag = warm.header("etag");
    const std::string bytes =
        raw_exchange("127.0.0.1", node.port(),
                     // a validator: 304
                     request("GET", "/posts/welcome", "If-None-Match: " + etag + "\r\n") +
                         // a browser: the page
                         "GET /posts/welcome HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n" +
                         // another name: 404; no such post: 404
                         request("GET", "/users/nobody") + request("GET", "/posts/no-such-post") +
                         // HTTP/1.0 asking to keep the connection
                         "GET /posts/welcome HTTP/1.0\r\nHost: x\r\nAccept: " + as_accept +
                         "\r\nConnection: keep-alive\r\n\r\n" +
                         request("GET", "/posts/welcome", "Connection: close\r\n"));
    // The page and the 404s have bodies of their own length: cut by status lines instead.
    BOOST_TEST(bytes.starts_with("HTTP/1.1 304 Not Modified\r\n"));
    const auto page_at = bytes.find("HTTP/1.1 200 OK\r\nContent-Type: text/html");
    BOOST_TEST(page_at != std::string::npos);
    const auto first_404 = bytes.find("HTTP/1.1 404 Not Found\r\n", page_at);
    BOOST_TEST(first_404 != std::string::npos);
    BOOST_TEST(bytes.find("HTTP/1.1 404 Not Found\r\n", first_404 + 1) != std::string::npos);
    const auto old = bytes.find("HTTP/1.0 200 OK\r\n");
    BOOST_TEST_REQUIRE(old != std::string::npos);
    const auto old_end = bytes.find("\r\n\r\n", old);
    BOOST_TEST(bytes.substr(old, old_end - old).find("Connection: keep-alive") !=
               std::string::npos);
    const auto last = bytes.rfind("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json");
    BOOST_TEST((last != std::string::npos && last > old));
}

BOOST_AUTO_TEST_CASE(an_edit_is_answered_at_once)
{
    const std::string token = node.create_token();
    const std::string url   = node.publish(token, "First text.", "Changing");
    const std::string path  = url.substr(node.base().size());
    auto before             = three_ways(path);
    same_answers(before);
    BOOST_TEST(before.at(0).body.find("First text.") != std::string::npos);

    const auto update = json::make_object(
        {{"type", "Update"},
         {"object",
          json::make_object({{"id", url},
                             {"source", json::make_object({{"content", "Second text."},
                                                           {"mediaType", "text/markdown"}})}})}});
    const auto r = node.post(
        "/users/author/outbox", json::serialize(update),
        {{"Content-Type", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""},
         {"Authorization", "Bearer " + token}});
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);

    // Straight away, on a connection that asks for nothing the bytes cannot answer.
    const auto after =
        split_responses(raw_exchange("127.0.0.1", node.port(),
                                     request("GET", path) + request("GET", path) +
                                         request("GET", path, "Connection: close\r\n")),
                        {false, false, false});
    for (const auto& answer : after)
    {
        BOOST_TEST(answer.body.find("Second text.") != std::string::npos);
        BOOST_TEST(answer.body.find("First text.") == std::string::npos);
    }
    BOOST_TEST(after.at(1).fields == after.at(0).fields, boost::test_tools::per_element());
    BOOST_TEST(after.at(0).fields != before.at(0).fields); // a new length and ETag
}

BOOST_AUTO_TEST_SUITE_END()
