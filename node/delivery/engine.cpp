// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim → sign → POST → record, on a strand, with bounded concurrency.
#include "node/delivery/engine.hpp"

#include "node/app.hpp"
#include "node/delivery/backoff.hpp"
#include "node/log.hpp"
#include "node/outbound/request_signing.hpp"
#include "protocol/http_date.hpp"
#include "protocol/vocab.hpp"

#include <charconv>

namespace fedblog::node {

namespace {

constexpr std::chrono::seconds poll_interval{5};
constexpr std::chrono::milliseconds min_idle_wait{200};
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

/// Retry-After as seconds or an HTTP-date (RFC 9110 10.2.3).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value)
{
    if (value.empty())
        return std::nullopt;
    long long seconds = 0;
    auto [end, err]   = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (err == std::errc() && end == value.data() + value.size() && seconds >= 0)
        return std::chrono::seconds(seconds);
    if (auto when = protocol::parse_http_date(value))
    {
        const auto now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        if (*when > now)
            return *when - now;
        return std::chrono::seconds(0);
    }
    return std::nullopt;
}

} // namespace

delivery_engine::delivery_engine(app& a)
    : app_(a), strand_(asio::make_strand(a.io())), wake_(strand_), rng_(std::random_device{}())
{}

void delivery_engine::start()
{
    asio::co_spawn(strand_, run(), [](std::exception_ptr e) {
        if (!e)
            return;
        try
        {
            std::rethrow_exception(e);
        }
        catch (const std::exception& ex)
        {
            spdlog::error("delivery engine stopped: {}", ex.what());
        }
    });
}

void delivery_engine::poke()
{
    asio::post(strand_, [this] { wake_.cancel(); });
}

void delivery_engine::stop()
{
    stopping_ = true;
    poke();
}

asio::awaitable<void> delivery_engine::run()
{
    const std::size_t limit = app_.cfg().delivery_concurrency;
    // A lease longer than one delivery's time budget: a job is only handed out again if
    // its worker died (at-least-once delivery).
    const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(
        app_.cfg().delivery_timeout + std::chrono::seconds(60));
    while (!stopping_)
    {
        std::size_t claimed        = 0;
        const std::size_t capacity = limit - std::min(limit, in_flight_.load());
        if (capacity > 0)
        {
            auto jobs = co_await app_.db([&, now = app_.now()](storage::store& s) {
                return s.claim_jobs(now, capacity, lease);
            });
            if (!jobs)
                spdlog::warn("delivery claim failed: {}", jobs.error().message());
            else
            {
                claimed = jobs->size();
                for (auto& job : *jobs)
                {
                    ++in_flight_;
                    asio::co_spawn(strand_, deliver(std::move(job)), [this](std::exception_ptr e) {
                        --in_flight_;
                        if (e)
                        {
                            try
                            {
                                std::rethrow_exception(e);
                            }
                            catch (const std::exception& ex)
                            {
                                spdlog::error("delivery failed unexpectedly: {}", ex.what());
                            }
                        }
                        wake_.cancel(); // a slot is free
                    });
                }
            }
        }
        if (claimed > 0 && claimed == capacity)
            continue; // more may be due right now

        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(poll_interval);
        auto next = co_await app_.db([](storage::store& s) { return s.next_due(); });
        if (next && *next)
        {
            const auto until =
                std::chrono::duration_cast<std::chrono::milliseconds>(**next - app_.now());
            wait = std::clamp(until, min_idle_wait, wait);
        }
        wake_.expires_after(wait);
        co_await wake_.async_wait(tuple_awaitable);
    }
}

asio::awaitable<void> delivery_engine::deliver(storage::delivery_job job)
{
    const bool instance          = job.signer == "instance";
    const keys::private_key& key = instance ? app_.instance_key() : app_.author_key();
    const std::string key_id =
        instance ? app_.urls().instance_actor_key() : app_.urls().actor_key();

    client_request req;
    req.method = http::verb::post;
    req.url    = job.inbox;
    req.body   = job.body;
    req.timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(app_.cfg().delivery_timeout);
    req.headers.emplace_back(http::field::content_type,
                             std::string(protocol::vocab::activity_json));
    req.sign = [&key, &key_id](http::request<http::string_body>& msg, const protocol::http_url&) {
        if (auto signed_ok = sign_request(msg, key, key_id); !signed_ok)
            spdlog::error("signing failed: {}", signed_ok.error().message());
    };
    auto res = co_await app_.client().send(std::move(req));

    const unsigned status   = res ? res->message.result_int() : 0;
    const std::string error = res ? "status " + std::to_string(status) : res.error().message();
    std::optional<std::chrono::seconds> retry_after;
    if (res)
        retry_after = parse_retry_after(res->message[http::field::retry_after]);

    const auto verdict = classify_status(status);
    const int attempts = job.attempts + 1;
    storage::result<void> recorded;
    std::string outcome;
    switch (verdict)
    {
    case delivery_verdict::delivered:
        outcome  = "delivered";
        recorded = co_await app_.db(
            [&](storage::store& s) { return s.mark_delivered(job.id, static_cast<int>(status)); });
        break;
    case delivery_verdict::retry:
        if (auto delay = next_delay(attempts, retry_after, rng_))
        {
            outcome         = "retry";
            const auto wait = std::chrono::milliseconds(static_cast<long long>(
                static_cast<double>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count()) *
                app_.cfg().retry_scale));
            const auto next = app_.now() + wait;
            recorded        = co_await app_.db([&](storage::store& s) {
                return s.mark_retry(job.id, next, static_cast<int>(status), error);
            });
        }
        else
        {
            outcome  = "dead";
            recorded = co_await app_.db([&](storage::store& s) {
                return s.mark_dead(job.id, static_cast<int>(status),
                                   "gave up after retries: " + error);
            });
        }
        break;
    case delivery_verdict::give_up:
    case delivery_verdict::gone:
        outcome  = "dead";
        recorded = co_await app_.db([&](storage::store& s) {
            return s.mark_dead(job.id, static_cast<int>(status), error);
        });
        break;
    }
    if (!recorded)
        spdlog::error("delivery job={} outcome not recorded: {}", job.id,
                      recorded.error().message());
    spdlog::info("delivery job={} activity={} inbox={} attempt={} outcome={} detail={}", job.id,
                 log_quote(job.activity_id), log_quote(job.inbox), attempts, outcome,
                 log_quote(error));
}

} // namespace fedblog::node
