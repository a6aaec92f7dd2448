// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /media/{file}: images from DIR/media, content-addressed, so cached for a year.
#include "node/app.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/web/media_files.hpp"

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

} // namespace

void register_media_routes(app& a)
{
    a.routes().add(http::verb::get, "/media/{file}", media);
}

} // namespace fedblog::node
