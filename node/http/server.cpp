// SPDX-License-Identifier: AGPL-3.0-or-later
// Accept loop and the per-connection request/response loop.
#include "node/http/server.hpp"

#include "node/app.hpp"
#include "node/http/prebuilt_response.hpp"
#include "node/http/responses.hpp"
#include "node/log.hpp"
#include "protocol/http_date.hpp"

#include <boost/beast/version.hpp>

#include <algorithm>
#include <array>
#include <sys/socket.h>

namespace fedblog::node {

namespace {

constexpr auto tuple_awaitable           = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t default_body_limit = 64 * 1024;
constexpr std::string_view server_name   = "fedblog/" FEDBLOG_VERSION;

/// "Date" for responses, formatted at most once per second per thread.
const std::string& http_date_now()
{
    thread_local std::int64_t cached_second = -1;
    thread_local std::string cached;
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (now.time_since_epoch().count() != cached_second)
    {
        cached_second = now.time_since_epoch().count();
        cached        = protocol::format_http_date(now);
    }
    return cached;
}

std::string next_request_id()
{
    static std::atomic<std::uint64_t> counter{0};
    // By hand: snprintf's format parsing showed up in the profile of a small GET.
    constexpr char digits[] = "0123456789abcdef";
    std::uint64_t n         = counter.fetch_add(1) + 1;
    std::string id(16, '0');
    for (auto it = id.rbegin(); it != id.rend() && n != 0; ++it, n >>= 4)
        *it = digits[n & 0xf];
    return id;
}

/** The status line and header fields as Beast's serializer would write them. The serializer
    walks a generic concatenated view of fields and body, which cost about a tenth of the
    CPU of a small GET; the start line and fields in one string, the body as a second
    buffer, make the same bytes in one gathered write.
*/
void serialize_head(const response& res, std::string& out)
{
    out.clear();
    out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.result_int());
    out += ' ';
    out += res.reason();
    out += "\r\n";
    for (const auto& field : res)
    {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
}

/// The head of a prebuilt 200 answer to a keep-alive HTTP/1.1 request (prebuilt_answers()).
void prebuilt_head(const prebuilt_response& doc, std::string& out)
{
    out.clear();
    out += "HTTP/1.1 200 OK\r\n";
    out += doc.fields;
    out += "Server: ";
    out += server_name;
    out += "\r\nDate: ";
    out += http_date_now();
    out += "\r\n\r\n";
}

/** The route's prebuilt answer, or null. A look-up that throws (allocation failure) is
    only a missed shortcut: the handler answers instead. */
std::shared_ptr<const prebuilt_response> look_up_prebuilt(const route& r, app& a,
                                                          const request_context& ctx) noexcept
{
    try
    {
        return r.options.prebuilt(a, ctx);
    }
    catch (const std::exception& e)
    {
        spdlog::warn("prebuilt look-up failed request_id={} error={}", ctx.request_id,
                     log_quote(e.what()));
        return nullptr;
    }
}

bool quiet_close(const boost::system::error_code& ec)
{
    return ec == http::error::end_of_stream || ec == beast::error::timeout ||
           ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
           ec == asio::error::eof || ec == http::error::partial_message;
}

} // namespace

/** One accepted connection. Its coroutine is the only user of the socket, so it needs no
    strand; other threads (the sweeper, stop()) touch only the atomics and the descriptor,
    through ::shutdown, which the kernel makes safe against the coroutine's reads and writes
    and which wakes them: a pending read sees end of stream, a pending write an error.
*/
struct server::connection
{
    explicit connection(tcp::socket s) : socket(std::move(s)) {}

    tcp::socket socket;
    /// Steady-clock milliseconds after which the sweeper aborts the connection; 0: none.
    std::atomic<std::int64_t> deadline{0};
    std::atomic<bool> busy{false}; ///< a request is being handled
    std::string remote;

    void expires_after(std::chrono::milliseconds limit)
    {
        deadline.store(steady_ms() + limit.count(), std::memory_order_relaxed);
    }

    void expires_never() { deadline.store(0, std::memory_order_relaxed); }

    /// Ends the connection from any thread; `how` is SHUT_RD (no further requests) or
    /// SHUT_RDWR (abandon the one in progress too).
    void abort(int how) { ::shutdown(socket.native_handle(), how); }

    static std::int64_t steady_ms()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
};

server::server(app& a, server_limits limits)
    : app_(a), limits_(limits), acceptor_(asio::make_strand(a.io())),
      sweep_timer_(acceptor_.get_executor())
{}

void server::start(const tcp::endpoint& endpoint)
{
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), [](std::exception_ptr e) {
        log_exception(spdlog::level::err, "accept loop ended", e);
    });
    asio::co_spawn(acceptor_.get_executor(), sweep_loop(), [](std::exception_ptr e) {
        log_exception(spdlog::level::err, "connection sweeper ended", e);
    });
}

tcp::endpoint server::local_endpoint() const
{
    return acceptor_.local_endpoint();
}

std::size_t server::active_connections() const
{
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void server::stop()
{
    stopping_ = true;
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
    std::lock_guard lock(mutex_);
    for (auto& [raw, weak] : connections_)
    {
        // An idle connection's pending header read ends; a busy one finishes its response
        // (the write side stays open) and then sees stopping_.
        if (auto conn = weak.lock(); conn && !conn->busy.load())
            conn->abort(SHUT_RD);
    }
}

asio::awaitable<void> server::sweep_loop()
{
    // One timer for all connections instead of one per read and write: Beast's tcp_stream
    // armed and cancelled a timer around every operation, a tenth of a small GET's CPU.
    const auto tick = std::clamp<std::chrono::milliseconds>(
        std::min(limits_.idle_timeout, limits_.request_timeout) / 4, std::chrono::milliseconds(100),
        std::chrono::milliseconds(1000));
    for (;;)
    {
        sweep_timer_.expires_after(tick);
        auto [ec] = co_await sweep_timer_.async_wait(tuple_awaitable);
        if (ec)
            co_return;
        const auto now = connection::steady_ms();
        std::lock_guard lock(mutex_);
        if (stopping_ && connections_.empty())
            co_return;
        for (auto& [raw, weak] : connections_)
        {
            auto conn = weak.lock();
            if (!conn)
                continue;
            const auto deadline = conn->deadline.load(std::memory_order_relaxed);
            if (deadline != 0 && deadline <= now)
            {
                conn->expires_never(); // once is enough
                conn->abort(SHUT_RDWR);
            }
        }
    }
}

asio::awaitable<void> server::accept_loop()
{
    for (;;)
    {
        // No strand per connection: its coroutine is its only user (see connection).
        auto [ec, socket] = co_await acceptor_.async_accept(app_.io(), tuple_awaitable);
        if (stopping_)
            co_return;
        if (ec)
        {
            spdlog::warn("accept failed: {}", ec.message());
            if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
                co_return;
            // Out of descriptors and the like: back off briefly instead of spinning.
            steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
            co_await pause.async_wait();
            continue;
        }
        auto conn = std::make_shared<connection>(std::move(socket));
        boost::system::error_code rec;
        auto remote  = conn->socket.remote_endpoint(rec);
        conn->remote = rec ? std::string("?") : remote.address().to_string();
        {
            std::lock_guard lock(mutex_);
            connections_.emplace(conn.get(), conn);
        }
        asio::co_spawn(conn->socket.get_executor(), serve_connection(conn),
                       [this, raw = conn.get()](std::exception_ptr e) {
                           log_exception(spdlog::level::err, "connection error", e);
                           std::lock_guard lock(mutex_);
                           connections_.erase(raw);
                       });
    }
}

asio::awaitable<void> server::serve_connection(std::shared_ptr<connection> conn)
{
    beast::flat_buffer buffer;
    std::string head_bytes; // each response's status line and fields, its storage reused
    head_bytes.reserve(512);
    for (;;)
    {
        if (stopping_)
            break;
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits_.header_limit));
        // No body limit while reading the header: Beast would refuse a large Content-Length
        // as a parse error, but we want to answer it with 413 once we know the route's limit.
        parser.body_limit(boost::none);
        conn->busy = false;
        if (stopping_)
            break; // stop() may have looked before busy was cleared
        conn->expires_after(limits_.idle_timeout);
        auto [hec, hn] =
            co_await http::async_read_header(conn->socket, buffer, parser, tuple_awaitable);
        if (hec)
        {
            if (quiet_close(hec))
                break;
            // Unparsable request: answer once, then close (we cannot find the next one).
            request dummy;
            dummy.version(11);
            const bool too_big = hec == http::error::header_limit;
            response res       = problem_response(
                      dummy,
                too_big ? http::status::request_header_fields_too_large : http::status::bad_request,
                too_big ? "request header too large" : "malformed request");
            res.keep_alive(false);
            spdlog::info("access remote={} status={} error={}", conn->remote, res.result_int(),
                         log_quote(hec.message()));
            conn->expires_after(limits_.request_timeout);
            co_await http::async_write(conn->socket, res, tuple_awaitable);
            break;
        }
        conn->busy       = true;
        const auto start = std::chrono::steady_clock::now();
        auto& head       = parser.get();
        const std::string target(head.target());
        const auto qmark       = target.find('?');
        const std::string path = target.substr(0, qmark);
        const std::string query =
            qmark == std::string::npos ? std::string() : target.substr(qmark + 1);
        const http::verb method = head.method();

        route_match match;
        if (!path.empty() && path.front() == '/')
            match = app_.routes().match(method, path);
        const std::size_t limit =
            match.found ? match.found->options.body_limit : default_body_limit;

        response refusal;
        bool body_ok = true;
        if (path.empty() || path.front() != '/')
        {
            refusal = problem_response(request{}, http::status::bad_request,
                                       "request target must be a path");
            body_ok = false;
        }
        else if (auto cl = parser.content_length(); cl && *cl > limit)
        {
            refusal = problem_response(request{}, http::status::payload_too_large,
                                       "request body too large");
            body_ok = false;
        }
        // A request without a body (most GETs) is complete once its header is: a read for
        // the body would only go round the scheduler and the strand to find nothing to do.
        if (body_ok && !parser.is_done())
        {
            if (beast::iequals(head[http::field::expect], "100-continue"))
            {
                http::response<http::empty_body> cont{http::status::continue_, 11};
                conn->expires_after(limits_.request_timeout);
                co_await http::async_write(conn->socket, cont, tuple_awaitable);
            }
            parser.body_limit(limit);
            conn->expires_after(limits_.request_timeout);
            auto [bec, bn] =
                co_await http::async_read(conn->socket, buffer, parser, tuple_awaitable);
            if (bec == http::error::body_limit)
            {
                refusal = problem_response(request{}, http::status::payload_too_large,
                                           "request body too large");
                body_ok = false;
            }
            else if (bec)
            {
                if (!quiet_close(bec))
                    spdlog::info("access remote={} path={} error={}", conn->remote, log_quote(path),
                                 log_quote(bec.message()));
                break;
            }
        }

        // A handler may wait on remote servers for longer than a read or write may take.
        conn->expires_never();
        request req = parser.release();
        request_context ctx{
            req, path, query, std::move(match.params), conn->remote, next_request_id()};
        std::shared_ptr<const prebuilt_response> prebuilt;
        if (body_ok && !match.bad_path && match.found && match.found->options.prebuilt &&
            !stopping_ && !app_.shutting_down() && prebuilt_answers(req))
            prebuilt = look_up_prebuilt(*match.found, app_, ctx);

        response res;
        if (prebuilt)
        {
            // answered below from its bytes
        }
        else if (!body_ok)
        {
            res = std::move(refusal);
            res.keep_alive(false); // the unread body is still on the wire
        }
        else if (match.bad_path)
            res = problem_response(req, http::status::bad_request,
                                   "invalid percent-encoding in path");
        else if (!match.found && !match.allow.empty())
        {
            res = problem_response(req, http::status::method_not_allowed, "method not allowed");
            res.set(http::field::allow, match.allow);
        }
        else if (!match.found)
            res = problem_response(req, http::status::not_found, "not found");
        else
        {
            try
            {
                res = co_await match.found->fn(app_, ctx);
            }
            catch (const std::exception& e)
            {
                spdlog::error("handler failed request_id={} path={} error={}", ctx.request_id,
                              log_quote(path), log_quote(e.what()));
                res = problem_response(req, http::status::internal_server_error, "internal error");
            }
        }

        if (!prebuilt)
        {
            res.version(req.version() == 10 ? 10 : 11);
            if (stopping_ || app_.shutting_down())
                res.keep_alive(false);
            res.set(http::field::server, server_name);
            res.set(http::field::date, http_date_now());
            if (method == http::verb::head && res.body().size() > 0)
            {
                const auto length = res.body().size();
                res.body().clear();
                res.content_length(length);
            }
        }
        const bool keep       = prebuilt || res.keep_alive();
        const unsigned status = prebuilt ? 200 : res.result_int();
        const std::size_t n_bytes =
            prebuilt ? (method == http::verb::head ? 0 : prebuilt->body.size()) : res.body().size();
        // Labelled by route pattern, never by path: a stranger's URLs must not create series.
        app_.metrics().request(match.found ? std::string_view(match.found->pattern)
                                           : std::string_view("unmatched"),
                               status, std::chrono::steady_clock::now() - start);

        if (app_.cfg().access_log)
        {
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            spdlog::info(
                "access remote={} method={} path={} status={} bytes={} ms={:.2f} id={} ua={}",
                conn->remote, std::string(http::to_string(method)), log_quote(path), status,
                n_bytes, ms, ctx.request_id, log_quote(req[http::field::user_agent]));
        }
        conn->expires_after(limits_.request_timeout);
        boost::system::error_code wec;
        if (prebuilt)
        {
            prebuilt_head(*prebuilt, head_bytes);
            const std::array<asio::const_buffer, 2> buffers{
                asio::buffer(head_bytes), asio::buffer(prebuilt->body.data(), n_bytes)};
            auto [ec, n] = co_await asio::async_write(conn->socket, buffers, tuple_awaitable);
            wec          = ec;
        }
        else if (res.chunked())
        {
            auto [ec, n] = co_await http::async_write(conn->socket, res, tuple_awaitable);
            wec          = ec;
        }
        else
        {
            serialize_head(res, head_bytes);
            const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_bytes),
                                                            asio::buffer(res.body())};
            auto [ec, n] = co_await asio::async_write(conn->socket, buffers, tuple_awaitable);
            wec          = ec;
        }
        if (wec || !keep)
            break;
    }
    conn->expires_never();
    beast::error_code ignored;
    conn->socket.shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace fedblog::node
