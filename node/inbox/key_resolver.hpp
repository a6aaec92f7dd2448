// SPDX-License-Identifier: AGPL-3.0-or-later
// Finds the public key behind a signature's keyId: from the store's cache, else by a signed
// fetch of the key's document (an actor, or a standalone key whose owner lists it).
#pragma once

#include "keys/key_pair.hpp"
#include "node/net.hpp"
#include "protocol/actor.hpp"
#include "storage/records.hpp"

#include <string>

namespace fedblog::node {

class app;

enum class key_status
{
    ok,
    gone,        ///< the key's document answered 410: its actor was deleted
    not_found,   ///< 404, or the document does not contain this key
    unavailable, ///< network failure, timeout, 5xx: try again later
    invalid,     ///< the document or the key is malformed or not owned as it claims
};

struct key_lookup
{
    key_status status = key_status::invalid;
    keys::public_key key;
    std::string owner; ///< actor id that owns the key
    storage::time_point fetched{};
    bool from_cache = false;
    std::string detail; ///< for logs
};

/** Resolves `key_id`. With `refresh` the cache is bypassed (key rotation: the caller
    retries once with a fresh copy when verification with the cached key fails).

    A fetched actor's key is accepted only when its `owner` is the actor and it lives on
    the actor's origin (protocol::read_remote_actor); a standalone key document only when
    its owner's actor document lists the same key id. Fetched actors and keys are cached.
*/
asio::awaitable<key_lookup> lookup_key(app& a, std::string key_id, bool refresh);

/// The cache record of a remote actor document read with protocol::read_remote_actor.
[[nodiscard]] storage::remote_actor actor_record(const protocol::remote_actor_info& info,
                                                 const protocol::json::value& doc,
                                                 storage::time_point now);

/** Whether a failed verification with a cached key may fetch the key again now: at most
    once a minute per key id, so a stream of forged signatures naming a real key cannot turn
    into a stream of fetches against that key's server. In-memory (a per-process cache).
    @par Thread Safety
    Safe to call concurrently.
*/
[[nodiscard]] bool may_refetch(const std::string& key_id, storage::time_point now);

/** Fetches (signed) and caches the actor document `actor_id`, returning its record; used
    when an activity needs the sender's inbox and the actor is not cached yet.
    @return the record, or std::nullopt (logged) when it cannot be fetched or read.
*/
asio::awaitable<std::optional<storage::remote_actor>> fetch_actor(app& a, std::string actor_id);

} // namespace fedblog::node
