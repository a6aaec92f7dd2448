// SPDX-License-Identifier: AGPL-3.0-or-later
// /_test/clock: lets integration tests move the node's clock forward (the `test_clock`
// setting, off by default), so backoff, breakers and Retry-After are tested without sleeps.
#include "node/app.hpp"
#include "node/delivery/engine.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"

#include <charconv>

namespace fedblog::node {

namespace {

std::int64_t millis(storage::time_point t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// Holds the engine's new claims for as long as it lives, released however the scope ends.
class claims_hold
{
public:
    explicit claims_hold(delivery_engine& engine) : engine_(engine) { engine_.hold_claims(true); }

    ~claims_hold() { engine_.hold_claims(false); }

    claims_hold(const claims_hold&)            = delete;
    claims_hold& operator=(const claims_hold&) = delete;

private:
    delivery_engine& engine_;
};

bool from_loopback(const request_context& ctx)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(ctx.remote_address, ec);
    return !ec && address.is_loopback();
}

/** GET: the clock and the engine's progress. POST ?advance_ms=N: moves the clock forward
    by N ms and wakes the engine. A test that advanced the clock waits until
    `lastClaim` >= `now` to know that the engine has looked at the queue at the new time. */
asio::awaitable<response> clock(app& a, request_context& ctx)
{
    const request& req = ctx.req;
    // Defence in depth: the setting is for tests, but even then only this machine may
    // move time (a remote clock change would expire and revive jobs at will).
    if (!from_loopback(ctx))
        co_return problem_response(req, http::status::forbidden, "loopback only");
    if (req.method() == http::verb::post)
    {
        const auto text = ctx.query_param("advance_ms").value_or("");
        std::int64_t by = 0;
        auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), by);
        if (text.empty() || err != std::errc() || end != text.data() + text.size() || by < 0)
            co_return problem_response(req, http::status::bad_request,
                                       "advance_ms must be a non-negative integer");
        // No new claim, and the claim and deliveries under way finish first (bounded): a
        // jump longer than a lease would otherwise hand their jobs out again, a double send
        // that only a clock jump can cause.
        {
            const claims_hold hold(a.delivery());
            steady_timer tick(co_await asio::this_coro::executor);
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!a.delivery().idle() && std::chrono::steady_clock::now() < deadline)
            {
                tick.expires_after(std::chrono::milliseconds(5));
                co_await tick.async_wait();
            }
            a.clock().advance(std::chrono::milliseconds(by));
        }
        a.delivery().poke();
    }
    auto& engine = a.delivery();
    auto doc     = protocol::json::make_object({
            {"now", millis(a.now())},
            {"offset", static_cast<std::int64_t>(a.clock().offset().count())},
            {"lastClaim", millis(engine.last_claim_time())},
            {"claimed", static_cast<std::int64_t>(engine.claimed_total())},
            {"inFlight", static_cast<std::int64_t>(engine.in_flight())},
            {"idle", engine.idle()},
    });
    response res = json_response(req, http::status::ok, doc);
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

} // namespace

void register_test_routes(app& a)
{
    if (!a.cfg().test_clock)
        return;
    a.routes().add(http::verb::get, "/_test/clock", clock);
    a.routes().add(http::verb::post, "/_test/clock", clock);
}

} // namespace fedblog::node
