// SPDX-License-Identifier: AGPL-3.0-or-later
// API tokens for the C2S outbox: format, creation and bearer authentication.
#pragma once

#include "node/http/types.hpp"
#include "node/net.hpp"
#include "storage/store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fedblog::node {

class app;

/** A token is "fbt_<id>_<secret>": the id finds the row, the secret (32 random bytes,
    base64url) is checked against the stored SHA-256 in constant time. Only the hash is
    stored, so a leaked database does not leak usable tokens.
*/
struct token_parts
{
    std::int64_t id = 0;
    std::string secret;
};

[[nodiscard]] std::optional<token_parts> parse_token(std::string_view token);

/// Creates a token named `name` in `store`. @return the full token string (shown once).
[[nodiscard]] storage::result<std::string>
create_token(storage::store& store, std::string_view name, storage::time_point now);

/** Checks `Authorization: Bearer <token>`.
    @return the token row when valid and not revoked; std::nullopt otherwise (missing,
    malformed, unknown, revoked, wrong secret — deliberately indistinguishable).
*/
asio::awaitable<std::optional<storage::api_token>> authenticate(app& a, const request& req);

} // namespace fedblog::node
