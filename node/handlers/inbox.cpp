// SPDX-License-Identifier: AGPL-3.0-or-later
// POST to the author's inbox or the shared inbox: parse, verify, de-duplicate, dispatch.
#include "node/app.hpp"
#include "node/delivery/engine.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/inbound_checks.hpp"
#include "node/inbox/verify_request.hpp"
#include "node/log.hpp"
#include "protocol/activity.hpp"
#include "protocol/error.hpp"

namespace fedblog::node {

namespace {

response accepted(const request& req)
{
    response res = make_response(req, http::status::accepted, {}, "text/plain; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    return res;
}

response refuse(const request_context& ctx, const http_error& e, std::string_view actor = {})
{
    spdlog::info("inbox refused id={} status={} reason={} detail={} actor={}", ctx.request_id,
                 static_cast<int>(e.status), log_quote(e.public_text), log_quote(e.log_detail),
                 log_quote(actor));
    return problem_response(ctx.req, e);
}

verification_metric verification_result(const verified_request& v)
{
    switch (v.result)
    {
    case verified_request::outcome::verified:
        return verification_metric::verified;
    case verified_request::outcome::key_gone:
        return verification_metric::key_gone;
    case verified_request::outcome::rejected:
        break;
    }
    return v.error.status == http::status::service_unavailable ? verification_metric::unavailable
                                                               : verification_metric::rejected;
}

/// True when we have never had anything to do with `actor` (not cached, not a follower).
asio::awaitable<bool> unknown_actor(app& a, const std::string& actor)
{
    auto known = co_await a.db([&](storage::store& s) -> storage::result<bool> {
        auto cached = s.find_remote_actor(actor);
        if (!cached)
            return {boost::system::in_place_error, cached.error()};
        if (*cached)
            return true;
        auto f = s.find_follower(actor);
        if (!f)
            return {boost::system::in_place_error, f.error()};
        return f->has_value();
    });
    co_return known && !*known;
}

/// The answer to a dispatched activity, and the record of its id unless its handler made it.
asio::awaitable<response> finish(app& a, const request_context& ctx, const inbound& in,
                                 const inbox_result& result)
{
    const auto& env = in.env;
    if (static_cast<int>(result.status) >= 400)
        co_return refuse(ctx, {result.status, result.detail, {}}, env.actor);
    if (!env.id.empty() && !result.recorded)
    {
        auto recorded = co_await a.db_grouped(
            [&, now = a.now()](storage::store& s) { return s.record_inbound(env.id, now); });
        if (!recorded)
            spdlog::warn("inbox id={} could not record activity id: {}", ctx.request_id,
                         recorded.error().message());
    }
    spdlog::info("inbox id={} type={} actor={} result={}", ctx.request_id, env.type,
                 log_quote(env.actor), log_quote(result.detail));
    co_return accepted(ctx.req);
}

asio::awaitable<response> inbox(app& a, request_context& ctx)
{
    const request& req = ctx.req;
    if (ctx.params.size() == 1 && ctx.params[0] != a.urls().user())
        co_return problem_response(req, http::status::not_found, "no such actor");

    // Cheap refusals first, before any parsing or network work (INTEROP.md A1).
    if (req.find("Signature") == req.end() && req.find("Signature-Input") == req.end())
        co_return refuse(ctx, {http::status::unauthorized, "request not signed", {}});

    // A signature refused on its own (malformed, stale, a Digest that does not match) or by
    // a key held in memory is answered before the body is parsed: a flood of forged
    // requests costs no JSON parsing.
    request_verification verification(a, req);
    std::optional<verified_request> verified = verification.try_cached();
    if (verified && verified->result != verified_request::outcome::verified)
    {
        a.metrics().verification(verification_result(*verified));
        co_return refuse(ctx, verified->error);
    }

    auto doc = protocol::json::parse_object(req.body());
    if (!doc)
        co_return refuse(
            ctx,
            {http::status::bad_request, "body is not a JSON object: " + doc.error().message(), {}});
    auto env = protocol::read_activity(*doc, a.cfg().allow_http_peers);
    if (!env)
        co_return refuse(
            ctx,
            {http::status::bad_request, "not a usable activity: " + env.error().message(), {}});

    // Mastodon announces account deletions to every server it ever talked to. For an actor
    // we never knew there is nothing to undo, and its key is gone: acknowledge without work.
    const bool self_delete = env->type == "Delete" && env->object_id == env->actor;
    if (!verified && self_delete && co_await unknown_actor(a, env->actor))
    {
        spdlog::info("inbox id={} ignored delete of unknown actor={}", ctx.request_id,
                     log_quote(env->actor));
        co_return accepted(req);
    }

    if (!verified)
        verified = co_await verification.finish();
    a.metrics().verification(verification_result(*verified));
    if (verified->result == verified_request::outcome::key_gone && self_delete)
    {
        // The origin itself says the actor is gone, which is what the Delete claims.
        (void)co_await a.db([&](storage::store& s) { return s.forget_actor(env->actor, a.now()); });
        co_return accepted(req);
    }
    if (verified->result != verified_request::outcome::verified)
        co_return refuse(ctx, verified->error, env->actor);
    // A server that signs requests to us works: if our deliveries to it were failing, they
    // are worth trying again now rather than at the end of its backoff.
    a.delivery().host_answered(verified->signer);
    // Signer ≠ actor: someone forwarded it. Handlers then trust nothing in the body and
    // fetch the object from its origin (or drop what cannot be checked that way).
    const bool forwarded = verified->signer != env->actor;
    // Only a note's Create/Update/Delete can be checked against the note's origin; anything
    // else must be signed by its own actor's key (the key owner is the actor).
    if (forwarded && env->type != "Create" && env->type != "Update" && env->type != "Delete")
        co_return refuse(ctx,
                         {http::status::unauthorized, "signed by someone other than the actor", {}},
                         env->actor);

    // A Like or Announce signed by its actor, the bulk of inbound traffic, has these checks
    // made in the reaction's own trip to the database pool (on_reaction).
    const bool reaction = !forwarded && (env->type == "Like" || env->type == "Announce");
    const inbound in{*doc, *env, forwarded, reaction};
    if (reaction)
    {
        const inbox_result result = co_await dispatch_activity(a, in);
        response res              = co_await finish(a, ctx, in, result);
        co_return res;
    }

    // Blocked actors and domains are refused (403, as Mastodon answers), except a Follow,
    // which is answered with a Reject so the other side stops waiting. The duplicate check
    // rides along in the same trip to the database pool (each trip is two thread hand-offs).
    auto checks = co_await a.db([&](storage::store& s) {
        return check_inbound(s, *env, forwarded ? std::string_view(verified->signer) : "");
    });
    if (!checks)
        co_return refuse(ctx, {http::status::service_unavailable, "storage error", {}}, env->actor);
    if (checks->blocked && !(env->type == "Follow" && !forwarded))
        co_return refuse(ctx, {http::status::forbidden, "blocked", {}}, env->actor);

    if (checks->seen)
    {
        spdlog::info("inbox id={} duplicate activity={}", ctx.request_id, log_quote(env->id));
        co_return accepted(req);
    }

    const inbox_result result = co_await dispatch_activity(a, in);
    response res              = co_await finish(a, ctx, in, result);
    co_return res;
}

} // namespace

void register_inbox_routes(app& a)
{
    route_options opts;
    opts.body_limit = a.cfg().max_inbox_body;
    auto& r         = a.routes();
    r.add(http::verb::post, "/users/{name}/inbox", inbox, opts);
    r.add(http::verb::post, "/inbox", inbox, opts);
    r.add(http::verb::post, "/actor/inbox", inbox, opts);
}

} // namespace fedblog::node
