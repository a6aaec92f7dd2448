// SPDX-License-Identifier: AGPL-3.0-or-later
// The HTTP server's limits over real sockets: body and header sizes, malformed requests,
// keep-alive, unknown paths and methods.
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace fedblog::test;

namespace {

struct running_node
{
    running_node() { node.start(); }

    node_process node;
};

std::string status_line(const std::string& response)
{
    return response.substr(0, response.find("\r\n"));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(http_limits, running_node)

BOOST_AUTO_TEST_CASE(oversized_inbox_body_is_413_before_reading_it)
{
    // Announce 2 MiB but send nothing more: the answer must not wait for the body.
    const std::string req =
        "POST /users/author/inbox HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/activity+json\r\n"
        "Signature: keyId=\"x\",signature=\"AA==\"\r\nContent-Length: 2097152\r\n\r\n";
    const std::string res = raw_exchange("127.0.0.1", node.port(), req);
    BOOST_TEST(status_line(res) == "HTTP/1.1 413 Payload Too Large");
    BOOST_TEST(res.find("application/problem+json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(oversized_chunked_inbox_body_is_413)
{
    std::string req =
        "POST /users/author/inbox HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk(64 * 1024, 'a');
    for (int i = 0; i < 20; ++i)
        req += "10000\r\n" + chunk + "\r\n";
    req += "0\r\n\r\n";
    const std::string res = raw_exchange("127.0.0.1", node.port(), req);
    BOOST_TEST(status_line(res) == "HTTP/1.1 413 Payload Too Large");
}

BOOST_AUTO_TEST_CASE(a_body_just_under_the_limit_is_read)
{
    const std::string body(1024 * 1024 - 10, ' ');
    auto r =
        node.post("/users/author/inbox", body, {{"Signature", "keyId=\"x\",signature=\"AA==\""}});
    // Read in full (not 413), then refused for its signature, which is checked before the
    // body is parsed.
    BOOST_TEST(r.status == 401u);
    BOOST_TEST(r.json().get_string("detail").has_value());
}

BOOST_AUTO_TEST_CASE(huge_headers_are_431)
{
    const std::string req =
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
    BOOST_TEST(status_line(raw_exchange("127.0.0.1", node.port(), req)) ==
               "HTTP/1.1 431 Request Header Fields Too Large");
}

BOOST_AUTO_TEST_CASE(garbage_is_400_and_the_server_keeps_serving)
{
    BOOST_TEST(status_line(raw_exchange("127.0.0.1", node.port(), "HELLO\r\n\r\n")) ==
               "HTTP/1.1 400 Bad Request");
    BOOST_TEST(status_line(raw_exchange("127.0.0.1", node.port(),
                                        "GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n")) ==
               "HTTP/1.1 400 Bad Request");
    BOOST_TEST(node.get("/.well-known/nodeinfo").status == 200u);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection)
{
    const std::string one = "GET /.well-known/nodeinfo HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string last =
        "GET /.well-known/host-meta HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const std::string res = raw_exchange("127.0.0.1", node.port(), one + one + last);
    std::size_t count     = 0;
    for (auto pos = res.find("HTTP/1.1 200 OK"); pos != std::string::npos;
         pos      = res.find("HTTP/1.1 200 OK", pos + 1))
        ++count;
    BOOST_TEST(count == 3u);
}

BOOST_AUTO_TEST_CASE(unknown_paths_and_methods)
{
    auto missing = node.get("/no/such/thing");
    BOOST_TEST(missing.status == 404u);
    BOOST_TEST(missing.header("content-type") == "application/problem+json");
    auto wrong = node.post("/.well-known/webfinger", "{}", {});
    BOOST_TEST(wrong.status == 405u);
    BOOST_TEST(wrong.header("allow") == "GET, HEAD");
    auto get_inbox = node.get("/users/author/inbox");
    BOOST_TEST(get_inbox.status == 405u);
    BOOST_TEST(get_inbox.header("allow") == "POST");
}

BOOST_AUTO_TEST_CASE(every_response_has_date_and_server)
{
    auto r = node.get("/");
    BOOST_TEST(!r.header("date").empty());
    BOOST_TEST(r.header("server").starts_with("fedblog/"));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct impatient_node
{
    impatient_node() { node.start(); }

    node_process node{{"idle_timeout = 1"}};
};

double seconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

// raw_exchange() reads until the server closes or 10 s pass: a server that never closed an
// idle connection would keep each of these tests waiting those 10 s.
BOOST_FIXTURE_TEST_SUITE(http_timeouts, impatient_node)

BOOST_AUTO_TEST_CASE(a_kept_alive_connection_is_closed_after_idle_timeout)
{
    const auto start      = std::chrono::steady_clock::now();
    const std::string res = raw_exchange("127.0.0.1", node.port(),
                                         "GET /.well-known/nodeinfo HTTP/1.1\r\nHost: x\r\n\r\n");
    const double waited   = seconds_since(start);
    BOOST_TEST(status_line(res) == "HTTP/1.1 200 OK");
    BOOST_TEST(res.find("Connection: close") == std::string::npos); // it was kept alive
    BOOST_TEST(waited >= 0.9);
    BOOST_TEST(waited < 8.0);
}

BOOST_AUTO_TEST_CASE(a_header_that_never_ends_is_dropped_after_idle_timeout)
{
    const auto start = std::chrono::steady_clock::now();
    const std::string res =
        raw_exchange("127.0.0.1", node.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a");
    const double waited = seconds_since(start);
    BOOST_TEST(res.empty());
    BOOST_TEST(waited >= 0.9);
    BOOST_TEST(waited < 8.0);
    BOOST_TEST(node.get("/.well-known/nodeinfo").status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
