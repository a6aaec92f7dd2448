// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /api/deliveries[?post=URL] behind a bearer token: the queue overview, or one post's
// delivery ledger, as JSON (what `fedblog deliveries` prints, for a client or a dashboard).
#include "node/app.hpp"
#include "node/auth.hpp"
#include "node/delivery/ledger.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"

namespace fedblog::node {

namespace {

/// Failing hosts and dead jobs listed in the overview.
constexpr std::size_t overview_rows = 50;

asio::awaitable<response> deliveries(app& a, request_context& ctx)
{
    const request& req = ctx.req;
    // Who received the author's posts, and who refused them, is the author's business only.
    auto token = co_await authenticate(a, req);
    if (!token)
    {
        response res =
            problem_response(req, http::status::unauthorized, "a valid bearer token is required");
        res.set(http::field::www_authenticate, "Bearer realm=\"fedblog\"");
        co_return res;
    }
    response res;
    if (auto post = ctx.query_param("post"))
    {
        if (post->empty() || post->size() > 2048)
            co_return problem_response(req, http::status::bad_request, "post must be a post URL");
        auto ledger = co_await a.db([&](storage::store& s) { return read_ledger(s, *post); });
        if (!ledger)
            co_return problem_response(req, http::status::service_unavailable,
                                       "the delivery ledger cannot be read right now");
        res = json_response(req, http::status::ok, ledger_json(*ledger));
    }
    else
    {
        const auto now = a.now();
        auto overview =
            co_await a.db([&](storage::store& s) { return read_overview(s, now, overview_rows); });
        if (!overview)
            co_return problem_response(req, http::status::service_unavailable,
                                       "the delivery queue cannot be read right now");
        res = json_response(req, http::status::ok, overview_json(*overview));
    }
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

} // namespace

void register_delivery_routes(app& a)
{
    a.routes().add(http::verb::get, "/api/deliveries", deliveries);
}

} // namespace fedblog::node
