// SPDX-License-Identifier: AGPL-3.0-or-later
// POST to the outbox: ActivityPub client-to-server publishing with a bearer token.
#include "node/app.hpp"
#include "node/auth.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/log.hpp"
#include "node/post_view.hpp"
#include "node/publish.hpp"
#include "protocol/media_types.hpp"
#include "protocol/note.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

asio::awaitable<response> post_outbox(app& a, request_context& ctx)
{
    const request& req = ctx.req;
    if (ctx.params.at(0) != a.urls().user())
        co_return problem_response(req, http::status::not_found, "no such actor");

    auto token = co_await authenticate(a, req);
    if (!token)
    {
        response res =
            problem_response(req, http::status::unauthorized, "a valid bearer token is required");
        res.set(http::field::www_authenticate, "Bearer realm=\"fedblog\"");
        co_return res;
    }
    // ActivityPub 6: clients MUST use the ld+json AS profile; activity+json is accepted too.
    if (!protocol::is_activity_json(ctx.header(http::field::content_type)))
        co_return problem_response(req, http::status::unsupported_media_type,
                                   "Content-Type must be application/activity+json or "
                                   "application/ld+json with the ActivityStreams profile");

    auto doc = protocol::json::parse_object(req.body());
    if (!doc)
        co_return problem_response(req, http::status::bad_request,
                                   "body is not a JSON object: " + doc.error().message());
    auto parsed = read_post_request(*doc);
    if (auto* e = std::get_if<http_error>(&parsed))
        co_return problem_response(req, *e);

    auto published = co_await publish_post(a, std::get<post_request>(std::move(parsed)));
    if (auto* e = std::get_if<http_error>(&published))
    {
        spdlog::error("publish failed id={} detail={}", ctx.request_id, log_quote(e->log_detail));
        co_return problem_response(req, *e);
    }
    const auto& post = std::get<storage::post>(published);
    spdlog::info("published id={} token={} post={}", ctx.request_id, token->id,
                 a.urls().post(post.slug));
    auto create = protocol::build_create(a.urls(), post_fields_for(a, post));
    response res =
        json_response(req, http::status::created, create, protocol::vocab::activity_json);
    res.set(http::field::location, a.urls().post(post.slug));
    co_return res;
}

} // namespace

void register_outbox_routes(app& a)
{
    route_options opts;
    opts.body_limit = 1024 * 1024;
    a.routes().add(http::verb::post, "/users/{name}/outbox", post_outbox, opts);
}

} // namespace fedblog::node
