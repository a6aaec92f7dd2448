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
#include <spdlog/spdlog.h>

#include <charconv>

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

/// Outcome of one exchange on a pooled connection.
struct pooled_exchange
{
    boost::system::result<client_response> result{client_error::protocol_error};
    bool reusable = false; ///< the connection may carry another request
    /// Nothing of a response arrived: on a reused connection, the peer had closed it.
    bool no_response = false;
};

template <class Stream>
asio::awaitable<pooled_exchange>
exchange_on(Stream& stream, beast::tcp_stream& lowest, prepared_request& msg,
            std::chrono::steady_clock::time_point deadline, std::size_t max_body)
{
    pooled_exchange out;
    lowest.expires_at(deadline);
    auto [wec, wn] = co_await http::async_write(stream, msg, tuple_awaitable);
    if (wec)
    {
        out.result      = classify(wec);
        out.no_response = true;
        co_return out;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(32 * 1024);
    parser.body_limit(max_body);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
    if (rec == http::error::body_limit && parser.is_header_done())
    {
        // The answer is in the status; its long body is of no use to us. The rest of it is
        // still on the wire, so this connection cannot be reused.
        client_response r;
        r.message  = parser.release();
        out.result = std::move(r);
        co_return out;
    }
    if (rec)
    {
        out.result      = classify(rec);
        out.no_response = !parser.got_some();
        co_return out;
    }
    // A response followed by more bytes we did not ask for would desynchronise the next
    // exchange: only a clean one is reused.
    out.reusable = parser.keep_alive() && buffer.size() == 0;
    client_response r;
    r.message  = parser.release();
    out.result = std::move(r);
    co_return out;
}

/* The exchange on `conn`, TLS or not. An ordinary function, not a coroutine: the caller's
   frame then holds one awaited exchange instead of one per branch. Frames larger than about
   1 KB are never recycled by Asio nor kept in glibc's per-thread cache: every delivery paid
   a full malloc and free for each (bench/README.md, 2026-11-27, 19:10 UTC). */
asio::awaitable<pooled_exchange> exchange_pooled(pooled_connection& conn, prepared_request& msg,
                                                 std::chrono::steady_clock::time_point deadline,
                                                 std::size_t max_body)
{
    if (conn.is_tls())
        return exchange_on(conn.tls(), conn.lowest(), msg, deadline, max_body);
    return exchange_on(conn.lowest(), conn.lowest(), msg, deadline, max_body);
}

/// After an exchange: keeps the TLS session for resumption, and parks the connection for
/// reuse when the exchange allows it, else closes it. Not in the coroutine, for its frame.
void settle(connection_pool& pool, const std::string& origin,
            std::unique_ptr<pooled_connection> conn, const pooled_exchange& ex)
{
    if (ex.result && conn->is_tls())
    {
        // With TLS 1.3 the session ticket arrives after the handshake, so it is taken
        // now that a response has been read, not right after connecting.
        if (SSL_SESSION* session = SSL_get1_session(conn->tls().native_handle()))
        {
            if (SSL_SESSION_is_resumable(session) == 1)
                pool.set_session(origin, session);
            else
                SSL_SESSION_free(session);
        }
    }
    if (ex.result && ex.reusable)
    {
        conn->lowest().expires_never();
        pool.put(origin, std::move(conn));
    }
    else
        conn->close();
}

} // namespace

const boost::system::error_category& client_error_category() noexcept
{
    static const client_error_category_impl instance;
    return instance;
}

http_client::http_client(client_options options)
    : options_(std::move(options)), pool_(options_.pool)
{
    // With an extra CA file the context is made now, so that a wrong path stops `serve` at
    // start; without one, on the first HTTPS connection (tls_context()).
    if (options_.extra_ca_file.empty())
        return;
    std::string why;
    std::call_once(tls_made_, [&] { why = make_tls_context(); });
    if (!why.empty())
        throw std::runtime_error(why);
}

std::string http_client::make_tls_context() noexcept
{
    try
    {
        asio::ssl::context tls(asio::ssl::context::tls_client);
        if (!options_.extra_ca_file.empty())
        {
            boost::system::error_code ec;
            tls.load_verify_file(options_.extra_ca_file, ec);
            if (ec)
                return "cannot load CA file " + options_.extra_ca_file + ": " + ec.message();
        }
        tls.set_verify_mode(asio::ssl::verify_peer);
        tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
        tls_.emplace(std::move(tls));
        return {};
    }
    catch (const std::exception& e) // SSL_CTX_new failed: out of memory, a broken openssl.cnf
    {
        return std::string("cannot make the TLS client context: ") + e.what();
    }
}

asio::ssl::context* http_client::tls_context()
{
    // Both steps are deferred to the first HTTPS connection. Creating the context
    // initialises libssl and loads OpenSSL's error strings (about 0.5 MB resident); parsing
    // the system bundle (about 140 certificates) costs some 1.4 MB more. A node that has not
    // yet talked to an https peer (or never does: tests, http-only development) pays
    // neither. call_once: concurrent first handshakes wait until both are done. Nothing
    // throws out of either: a failure is logged once and every HTTPS connection then fails.
    std::call_once(tls_made_, [this] {
        if (auto why = make_tls_context(); !why.empty())
            spdlog::error("{}", why);
    });
    if (!tls_)
        return nullptr;
    std::call_once(system_roots_, [this] {
        boost::system::error_code ec;
        tls_->set_default_verify_paths(ec);
        if (ec) // then only the extra CA file (if any) is trusted
            spdlog::warn("cannot load the system's root certificates: {}", ec.message());
    });
    return &*tls_;
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
    auto opened = co_await open_tcp(url, deadline);
    if (!opened)
        co_return opened.error();
    beast::tcp_stream conn = std::move(*opened);

    if (url.scheme == "http")
    {
        auto r = co_await write_and_read(conn, conn, msg, deadline, options_.max_response_body);
        beast::error_code ignored;
        conn.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return r;
    }

    asio::ssl::context* context = tls_context();
    if (context == nullptr)
        co_return client_error::tls_failed;
    beast::ssl_stream<beast::tcp_stream> tls(std::move(conn), *context);
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

namespace fedblog::node {

pool_stats http_client::stats() const noexcept
{
    pool_stats s;
    s.opened         = opened_.load(std::memory_order_relaxed);
    s.reused         = reused_.load(std::memory_order_relaxed);
    s.tls_handshakes = tls_handshakes_.load(std::memory_order_relaxed);
    s.tls_resumed    = tls_resumed_.load(std::memory_order_relaxed);
    return s;
}

asio::awaitable<boost::system::result<beast::tcp_stream>>
http_client::open_tcp(const protocol::http_url& url, std::chrono::steady_clock::time_point deadline)
{
    using namespace asio::experimental::awaitable_operators;
    // Spelled out: a tcp_stream can be constructed from anything, an error code included.
    const auto fail = [](client_error e) {
        return boost::system::result<beast::tcp_stream>(boost::system::in_place_error, e);
    };
    auto ex = co_await asio::this_coro::executor;
    const auto connect_deadline =
        std::min(deadline, std::chrono::steady_clock::now() + options_.connect_timeout);
    const std::string_view port_text =
        url.port.empty() ? (url.scheme == "https" ? "443" : "80") : std::string_view(url.port);
    // parse_http_url() leaves only a port in range; checked again as it becomes a number.
    unsigned port = 0;
    const auto parsed =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (parsed.ec != std::errc{} || parsed.ptr != port_text.data() + port_text.size() ||
        port == 0 || port > 65535)
        co_return fail(client_error::bad_url);

    std::vector<tcp::endpoint> addresses;
    boost::system::error_code not_literal;
    const auto literal = asio::ip::make_address(url.host, not_literal);
    if (!not_literal)
    {
        // An address needs no resolver: no lookup thread, no timer to race (a fan-out to
        // peers named by address opens a connection per host).
        addresses.emplace_back(literal, static_cast<unsigned short>(port));
    }
    else
    {
        // Resolve, racing a timer: the resolver has no timeout of its own.
        tcp::resolver resolver(ex);
        asio::steady_timer timer(ex, connect_deadline);
        auto raced = co_await (resolver.async_resolve(url.host, port_text, tuple_awaitable) ||
                               timer.async_wait(tuple_awaitable));
        if (raced.index() == 1)
            co_return fail(client_error::timeout);
        auto [rec, results] = std::get<0>(std::move(raced));
        if (rec)
            co_return fail(client_error::resolve_failed);
        for (const auto& entry : results)
            addresses.push_back(entry.endpoint());
    }

    // Check every address before connecting: a name that resolves to both a public and a
    // private address must not be a way into the private one.
    std::erase_if(addresses, [this](const tcp::endpoint& e) {
        return !options_.allow_private && !is_public_address(e.address());
    });
    if (addresses.empty())
        co_return fail(client_error::blocked_address);

    beast::tcp_stream conn(ex);
    conn.expires_at(connect_deadline);
    auto [cec, ep] = co_await conn.async_connect(addresses, tuple_awaitable);
    (void)ep;
    if (cec)
        co_return fail(cec == beast::error::timeout ? client_error::timeout
                                                    : client_error::connect_failed);
    // Requests are small and answered at once; Nagle would hold the body back.
    beast::error_code ignored;
    conn.socket().set_option(tcp::no_delay(true), ignored);
    co_return boost::system::result<beast::tcp_stream>(boost::system::in_place_value,
                                                       std::move(conn));
}

asio::awaitable<boost::system::result<std::unique_ptr<pooled_connection>>>
http_client::connect(const protocol::http_url& url, std::chrono::steady_clock::time_point deadline)
{
    auto opened = co_await open_tcp(url, deadline);
    if (!opened)
        co_return opened.error();
    beast::tcp_stream conn = std::move(*opened);
    opened_.fetch_add(1, std::memory_order_relaxed);
    if (url.scheme == "http")
        co_return std::make_unique<pooled_connection>(std::move(conn));

    asio::ssl::context* context = tls_context();
    if (context == nullptr)
        co_return client_error::tls_failed;
    auto tls = std::make_unique<pooled_connection::tls_stream>(std::move(conn), *context);
    if (!is_ip_literal(url.host) && !set_sni(tls->native_handle(), url.host))
        co_return client_error::tls_failed;
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(url.host));
    const std::string origin = url.scheme + "://" + url.authority;
    if (SSL_SESSION* session = pool_.session(origin))
    {
        // Offer the origin's last session: the server may resume it (no certificate
        // exchange, no key agreement from scratch). Verification state comes with it.
        SSL_set_session(tls->native_handle(), session);
        SSL_SESSION_free(session);
    }
    beast::get_lowest_layer(*tls).expires_at(deadline);
    auto [hec] = co_await tls->async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    if (hec)
        co_return hec == beast::error::timeout ? client_error::timeout : client_error::tls_failed;
    tls_handshakes_.fetch_add(1, std::memory_order_relaxed);
    if (SSL_session_reused(tls->native_handle()) == 1)
        tls_resumed_.fetch_add(1, std::memory_order_relaxed);
    co_return std::make_unique<pooled_connection>(std::move(tls));
}

asio::awaitable<boost::system::result<client_response>>
http_client::send_prepared(const protocol::http_url& url, prepared_request& msg,
                           std::chrono::steady_clock::time_point deadline, std::size_t max_body)
{
    if (url.scheme == "http" && !options_.allow_http)
        co_return client_error::bad_url;
    const std::string origin = url.scheme + "://" + url.authority;
    msg.keep_alive(true);
    for (int attempt = 0;; ++attempt)
    {
        std::unique_ptr<pooled_connection> conn;
        if (attempt == 0)
            conn = pool_.take(origin);
        const bool reused = conn != nullptr;
        if (!conn)
        {
            auto made = co_await connect(url, deadline);
            if (!made)
                co_return made.error();
            conn = std::move(*made);
        }
        else
            reused_.fetch_add(1, std::memory_order_relaxed);

        pooled_exchange ex = co_await exchange_pooled(*conn, msg, deadline, max_body);

        if (!ex.result && reused && ex.no_response && attempt == 0 &&
            ex.result.error() != client_error::timeout)
        {
            // The peer closed the idle connection as we reused it: a new one, once.
            conn->close();
            continue;
        }
        settle(pool_, origin, std::move(conn), ex);
        if (ex.result)
            ex.result->final_url = std::string(url.scheme) + "://" + url.authority + url.target;
        co_return std::move(ex.result);
    }
}

} // namespace fedblog::node
