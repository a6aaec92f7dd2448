// SPDX-License-Identifier: AGPL-3.0-or-later
// Keep-alive connection and TLS session reuse.
#include "node/outbound/connection_pool.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <sys/socket.h>

namespace fedblog::node {

pooled_connection::pooled_connection(beast::tcp_stream plain)
    : plain_(std::make_unique<beast::tcp_stream>(std::move(plain)))
{}

pooled_connection::pooled_connection(std::unique_ptr<tls_stream> tls) : tls_(std::move(tls))
{}

beast::tcp_stream& pooled_connection::lowest() noexcept
{
    return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

void pooled_connection::close() noexcept
{
    if (tls_)
    {
        // Mark the connection as shut down (a quiet shutdown: no close_notify is sent or
        // awaited). Otherwise OpenSSL, when it frees the connection, deems its session bad
        // and flags it not resumable, and that SSL_SESSION is the very one the pool keeps
        // for the origin: no later connection could resume it. Since TLS 1.1 a connection
        // closed without close_notify does not forbid resuming its session (RFC 5246 7.2.1).
        SSL_set_shutdown(tls_->native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    }
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
}

bool pooled_connection::looks_alive() noexcept
{
    auto& socket = lowest().socket();
    if (!socket.is_open())
        return false;
    // A peek that would block means the peer is quiet and the connection open; 0 bytes
    // means it closed; data means it sent something we did not ask for. Either of the
    // last two makes the connection unusable for the next request.
    char byte    = 0;
    const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

pool_limits pool_limits_for(std::uint64_t open_files) noexcept
{
    pool_limits limits;
    limits.max_idle_total =
        static_cast<std::size_t>(std::clamp<std::uint64_t>(open_files / 4, 16, 8192));
    return limits;
}

connection_pool::connection_pool(pool_limits limits) : limits_(limits)
{}

connection_pool::~connection_pool()
{
    clear();
    for (auto& [origin, session] : sessions_)
        SSL_SESSION_free(session);
}

std::unique_ptr<pooled_connection> connection_pool::take(const std::string& origin)
{
    for (;;)
    {
        std::unique_ptr<pooled_connection> candidate;
        {
            std::lock_guard lock(mutex_);
            auto it = by_origin_.find(origin);
            if (it == by_origin_.end())
                return nullptr;
            auto& list = it->second;
            auto pos   = list.back(); // most recently parked
            list.pop_back();
            candidate = std::move(pos->conn);
            lru_.erase(pos);
            if (list.empty())
                by_origin_.erase(it);
        }
        // Checked outside the lock: the check is a system call, and every I/O thread that
        // takes or parks a connection waits for this lock.
        if (std::chrono::steady_clock::now() - candidate->idle_since < limits_.max_idle &&
            candidate->looks_alive())
            return candidate;
        candidate->close();
    }
}

void connection_pool::put(const std::string& origin, std::unique_ptr<pooled_connection> conn)
{
    std::unique_ptr<pooled_connection> evicted;
    conn->idle_since = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto& list = by_origin_[origin];
        if (list.size() >= limits_.max_idle_per_origin)
        {
            // Enough idle ones to this origin already.
            evicted = std::move(conn);
        }
        else
        {
            lru_.push_back(entry{origin, std::move(conn)});
            list.push_back(std::prev(lru_.end()));
            if (lru_.size() > limits_.max_idle_total)
            {
                auto oldest = lru_.begin();
                unindex(oldest);
                evicted = std::move(oldest->conn);
                lru_.erase(oldest);
            }
        }
    }
    if (evicted)
        evicted->close();
}

ssl_session_st* connection_pool::session(const std::string& origin)
{
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(origin);
    if (it == sessions_.end())
        return nullptr;
    SSL_SESSION_up_ref(it->second);
    return it->second;
}

void connection_pool::set_session(const std::string& origin, ssl_session_st* session)
{
    ssl_session_st* old = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = sessions_.try_emplace(origin, session);
        if (!inserted)
        {
            old        = it->second;
            it->second = session;
        }
        else if (sessions_.size() > limits_.max_sessions)
        {
            // Keep the map bounded; which one goes hardly matters (a full handshake).
            auto victim = sessions_.begin();
            if (victim == it)
                ++victim;
            old = victim->second;
            sessions_.erase(victim);
        }
    }
    if (old != nullptr)
        SSL_SESSION_free(old);
}

void connection_pool::clear()
{
    std::list<entry> all;
    {
        std::lock_guard lock(mutex_);
        all.swap(lru_);
        by_origin_.clear();
    }
    for (auto& e : all)
        e.conn->close();
}

void connection_pool::unindex(std::list<entry>::iterator it)
{
    auto owner = by_origin_.find(it->origin);
    if (owner == by_origin_.end())
        return;
    auto& list = owner->second;
    list.erase(std::find(list.begin(), list.end(), it));
    if (list.empty())
        by_origin_.erase(owner);
}

void connection_pool::close_expired()
{
    std::list<entry> expired;
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        // The list is in parking order, so the expired ones are a prefix of it.
        auto end = lru_.begin();
        while (end != lru_.end() && now - end->conn->idle_since >= limits_.max_idle)
            unindex(end++);
        expired.splice(expired.begin(), lru_, lru_.begin(), end);
    }
    for (auto& e : expired)
        e.conn->close();
}

std::size_t connection_pool::idle() const
{
    std::lock_guard lock(mutex_);
    return lru_.size();
}

} // namespace fedblog::node
