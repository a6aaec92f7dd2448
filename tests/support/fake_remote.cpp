// SPDX-License-Identifier: AGPL-3.0-or-later
// The fake remote's HTTP server (Asio coroutines on a background thread) and request signing.
#include "tests/support/fake_remote.hpp"

#include "keys/encoding.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_signature.hpp"
#include "tests/support/node_process.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/test/unit_test.hpp>
#include <openssl/ssl.h>

#include <algorithm>

namespace fedblog::test {

namespace asio  = boost::asio;
namespace beast = boost::beast;
namespace http  = beast::http;
using tcp       = asio::ip::tcp;

struct fake_remote::impl
{
    asio::io_context io;
    tcp::acceptor acceptor{io};
    asio::ssl::context tls{asio::ssl::context::tls_server};
};

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

fake_remote::fake_remote(std::string host, std::optional<tls_files> tls)
    : host_(std::move(host)), tls_(tls.has_value()), impl_(std::make_unique<impl>())
{
    if (tls)
    {
        impl_->tls.use_certificate_chain_file(tls->cert_file);
        impl_->tls.use_private_key_file(tls->key_file, asio::ssl::context::pem);
    }
    tcp::endpoint ep(asio::ip::make_address(host_), 0);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    port_   = impl_->acceptor.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
}

fake_remote::~fake_remote()
{
    asio::post(impl_->io, [this] { impl_->io.stop(); });
    thread_.join();
}

std::string fake_remote::base() const
{
    return (tls_ ? "https://" : "http://") + host_ + ":" + std::to_string(port_);
}

void fake_remote::serve()
{
    // `conn` is a named local of the caller, passed by reference: GCC 12 destroys twice an
    // aggregate temporary with a std::string inside a co_await expression (node/net.hpp).
    auto session = [this](auto& stream, const connection_facts& conn) -> asio::awaitable<void> {
        beast::flat_buffer buffer;
        for (;;)
        {
            http::request<http::string_body> req;
            auto [ec, n] =
                co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            std::map<std::string, std::string> headers;
            for (const auto& f : req)
                headers[lower(std::string(f.name_string()))] = std::string(f.value());
            reply r = handle(std::string(req.method_string()), std::string(req.target()),
                             std::move(headers), req.body(), conn);
            if (r.stall)
            {
                asio::steady_timer forever(co_await asio::this_coro::executor,
                                           std::chrono::hours(1));
                co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
                co_return;
            }
            http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
            res.set(http::field::content_type, r.content_type);
            for (const auto& [name, value] : r.headers)
                res.set(name, value);
            res.body() = std::move(r.body);
            bool close = false;
            {
                std::lock_guard lock(mutex_);
                close = close_after_response_;
            }
            res.keep_alive(req.keep_alive() && !close);
            res.prepare_payload();
            auto [wec, wn] =
                co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
            if (wec || !res.keep_alive())
                co_return;
        }
    };
    auto plain = [session](tcp::socket socket) -> asio::awaitable<void> {
        const connection_facts plain_text;
        co_await session(socket, plain_text);
    };
    auto secure = [this, session](tcp::socket socket) -> asio::awaitable<void> {
        asio::ssl::stream<tcp::socket> stream(std::move(socket), impl_->tls);
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                    asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        connection_facts conn;
        conn.tls_version = SSL_get_version(stream.native_handle());
        conn.tls_resumed = SSL_session_reused(stream.native_handle()) == 1;
        co_await session(stream, conn);
    };
    auto accept = [this, plain, secure]() -> asio::awaitable<void> {
        for (;;)
        {
            auto [ec, socket] =
                co_await impl_->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            if (tls_)
                asio::co_spawn(impl_->io, secure(std::move(socket)), asio::detached);
            else
                asio::co_spawn(impl_->io, plain(std::move(socket)), asio::detached);
        }
    };
    asio::co_spawn(impl_->io, accept(), asio::detached);
    impl_->io.run();
}

void fake_remote::close_after_each_response()
{
    std::lock_guard lock(mutex_);
    close_after_response_ = true;
}

void fake_remote::limit_to_tls12()
{
    SSL_CTX_set_max_proto_version(impl_->tls.native_handle(), TLS1_2_VERSION);
}

void fake_remote::redirect_actor(const std::string& name, const std::string& location)
{
    std::lock_guard lock(mutex_);
    redirects_[name] = location;
}

void fake_remote::pad_actor(const std::string& name, std::size_t bytes)
{
    std::lock_guard lock(mutex_);
    padding_[name] = bytes;
}

void fake_remote::put_document(const std::string& target, const protocol::json::value& doc)
{
    std::lock_guard lock(mutex_);
    documents_[target] = protocol::json::serialize(doc);
    removed_.erase(target);
}

void fake_remote::remove_document(const std::string& target, unsigned status)
{
    std::lock_guard lock(mutex_);
    documents_.erase(target);
    removed_[target] = status;
}

void fake_remote::rename_actor(const std::string& name, const std::string& display_name)
{
    std::lock_guard lock(mutex_);
    display_names_[name] = display_name;
}

void fake_remote::stall_actor(const std::string& name)
{
    std::lock_guard lock(mutex_);
    stalled_.insert(name);
}

const fake_remote::actor& fake_remote::add_actor(const std::string& name, bool with_shared_inbox)
{
    actor a;
    a.name   = name;
    a.id     = base() + "/users/" + name;
    a.key_id = a.id + "#main-key";
    a.inbox  = a.id + "/inbox";
    if (with_shared_inbox)
        a.shared_inbox = base() + "/inbox";
    auto key = keys::generate_rsa(2048);
    BOOST_TEST_REQUIRE(key.has_value());
    a.key = *key;
    std::lock_guard lock(mutex_);
    return actors_[name] = std::move(a);
}

void fake_remote::make_gone(const std::string& name)
{
    std::lock_guard lock(mutex_);
    gone_.insert(name);
}

void fake_remote::rotate_key(const std::string& name)
{
    auto key = keys::generate_rsa(2048);
    BOOST_TEST_REQUIRE(key.has_value());
    std::lock_guard lock(mutex_);
    actors_.at(name).key = *key;
}

void fake_remote::queue_inbox_statuses(std::vector<unsigned> statuses, unsigned fallback)
{
    std::lock_guard lock(mutex_);
    statuses_.assign(statuses.begin(), statuses.end());
    fallback_status_ = fallback;
}

void fake_remote::pad_inbox_answers(std::size_t bytes)
{
    std::lock_guard lock(mutex_);
    inbox_answer_bytes_ = bytes;
}

void fake_remote::stall_inbox_posts()
{
    std::lock_guard lock(mutex_);
    stall_posts_ = true;
}

void fake_remote::resume_inbox_posts()
{
    std::lock_guard lock(mutex_);
    stall_posts_ = false;
}

void fake_remote::set_retry_after(std::string value)
{
    std::lock_guard lock(mutex_);
    retry_after_ = std::move(value);
}

std::vector<recorded_request> fake_remote::requests() const
{
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<recorded_request> fake_remote::posts() const
{
    std::lock_guard lock(mutex_);
    std::vector<recorded_request> out;
    std::copy_if(requests_.begin(), requests_.end(), std::back_inserter(out),
                 [](const auto& r) { return r.method == "POST"; });
    return out;
}

std::vector<recorded_request> fake_remote::posts_of(const std::string& type) const
{
    std::vector<recorded_request> out;
    for (auto& r : posts())
    {
        auto doc = protocol::json::parse_object(r.body);
        if (doc && protocol::json::type_of(*doc) == type)
            out.push_back(std::move(r));
    }
    return out;
}

protocol::json::value follow_activity(const fake_remote::actor& who, const std::string& object,
                                      const std::string& suffix)
{
    return protocol::json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", who.id + "/follows/" + suffix},
        {"type", "Follow"},
        {"actor", who.id},
        {"object", object},
    });
}

std::vector<recorded_request> fake_remote::wait_for_posts(std::size_t n,
                                                          std::chrono::seconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;)
    {
        auto p = posts();
        if (p.size() >= n || std::chrono::steady_clock::now() > deadline)
            return p;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::size_t fake_remote::get_count(const std::string& target) const
{
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(requests_.begin(), requests_.end(),
                      [&](const auto& r) { return r.method == "GET" && r.target == target; }));
}

fake_remote::reply fake_remote::handle(const std::string& method, const std::string& target,
                                       std::map<std::string, std::string> headers, std::string body,
                                       const connection_facts& conn)
{
    reply r;
    std::lock_guard lock(mutex_);
    requests_.push_back(recorded_request{method, target, std::move(headers), body, conn.tls_version,
                                         conn.tls_resumed});
    if (method == "POST")
    {
        if (stall_posts_)
        {
            r.stall = true;
            return r;
        }
        if (!statuses_.empty())
        {
            r.status = statuses_.front();
            statuses_.pop_front();
        }
        else
            r.status = fallback_status_;
        if (r.status >= 300 && !retry_after_.empty())
            r.headers.emplace_back("Retry-After", retry_after_);
        r.content_type = "text/plain";
        r.body.assign(inbox_answer_bytes_, 'x');
        return r;
    }
    // WebFinger, so the author can mention this server's actors as @name@host:port.
    const std::string webfinger = "/.well-known/webfinger?resource=";
    if (method == "GET" && target.starts_with(webfinger))
    {
        std::string resource;
        const std::string encoded = target.substr(webfinger.size());
        for (std::size_t i = 0; i < encoded.size(); ++i)
        {
            if (encoded[i] == '%' && i + 2 < encoded.size())
            {
                resource += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
                i += 2;
            }
            else
                resource += encoded[i];
        }
        const std::string name = resource.starts_with("acct:")
                                     ? resource.substr(5, resource.find('@') - 5)
                                     : std::string();
        if (auto it = actors_.find(name); it != actors_.end() && gone_.count(name) == 0)
        {
            r.content_type = "application/jrd+json";
            r.body         = protocol::json::serialize(protocol::json::make_object({
                        {"subject", resource},
                        {"links", protocol::json::array{protocol::json::make_object({
                                      {"rel", "self"},
                                      {"type", "application/activity+json"},
                                      {"href", it->second.id},
                          })}},
            }));
            return r;
        }
        r.status       = 404;
        r.content_type = "text/plain";
        r.body         = "no such account";
        return r;
    }
    if (method == "GET")
    {
        if (auto doc = documents_.find(target); doc != documents_.end())
        {
            r.body = doc->second;
            return r;
        }
        if (auto gone = removed_.find(target); gone != removed_.end())
        {
            r.status       = gone->second;
            r.content_type = "text/plain";
            return r;
        }
    }
    const std::string prefix = "/users/";
    if (method == "GET" && target.starts_with(prefix))
    {
        const std::string name = target.substr(prefix.size());
        auto it                = actors_.find(name);
        if (it != actors_.end())
        {
            if (stalled_.count(name) > 0)
            {
                r.stall = true;
                return r;
            }
            if (auto redirect = redirects_.find(name); redirect != redirects_.end())
            {
                r.status = 302;
                r.headers.emplace_back("Location", redirect->second);
                return r;
            }
            if (gone_.count(name) > 0)
            {
                r.status = 410;
                r.body   = R"({"error":"Gone"})";
                return r;
            }
            const actor& a            = it->second;
            protocol::json::value doc = protocol::json::make_object({
                {"@context",
                 protocol::json::array{
                     protocol::json::value("https://www.w3.org/ns/activitystreams"),
                     protocol::json::value("https://w3id.org/security/v1")}},
                {"id", a.id},
                {"type", "Person"},
                {"preferredUsername", a.name},
                {"name", display_names_.count(name) ? display_names_[name] : "Remote " + a.name},
                {"inbox", a.inbox},
                {"outbox", a.id + "/outbox"},
                {"followers", a.id + "/followers"},
                {"url", a.id},
                {"publicKey",
                 protocol::json::make_object({{"id", a.key_id},
                                              {"owner", a.id},
                                              {"publicKeyPem", a.key.public_part().to_pem()}})},
            });
            if (!a.shared_inbox.empty())
                doc.set("endpoints",
                        protocol::json::make_object({{"sharedInbox", a.shared_inbox}}));
            if (auto pad = padding_.find(name); pad != padding_.end())
                doc.set("filler", std::string(pad->second, 'x'));
            r.body = protocol::json::serialize(doc);
            return r;
        }
    }
    r.status       = 404;
    r.content_type = "text/plain";
    r.body         = "not found";
    return r;
}

http_reply fake_remote::send(const node_process& node, const actor& who,
                             const protocol::json::value& activity, const std::string& target_in,
                             const signing_options& opts) const
{
    const std::string target = target_in.empty() ? "/users/" + node.user() + "/inbox" : target_in;
    const std::string body   = opts.raw_body ? *opts.raw_body : protocol::json::serialize(activity);
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());

    protocol::header_list headers;
    headers.add("Host", opts.host_without_port ? std::string("127.0.0.1") : node.domain());
    headers.add("Date", protocol::format_http_date(now + opts.date_offset));
    headers.add("Digest", protocol::make_digest_header(opts.corrupt_digest ? body + " " : body));
    headers.add("Content-Type", "application/activity+json");

    actor signer;
    {
        std::lock_guard lock(mutex_);
        signer = actors_.at(who.name);
    }
    const std::string key_id = opts.key_id_override.empty() ? signer.key_id : opts.key_id_override;
    header_pairs out;
    for (const auto& [name, value] : headers.fields())
        out.emplace_back(name, value);

    if (opts.how == signing_options::scheme::cavage)
    {
        auto sig = protocol::sign_cavage(signer.key, key_id, "POST", target, headers, opts.covered);
        BOOST_TEST_REQUIRE(sig.has_value());
        std::string value = *sig;
        if (opts.corrupt_signature)
        {
            // Change one base64 character inside signature="...".
            const auto pos = value.rfind("signature=\"") + 12;
            value[pos]     = value[pos] == 'A' ? 'B' : 'A';
        }
        out.emplace_back("Signature", value);
    }
    else if (opts.how == signing_options::scheme::rfc9421)
    {
        headers.add("Content-Digest", protocol::make_content_digest(body));
        out.emplace_back("Content-Digest", protocol::make_content_digest(body));
        // The view only borrows its strings: the authority must outlive the signing.
        const std::string authority = node.domain();
        protocol::request_view view;
        view.method    = "POST";
        view.target    = target;
        view.scheme    = "http";
        view.authority = authority;
        view.headers   = &headers;
        auto sig = protocol::sign_rfc9421(signer.key, keys::algorithm::rsa_v1_5_sha256, key_id,
                                          view, {"@method", "@target-uri", "content-digest"},
                                          now + opts.date_offset);
        BOOST_TEST_REQUIRE(sig.has_value());
        out.emplace_back("Signature-Input", sig->signature_input);
        out.emplace_back("Signature", sig->signature);
    }
    return node.post(target, body, out);
}

} // namespace fedblog::test
