// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog post`: publish a Markdown file through a node's ActivityPub outbox.
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/outbound/http_client.hpp"
#include "protocol/json.hpp"
#include "protocol/media_types.hpp"
#include "protocol/vocab.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

namespace {

struct outcome
{
    int code = 1;
    std::string message;
};

std::string problem_detail(const http::response<http::string_body>& res)
{
    if (auto doc = protocol::json::parse_object(res.body()))
    {
        if (auto detail = doc->get_string("detail"))
            return std::string(*detail);
    }
    return res.body().substr(0, 200);
}

/// Finds the outbox: the server's front page redirects AS2 clients to the actor, whose
/// `outbox` we read. A URL of the actor itself works too.
asio::awaitable<outcome> find_outbox(http_client& client, const std::string& server,
                                     std::string& outbox)
{
    client_request req;
    req.url = server;
    req.headers.emplace_back(http::field::accept, std::string(protocol::vocab::activity_json));
    auto res = co_await client.send(std::move(req));
    if (!res)
        co_return outcome{1, "cannot reach " + server + ": " + res.error().message()};
    if (res->message.result_int() != 200)
        co_return outcome{1, server + " answered " + std::to_string(res->message.result_int()) +
                                 " to an ActivityPub request; is it a fedblog node?"};
    auto doc = protocol::json::parse_object(res->message.body());
    auto box = doc ? doc->get_string("outbox") : std::nullopt;
    if (!box)
        co_return outcome{1, server + " did not answer with an actor document"};
    outbox = std::string(*box);
    co_return outcome{0, {}};
}

asio::awaitable<outcome> publish(std::string server, std::string token, std::string body)
{
    client_options options;
    options.allow_http    = true; // the author's own node, possibly local
    options.allow_private = true;
    options.user_agent    = "fedblog-cli/" FEDBLOG_VERSION;
    http_client client(options);

    std::string outbox;
    if (auto found = co_await find_outbox(client, server, outbox); found.code != 0)
        co_return found;

    client_request req;
    req.method = http::verb::post;
    req.url    = outbox;
    req.body   = std::move(body);
    req.headers.emplace_back(http::field::content_type, std::string(protocol::vocab::ld_json_as));
    req.headers.emplace_back(http::field::accept, std::string(protocol::vocab::activity_json));
    req.headers.emplace_back(http::field::authorization, "Bearer " + token);
    auto res = co_await client.send(std::move(req));
    if (!res)
        co_return outcome{1, "cannot reach " + outbox + ": " + res.error().message()};
    const unsigned status = res->message.result_int();
    if (status == 401)
        co_return outcome{1, "the server refused the token (401): check --token"};
    if (status != 201)
        co_return outcome{1, "the server answered " + std::to_string(status) + ": " +
                                 problem_detail(res->message)};
    auto location = res->message[http::field::location];
    if (location.empty())
        co_return outcome{1, "the server did not say where the post is"};
    co_return outcome{0, std::string(location)};
}

} // namespace

int post(const args& argv)
{
    std::string server;
    std::string token;
    std::string file;
    std::string title;
    po::options_description desc("fedblog post --server URL --token T FILE.md [--title T]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("server", po::value(&server)->required(), "the blog's URL, e.g. https://blog.example")
        ("token", po::value(&token)->required(), "a token from `fedblog token create`")
        ("title", po::value(&title), "the post's title")
        ("file", po::value(&file)->required(), "Markdown file to publish");
    // clang-format on
    po::positional_options_description pos;
    pos.add("file", 1);
    po::variables_map vm;
    if (auto exit_code = parse_options("post", argv, desc, vm, &pos))
        return *exit_code;
    std::ifstream in(file, std::ios::binary);
    if (!in)
    {
        std::cerr << "fedblog post: cannot read " << file << "\n";
        return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();

    protocol::json::value note = protocol::json::make_object({
        {"type", "Note"},
        {"source",
         protocol::json::make_object({{"content", text.str()}, {"mediaType", "text/markdown"}})},
    });
    if (!title.empty())
        note.set("name", title);
    protocol::json::value create = protocol::json::make_object({
        {"@context", protocol::vocab::as_context},
        {"type", "Create"},
        {"object", std::move(note)},
    });

    asio::io_context io;
    auto fut = asio::co_spawn(io, publish(server, token, protocol::json::serialize(create)),
                              asio::use_future);
    io.run();
    outcome result = fut.get();
    if (result.code != 0)
    {
        std::cerr << "fedblog post: " << result.message << "\n";
        return result.code;
    }
    std::cout << result.message << "\n";
    return 0;
}

} // namespace fedblog::node::cli
