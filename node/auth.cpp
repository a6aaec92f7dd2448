// SPDX-License-Identifier: AGPL-3.0-or-later
// Token parsing, creation and constant-time verification.
#include "node/auth.hpp"

#include "keys/encoding.hpp"
#include "node/app.hpp"

#include <charconv>

namespace fedblog::node {

std::optional<token_parts> parse_token(std::string_view token)
{
    if (!token.starts_with("fbt_") || token.size() > 200)
        return std::nullopt;
    token.remove_prefix(4);
    const auto sep = token.find('_');
    if (sep == std::string_view::npos || sep == 0 || sep + 1 >= token.size())
        return std::nullopt;
    token_parts parts;
    auto [end, err] = std::from_chars(token.data(), token.data() + sep, parts.id);
    if (err != std::errc() || end != token.data() + sep || parts.id <= 0)
        return std::nullopt;
    parts.secret = std::string(token.substr(sep + 1));
    return parts;
}

storage::result<std::string> create_token(storage::store& store, std::string_view name,
                                          storage::time_point now)
{
    const std::string secret = keys::base64url_encode(keys::random_bytes(32));
    storage::api_token t;
    t.name        = std::string(name);
    t.secret_hash = keys::hex_encode(keys::sha256(secret));
    t.created     = now;
    auto id       = store.insert_token(t);
    if (!id)
        return id.error();
    return "fbt_" + std::to_string(*id) + "_" + secret;
}

asio::awaitable<std::optional<storage::api_token>> authenticate(app& a, const request& req)
{
    auto it = req.find(http::field::authorization);
    if (it == req.end())
        co_return std::nullopt;
    std::string_view value = it->value();
    if (value.size() < 7 || !beast::iequals(value.substr(0, 7), "Bearer "))
        co_return std::nullopt;
    value.remove_prefix(7);
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    auto parts = parse_token(value);
    if (!parts)
        co_return std::nullopt;
    auto row = co_await a.db([&](storage::store& s) { return s.find_token(parts->id); });
    if (!row || !*row || (*row)->revoked)
        co_return std::nullopt;
    const std::string presented = keys::hex_encode(keys::sha256(parts->secret));
    if (!keys::constant_time_equal(presented, (*row)->secret_hash))
        co_return std::nullopt;
    (void)co_await a.db(
        [&, now = a.now()](storage::store& s) { return s.touch_token(parts->id, now); });
    co_return std::move(**row);
}

} // namespace fedblog::node
