// SPDX-License-Identifier: AGPL-3.0-or-later
// Bearer tokens for the client-to-server outbox.
#pragma once

#include "storage/records.hpp"
#include "storage/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::storage {

/** API tokens; only a hash of each secret is stored.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class token_store
{
public:
    token_store()                              = default;
    token_store(const token_store&)            = delete;
    token_store& operator=(const token_store&) = delete;
    virtual ~token_store()                     = default;

    /// Stores a token (id ignored and assigned). @return its id.
    virtual result<std::int64_t> insert_token(const api_token& token) = 0;
    /// The token with this id, revoked ones included (callers check `revoked`).
    virtual result<std::optional<api_token>> find_token(std::int64_t id) = 0;
    /// Every token, revoked ones included, by id.
    virtual result<std::vector<api_token>> list_tokens() = 0;
    /// @return true when a live token was revoked.
    virtual result<bool> revoke_token(std::int64_t id) = 0;
    /// Sets last_used to `used` unless it is already later (concurrent requests race here).
    virtual result<void> touch_token(std::int64_t id, time_point used) = 0;
};

} // namespace fedblog::storage
