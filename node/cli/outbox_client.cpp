// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbox and upload requests from the CLI, over the node's own HTTP client.
#include "node/cli/outbox_client.hpp"

#include "node/outbound/http_client.hpp"
#include "protocol/vocab.hpp"

#include <fstream>
#include <sstream>

namespace fedblog::node::cli {

namespace {

std::string problem_detail(const http::response<http::string_body>& res)
{
    if (auto doc = protocol::json::parse_object(res.body()))
    {
        if (auto detail = doc->get_string("detail"))
            return std::string(*detail);
    }
    return res.body().substr(0, 200);
}

http_client make_client()
{
    client_options options;
    options.allow_http    = true; // the author's own node, possibly local
    options.allow_private = true;
    options.user_agent    = "fedblog-cli/" FEDBLOG_VERSION;
    return http_client(options);
}

/// The actor document of the node at `server`: its front page redirects AS2 clients to the
/// actor, and a URL of the actor itself works too.
asio::awaitable<client_outcome> find_actor(http_client& client, const std::string& server,
                                           protocol::json::value& actor)
{
    client_request req;
    req.url = server;
    req.headers.emplace_back(http::field::accept, std::string(protocol::vocab::activity_json));
    auto res = co_await client.send(std::move(req));
    if (!res)
        co_return client_outcome{1, "cannot reach " + server + ": " + res.error().message()};
    if (res->message.result_int() != 200)
        co_return client_outcome{1, server + " answered " +
                                        std::to_string(res->message.result_int()) +
                                        " to an ActivityPub request; is it a fedblog node?"};
    auto doc = protocol::json::parse_object(res->message.body());
    if (!doc || !doc->get_string("outbox"))
        co_return client_outcome{1, server + " did not answer with an actor document"};
    actor = std::move(*doc);
    co_return client_outcome{0, {}};
}

/// POSTs `body` as `content_type` to `url`; the answer must be 201 with a Location.
asio::awaitable<client_outcome> submit(http_client& client, std::string url, std::string token,
                                       std::string content_type, std::string body)
{
    client_request req;
    req.method = http::verb::post;
    req.url    = url;
    req.body   = std::move(body);
    req.headers.emplace_back(http::field::content_type, std::move(content_type));
    req.headers.emplace_back(http::field::accept, std::string(protocol::vocab::activity_json));
    req.headers.emplace_back(http::field::authorization, "Bearer " + token);
    auto res = co_await client.send(std::move(req));
    if (!res)
        co_return client_outcome{1, "cannot reach " + url + ": " + res.error().message()};
    const unsigned status = res->message.result_int();
    if (status == 401)
        co_return client_outcome{1, "the server refused the token (401): check --token"};
    if (status != 201)
        co_return client_outcome{1, "the server answered " + std::to_string(status) + ": " +
                                        problem_detail(res->message)};
    auto location = res->message[http::field::location];
    if (location.empty())
        co_return client_outcome{1, "the server did not say where the result is"};
    co_return client_outcome{0, std::string(location)};
}

asio::awaitable<client_outcome> outbox_flow(std::string server, std::string token, std::string body,
                                            bool target_featured)
{
    http_client client = make_client();
    protocol::json::value actor;
    if (auto found = co_await find_actor(client, server, actor); found.code != 0)
        co_return found;
    const std::string outbox(*actor.get_string("outbox"));
    if (target_featured)
    {
        auto featured = actor.get_string("featured");
        auto doc      = protocol::json::parse_object(body);
        if (!featured || !doc)
            co_return client_outcome{1, server + " has no featured collection"};
        doc->set("target", std::string(*featured));
        body = protocol::json::serialize(*doc);
    }
    const std::string type(protocol::vocab::ld_json_as);
    co_return co_await submit(client, outbox, token, type, std::move(body));
}

asio::awaitable<client_outcome> upload_flow(std::string server, std::string token,
                                            std::string bytes)
{
    http_client client = make_client();
    protocol::json::value actor;
    if (auto found = co_await find_actor(client, server, actor); found.code != 0)
        co_return found;
    const auto* endpoints = actor.find("endpoints");
    auto upload = endpoints != nullptr ? endpoints->get_string("uploadMedia") : std::nullopt;
    if (!upload)
        co_return client_outcome{1, server + " offers no media upload endpoint"};
    const std::string url(*upload);
    const std::string type = "application/octet-stream"; // the node checks the bytes
    co_return co_await submit(client, url, token, type, std::move(bytes));
}

client_outcome run(asio::awaitable<client_outcome> flow)
{
    asio::io_context io;
    auto fut = asio::co_spawn(io, std::move(flow), asio::use_future);
    io.run();
    return fut.get();
}

} // namespace

client_outcome send_to_outbox(const std::string& server, const std::string& token,
                              const protocol::json::value& activity, bool target_featured)
{
    return run(outbox_flow(server, token, protocol::json::serialize(activity), target_featured));
}

client_outcome upload_to_node(const std::string& server, const std::string& token,
                              const std::string& bytes)
{
    return run(upload_flow(server, token, bytes));
}

bool read_file(const std::string& path, std::string& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return false;
    out = text.str();
    return true;
}

protocol::json::value markdown_source(const std::string& text)
{
    return protocol::json::make_object({{"content", text}, {"mediaType", "text/markdown"}});
}

} // namespace fedblog::node::cli
