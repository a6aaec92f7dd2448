// SPDX-License-Identifier: AGPL-3.0-or-later
// Blocking Beast client for tests.
#include "tests/support/test_http.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>

namespace fedblog::test {

namespace http  = boost::beast::http;
namespace beast = boost::beast;
namespace asio  = boost::asio;

std::string http_reply::header(std::string name) const
{
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

protocol::json::value http_reply::json() const
{
    auto doc = protocol::json::parse_object(body);
    BOOST_TEST_REQUIRE(doc.has_value(), "not a JSON object: " << body.substr(0, 300));
    return *doc;
}

http_reply http_request(const std::string& host, unsigned short port, http::verb method,
                        const std::string& target, const header_pairs& headers,
                        const std::string& body)
{
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host, std::to_string(port)));

    http::request<http::string_body> req{method, target, 11};
    bool has_host = false;
    for (const auto& [name, value] : headers)
    {
        if (beast::iequals(name, "host"))
            has_host = true;
        req.insert(name, value);
    }
    if (!has_host)
        req.set(http::field::host, host + ":" + std::to_string(port));
    if (!body.empty() || method == http::verb::post)
    {
        req.body() = body;
        req.prepare_payload();
    }
    http::write(stream, req);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == http::verb::head)
        parser.skip(true);
    http::read(stream, buffer, parser);
    auto res = parser.release();

    http_reply reply;
    reply.status = res.result_int();
    for (const auto& field : res)
    {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto& slot = reply.headers[name];
        slot = slot.empty() ? std::string(field.value()) : slot + ", " + std::string(field.value());
    }
    reply.body = std::move(res.body());
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return reply;
}

std::string raw_exchange(const std::string& host, unsigned short port, const std::string& bytes,
                         int timeout_seconds)
{
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(timeout_seconds));
    stream.connect(resolver.resolve(host, std::to_string(port)));
    stream.expires_after(std::chrono::seconds(timeout_seconds));
    beast::error_code ec;
    asio::write(stream.socket(), asio::buffer(bytes), ec);
    std::string out;
    char buf[4096];
    for (;;)
    {
        const auto n = stream.socket().read_some(asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec)
            break;
    }
    return out;
}

url_parts split_url(const std::string& url)
{
    url_parts p;
    std::string rest      = url.substr(url.find("://") + 3);
    const auto slash      = rest.find('/');
    std::string authority = rest.substr(0, slash);
    p.target              = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon      = authority.rfind(':');
    if (colon != std::string::npos)
    {
        p.host = authority.substr(0, colon);
        p.port = static_cast<unsigned short>(std::stoi(authority.substr(colon + 1)));
    }
    else
        p.host = authority;
    return p;
}

} // namespace fedblog::test
