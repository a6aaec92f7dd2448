// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /media/{file}: images from DIR/media, content-addressed, so cached for a year; and the
// authenticated upload endpoint (the actor's endpoints.uploadMedia).
#include "node/app.hpp"
#include "node/auth.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/log.hpp"
#include "node/media/media_library.hpp"
#include "node/media/multipart.hpp"
#include "node/web/media_files.hpp"
#include "protocol/vocab.hpp"

#include <fstream>
#include <sstream>

namespace fedblog::node {

namespace {

asio::awaitable<response> media(app& a, request_context& ctx)
{
    const std::string& name     = ctx.params.at(0);
    const std::string_view type = media_type_for(name);
    if (!is_media_name(name) || type.empty())
        co_return problem_response(ctx.req, http::status::not_found, "no such file");
    std::ifstream in(a.cfg().data_dir / "media" / name, std::ios::binary);
    if (!in)
        co_return problem_response(ctx.req, http::status::not_found, "no such file");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    response res = make_response(ctx.req, http::status::ok, bytes.str(), type);
    // Names are content hashes: the bytes behind a name never change.
    res.set(http::field::cache_control, "public, max-age=31536000, immutable");
    res.set("X-Content-Type-Options", "nosniff");
    res.set(http::field::etag, "\"" + name + "\"");
    if (ctx.header(http::field::if_none_match) == res[http::field::etag])
    {
        response not_modified = make_response(ctx.req, http::status::not_modified, {}, type);
        not_modified.set(http::field::etag, "\"" + name + "\"");
        co_return not_modified;
    }
    co_return res;
}

/// The uploaded file and its alt text: a raw image body, or multipart/form-data with a
/// `file` part and an optional `object` part (ActivityPub 6.11: a JSON object whose `name`
/// is the description).
struct upload
{
    std::string_view bytes;
    std::string description;
};

std::variant<upload, http_error> read_upload(const request_context& ctx)
{
    const std::string_view type = ctx.header(http::field::content_type);
    upload u;
    if (auto boundary = multipart_boundary(type))
    {
        std::string why;
        auto parts = parse_multipart(ctx.req.body(), *boundary, 8, why);
        if (!parts)
            return http_error{http::status::bad_request, "malformed multipart body: " + why, {}};
        bool found = false;
        for (const auto& p : *parts)
        {
            if (p.name == "file")
            {
                u.bytes = p.body;
                found   = true;
            }
            else if (p.name == "object")
            {
                auto obj = protocol::json::parse_object(p.body);
                if (!obj)
                    return http_error{http::status::bad_request, "the object part is not JSON", {}};
                if (auto name = obj->get_string("name"))
                    u.description = std::string(*name);
            }
        }
        if (!found)
            return http_error{http::status::bad_request, "the form has no file part", {}};
        return u;
    }
    if (type.starts_with("image/") || type.starts_with("application/octet-stream"))
    {
        u.bytes = ctx.req.body();
        return u;
    }
    return http_error{http::status::unsupported_media_type,
                      "send the image as multipart/form-data (file, object) or as its own "
                      "Content-Type",
                      {}};
}

asio::awaitable<response> upload_media(app& a, request_context& ctx)
{
    if (ctx.params.at(0) != a.urls().user())
        co_return problem_response(ctx.req, http::status::not_found, "no such actor");
    auto token = co_await authenticate(a, ctx.req);
    if (!token)
    {
        response res = problem_response(ctx.req, http::status::unauthorized,
                                        "a valid bearer token is required");
        res.set(http::field::www_authenticate, "Bearer realm=\"fedblog\"");
        co_return res;
    }
    auto parsed = read_upload(ctx);
    if (auto* e = std::get_if<http_error>(&parsed))
        co_return problem_response(ctx.req, *e);
    const upload& u                  = std::get<upload>(parsed);
    const std::filesystem::path& dir = a.cfg().data_dir;
    const std::size_t limit          = a.cfg().max_media_bytes;
    const auto now                   = a.now();
    auto stored =
        co_await a.db([&](storage::store& s) { return store_image(dir, s, u.bytes, limit, now); });
    if (auto* e = std::get_if<http_error>(&stored))
    {
        if (static_cast<unsigned>(e->status) >= 500)
            spdlog::error("media upload failed id={} detail={}", ctx.request_id,
                          log_quote(e->log_detail));
        co_return problem_response(ctx.req, *e);
    }
    const auto& m = std::get<storage::media_file>(stored);
    spdlog::info("media uploaded id={} token={} name={} bytes={}", ctx.request_id, token->id,
                 m.name, m.bytes);
    protocol::json::value image = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", "Image"},
        {"url", a.urls().media(m.name)},
        {"mediaType", m.media_type},
        {"width", m.width},
        {"height", m.height},
    });
    if (!u.description.empty())
        image.set("name", u.description);
    response res =
        json_response(ctx.req, http::status::created, image, protocol::vocab::activity_json);
    res.set(http::field::location, a.urls().media(m.name));
    co_return res;
}

} // namespace

void register_media_routes(app& a)
{
    a.routes().add(http::verb::get, "/media/{file}", media);
    route_options upload_options;
    // The multipart envelope adds headers and boundaries around the file.
    upload_options.body_limit = a.cfg().max_media_bytes + 64 * 1024;
    a.routes().add(http::verb::post, "/users/{name}/media", upload_media, upload_options);
}

} // namespace fedblog::node
