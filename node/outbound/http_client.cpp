// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound HTTP(S): resolve, filter addresses, connect, TLS with verification, exchange.
#include "node/outbound/http_client.hpp"

#include "node/outbound/address_filter.hpp"
#include "node/outbound/client_error.hpp"
#include "protocol/http_date.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <openssl/ssl.h>

namespace fedblog::node {

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// error_category's destructor is protected and non-virtual by design (categories are
// never deleted through a base pointer); GCC's -Wnon-virtual-dtor cannot know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

class client_error_category_impl final : public boost::system::error_category
{
public:
    const char* name() const noexcept override { return "fedblog.client"; }

    std::string message(int ev) const override
    {
        switch (static_cast<client_error>(ev))
        {
        case client_error::bad_url:
            return "url not allowed";
        case client_error::blocked_address:
            return "address not allowed";
        case client_error::resolve_failed:
            return "name resolution failed";
        case client_error::connect_failed:
            return "connection failed";
        case client_error::tls_failed:
            return "tls handshake or certificate verification failed";
        case client_error::timeout:
            return "timed out";
        case client_error::too_large:
            return "response too large";
        case client_error::bad_redirect:
            return "too many or invalid redirects";
        case client_error::protocol_error:
            return "invalid http response";
        }
        return "unknown client error";
    }
};

#pragma GCC diagnostic pop

// OpenSSL's SSL_set_tlsext_host_name is a macro with an old-style cast; keep the
// warning suppression to this one call.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"

bool set_sni(SSL* ssl, const std::string& host)
{
    return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1;
}

#pragma GCC diagnostic pop

bool is_ip_literal(const std::string& host)
{
    boost::system::error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

boost::system::error_code classify(const boost::system::error_code& ec)
{
    if (ec == beast::error::timeout || ec == asio::error::operation_aborted)
        return client_error::timeout;
    if (ec == http::error::body_limit || ec == http::error::buffer_overflow ||
        ec == http::error::header_limit)
        return client_error::too_large;
    return client_error::protocol_error;
}

template <class Stream>
asio::awaitable<boost::system::result<client_response>>
write_and_read(Stream& stream, beast::tcp_stream& lowest, http::request<http::string_body>& msg,
               std::chrono::steady_clock::time_point deadline, std::size_t max_body)
{
    lowest.expires_at(deadline);
    auto [wec, wn] = co_await http::async_write(stream, msg, tuple_awaitable);
    if (wec)
        co_return classify(wec);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(32 * 1024);
    parser.body_limit(max_body);
    if (msg.method() == http::verb::head)
        parser.skip(true);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
    if (rec)
        co_return classify(rec);
    client_response out;
    out.message = parser.release();
    co_return out;
}

} // namespace

const boost::system::error_category& client_error_category() noexcept
{
    static const client_error_category_impl instance;
    return instance;
}

http_client::http_client(client_options options)
    : options_(std::move(options)), tls_(asio::ssl::context::tls_client)
{
    tls_.set_default_verify_paths();
    if (!options_.extra_ca_file.empty())
    {
        boost::system::error_code ec;
        tls_.load_verify_file(options_.extra_ca_file, ec);
        if (ec)
            throw std::runtime_error("cannot load CA file " + options_.extra_ca_file + ": " +
                                     ec.message());
    }
    tls_.set_verify_mode(asio::ssl::verify_peer);
    tls_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
}

asio::awaitable<boost::system::result<client_response>> http_client::send(client_request req)
{
    const auto deadline =
        std::chrono::steady_clock::now() + req.timeout.value_or(options_.total_timeout);
    std::string url = req.url;
    for (int hop = 0;; ++hop)
    {
        auto parsed = protocol::parse_http_url(url);
        if (!parsed || (parsed->scheme == "http" && !options_.allow_http))
            co_return client_error::bad_url;

        http::request<http::string_body> msg{req.method, parsed->target, 11};
        msg.set(http::field::host, parsed->authority);
        msg.set(http::field::user_agent, options_.user_agent);
        msg.set(http::field::date,
                protocol::format_http_date(std::chrono::time_point_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now())));
        for (const auto& [field, value] : req.headers)
            msg.set(field, value);
        if (!req.body.empty() || req.method == http::verb::post)
        {
            msg.body() = req.body;
            msg.prepare_payload();
        }
        msg.keep_alive(false);
        if (req.sign)
            req.sign(msg, *parsed);

        auto result = co_await exchange(*parsed, msg, deadline);
        if (!result)
            co_return result.error();

        const unsigned status = result->message.result_int();
        const bool redirect =
            status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        if (!redirect || req.method != http::verb::get)
        {
            result->final_url = url;
            co_return result;
        }
        if (hop >= options_.max_redirects)
            co_return client_error::bad_redirect;
        auto location = result->message.find(http::field::location);
        if (location == result->message.end())
            co_return client_error::bad_redirect;
        auto base = boost::urls::parse_uri(url);
        auto ref  = boost::urls::parse_uri_reference(location->value());
        if (!base || !ref)
            co_return client_error::bad_redirect;
        boost::urls::url next;
        if (!boost::urls::resolve(*base, *ref, next))
            co_return client_error::bad_redirect;
        next.remove_fragment();
        url = std::string(next.buffer());
    }
}

asio::awaitable<boost::system::result<client_response>>
http_client::exchange(const protocol::http_url& url, http::request<http::string_body>& msg,
                      std::chrono::steady_clock::time_point deadline)
{
    using namespace asio::experimental::awaitable_operators;
    auto ex                = co_await asio::this_coro::executor;
    const std::string port = url.port.empty() ? (url.scheme == "https" ? "443" : "80") : url.port;
    const auto connect_deadline =
        std::min(deadline, std::chrono::steady_clock::now() + options_.connect_timeout);

    // Resolve, racing a timer: the resolver has no timeout of its own.
    tcp::resolver resolver(ex);
    asio::steady_timer timer(ex, connect_deadline);
    auto raced = co_await (resolver.async_resolve(url.host, port, tuple_awaitable) ||
                           timer.async_wait(tuple_awaitable));
    if (raced.index() == 1)
        co_return client_error::timeout;
    auto [rec, results] = std::get<0>(std::move(raced));
    if (rec)
        co_return client_error::resolve_failed;

    // Check every address before connecting: a name that resolves to both a public and a
    // private address must not be a way into the private one.
    std::vector<tcp::endpoint> allowed;
    for (const auto& entry : results)
    {
        if (options_.allow_private || is_public_address(entry.endpoint().address()))
            allowed.push_back(entry.endpoint());
    }
    if (allowed.empty())
        co_return client_error::blocked_address;

    beast::tcp_stream conn(ex);
    conn.expires_at(connect_deadline);
    auto [cec, ep] = co_await conn.async_connect(allowed, tuple_awaitable);
    (void)ep;
    if (cec)
        co_return cec == beast::error::timeout ? client_error::timeout
                                               : client_error::connect_failed;

    if (url.scheme == "http")
    {
        auto r = co_await write_and_read(conn, conn, msg, deadline, options_.max_response_body);
        beast::error_code ignored;
        conn.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return r;
    }

    beast::ssl_stream<beast::tcp_stream> tls(std::move(conn), tls_);
    if (!is_ip_literal(url.host) && !set_sni(tls.native_handle(), url.host))
        co_return client_error::tls_failed;
    tls.set_verify_mode(asio::ssl::verify_peer);
    tls.set_verify_callback(asio::ssl::host_name_verification(url.host));
    beast::get_lowest_layer(tls).expires_at(deadline);
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    if (hec)
        co_return hec == beast::error::timeout ? client_error::timeout : client_error::tls_failed;
    auto r = co_await write_and_read(tls, beast::get_lowest_layer(tls), msg, deadline,
                                     options_.max_response_body);
    // No TLS close_notify exchange: we have the whole response (framed by HTTP), and waiting
    // for a peer's close_notify would only add a round trip or a hang.
    beast::error_code ignored;
    beast::get_lowest_layer(tls).socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return r;
}

} // namespace fedblog::node
