// SPDX-License-Identifier: AGPL-3.0-or-later
// POST to the outbox: ActivityPub client-to-server publishing with a bearer token.
#include "node/app.hpp"
#include "node/auth.hpp"
#include "node/authoring/edit.hpp"
#include "node/authoring/reply.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/log.hpp"
#include "node/post_view.hpp"
#include "node/publish.hpp"
#include "protocol/media_types.hpp"
#include "protocol/note.hpp"
#include "protocol/post_activities.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

namespace {

/// 201 with the activity, Location the reply; or the refusal.
response reply_response(request_context& ctx, const char* type, std::int64_t token_id,
                        std::variant<reply_outcome, http_error>& done)
{
    if (auto* e = std::get_if<http_error>(&done))
    {
        if (static_cast<unsigned>(e->status) >= 500)
            spdlog::error("outbox failed id={} type={} detail={}", ctx.request_id, type,
                          log_quote(e->log_detail));
        return problem_response(ctx.req, *e);
    }
    auto& outcome = std::get<reply_outcome>(done);
    spdlog::info("outbox id={} token={} type={} reply={} to={}", ctx.request_id, token_id, type,
                 outcome.reply.object_id, log_quote(outcome.reply.in_reply_to));
    response res = json_response(ctx.req, http::status::created, outcome.activity,
                                 protocol::vocab::activity_json);
    res.set(http::field::location, outcome.reply.object_id);
    return res;
}

/** The content of an Update of one of the author's replies: its object read as a Note (the
    Update need not repeat the type), so the same rules as for a new reply apply.
*/
std::variant<post_request, http_error> read_reply_update(const protocol::json::value& doc)
{
    const protocol::json::value* object = doc.find("object");
    if (object == nullptr || !object->is_object())
        return http_error{
            http::status::bad_request,
            "Update needs the changed reply as an embedded object with its id and content",
            {}};
    protocol::json::value note = *object;
    note.set("type", "Note");
    note.erase("inReplyTo"); // a reply stays where it is in the thread
    if (const auto* name = note.find("name"); name != nullptr && name->is_null())
        note.erase("name");
    return read_post_request(note);
}

asio::awaitable<response> create(app& a, request_context& ctx, const protocol::json::value& doc,
                                 std::int64_t token_id)
{
    const request& req = ctx.req;
    auto parsed        = read_post_request(doc);
    if (auto* e = std::get_if<http_error>(&parsed))
        co_return problem_response(req, *e);
    if (!std::get<post_request>(parsed).in_reply_to.empty())
    {
        // The author answering a reader (or commenting on their own post): a comment in the
        // thread, not a new blog post.
        auto done = co_await publish_author_reply(a, std::get<post_request>(std::move(parsed)));
        co_return reply_response(ctx, "Create", token_id, done);
    }

    auto published = co_await publish_post(a, std::get<post_request>(std::move(parsed)));
    if (auto* e = std::get_if<http_error>(&published))
    {
        spdlog::error("publish failed id={} detail={}", ctx.request_id, log_quote(e->log_detail));
        co_return problem_response(req, *e);
    }
    const auto& post = std::get<storage::post>(published);
    spdlog::info("published id={} token={} post={}", ctx.request_id, token_id,
                 a.urls().post(post.slug));
    auto create = protocol::build_create(a.urls(), post_fields_for(a, post));
    response res =
        json_response(req, http::status::created, create, protocol::vocab::activity_json);
    res.set(http::field::location, a.urls().post(post.slug));
    co_return res;
}

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
    const std::string type(protocol::json::type_of(*doc));
    if (type == "Create" || type == "Note" || type == "Article")
        co_return co_await create(a, ctx, *doc, token->id);
    std::variant<outbox_outcome, http_error> done = http_error{};
    if (type == "Update" || type == "Delete")
    {
        if (std::string id = author_reply_id(doc->find("object"), a.urls()); !id.empty())
        {
            std::variant<reply_outcome, http_error> changed = http_error{};
            if (type == "Delete")
                changed = co_await remove_author_reply(a, id);
            else
            {
                auto content = read_reply_update(*doc);
                if (auto* e = std::get_if<http_error>(&content))
                    co_return problem_response(req, *e);
                changed =
                    co_await edit_author_reply(a, id, std::get<post_request>(std::move(content)));
            }
            co_return reply_response(ctx, type == "Delete" ? "Delete" : "Update", token->id,
                                     changed);
        }
    }
    if (type == "Update")
    {
        auto parsed = read_update_request(*doc, a.urls());
        if (auto* e = std::get_if<http_error>(&parsed))
            co_return problem_response(req, *e);
        done = co_await apply_update(a, std::get<update_request>(std::move(parsed)));
    }
    else if (type == "Delete")
    {
        const std::string slug = local_post_slug(doc->find("object"), a.urls());
        if (slug.empty())
            co_return problem_response(req, http::status::bad_request,
                                       "Delete needs the id of a post of this blog as object");
        done = co_await remove_post(a, slug);
    }
    else if (type == "Add" || type == "Remove")
    {
        const protocol::json::value* target = doc->find("target");
        const auto target_id                = target == nullptr ? std::nullopt
                                              : target->is_string()
                                                  ? std::optional<std::string_view>(*target->if_string())
                                              : target->is_object() ? target->get_string("id")
                                                                    : std::nullopt;
        if (!target_id || *target_id != a.urls().featured())
            co_return problem_response(req, http::status::bad_request,
                                       "Add and Remove need the featured collection as target");
        const std::string slug = local_post_slug(doc->find("object"), a.urls());
        if (slug.empty())
            co_return problem_response(req, http::status::bad_request,
                                       "Add and Remove need the id of a post of this blog as "
                                       "object");
        done = co_await set_pin(a, slug, type == "Add");
    }
    else
        co_return problem_response(req, http::status::bad_request,
                                   "unsupported activity type: send Create, Update, Delete, "
                                   "Add or Remove (or a bare Note or Article)");

    if (auto* e = std::get_if<http_error>(&done))
    {
        if (static_cast<unsigned>(e->status) >= 500)
            spdlog::error("outbox failed id={} type={} detail={}", ctx.request_id, type,
                          log_quote(e->log_detail));
        co_return problem_response(req, *e);
    }
    auto& outcome = std::get<outbox_outcome>(done);
    spdlog::info("outbox id={} token={} type={} post={} sent={}", ctx.request_id, token->id, type,
                 a.urls().post(outcome.post.slug), !outcome.activity.is_null());
    // The body is the activity; when nothing had to be sent (an edit or deletion of an
    // imported post, a pin of a pinned one) it is the post itself. The Location is the post
    // the activity is about, as for Create.
    protocol::json::value body = std::move(outcome.activity);
    if (body.is_null())
        body =
            outcome.post.deleted
                ? protocol::build_tombstone(a.urls(), outcome.post.slug, outcome.post.object_type,
                                            to_seconds(*outcome.post.deleted))
                : protocol::build_note(a.urls(), post_fields_for(a, outcome.post));
    response res = json_response(req, http::status::created, body, protocol::vocab::activity_json);
    res.set(http::field::location, a.urls().post(outcome.post.slug));
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
